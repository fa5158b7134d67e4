"""The building blocks every record model shares: the strict base, entries that variants
select, dates, web addresses and text with inline markup.

Why apart from model.py: the record's own sections and its letters (sections.py,
letters.py) are built from these too, and model.py's Record is built from them.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator,
                      Field, PlainSerializer, Tag, WithJsonSchema, model_validator)

from . import markup
from .dates import PartialDate

DATE_SCHEMA = {
    "anyOf": [
        {"type": "integer", "minimum": 1000, "maximum": 9998},
        {"type": "string", "pattern": r"^\d{4}(-(0?[1-9]|1[0-2]))?(-\d{1,2})?$"},
        {"type": "string", "enum": ["present"]},
    ],
    "description": "A year (2016), a year-month (\"2016-09\") or \"present\".",
    "examples": [2016, "2016-09", "present"],
}

Date = Annotated[
    PartialDate,
    BeforeValidator(PartialDate.parse),
    PlainSerializer(lambda d: d.year if not d.month and not d.present else d.iso()),
    WithJsonSchema(DATE_SCHEMA),
]

Url = Annotated[str, Field(pattern=r"^(https?://|mailto:)[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+$",
                           description="An http(s) or mailto: address.",
                           examples=["https://example.org"])]

# The longest values accepted, in characters: far above any CV (the seed's longest is
# 480), and what keeps a document within what TeX holds (latex/escape.py keeps each line
# short whatever a value holds; these keep the whole in bounds, checked by compiling them).
TEXT_MAX = 2_000  # every plain text field
MARKUP_MAX = 20_000  # a paragraph or bullet with markup

Markup = Annotated[str, Field(max_length=MARKUP_MAX), AfterValidator(markup.validate), Field(
    description="Text with inline markup: **bold**, *italic*, [label](https://url), "
                "$math$; a backslash keeps the next character literal.")]


class Strict(BaseModel):
    """Base of every record model: unknown keys are errors, values never coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True,
                              arbitrary_types_allowed=True, populate_by_name=True,
                              str_max_length=TEXT_MAX, allow_inf_nan=False)


class Entry(Strict):
    """Fields every list entry shares: how variants select and trim it."""

    tags: list[str] = Field(default_factory=list,
                            description="Free labels a variant can select on, e.g. [industry].",
                            examples=[["industry"]])
    selected: bool = Field(False, description="A strongest item: one-page variants keep these.",
                           examples=[True])
    priority: int = Field(0, description="Higher survives longer, among entries of its kind, "
                                         "when a page must be cut.",
                          examples=[3])


class Dated(Entry):
    """An entry with a start and an end, printed as a date range beside it."""

    start: Date | None = Field(None, description="When it began.", examples=["2016-09"])
    end: Date | None = Field(None, description="When it ended, or 'present'.",
                             examples=["2022-04", "present"])

    @model_validator(mode="after")
    def _end_not_before_start(self):
        if self.start and self.end and self.end.before(self.start):
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class Link(Strict):
    """A labelled link printed after an entry, e.g. a paper's project page."""

    label: str = Field(description="What the link shows, e.g. 'project page' or 'video'.",
                       examples=["project page", "video"])
    url: Url = Field(description="Where the link points.",
                     examples=["https://juntang-zhuang.github.io/adabelief/"])


def _not_deeper(value):
    """A sub-bullet is text: bullets nest two levels deep, as a printed page reads them."""
    if isinstance(value, dict) and {"text", "highlights"} & value.keys():
        raise ValueError("a sub-bullet has no bullets of its own: bullets nest two levels "
                         "deep at most (a bullet and its sub-bullets)")
    return value


class Bullet(Strict):
    """A bullet with sub-bullets under it, written as a mapping among plain bullets."""

    text: Markup = Field(description="The bullet's own text.",
                         examples=["Shipped the new storage engine"])
    highlights: list[Annotated[Markup, BeforeValidator(_not_deeper)]] = Field(
        default_factory=list, description="Sub-bullets, printed indented under the bullet's "
                                          "text; each is text (two levels at most).",
        examples=[["3x write throughput", "zero-downtime migration"]])


def _bullet_kind(value) -> str:
    """A mapping that names text or highlights is a bullet with sub-bullets; anything else
    is checked as text (so 'Led: the team', which YAML reads as a mapping, is told to be
    quoted)."""
    is_bullet = isinstance(value, Bullet) or (
        isinstance(value, dict) and {"text", "highlights"} & value.keys())
    # Tag names shaped like pydantic's own steps, which problems._user_path leaves out of
    # a field's path ('highlights[1].text', not 'highlights[1].bullet.text').
    return "bullet[sub-bullets]" if is_bullet else "bullet[text]"


# One bullet of an entry's highlights: text, or text with sub-bullets under it.
Highlight = Annotated[
    Annotated[Markup, Tag("bullet[text]")] | Annotated[Bullet, Tag("bullet[sub-bullets]")],
    Discriminator(_bullet_kind)]


def bullet_text(item: str | Bullet) -> str:
    """A highlight's own text (markup source), with or without sub-bullets."""
    return item if isinstance(item, str) else item.text


def sub_bullets(item: str | Bullet) -> list[str]:
    """A highlight's sub-bullets (markup source), none for a plain one."""
    return [] if isinstance(item, str) else item.highlights
