"""Malformed records: each gets a short message with file:line:column and the field,
exit status 2, and never a traceback; a build that fails is exit status 1.

The records are in tests/data/malformed/; the table below says what each must give.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

MALFORMED = Path(__file__).resolve().parents[1] / "data" / "malformed"

# (file, line of the first problem or None, field path or "", fragment of the message)
CASES = [
    ("yaml-syntax.yaml", 4, "", "YAML syntax error"),
    ("tab-indent.yaml", 2, "", "a tab: YAML is indented with spaces only"),
    ("unclosed-list.yaml", 6, "", "did not find expected ',' or ']'"),
    ("two-documents.yaml", 3, "", "expected a single document"),
    ("duplicate-key.yaml", 4, "person.name", "duplicate key 'name' (first given on line 2)"),
    ("duplicate-section.yaml", 6, "awards", "duplicate key 'awards' (first given on line 3)"),
    ("unknown-key.yaml", 3, "educaton", "unknown field 'educaton'; did you mean 'education'?"),
    ("unknown-nested-key.yaml", 5, "awards[0].yaer", "did you mean 'year'?"),
    ("wrong-type-list.yaml", 3, "awards", "expected a list, got text"),
    ("wrong-type-number.yaml", 5, "awards[0].year", "expected a whole number, got text"),
    ("wrong-type-bool.yaml", 6, "awards[0].selected", "expected true or false, got text"),
    ("wrong-type-mapping.yaml", 1, "person", "expected a mapping, got text"),
    ("missing-required.yaml", 4, "education[0].degree", "this field is required"),
    ("end-before-start.yaml", 4, "education[0]", "end (2019-06) is before start (2020-09)"),
    ("month-13.yaml", 6, "experience[0].start", "month 13 does not exist"),
    ("not-a-date.yaml", 6, "experience[0].start", "'last spring' is not a date"),
    ("empty.yaml", None, "", "file is empty"),
    ("only-comments.yaml", None, "", "file holds no data"),
    ("not-utf8.yaml", 3, "", "byte 0xfc is not UTF-8"),
    ("list-not-mapping.yaml", 1, "", "the file holds a list, but a record is a mapping"),
    ("scalar-not-mapping.yaml", 1, "", "the file holds text, but a record is a mapping"),
    ("python-object.yaml", 2, "person.name", "python/object/apply:os.system is not allowed"),
    ("custom-tag.yaml", 3, "about", "tag !include is not allowed"),
    ("alias-bomb.yaml", 3, "", "aliases expanding without end?"),
    ("merge-key.yaml", 6, "awards[0]", "merge keys (<<) are not supported"),
    ("number-key.yaml", 3, "", "key 1843 must be text"),
    ("unsupported-characters.yaml", 3, "person.headline",
     "U+1E900 ADLAM CAPITAL LETTER ALIF (𞤀)"),
    ("bad-math.yaml", 7, "experience[0].highlights[0]", r"math command \input is not allowed"),
    ("bad-link.yaml", 3, "about", "link address 'file:///etc/passwd' must be an http(s)://"),
    ("bad-url.yaml", 3, "person.website", "'ftp://example.org/ada' is not a web address"),
    ("bad-email.yaml", 3, "person.email", "is not an email address"),
    ("unknown-paper.yaml", 12, "research[0].projects[0].papers[0]",
     "cites 'notes1834', which is not a publication id; did you mean 'notes1843'?"),
    ("negative-stars.yaml", 5, "open_source[0].stars", "-3 is too small: it must be at least 0"),
    ("empty-name.yaml", 2, "person.name", "the name is empty"),
    ("bad-variant.yaml", 6, "variants.one-pager.page_limit", "it must be at least 1"),
    ("variant-path-name.yaml", 4, "variants.../../outside",
     "variant name '../../outside' is used as a file name"),
    ("many-problems.yaml", 3, "person.nmae", "did you mean 'name'?"),
]

# Problems after the first one, for files with several: all are reported at once.
# (unknown-nested-key.yaml has one: 'yaer' is a misspelt 'year', so the missing year is
# not a second problem; see ONE_TYPO.)
ALSO = {
    "unsupported-characters.yaml": [(5, "awards[0].name", "the flag 🇬🇧"),
                                    (3, "person.headline", "and 4 more;")],
    "bad-variant.yaml": [(7, "variants.one-pager.paper", "'a5' is not one of 'letter' or 'a4'")],
    "many-problems.yaml": [(6, "awards[0].year", "expected a whole number, got text ('soon')"),
                           (8, "education[0]", "end (2019-01) is before start (2020-09)"),
                           (13, "talks[0].host", "U+1E900 ADLAM CAPITAL LETTER ALIF")],
}


def test_corpus_is_complete():
    """Every file in the folder has a row, and there are at least 20."""
    files = {path.name for path in MALFORMED.glob("*.yaml")}
    assert files == {name for name, *_ in CASES}
    assert len(CASES) >= 20


def expect_problem(output: str, name: str, line: int | None, field: str, fragment: str):
    """One line of output names the file (with line:column), the field and the fragment."""
    if line is None:
        where = re.escape(name) + ": "
    else:
        where = re.escape(f"{name}:{line}:") + r"\d+: "
    if field:
        where += re.escape(field) + ": "
    pattern = re.compile(where + r".*" + re.escape(fragment))
    assert any(pattern.search(row) for row in output.splitlines()), \
        f"no line matching {pattern.pattern!r} in:\n{output}"


@pytest.mark.parametrize("name, line, field, fragment", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("command", ["validate", "build"])
def test_malformed_record(tmp_path, cli, command, name, line, field, fragment):
    output_dir = tmp_path / "output"
    args = ["--output", output_dir] if command == "build" else []
    result = cli(command, "--data", MALFORMED / name, *args)
    assert result.code == 2, result.output
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    expect_problem(result.output, name, line, field, fragment)
    for line_, field_, fragment_ in ALSO.get(name, []):
        expect_problem(result.output, name, line_, field_, fragment_)
    if name in ONE_TYPO:
        assert "1 problem found" in result.output, result.output
    assert not list(tmp_path.rglob("*.pdf"))


# One typo, one problem: a misspelt required key is not also reported as missing.
ONE_TYPO = {"unknown-nested-key.yaml", "unknown-key.yaml"}


def test_python_tag_runs_nothing(cli):
    marker = Path("/tmp/cv-builder-PWNED")
    marker.unlink(missing_ok=True)
    cli("validate", "--data", MALFORMED / "python-object.yaml")
    assert not marker.exists()


def test_missing_file(tmp_path, cli):
    for command in ("validate", "build"):
        result = cli(command, "--data", tmp_path / "nowhere.yaml", "--output", tmp_path) \
            if command == "build" else cli(command, "--data", tmp_path / "nowhere.yaml")
        assert result.code == 2, result.output
        assert "nowhere.yaml: file not found" in result.output
        assert "Traceback" not in result.output


def test_folder_instead_of_file(tmp_path, cli):
    """validate reads every record of a folder; one with none is said to hold none."""
    result = cli("validate", "--data", tmp_path)
    assert result.code == 2, result.output
    assert f"{tmp_path}: folder holds no .yaml records" in result.output


def test_record_is_never_written(tmp_path, cli):
    """Validation reads the record only: a malformed file is left byte for byte."""
    path = tmp_path / "cv.yaml"
    shutil.copyfile(MALFORMED / "many-problems.yaml", path)
    before = path.read_bytes()
    cli("validate", "--data", path)
    cli("build", "--data", path, "--output", tmp_path / "out")
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", ["yaml-syntax.yaml", "python-object.yaml", "not-utf8.yaml",
                                  "alias-bomb.yaml", "unknown-key.yaml"])
def test_through_the_installed_command(name):
    """The real console script, in its own process: exit 2 on stderr, no traceback."""
    script = Path(sys.executable).with_name("cv-builder")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "cv_builder"]
    run = subprocess.run([*command, "validate", "--data", str(MALFORMED / name)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert run.stdout == ""
    assert f"{name}:" in run.stderr
    line, field, fragment = next((l, f, m) for n, l, f, m in CASES if n == name)
    expect_problem(run.stderr, name, line, field, fragment)


@pytest.mark.latex
def test_failed_build_is_exit_1(tmp_path, cli):
    """A valid record whose document cannot be made (page limit, --strict): exit 1."""
    record = tmp_path / "cv.yaml"
    awards = "".join(f"  - {{name: Prize number {i} for work, year: {1900 + i}}}\n"
                     for i in range(90))
    record.write_text("person: {name: Ada Lovelace}\nawards:\n" + awards
                      + "variants:\n  tiny:\n    extends: academic-cv\n    page_limit: 1\n",
                      encoding="utf-8")
    result = cli("build", "tiny", "--data", record, "--output", tmp_path / "out", "--strict")
    assert result.code == 1, result.output
    assert "Traceback" not in result.output
    assert "tiny" in result.output and "page" in result.output
    assert not (tmp_path / "out" / "tiny.pdf").exists()
