"""Hostile text in imports: a crafted 100 kB string imports in linear time (issue 9, round 2).

Each pattern below took from seconds to minutes before (a lazy or open-ended regex
rescanned the text from every mark to its end: `<a ` or `**a ` repeated, a long run of
spaces before a date's '('). The bound is generous: these now take milliseconds.
"""

from __future__ import annotations

import json
import time

import pytest
import yaml

from cv_builder.interop.jsonresume.write import _language_out
from cv_builder.interop.rendercv.entries import _year_in
from cv_builder.interop.rendercv.reader import _plain
from cv_builder.interop.text_in import parse_date, to_markup
from cv_builder.record.load import _flow_comment
from cv_builder.record.tex_text import decode_title, strip_name_markup

SIZE = 100_000
BOUND = 2.0  # seconds; before: 10 s to several minutes each at this size


def repeated(piece: str) -> str:
    return piece * (SIZE // len(piece))


CRAFTED = {
    "to_markup: <a ": (to_markup, repeated("<a ")),
    "to_markup: <a href>": (to_markup, repeated("<a href='x'>")),
    "to_markup: <b>": (to_markup, repeated("<b>")),
    "to_markup: <i>": (to_markup, repeated("<i>")),
    "to_markup: **a ": (to_markup, repeated("**a ")),
    "to_markup: __a ": (to_markup, repeated("__a ")),
    "parse_date: spaces": (parse_date, "a" + " " * SIZE + "(x"),
    "rendercv _plain: *a ": (_plain, repeated("*a ")),
    "rendercv _plain: _a ": (_plain, repeated("_a ")),
    "rendercv year: spaces": (_year_in, "a" + " " * SIZE + "b"),
    "rendercv year range: spaces": (_year_in, "(2019" + " " * SIZE + "x)"),
    "bibtex title: \\ensuremath{": (lambda t: decode_title(t, str), repeated("\\ensuremath{")),
    "bib authors: <b": (strip_name_markup, repeated("<b")),
    "bib authors: \\footnotemark[": (strip_name_markup, repeated("\\footnotemark[")),
    "bib authors: {\\bf ": (strip_name_markup, repeated("{\\bf ")),
    "yaml flow comment: [": (_flow_comment, repeated("[ ") + "x#"),
    "export language: (": (_language_out, repeated("(") + "x"),
}


@pytest.mark.parametrize("name", list(CRAFTED))
def test_a_crafted_100_kb_string_is_read_in_linear_time(name):
    reader, text = CRAFTED[name]
    started = time.perf_counter()
    reader(text)
    assert time.perf_counter() - started < BOUND, name


def test_the_linear_patterns_read_what_they_read_before():
    assert to_markup('<a href="https://x.org">the <b>site</b></a> and <em>it</em>')[0] == \
        "[the **site**](https://x.org) and *it*"
    assert to_markup("**a **b**")[0] == r"\*\*a **b**"
    assert to_markup("__bold__ and **more**")[0] == "**bold** and **more**"
    assert parse_date("present (part-time)")[1] == "part-time"
    assert parse_date("2020 (a) (b)")[1] == "b"
    assert parse_date("(2020)") == (None, "")
    assert _plain("***Jane*** *Doe*") == ("Jane Doe", None)
    assert _plain("**a*b**") == ("a*b", None)
    assert decode_title(r"\ensuremath{x^{2}} {\ensuremath{\alpha}}", str) == "$x^{2}$ $\\alpha$"
    assert _year_in("Forbes 30 Under 30 (2024)") == ("Forbes 30 Under 30", 2024, "")
    assert _year_in("Award, 2020 ") == ("Award", 2020, "")
    assert _year_in("a 12345") == ("a 12345", None, "")
    assert _year_in("Prize (2019–2021)") == ("Prize", 2021, "from 2019")
    assert _year_in("Prize (2019 - present) ") == ("Prize", 2019, "ongoing")
    assert strip_name_markup("<strong>X</strong> and \\textbf{Mishra}\\footnotemark[1]{} "
                             "{\\bf L. Leal-Taix{\\'e}} and {Corp Inc} and \\{d\\}") == \
        "X and Mishra L. Leal-Taix{\\'e} and {Corp Inc} and \\{d\\}"
    assert _flow_comment("{accent: #8B1A1A}") == 9
    assert _flow_comment("a#b [x#y") is None
    assert _language_out("German (fluent)") == {"language": "German", "fluency": "fluent"}


@pytest.mark.parametrize("field,text", [
    ("summary", repeated("<a href='x'>")),
    ("summary", repeated("**a ")),
    ("name", repeated("<b>")),
])
def test_a_crafted_resume_json_imports_in_linear_time(tmp_path, cli, field, text):
    source = tmp_path / "resume.json"
    source.write_text(json.dumps({"basics": {"name": "Ada", field: text}}), encoding="utf-8")
    started = time.perf_counter()
    result = cli("import", "jsonresume", source, "-o", tmp_path / "cv.yaml")
    assert time.perf_counter() - started < 2 * BOUND
    assert result.code in (0, 2), result.output


def test_a_crafted_rendercv_file_imports_in_linear_time(tmp_path, cli):
    source = tmp_path / "John_Doe_CV.yaml"
    source.write_text(yaml.safe_dump({"cv": {"name": "Jane", "sections": {
        "projects": [{"name": repeated("*a "), "summary": repeated("<i>")}],
        "awards": [{"bullet": "a" + " " * SIZE + "b"}],
        "publications": [{"title": "T", "authors": ["Jane" + " " * SIZE + "x"],
                          "date": "2020"}]}}}), encoding="utf-8")
    started = time.perf_counter()
    result = cli("import", "rendercv", source, "-o", tmp_path / "cv.yaml")
    assert time.perf_counter() - started < 2 * BOUND
    assert result.code in (0, 2), result.output
