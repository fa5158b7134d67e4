"""Partial dates: parsing what a record writes, ordering, and the labels templates print."""

from __future__ import annotations

import datetime as dt

import pytest

from cv_builder.record.dates import PartialDate, format_range

P = PartialDate


@pytest.mark.parametrize("written, expected", [
    (2016, P(2016)),
    ("2016", P(2016)),
    ("2016-09", P(2016, 9)),
    ("2016-9", P(2016, 9)),
    ("2016-09-01", P(2016, 9)),     # a day is accepted and dropped
    (" 2016-09 ", P(2016, 9)),
    (dt.date(2016, 9, 1), P(2016, 9)),
    (dt.datetime(2016, 9, 1, 12, 0), P(2016, 9)),
    (P(2020, 1), P(2020, 1)),
])
def test_parse_accepts_years_and_year_months(written, expected):
    assert PartialDate.parse(written) == expected


@pytest.mark.parametrize("written", ["present", "Present", "PRESENT", "now", "current"])
def test_parse_present(written):
    date = PartialDate.parse(written)
    assert date.present
    assert date.label() == "Present"
    assert date.iso() == "present"


@pytest.mark.parametrize("written, message", [
    (True, "a date must be"),
    ("2016-00", "month 0"),
    ("2016-13", "does not exist"),
    (999, "out of range"),
    (9999, "out of range"),      # 9999 is kept for "present"
    ("Sept 2016", "is not a date"),
    ("2016/09", "is not a date"),
    ("16-09", "is not a date"),
    ("", "is not a date"),
    (2016.5, "is not a date"),
    (None, "is not a date"),
])
def test_parse_rejects_with_a_plain_message(written, message):
    with pytest.raises(ValueError, match=message):
        PartialDate.parse(written)


def test_order_year_month_and_present():
    dates = [P.parse("present"), P(2016, 9), P(2016), P(2015, 12), P(2016, 10)]
    assert sorted(dates) == [P(2015, 12), P(2016), P(2016, 9), P(2016, 10), P.parse("present")]


def test_present_sorts_after_any_real_date():
    assert P.parse("present") > P(9998, 12)


@pytest.mark.parametrize("date, iso, label", [
    (P(2016), "2016", "2016"),
    (P(2016, 9), "2016-09", "Sep 2016"),
    (P(2016, 1), "2016-01", "Jan 2016"),
    (P(2016, 12), "2016-12", "Dec 2016"),
])
def test_iso_and_label(date, iso, label):
    assert date.iso() == iso == str(date)
    assert date.label() == label


@pytest.mark.parametrize("start, end, expected", [
    ("2016-09", "2022-04", "Sep 2016 \u2013 Apr 2022"),
    ("2021-06", "2021-10", "Jun 2021 \u2013 Oct 2021"),  # one style: both dates whole
    (2017, 2018, "2017 \u2013 2018"),                    # years only: the same spaced dash
    ("2022-04", "present", "Apr 2022 \u2013 Present"),
    (2019, "present", "2019 \u2013 Present"),
    (2016, "2017-09", "2016 \u2013 Sep 2017"),
    ("2020-03", "2020-03", "Mar 2020"),                  # same date: printed once
    ("2016-09", 2016, "2016"),                           # mixed precision, same year
    ("2020-03", None, "Mar 2020"),
    (None, 2020, "2020"),
    (None, None, ""),
])
def test_format_range(start, end, expected):
    start = P.parse(start) if start is not None else None
    end = P.parse(end) if end is not None else None
    assert format_range(start, end) == expected


def test_format_range_expected_end():
    assert format_range(P(2018, 9), P(2024, 5), expected=True) == \
        "Sep 2018 \u2013 May 2024 (expected)"
    assert format_range(None, P(2024), expected=True) == "2024 (expected)"


def test_format_range_dash_is_configurable():
    assert format_range(P(2017), P(2018), dash="--") == "2017 -- 2018"


@pytest.mark.parametrize("style, expected", [
    ("short", "Jun 2021 \u2013 Oct 2021"),
    ("long", "June 2021 \u2013 October 2021"),
    ("numeric", "06/2021 \u2013 10/2021"),
    ("year", "2021"),                                    # one year at this precision
])
def test_format_range_styles(style, expected):
    assert format_range(P(2021, 6), P(2021, 10), style=style) == expected


def test_every_style_writes_present_and_years_alike():
    for style in ("short", "long", "numeric", "year"):
        assert format_range(P(2019), P.parse("present"), style=style) == "2019 \u2013 Present"
        assert format_range(P(2017), P(2018), style=style) == "2017 \u2013 2018"


@pytest.mark.parametrize("earlier, later", [
    (P(2015), P(2016)), (P(2016, 8), P(2016, 9)), (P(2015, 12), P(2016)),
    (P(2016, 9), P.parse("present")),
])
def test_before(earlier, later):
    assert earlier.before(later)
    assert not later.before(earlier)


@pytest.mark.parametrize("a, b", [(P(2016), P(2016, 9)), (P(2016, 9), P(2016, 9)),
                                  (P.parse("present"), P.parse("present"))])
def test_before_is_false_at_equal_precision(a, b):
    assert not a.before(b) and not b.before(a)


def test_model_dates_accept_yaml_forms_and_serialise_back(load, minimal):
    minimal["education"][0].update(start=1832, end="present")
    record = load(minimal)
    education = record.education[0]
    assert education.start == P(1832) and education.end.present
    dumped = record.model_dump(mode="json", by_alias=True)["education"][0]
    assert dumped["start"] == 1832 and dumped["end"] == "present"


def test_end_before_start_is_an_error(load, minimal):
    from cv_builder.errors import InvalidInput

    minimal["education"][0].update(start="1835-09", end="1832-06")
    with pytest.raises(InvalidInput, match=r"end \(1832-06\) is before start \(1835-09\)"):
        load(minimal)


def test_year_only_end_in_the_start_year_is_not_before_start(load, minimal):
    """`start: 2016-09, end: 2016` means "ended in 2016", not "ended before it began"."""
    minimal["education"][0].update(start="1835-09", end=1835)
    record = load(minimal)
    assert record.education[0].end == P(1835)


@pytest.mark.parametrize("written, hint", [
    ("Sept 2020", 'did you mean "2020-09"?'),
    ("09/2020", 'did you mean "2020-09"?'),
    ("presnt", "did you mean 'present'?"),
    ("Currnt", "did you mean 'current'?"),
    ("May 0999", None),  # the importers' reading refuses it too: no hint
    ("Summer 2015", None),
    ("2020 (part-time)", None),
])
def test_a_date_written_as_people_type_it_is_refused_with_the_form_to_write(written, hint):
    with pytest.raises(ValueError) as caught:
        PartialDate.parse(written)
    message = str(caught.value)
    assert message.startswith(f"{written!r} is not a date")
    assert (hint in message) if hint else "did you mean" not in message


@pytest.mark.parametrize("day", ["2019-02-29", "2019-04-31", "2019-01-32", "2019-01-00"])
def test_a_day_not_in_the_calendar_is_refused(day):
    with pytest.raises(ValueError, match="is not a day of the calendar"):
        PartialDate.parse(day)


def test_a_day_in_the_calendar_is_dropped():
    assert PartialDate.parse("2020-02-29") == PartialDate(2020, 2)
