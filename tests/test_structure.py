"""Finding sections and reading grids in other districts' layouts (unit tests with real headings)."""

from __future__ import annotations

import pytest

from planreview.extract.amounts import parse_amount
from planreview.extract.service_text import service_from_text
from planreview.extract.services import _amount_cell, _from_grid
from planreview.extract.tables import Header, column_kind, find_header, labelled_cells
from planreview.ingest.model import Line, Table
from planreview.ingest.reading_order import column_groups
from planreview.structure.model import Section
from planreview.structure.sections import heading_kind, inline_label, split_sections


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Section 2 – Present Levels of Academic Achievement and Functional Performance", "present_levels"),
        ("PART 4 - MEASURABLE ANNUAL GOALS", "goals"),
        ("2. PRESENT LEVELS OF PERFORMANCE", "present_levels"),
        ("IV. Special Education Services", "services"),
        ("Section 5 – Supplementary Aids, Program Modifications and Supports for School Personnel", "accommodations"),
        ("PARTICIPATION IN STATEWIDE ASSESSMENTS", "assessment"),
        ("Extended School Year Determination", "esy"),
        ("Educational Placement (LRE)", "lre"),
        ("TEAM DISCUSSION", "team_discussion"),
        # Pennsylvania lists modifications and SDI in one grid: both sections, modifications first.
        ("A. Program Modifications and Specially Designed Instruction (SDI)", "accommodations"),
    ],
)
def test_headings_as_districts_print_them(text: str, kind: str) -> None:
    assert heading_kind(text, emphasis=False) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Parent-friendly plans title their sections in plain words, often with the child's name in them.
        ("Where Owen is now", "present_levels"),
        ("What Mary-Kate can do now", "present_levels"),
        ("How your child is doing", "present_levels"),
        ("What we want Owen to accomplish this year", "goals"),
        ("What we want Ana Lucia to learn", "goals"),
        ("Goals for this year", "goals"),
        ("What Jordan will work on this year", "goals"),
        ("How we will help", "services"),
        ("Help Owen will get", "services"),
        ("Supports Maya will get in class", "accommodations"),
        ("How we will know", "progress"),
        ("How we will track progress and keep you informed", "progress"),
        ("Where Owen will learn", "lre"),
        ("Time with classmates", "lre"),
        ("What Owen does well", "strengths"),
        ("How Owen's autism affects his learning", "disability_impact"),
        ("Life after high school", "transition"),
        ("WHERE DESHAWN IS NOW", "present_levels"),
    ],
)
def test_plain_language_headings_with_the_childs_name(text: str, kind: str) -> None:
    assert heading_kind(text, emphasis=True) == kind


@pytest.mark.parametrize(
    "text",
    [
        "Where is the nurse's office?",
        "Owen is now reading at grade level and we want him to keep going.",
        "How we will help you prepare for the meeting is explained in the parent handbook.",
        "What we want you to know",
        "Where Owen sits in class: near the door",
    ],
)
def test_plain_words_that_are_not_plain_headings(text: str) -> None:
    assert heading_kind(text, emphasis=True) is None


def test_how_we_will_help_holds_both_the_services_and_the_supports() -> None:
    from planreview.structure.sections import heading_kinds

    assert heading_kinds("How we will help", emphasis=True) == ["services", "accommodations"]
    assert heading_kinds("Help Owen will get", emphasis=True) == ["services", "accommodations"]


@pytest.mark.parametrize(
    "text",
    [
        "Extended School Year: ☐ Eligible ☒ Not eligible",  # a labelled answer
        "The student will review the goals with his teacher.",  # a sentence
        "Services will be provided in the resource room by the special education teacher each week.",
        "Future Planning",  # Ohio's vision statement for every age, not the transition plan due at 16
    ],
)
def test_lines_that_are_not_headings(text: str) -> None:
    assert heading_kind(text, emphasis=False) is None


def test_inline_labels_open_a_section_only_when_the_label_is_a_heading() -> None:
    assert inline_label("Impact of disability: Because of her disability, Hana needs …") == (
        "Impact of disability", "disability_impact")
    assert inline_label("Assistive technology consultation: as needed") is None


def test_instruction_style_column_headings_are_read_for_what_they_ask() -> None:
    assert column_kind("Describe HOW the student's progress toward meeting this goal will be measured",
                       loose=True) == "method"
    when = "Describe WHEN periodic reports on progress will be provided to parents"
    assert column_kind(when, loose=True) == "reporting"
    assert column_kind("MEASURABLE ANNUAL GOAL", loose=True) == "goal"


def test_a_grid_is_told_apart_from_a_form_with_labels_down_the_left() -> None:
    grid = Table([["Annual Goal", "Criteria", "Evaluation Schedule"],
                  ["Given a tracker, Ava will submit assignments", "80% on time for 6 weeks", "Weekly"]], [1, 1])
    assert labelled_cells(grid, {"goal", "criterion"}) == [
        ("goal", "Given a tracker, Ava will submit assignments", 1), ("criterion", "80% on time for 6 weeks", 1)]
    form = Table([["Area", "Handwriting"], ["Annual Goal", "When copying, Hana will write legibly"],
                  ["Baseline", "50% of letters"]], [1, 1, 1])
    assert labelled_cells(form, {"goal", "baseline"}) == [
        ("goal", "When copying, Hana will write legibly", 1), ("baseline", "50% of letters", 1)]
    assert find_header(form, {"goal"}) is None or labelled_cells(form, {"goal"})[0][1].startswith("When")


@pytest.mark.parametrize(
    ("cells", "headings", "minutes"),
    [(["200"], ["MINUTES PER WEEK"], 200.0), (["2", "30"], ["Sessions per week", "Minutes per session"], 60.0),
     (["3", "20"], ["Frequency (per week)", "Minutes"], 60.0), (["45 min/day"], ["Minutes"], 225.0),
     (["as needed"], ["Minutes"], None)],
)
def test_a_bare_number_takes_its_unit_from_the_column_heading(cells: list[str], headings: list[str],
                                                              minutes: float | None) -> None:
    table = Table([headings, cells], [1, 1])
    header = Header(0, {i: column_kind(h, loose=True) or "amount" for i, h in enumerate(headings)})
    text = " ".join(_amount_cell(cells, i, header, table) for i in range(len(headings)))
    assert parse_amount(text).minutes_per_week == minutes


def test_a_heading_merged_over_two_rows_gives_each_column_its_lower_heading() -> None:
    grid = Table([["Service", "Provider", "Frequency", "", "", "Start"],
                  ["", "", "Sessions", "Minutes", "Per", ""],
                  ["Speech therapy", "SLP", "2", "20", "week", "10/20/2025"],
                  ["Occupational therapy", "OT", "1", "45", "9 weeks", "10/20/2025"]], [1, 1, 1, 1])
    header = find_header(grid, {"service"})
    assert header is not None and header.row == 1
    assert header.columns == {0: "service", 1: "provider", 2: "frequency", 3: "minutes", 4: "period", 5: "start"}
    minutes = [s.minutes_per_week for s in _from_grid(grid, header, strict=False)]
    assert minutes == [40.0, 5.0]


def test_a_repeated_full_header_row_is_not_a_second_header_row() -> None:
    grid = Table([["Service", "Minutes", "Frequency"], ["Service", "Minutes", "Frequency"],
                  ["Counseling", "30", "weekly"]], [1, 1, 1])
    header = find_header(grid, {"service"})
    assert header is not None and header.row == 0


def _word(text: str, x0: float, top: float) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 6 * len(text), "top": top, "bottom": top + 10, "size": 10, "bold": False}


def _row(top: float, left: str, right: str) -> list[dict]:
    return [_word(left, 50, top), _word(right, 330, top)]


def test_two_columns_are_read_left_then_right_and_full_width_lines_stay_in_place() -> None:
    rows = [[_word("PLAN TITLE ACROSS THE WHOLE PAGE WIDTH", 200, 80)]]
    rows += [_row(100 + 14 * i, f"left column sentence part {i}", f"right column sentence part {i}") for i in range(7)]
    groups = column_groups(rows, width=612, height=792)
    texts = [" ".join(w["text"] for r in g[2] for w in r) for g in groups]
    assert texts[0].startswith("PLAN TITLE")
    assert texts[1].startswith("left column sentence part 0") and "right" not in texts[1]
    assert texts[2].startswith("right column sentence part 0")


def test_columns_that_start_near_the_top_and_fill_their_width_are_still_two_columns() -> None:
    # The first line of both columns sits 0.5 inch under the top; some left lines end right at the gutter
    # a shorter line's gap would suggest, so the gutter is the middle of the empty band.
    rows = [_row(52, "DISTRICT NAME", "Annual Goals and Objectives")]
    rows += [_row(70 + 14 * i, f"left column sentence part {i}", f"right column sentence part {i}") for i in range(6)]
    rows.append([_word("left column line that runs to the edge", 50, 160), _word("right column again", 330, 160)])
    texts = [" ".join(w["text"] for r in g[2] for w in r) for g in column_groups(rows, width=612, height=792)]
    assert texts[0].startswith("DISTRICT NAME left column sentence part 0") and "right" not in texts[0]
    assert texts[1].startswith("Annual Goals and Objectives right column sentence part 0")
    assert texts[0].endswith("runs to the edge") and texts[1].endswith("right column again")


def test_an_unruled_grid_is_not_mistaken_for_two_columns() -> None:
    rows = [_row(100 + 14 * i, f"Name{i}", f"Parent{i}") for i in range(8)]
    assert [g[0] for g in column_groups(rows, width=612, height=792)] == [None]


def _cellrow(top: float, *cells: tuple[float, str], bold: bool = False) -> list[dict]:
    words = []
    for x, text in cells:
        for word in text.split():
            words.append({"text": word, "x0": x, "x1": x + 4.5 * len(word), "top": top, "bottom": top + 9,
                          "size": 9, "bold": bold})
            x += 4.5 * len(word) + 2.5
    return words


def test_a_grid_printed_without_rules_is_read_as_a_table_with_wrapped_cells() -> None:
    from planreview.ingest.grids import split_grids

    rows = [
        _cellrow(100, (50, "Service"), (260, "Frequency / amount"), (380, "Location"), (500, "Provider")),
        _cellrow(112, (50, "Reading intervention (specially designed"), (260, "40 min x 4 days/week"),
                 (380, "Resource room"), (500, "Intervention")),
        _cellrow(123, (50, "instruction)"), (500, "Specialist")),
        _cellrow(136, (50, "Counseling"), (260, "2x30 min/mo"), (380, "Counselor's office"), (500, "School Counselor")),
        _cellrow(160, (50, "Accommodations"), bold=True),
        _cellrow(175, (50, "Break card, text-to-speech for grade-level texts, directions read aloud and seating near")),
    ]
    pieces = split_grids(rows)
    assert [kind for kind, _ in pieces] == ["table", "rows"]
    table = pieces[0][1][2]
    assert table.rows[1] == ["Reading intervention (specially designed instruction)", "40 min x 4 days/week",
                             "Resource room", "Intervention Specialist"]
    assert table.rows[2][3] == "School Counselor"
    assert len(pieces[1][1]) == 2  # the heading and the paragraph after the grid stay text


def test_rows_that_are_not_under_known_headings_stay_text() -> None:
    from planreview.ingest.grids import split_grids

    rows = [_cellrow(100, (50, "Mx. Stavros"), (260, "Parent"), (380, "05/15/2025")),
            _cellrow(112, (50, "Wanda K."), (260, "Case Manager"), (380, "05/15/2025"))]
    assert [kind for kind, _ in split_grids(rows)] == ["rows"]


def test_a_bilingual_heading_is_known_by_either_half() -> None:
    emphasis = True  # as a heading is printed: bold or in capitals
    assert heading_kind("Metas anuales / Annual Goals", emphasis=emphasis) == "goals"
    assert heading_kind("Servicios | Special Education Services", emphasis=emphasis) == "services"
    # Only a line set out as a heading is split: in running text the slash is just a slash.
    assert heading_kind("Metas anuales / Annual Goals", emphasis=False) is None
    assert heading_kind("Ella lee bien / she reads well", emphasis=emphasis) is None


def test_a_list_line_with_fields_set_apart_by_dashes_is_read_as_a_grid_row() -> None:
    text = "Speech therapy — Speech-Language Pathologist — speech room — 60 min/2 wks"
    line = service_from_text(text, 3, None, False)
    assert line is not None
    assert (line.service, line.provider_role, line.location, line.minutes_per_week) == (
        "Speech therapy", "Speech-language pathologist", "speech room", 30.0)
    # A note with dashes but no amount in any field is not a service.
    assert service_from_text("Reading — the team met on Monday — parents agreed", 3, None, False) is None


def test_a_form_label_left_blank_is_no_evidence() -> None:
    section = Section("assessment", "Participation in State and District Assessments", 4, blocks=[
        Line(text="Assessment decision:", page=4),
        Line(text="Parent signature: ________", page=4),
        Line(text="Assessment decision: state test with read-aloud of math items", page=4),
    ])
    assert [q.text for q in section.evidence()] == ["Assessment decision: state test with read-aloud of math items"]


def test_a_labelled_service_line_in_a_services_section_stays_a_service() -> None:
    sections = split_sections([
        Line("Special Education and Related Services", 5, emphasis=True),
        Line("Transition services: 2 sessions per month of 30 minutes with the transition coordinator", 5),
        Line("Counseling: 30 minutes every other week with the school social worker", 5),
    ])
    transition = next(s for s in sections if s.kind == "transition")
    assert transition.inline and transition.has("services")  # the transition check sees it, and so do services
    assert [s.kind for s in sections if s.has("services")] == ["services", "transition", "services"]


def test_a_totals_row_is_no_service_and_a_name_wrapped_onto_its_own_row_finishes_the_one_above() -> None:
    grid = Table([
        ["Service", "Provider", "Minutes", "Frequency"],
        ["Specially designed instruction in math", "Special education teacher", "40", "4 x week"],
        ["computation and problem solving (small group)", "", "", ""],
        ["Counseling", "School social worker", "20", "5 x week"],
        ["Total direct special education minutes per week", "", "260", ""],
    ], [2] * 5)
    header = find_header(grid, {"service"})
    lines = _from_grid(grid, header, strict=False)
    assert [(s.service, s.minutes_per_week) for s in lines] == [
        ("Specially designed instruction in math computation and problem solving (small group)", 160.0),
        ("Counseling", 100.0),
    ]


def test_a_bare_number_under_minutes_per_session_makes_a_row_of_a_description_grid_a_service() -> None:
    grid = Table([
        ["Description", "Provider", "Minutes per Session", "Frequency"],
        ["415 Language and Speech", "Speech-Language Pathologist", "30", "6 x Monthly"],
        ["Guided notes", "Teacher", "", "Daily"],
    ], [1, 1, 1])
    header = find_header(grid, {"service", "service_generic"})
    lines = _from_grid(grid, header, strict=True)
    assert [(s.service, s.minutes_per_week) for s in lines] == [("415 Language and Speech", 41.5)]


def test_the_header_of_an_accommodations_grid_is_not_an_accommodation() -> None:
    from planreview.extract.elements import accommodation_items
    from planreview.ingest.model import Document
    from planreview.structure import build_structure

    document = Document("plan.docx", "docx", 1, [
        Line("Accommodations and Supports", 1, emphasis=True),
        Table([["Support", "When"], ["First-then board", "All settings"], ["Fidget tool", "Classroom"]], [1, 1, 1]),
        Line("Accommodations", 1, emphasis=True),
        Table([["Accommodations", "Extended time and a quiet place for tests, at teacher discretion"]], [1]),
    ])
    items = [item.text for item in accommodation_items(build_structure(document))]
    assert items == ["First-then board", "Fidget tool",
                     "Extended time and a quiet place for tests, at teacher discretion"]


def test_columns_whose_lines_do_not_line_up_are_read_one_after_the_other_with_a_table_in_its_column() -> None:
    from planreview.ingest.reading_order import blocks_in_reading_order

    # The left column runs the whole page in 12-point steps; the short right column uses 13-point steps,
    # so the two columns' lines rarely share a height. Left lines end anywhere up to x=290; right starts at 330.
    rows = []
    for i in range(30):
        text = f"left column sentence number {i} with more words" if i % 3 else f"left short {i}"
        rows.append([_word(text, 50, 100 + 12 * i)])
    for i in range(10):
        rows.append([_word(f"right column line {i} of the placement", 330, 106 + 13 * i)])
    rows.sort(key=lambda r: r[0]["top"])
    for row in rows:
        row[0]["x1"] = min(row[0]["x1"], 290.0) if row[0]["x0"] < 300 else row[0]["x1"]
    table = (250.0, 270.0, Table([["Service", "Amount"], ["Math lab", "40 min"]], [1, 1]))
    blocks = [block for _, _, block in blocks_in_reading_order([table], rows, 1, 612, 792,
                                                               table_spans=[(50.0, 290.0)])]
    texts = [b.text if isinstance(b, Line) else "TABLE" for b in blocks]
    first_right = next(i for i, t in enumerate(texts) if t.startswith("right column"))
    assert all(t.startswith(("left", "TABLE")) for t in texts[:first_right])  # the whole left column first
    assert all(t.startswith("right") for t in texts[first_right:])
    assert "TABLE" in texts[:first_right]  # the ruled table inside the left column stays there


def test_ticked_boxes_before_an_empty_label_are_an_answer() -> None:
    answer = "☐ Eligible ☒ Not eligible ☐ Decision deferred to:"
    section = Section("esy", "Extended School Year", 4, blocks=[Line(text=answer, page=4)])
    assert [q.text for q in section.evidence()] == [answer]


def test_a_narrative_plan_is_cut_at_its_plain_language_headings() -> None:
    lines = [("Individualized Education Program for Owen", True),
             ("Owen (date of birth July 5, 2011) is in grade 8.", False),
             ("Where Owen is now", True), ("Owen scored at the 68th percentile on the winter MAP reading test.", False),
             ("What we want Owen to accomplish this year", True),
             ("Given a visual schedule, Owen will move to the next activity within 1 minute.", False),
             ("How we will help", True),
             ("Owen will receive social communication instruction for 40 minutes three times per week.", False),
             ("Time with classmates", True), ("Owen will spend about 85% of his day in general education.", False)]
    sections = split_sections([Line(text, 1, emphasis) for text, emphasis in lines])
    kinds = [(s.kind, sorted(s.also)) for s in sections if s.heading and s.kind != "preamble"]
    assert kinds == [("present_levels", []), ("goals", []), ("services", ["accommodations"]), ("lre", [])]


def test_a_service_name_wrapped_onto_the_next_row_with_its_amount_there_is_one_service() -> None:
    grid = Table([
        ["Service", "Provider", "Location", "Amount"],
        ["Parent training and", "ECSE Teacher", "Family home", "60 minutes"],
        ["coaching", "", "", "monthly"],
        ["Speech-language therapy", "Speech-Language Pathologist", "Family home", "30 minutes, 4 times per month"],
        ["(push-in)", "", "", ""],
    ], [2] * 5)
    lines = _from_grid(grid, find_header(grid, {"service"}), strict=False)
    assert [(s.service, s.minutes_per_week) for s in lines] == [
        ("Parent training and coaching", 13.8), ("Speech-language therapy (push-in)", 27.7)]


def test_a_labelled_service_line_names_its_provider_and_place_after_a_dash() -> None:
    text = "Specialized math instruction — special education teacher, resource room: 4 hours per month"
    line = service_from_text(text, 2, None, False)
    assert line is not None
    assert (line.service, line.provider, line.location) == (
        "Specialized math instruction", "special education teacher", "resource room")
    # A dash inside a service's own name, with no role or place after it, stays in the name.
    named = service_from_text("Specialized Academic Instruction - Study Skills: 55 minutes daily", 2, None, False)
    assert named is not None and named.service == "Specialized Academic Instruction - Study Skills"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The speech-language pathologist will work with Owen in a small group for 25 minutes twice a week.",
         ("Speech-language pathologist sessions in a small group", "speech-language pathologist", 50.0)),
        ("In addition, a paraprofessional will accompany him during lunch and passing periods daily.",
         ("Paraprofessional support during lunch and passing periods", "paraprofessional", None)),
        ("The special education teacher will provide specialized reading instruction for 30 minutes daily.",
         ("Specialized reading instruction", "special education teacher", 150.0)),
    ],
)
def test_a_sentence_led_by_the_person_who_helps_is_a_service(text: str, expected: tuple) -> None:
    line = service_from_text(text, 3, None, False)
    assert line is not None and (line.service, line.provider, line.minutes_per_week) == expected


@pytest.mark.parametrize("text", ["The team will meet with parents monthly.",
                                  "The case manager will review the plan with the family."])
def test_a_sentence_led_by_someone_who_gives_no_service_is_not_one(text: str) -> None:
    assert service_from_text(text, 3, None, False) is None


def test_accommodations_come_from_their_own_column_and_minutes_make_a_service_not_a_support() -> None:
    from planreview.extract.elements import accommodation_items
    from planreview.ingest.model import Document
    from planreview.structure import build_structure

    document = Document("plan.pdf", "pdf", 1, [
        Line("Accommodations", 1, emphasis=True),
        Table([["Area", "Accommodation"], ["Classroom", "Preferential seating away from the door"],
               ["Testing", "Extended time (1.5x) on tests"]], [1, 1, 1]),
        Line("How We Will Help Maya", 1, emphasis=True),
        Line("Counseling: the school social worker will meet with Maya for 30 minutes each week.", 1),
        Line("Visual timer for independent work", 1),
    ])
    items = [item.text for item in accommodation_items(build_structure(document))]
    assert items == ["Preferential seating away from the door", "Extended time (1.5x) on tests",
                     "Visual timer for independent work"]


def test_a_grid_row_reads_its_amount_cells_together_unless_one_states_it_all() -> None:
    grid = Table([
        ["Service", "Minutes per day", "Days per week", "Frequency"],
        ["Math skills instruction", "40", "4", ""],
        ["Specialized reading instruction", "45", "", "45 min/day x 5"],
    ], [1, 1, 1])
    lines = _from_grid(grid, find_header(grid, {"service"}), strict=False)
    assert [s.minutes_per_week for s in lines] == [160.0, 225.0]


def test_a_grid_that_goes_on_over_the_page_is_one_grid_and_its_cut_row_is_mended() -> None:
    from planreview.structure.sections import join_page_breaks

    header = ["Service", "Frequency", "Minutes", "Provider"]
    blocks = join_page_breaks([
        Table([header, ["Speech/language therapy", "2 x weekly", "25", "Speech-Language"]], [7, 7]),
        Line("(continued on next page)", 7),
        Table([header, ["(articulation; carryover of language strategies)", "", "", "Pathologist (SLP)"]], [8, 8]),
    ])
    grids = [b for b in blocks if isinstance(b, Table)]
    assert len(grids) == 1 and grids[0].row_pages == [7, 7, 8]
    (line,) = _from_grid(grids[0], find_header(grids[0], {"service"}), strict=False)
    assert line.service == "Speech/language therapy (articulation; carryover of language strategies)"
    assert (line.provider, line.minutes_per_week) == ("Speech-Language Pathologist (SLP)", 50.0)


def test_a_transition_slot_marked_not_applicable_is_no_transition_section() -> None:
    from planreview.extract.elements import transition_state
    from planreview.ingest.model import Document
    from planreview.structure import build_structure

    def state(*lines: str) -> str:
        document = Document("plan.docx", "docx", 1, [Line("Individualized Education Program", 1, emphasis=True),
                                                     *(Line(text, 1) for text in lines)])
        return transition_state(build_structure(document)).state

    assert state("Transition: Not applicable (student is under 14).") == "absent"
    assert state("Transition: Postsecondary goal: after graduation, Ana will enroll in a welding program.") != "absent"


@pytest.mark.parametrize(
    ("text", "chooses"),
    [
        ("Alternate assessment: Rosie does not take an alternate assessment; benchmarks are kept by practice.", False),
        ("Alternate assessment: ☐ Yes ☒ No", False),
        ("Alternate assessment: N/A", False),
        ("Alternate assessment: Yes, the MSAA in reading and math.", True),
        ("Nia will take the alternate assessment (DLM) in all tested subjects.", True),
    ],
)
def test_an_alternate_assessment_label_is_judged_by_its_answer(text: str, chooses: bool) -> None:
    from planreview.extract.elements import _chooses_alternate

    assert _chooses_alternate(text) is chooses
