"""Hostile sizes: no record makes validation slow, hungry or crash (issue 9, items 4 and 10).

- Markup parses in linear time: runs of unclosed `[`, `*[`, `[x](h` that took the old
  parser minutes (it searched to the end of the text for every opener) now take
  milliseconds, and give the same tree as the obvious search did.
- Aliases are budgeted by the text they expand to, not by their number of nodes.
- Nesting (YAML, math) has a depth limit reported as a problem, never a RecursionError.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cv_builder.errors import InvalidInput
from cv_builder.record.load import parse_document
from cv_builder.record.markup import MarkupError, math_tree, parse
from cv_builder.record.validate import validate_record


def seconds(function, *args) -> float:
    started = time.perf_counter()
    try:
        function(*args)
    except (MarkupError, InvalidInput):
        pass
    return time.perf_counter() - started


# --- Markup in linear time ---------------------------------------------------------------------

@pytest.mark.parametrize("unit, count", [
    ("[", 60_000), ("*[", 20_000), ("[x](h", 8_000), ("[x](", 8_000), ("*", 60_000),
    ("**", 30_000), ("$", 60_000), ("\\", 60_000), ("[*", 20_000), ("*a**", 15_000),
])
def test_markup_parses_in_linear_time(unit, count):
    """The issue's sizes: 10 to 670 s with the old parser; well under a second now (the
    bound is loose because test machines are shared)."""
    parse.cache_clear()
    assert seconds(parse, unit * count) < 2.0


def _find_closing(text: str, start: int, delimiter: str) -> int:
    """The old search, kept as the definition the fast parser must agree with."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(delimiter, i):
            if delimiter == "*" and text.startswith("**", i):
                i += 2
                continue
            return i
        i += 1
    return -1


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="*[]()$\\ax", max_size=40))
def test_closing_delimiters_are_found_as_the_plain_search_finds_them(text):
    from cv_builder.record.markup import Closers

    closers = Closers(text)
    for delimiter in ("**", "*", "](", ")", "$"):
        for start in range(len(text) + 2):
            assert closers.find(start, delimiter) == _find_closing(text, start, delimiter), \
                (text, start, delimiter)


def test_long_math_is_linear():
    """Parsed and written as LaTeX: the writer looked back over all it had written for
    a command name before each letter (20,000 pieces: 15 s)."""
    from cv_builder.latex.markup import to_latex

    parse.cache_clear()
    assert seconds(to_latex, "$" + "a" * 60_000 + "$") < 2.0
    assert seconds(to_latex, "$" + r"\alpha a" * 20_000 + "$") < 2.0


# --- Nesting ------------------------------------------------------------------------------------

def test_deeply_nested_math_is_refused_in_words():
    source = "\\sqrt{" * 200 + "x" + "}" * 200
    with pytest.raises(MarkupError, match="nested"):
        math_tree(source)
    with pytest.raises(MarkupError, match="nested"):
        math_tree("{" * 500 + "x" + "}" * 500)


def test_math_nested_a_little_still_works():
    assert math_tree("\\sqrt{" * 10 + "x" + "}" * 10)


@pytest.mark.parametrize("text", [
    "person: {name: Ada}\nabout: " + "[" * 700 + "]" * 700 + "\n",
    "person: {name: Ada}\nx:\n" + "".join("  " * (i + 1) + "k:\n" for i in range(700))
    + "  " * 701 + "v\n",
])
def test_deep_yaml_is_a_problem_not_a_crash(text):
    with pytest.raises(InvalidInput) as caught:
        parse_document(text.encode(), "cv.yaml")
    assert "nested" in str(caught.value)


# --- Aliases budgeted by what they expand to ---------------------------------------------------

def test_a_big_string_repeated_by_alias_is_refused_quickly():
    """A 1 MB string referred to 300 times: 300 MB of text for every later step (the old
    loader counted nodes, found 301, and let it through: 40 s to validate, 1.9 GB)."""
    big = "x" * 1_000_000
    text = ("person: {name: Ada}\nabout: &big " + big + "\nskills:\n"
            + "".join(f"  - {{category: c{i}, items: [*big]}}\n" for i in range(300)))
    started = time.perf_counter()
    with pytest.raises(InvalidInput) as caught:
        validate_record(parse_document(text.encode(), "cv.yaml"))
    assert time.perf_counter() - started < 3.0
    assert "aliases" in str(caught.value) and "cv.yaml:" in str(caught.value)


def test_small_aliases_are_still_fine():
    text = ("person: {name: Ada}\nskills:\n  - {category: a, items: &x [Python, C]}\n"
            "  - {category: b, items: *x}\n")
    record = validate_record(parse_document(text.encode(), "cv.yaml"))
    assert record.skills[1].items == ["Python", "C"]
