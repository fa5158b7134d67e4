"""The reader's language: the words cv-builder writes itself, and dates, per locale.

Why two sources: month names and date-range patterns come from CLDR through Babel
(a well-kept library with every language's forms); the tool's own words ("present",
section titles) are ours, one table per locale in locales/<tag>.yaml, which a record
may override under `words:`. Babel is imported only for a locale other than plain
`en`, whose dates are written as they always were.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .dates import PartialDate, format_range, long_date

LOCALE_DIR = Path(__file__).with_name("locales")
DEFAULT_LOCALE = "en"


@lru_cache(maxsize=None)
def supported_locales() -> tuple[str, ...]:
    """Every locale with a table, as BCP 47 tags (file names)."""
    return tuple(sorted(path.stem for path in LOCALE_DIR.glob("*.yaml")))


@lru_cache(maxsize=None)
def _table(locale: str) -> dict:
    path = LOCALE_DIR / f"{locale}.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
    return data if isinstance(data, dict) else {}


def word_keys() -> list[str]:
    """The words a record may override: those of the English table."""
    return list(_table(DEFAULT_LOCALE)["words"])


@dataclass(frozen=True)
class Hyphenation:
    """How the locale's words break at a line end: TeX's patterns (a language.dat name),
    the fewest letters a break leaves before and after it, and the patterns' file (what
    to install is named by it when they are missing)."""

    patterns: str
    left: int
    right: int
    file: str


@dataclass(frozen=True)
class Language:
    """One locale's words and titles, with the record's own words on top."""

    locale: str
    words: dict[str, str]
    titles: dict[str, str]
    hyphenation: Hyphenation = Hyphenation("english", 2, 3, "hyphen.tex")

    def title(self, english: str) -> str:
        """A shipped English title (a section's default, a variant's) in this language;
        any other title as written."""
        return self.titles.get(english, english)

    def number(self, value: int) -> str:
        """A whole number with the locale's digit grouping (1,234; 1.234; 1 234)."""
        if self.locale == DEFAULT_LOCALE:
            return f"{value:,}"
        from babel.numbers import format_decimal

        return format_decimal(value, locale=self.locale.replace("-", "_")).translate(_SPACES)

    def date_range(self, start: PartialDate | None, end: PartialDate | None,
                   expected: bool = False, style: str = "short") -> str:
        """A range in one of the design's date formats (dates.DATE_FORMATS)."""
        if self.locale == DEFAULT_LOCALE:
            return format_range(start, end, expected, present=self.words["present"],
                                expected_word=self.words["expected"], style=style)
        return _cldr_range(self.locale, start, end, expected, self.words, style)

    def long_date(self, day: _dt.date) -> str:
        """A day written out, as a letter bears it: 'November 27, 2026', '27. November 2026'."""
        if self.locale == DEFAULT_LOCALE:
            return long_date(day)
        from babel import Locale
        from babel.dates import format_date

        return format_date(day, "long", locale=Locale.parse(self.locale, sep="-")).translate(
            _SPACES)


@lru_cache(maxsize=64)
def _language(locale: str, overrides: tuple[tuple[str, str], ...]) -> Language:
    english = _table(DEFAULT_LOCALE)
    table = _table(locale) if locale != DEFAULT_LOCALE else english
    # A locale of a language falls back on the language's table (en-GB on en).
    base = _table(locale.split("-")[0]) if "-" in locale and (
        LOCALE_DIR / f"{locale.split('-')[0]}.yaml").exists() else {}
    words = {**english["words"], **base.get("words", {}), **table.get("words", {}),
             **dict(overrides)}
    titles = {**base.get("titles", {}), **table.get("titles", {})}
    hyphenation = table.get("hyphenation") or base.get("hyphenation") or english["hyphenation"]
    left, right = hyphenation["min"]
    return Language(locale, words, titles,
                    Hyphenation(hyphenation["patterns"], left, right, hyphenation["file"]))


def language(locale: str | None, overrides: dict[str, str] | None = None) -> Language:
    """The Language for a locale (default en) and a record's `words:` overrides."""
    return _language(locale or DEFAULT_LOCALE, tuple(sorted((overrides or {}).items())))


# CLDR puts thin spaces (U+2009) around range dashes and a narrow no-break space
# (U+202F) before Russian "г.": pdflatex has neither, and both would move a Latin
# document to XeLaTeX for a space. A plain space and a no-break space look the same.
_SPACES = str.maketrans({"\u2009": " ", "\u202f": "\u00a0"})


# CLDR skeletons of the design's date formats, for a date with a month.
_SKELETONS = {"short": "yMMM", "long": "yMMMM", "numeric": "yMM", "year": "y"}


def _cldr_range(locale: str, start: PartialDate | None, end: PartialDate | None,
                expected: bool, words: dict[str, str], style: str = "short") -> str:
    """A range in the documented style (dates.format_range: both ends whole, a spaced en
    dash), each date in the locale's CLDR form. Not CLDR's own interval patterns: they
    shorten one end ('Juni–Sept. 2021', '2021年6月～9月') and differ from language to
    language, where a CV keeps one style."""
    from babel import Locale  # 30 ms: only records in other languages pay it
    from babel.dates import format_skeleton

    where = Locale.parse(locale, sep="-")
    months = _SKELETONS.get(style, "yMMM")

    def label(date: PartialDate) -> str:
        if date.present:
            return words["present"]
        skeleton = months if date.month and style != "year" else "y"
        return format_skeleton(skeleton, _dt.date(date.year, date.month or 1, 1), locale=where)

    return format_range(start, end, expected, expected_word=words["expected"],
                        style=style, label=label).translate(_SPACES)
