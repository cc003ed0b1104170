"""Stage 2: `Document` → `PlanStructure`: sections found from their headings, form fields, plan type."""

from __future__ import annotations

from ..ingest.model import Document
from .fields import find_fields
from .model import Evidence, FormField, PlanStructure, Section
from .plan_type import classify
from .sections import join_page_breaks, labelled_rows, split_sections

__all__ = ["Evidence", "FormField", "PlanStructure", "Section", "build_structure", "labelled_rows"]


def build_structure(document: Document) -> PlanStructure:
    blocks = join_page_breaks(document.blocks)
    sections = split_sections(blocks)
    plan_type, evidence = classify(sections)
    return PlanStructure(
        document=document,
        plan_type=plan_type,
        plan_type_evidence=evidence,
        sections=sections,
        fields=find_fields(blocks),
    )
