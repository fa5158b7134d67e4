"""Hostile text on the terminal: record and imported text never drives it (issue 9, round 2).

Before: a key, a value or an imported field holding ESC sequences (CSI recolouring, OSC
retitling the window, BEL) reached the terminal raw through validate's problems, warnings
and build's lines, and the text, Markdown and HTML exports carried them into files.
Now every character a terminal acts on is shown as its escape (ESC as \\x1b), and exports
drop the control characters the PDF drops.
"""

from __future__ import annotations

import json

import pytest

from cv_builder.errors import shown

ESC = "\x1b[31mRED\x1b]0;TITLE\x07\x1b[0m"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066")


def raw_controls(text: str) -> list[str]:
    return [ch for ch in RAW if ch in text]


@pytest.mark.parametrize("text,expected", [
    ("a\x1b[31mb", "a\\x1b[31mb"),
    ("bell\x07 and CR\r", "bell\\x07 and CR\\r"),
    ("C1 \x9b31m", "C1 \\x9b31m"),
    ("evil\u202etxt.pdf", "evil\\u202etxt.pdf"),
    ("iso\u2066late\u2069", "iso\\u2066late\\u2069"),
    ("zero\u200bwidth", "zero\\u200bwidth"),
    ("two\nlines, é 中 ✓", "two\nlines, é 中 ✓"),
])
def test_shown_escapes_what_a_terminal_would_act_on(text, expected):
    assert shown(text) == expected
    assert shown(shown(text)) == expected


def test_validate_shows_keys_and_values_escaped(write_record, cli):
    path = write_record(
        'person:\n  name: Ada\nabout: Hi.\n'
        'awards:\n  - {name: A, year: "\\e[31m2019"}\n'
        'locale: "\\e[31mde"\n'
        'words: {"\\e[31mpresent": x}\n'
        '"\\e]0;TITLE\\abogus": 1\n'
        'variants:\n  "x\\e]0;VARIANT\\a":\n    extends: academic-cv\n')
    result = cli("validate", "--data", path)
    assert result.code == 2, result.output
    assert raw_controls(result.output) == [], repr(result.output)
    assert "\\x1b]0;TITLE\\x07bogus" in result.output
    assert "variants.x\\x1b]0;VARIANT\\x07" in result.output
    assert "traceback" not in result.output.lower()


def test_import_warnings_show_field_names_escaped(tmp_path, cli):
    source = tmp_path / "resume.json"
    source.write_text(json.dumps({"basics": {"name": "Ada", f"x{ESC}": "v",
                                             "nickname": f"n{ESC}"}}), encoding="utf-8")
    result = cli("import", "jsonresume", source, "-o", tmp_path / "cv.yaml")
    assert result.code == 0, result.output
    assert "x\\u001b[31mRED" in result.err or "x\\x1b[31mRED" in result.err, result.err
    assert raw_controls(result.output) == [], repr(result.output)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "jsonresume"])
def test_exports_carry_no_control_characters(write_record, minimal, cli, fmt, tmp_path):
    minimal["about"] = f"Hello {ESC} there\x9b."
    minimal["education"][0]["institution"] = f"University{ESC}"
    path = write_record(minimal)
    result = cli("export", "--format", fmt, "--data", path)
    assert result.code == 0, result.output
    assert raw_controls(result.out) == [] and "\\u001b" not in result.out, repr(result.out)
    if fmt == "jsonresume":
        assert json.loads(result.out)["basics"]["summary"] == "Hello [31mRED]0;TITLE[0m there."
    else:  # the rest of the text is kept (Markdown escapes its '[')
        assert "31mRED" in result.out and "there." in result.out


@pytest.mark.latex
def test_build_lines_show_record_text_escaped(write_record, minimal, cli, tmp_path,
                                              monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    minimal["experience"] = [{
        "organization": f"Org{ESC}{i}", "position": "Engineer", "start": "2000-01",
        "end": "2001-01",
        "highlights": [f"Did {ESC} thing {j} " + "with great success and impact. " * 6
                       for j in range(5)]} for i in range(14)]
    path = write_record(minimal)
    result = cli("build", "--data", path, "--output", tmp_path / "out", "--verbose",
                 "industry-resume")
    assert raw_controls(result.output) == [], repr(result.output[:2000])
    assert "\\x1b" in result.output
