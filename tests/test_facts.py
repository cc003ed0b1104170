"""The plan's dates and the student's age: from form fields in any layout, or from the sentences of a narrative
plan, and the age always on the day the plan was made (its meeting), never on the day it is reviewed."""

from __future__ import annotations

import datetime as dt

import pytest

from planreview.extract.facts import extract_facts
from planreview.ingest.model import Document, Line, Table
from planreview.structure import build_structure
from planreview.structure.fields import find_fields

TODAY = dt.date(2027, 11, 28)  # long after every plan below: an age measured from today would be too old


def _facts(*blocks: Line | Table):
    document = Document("x.docx", "docx", 1, [Line("Individualized Education Program", 1), *blocks])
    return extract_facts(build_structure(document), TODAY)


def _dates(facts) -> dict[str, str]:
    return {name: str(fact.date) for name, fact in facts.dates.items()}


@pytest.mark.parametrize(
    ("sentence", "dob", "meeting", "age"),
    [
        ("Owen Achterberg (date of birth July 5, 2011) is an eighth grader. His IEP team met on March 10, 2026.",
         "2011-07-05", "2026-03-10", 14),
        ("Tobias was born on April 2, 2017 and is in 3rd grade. This IEP was developed at a meeting on "
         "October 14, 2025.", "2017-04-02", "2025-10-14", 8),
        ("Student: Caleb Ferreira-Holm | DOB 12/22/2016 | Grade 3 | Meeting 10/14/2025 | Annual review",
         "2016-12-22", "2025-10-14", 8),
        ("Maya, born 3 March 2014, is in grade 6. The committee convened on 2 February 2026.",
         "2014-03-03", "2026-02-02", 11),
    ],
)
def test_dates_written_in_sentences(sentence: str, dob: str, meeting: str, age: int) -> None:
    facts = _facts(Line(sentence, 1))
    assert _dates(facts)["dob"] == dob
    assert _dates(facts)["meeting_date"] == meeting
    assert facts.student_age == age


def test_the_plan_period_written_in_a_sentence() -> None:
    facts = _facts(Line("This IEP will be in effect from March 11, 2026 through March 9, 2027.", 1))
    assert _dates(facts)["plan_start"] == "2026-03-11"
    assert _dates(facts)["plan_end"] == "2027-03-09"


@pytest.mark.parametrize(
    "sentence",
    [
        "Objective met 3/15/2026 with 80% accuracy.",  # a progress note, not a meeting
        "The next meeting on 10/13/2026 will review the goals.",
        "The annual review meeting 10/13/2026 is scheduled.",
        "Counseling starts on 9/2/2025 in the counselor's office.",  # a service's start, not the plan's
        "Her brother was in grade 2 on 5/5/2020.",
    ],
)
def test_dates_that_are_not_the_plan_dates(sentence: str) -> None:
    assert not {"meeting_date", "plan_start", "dob"} & set(_dates(_facts(Line(sentence, 1))))


def test_the_age_is_taken_on_the_meeting_date_not_today() -> None:
    facts = _facts(Line("Student: Jaylen Whitfield-Amos | DOB: 04/22/2015 | Grade: 5", 1),
                   Line("School: Cottonwood Intermediate | IEP meeting: 11/18/2025 | Review due: 11/17/2026", 1))
    assert _dates(facts)["meeting_date"] == "2025-11-18"
    assert _dates(facts)["review_date"] == "2026-11-17"
    assert facts.student_age == 10


def test_without_a_meeting_date_the_age_is_taken_a_year_before_the_plan_ends() -> None:
    facts = _facts(Line("Name: Kai Soto | Birthdate: 09/09/2014", 1), Line("IEP ends: 02/23/2027", 1))
    assert facts.student_age == 11  # on 02/24/2026, not 13 on the day of the review


def test_labels_across_a_row_with_the_answers_in_the_row_below() -> None:
    table = Table([["Student", "Date of birth", "Grade", "Meeting date"],
                   ["Dalia Okonkwo", "8/30/2013", "7", "11/6/2025"],
                   ["Eligibility", "Case manager", "IEP start", "IEP end"],
                   ["Specific Learning Disability", "Mr. Theo Vance", "11/10/2025", "11/5/2026"]], [1, 1, 1, 1])
    fields = {name: field.value for name, field in find_fields([table]).items()}
    assert fields["dob"] == "8/30/2013"
    assert fields["meeting_date"] == "11/6/2025"
    assert fields["plan_start"] == "11/10/2025"
    assert fields["plan_end"] == "11/5/2026"
    assert _facts(table).student_age == 12


def test_a_service_grid_is_not_read_as_labels_over_answers() -> None:
    table = Table([["Service", "Provider", "Location", "Minutes"],
                   ["Speech therapy", "SLP", "Speech room", "30 weekly"]], [1, 1])
    assert find_fields([table]) == {}


def test_bilingual_labels() -> None:
    table = Table([["Estudiante / Student", "Mateo Villanueva Ruiz",
                    "Fecha de nacimiento / Date of birth", "02/27/2014"],
                   ["Fecha de la reunión / Meeting date", "09/17/2025", "Revisión anual / Annual review", "09/2026"]],
                  [1, 1])
    fields = {name: field.value for name, field in find_fields([table]).items()}
    assert fields["dob"] == "02/27/2014"
    assert fields["meeting_date"] == "09/17/2025"
    assert fields["student_name"] == "Mateo Villanueva Ruiz"
    assert _facts(table).student_age == 11


def test_a_label_whose_answer_wrapped_onto_the_next_line() -> None:
    facts = _facts(Line("Greystone High School Student: Tomas Reinholt DOB: 04/23/2008 Grade: 12 Meeting date:", 1),
                   Line("09/09/2025", 1))
    assert _dates(facts)["meeting_date"] == "2025-09-09"
    assert facts.student_age == 17


@pytest.mark.parametrize(
    ("label", "name"),
    [("Date of CSE Meeting", "meeting_date"), ("ARD meeting date", "meeting_date"),
     ("Date of amendment", "meeting_date"), ("IEP meeting", "meeting_date"),
     ("Projected Date IEP Implementation", "plan_start"), ("IEP ends", "plan_end"),
     ("Review due", "review_date")],
)
def test_field_labels_districts_use(label: str, name: str) -> None:
    fields = find_fields([Table([[label, "12/03/2025"]], [1])])
    assert name in fields


@pytest.mark.parametrize("label", ["Date of Next Meeting", "Type of Meeting"])
def test_labels_that_are_not_the_meeting_date(label: str) -> None:
    assert "meeting_date" not in find_fields([Table([[label, "12/03/2026"]], [1])])
