"""Nothing is left out silently: the build says what each selection left out (--verbose
lists it), shows the most recent entries where none is selected, skips a document with
nothing to print in one line, and lets a record switch a shipped document off."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cv_builder.record.model import Record, Variant
from cv_builder.select import LeftOut, select

PAPERS = [{"id": f"p{year}", "authors": ["A. Lovelace"], "title": f"Paper of {year}",
           "year": year} for year in range(2010, 2018)]
JOBS = [{"organization": "Analytical Engines Ltd", "position": "Engineer", "start": 2015,
         "highlights": ["one", "two", "three", "four"]},
        {"organization": "Difference Works", "position": "Intern", "start": 2012,
         "selected": True, "highlights": ["alpha"]}]


def record_with(**sections) -> Record:
    return Record.model_validate({"person": {"name": "Ada Lovelace"}, **sections})


def variant_with(*sections: dict) -> Variant:
    return Variant.model_validate({"template": "industry-resume.tex.j2", "title": "T",
                                   "sections": list(sections)})


def test_what_a_selection_leaves_out_is_counted_and_named():
    record = record_with(experience=JOBS, publications=[{**p, "selected": p["year"] > 2015}
                                                        for p in PAPERS])
    view = select(record, "r", variant_with({"kind": "experience", "max_highlights": 2},
                                            {"kind": "publications", "only_selected": True}))
    assert view.left_out_summary == "2 bullets and 6 papers"
    assert LeftOut("experience", "experience 'Analytical Engines Ltd'", 2) in view.left_out
    assert str(view.left_out[0]) == "2 bullets of experience 'Analytical Engines Ltd'"
    assert "publications 'Paper of 2010'" in map(str, view.left_out)
    assert view.notes == ()


def test_an_entry_shown_by_another_section_of_its_kind_is_not_left_out():
    record = record_with(publications=[{**p, "status": "preprint" if p["year"] > 2015
                                        else "published"} for p in PAPERS])
    view = select(record, "r", variant_with({"kind": "publications", "statuses": ["published"]},
                                            {"kind": "publications", "statuses": ["preprint"]}))
    assert view.left_out == () and view.left_out_summary == ""


def test_nothing_selected_shows_the_most_recent_and_says_so():
    view = select(record_with(publications=PAPERS), "industry-resume", variant_with(
        {"kind": "publications", "title": "Selected Publications", "only_selected": True,
         "limit": 5}))
    (section,) = view.sections
    assert [p.year for p in section.entries] == [2013, 2014, 2015, 2016, 2017]
    assert view.notes == ("Selected Publications: no papers marked selected, so the 5 most "
                          "recent papers are shown (mark the ones you want with selected: "
                          "true)",)
    assert view.left_out_summary == "3 papers"


@pytest.mark.parametrize("count, limit, said", [
    (1, 5, "so the most recent paper is shown"),
    (1, None, "so 1 paper is shown"),
    (3, None, "so 3 papers are shown"),
    (3, 2, "so the 2 most recent papers are shown"),
])
def test_the_note_counts_in_words(count, limit, said):
    """It said "so the 1 are shown" and "so the most recent 1 are shown"."""
    spec = {"kind": "publications", "title": "Selected Publications", "only_selected": True}
    if limit:
        spec["limit"] = limit
    view = select(record_with(publications=PAPERS[:count]), "r", variant_with(spec))
    (note,) = view.notes
    assert said in note, note


def test_one_selected_entry_is_a_choice_and_is_kept():
    papers = [{**p, "selected": p["year"] == 2012} for p in PAPERS]
    view = select(record_with(publications=papers), "r", variant_with(
        {"kind": "publications", "only_selected": True, "limit": 5}))
    assert [p.year for p in view.sections[0].entries] == [2012]
    assert view.notes == ()


def test_the_seed_resume_says_what_it_leaves_out(repo_root):
    from cv_builder.record.validate import load_record
    from cv_builder.record.variants import resolve_variants

    record, document = load_record(repo_root / "data" / "cv.yaml")
    variants = resolve_variants(record, document)
    assert select(record, "academic-cv", variants["academic-cv"]).left_out == ()
    resume = select(record, "industry-resume", variants["industry-resume"])
    assert resume.left_out_summary == "1 project, 10 papers and 4 awards"


@pytest.mark.latex
def test_the_build_line_says_it_and_verbose_lists_it(cli, tmp_path, minimal):
    import yaml

    minimal.update(experience=JOBS, publications=PAPERS, about="About me.")
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(minimal), encoding="utf-8")
    out = tmp_path / "out"
    result = cli("build", "industry-resume", "--data", path, "--output", out)
    assert result.code == 0, result.output
    assert ("    left out by its selection: 2 bullets and 3 papers (--verbose lists them)"
            in result.out)
    assert ("    note: Selected Publications: no papers marked selected, so the 5 most recent "
            "papers are shown" in result.out)
    verbose = cli("build", "industry-resume", "--data", path, "--output", out, "--force",
                  "--verbose")
    assert "      - 2 bullets of experience 'Analytical Engines Ltd'" in verbose.out
    assert "      - publications 'Paper of 2010'" in verbose.out


@pytest.mark.latex
def test_a_variant_with_nothing_to_print_is_skipped_in_one_line(tmp_path, minimal):
    """minimal has no statement and no research: the research statement is skipped, no
    empty page; the quick up-to-date answer says so too."""
    import yaml

    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(minimal), encoding="utf-8")

    def build() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "cv_builder", "build", "--data", str(path),
                               "--output", str(tmp_path / "out")], capture_output=True,
                              text=True, stdin=subprocess.DEVNULL, timeout=120)

    first, again = build(), build()
    note = ("- research-statement: skipped: nothing to print, the record has no "
            "research_statement or research")
    for result in (first, again):
        assert result.returncode == 0, result.stdout + result.stderr
        assert note in result.stdout
    assert "= academic-cv: up to date" in again.stdout
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == [
        "academic-cv.pdf", "industry-resume.pdf"]


@pytest.mark.latex
def test_a_record_switches_a_shipped_variant_off_and_sets_the_paper_once(cli, tmp_path,
                                                                         minimal):
    import yaml
    from pypdf import PdfReader

    minimal.update(research_statement="My research.", paper="A4",
                   variants={"research-statement": {"enabled": False}})
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(minimal), encoding="utf-8")
    out = tmp_path / "out"
    result = cli("build", "--data", path, "--output", out)
    assert result.code == 0, result.output
    assert "research-statement" not in result.output
    assert sorted(p.name for p in out.glob("*.pdf")) == ["academic-cv.pdf",
                                                         "industry-resume.pdf"]
    for pdf in out.glob("*.pdf"):  # A4 everywhere: 595 x 842 pt
        box = PdfReader(pdf).pages[0].mediabox
        assert (round(box.width), round(box.height)) == (595, 842), pdf.name
    named = cli("build", "research-statement", "--data", path, "--output", out)
    assert named.code == 0 and (out / "research-statement.pdf").exists()  # asked for by name


OWN_SECTIONS = {
    "volunteer": {"title": "Volunteering", "entries": [{"title": "Mentor",
                                                        "organization": "Code Club"}]},
    "certificates": {"title": "Certificates", "entries": [{"title": "AWS Architect"}]},
    "languages": {"title": "Languages", "entries": [{"title": "Swedish", "details": "native"},
                                                    {"title": "English", "details": "fluent"}]},
    "references": {"entries": [{"title": "Available on request"}]},
}


def test_the_resume_shows_languages_and_names_the_own_sections_it_leaves_out():
    """An imported resume.json's Languages, Certificates, Volunteering, References printed
    on the academic CV and were dropped from the résumé without a word."""
    from cv_builder.record.variants import resolve_variants

    record = record_with(sections=OWN_SECTIONS, skills=[{"category": "Design",
                                                         "items": ["Figma"]}])
    variants = resolve_variants(record)
    resume = select(record, "industry-resume", variants["industry-resume"])
    assert [s.kind for s in resume.sections][-2:] == ["skills", "languages"]
    assert resume.left_out_summary == ("3 sections of your own (Volunteering, Certificates, "
                                       "References)")
    assert "the section 'Certificates', of the record's own" in map(str, resume.left_out)
    cv = select(record, "academic-cv", variants["academic-cv"])
    assert {"volunteer", "certificates", "languages", "references"} <= {
        s.kind for s in cv.sections} and cv.left_out == ()


def test_a_record_without_languages_is_fine_with_the_resume_asking_for_them():
    from cv_builder.record.variants import resolve_variants

    record = record_with(sections={"certificates": OWN_SECTIONS["certificates"]})
    resume = select(record, "industry-resume", resolve_variants(record)["industry-resume"])
    assert resume.sections == () and resume.left_out_summary == (
        "1 section of your own (Certificates)")


@pytest.mark.latex
def test_the_resume_build_line_names_the_sections_left_out(cli, write_record, minimal, tmp_path,
                                                           pdf_text):
    minimal["sections"] = OWN_SECTIONS
    result = cli("build", "industry-resume", "--data", write_record(minimal), "--output",
                 tmp_path / "out")
    assert result.code == 0, result.output
    assert ("left out by its selection: 3 sections of your own (Volunteering, Certificates, "
            "References)") in result.output
    for text in pdf_text(tmp_path / "out" / "industry-resume.pdf"):
        assert "Swedish: native" in text and "Certificates" not in text
