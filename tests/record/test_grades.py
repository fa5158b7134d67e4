"""An education's gpa: the word GPA before a bare number or ratio only, in every look and
every export (Language.grade, the one place)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cv_builder.cli.commands import cli
from cv_builder.record.language import language as language_of


@pytest.mark.parametrize("gpa, printed", [
    ("3.8/4.0", "GPA: 3.8/4.0"),
    ("3.8", "GPA: 3.8"),
    ("3.8 / 4.0", "GPA: 3.8 / 4.0"),
    ("85%", "GPA: 85%"),
    ("GPA: 3.8/4.0, First Class Honours", "GPA: 3.8/4.0, First Class Honours"),
    ("First Class Honours", "First Class Honours"),
    ("3.8/4.0 (top 5%)", "3.8/4.0 (top 5%)"),
    ("summa cum laude", "summa cum laude"),
])
def test_the_label_goes_before_a_bare_number_only(gpa, printed):
    assert language_of("en").grade(gpa) == printed


def test_the_label_is_the_locale_s_word():
    assert language_of("de").grade("1,3") == "Note: 1,3"


RECORD = """person:
  name: Priya Raman
design: {{look: {look}}}
education:
  - institution: University of Leeds
    degree: B.Sc.
    gpa: "GPA: 3.8/4.0, First Class Honours"
    start: 2019
    end: 2022
  - institution: Northeastern University
    degree: M.S.
    gpa: First Class Honours
    start: 2022
    end: 2024
  - institution: Example College
    degree: A.A.
    gpa: 3.9/4.0
    start: 2017
    end: 2019
"""


@pytest.mark.parametrize("look", ["default", "classic", "awesome"])
def test_every_look_and_export_prints_the_grade_as_written_or_labelled(tmp_path, look):
    """`gpa: "GPA: 3.8/4.0, ..."` printed "(GPA: GPA: 3.8/4.0, ...)", and a UK class
    "GPA: First Class Honours"."""
    record = tmp_path / "cv.yaml"
    record.write_text(RECORD.format(look=look), encoding="utf-8")
    outputs = []
    for variant in ("academic-cv", "industry-resume"):
        result = CliRunner().invoke(cli, ["tex", variant, "--data", str(record)])
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
        for fmt in ("text", "markdown", "html"):
            result = CliRunner().invoke(cli, ["export", "--format", fmt, variant,
                                              "--data", str(record)])
            assert result.exit_code == 0, result.output
            outputs.append(result.output)
    for output in outputs:
        assert "GPA: GPA" not in output and "GPA: First" not in output, output
        assert "GPA: 3.8/4.0, First Class Honours" in output
        assert "First Class Honours" in output.replace("GPA: 3.8/4.0, First Class Honours", "")
        assert "GPA: 3.9/4.0" in output
