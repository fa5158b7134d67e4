"""How documents look, as data: the `design:` block of a record or of a variant."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from .base import Strict

# TeX reads these units; the pattern below takes ASCII digits only (TeX reads no other)
# and at most one space, never a line break.
POINTS_PER = {"in": 72.27, "cm": 72.27 / 2.54, "mm": 72.27 / 25.4, "pt": 1.0}
MAX_MARGIN = "2in"  # a page narrower than A4 less two of these still holds a column of text


def points(length: str) -> float:
    """'0.75in' -> 54.2025 (TeX points)."""
    number, unit = length[:-2].strip(), length[-2:]
    return float(number) * POINTS_PER[unit]


def _page_margin(value: str) -> str:
    if points(value) > points(MAX_MARGIN):
        raise ValueError(f"{value!r} leaves too little of the page for text: a margin is at "
                         f"most {MAX_MARGIN} (5.08cm) on every side")
    return value


FontName = Literal["heros", "latin-modern", "latin-modern-sans", "pagella", "termes", "charter"]
# What each font is, and the names of the faces they stand in for, by which a record may
# ask for them ('helvetica': did you mean 'heros'?), written without spaces or dashes.
FONT_FACES = {"heros": "TeX Gyre Heros, a Helvetica", "pagella": "TeX Gyre Pagella, a Palatino",
              "termes": "TeX Gyre Termes, a Times",
              "latin-modern": "Latin Modern, Computer Modern's successor",
              "charter": "Bitstream Charter"}
FONT_ALIASES = {"helvetica": "heros", "arial": "heros", "texgyreheros": "heros",
                "palatino": "pagella", "bookantiqua": "pagella", "texgyrepagella": "pagella",
                "times": "termes", "timesnewroman": "termes", "texgyretermes": "termes",
                "computermodern": "latin-modern", "lmodern": "latin-modern",
                "latinmodern": "latin-modern", "bitstreamcharter": "charter",
                "xcharter": "charter"}
LookName = Literal["default", "classic", "awesome"]


class Design(Strict):
    """How documents look: record-wide under `design:`, or per variant under
    `variants: NAME: design:`. Every key is optional; an unset key keeps the look's and
    the document's own choice."""

    look: LookName | None = Field(
        None, description="The look: 'default' (title over a rule, dates flush right), "
                          "'classic' (moderncv-like: dates in a left column, accent bars) or "
                          "'awesome' (Awesome-CV-like: two-weight name, small-caps roles, "
                          "grey italic dates, icons).",
        examples=["classic"])
    accent: Annotated[str, Field(pattern=r"^#?[0-9A-Fa-f]{6}$")] | None = Field(
        None, description="Accent colour as six hex digits: name, headings, bullets, links.",
        examples=["#1F4E79"])
    font: FontName | None = Field(
        None, description="Text font: heros (a Helvetica), latin-modern, latin-modern-sans, "
                          "pagella (a Palatino), termes (a Times) or charter.",
        examples=["pagella"])
    font_size: float | None = Field(None, ge=8, le=14, description="Base font size in points "
                                                                   "(auto-fit may go lower).",
                                    examples=[10.5])
    margin: Annotated[str, Field(pattern=r"^[0-9]+(\.[0-9]+)? ?(in|cm|mm|pt)$"),
                      AfterValidator(_page_margin)] | None = Field(
        None, description="Page margin on every side, with its unit: in, cm, mm or pt.",
        examples=["0.75in", "2cm"])
    section_style: Literal["rule", "rule-after", "bar", "plain"] | None = Field(
        None, description="Section titles: over a rule ('rule'), followed by a rule to the "
                          "line's end ('rule-after'), beside an accent bar ('bar') or alone.",
        examples=["rule-after"])
    link_style: Literal["color", "underline", "plain"] | None = Field(
        None, description="How links show: in the accent colour, underlined, or as plain text.",
        examples=["underline"])
    date_format: Literal["short", "long", "numeric", "year"] | None = Field(
        None, description="Dates: 'Sep 2016' (short), 'September 2016' (long), '09/2016' "
                          "(numeric) or '2016' (year); ranges always read 'start – end'.",
        examples=["long"])
    icons: bool | None = Field(None, description="Small drawn icons before the contact items.",
                               examples=[True])
