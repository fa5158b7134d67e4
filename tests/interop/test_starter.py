"""`cv-builder new`: a starter record that validates and builds, never written over a file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cv_builder.cli.commands import cli
from cv_builder.interop.starter import (
    LIVE,
    SECTIONS,
    check_starter,
    initials_form,
    schema_line,
    slug,
    starter_text,
)
from cv_builder.record.load import parse_document
from cv_builder.record.model import Record
from cv_builder.record.validate import load_record, validate_record

REPO = Path(__file__).resolve().parents[2]
PAPERS_BIB = """@inproceedings{lovelace1843notes,
  author = {Lovelace, Ada and Menabrea, Luigi},
  title = {Notes on the Analytical Engine},
  booktitle = {Scientific Memoirs},
  year = 1843,
}
"""


def run(*args) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("name, expected", [
    ("Ada Lovelace", "ada-lovelace"),
    ("  Ada   King Lovelace ", "ada-king-lovelace"),
    ("María José Pérez-Núñez", "maria-jose-perez-nunez"),
    ("O'Brien, Jr.", "o-brien-jr"),
    ("李雷", "李雷"),
    ("김민준", "김민준"),
    ("Αλέξανδρος Παπαδόπουλος", "αλεξανδρος-παπαδοπουλος"),
    ("محمد علي", "محمد-علي"),
    ("!!!", "cv"),
])
def test_slug(name, expected):
    assert slug(name) == expected


@pytest.mark.parametrize("name, expected", [
    ("Ada Lovelace", "A. Lovelace"), ("Ada King Lovelace", "A. K. Lovelace"), ("Cher", "Cher"),
])
def test_initials_form(name, expected):
    assert initials_form(name) == expected


def test_new_writes_full_name_yaml_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "Ada Lovelace")
    assert result.exit_code == 0, result.output
    # The command it prints is the one to type here: a path relative to this folder.
    assert result.output.strip() == ("wrote ada-lovelace.yaml and an example papers.bib (for "
                                     "its bibliography: line); build it with: "
                                     "cv-builder build --data ada-lovelace.yaml")
    path = tmp_path / "ada-lovelace.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("# yaml-language-server: $schema=")
    assert ".invalid" not in text
    record, _ = load_record(path)
    assert record.person.name == "Ada Lovelace"


def test_the_bibliography_example_works_once_uncommented(tmp_path, monkeypatch):
    """`# bibliography: papers.bib` named a file that was not there: uncommented, the
    record failed. `new` writes an example papers.bib beside it, the person its first
    author, and keeps one the person has."""
    monkeypatch.chdir(tmp_path)
    assert run("new", "Zoë O'Brien-Nakamura").exit_code == 0
    path = tmp_path / "zoe-o-brien-nakamura.yaml"
    text = path.read_text(encoding="utf-8").replace("# bibliography: papers.bib",
                                                    "bibliography: papers.bib")
    path.write_text(text, encoding="utf-8")
    record, document = load_record(path)
    (paper,) = record.publications
    assert paper.id == "example2024bib" and paper.authors[0] == "Zoë O'Brien-Nakamura"
    assert document.warnings == []  # the owner found: bolded, no hint
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "papers.bib").write_text(PAPERS_BIB, encoding="utf-8")
    result = run("new", "Ada Lovelace", "-o", mine)
    assert result.exit_code == 0 and "papers.bib" not in result.output
    assert (mine / "papers.bib").read_text(encoding="utf-8") == PAPERS_BIB


@pytest.mark.parametrize("name", ["A {B} \\textbf{C}", "%&$#"])
def test_the_example_bib_reads_whatever_the_name(name):
    from cv_builder.interop.starter import example_bib
    from cv_builder.record.bibliography import parse_bib

    bib = parse_bib(example_bib(name), "papers.bib", [])
    assert bib.publications and not bib.warnings


def test_new_never_overwrites(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    existing = tmp_path / "ada-lovelace.yaml"
    existing.write_text("person:\n  name: Mine\n", encoding="utf-8")
    result = run("new", "Ada Lovelace")
    assert result.exit_code == 2
    assert "already exists" in result.output
    assert existing.read_text(encoding="utf-8") == "person:\n  name: Mine\n"


def test_new_with_o_to_a_file_or_a_folder(tmp_path):
    assert run("new", "Ada Lovelace", "-o", tmp_path / "me.yaml").exit_code == 0
    assert (tmp_path / "me.yaml").is_file()
    (tmp_path / "records").mkdir()
    assert run("new", "Ada Lovelace", "-o", tmp_path / "records").exit_code == 0
    assert (tmp_path / "records" / "ada-lovelace.yaml").is_file()


def test_new_with_o_to_a_folder_that_does_not_exist_yet(tmp_path, monkeypatch):
    """`-o cv/` is a folder (the slash says so), made if need be; a file's missing
    folders are made too. Never a file named `cv`."""
    monkeypatch.chdir(tmp_path)
    result = run("new", "Ada Lovelace", "-o", "cv/")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cv" / "ada-lovelace.yaml").is_file()
    assert "cv-builder build --data cv/ada-lovelace.yaml" in result.output
    assert run("new", "Ada Lovelace", "-o", "deep/er/me.yaml").exit_code == 0
    assert (tmp_path / "deep" / "er" / "me.yaml").is_file()


@pytest.mark.parametrize("name, message", [
    ("𞤀𞤁", "cannot be typeset"),
    ("   ", "full name"),
])
def test_new_refuses_a_record_that_would_not_build(tmp_path, name, message):
    result = run("new", name, "-o", tmp_path / "no" / "x.yaml")
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "no").exists()
    # The error is about the name given, never a line of a file that was not written.
    assert "x.yaml" not in result.output and "starter.yaml" not in result.output


def test_names_that_yaml_would_misread_are_quoted(tmp_path):
    for name in ('Yes', '"Quoted" #hash: colon', "O'Brien"):
        text = starter_text(name, "x.yaml")
        record = validate_record(parse_document(text.encode(), "x.yaml"))
        assert record.person.name == name


def test_every_section_of_the_record_has_an_example():
    text = starter_text("Ada Lovelace", "x.yaml")
    live = {example.split(":")[0] for heading, _, example in SECTIONS if heading in LIVE}
    assert live == {"about", "research_statement"}
    for name, info in Record.model_fields.items():
        if name in ("schema_", "person"):
            continue
        written = f"\n{name}:" if name in live else f"\n# {name}:"
        assert written in text, f"no example for {name}"
    for name in ("name_forms", "headline", "email", "phone", "website", "location", "profiles"):
        assert f"\n  # {name}:" in text


def test_the_examples_validate_once_uncommented(tmp_path):
    (tmp_path / "papers.bib").write_text(PAPERS_BIB, encoding="utf-8")
    path = tmp_path / "live.yaml"
    path.write_text(starter_text("Ada Lovelace", "live.yaml", examples_live=True),
                    encoding="utf-8")
    record, _ = load_record(path)
    assert {p.id for p in record.publications} == {"lastname2022solver", "lovelace1843notes"}
    assert record.publications[0].authors[0] == "Ada Lovelace"  # bolded: the person's name
    assert len(SECTIONS) + 1 == sum(1 for line in path.read_text().splitlines()
                                    if line.startswith("# --- "))


def uncomment_every_example(text: str) -> str:
    """What the header tells a user to do, and nothing more: in each section, the lines
    after the explanation, from the first `# key:` on, lose exactly the "# " in front of
    them (the indentation kept); so do the person's `  # key:` lines."""
    lines, out = text.splitlines(), []
    in_example = in_person = False
    for index, line in enumerate(lines):
        if line.startswith("# --- "):
            in_example, in_person = False, line.startswith("# --- Person ")
        elif re.match(r"# [a-z_]+:", line) and lines[index - 1].startswith("# "):
            in_example = True  # an example starts at its first key
        elif not line.strip():
            in_example = False
        if in_example:
            assert line.startswith("# "), f"an example line not behind '# ': {line!r}"
            line = line[2:]
        elif in_person and line.startswith("  # "):  # the person's fields, under name:
            line = "  " + line[4:]
        out.append(line)
    text = "\n".join(out) + "\n"
    leftover = [line for line in text.splitlines() if re.match(r"\s*# -? ?\w+:", line)]
    assert not leftover, f"commented YAML left: {leftover}"
    return text


def test_each_example_uncomments_by_removing_exactly_the_hash_and_space(tmp_path):
    """The letter's paragraph break was written as a bare '#', which "remove the '# '"
    leaves behind: the uncommented record did not parse."""
    text = uncomment_every_example(starter_text("Ada Lovelace", "x.yaml"))
    path = tmp_path / "x.yaml"
    (tmp_path / "papers.bib").write_text(PAPERS_BIB, encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    record, _ = load_record(path)
    assert record.letters[0].id == "example-labs" and record.locale == "en"
    assert {p.id for p in record.publications} == {"lastname2022solver", "lovelace1843notes"}
    assert record.person.email == "you@example.org"


@pytest.mark.parametrize("name", ["Ada Lovelace", 'Zoë "Z" O\'Brien', "李雷"])
def test_the_example_paper_alone_uncommented_bolds_the_person(tmp_path, name):
    """A user who uncomments only the publication (name_forms still commented out) got a
    paper by "A. Lovelace" and an owner bolded nowhere: the example names the person as
    person.name does."""
    text = starter_text(name, "x.yaml")
    start = text.index("# publications:")
    end = text.index("# --- ", start)
    block = "".join(line[2:] + "\n" for line in text[start:end].splitlines() if line)
    path = tmp_path / "x.yaml"
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    record, document = load_record(path)
    assert record.publications[0].authors[0] == name
    assert record.person.name_forms == [] and document.warnings == []


def test_no_example_holds_a_blank_line():
    for heading, _, example in SECTIONS:
        assert all(line.strip() for line in example.splitlines()), heading


def test_no_code_span_is_split_across_comment_lines():
    """`cv-builder list` was wrapped at its hyphen, "`cv-" on one line, "builder list`"
    on the next."""
    for line in starter_text("Ada Lovelace", "x.yaml").splitlines():
        if line.startswith("#"):
            assert line.count("`") % 2 == 0, line


def test_the_starter_shows_a_section_of_ones_own_and_a_letter():
    text = starter_text("Ada Lovelace", "x.yaml")
    assert "\n# sections:\n#   teaching:" in text and "\n# letters:\n#   - id: " in text


def test_schema_line_is_relative_inside_the_project_and_a_uri_outside(tmp_path):
    assert schema_line(REPO / "data" / "x.yaml").endswith("$schema=../docs/cv.schema.json")
    assert schema_line(tmp_path / "x.yaml").endswith("docs/cv.schema.json")
    assert "$schema=file://" in schema_line(tmp_path / "x.yaml")


def test_check_starter_is_what_new_runs():
    check_starter(starter_text("Ada Lovelace", "x.yaml"), "x.yaml")


@pytest.mark.latex
@pytest.mark.parametrize("live", [False, True], ids=["as-written", "examples-uncommented"])
def test_the_starter_builds_every_variant(tmp_path, live):
    from pypdf import PdfReader

    path = tmp_path / "ada-lovelace.yaml"
    assert run("new", "Ada Lovelace", "-o", path).exit_code == 0
    if live:
        (tmp_path / "papers.bib").write_text(PAPERS_BIB, encoding="utf-8")
        text = uncomment_every_example(path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
    output = tmp_path / "output"
    result = run("build", "--data", path, "--output", output)
    assert result.exit_code == 0, result.output
    letters = ["cover-letter-example-labs"] if live else []
    assert sorted(p.stem for p in output.glob("*.pdf")) == sorted(
        ["academic-cv", "industry-resume", "research-statement", *letters])
    for name in ("academic-cv", "industry-resume", "research-statement", *letters):
        pdf = output / f"{name}.pdf"
        text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
        assert "Ada Lovelace" in text
        if live and name == "academic-cv":
            assert "Notes on the Analytical Engine" in text
            assert "Accurate solvers for neural ODEs" in text
            assert "Teaching Fellow, Numerical Methods (CS 101)" in text
            assert "Spanish: professional" in text
        if live and name in letters:
            assert "Dear Dr. Grace Hopper," in text and "January 15, 2024" in text
            assert len(PdfReader(pdf).pages) == 1
