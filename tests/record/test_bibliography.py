"""BibTeX in: TeX to Unicode, names normalised, the owner bolded, merged in two ways."""

from __future__ import annotations

import re
import unicodedata

import pytest
from click.testing import CliRunner
from conftest import ACCENTS_BIB, BIB_DECODED_NAMES, BIB_DECODED_TITLES, bib_record_text

from cv_builder.cli.commands import cli
from cv_builder.errors import InvalidInput
from cv_builder.record.bibtex import read_bibtex
from cv_builder.record.bibliography import (decode_title, insert_positions, owner_form, parse_bib,
                                            tex_to_text)
from cv_builder.record.validate import load_record

OWNER = ["Juntang Zhuang", "J. Zhuang"]


# --- TeX to Unicode, table-driven ----------------------------------------------------------------

@pytest.mark.parametrize("tex, text", [
    (r'Schr{\"o}dinger', "Schrödinger"),
    (r"Erd{\H o}s", "Erdős"),
    (r"Erd\H{o}s", "Erdős"),
    (r"P{\'a}l", "Pál"),
    (r"{\L}ukasiewicz", "Łukasiewicz"),
    (r"\c{C}elik", "Çelik"),
    (r"{\v S}ediv{\'y}", "Šedivý"),
    (r"{\aa}ngstr{\"o}m", "ångström"),
    (r"Stra{\ss}e", "Straße"),
    (r"{\o}rsted", "ørsted"),
    (r"na{\"\i}ve", "naïve"),
    (r"\'{\i}ndice", "índice"),
    (r"{NASA} and {B}ayes", "NASA and Bayes"),
    (r"A \& B -- C --- D", "A & B – C — D"),
    (r"50\% of~all", "50% of all"),
    (r"\emph{Deep} \textbf{nets}", "Deep nets"),
])
def test_tex_to_text(tex, text):
    assert tex_to_text(tex) == text


@pytest.mark.parametrize("tex, title", [
    (r"An $O(1/\sqrt{T})$ rate", r"An $O(1/\sqrt{T})$ rate"),
    (r"{$\alpha$-divergence} for {BERT}", r"$\alpha$-divergence for BERT"),
    (r"$x^2$ and $\beta$ in {S}chr{\"o}dinger", r"$x^2$ and $\beta$ in Schrödinger"),
    (r"Costs \$5", r"Costs \$5"),  # a dollar sign, kept literal in our markup
    (r"Lie $\mathfrak{g}$", "Lie \U0001d524"),  # math our markup refuses is read as text
    (r"Unclosed $x", "Unclosed x"),
    # ADS titles: a formula right before a digit would be a dollar sign in our markup
    # (the PDF printed '$\sim$100'), so it is written as its character.
    (r"lensing with $\sim$100 clusters", "lensing with ∼100 clusters"),
    (r"{\ensuremath{\sim}}5 per cent", "∼5 per cent"),
    (r"$\sim${10} Myr and $\lesssim$1 keV", "∼10 Myr and ≲1 keV"),
    (r"$\sim$ 100 stars", r"$\sim$ 100 stars"),  # a space after it: math, as written
    (r"$10^{8}$ $M_\odot$ black holes", r"$10^{8}$ M⊙ black holes"),  # not 'M_⊙'
])
def test_titles_keep_math_as_markup(tex, title):
    assert decode_title(tex) == title


@pytest.mark.latex
def test_an_ads_title_prints_its_tilde_in_the_pdf(tmp_path):
    """The .bib of an ADS export to the PDF: `$\\sim$100` is '∼100' in both extractors."""
    import subprocess

    import pypdf
    from click.testing import CliRunner

    from cv_builder.cli.commands import cli

    (tmp_path / "ads.bib").write_text(r"""@ARTICLE{2018ApJ...860..123M,
       author = {{M{\"u}ller}, H. and {Brown}, A.~B.},
        title = "{Constraints on dark matter from lensing with $\sim$100 clusters}",
      journal = {\apj},
         year = 2018,
}""", encoding="utf-8")
    record = tmp_path / "cv.yaml"
    record.write_text("person:\n  name: Hans Müller\n  name_forms: [H. Müller]\n"
                      "bibliography: ads.bib\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "academic-cv", "--data", str(record),
                                      "--output", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "academic-cv.pdf"
    poppler = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                             check=True).stdout
    extracted = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    for text in (poppler, extracted):
        flat = " ".join(text.split())
        assert "lensing with ∼100 clusters" in flat and "sim" not in flat


# --- Names ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("author, expected", [
    ("Juntang Zhuang", "Juntang Zhuang"),
    ("juntang zhuang", "Juntang Zhuang"),
    ("J. Zhuang", "J. Zhuang"),
    ("J. C. Zhuang", "J. Zhuang"),  # an initial matches; the record's form is used
    ("Jun Zhuang", "Jun Zhuang"),  # another person: the record says "Juntang"
    ("Zhuang, Juntang", "Zhuang, Juntang"),  # names reach here already normalised
    ("Juntang Zhang", "Juntang Zhang"),
    ("Yifan Ding", "Yifan Ding"),
])
def test_owner_names_become_a_form_the_record_lists(author, expected):
    assert owner_form(author, OWNER) == expected


def test_a_full_given_name_prefers_the_full_form():
    assert owner_form("Juntang C. Zhuang", ["J. Zhuang", "Juntang Zhuang"]) == "Juntang Zhuang"


def test_with_only_initials_known_a_full_name_matching_them_is_the_owner():
    assert owner_form("Juntang Zhuang", ["J. Zhuang"]) == "J. Zhuang"


def test_names_are_normalised_first_von_last():
    bib = parse_bib(r"""@article{k, title={T}, year=2020, author={van der Waals, J. D. and
        Smith, Jr., John and {\'E}mile Borel and Zhuang, Juntang and Zhuang, J. and others}}""",
                    "x.bib", OWNER)
    paper = bib.publications[0]
    assert paper["authors"] == ["J. D. van der Waals", "John Smith, Jr.", "Émile Borel",
                                "Juntang Zhuang", "J. Zhuang"]
    assert paper["et_al"] is True


# --- Entries -------------------------------------------------------------------------------------

def test_entries_become_publications():
    bib = parse_bib(ACCENTS_BIB.read_text(encoding="utf-8"), "papers.bib", OWNER)
    assert bib.problems == []
    papers = {p["id"]: p for p in bib.publications}
    wave = papers["schrodinger2021wave"]
    assert wave["authors"] == ["Erwin Schrödinger", "Juntang Zhuang", "Pál Erdős"]
    assert wave["venue"] == "Conference on Neural Information Processing Systems"
    assert wave["type"] == "conference" and wave["year"] == 2021
    assert wave["notes"] == ["Spotlight"] and "status" not in wave
    logic = papers["lukasiewicz2025logic"]
    assert logic["type"] == "journal" and logic["et_al"] is True
    assert logic["venue"] == "Journal of Naïve Æsthetics"
    assert logic["doi"] == "10.1000/xyz.2025"
    cech = papers["cech2010arxiv"]
    assert cech["type"] == "preprint" and cech["status"] == "preprint"
    assert cech["links"] == [{"label": "paper", "url": "https://example.org/paper_one"},
                             {"label": "arXiv", "url": "https://arxiv.org/abs/1001.00001"}]
    assert [p["title"] for p in bib.publications] == BIB_DECODED_TITLES
    assert bib.unused == {"pages": 1, "volume": 1}


@pytest.mark.parametrize("entry, kind, status", [
    ("@inproceedings{k, author={A B}, title={T}, year=2020, booktitle={ICCV Workshop on X}}",
     "workshop", None),
    ("@phdthesis{k, author={A B}, title={T}, year=2020, school={Yale}}", "thesis", None),
    ("@article{k, author={A B}, title={T}, year=2020, journal={arXiv preprint}}", "preprint",
     "preprint"),
    ("@unpublished{k, author={A B}, title={T}, year=2020}", "other", "in preparation"),
    ("@article{k, author={A B}, title={T}, year=2020, note={Submitted}}", "journal",
     "in submission"),
    ("@article{k, author={A B}, title={T}, year=2020, note={To appear}}", "journal",
     "to appear"),
    ("@article{k, author={A B}, title={T}, year=2020, note={In press}}", "journal", "accepted"),
    ("@article{k, author={A B}, title={T}, note={In press}}", "journal", "to appear"),
    # The phrase in a venue field: a status, and the venue without it.
    ("@article{k, author={A B}, title={T}, journal={Submitted to ICASSP 2025}}", "journal",
     "in submission"),
    ("@inproceedings{k, author={A B}, title={T}, year=2024, booktitle={NeurIPS 2024 (under "
     "review)}}", "conference", "in submission"),
    ("@misc{k, author={A B}, title={T}, year=2024, howpublished={To appear in ICML 2025}}",
     "conference", "to appear"),
    ("@misc{k, author={A B}, title={T}, year=2024, note={Submitted to ICML 2025}}",
     "conference", "in submission"),
    ("@misc{k, author={A B}, title={T}, year=2024, note={In preparation}}", "other",
     "in preparation"),
    # biblatex's pubstate, a field of its own for it.
    ("@article{k, author={A B}, title={T}, journal={J}, pubstate={submitted}}", "journal",
     "in submission"),
    ("@article{k, author={A B}, title={T}, journal={J}, pubstate={forthcoming}}", "journal",
     "to appear"),
    ("@article{k, author={A B}, title={T}, year=2024, journal={J}, pubstate={inpress}}",
     "journal", "accepted"),
    ("@article{k, author={A B}, title={T}, journal={J}, pubstate={inpreparation}}", "journal",
     "in preparation"),
    ("@article{k, author={A B}, title={T}, journal={J}, pubstate={Under review}}", "journal",
     "in submission"),
    ("@misc{k, author={A B}, title={T}, year=2024, howpublished={Journal of Glaciology}}",
     "journal", None),
    ("@misc{k, author={A B}, title={T}, year=2024, note={Extended version submitted to JMLR}}",
     "other", "in submission"),
])
def test_types_and_statuses(entry, kind, status):
    paper = parse_bib(entry, "x.bib", []).publications[0]
    assert paper["type"] == kind
    assert paper.get("status") == status


def test_every_problem_is_a_warning_with_its_line_and_the_rest_imports():
    bib = parse_bib("""@article{good, author={A B}, title={T}, year=2020}

@article{noyear, author={A B}, title={T}}
@article{good, author={C D}, title={Again}, year=2021}
@article{broken, title={Unclosed
""", "bad.bib", [])
    messages = [str(p) for p in bib.warnings]
    assert "bad.bib:3: @noyear.year: no year: imported as 'to appear'" in messages, messages
    assert any(m.startswith("bad.bib:4: @good-2: a second entry with the key 'good'")
               for m in messages), messages
    assert any("bad.bib:5:" in m and "cannot read this entry" in m for m in messages), messages
    papers = {p["id"]: p for p in bib.publications}
    assert list(papers) == ["good", "noyear", "good-2"]
    assert papers["noyear"]["status"] == "to appear" and "year" not in papers["noyear"]
    assert papers["good-2"]["title"] == "Again"


def test_characters_no_font_has_are_reported():
    bib = parse_bib(r"@article{k, author={A B}, title={Bad $\input{x}$ and 𞤀}, year=2020}",
                    "x.bib", [])
    assert any("cannot be typeset" in str(p) and "@k.title" in str(p) for p in bib.problems)


def test_insert_positions_keep_newest_first():
    existing = [{"year": 2022}, {"year": 2021}, {"year": 2021}, {"year": 2019}]
    new = [{"year": 2025}, {"year": 2021}, {"year": 2020}, {"year": 2001}]
    assert insert_positions(existing, new) == [0, 3, 3, 4]


# --- A record's `bibliography:` ------------------------------------------------------------------

def test_bibliography_is_merged_in_year_order(bib_folder):
    (bib_folder / "cv.yaml").write_text(bib_record_text(), encoding="utf-8")
    record, _ = load_record(bib_folder / "cv.yaml")
    assert [p.id for p in record.publications] == [
        "lukasiewicz2025logic", "own2022", "schrodinger2021wave", "cech2010arxiv"]


def test_record_entries_win_and_id_only_entries_add_notes(bib_folder):
    extra = """\
  - id: schrodinger2021wave
    notes: [Oral]
    selected: true
  - id: cech2010arxiv
    authors: ["J. Zhuang"]
    title: The record's own title
    year: 2010
"""
    (bib_folder / "cv.yaml").write_text(bib_record_text(extra), encoding="utf-8")
    record, _ = load_record(bib_folder / "cv.yaml")
    papers = {p.id: p for p in record.publications}
    wave = papers["schrodinger2021wave"]
    assert wave.notes == ["Oral"] and wave.selected
    assert wave.authors == ["Erwin Schrödinger", "Juntang Zhuang", "Pál Erdős"]
    assert papers["cech2010arxiv"].title == "The record's own title"
    assert papers["cech2010arxiv"].authors == ["J. Zhuang"]


def test_research_may_cite_papers_only_the_bib_has(bib_folder):
    research = """research:
  - title: Theme
    projects:
      - title: Project
        papers: [schrodinger2021wave]
"""
    (bib_folder / "cv.yaml").write_text(bib_record_text(research=research), encoding="utf-8")
    record, _ = load_record(bib_folder / "cv.yaml")
    assert record.research[0].projects[0].papers == ["schrodinger2021wave"]


def test_an_id_only_entry_missing_from_the_bib_is_named_at_its_line(bib_folder):
    extra = "  - id: nowhere2020\n    notes: [Oral]\n"
    (bib_folder / "cv.yaml").write_text(bib_record_text(extra), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_record(bib_folder / "cv.yaml")
    assert "cv.yaml:9:5: publications[1].id: 'nowhere2020' is not in papers.bib" in str(
        caught.value.format_message())


def test_errors_in_record_entries_keep_their_lines_after_the_merge(bib_folder):
    extra = "  - id: late2019\n    authors: [\"A B\"]\n    title: T\n    year: 2019\n    venue: 7\n"
    (bib_folder / "cv.yaml").write_text(bib_record_text(extra), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_record(bib_folder / "cv.yaml")
    assert "cv.yaml:13:5: publications[3].venue:" in caught.value.format_message()


def test_a_missing_bib_is_named_at_the_bibliography_line(tmp_path):
    (tmp_path / "cv.yaml").write_text(bib_record_text(), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_record(tmp_path / "cv.yaml")
    assert "cv.yaml:9:1: bibliography:" in caught.value.format_message()
    assert "not found" in caught.value.format_message()


def test_problems_in_the_bib_are_warnings_naming_the_bib(bib_folder):
    (bib_folder / "papers.bib").write_text("@article{k, author={A B}, year=2020}\n"
                                           "@article{ok, author={Zhuang, J.}, title={U}, "
                                           "year=2021}\n",
                                           encoding="utf-8")
    (bib_folder / "cv.yaml").write_text(bib_record_text(), encoding="utf-8")
    record, document = load_record(bib_folder / "cv.yaml")
    assert [str(w) for w in document.warnings] == [
        f"{bib_folder / 'papers.bib'}:1: @k.title: no title: left out"]
    assert "ok" in {p.id for p in record.publications}


def test_the_owner_not_found_is_a_hint_naming_the_form_in_the_bib():
    """A record's 'Hans Mueller' and a .bib's 'M{\\"u}ller, Hans': the papers came in
    unbolded without a word; one warning names the .bib's form and what to add."""
    bib = parse_bib(r"""@article{a, author={M{\"u}ller, Hans and Chen, Li}, title={T}, year=2020}
@article{b, author={Chen, Li and M{\"u}ller, H.}, title={U}, year=2021}
@article{c, author={Hans Mueller}, title={V}, year=2022}""", "papers.bib", ["Hans Mueller"])
    assert [str(w) for w in bib.warnings] == [
        "papers.bib:1: @a.author: 'Hans Mueller' is not among the authors of 2 of 3 papers "
        "(a, b), so it is not bolded there: the .bib writes 'M{\\\"u}ller, Hans' (read as "
        "'Hans Müller'); if that is you, add 'Hans Müller' to person.name_forms in the record"]
    stranger = parse_bib("@article{a, author={Li Chen and Wei Wang}, title={T}, year=2020}\n"
                         "@article{b, author={Li Chen}, title={U}, year=2021}",
                         "papers.bib", ["Hans Müller"])
    assert "no author there has a surname like it ('Li Chen' is an author of 2 of them)" in \
        str(stranger.warnings[0])
    assert not parse_bib("@article{a, author={Li Chen}, title={T}, year=2020}", "papers.bib",
                         []).warnings  # no owner named: nothing to find


@pytest.mark.parametrize("written", ["Okonkwo*, A.", "A. Okonkwo$^\\dagger$", "Okonkwo†, Adaeze"])
def test_a_mark_after_the_owner_s_name_keeps_them_the_owner(written):
    """al-folio's equal-contribution '*': the owner, their mark kept, and no hint."""
    bib = parse_bib(f"@article{{a, author={{Podolsky*, B. and {written}}}, title={{T}}, "
                    "year=1935}", "papers.bib", ["Adaeze Okonkwo"])
    assert bib.publications[0]["authors"][1].startswith("Adaeze Okonkwo")
    assert not bib.warnings


def test_a_pubstate_that_is_no_status_is_kept_as_a_note():
    paper = parse_bib("@article{k, author={A B}, title={T}, year=2024, journal={J}, "
                      "pubstate={second revision}}", "x.bib", ["A B"]).publications[0]
    assert "status" not in paper and paper["notes"] == ["second revision"]


def test_a_missing_comma_is_said_once_and_named():
    """`title={W} year=2020`: 'undefined macro' and then 'no title', two warnings for one
    missing comma, neither naming it; now one warning, and both fields read."""
    bib = parse_bib("@article{e, author = {X}, title={W} year=2020}", "papers.bib", ["X"])
    assert [str(w) for w in bib.warnings] == [
        "papers.bib:1: @e.title: missing comma after the title field, before 'year': both "
        "read as BibTeX fields"]
    assert bib.publications[0]["title"] == "W" and bib.publications[0]["year"] == 2020


def test_a_missing_comma_never_prints_the_field_it_swallowed():
    """A new user's .bib: no comma after `title={...}`, `author=` on the next line. The
    title read as 'Missing comma here author=Nakamura, Emi' and the warning said 'no author
    or editor'. As biber does, the author is recovered, and the warning names the comma at
    the title's line."""
    text = ("@article{ok, title={Fine}, author={Nakamura, Emi}, year={2018}}\n\n"
            "@article{broken1,\n  title={Missing comma here}\n  author={Nakamura, Emi},\n"
            "  year={2019}\n}\n")
    bib = parse_bib(text, "broken.bib", ["Emi Nakamura"])
    assert [str(w) for w in bib.warnings] == [
        "broken.bib:4: @broken1.title: missing comma after the title field, before "
        "'author': both read as BibTeX fields"]
    paper = [p for p in bib.publications if p["id"] == "broken1"][0]
    assert paper["title"] == "Missing comma here"
    assert paper["authors"] == ["Emi Nakamura"] and paper["year"] == 2019


def test_two_missing_commas_in_a_row_and_a_quoted_value():
    bib = read_bibtex('@article{k, title = "A {"}B" author={X Y}\n year = 2020 # {a}}',
                      "x.bib")
    entry = bib.entries[0]
    assert entry.get("title") == 'A {"}B' and entry.get("author") == "X Y"
    assert entry.get("year") == "2020a" and entry.line_of("year") == 2
    assert [w.message for w in bib.warnings] == [
        "missing comma after the title field, before 'author': both read as BibTeX fields",
        "missing comma after the author field, before 'year': both read as BibTeX fields"]


def test_text_after_a_value_that_reads_as_no_field_is_still_named():
    bib = read_bibtex("@article{k, title = {T} and more, year=2020}", "x.bib")
    assert len(bib.warnings) == 1 and "comma missing" in bib.warnings[0].message


def test_build_strict_refuses_a_bib_with_warnings(bib_folder):
    (bib_folder / "papers.bib").write_text("@article{k, author={A B}, year=2020}\n",
                                           encoding="utf-8")
    (bib_folder / "cv.yaml").write_text(bib_record_text(), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--strict", "--data", str(bib_folder / "cv.yaml"),
                                      "--output", str(bib_folder / "out")])
    assert result.exit_code == 2, result.output
    assert "papers.bib:1: @k.title: no title: left out" in result.output
    assert not (bib_folder / "out" / "academic-cv.pdf").exists()


def test_the_owner_is_bolded_in_the_latex(bib_folder):
    from cv_builder.latex.render import render
    from cv_builder.record.variants import resolve_variants
    from cv_builder.select import select

    (bib_folder / "cv.yaml").write_text(bib_record_text(), encoding="utf-8")
    record, document = load_record(bib_folder / "cv.yaml")
    variant = resolve_variants(record, document)["academic-cv"]
    tex = render(select(record, "academic-cv", variant))
    assert r"\textbf{Juntang~Zhuang}" in tex  # "Zhuang, Juntang" in the .bib
    assert tex.count(r"\textbf{J.~Zhuang}") >= 3  # "Zhuang, J." in the .bib, and the record


# --- Compiled ------------------------------------------------------------------------------------

@pytest.mark.latex
def test_bib_with_tex_accents_builds_with_every_name_and_title_intact(bib_folder):
    from pypdf import PdfReader

    (bib_folder / "cv.yaml").write_text(bib_record_text(), encoding="utf-8")
    output = bib_folder / "output"
    result = CliRunner().invoke(cli, ["build", "academic-cv", "--data", str(bib_folder / "cv.yaml"),
                                      "--output", str(output)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    pdf = output / "academic-cv.pdf"
    text = unicodedata.normalize("NFC", " ".join(p.extract_text() for p in PdfReader(pdf).pages))
    text = re.sub(r"\s+", " ", text)
    for name in BIB_DECODED_NAMES:
        assert name in text, name
    for title in BIB_DECODED_TITLES[1:]:
        assert title in text, title
    # The math title: its words are there; how the math reads back depends on the PDF reader.
    assert "Wave Mechanics for Neural ODEs: an" in text


def test_how_the_bib_writes_a_name_is_shown_never_sent_to_the_terminal():
    from cv_builder.record.bib_names import as_written, split_people

    value = "M\x1b]0;owned\x07{\\\"u}ller, Hans and Chen, Li"
    shown = as_written(value, split_people(value)[0][0])
    assert shown.isprintable() and "\\x1b" in shown
