"""`cv-builder import bibtex FILE --into RECORD.yaml`: a .bib's new papers written into a
record file, in year order, every other line kept."""

from __future__ import annotations

import shutil

import pytest

import yaml
from click.testing import CliRunner, Result
from conftest import BIB_DECODED_TITLES, REPO_ROOT, bib_record_text

from cv_builder.cli.commands import cli
from cv_builder.record.validate import load_record


def run(*args) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def only_insertions(before: str, after: str) -> bool:
    """Every line of before is still in after, in order and unchanged."""
    import difflib

    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    return all(tag == "insert" for tag, *_ in matcher.get_opcodes() if tag != "equal")


def test_import_into_the_project_record_keeps_every_line(bib_folder):
    record = bib_folder / "cv.yaml"
    shutil.copyfile(REPO_ROOT / "data" / "cv.yaml", record)
    before = record.read_text(encoding="utf-8")
    result = run("import", "bibtex", bib_folder / "papers.bib", "--into", record)
    assert result.exit_code == 0, result.output
    assert "added 3 publications" in result.stdout
    assert "pages (1), volume (1)" in result.stderr
    after = record.read_text(encoding="utf-8")
    assert only_insertions(before, after)
    assert "# Older document only." in after and "# --- Research experience" in after
    loaded, _ = load_record(record)
    ids = [p.id for p in loaded.publications]
    assert ids[0] == "lukasiewicz2025logic" and ids[-1] == "cech2010arxiv"
    assert ids.index("schrodinger2021wave") == ids.index("zhuang2021multiple") + 1
    titles = {p.id: p.title for p in loaded.publications}
    assert [titles[key] for key in ("schrodinger2021wave", "lukasiewicz2025logic",
                                    "cech2010arxiv")] == BIB_DECODED_TITLES
    assert not [p for p in bib_folder.iterdir() if p.name.endswith(".tmp")]


def test_import_twice_adds_nothing_the_second_time(bib_folder):
    record = bib_folder / "cv.yaml"
    record.write_text(bib_record_text().replace("bibliography: papers.bib\n", ""), encoding="utf-8")
    assert run("import", "bibtex", bib_folder / "papers.bib", "--into", record).exit_code == 0
    once = record.read_text(encoding="utf-8")
    result = run("import", "bibtex", bib_folder / "papers.bib", "--into", record)
    assert result.exit_code == 0
    assert "added 0 publications" in result.stdout
    assert "already in the record" in result.stderr
    assert record.read_text(encoding="utf-8") == once


def test_import_into_a_record_without_publications(bib_folder):
    record = bib_folder / "cv.yaml"
    record.write_text("# My record\nperson:\n  name: Juntang Zhuang  # me\n", encoding="utf-8")
    assert run("import", "bibtex", bib_folder / "papers.bib", "--into", record).exit_code == 0
    text = record.read_text(encoding="utf-8")
    assert text.startswith("# My record\nperson:\n  name: Juntang Zhuang  # me\n")
    assert len(yaml.safe_load(text)["publications"]) == 3


@pytest.mark.parametrize("written, kept", [
    ("publications: []\n", "publications:\n"),
    ("publications: [ ]   # none yet\r\n", "publications: # none yet\r\n"),
])
def test_import_into_an_empty_inline_list_puts_the_papers_in_its_place(bib_folder, written,
                                                                        kept):
    """`publications: []` is how docs/record.md writes an empty list: the import made it
    an error (exit 1) to ask for a block list instead."""
    record = bib_folder / "cv.yaml"
    record.write_bytes(f"# my record\nperson:\n  name: Juntang Zhuang\n{written}"
                       "skills: []\n".encode())
    result = run("import", "bibtex", bib_folder / "papers.bib", "--into", record)
    assert result.exit_code == 0, result.output
    text = record.read_bytes().decode()
    assert text.startswith(f"# my record\nperson:\n  name: Juntang Zhuang\n{kept}  - id: ")
    assert text.endswith("skills: []\n")
    loaded, _ = load_record(record)
    assert len(loaded.publications) == 3 and loaded.skills == []


@pytest.mark.parametrize("written", [
    "publications: [{id: a, authors: [X], title: T, year: 2020}]\n",
    "publications: [\n  ]\n",
])
def test_a_list_the_import_cannot_add_to_is_refused_as_input(bib_folder, written):
    """What the user wrote is refused with exit 2 (invalid input), the file untouched."""
    record = bib_folder / "cv.yaml"
    record.write_text("person:\n  name: X\n" + written, encoding="utf-8")
    result = run("import", "bibtex", bib_folder / "papers.bib", "--into", record)
    assert result.exit_code == 2, result.output
    assert "cv.yaml:3" in result.output and "import again" in result.output
    assert record.read_text(encoding="utf-8") == "person:\n  name: X\n" + written


def test_import_into_a_record_that_references_a_bib(bib_folder):
    """Its id-only entries are complete through its own .bib; they are left as they are."""
    (bib_folder / "other.bib").write_text(
        "@article{extra2024, author={Zhuang, J.}, title={Extra}, year=2024}\n", encoding="utf-8")
    record = bib_folder / "cv.yaml"
    record.write_text(bib_record_text("  - id: schrodinger2021wave\n    notes: [Oral]\n"),
                      encoding="utf-8")
    result = run("import", "bibtex", bib_folder / "other.bib", "--into", record)
    assert result.exit_code == 0, result.output
    loaded, _ = load_record(record)
    assert [p.id for p in loaded.publications][:2] == ["lukasiewicz2025logic", "extra2024"]


def test_import_into_a_broken_record_changes_nothing(bib_folder):
    record = bib_folder / "cv.yaml"
    record.write_text("person:\n  name: A\n  nmae: typo\n", encoding="utf-8")
    result = run("import", "bibtex", bib_folder / "papers.bib", "--into", record)
    assert result.exit_code == 2
    assert record.read_text(encoding="utf-8") == "person:\n  name: A\n  nmae: typo\n"


def test_import_of_a_bib_with_nothing_readable_changes_nothing(bib_folder):
    record = bib_folder / "cv.yaml"
    record.write_text("person:\n  name: A\n", encoding="utf-8")
    (bib_folder / "bad.bib").write_text("@article{k, author={A B}}\n", encoding="utf-8")
    result = run("import", "bibtex", bib_folder / "bad.bib", "--into", record)
    assert result.exit_code == 2
    assert "bad.bib:1: @k.title" in result.output
    assert record.read_text(encoding="utf-8") == "person:\n  name: A\n"


def test_one_bad_entry_is_a_warning_and_strict_refuses_it(bib_folder):
    record = bib_folder / "cv.yaml"
    record.write_text("person:\n  name: A\n", encoding="utf-8")
    bib = bib_folder / "mixed.bib"
    bib.write_text("@article{k, author={A B}}\n@article{ok, author={A B}, title={U}, year=2021}\n",
                   encoding="utf-8")
    strict = run("import", "bibtex", bib, "--into", record, "--strict")
    assert strict.exit_code == 2 and "mixed.bib:1: @k.title" in strict.output
    assert record.read_text(encoding="utf-8") == "person:\n  name: A\n"
    result = run("import", "bibtex", bib, "--into", record)
    assert result.exit_code == 0, result.output
    assert "warning: " in result.stderr and "mixed.bib:1: @k.title" in result.stderr
    assert "added 1 publication (ok)" in result.stdout


def test_import_needs_into(bib_folder):
    assert run("import", "bibtex", bib_folder / "papers.bib").exit_code == 2


def test_a_broken_record_is_refused_with_the_bib_s_warnings_too(tmp_path):
    """One run lists what to fix in the record and what the .bib holds."""
    from click.testing import CliRunner

    from cv_builder.cli.commands import cli

    (tmp_path / "papers.bib").write_text("@article{b, author={X}, year=2020}\n",
                                         encoding="utf-8")
    record = tmp_path / "cv.yaml"
    record.write_text("person:\n  name: X\n  email: bad\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", "bibtex", str(tmp_path / "papers.bib"),
                                      "--into", str(record)])
    assert result.exit_code == 2
    assert "cv.yaml:3:3: person.email" in result.output
    assert "and 1 warning, which alone would not stop it:" in result.output
    assert "papers.bib:1: @b.title: no title: left out" in result.output
    assert record.read_text(encoding="utf-8") == "person:\n  name: X\n  email: bad\n"
