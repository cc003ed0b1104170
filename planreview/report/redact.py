"""`--redact`: replace the student's name, date of birth and ID numbers in a report, so it can be shared.

Redaction works on the report's data before any template sees it, so HTML escaping can never hide a
name from it. Staff names are left: they are not the child's private data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..checks.model import Review
from ..extract.facts import find_dates

STUDENT = "[student]"
BIRTH_DATE = "[date of birth]"
ID_NUMBER = "[ID number]"
# "Student ID: 123456", "SSN 123-45-6789", "Medicaid # 12345678": a label, then digits.
ID_WITH_LABEL = re.compile(
    r"\b((?:student|state|local|district|medicaid|lasid|sasid|permanent|school)?\s*(?:id|ssn|number|no\.?|#)\s*[:#]?\s*)"
    r"([A-Z]{0,3}\d[\d\- ]{4,}\d)\b",
    re.IGNORECASE,
)
SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
LONG_NUMBER = re.compile(r"\b\d{7,}\b")  # no date, score or minute count has seven digits


@dataclass(frozen=True)
class Redactor:
    names: tuple[str, ...]
    birth_dates: tuple[str, ...]

    def text(self, value: str) -> str:
        for name in self.names:
            value = re.sub(rf"(?<![\w'’-]){re.escape(name)}(?:['’]s)?(?![\w-])",
                           lambda m: STUDENT + ("'s" if m.group(0)[-2:] in ("'s", "’s") else ""), value)
        for printed in self.birth_dates:
            value = value.replace(printed, BIRTH_DATE)
        value = ID_WITH_LABEL.sub(lambda m: m.group(1) + ID_NUMBER, value)
        value = SSN.sub(ID_NUMBER, value)
        return LONG_NUMBER.sub(ID_NUMBER, value)

    def file_name(self, value: str) -> str:
        """"Marisol_Vantreece_IEP_2025.pdf" → "student_student_IEP_2025.pdf": a file is often named after the
        child, with underscores or hyphens where the text has spaces."""
        for name in self.names:
            for part in (p for p in re.split(r"[\s-]+", name) if len(p) >= 2):
                pattern = rf"(?<![A-Za-z]){re.escape(part)}(?![A-Za-z])"
                value = re.sub(pattern, "student", value, flags=re.IGNORECASE)
        return self.text(value)

    def data(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.data(item) for item in value]
        if isinstance(value, dict):
            return {key: self._field(key, item) for key, item in value.items()}
        return value

    def _field(self, key: str, value: Any) -> Any:
        if key == "dob" and value:
            return BIRTH_DATE
        if key == "file" and isinstance(value, str):
            return self.file_name(value)
        return self.data(value)


def redactor_for(review: Review) -> Redactor:
    names: list[str] = []
    birth_dates: list[str] = []
    if review.extraction is not None:
        fields = review.extraction.structure.fields
        if "student_name" in fields:
            names = _name_forms(fields["student_name"].value)
        if "dob" in fields:
            birth_dates = _date_forms(fields["dob"].value)
    return Redactor(tuple(names), tuple(birth_dates))


def _name_forms(printed: str) -> list[str]:
    """The full name as printed, then each part of it ("Hana", "Thistlewood"), longest first."""
    cleaned = re.sub(r"\s+", " ", printed).strip(" ,")
    parts = [p for p in re.split(r"[\s,]+", cleaned) if (len(p) >= 2 and p[0].isupper() and p.isalpha()) or "-" in p]
    forms = [cleaned, *parts]
    if "," in cleaned:  # "Thistlewood, Hana" is also printed "Hana Thistlewood"
        last, _, first = cleaned.partition(",")
        forms.insert(1, f"{first.strip()} {last.strip()}")
    return sorted(set(f for f in forms if f), key=len, reverse=True)


def _date_forms(printed: str) -> list[str]:
    """The date of birth as printed and in the other ways a plan might print it again."""
    forms = {printed.strip()}
    for date, _ in find_dates(printed):
        forms |= {f"{date.month:02d}/{date.day:02d}/{date.year}", f"{date.month}/{date.day}/{date.year}",
                  date.isoformat(), f"{date:%B} {date.day}, {date.year}", f"{date:%b} {date.day:02d}, {date.year}",
                  f"{date:%b} {date.day}, {date.year}"}
    return sorted(forms, key=len, reverse=True)
