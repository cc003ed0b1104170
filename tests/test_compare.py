"""planreview compare (contract: ../shared/spec/compare.md): last year's plan against this year's.

Real files throughout: the labelled pairs, corpus plans compared with themselves, and copies of a real plan
edited the way a school edits a plan from one year to the next. The unit tests per change kind use rows
and goals as plans print them, each with what must be reported and what must not."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from planreview.compare import compare
from planreview.compare.accommodations import accommodation_changes, items
from planreview.compare.goals import goal_changes
from planreview.compare.schedule import schedule_changes
from planreview.compare.services import service_changes
from planreview.compare.text import goal_words, mask_dates
from planreview.compare.wording import KINDS, _check_kinds, wording
from planreview.extract.model import Goal, ProgressReporting, ServiceLine
from planreview.report.compare import comparison_json, render_comparison
from planreview.resources import DataError, load_yaml
from planreview.structure.model import Evidence

from .conftest import CORPUS, HOSTILE, REPO, SHARED, corpus_labels, needs_shared, tesseract_available

PAIRS = CORPUS / "pairs"
PAIR_02_OLD = PAIRS / "dev_pair_02_old.docx"
NEXT_YEAR_DATES = {"Sep 24, 2024 to Sep 23, 2025": "Sep 22, 2025 to Sep 21, 2026", "09/24/2024": "09/22/2025",
                   "09/23/2025": "09/21/2026", "Grade|7": "8"}


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "planreview", *args], capture_output=True, text=True,
                          cwd=REPO, timeout=timeout)


def norm(text: object) -> str:
    """As the scorer folds texts, so these tests judge what it judges."""
    text = ("" if text is None else str(text)).lower().replace("\u2019", "'")
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9%/.']+", " ", text)).strip()


def kinds(changes) -> list[tuple[str, str]]:
    return sorted((c.kind, c.subject) for c in changes)


# --- real files -------------------------------------------------------------------------------------------

def edited_plan(source: Path, target: Path, edits: dict[str, str], drop_rows: tuple[str, ...] = ()) -> Path:
    """A copy of a Word plan with text replaced, as next year's plan made from last year's.

    An edit "First cell|old text" changes only the row whose first cell is that; "old text" changes it
    everywhere. Rows whose first cell is in `drop_rows` are removed."""
    document = docx.Document(str(source))
    for table in document.tables:
        for row in list(table.rows):
            first = row.cells[0].text.strip()
            if first in drop_rows:
                row._tr.getparent().remove(row._tr)
                continue
            for cell in row.cells[1:] if len(row.cells) > 1 else row.cells:
                for paragraph in cell.paragraphs:
                    _edit(paragraph, edits, first)
            for paragraph in row.cells[0].paragraphs:
                _edit(paragraph, edits, None)
    for paragraph in document.paragraphs:
        _edit(paragraph, edits, None)
    document.save(str(target))
    return target


def _edit(paragraph, edits: dict[str, str], row: str | None) -> None:
    text = paragraph.text
    for old, new in edits.items():
        where, _, what = old.rpartition("|")
        if where and where != row:
            continue
        if what == text.strip() if where else what in text:
            text = new if where else text.replace(what, new)
    if text != paragraph.text:
        for run in paragraph.runs[1:]:
            run.text = ""
        if paragraph.runs:
            paragraph.runs[0].text = text
        else:
            paragraph.add_run(text)


@pytest.fixture()
def next_year(tmp_path: Path, review_of):
    """Review last year's real plan and an edited copy of it as this year's, and compare them."""
    def make(edits: dict[str, str], drop_rows: tuple[str, ...] = (), *, dates: bool = True):
        new = edited_plan(PAIR_02_OLD, tmp_path / "new.docx", {**(NEXT_YEAR_DATES if dates else {}), **edits},
                          drop_rows)
        return compare(review_of(PAIR_02_OLD), review_of(new))
    return make


@needs_shared()
def test_a_plan_copied_forward_with_new_dates_recycles_every_goal_and_changes_nothing_else(next_year) -> None:
    comparison = next_year({})
    assert [c.kind for c in comparison.changes] == ["goal_recycled"] * 3
    assert all(c.severity == "high" and c.old_evidence and c.new_evidence for c in comparison.changes)


@needs_shared()
def test_real_plan_edits_are_found_and_rewordings_are_not(next_year) -> None:
    comparison = next_year({
        "Speech/Language Services": "Speech-Language Therapy",  # renamed: the same service
        "Speech/Language Services|SLP": "Speech-Language Pathologist",  # written out: the same provider
        "OT Services|OTR/L": "COTA",  # an assistant for the licensed therapist
        "Resource Math Support|Resource": "General education classroom",
        "Resource Math Support|60 min": "30 min",
        "3 consecutive data days": "5 consecutive data days",  # the lunch-bunch goal's criterion
    }, drop_rows=("Fidget tool",))
    found = {c.kind: c for c in comparison.changes if c.kind != "goal_recycled"}
    assert set(found) == {"provider_changed", "location_changed", "service_reduced", "goal_revised",
                          "accommodation_removed"}, kinds(comparison.changes)
    assert (found["provider_changed"].old, found["provider_changed"].new) == ("OTR/L", "COTA")
    assert found["location_changed"].severity == "medium"  # to the regular classroom: not the "to_separate" wording
    assert (found["service_reduced"].subject, found["service_reduced"].old, found["service_reduced"].new) \
        == ("Resource Math Support", 60.0, 30.0)
    assert found["goal_revised"].subject.startswith("During lunch bunch")
    assert found["accommodation_removed"].subject == "Fidget tool"
    assert len([c for c in comparison.changes if c.kind == "goal_recycled"]) == 2


@needs_shared()
def test_an_amount_written_another_way_is_the_same_amount(next_year) -> None:
    comparison = next_year({"Speech/Language Services|45 min": "15 min",
                            "Speech/Language Services|Weekly": "3 times per week"})
    assert not [c for c in comparison.changes if c.kind.startswith("service")], kinds(comparison.changes)


@needs_shared()
@pytest.mark.parametrize("label", [x for x in corpus_labels() if not x["error"] and not x["scanned"]],
                         ids=lambda x: x["file"])
def test_a_plan_compared_with_itself_has_no_changes(label: dict, review_of) -> None:
    review = review_of(CORPUS / label["file"])
    assert compare(review, review).changes == []


@needs_shared()
@pytest.mark.skipif(not tesseract_available(), reason="the scanned corpus plan needs Tesseract")
def test_a_scanned_plan_compared_with_itself_has_no_changes(review_of) -> None:
    review = review_of(CORPUS / "dev_09.pdf")
    assert review.error is None and compare(review, review).changes == []


def pair_labels() -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(PAIRS.glob("dev_pair_??.expected.json"))] \
        if PAIRS.is_dir() else []


@needs_shared()
@pytest.mark.parametrize("label", pair_labels(), ids=lambda x: x["old"])
def test_each_labelled_pair_gives_exactly_its_planted_changes(label: dict, review_of) -> None:
    comparison = compare(review_of(PAIRS / label["old"]), review_of(PAIRS / label["new"]))
    got = comparison_json(comparison)["changes"]
    for want in label["changes"]:
        assert any(c["kind"] == want["kind"] and norm(want["subject_contains"]) in norm(c["subject"])
                   and all(_value_ok(want[k], c[k]) for k in ("old", "new") if k in want) for c in got), want
    area = {"service": "services", "provider": "services", "location": "services", "goal": "goals",
            "accommodation": "accommodations"}
    for change in got:
        unchanged = label["unchanged"].get(area.get(change["kind"].split("_")[0], ""), [])
        assert not [u for u in unchanged if norm(u) in norm(change["subject"])], change
    assert len(got) == len(label["changes"]), [(c["kind"], c["subject"]) for c in got]


def _value_ok(want: object, got: object) -> bool:
    if isinstance(want, float | int):
        return isinstance(got, float | int) and abs(got - want) <= 0.6
    return want is None or (got is not None and norm(want) in norm(got))


@needs_shared()
def test_a_504_plan_that_became_an_iep_is_a_change_of_plan_type(review_of) -> None:
    comparison = compare(review_of(CORPUS / "dev_10.pdf"), review_of(CORPUS / "dev_05.pdf"))
    change = comparison.changes[0]
    assert (change.kind, change.subject, change.old, change.new) == ("plan_type_changed", "plan type", "504", "iep")
    assert change.meaning == wording("plan_type_changed", "504_to_iep").meaning


@needs_shared()
def test_a_document_that_is_not_a_plan_is_compared_by_its_type_only(review_of) -> None:
    comparison = compare(review_of(CORPUS / "dev_05.pdf"), review_of(CORPUS / "dev_13.docx"))
    assert [c.kind for c in comparison.changes] == ["plan_type_changed"]


# --- the command line -------------------------------------------------------------------------------------

@needs_shared()
def test_the_command_writes_each_format_into_the_output_folder(tmp_path: Path) -> None:
    old, new = str(PAIRS / "dev_pair_01_old.pdf"), str(PAIRS / "dev_pair_01_new.pdf")
    for fmt in ("json", "html", "md"):
        run = run_cli("compare", old, new, "--format", fmt, "--out", str(tmp_path), "--today", "2026-05-01")
        assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["compare.html", "compare.json", "compare.md"]
    data = json.loads((tmp_path / "compare.json").read_text())
    assert data["schema"] == "planreview.compare/1" and data["error"] is None
    assert data["old"] == {"file": "dev_pair_01_old.pdf", "plan_type": "iep", "error": None}
    assert {c["kind"] for c in data["changes"]} <= set(KINDS)
    assert all(set(c) == {"kind", "subject", "old", "new", "severity", "meaning", "evidence"} for c in data["changes"])
    assert "speech/language services" in (tmp_path / "compare.md").read_text().lower()


@needs_shared()
def test_without_out_markdown_goes_to_the_terminal_and_redact_hides_the_child() -> None:
    run = run_cli("compare", str(PAIRS / "dev_pair_02_old.docx"), str(PAIRS / "dev_pair_02_new.docx"), "--redact")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("# What changed between the two plans")
    assert "Caspian" not in run.stdout and "[student]" in run.stdout


@needs_shared()
@pytest.mark.parametrize("bad", [CORPUS / "dev_15.docx", HOSTILE / "qpdf__bad1.pdf", HOSTILE / "mammoth__empty.zip"],
                         ids=lambda p: p.name)
def test_an_unreadable_plan_sets_the_error_and_exits_1_without_a_traceback(bad: Path) -> None:
    good = str(PAIRS / "dev_pair_01_old.pdf")
    run = run_cli("compare", good, str(bad), "--format", "json")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    data = json.loads(run.stdout)
    assert data["error"]["code"] == "new_unreadable" and bad.name in data["error"]["message"]
    assert data["new"]["error"]["code"] and data["changes"] == []
    run = run_cli("compare", str(bad), str(bad))
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "We could not compare these plans" in run.stdout


def test_a_missing_file_is_a_command_line_mistake(tmp_path: Path) -> None:
    run = run_cli("compare", str(tmp_path / "nothing.pdf"), str(tmp_path))
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "two files" in run.stderr


@needs_shared()
@pytest.mark.parametrize("pairs", [PAIRS, REPO / "tests" / "fixtures" / "pairs_blind",
                                   REPO / "tests" / "fixtures" / "pairs_blind2"], ids=lambda p: p.name)
def test_the_score_on_the_labelled_pairs(pairs: Path) -> None:
    """The shared scorer on the corpus pairs and on the pairs written blind to compare (first sight 0.937
    and, for the harder second set, 0.709)."""
    command = f"{sys.executable} -m planreview"
    run = subprocess.run([sys.executable, str(SHARED / "tools" / "score_compare.py"), str(pairs), "--planreview",
                          command, "-v"], capture_output=True, text=True, cwd=REPO, timeout=600)
    score = float(re.search(r"score=([0-9.]+)", run.stdout).group(1))
    assert score >= 0.9, run.stdout


# --- the page ---------------------------------------------------------------------------------------------

@needs_shared()
def test_the_page_escapes_document_text(tmp_path: Path, review_of) -> None:
    new = edited_plan(PAIR_02_OLD, tmp_path / "<i>new.docx",
                      {**NEXT_YEAR_DATES, "Fidget tool": '<img src=x onerror="alert(1)"> Stress ball'})
    comparison = compare(review_of(PAIR_02_OLD), review_of(new))
    assert any("<img" in c.subject for c in comparison.changes)
    html = render_comparison(comparison, "html")
    assert "<img" not in html and "&lt;img src=x" in html
    assert "<i>new" not in html and "&lt;i&gt;new.docx" in html
    assert "not legal advice" in html and "http" not in html.replace("http-equiv", "")


# --- one kind of change at a time, from rows and goals as plans print them ----------------------------------

def service(name: str, minutes: float | None, provider: str | None = "SLP", role: str | None = None,
            location: str | None = "Therapy room", setting: str | None = "separate",
            amount_status: str = "fixed") -> ServiceLine:
    return ServiceLine(service=name, page=3, provider=provider, provider_role=role, minutes_per_week=minutes,
                       frequency=None, amount_status=amount_status, location=location, location_setting=setting,
                       text=f"{name} | {minutes} | {location} | {provider}")


def test_service_names_that_differ_in_wording_are_one_service() -> None:
    assert service_changes([service("Speech/Language Services", 60)], [service("Speech-Language Therapy", 60)]) == []
    assert service_changes([service("OT Services", 30, "OTR/L")], [service("Occupational Therapy", 30, "OTR/L")]) == []
    assert service_changes([service("Resource Math Support", 60, "Resource Teacher")],
                           [service("Math support", 60, "Resource Teacher")]) == []


def test_a_service_with_no_counterpart_is_dropped_and_a_new_one_added() -> None:
    changes = service_changes([service("Direct Instruction in Reading", 60, "Special Education Teacher")],
                              [service("Direct Instruction in Math", 60, "Special Education Teacher")])
    assert kinds(changes) == [("service_added", "Direct Instruction in Math"),
                              ("service_dropped", "Direct Instruction in Reading")]
    assert {(c.old, c.new) for c in changes} == {(60, None), (None, 60)}


def test_speech_is_never_paired_with_ot_even_with_the_same_provider_role() -> None:
    changes = service_changes([service("Speech therapy", 30, role="Therapist")],
                              [service("Occupational therapy", 30, role="Therapist")])
    assert {c.kind for c in changes} == {"service_dropped", "service_added"}


def test_a_renamed_service_is_paired_by_its_only_provider_of_that_role() -> None:
    old = [service("Communication services", 60, role="Speech-language pathologist")]
    new = [service("Pragmatics group", 30, role="Speech-language pathologist")]
    assert kinds(service_changes(old, new)) == [("service_reduced", "Pragmatics group")]


def test_minutes_reduced_or_increased_beyond_rounding() -> None:
    reduced = service_changes([service("Speech", 60)], [service("Speech", 45)])
    assert [(c.kind, c.old, c.new, c.severity) for c in reduced] == [("service_reduced", 60, 45, "high")]
    increased = service_changes([service("Speech", 45)], [service("Speech", 60)])
    assert [(c.kind, c.severity) for c in increased] == [("service_increased", "low")]
    assert service_changes([service("Consult", 6.92)], [service("Consult", 6.9)]) == []  # per month vs rounded


def test_an_amount_left_open_this_year_is_a_reduction_but_an_unreadable_one_is_not() -> None:
    changes = service_changes([service("Counseling", 30)], [service("Counseling", None, amount_status="no_amount")])
    assert [(c.kind, c.new, c.title) for c in changes] == \
        [("service_reduced", None, wording("service_reduced", "no_set_amount").title)]
    assert service_changes([service("Counseling", 30)], [service("Counseling", None, amount_status="unclear")]) == []


def test_a_different_kind_of_provider_is_a_change_but_a_new_way_of_writing_it_is_not() -> None:
    def provider_change(old: str, new: str, role_old: str | None = None, role_new: str | None = None):
        return [(c.old, c.new) for c in service_changes([service("OT", 30, old, role_old)],
                                                        [service("OT", 30, new, role_new)])]
    ot = "Occupational therapist"
    assert provider_change("OTR/L", "Certified Occupational Therapy Assistant", ot, ot) == \
        [("OTR/L", "Certified Occupational Therapy Assistant")]
    assert provider_change("Special Education Teacher", "Paraprofessional", "Special education teacher",
                           "Paraprofessional") == [("Special Education Teacher", "Paraprofessional")]
    assert provider_change("SLP", "Speech-Language Pathologist") == []
    assert provider_change("COTA", "Certified Occupational Therapy Assistant") == []
    assert provider_change("Resource Teacher", "Special Education Teacher", "Special education teacher",
                           "Special education teacher") == []
    assert service_changes([service("OT", 30, "OTR/L")], [service("OT", 30, None)]) == []  # blank: not a change


def test_a_move_between_settings_is_a_change_but_a_reworded_room_is_not() -> None:
    to_separate = service_changes([service("Math", 60, location="Gen Ed", setting="general")],
                                  [service("Math", 60, location="Resource room", setting="separate")])
    assert [(c.kind, c.old, c.new, c.severity) for c in to_separate] == \
        [("location_changed", "Gen Ed", "Resource room", "high")]
    assert service_changes([service("Math", 60, location="Gen Ed", setting="general")],
                           [service("Math", 60, location="General education classroom", setting="general")]) == []
    assert service_changes([service("Speech", 60, location="Therapy room", setting=None)],
                           [service("Speech", 60, location="Therapy room 114", setting=None)]) == []


def goal(text: str) -> Goal:
    return Goal(text=text, page=4, measurable=True)


def test_a_goal_with_only_its_date_moved_is_recycled() -> None:
    old = goal("By May 2026, given a grade 4 passage, Jonah will read 90 words correct per minute on 3 of 4 probes.")
    new = goal("By May 2027, given a grade 4 passage, Jonah will read 90 words correct per minute on 3 of 4 probes.")
    changes = goal_changes([old], [new])
    assert [(c.kind, c.subject, c.severity) for c in changes] == [("goal_recycled", new.text, "high")]
    dated = goal_changes([goal("Goal 1: By 05/14/2026 Jonah will spell 8 of 10 words.")],
                         [goal("Goal 2: By 05/13/2027 Jonah will spell 8 of 10 words.")])
    assert [c.kind for c in dated] == ["goal_recycled"]


def test_a_goal_with_a_new_criterion_is_revised_not_recycled() -> None:
    changes = goal_changes(
        [goal("When given a 2-minute warning, Mia will move to the next activity in 8 of 10 transitions for 3 weeks.")],
        [goal("When given a 2-minute warning, Mia will move to the next activity in 9 of 10 transitions for 5 weeks.")])
    assert [c.kind for c in changes] == ["goal_revised"]


def test_different_goals_in_the_same_area_are_dropped_and_added() -> None:
    old = goal("Given an unpracticed grade 4 passage, Tyler will read aloud at 90 words correct per minute with 95% "
               "accuracy.")
    new = goal("Given 20 multiplication facts from 0 to 10, Tyler will write the correct answers within 2 minutes.")
    changes = goal_changes([old], [new])
    assert kinds(changes) == [("goal_added", new.text), ("goal_dropped", old.text)]
    assert [(c.old, c.new) for c in changes if c.kind == "goal_dropped"] == [(old.text, None)]


def test_dates_are_masked_in_goals_but_other_numbers_are_kept() -> None:
    assert "‹date›" in mask_dates("by the end of the 2025-2026 school year")
    assert goal_words("By June 3, 2026, Ana will read 90 wcpm") == goal_words("By June 2, 2027, Ana will read 90 wcpm")
    assert goal_words("Ana will read 90 wcpm") != goal_words("Ana will read 110 wcpm")


def quotes(*texts: str) -> list[Evidence]:
    return [Evidence(5, text) for text in texts]


def test_accommodations_removed_and_added() -> None:
    changes = accommodation_changes(quotes("Extended time (1.5x) on tests", "Read-aloud of test items"),
                                    quotes("Extended time (1.5x) on tests", "Graphic organizer for writing"))
    assert kinds(changes) == [("accommodation_added", "Graphic organizer for writing"),
                              ("accommodation_removed", "Read-aloud of test items")]
    assert {c.severity for c in changes} == {"medium", "low"}


def test_a_reworded_accommodation_is_the_same_one() -> None:
    assert accommodation_changes(quotes("Directions repeated and rephrased", "Extra time on tests"),
                                 quotes("Repeat and rephrase directions",
                                        "Extra time on tests (time and a half)")) == []
    # What grants a support ("allowed", "permitted") does not tell one support from another.
    assert accommodation_changes(quotes("Spell-check allowed on written work"),
                                 quotes("Spell check permitted on written assignments")) == []
    assert accommodation_changes(quotes("Visual schedule"), quotes("Visual timer")) != []
    assert accommodation_changes(quotes("Calculator allowed on tests"), quotes("Extended time allowed on tests")) != []


def test_only_ticked_boxes_are_accommodations() -> None:
    assert [e.text for e in items(quotes("☒ Visual schedule ☒ Visual timer ☐ Scribe", "Copy of notes; Breaks"))] \
        == ["Visual schedule", "Visual timer", "Copy of notes", "Breaks"]
    changes = accommodation_changes(quotes("☒ Visual schedule ☒ Scribe"), quotes("☒ Visual schedule ☐ Scribe"))
    assert kinds(changes) == [("accommodation_removed", "Scribe")]


def progress(schedule: str | None, stated: str | None = None) -> ProgressReporting:
    return ProgressReporting(schedule=schedule, schedule_stated=stated or schedule,
                             schedule_evidence=quotes(f"Progress reports {stated or schedule}"))


def test_a_progress_schedule_change_and_how_much_it_matters() -> None:
    assert schedule_changes(progress("quarterly", "every nine weeks"), progress("quarterly", "each quarter")) == []
    fewer = schedule_changes(progress("quarterly"), progress("semester"))
    assert [(c.kind, c.subject, c.old, c.new, c.severity) for c in fewer] == \
        [("progress_schedule_changed", "progress reporting", "quarterly", "semester", "medium")]
    assert [c.severity for c in schedule_changes(progress("trimester"), progress("monthly"))] == ["low"]
    gone = schedule_changes(progress("quarterly"), ProgressReporting())
    assert [(c.new, c.title) for c in gone] == [(None, wording("progress_schedule_changed", "not_stated").title)]
    assert schedule_changes(ProgressReporting(), ProgressReporting()) == []


# --- the words a parent reads -------------------------------------------------------------------------------

def test_every_change_kind_is_worded_calmly_at_about_an_8th_grade_level() -> None:
    data = load_yaml("compare.yaml")
    for kind in KINDS:
        for variant in [None, *(data["kinds"][kind].get("variants") or {})]:
            words = wording(kind, variant)
            for text in (words.meaning, words.question):
                assert _grade_level(text) <= 9.0, (kind, variant, text)
                assert not re.search(r"violat|illegal|unlawful", text, re.IGNORECASE)
            assert words.question.rstrip().endswith("?")


def _grade_level(text: str) -> float:
    """Flesch-Kincaid grade, syllables counted as vowel groups: rough, but long words and sentences show."""
    sentences = [s for s in re.split(r"[.?!]+", text) if s.strip()]
    words = re.findall(r"[A-Za-z']+", text)
    syllables = sum(max(1, len(re.findall(r"[aeiouy]+", w.lower())) - (w.lower().endswith("e") and
                    len(re.findall(r"[aeiouy]+", w.lower())) > 1)) for w in words)
    return 0.39 * len(words) / len(sentences) + 11.8 * syllables / len(words) - 15.59


def test_a_bad_edit_of_the_wording_file_fails_on_load() -> None:
    good = load_yaml("compare.yaml")["kinds"]
    with pytest.raises(DataError, match="missing"):
        _check_kinds({k: v for k, v in good.items() if k != "goal_recycled"})
    accusing = copy.deepcopy(good)
    accusing["service_reduced"]["meaning"] = "This is a violation of the law."
    with pytest.raises(DataError, match="accuse"):
        _check_kinds(accusing)
    bad_severity = copy.deepcopy(good)
    bad_severity["goal_added"]["severity"] = "urgent"
    with pytest.raises(DataError, match="severity"):
        _check_kinds(bad_severity)
