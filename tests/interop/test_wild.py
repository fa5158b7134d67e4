"""The corpus of real-shaped files (tests/data/wild/, expected.yaml says what each gives):
every file imports with exactly its warnings, at their line; every fact reaches the record
and, built, the academic CV's PDF; nothing is dropped without being named."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cv_builder.cli.commands import cli

WILD = Path(__file__).resolve().parent.parent / "data" / "wild"
EXPECTED = yaml.safe_load((WILD / "expected.yaml").read_text(encoding="utf-8"))
FILES = sorted(EXPECTED)


def squeeze(text: str) -> str:
    """Letters and digits only, case-folded: line breaks, hyphenation and quotes aside."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def command(name: str) -> str:
    return "bibtex" if name.endswith(".bib") else (
        "jsonresume" if name.endswith(".json") else "rendercv")


def import_one(name: str, folder: Path):
    """Import the fixture into folder/<stem>.yaml: (exit code, output, record path)."""
    source = WILD / name
    record = folder / (re.sub(r"[^A-Za-z0-9-]", "-", name) + ".yaml")
    if name.endswith(".bib"):
        owner = EXPECTED[name]["owner"]
        record.write_text(f"person:\n  name: {owner}\n", encoding="utf-8")
        args = ["import", "bibtex", str(source), "--into", str(record)]
    else:
        args = ["import", command(name), str(source), "-o", str(record)]
    result = CliRunner().invoke(cli, args)
    return result, record


def located(output: str, name: str) -> list[str]:
    """The warnings with a place: what follows 'warning: <path>:'."""
    prefix = f"warning: {WILD / name}:"
    return [line[len(prefix):] for line in output.splitlines() if line.startswith(prefix)]


def test_the_corpus_has_the_shapes_it_promises():
    kinds = [command(name) for name in FILES]
    assert kinds.count("bibtex") >= 15 and kinds.count("jsonresume") >= 15
    assert kinds.count("rendercv") >= 3
    on_disk = {p.name for p in WILD.iterdir() if p.name != "expected.yaml"}
    assert on_disk == set(FILES), "every file of the folder has its expectations, and back"


@pytest.mark.parametrize("name", FILES)
def test_each_file_imports_with_exactly_its_warnings(name, tmp_path):
    expected = EXPECTED[name]
    result, record = import_one(name, tmp_path)
    assert "Traceback" not in result.output and not isinstance(result.exception, Exception) \
        or isinstance(result.exception, SystemExit), result.output
    if "refused" in expected:
        assert result.exit_code == 2 and expected["refused"] in result.output, result.output
        return
    assert result.exit_code == 0, result.output
    got = located(result.output, name)
    for fragment in expected["warnings"]:
        assert sum(fragment in line for line in got) == 1, (fragment, got)
    assert len(got) == len(expected["warnings"]), got
    no_place = re.search(r"^warning: no place in the record for: (.*)$", result.output, re.M)
    summary = no_place[1] if no_place else ""
    listed = summary.split(", ") if not name.endswith(".bib") else []
    # A path is named once: in the summary, or (a value it could not read) at its line.
    at_lines = {re.sub(r"\[\d+\]", "[]", line.split(": ")[1]) for line in got}
    for path in expected.get("no_place", []):
        assert path in listed or f"{path} (" in summary or path in at_lines, (path, listed)
        assert not (path in at_lines and path in listed), f"{path} named twice"
    text = record.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if name.endswith(".bib"):
        assert len(data["publications"]) == expected["papers"]
    haystack = squeeze(re.sub(r"\]\([^)]*\)", "", text))  # [label](url): the label counts
    missing = [fact for fact in expected["facts"] if squeeze(fact) not in haystack]
    assert not missing, missing


def test_a_second_import_of_a_bib_adds_nothing(tmp_path):
    for name in (n for n in FILES if n.endswith(".bib")):
        result, record = import_one(name, tmp_path)
        before = record.read_text(encoding="utf-8")
        again = CliRunner().invoke(cli, ["import", "bibtex", str(WILD / name),
                                         "--into", str(record)])
        assert again.exit_code == 0, again.output
        assert "added 0 publications" in again.output, (name, again.output)
        assert record.read_text(encoding="utf-8") == before


def test_papers_come_newest_first(tmp_path):
    for name in (n for n in FILES if n.endswith(".bib")):
        _, record = import_one(name, tmp_path)
        papers = yaml.safe_load(record.read_text(encoding="utf-8"))["publications"]
        years = [p.get("year", 10_000) for p in papers]  # none yet: not out, the newest
        assert years == sorted(years, reverse=True), (name, years)


def test_the_bib_as_the_record_s_bibliography_gives_the_same_papers(tmp_path):
    from cv_builder.record.validate import load_record

    for name in (n for n in FILES if n.endswith(".bib")):
        record = tmp_path / "cv.yaml"
        # A record's .bib is in its folder (issue 9): copied there, as a user would.
        (tmp_path / name).write_bytes((WILD / name).read_bytes())
        record.write_text(f"person:\n  name: {EXPECTED[name]['owner']}\n"
                          f"bibliography: {name}\n", encoding="utf-8")
        loaded, document = load_record(record)
        assert len(loaded.publications) == EXPECTED[name]["papers"], name
        assert len(document.warnings) == len(EXPECTED[name]["warnings"]), name


def test_strict_refuses_a_file_with_warnings_and_writes_nothing(tmp_path):
    for name in ("duplicates.bib", "dates-zoo.resume.json", "rendercv-v2_CV.yaml"):
        record = tmp_path / f"{name}.yaml"
        if name.endswith(".bib"):
            record.write_text("person:\n  name: Haruka Ito\n", encoding="utf-8")
            args = ["import", "bibtex", str(WILD / name), "--into", str(record), "--strict"]
        else:
            args = ["import", command(name), str(WILD / name), "-o", str(record), "--strict"]
        before = record.read_text(encoding="utf-8") if record.exists() else None
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, (name, result.output)
        assert (record.read_text(encoding="utf-8") if record.exists() else None) == before


@pytest.mark.latex
def test_every_fact_reaches_the_academic_cv(tmp_path):
    records = tmp_path / "records"
    records.mkdir()
    for name in FILES:
        if "refused" not in EXPECTED[name]:
            result, _ = import_one(name, records)
            assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "academic-cv", "--data", str(records),
                                      "--output", str(out), "-q"])
    assert result.exit_code == 0, result.output
    missing = {}
    for record in sorted(records.glob("*.yaml")):
        name = next(n for n in FILES if re.sub(r"[^A-Za-z0-9-]", "-", n) == record.stem)
        pdf = out / record.stem / "academic-cv.pdf"
        text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
                              check=True, capture_output=True, text=True).stdout
        haystack = squeeze(text)
        lost = [fact for fact in EXPECTED[name]["facts"] if squeeze(fact) not in haystack]
        if lost:
            missing[name] = lost
    assert not missing, missing
