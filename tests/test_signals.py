"""Signs that a 504 Plan may not be enough: found in what the plan says about the child, never in its
negations, its boilerplate or its list of accommodations, and never in an IEP."""

from __future__ import annotations

import pytest

from planreview.extract.signals import signals_in
from planreview.report import render

from .conftest import CORPUS, needs_shared


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Beatriz is easily distracted and often misses directions.", ["attention"]),
        ("No concerns with attention or distractibility were noted.", []),
        ("She is not easily distracted in small groups.", []),
        ("He is rarely off task, but he loses track of assignments.", ["executive_function"]),
        ("Felix has not had any outbursts since October.", []),
        ("The team said there is no academic impact because Felix is passing.", ["no_academic_impact"]),
        ("Parent reports he spends hours on homework every night.", ["significant_effort"]),
        ("Jordan is passing but his reading level has not changed since last year.", ["passing_without_progress"]),
        # Distress that costs instruction is a signal; tears at a meeting, or no longer, are not.
        ("In math she gets teary and lays her head on the desk, missing most of the lesson.", ["emotional_regulation"]),
        ("She no longer becomes tearful during reading or misses instruction.", []),
        ("She was tearful when the team talked about her grandmother.", []),
        ("He cried after a fall at recess and missed ten minutes of science.", []),
        # "No adverse impact on academic performance" is the misapplied standard itself, however worded…
        ("The committee concluded the diagnosis has no negative effect on her educational performance.",
         ["no_academic_impact"]),
        ("The team found that his migraines do not have a significant impact on his learning.", ["no_academic_impact"]),
        ("Because Ava earns A's and B's, the team agreed that her anxiety does not affect her learning.",
         ["no_academic_impact"]),
        ("His ADHD does not impact his learning, so an evaluation is not warranted.", ["no_academic_impact"]),
        ("Her diabetes has no academic impact and she does not qualify for an IEP.", ["no_academic_impact"]),
        ("The team noted that medication controls his symptoms.", ["no_academic_impact"]),
        # The same words as a plain fact, in a plan that grants the help the child's health needs, dismiss nothing.
        ("Her conditions do not currently affect her learning; the plan ensures she can take part safely in all "
         "school activities.", []),
        ("His migraines do not have a significant impact on his learning.", []),
        ("His seizures do not affect his learning when they are controlled, and the nurse keeps his rescue plan.", []),
        # …but an impact that is there, or the boilerplate about accommodations and grades, is not.
        ("His anxiety has an adverse impact on his academic performance.", []),
        ("Testing accommodations will have no effect on the student's grades or placement.", []),
        # Attention and executive function as records and observations put them…
        ("Teacher records show 14 assignments never turned in this quarter.", ["executive_function"]),
        ("Her lab report was 9 days late and the project was left until the night before it was due.",
         ["executive_function"]),
        ("In a 20-minute observation he was on task in 45% of intervals, compared with 90% for a peer.", ["attention"]),
        ("During independent reading his eyes drift to other things.", ["attention"]),
        ("She begins classwork only after three or four reminders.", ["executive_function", "attention"]),
        # …but not when the record is good or the sign is denied.
        ("He was on task in 92% of intervals.", []),
        ("She has never turned in late work, and all assignments were turned in on time.", []),
        ("She does not need repeated reminders to begin.", []),
        # Leaving class with the body's signs of panic costs instruction; leaving with asthma does not.
        ("She left class in the middle of a lesson 9 times and went to the nurse with a racing heart.",
         ["emotional_regulation"]),
        ("He left class twice with trouble breathing and used his inhaler.", []),
        ("She has left class 6 times this month with panic symptoms.", ["emotional_regulation"]),
        ("Symptoms of low blood sugar can include shakiness, tearfulness and trouble concentrating.", []),
        ("Symptoms: trouble concentrating, irritability, leaving class upset.", []),
        # Hours of homework however counted, and a reading level that stays put while grades pass.
        ("Homework routinely takes him two and a half to three hours, and he stays up past 10 p.m. to finish it.",
         ["significant_effort"]),
        ("Homework never takes more than two hours a night.", []),
        ("Her grades are C's, which are passing, but her reading level has stayed at level J since spring.",
         ["passing_without_progress"]),
        # What a condition does in general describes no one child.
        ("Hearing loss can contribute to frustration and difficulty paying attention in noisy settings.", []),
        ("Children with ADHD often have trouble focusing and turning in work.", []),
        ("Students with ADHD may show some of the following: inattention, forgetfulness, missing assignments.", []),
        # A child with hearing loss who misses spoken directions is missing sound, not attention.
        ("Without the remote microphone he misses spoken directions in the cafeteria and gym.", []),
        ("He is easily distracted and misses spoken directions.", ["attention"]),
    ],
)
def test_signals_in_sentences(sentence: str, expected: list[str]) -> None:
    assert signals_in(sentence) == expected


def _signals(text: str, plan: str = "504") -> set[str]:
    from planreview.extract import extract
    from planreview.ingest.model import Document, Line
    from planreview.structure import build_structure

    lines = ["Section 504 Plan" if plan == "504" else "Individualized Education Program", *text.splitlines()]
    structure = build_structure(Document("x.docx", "docx", 1, [Line(t, 1) for t in lines if t.strip()]))
    structure.plan_type = plan
    import datetime as dt

    return {s.id for s in extract(structure, dt.date(2026, 11, 28)).signals}


def test_accommodations_are_not_signals_even_when_they_name_a_need() -> None:
    text = ("Accommodations\nBreaks when easily distracted\nHelp with missing assignments\n"
            "Team Discussion\nShe likes art.")
    assert _signals(text) == set()


def test_a_concerns_section_shared_by_parents_and_teachers_is_read() -> None:
    text = ("Parent and Teacher Concerns\nShe spends three hours every night on homework, "
            "and the gap with her classmates is not closing.")
    assert _signals(text) == {"significant_effort", "passing_without_progress"}
    assert _signals("Teacher Concerns\nHe is easily distracted in class.") == {"attention"}


def test_present_performance_and_impairment_effect_sections_are_read() -> None:
    text = ("Present Performance\nHer reading level has stayed at level J since last spring, though she is passing.\n"
            "How the Impairment Affects the Student at School\nShe left class 6 times this month with panic symptoms.")
    assert _signals(text) == {"passing_without_progress", "emotional_regulation"}


def test_general_information_about_the_condition_is_not_a_signal() -> None:
    text = ("Current Performance\nHe scored at benchmark in reading and math. Hearing loss can contribute to "
            "listening fatigue and difficulty paying attention in noisy settings. With the microphone off he misses "
            "spoken directions.")
    assert _signals(text) == set()


def test_no_academic_impact_takes_its_reason_from_the_sentence_before() -> None:
    assert signals_in("Her anxiety does not affect her learning.",
                      before="Her grades are all A's and B's this year.") == ["no_academic_impact"]
    assert signals_in("Her anxiety does not affect her learning.",
                      before="She scored at benchmark on the fall screener.") == []


def test_a_fact_about_a_health_plan_is_not_a_dismissal() -> None:
    text = ("Current performance\nSofia met standards in all areas last year. Her allergy and asthma do not currently "
            "affect her learning; the plan ensures she can take part safely in lunch, recess and field trips.")
    assert _signals(text) == set()
    text = ("Team Discussion\nMaya is passing all of her classes. Her ADHD does not affect her learning, "
            "and a referral for special education was not made.")
    assert "no_academic_impact" in _signals(text)


def test_a_concerns_section_says_no_signal_when_it_reports_none() -> None:
    text = "Parent and Teacher Concerns\nNo concerns with attention were noted. She has no missing assignments."
    assert _signals(text) == set()


def test_a_rights_notice_under_an_unknown_heading_is_not_read() -> None:
    import datetime as dt

    from planreview.extract import extract
    from planreview.ingest.model import Document, Line
    from planreview.structure import build_structure

    def heading(text: str) -> Line:  # styled like the plan's other headings, so known as one in any words
        return Line(text, 1, emphasis=True, style="Heading 2")

    lines = [heading("Section 504 Plan"), heading("Impairment"), Line("ADHD", 1), heading("Accommodations"),
             Line("Gluten-free snacks kept in class", 1), heading("Before You Sign"),
             Line("If at any time you believe your child is not making progress or has missing assignments, "
                  "you may request a meeting.", 1)]
    structure = build_structure(Document("x.docx", "docx", 1, lines))
    structure.plan_type = "504"
    assert structure.sections[-1].kind == "unknown"
    assert extract(structure, dt.date(2026, 11, 28)).signals == []


def test_an_iep_never_carries_504_signals() -> None:
    assert _signals("Team Discussion\nHe is easily distracted and has meltdowns.", plan="iep") == set()


def test_a_stock_list_of_accommodations_is_flagged_as_generic() -> None:
    text = "Accommodations\nPreferential seating\nExtended time on tests\nFrequent breaks\nCheck for understanding"
    assert _signals(text) == {"plan_is_generic"}
    individual = ("Accommodations\nPreferential seating\nGluten-free snacks kept in class\n"
                  "Nurse consult for cafeteria menu")
    assert _signals(individual) == set()


@needs_shared()
@pytest.mark.parametrize("name", ["dev_10.pdf", "dev_12.pdf"])
def test_a_504_with_signals_leads_with_a_calm_explanation(name: str, review_of) -> None:
    html = render(review_of(CORPUS / name), "html")
    lead = html.index("This 504 Plan may not be enough")
    assert lead < html.index("At a glance")
    assert "ask the school in writing" in html and "60 days" in html
    assert "Good grades alone" in html
