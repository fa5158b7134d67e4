"""Partial dates as a record writes them: a year, a year-month, or "present"."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass

# English; language.py gives other locales their forms (from CLDR).
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July",
               "August", "September", "October", "November", "December")
DATE_FORMATS = ("short", "long", "numeric", "year")

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2}))?(?:-(?P<day>\d{1,2}))?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A year with an optional month; `present` sorts after every real date."""

    year: int
    month: int = 0
    present: bool = False

    @classmethod
    def parse(cls, value: object) -> "PartialDate":
        """Read 2016, "2016-09", "2016-09-01", a YAML date, or "present"."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, bool):
            raise ValueError("a date must be a year (2016), a year-month (2016-09) or 'present'")
        if isinstance(value, int):
            return cls._checked(value, 0)
        if isinstance(value, (_dt.date, _dt.datetime)):
            return cls._checked(value.year, value.month)
        if isinstance(value, str):
            text = value.strip()
            if text.lower() in ("present", "now", "current"):
                return cls(9999, 12, present=True)
            match = _PATTERN.match(text)
            if match:
                month = match["month"]
                if month is not None and int(month) == 0:
                    raise ValueError(f"month 0 in {text!r} does not exist (months run 1 to 12)")
                date = cls._checked(int(match["year"]), int(month or 0))
                if match["day"] is not None:
                    _check_day(text, date, int(match["day"]))
                return date
        raise ValueError(
            f"{value!r} is not a date: write a year (2016), a year-month (2016-09) or "
            f"'present'{_date_hint(value)}")

    @classmethod
    def _checked(cls, year: int, month: int) -> "PartialDate":
        if not 1000 <= year <= 9998:
            raise ValueError(f"year {year} is out of range")
        if not 0 <= month <= 12:
            raise ValueError(f"month {month} does not exist (months run 1 to 12)")
        return cls(year, month)

    def iso(self) -> str:
        """The form the record uses, for exports."""
        if self.present:
            return "present"
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"

    def label(self, style: str = "short", present: str = "Present") -> str:
        """Human form: "Sep 2016" (short), "September 2016" (long), "09/2016" (numeric),
        "2016" (year, or any style when no month is known) or "Present"."""
        if self.present:
            return present
        if not self.month or style == "year":
            return str(self.year)
        if style == "numeric":
            return f"{self.month:02d}/{self.year}"
        months = MONTH_NAMES if style == "long" else MONTH_ABBREVIATIONS
        return f"{months[self.month - 1]} {self.year}"

    def before(self, other: "PartialDate") -> bool:
        """Strictly earlier at the precision both give: 2016 is not before 2016-09."""
        if self.present or other.present:
            return other.present and not self.present
        if not self.month or not other.month:
            return self.year < other.year
        return (self.year, self.month) < (other.year, other.month)

    def __str__(self) -> str:
        return self.iso()


def _check_day(text: str, date: PartialDate, day: int) -> None:
    """A day is dropped, but only a day of the calendar: 2019-02-30 is a typo."""
    import calendar

    days = calendar.monthrange(date.year, date.month)[1]
    if not 1 <= day <= days:
        raise ValueError(f"{text!r} is not a day of the calendar: "
                         f"{MONTH_NAMES[date.month - 1]} {date.year} has {days} days")


def _date_hint(value: object) -> str:
    """'; did you mean ...?' for a date written as people type it ('Sept 2020',
    '09/2020', 'presnt'): the importers' reading, offered, never taken."""
    if not isinstance(value, str) or not value.strip():
        return ""
    import difflib

    lowered = value.strip().lower()
    close = difflib.get_close_matches(lowered, ("present", "current", "now"), n=1, cutoff=0.7)
    if close:
        return f"; did you mean '{close[0]}'?"
    try:
        date, note = parse_typed_date(value)
    except ValueError:  # 'May 0999': a year out of range, no hint
        return ""
    if date is None or note:
        return ""
    return f"; did you mean {date.iso()!r}?" if date.present else \
        f"; did you mean \"{date.iso()}\"?"


def long_date(day: _dt.date) -> str:
    """A day written out, as a letter bears it: 'November 27, 2026' (English; language.py
    has the other locales)."""
    return f"{MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"


def format_range(start: PartialDate | None, end: PartialDate | None,
                 expected: bool = False, dash: str = "\u2013", present: str = "Present",
                 expected_word: str = "expected", style: str = "short",
                 label: Callable[[PartialDate], str] | None = None) -> str:
    """One style for every range, in every language: both ends written out whole, with
    their years, around a spaced en dash: 'Sep 2016 – Apr 2022', 'Jun 2021 – Oct 2021',
    '2017 – 2018', 'Apr 2022 – Present'; a range within one month or year (at the
    precision the style prints) is one date. label writes one date (a locale's CLDR
    form, language.py); English by default."""
    suffix = f" ({expected_word})" if expected else ""
    label = label or (lambda date: date.label(style, present))

    if start is None and end is None:
        return ""
    if start is None:
        return label(end) + suffix
    if end is None or label(end) == label(start):
        return label(start) + suffix
    if not end.present and end.year == start.year and not (start.month and end.month):
        return label(PartialDate(start.year)) + suffix  # "2016-09 to 2016": the year is all
    return f"{label(start)} {dash} {label(end)}{suffix}"


# --- Dates as people type them (the importers read them; a record's typo gets a hint) --------------------------------------------------------------------------------------

TYPED_MONTHS = {
    **{name: i for i, name in enumerate(
        "january february march april may june july august september october november "
        "december".split(), 1)},
    **{name: i for i, name in enumerate(
        "jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)},
    "sept": 9,
    # A few other languages' month names seen in real files.
    **{name: i for i, name in enumerate(
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
        "diciembre".split(), 1)},
    **{name: i for i, name in enumerate(
        "janvier février mars avril mai juin juillet août septembre octobre novembre "
        "décembre".split(), 1)},
    **{name: i for i, name in enumerate(
        "januar februar märz april mai juni juli august september oktober november "
        "dezember".split(), 1)},
}
PRESENT_WORDS = ("present", "current", "currently", "now", "ongoing", "today", "to date",
                 "till date", "actual", "actualidad", "presente", "atual", "atualmente",
                 "aujourd'hui", "heute", "至今", "目前", "現在", "현재", "настоящее время")


def parse_typed_date(value: str) -> tuple[PartialDate | None, str]:
    """A date as people type it, and the note after it: '2020-06-15', '2020-06', '07/2025',
    '2017.9', 'May 2022', 'May, 2022', '2022', 'Present', 'present (part-time)' ->
    (present, 'part-time'). (None, '') if it is no date the record can hold."""
    text = value.strip()
    note = ""
    # 'date (note)': found by position, not by a regex that rescans the spaces before '('
    # from every start (quadratic on a long run of spaces).
    opening = text.rfind("(")
    if text.endswith(")") and opening > 0 and ")" not in text[opening:-1] \
            and text[:opening].strip():
        text, note = text[:opening].strip(), text[opening + 1:-1].strip()
    lowered = text.lower().rstrip(".")
    if lowered in PRESENT_WORDS:
        return PartialDate(9999, 12, present=True), note
    patterns = (
        (r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ].*)?$", lambda m: (m[1], m[2])),
        (r"^(\d{4})[./](\d{1,2})(?:[./](\d{1,2}))?$", lambda m: (m[1], m[2])),
        (r"^(\d{1,2})[/.-](\d{4})$", lambda m: (m[2], m[1])),
        (r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$", lambda m: (m[3], m[2])),  # day/month/year
        (r"^(\d{4})$", lambda m: (m[1], "0")),
    )
    for pattern, parts in patterns:
        found = re.match(pattern, text)
        if found:
            year, month = parts(found)
            try:
                return PartialDate._checked(int(year), int(month)), note
            except ValueError:
                return None, note
    words = re.match(r"^([^\W\d_]+)\.?,?\s+(\d{4})$|^(\d{4}),?\s+([^\W\d_]+)\.?$", lowered)
    if words:
        name, year = (words[1], words[2]) if words[1] else (words[4], words[3])
        if name in TYPED_MONTHS:
            return PartialDate._checked(int(year), TYPED_MONTHS[name]), note
    return None, note
