"""The reader's language: the words cv-builder writes itself, and dates, per locale.

Why two sources: month names and date-range patterns come from CLDR through Babel
(a well-kept library with every language's forms); the tool's own words ("present",
section titles) are ours, one table per locale in locales/<tag>.yaml, which a record
may override under `words:`. Babel is imported only for a locale other than plain
`en`, whose dates are written as they always were.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
import unicodedata
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


# --- A record's tag, read as BCP 47 reads it -------------------------------------------------
# Tags are case-insensitive (DE, en-us); one with a region or script cv-builder has no table
# for takes the table of its language (de-AT -> de, en-US -> en, fr-CA -> fr), or that
# language's only table (pt, pt-PT -> pt-BR); Chinese goes by script, and by region where
# the script is not written (zh-TW, zh-HK, zh-MO -> zh-Hant; zh, zh-CN, zh-SG -> zh-Hans).
# Dates still follow CLDR for the tag as written (de-AT: "Jänner"); a tag CLDR reads as its
# table's (en-US as en, zh-TW as zh-Hant) is that table's tag.

_TRADITIONAL_REGIONS = ("TW", "HK", "MO")


def canonical_case(tag: str) -> str:
    """'EN-us' -> 'en-US', 'zh-hant-tw' -> 'zh-Hant-TW': BCP 47's conventional case."""
    parts = [part for part in tag.strip().replace("_", "-").split("-")]
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 and part.isalpha() else
                   part.upper() if len(part) == 2 or (len(part) == 3 and part.isdigit()) else
                   part.lower())
    return "-".join(out)


def table_for(tag: str) -> str | None:
    """The locale table a (canonically cased) tag takes its words from, or None."""
    tables = supported_locales()
    if tag in tables:
        return tag
    parts = tag.split("-")
    language_ = parts[0]
    script = next((p for p in parts[1:] if len(p) == 4), None)
    region = next((p for p in parts[1:] if len(p) in (2, 3) and p.isupper() or p.isdigit()),
                  None)
    if language_ == "zh":
        traditional = script == "Hant" or (script is None and region in _TRADITIONAL_REGIONS)
        return "zh-Hant" if traditional else "zh-Hans"
    if language_ in tables:
        return language_
    of_language = [t for t in tables if t.split("-")[0] == language_]
    return of_language[0] if len(of_language) == 1 else None


def resolve_locale(written: str) -> str:
    """The locale a record's tag means: a table's tag (DE -> de, en-US -> en, zh -> zh-Hans),
    or a tag CLDR knows whose words come from its language's table (de-AT). Raises
    ValueError in words, with a suggestion, for a tag that is neither."""
    tag = canonical_case(written) if written.strip() else written
    if tag in supported_locales():
        return tag
    table = table_for(tag) if re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag) else None
    if table is None:
        raise ValueError(f"{written!r} is not a language cv-builder has words for"
                         + _suggestion(written))
    from babel import Locale, UnknownLocaleError  # only for a tag no table is named by

    english = Locale("en")
    subtags = tag.split("-")[1:]
    unknown = [part for part in subtags if not (
        part in english.scripts if len(part) == 4 else part in english.territories)]
    if tag.startswith("zh-") and any(len(part) == 4 and part not in ("Hans", "Hant")
                                     for part in subtags):
        unknown.append("script")
    try:
        cldr = Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        unknown.append(tag)
    if unknown:
        raise ValueError(f"{written!r} is not a language tag CLDR knows; did you mean "
                         f"{table!r}?") from None
    same = Locale.parse(table, sep="-")
    if _maximal(cldr) == _maximal(same):
        return table
    return tag


def _maximal(locale) -> tuple:
    """A Babel locale with CLDR's likely script and region filled in (en -> en-Latn-US)."""
    from babel.core import get_global

    likely = get_global("likely_subtags")
    found = (likely.get(f"{locale.language}_{locale.territory}") if locale.territory else None) \
        or (likely.get(f"{locale.language}_{locale.script}") if locale.script else None) \
        or likely.get(locale.language) or locale.language
    language_, *rest = found.split("_")
    script = locale.script or next((p for p in rest if len(p) == 4), None)
    region = locale.territory or next((p for p in rest if len(p) != 4), None)
    return language_, script, region


def _suggestion(written: str) -> str:
    """'; did you mean 'de'?' for a close tag or a language's name (German, Deutsch), else
    the list of known tags."""
    tables = supported_locales()
    lowered = written.strip().lower()
    close = difflib.get_close_matches(lowered, [t.lower() for t in tables], n=1, cutoff=0.6)
    if close:
        return f"; did you mean {tables[[t.lower() for t in tables].index(close[0])]!r}?"
    if len(lowered) > 3:
        from babel import Locale

        for table in tables:
            here = Locale.parse(table, sep="-")
            names = {here.get_display_name("en"), here.get_display_name(), here.get_language_name("en"),
                     here.get_language_name()}
            if lowered in {name.lower() for name in names if name}:
                return f"; did you mean {table!r}?"
    return f"; known: {', '.join(tables)} (and tags of those languages, such as de-AT)"


# The {placeholders} each of cv-builder's words may hold; fill() puts the values in.
# Any other brace in a record's wording is refused where it is written (wording_problem).
PLACEHOLDERS = {"page_x_of_y": ("page", "pages"), "letter_opening": ("recipient",),
                "letter_subject": ("position",), "pdf_subject": ("title", "name"),
                "talk_at": ("host",), "degree_field": ("degree", "field", "degree_in")}
# What ends a sentence already, in Western and in full-width (CJK) punctuation.
SENTENCE_STOPS = frozenset(".?!。？！．")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(wording: str, **values: str) -> str:
    """wording with each {name} given in values replaced by its value, every other
    character as written. Why not str.format: a record's wording would reach Python's
    objects through it ({recipient.__class__}), fail on {0} or {nope}, or ask for a
    400-million-character field ({recipient:>400000000})."""
    return PLACEHOLDER.sub(lambda found: values.get(found[1], found[0]), wording)


def wording_problem(key: str, wording: str) -> str | None:
    """What is wrong with a record's wording of key, in words; None if nothing: only the
    key's own placeholders may be in braces."""
    allowed = PLACEHOLDERS.get(key, ())
    rest = PLACEHOLDER.sub(lambda found: "" if found[1] in allowed else found[0], wording)
    if "{" not in rest and "}" not in rest:
        return None
    has = ("it may hold " + ", ".join(f"{{{name}}}" for name in allowed)) if allowed else \
        "it has no placeholders"
    unknown = re.search(r"\{[^{}]*\}", rest)
    if unknown:
        shown = unknown[0] if len(unknown[0]) <= 40 else unknown[0][:37] + "...}"
        return f"{shown!r} is not a placeholder of this word; {has}"
    return f"a brace that is not part of a placeholder; {has}"


def word_keys() -> list[str]:
    """The words a record may override: those of the English table, then the shipped
    English titles (title_keys)."""
    return [*_table(DEFAULT_LOCALE)["words"], *title_keys()]


@lru_cache(maxsize=1)
def title_keys() -> tuple[str, ...]:
    """The titles cv-builder ships, in English (sections', documents'): those the locales'
    tables translate. A record's `words:` may reword them, in every locale."""
    return tuple(sorted({title for tag in supported_locales()
                         for title in _table(tag).get("titles", {})}))


@dataclass(frozen=True)
class Hyphenation:
    """How the locale's words break at a line end: TeX's patterns (a language.dat name),
    the fewest letters a break leaves before and after it, and the patterns' file (what
    to install is named by it when they are missing)."""

    patterns: str
    left: int
    right: int
    file: str


# A grade that is only a number: '3.8', '3,8/4', '3.8 / 4.0', '85%', '1.3'.
_BARE_GRADE = re.compile(r"\d+(?:[.,]\d+)?\s*%?(?:\s*/\s*\d+(?:[.,]\d+)?\s*%?)?")


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

    def grade(self, gpa: str) -> str:
        """An education's gpa as printed, in every look and export: a bare number or
        ratio ('3.8/4.0', '3.8', '85%') behind the word for it ('GPA: 3.8/4.0'); anything
        else as written, since it names itself ('GPA: 3.8/4.0, First Class Honours',
        'First Class Honours', 'summa cum laude')."""
        if _BARE_GRADE.fullmatch(gpa.strip()):
            return self.words["gpa"] + self.words["colon"] + gpa
        return gpa

    def degree(self, degree: str, field: str) -> str:
        """A degree and its field as the language writes them: 'M.S. in Computer Science',
        '计算机科学与技术专业硕士', '修士（情報科学）'; either alone as written."""
        if not (degree and field):
            return degree or field
        return fill(self.words["degree_field"], degree=degree, field=field,
                    degree_in=self.words["degree_in"])

    @property
    def aside_space(self) -> str:
        """The space before an aside's parenthesis: ' (' in English, none before a
        full-width '（' (CJK punctuation carries its own space)."""
        opening = self.words["paren_open"]
        return "" if opening and unicodedata.east_asian_width(opening[0]) in "FW" else " "

    def parenthesized(self, text: str) -> str:
        """An aside after what it is about, in the language's parentheses and the space
        before them: ' (2,345 stars on GitHub)', '（2,345 GitHub 星标）'."""
        return f"{self.aside_space}{self.words['paren_open']}{text}{self.words['paren_close']}"

    def sentence_end(self, text: str) -> str:
        """What closes a sentence of ours after text: the language's full stop ('.',
        '。'), or nothing after text that ends in a stop of its own ('?', '。', '！')."""
        return "" if text.rstrip()[-1:] in SENTENCE_STOPS else self.words["full_stop"]

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
    tag = table_for(locale) or DEFAULT_LOCALE  # de-AT: the words of de
    table = _table(tag) if tag != DEFAULT_LOCALE else english
    # A table of a region falls back on its language's table (en-GB on en).
    base = _table(tag.split("-")[0]) if "-" in tag and (
        LOCALE_DIR / f"{tag.split('-')[0]}.yaml").exists() else {}
    # A record's `words:` may hold titles too ("Skills": its wording, in any locale).
    own_titles = {key: value for key, value in overrides if key in title_keys()}
    words = {**english["words"], **base.get("words", {}), **table.get("words", {}),
             **{key: value for key, value in overrides if key not in own_titles}}
    titles = {**base.get("titles", {}), **table.get("titles", {}), **own_titles}
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
