"""The installed command answers a plain up-to-date `build` before click loads, with the
very lines the CLI prints; anything else goes to the CLI."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cv_builder.cli.entry import plain_build

DEFAULTS = (Path("data/cv.yaml"), Path("output"))


@pytest.mark.parametrize("argv, expected", [
    (["build"], (*DEFAULTS, [], False)),
    (["build", "-q"], (*DEFAULTS, [], True)),
    (["build", "industry-resume", "--quiet", "academic-cv"],
     (*DEFAULTS, ["industry-resume", "academic-cv"], True)),
    (["build", "--data", "me.yml", "--output", "out"], (Path("me.yml"), Path("out"), [], False)),
])
def test_plain_builds_are_recognised(argv, expected):
    assert plain_build(argv) == expected


@pytest.mark.parametrize("argv", [
    [], ["validate"], ["--debug", "build"], ["build", "--force"], ["build", "--watch"],
    ["build", "--data=cv.yaml"], ["build", "--data"], ["build", "--data", "-q"],
    ["build", "--data", "a.yaml", "--data", "b.yaml"], ["build", "--output", "a", "--output", "b"],
    ["build", "--preview"], ["build", "-j", "2"], ["build", "--help"], ["build", "../x"],
    ["build", "--"], ["build", "-qv"],
    ["build", "--data", "--output", "out"], ["build", "--output", "--data", "me.yml"],
])
def test_everything_else_goes_to_the_cli(argv):
    assert plain_build(argv) is None


def command(*args: object, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cv_builder", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True)


def without_time(text: str) -> str:
    return re.sub(r"done in [\d.]+ s", "done in _ s", text)


@pytest.fixture
def built(tmp_path, repo_root):
    data = tmp_path / "cv.yaml"
    shutil.copy(repo_root / "data" / "cv.yaml", data)
    output = tmp_path / "out"
    first = command("build", "--data", data, "--output", output, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    return data, output


@pytest.mark.latex
@pytest.mark.parametrize("extra", [[], ["industry-resume"], ["-q"]])
def test_quick_answer_prints_what_the_cli_prints(built, tmp_path, cli, extra):
    data, output = built
    quick = command("build", "--data", data, "--output", output, *extra, cwd=tmp_path)
    assert quick.returncode == 0 and quick.stderr == ""
    full = cli("build", "--data", data, "--output", output, *extra)  # click, in-process
    assert full.code == 0
    assert without_time(quick.stdout) == without_time(full.out)
    assert ("up to date" in quick.stdout) == ("-q" not in extra)


@pytest.mark.latex
def test_quick_answer_loads_neither_click_nor_the_pipeline(built, tmp_path):
    data, output = built
    probe = ("import sys\nfrom cv_builder.cli.entry import answer_up_to_date\n"
             f"print(answer_up_to_date(['build', '--data', {str(data)!r}, '--output', "
             f"{str(output)!r}]))\n"
             "print(sorted(m for m in ('click', 'jinja2', 'pydantic', 'pypdf', 'yaml') "
             "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            cwd=tmp_path, check=True)
    assert result.stdout.strip().endswith("True\n[]")


@pytest.mark.latex
def test_an_edit_is_left_to_the_full_build(built, tmp_path):
    data, output = built
    data.write_text(data.read_text(encoding="utf-8").replace(
        "name: Best paper award", "name: Best paper prize", 1), encoding="utf-8")
    from cv_builder.cli.entry import answer_up_to_date

    assert answer_up_to_date(["build", "--data", str(data), "--output", str(output)]) is False
    result = command("build", "--data", data, "--output", output, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "academic-cv: built" in result.stdout and "research-statement: up to date" in \
        result.stdout


def test_errors_still_come_from_the_cli(tmp_path):
    result = command("build", "--data", tmp_path / "missing.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "missing.yaml: file not found" in result.stderr and "Traceback" not in result.stderr
