"""What the build command prints for its outcomes: each warning once, none with --quiet."""

from pathlib import Path

import pytest

from cv_builder.cli.report import Report
from cv_builder.options import Outcome


def outcomes():
    first = Outcome("academic-cv", "built", Path("out/academic-cv.pdf"), 1, 0.2, 1,
                    warnings=("a line runs 9 pt into the right margin: “Juni 2021”",),
                    record_warnings=["cv.yaml:3: papers.bib: entry 'x' left out"])
    return [first, Outcome("industry-resume", "up to date", Path("out/industry-resume.pdf"))]


def test_each_warning_is_printed_once_the_records_before_the_pdfs(capsys):
    Report(quiet=False, verbose=False).outcomes(outcomes())
    printed = capsys.readouterr()
    assert printed.err.count("left out") == 1 and printed.err.count("Juni 2021") == 1
    assert printed.err.index("left out") < printed.err.index("Juni 2021")
    assert "academic-cv: built" in printed.out and "industry-resume: up to date" in printed.out


@pytest.mark.parametrize("status", ["built", "failed"])
def test_quiet_prints_errors_only(capsys, status):
    results = outcomes()
    results[0].status, results[0].error = status, "academic-cv: TeX stopped"
    Report(quiet=True, verbose=False).outcomes(results)
    printed = capsys.readouterr()
    assert printed.out == ""
    assert printed.err == ("" if status == "built" else "✗ academic-cv: failed\nacademic-cv: TeX stopped\n")
