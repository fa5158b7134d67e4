"""Cover letters: the record's `letters:`, and the words a letter adds around its own.

Why in the record: a letter goes with a résumé made from the same record, shares its
header and names the tags the résumé made for that application prefers.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, WithJsonSchema

from . import markup
from .base import MARKUP_MAX, Strict

# Part of a file name, cover-letter-<id>.pdf: at most 100 characters, as a variant's name,
# so the two together stay far inside a file system's 255 bytes.
LETTER_ID = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$"


def _day(value: object) -> object:
    """'2026-11-27' (or a YAML date) as a date; anything else refused in plain words."""
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*", value):
        try:
            return datetime.date(*map(int, value.strip().split("-")))
        except ValueError as error:
            raise ValueError(f"{value!r} is not a day of the calendar ({error})") from None
    if isinstance(value, datetime.date):
        return value
    raise ValueError(f"{value!r} is not a date: write the day as YYYY-MM-DD, e.g. 2026-11-27")


Day = Annotated[
    datetime.date,
    BeforeValidator(_day),
    PlainSerializer(lambda day: day.isoformat()),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{1,2}-\d{1,2}$",
                    "description": "A day, as YYYY-MM-DD.", "examples": ["2026-11-27"]}),
]


def paragraphs(text: str) -> list[str]:
    """A letter's body as paragraphs: split at blank lines; a line break inside one is a
    space, as in an e-mail."""
    return [" ".join(part.split()) for part in re.split(r"\n[ \t]*\n", text) if part.strip()]


def _valid_paragraphs(text: str) -> str:
    for paragraph in paragraphs(text):
        markup.validate(paragraph)  # markup never runs across a paragraph break
    return text


class Letter(Strict):
    """A cover letter: one page with the résumé's header, then the letter."""

    id: str = Field(pattern=LETTER_ID, description="Names the letter and its PDF "
                                                   "(cover-letter-<id>.pdf).",
                    examples=["acme"])
    company: str | None = Field(None, description="The organization written to, under the "
                                                  "recipient.",
                                examples=["Acme Corporation"])
    position: str | None = Field(None, description="The job applied for, in the subject line.",
                                 examples=["Research Scientist"])
    recipient: str | None = Field(None, description="The person written to; also in the "
                                                    "opening.",
                                  examples=["Dr. Jane Smith"])
    address: list[str] = Field(default_factory=list, description="The recipient's address, one "
                                                                 "line each.",
                               examples=[["100 Main Street", "Springfield, IL 62701"]])
    date: Day | None = Field(None, description="The day the letter bears, printed in full "
                                               "(November 27, 2026); no date line without it.",
                             examples=["2026-11-27"])
    opening: str | None = Field(None, description="The salutation; 'Dear <recipient or Hiring "
                                                  "Manager>,' otherwise.",
                                examples=["Dear Dr. Smith,"])
    body: Annotated[str, Field(max_length=MARKUP_MAX), AfterValidator(_valid_paragraphs)] = Field(
        description="The letter (markup), paragraphs separated by a blank line; write it as a "
                    "literal block (body: |).",
        examples=["I am writing to apply for the **Research Scientist** position.\n\n"
                  "Thank you for your consideration."])
    closing: str | None = Field(None, description="Before the signature; 'Sincerely' otherwise.",
                                examples=["Kind regards"])
    resume: str | None = Field(None, description="The résumé variant whose look and header the "
                                                 "letter shares (industry-resume otherwise).",
                               examples=["industry-resume"])
    prefer_tags: list[str] = Field(default_factory=list,
                                   description="Tags a résumé built for this application "
                                               "(build --for <id>) prefers.",
                                   examples=[["ml", "python"]])


# --- The words a letter adds ---------------------------------------------------------------------
# They are the locale's (locales/<tag>.yaml, `letter_*`), which a record may reword.

def _english() -> dict[str, str]:
    from .language import language

    return language("en").words


def opening_of(letter: Letter, words: dict[str, str] | None = None) -> str:
    """The salutation: the letter's own, else 'Dear <recipient>,' or 'Dear Hiring Manager,'."""
    words = words or _english()
    if letter.opening:
        return letter.opening
    if letter.recipient:
        from .language import fill

        return fill(words["letter_opening"], recipient=letter.recipient)
    return words["letter_opening_anyone"]


def closing_of(letter: Letter, words: dict[str, str] | None = None) -> str:
    """The words before the signature: the letter's own, else the locale's ('Sincerely,'),
    ending in the punctuation the locale's closing ends in unless they end in some."""
    default = (words or _english())["letter_closing"]
    if not letter.closing:
        return default
    closing = letter.closing.rstrip()
    mark = default[-1] if default[-1] in PUNCTUATION else ""
    return closing if closing[-1:] in PUNCTUATION else closing + mark


def subject_of(letter: Letter, words: dict[str, str] | None = None) -> str:
    """The subject line, 'Application for <position>'; none without a position."""
    if not letter.position:
        return ""
    from .language import fill

    return fill((words or _english())["letter_subject"], position=letter.position)


PUNCTUATION = tuple(",.!;:")
