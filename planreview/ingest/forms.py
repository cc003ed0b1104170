"""The answers of a fillable PDF form, placed where the form shows them."""

from __future__ import annotations

from .lines import clean_text


def form_words(page) -> list[dict]:
    """The answers of a fillable form, as words placed where the form shows them.

    A filled-in PDF form keeps its answers in form fields, not in the page text, so the page alone
    reads as an empty form. Putting each value at its field's position lets it join the printed label
    beside it ("Student name: Alice"), exactly as on paper. A checkbox becomes ☒ or ☐."""
    words: list[dict] = []
    try:
        annotations = page.annots
    except Exception:
        return words
    for annotation in annotations:
        data = annotation.get("data") or {}
        if _literal(data.get("Subtype")) != "Widget":
            continue
        text = _field_text(data)
        if not text:
            continue
        size = max(6.0, min(10.0, (annotation["bottom"] - annotation["top"]) * 0.6))
        words.append({"text": text, "x0": annotation["x0"], "x1": annotation["x0"] + 0.5 * size * len(text),
                      "top": annotation["top"], "bottom": annotation["bottom"], "size": size, "bold": False,
                      "fontname": "form"})
    return words


def with_form_answers(rows: list[list[dict]], answers: list[dict]) -> list[list[dict]]:
    """Put each form answer on the printed line its box sits on (a box is taller than the text beside it)."""
    for answer in answers:
        middle = (answer["top"] + answer["bottom"]) / 2
        beside = [r for r in rows if r[0]["top"] - 2 <= middle <= max(w["bottom"] for w in r) + 2]
        if beside:
            row = min(beside, key=lambda r: abs((r[0]["top"] + r[0]["bottom"]) / 2 - middle))
            row.append({**answer, "top": row[0]["top"], "bottom": row[0]["bottom"], "size": row[0]["size"]})
        else:
            rows.append([answer])
    return sorted(rows, key=lambda r: r[0]["top"])


def _field_text(data: dict) -> str:
    from pdfminer.pdftypes import resolve1

    kind = _literal(data.get("FT")) or _literal((resolve1(data.get("Parent")) or {}).get("FT"))
    if kind == "Btn":
        state = _literal(data.get("AS")) or _literal(data.get("V"))
        return "☐" if state in (None, "", "Off") else "☒"
    value = resolve1(data.get("V"))
    if value is None:
        value = resolve1((resolve1(data.get("Parent")) or {}).get("V"))
    if isinstance(value, list):
        value = ", ".join(_decoded(v) for v in value)
    return clean_text(_decoded(value)) if value is not None else ""


def _literal(value) -> str | None:
    name = getattr(value, "name", value)
    if isinstance(name, bytes):
        return name.decode("latin-1")
    return name if isinstance(name, str) else None


def _decoded(value) -> str:
    from pdfminer.utils import decode_text

    if isinstance(value, bytes):
        return decode_text(value)
    return _literal(value) or ""
