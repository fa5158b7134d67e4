"""Sections of the record's own (`sections:` teaching, grants, languages...): one generic
entry whose layout follows what it holds, keyed by a name variants list them by.

Why one entry type and not many: the layout is chosen from the entries' shape (a dated
entry with bullets, a one-line "title: details", a plain list), so the record stays a
plain list of facts and a section can change shape without changing type.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from .base import Date, Dated, Highlight, Markup, Strict, Url

# A section's key: also a template name (sections/<key>.tex.j2), so a plain word.
SECTION_KEY = r"^[a-z][a-z0-9_]*$"


class CustomEntry(Dated):
    """An entry of a section of the record's own."""

    title: Markup = Field(description="What the entry is, printed first (in bold unless the "
                                      "section is a plain list).",
                          examples=["Teaching Fellow, Deep Learning (CPSC 452)",
                                    "Mandarin Chinese"])
    organization: str | None = Field(None, description="Where or with whom, printed after the "
                                                       "title.",
                                     examples=["Yale University"])
    location: str | None = Field(None, description="Printed beside the date.",
                                 examples=["New Haven, CT"])
    date: Date | None = Field(None, description="One date instead of start and end, e.g. when "
                                                "a certificate was earned.",
                              examples=[2021, "2021-06"])
    details: Markup | None = Field(None, description="A line of detail; with only a title, the "
                                                     "entry prints as 'title: details'.",
                                   examples=["native", "Head teaching fellow, 120 students"])
    highlights: list[Highlight] = Field(default_factory=list, description="Bullets under the entry.",
                                     examples=[["Redesigned the weekly problem sets."]])
    url: Url | None = Field(None, description="Makes the title a link.",
                            examples=["https://example.org/course"])

    @model_validator(mode="after")
    def _one_kind_of_date(self):
        if self.date is not None and (self.start is not None or self.end is not None):
            raise ValueError("give either date or start/end, not both")
        return self


class CustomSection(Strict):
    """A section of the record's own, under `sections:` by a key of its choosing."""

    title: str | None = Field(None, description="The heading; the key in words otherwise "
                                                "(invited_lectures: 'Invited lectures').",
                              examples=["Teaching"])
    entries: list[CustomEntry] = Field(
        default_factory=list, description="The entries, in the order printed.",
        examples=[[{"title": "Mandarin Chinese", "details": "native"}]])

    def heading(self, key: str) -> str:
        return self.title or key.replace("_", " ").capitalize()
