"""One service line built from its printed parts: the amount normalised, the provider and place judged."""

from __future__ import annotations

from ..matching import family
from .amounts import parse_amount
from .model import ServiceLine


def service_line(*, name: str, page: int | None, amount_text: str, provider_text: str, location_text: str,
                 start: str | None, end: str | None, source: str, text: str, ocr: bool) -> ServiceLine:
    amount = parse_amount(amount_text)
    provider, role = _provider(provider_text)
    location, setting = _location(location_text)
    return ServiceLine(
        service=name,
        page=page,
        provider=provider,
        provider_role=role,
        minutes_per_week=amount.minutes_per_week,
        frequency=amount_text or None,
        amount_status=amount.status,
        location=location,
        location_setting=setting,
        start=start,
        end=end,
        source=source,
        text=text,
        ocr=ocr,
    )


def _provider(text: str) -> tuple[str | None, str | None]:
    """The provider as printed, unless it names nobody ("Staff", "TBD", blank)."""
    text = text.strip()
    if not text:
        return None, None
    hits = family("providers").find(text)
    roles = [h for h in hits if h.label == "role"]
    if roles:
        return text, str(roles[0].value)
    if any(h.label == "generic" and h.end - h.start >= len(text.strip(" .")) - 1 for h in hits):
        return None, None
    return text, None  # a name or a title we do not know: quote it, but it names no role we recognise


def _location(text: str) -> tuple[str | None, str | None]:
    text = text.strip()
    if not text or text.lower() in ("tbd", "n/a", "-", "—"):
        return None, None
    places = family("locations").find(text)
    return text, (places[0].label if places else None)
