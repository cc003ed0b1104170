"""Services written as sentences, "Name: amount" bullets, list lines or unruled rows of a services section."""

from __future__ import annotations

import re

from ..matching import family
from .amounts import parse_amount
from .model import ServiceLine
from .service_line import service_line
from .tables import checked_text

BULLET = re.compile(r"^\s*(?:[•▪◦●○■\-–*·]|\d{1,2}[.)]|[a-z][.)])\s*")
NAME_LABEL = re.compile(r"^\s*([A-Z][^:]{2,70}?)\s*:\s*(\S.*)$")
MINUTES_OF = re.compile(
    r"\b(?:minutes?|min|hours?|sessions?)\s+(?:per\s+\w+\s+|each\s+\w+\s+|a\s+week\s+)?of\s+"
    r"([a-zA-Z][a-zA-Z/\- ]{2,60}?)"
    r"(?=\s+(?:in|with|from|by|at|per|each|daily|weekly|monthly|to|for|during|provided|delivered)\b"
    r"|[,.;(]|$)",
    re.IGNORECASE,
)
RECEIVES = re.compile(
    r"\b(?:receives?|will receive|will be provided|is provided|will get|gets)\s+(?:with\s+)?"
    r"([a-zA-Z][a-zA-Z/\- ]{2,60}?)"
    r"(?=\s+(?:from|with|in|for|by|at|during|provided|delivered|services?\s+for)\b|[,.;(])",
    re.IGNORECASE,
)
# "… for social-emotional skill instruction in a group …": a service named by what it teaches.
FOR_SERVICE = re.compile(
    r"\bfor\s+([a-zA-Z][\w\-/ ]{2,50}?\s(?:instruction|therapy|services|support|counseling|coaching|training|group))\b",
    re.IGNORECASE,
)
# "specially designed instruction in written expression": a generic name and what it is in.
GENERIC_NAME = re.compile(r"(?:instruction|support|services?|intervention|therapy|program)$", re.IGNORECASE)
COMPLEMENT = re.compile(
    r"^\s+(?:in|for)\s+([a-zA-Z][\w\-/ ]{2,40}?)(?=\s+(?:from|by|with|at|for|in the|during|\d)|[,.;(]|$)",
    re.IGNORECASE,
)
# "The speech-language pathologist will work with Owen in a small group for 25 minutes twice a week.":
# a sentence led by the person who gives the help. What they do names the service.
ROLE_LED = re.compile(
    r"^(?:in addition,?\s*|also,?\s*)?(?:the|a|an|his|her|their)\s+([a-z][a-z\-/ ]{2,50}?)\s+will\s+"
    r"(work with|see|meet with|accompany|support|assist|consult with|co-teach with|provide)\s+(.+)$",
    re.IGNORECASE,
)
SUPPORT_VERBS = {"accompany", "support", "assist"}
OBJECT_WORD = re.compile(r"^(?:him|her|them|the student|the child|[A-Z][\w'’\-]+)\s+")
MAX_SERVICE_NAME_WORDS = 12
FIELD_SEPARATOR = re.compile(r"\s+[—–|-]\s+")
LIST_NAME_WORDS = 8
SENTENCE_VERB = re.compile(r"\b(?:will|receives?|is|are|has|have|gets?|attends?|provided|provides?)\b", re.IGNORECASE)
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
SERVICE_VERB = re.compile(r"\b(?:receives?|receiving|will get|provided|provides?|attends?|participates? in)\b", re.I)


def service_from_text(text: str, page: int | None, cells: list[str] | None, ocr: bool) -> ServiceLine | None:
    """A service written as a sentence, a "Name: amount" bullet or an unruled grid row."""
    if re.match(r"^\s*[☐□]", text) or re.search(r"[☒☑]\s*no\b", text, re.IGNORECASE):
        return None  # an option that was not ticked, or a question answered "No"
    text = BULLET.sub("", checked_text(text)).strip()
    led = _role_led(text, page, ocr) if not cells else None
    if led is not None:
        return led
    cells = cells or _dashed_fields(text)
    name, rest = _service_name(text, cells)
    if not name:
        return None
    name, rest = _name_and_details(name, rest)
    named = bool(family("services").find(name, labels={"service_name"}))
    timed = parse_amount(rest).minutes_per_week is not None or bool(
        family("services").find(rest, labels={"duration", "count_duration"}))
    if not (named or timed):
        return None  # "Guided notes | All classes | Daily": a support without minutes is an accommodation
    if parse_amount(text).status == "missing" and not (named and (cells or SERVICE_VERB.search(text))):
        return None  # no amount at all: only a named service the plan says is given counts as a service line
    return service_line(
        name=name,
        page=page,
        amount_text=_amount_cells(cells) or _amount_phrase(rest),
        provider_text=_role_in(rest) or role_named_in(name),
        location_text=_location_in(rest),
        start=None,
        end=None,
        source="text",
        text=text,
        ocr=ocr,
    )


def _role_led(text: str, page: int | None, ocr: bool) -> ServiceLine | None:
    """A sentence whose subject is a provider role and that gives how often: the role's sessions or support."""
    match = ROLE_LED.match(text)
    if not match or _role_in(match.group(1)).lower() != match.group(1).strip().lower():
        return None
    role, verb, tail = match.group(1).strip(), match.group(2).lower(), match.group(3)
    amount = _amount_phrase(tail)
    if not amount:
        return None
    description = OBJECT_WORD.sub("", tail[: tail.find(amount)]).strip(" ,.;")
    description = re.sub(r"\s+(?:for|at|on)$", "", description)
    if verb == "provide" and description:
        name = description  # "will provide specialized reading instruction …": what is provided
    else:
        kind = "support" if verb in SUPPORT_VERBS else "sessions"
        name = f"{role} {kind} {description}".strip()
    return service_line(
        name=name[0].upper() + name[1:],
        page=page,
        amount_text=amount,
        provider_text=role,
        location_text=_location_in(tail),
        start=None,
        end=None,
        source="text",
        text=text,
        ocr=ocr,
    )


def _name_and_details(name: str, rest: str) -> tuple[str, str]:
    """"Specialized math instruction — special education teacher, resource room: 4 hours per month": the
    label before the colon holds the service, then who gives it and where, set apart by a dash."""
    parts = FIELD_SEPARATOR.split(name, maxsplit=1)
    if len(parts) == 2 and (_role_in(parts[1]) or _location_in(parts[1])):
        return parts[0].strip(), f"{parts[1]} {rest}"
    return name, rest


def _dashed_fields(text: str) -> list[str] | None:
    """"Speech therapy — Speech-Language Pathologist — speech room — 60 min/2 wks": a list line whose
    fields are set apart by dashes or bars is a grid row written out; one of its fields gives the amount."""
    fields = [f.strip() for f in FIELD_SEPARATOR.split(text) if f.strip()]
    if len(fields) < 3 or any(len(f.split()) > MAX_SERVICE_NAME_WORDS for f in fields):
        return None
    amounts = family("services").find(" ".join(fields[1:]), labels={"duration", "count", "count_duration", "no_amount"})
    return fields if amounts else None


def _service_name(text: str, cells: list[str] | None) -> tuple[str | None, str]:
    if cells and len(cells) > 1:
        return BULLET.sub("", cells[0]).strip(), " ".join(cells[1:])
    labelled = NAME_LABEL.match(text)
    if labelled and len(labelled.group(1).split()) <= MAX_SERVICE_NAME_WORDS:
        return labelled.group(1).strip(), labelled.group(2)
    for phrase in (MINUTES_OF.search(text), RECEIVES.search(text), FOR_SERVICE.search(text)):
        if phrase and len(phrase.group(1).split()) <= MAX_SERVICE_NAME_WORDS and not _is_amount(phrase.group(1)):
            return _with_complement(phrase.group(1).strip(), text[phrase.end(1):]), text
    # A list line or an unruled grid row ("SDI Reading 225 min/wk — Special Education Teacher"):
    # the name is what comes before the amount, when that is a name and not the start of a sentence.
    first_amount = family("services").find(text, labels={"duration", "count", "count_duration", "no_amount"})
    head = text[: first_amount[0].start].strip(" ,:-–—") if first_amount else ""
    if head and len(head.split()) <= LIST_NAME_WORDS and not SENTENCE_VERB.search(head):
        return head, text[first_amount[0].start:]
    names = family("services").find(text, labels={"service_name"})
    if names:
        return names[0].text, text
    if head and len(head.split()) <= MAX_SERVICE_NAME_WORDS:
        return head, text[first_amount[0].start:]
    return None, text


def _with_complement(name: str, following: str) -> str:
    """A generic name takes the subject that follows it: "specially designed instruction in written expression"."""
    if GENERIC_NAME.search(name):
        complement = COMPLEMENT.match(following)
        if complement and not _is_amount(complement.group(1)):
            return f"{name} {following[:complement.end(1)].strip()}"
    return name


def _is_amount(text: str) -> bool:
    return parse_amount(text).status != "missing"


def _amount_cells(cells: list[str] | None) -> str:
    """In a row read as cells the amount is whole cells ("60 min/2 wks" | "2x weekly"), which the
    phrase finder would cut at the first word it does not know."""
    if not cells or len(cells) < 2:
        return ""
    return " ".join(cell for cell in cells[1:] if _is_amount(cell))


def _amount_phrase(text: str) -> str:
    """The part of a sentence that states the amount, from its first to its last amount word."""
    hits = family("services").find(text, labels={"duration", "count", "count_duration", "period", "no_amount", "range"})
    if not hits:
        return ""
    return text[hits[0].start:hits[-1].end]


def _role_in(text: str) -> str:
    roles = family("providers").find(text, labels={"role"})
    return roles[0].text if roles else ""


def role_named_in(name: str) -> str:
    """"Individual counseling with the school psychologist": a role the service's own name gives."""
    match = re.search(r"\b(?:with|by|from)\s+(?:the|a|an|our)?\s*(.+)$", name, re.IGNORECASE)
    return _role_in(match.group(1)) if match else ""


def _location_in(text: str) -> str:
    places = family("locations").find(text)
    return places[0].text if places else ""
