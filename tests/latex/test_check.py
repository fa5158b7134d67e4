"""The check before publishing reads pdfTeX's own report (pages from the log, metadata
from the information dictionary) and must agree with pypdf, which reads any PDF."""

from __future__ import annotations

import copy
import re
import shutil

import pytest
from conftest import MINIMAL

from cv_builder.errors import BuildFailed
from cv_builder.latex.check import _read_with_pypdf, _string_at, check_pdf, read_facts

VARIANTS = ["academic-cv", "industry-resume", "research-statement"]


def test_literal_strings_with_escapes_and_nesting():
    body = rb"/Title(a\(b\) (nested) \\ \101\040\0500\nz)/Next"
    assert _string_at(body, body.index(b"(")) == b"a(b) (nested) \\ A (0\nz"


def test_hex_strings_and_a_missing_final_digit():
    body = b"/Title<FEFF 0041 00e9>/Author<41 4>"
    assert _string_at(body, body.index(b"<")) == b"\xfe\xff\x00A\x00\xe9"
    assert _string_at(body, body.rindex(b"<")) == b"A@"


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory, build_cv):
    """The résumé of a person whose name puts PDF string syntax and non-Latin-1 text in
    every metadata field."""
    folder = tmp_path_factory.mktemp("meta")
    minimal = copy.deepcopy(MINIMAL)
    minimal["person"]["name"] = r"Zoë (Łukasz) \ Ærø – “Smith” € Erdős"
    built = build_cv(minimal, folder, "industry-resume")
    assert built.code == 0, built.result.output
    log = (folder / "output" / ".build" / "industry-resume" / "industry-resume.log")
    return built.pdf, log.read_text(encoding="utf-8", errors="replace")


@pytest.mark.latex
def test_facts_from_pdftex_match_pypdf_for_every_variant(tmp_path, build_cv, repo_root):
    record = tmp_path / "cv.yaml"
    shutil.copy(repo_root / "data" / "cv.yaml", record)
    for name in VARIANTS:
        built = build_cv(record, tmp_path, name)
        assert built.code == 0, built.result.output
        log = (tmp_path / "output" / ".build" / name / f"{name}.log").read_text(
            encoding="utf-8", errors="replace")
        assert read_facts(built.pdf, log) == _read_with_pypdf(built.pdf)


@pytest.mark.latex
def test_facts_from_pdftex_match_pypdf_for_hostile_metadata(hostile_build):
    pdf, log = hostile_build
    facts = read_facts(pdf, log)
    assert facts == _read_with_pypdf(pdf)
    assert facts.author == r"Zoë (Łukasz) \ Ærø – “Smith” € Erdős"


@pytest.mark.latex
def test_without_pdftex_report_pypdf_reads_it(hostile_build):
    pdf, _ = hostile_build
    assert read_facts(pdf, "") == _read_with_pypdf(pdf)
    assert read_facts(pdf, "no report in this log") == _read_with_pypdf(pdf)


@pytest.mark.latex
def test_page_count_comes_from_the_log(hostile_build):
    pdf, log = hostile_build
    assert read_facts(pdf, log).pages == 1
    doubled = log.replace("(1 page,", "(2 pages,")
    with pytest.raises(BuildFailed, match="2 pages, 1 more than its limit of 1"):
        check_pdf(pdf, "industry-resume", 1, doubled)


@pytest.mark.latex
def test_empty_metadata_is_caught(hostile_build, tmp_path):
    pdf, log = hostile_build
    blanked = tmp_path / "blank.pdf"
    data = pdf.read_bytes()
    start = data.index(b"/Subject(") + len(b"/Subject(")
    end = data.index(b")/", start)
    # Same length, so the cross-reference offsets stay right for pypdf too.
    blanked.write_bytes(data[:start] + b" " * (end - start) + data[end:])
    with pytest.raises(BuildFailed, match="no subject in its metadata"):
        check_pdf(blanked, "industry-resume", 1, log)


OVERFULL_LOG = rb"""LaTeX Info: Completed page discarded.

Overfull \hbox (166.41849pt too wide) in paragraph at lines 689--689
\T1/lmr/b/n/11 (-20) things \T1/lmr/m/n/11 (-20) [[]4[], []11[], []18[], []25[], []32[], []39[]]
 []

Overfull \hbox (2.5pt too wide) in paragraph at lines 12--13
[]\T1/lmr/m/n/11 (-20) Caf^^c3^^a9 with a glyph hanging out
 []

Overfull \hbox (9.72243pt too wide) detected at line 40
\TU/cvbrm/m/n/11 Caf^^c3^^a9 au lait
"""

# pdfTeX's full listing of a line (\showboxdepth): a date in a box of its own, which the
# summary shows as "[][]"; an en dash (T1 slot 0x15, ^^U), a middle dot (TS1 0xB7, a
# raw byte), T1's quotation marks and a discretionary's hyphen that is not printed.
LISTED_LOG = (rb"""Overfull \hbox (11.17343pt too wide) in paragraph at lines 228--228
 [][]

\hbox(8.25+2.75)x202.3529
.\glue(\leftskip) 0.0 plus 1.0fil
.\hbox(0.0+0.0)x0.0
.\hbox(8.25+2.75)x214.7865
..\glue 0.0 plus 1.0fil minus 1.0fil
..\T1/lmr/m/n/11 (+10) J
..\T1/lmr/m/n/11 (+10) u
..\discretionary
...\T1/lmr/m/n/11 -
..\T1/lmr/m/n/11 n
..\T1/lmr/m/n/11 i
..\penalty 10000
..\glue 3.59023 plus 1.7951 minus 1.19675
..\T1/lmr/m/n/11 ^^U
..\glue(\rightskip) 0.0
..\glue 3.59023 plus 1.7951 minus 1.19675
..\TS1/lmr/m/n/11 """ + b"\xb7" + rb"""
..\kern -1.07713
..\glue 3.59023 plus 1.7951 minus 1.19675
..\T1/lmr/m/n/11 ^^P
..\T1/lmr/m/n/11 e
..\T1/lmr/m/n/11 ^^Q
.\penalty 10000
.\glue(\parfillskip) 0.0

Overfull \hbox (9.2264pt too wide) in paragraph at lines 390--390
 [][]

\hbox(7.326+2.12254)x202.3529
.\hbox(7.326+2.12254)x211.5793, glue set 58.2232fil
..\TU/cvbnotorm/m/n/11 """ + "июнь".encode() + rb"""
..\glue 3.663 plus 1.8315 minus 1.221
..\TU/cvbrm/m/n/11 2021
""")


def test_a_line_into_the_margin_is_a_warning_with_its_words():
    from cv_builder.latex.check import overfull_lines

    advice = "; shorten it, or give it a place to break (TeX breaks a line only at a space " \
             "or a hyphen)"
    assert overfull_lines(OVERFULL_LOG) == [
        "a line runs 166 pt into the right margin: “things [4, 11, 18, 25, 32, 39]”" + advice,
        "a line runs 10 pt into the right margin: “Café au lait”" + advice]  # 2.5 pt: overhang
    assert "x…”; shorten it" in overfull_lines(
        b"Overfull \\hbox (40.0pt too wide) in paragraph at lines 1--2\n" + b"x" * 200 + b"\n")[0]


def test_a_warning_names_the_section_and_entry_of_the_line(tmp_path):
    """The place is found from the .tex line TeX names ("at lines 689--689", "detected
    at line 40"): the last section heading above it (the header above them all), and in
    it the entry whose mark is the last above the line, unless auto-fit cut entries."""
    from types import SimpleNamespace

    from cv_builder.latex.check import overfull_lines, section_finder

    tex = tmp_path / "cv.tex"
    tex.write_text("\\documentclass{article}\n" * 30 + "\\cvsection{Bildung}\n"
                   + "x\n" * 8 + "\\cventryhead{\\cvmark{0.0}Uni}{}{}{2016}\n" + "x\n" * 591
                   + "\\cvsection{Berufserfahrung}\n" + "x\n" * 40
                   + "\\item \\cvmark{1.1.0}Wrote.\n" + "x\n" * 100, encoding="utf-8")
    sections = [SimpleNamespace(title="Ausbildung", kind="education",
                                entries=[SimpleNamespace(institution="Uni Wien")]),
                SimpleNamespace(title="Berufserfahrung", kind="experience",
                                entries=[SimpleNamespace(organization="A"),
                                         SimpleNamespace(organization="Engine Ltd.")])]
    where = section_finder(tex, sections)
    assert [where(n) for n in (30, 31, 39, 40, 631, 632, 672, 673)] == [
        "the header", "“Ausbildung”", "“Ausbildung”", "“Ausbildung” (education 'Uni Wien')",
        "“Ausbildung” (education 'Uni Wien')", "“Berufserfahrung”", "“Berufserfahrung”",
        "“Berufserfahrung” (experience 'Engine Ltd.')"]
    warnings = overfull_lines(OVERFULL_LOG, section_of=where)
    assert warnings[0].startswith("a line in “Berufserfahrung” (experience 'Engine Ltd.') "
                                  "runs 166 pt into the right margin: “things")
    assert warnings[1].startswith("a line in “Ausbildung” (education 'Uni Wien') runs 10 pt")
    assert section_finder(tex, sections, entries=False)(689) == "“Berufserfahrung”"
    assert section_finder(tex, [])(40) is None  # the references after the view's sections


def test_many_lines_into_the_margin_are_counted_past_the_tenth():
    from cv_builder.latex.check import overfull_lines

    log = b"".join(b"Overfull \\hbox (20.0pt too wide) in paragraph at lines %d--%d\n"
                   b"line %d\n\n" % (n, n, n) for n in range(1, 251))
    warnings = overfull_lines(log)
    assert len(warnings) == 11 and "“line 10”" in warnings[9]
    assert warnings[10].startswith("and 240 more lines into the right margin")


def test_an_overfull_line_is_quoted_from_its_full_listing_as_it_prints():
    """Boxes inside the line are read, and each character through its font's encoding:
    no "^^U" for an en dash, no "�" for a middle dot."""
    from cv_builder.latex.check import overfull_lines

    assert [warning.split(";")[0] for warning in overfull_lines(LISTED_LOG)] == [
        "a line runs 11 pt into the right margin: “Juni – · “e””",
        "a line runs 9 pt into the right margin: “июнь 2021”"]


@pytest.mark.latex
def test_the_build_warns_of_a_line_into_the_margin(cli, tmp_path, monkeypatch, minimal,
                                                   write_record):
    """A line TeX cannot fit (here a template of one's own sets a rule wider than the
    text) is named once, under its document's line; --quiet prints only errors."""
    monkeypatch.chdir(tmp_path)
    minimal["skills"] = [{"category": "Languages", "items": ["Python"]}]
    partial = tmp_path / "mine" / "sections" / "skills.tex.j2"
    partial.parent.mkdir(parents=True)
    partial.write_text("\\cvsection{((( section.title )))}\n"
                       "\\noindent\\rule{1.2\\linewidth}{1pt}\\par\n", encoding="utf-8")
    result = cli("build", "academic-cv", "--data", write_record(minimal),
                 "--output", "out", "--templates", "mine")
    assert result.code == 0, result.output
    warnings = re.findall(r"warning: a line in “Skills” runs 10\d pt into the right margin: "
                          r"a box or rule, no text; a template of yours sets it wider than the "
                          r"text", result.err)  # a fifth of the text's width
    assert len(warnings) == 1, result.err
    quiet = cli("build", "academic-cv", "--quiet", "--force", "--data", write_record(minimal),
                "--output", "out", "--templates", "mine")
    assert quiet.code == 0 and quiet.out == quiet.err == "", quiet.output


@pytest.mark.latex
@pytest.mark.parametrize("words", ["Café – Zürich · “Zitat” naïve", "Кафе – Zürich · “цитата”"])
def test_the_warning_quotes_a_boxed_line_as_it_prints(cli, tmp_path, monkeypatch, minimal,
                                                      write_record, words):
    """A line too wide for the text whose words sit in a box of their own (as a date in
    its column does) is quoted in the warning, exactly as it prints, on either engine
    (the Cyrillic one is set by XeLaTeX)."""
    monkeypatch.chdir(tmp_path)
    minimal["skills"] = [{"category": "Languages", "items": [words]}]
    partial = tmp_path / "mine" / "sections" / "skills.tex.j2"
    partial.parent.mkdir(parents=True)
    partial.write_text("\\cvsection{((( section.title )))}\n"
                       "\\noindent\\makebox[1.1\\linewidth][r]{((( section.entries[0].items[0] )))}"
                       "\\par\n", encoding="utf-8")
    result = cli("build", "academic-cv", "--data", write_record(minimal),
                 "--output", "out", "--templates", "mine")
    assert result.code == 0, result.output
    assert len(re.findall(r"warning: a line in “Skills” runs \d+ pt into the right margin: “"
                          + re.escape(words) + "”; shorten it", result.err)) == 1, result.err
