"""Stage 3: `PlanStructure` → `Extraction`: goals, services, progress, dates, element states, signals."""

from __future__ import annotations

import datetime as dt

from ..structure.model import PlanStructure
from .elements import (
    accommodation_items,
    accommodations_state,
    assessment_state,
    disability_impact_state,
    esy_state,
    lre_state,
    major_life_activity_state,
    named_state,
    parent_concerns_state,
    present_levels_state,
    responsible_staff_state,
    rights_transfer_state,
    special_factors_state,
    team_state,
    transition_state,
)
from .facts import extract_facts
from .goals import extract_goals
from .model import ElementState, Extraction, Goal, ProgressReporting, ServiceLine, Signal
from .progress import extract_progress
from .services import extract_services
from .signals import extract_signals

__all__ = ["ElementState", "Extraction", "Goal", "ProgressReporting", "ServiceLine", "Signal", "extract"]


def extract(plan: PlanStructure, today: dt.date) -> Extraction:
    facts = extract_facts(plan, today)
    if plan.plan_type == "other":
        return Extraction(plan, facts, [], [], ProgressReporting(), [], [], {})
    goals = extract_goals(plan)
    accommodations = accommodation_items(plan)
    elements = [
        present_levels_state(plan),
        accommodations_state(accommodations),
        lre_state(plan),
        esy_state(plan),
        assessment_state(plan),
        transition_state(plan),
        disability_impact_state(plan),
        parent_concerns_state(plan),
        team_state(plan),
        special_factors_state(plan),
        rights_transfer_state(plan),
        named_state(plan, "impairment", "impairment"),
        major_life_activity_state(plan),
        named_state(plan, "evaluation_data", "evaluation_data"),
        responsible_staff_state(plan),
    ]
    return Extraction(
        structure=plan,
        facts=facts,
        goals=goals,
        services=extract_services(plan),
        progress=extract_progress(plan, goals),
        accommodations=accommodations,
        signals=extract_signals(plan, accommodations),
        elements={e.id: e for e in elements},
    )
