"""A .bib as BibTeX tools read it: field case, macros, months, crossref, TeX in names and
venues, odd keys, links; every oddity a warning with its line."""

from __future__ import annotations

import pytest

from cv_builder.record.bibliography import link_address, parse_bib, record_id, split_people
from cv_builder.record.bibtex import read_bibtex
from cv_builder.record.tex_text import strip_name_markup, tex_to_text


def one(text: str, owner=()) -> dict:
    bib = parse_bib(text, "x.bib", list(owner))
    assert len(bib.publications) == 1, [str(w) for w in bib.warnings]
    return bib.publications[0]


# --- Values ------------------------------------------------------------------------------------

def test_field_names_in_any_case():
    paper = one("@Article{k,\n  Title = {T},\n  AUTHOR = {Poon, Art F Y and Doe, J},\n"
                "  Journal = {J Virol},\n  Year = {2013}\n}")
    assert paper["authors"] == ["Art F Y Poon", "J Doe"]
    assert paper["venue"] == "J Virol" and paper["year"] == 2013


def test_string_macros_concatenation_and_months():
    bib = read_bibtex('@string{nbt = {Nature Biotechnology}}\n@STRING{Proc = "Proc. of "}\n'
                      '@article{k, journal = nbt, booktitle = proc # "ICML" # { 2020},'
                      ' month = feb, title = {T}}', "x.bib")
    entry = bib.entries[0]
    assert entry.get("journal") == "Nature Biotechnology"
    assert entry.get("booktitle") == "Proc. of ICML 2020"
    assert entry.get("month") == "February"
    assert bib.warnings == []


def test_an_undefined_macro_is_named_not_printed():
    bib = parse_bib("@article{k, author={A B}, title={T}, year=2020, journal=jgrx}", "x.bib", [])
    assert [str(w) for w in bib.warnings] == [
        "x.bib:1: @k.journal: undefined macro 'jgrx' (no @string defines it): left out"]
    assert "venue" not in bib.publications[0]


def test_crossref_inherits_from_the_parent_which_is_not_a_paper_of_its_own():
    bib = parse_bib("""@inproceedings{child, author={A B}, title={Paper}, crossref={conf20}}
@proceedings{conf20, title={Proceedings of the Conference}, year=2020, month=jul,
  editor={E D}, publisher={ACM}}""", "x.bib", [])
    assert [p["id"] for p in bib.publications] == ["child"]
    paper = bib.publications[0]
    assert paper["venue"] == "Proceedings of the Conference" and paper["year"] == 2020
    assert bib.months["child"] == 7
    assert any("conf20" in note for note in bib.notes)


def test_a_crossref_to_nowhere_is_a_warning():
    bib = parse_bib("@inproceedings{c, author={A B}, title={T}, year=2020, crossref={gone}}",
                    "x.bib", [])
    assert any("crossref to 'gone'" in str(w) for w in bib.warnings)
    assert len(bib.publications) == 1


def test_a_second_field_keeps_the_first_value_as_bibtex_does():
    bib = parse_bib("@article{k, author={A B}, title={First}, year=2020,\n title={Second}}",
                    "x.bib", [])
    assert bib.publications[0]["title"] == "First"
    assert [str(w) for w in bib.warnings] == [
        "x.bib:2: @k.title: a second 'title': the first one (line 1) is kept, as BibTeX does"]


# --- TeX ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("tex, text", [
    (r"temperate{\textendash}boreal", "temperate–boreal"),
    (r"``Prototype'' catalogs", "“Prototype” catalogs"),
    (r"A \& B", "A & B"), ("A &amp; B", "A & B"), ("A & B", "A & B"),
    (r"\aap", "A&A"), (r"\apj", "ApJ"), (r"\mnras", "MNRAS"), (r"\apjl", "ApJL"),
    (r"\nat", "Nature"), (r"\araa", "ARA&A"), (r"\pasa", "PASA"),
    (r"\mbox{Smith}", "Smith"), (r"\href{https://x.org}{the page}", "the page"),
    (r"\url{https://x.org/a_b}", "https://x.org/a_b"),
    (r"Soram\"{a}ki", "Soramäki"), (r"{\#}SAT", "#SAT"), (r"82\%", "82%"),
])
def test_tex_prints_as_its_text(tex, text):
    assert tex_to_text(tex) == text


@pytest.mark.parametrize("value, cleaned", [
    (r"M. Fenzi and {\bf L. Leal-Taix{\'e}} and J. O", r"M. Fenzi and L. Leal-Taix{\'e} and J. O"),
    (r"D and <strong>L. Leal-Taix{\'e}</strong> and B", r"D and L. Leal-Taix{\'e} and B"),
    (r"\textbf{Mastrangelo}, \textbf{Luis} and H, M", "Mastrangelo, Luis and H, M"),
    (r"Ian and \textbf{Pratyush Mishra}\footnotemark[1]{}", "Ian and Pratyush Mishra"),
    (r"\underline{Tushar Mopuri} and {WSI Consortium}", "Tushar Mopuri and {WSI Consortium}"),
    (r"\emph{Ada} Lovelace", "Ada Lovelace"),
])
def test_markup_around_a_name_is_taken_off(value, cleaned):
    assert strip_name_markup(value) == cleaned


@pytest.mark.parametrize("value, names", [
    (r"{WSI Consortium} and \underline{Tushar Mopuri}", ["WSI Consortium", "Tushar Mopuri"]),
    ("van der Waals, J. D. and Smith, Jr., John", ["J. D. van der Waals", "John Smith, Jr."]),
    (r"{\bf L. Leal-Taix{\'e}} and M. Fenzi", ["L. Leal-Taixé", "M. Fenzi"]),
    ("A. B. and and C. D.", ["A. B.", "C. D."]),
])
def test_people(value, names):
    assert split_people(value)[0] == names


def test_names_separated_by_commas_only_are_read_with_a_note():
    names, note = split_people("Kevin Miller (Deepmind), Laurence Freeman, Yu Jin Oh and K H")
    assert names == ["Kevin Miller (Deepmind)", "Laurence Freeman", "Yu Jin Oh", "K H"]
    assert "separated by commas" in note


def test_the_owner_wrapped_in_bold_is_still_the_owner():
    paper = one(r"@article{k, author={M. Fenzi and {\bf L. Leal-Taix{\'e}}}, title={T},"
                r" year=2015}", owner=["Laura Leal-Taixé", "L. Leal-Taixé"])
    assert paper["authors"] == ["M. Fenzi", "L. Leal-Taixé"]


def test_titles_math_and_the_closing_period():
    paper = one(r'@article{k, author={A B}, year=2026, title = "{Gas at z {\ensuremath{\sim}} 1'
                r' revealed.}"}')
    assert paper["title"] == r"Gas at z $\sim$ 1 revealed."


# --- Keys, links, kinds -----------------------------------------------------------------------

@pytest.mark.parametrize("key, expected", [
    ("2026A&A...710L..32M", "2026A-A...710L..32M"),
    ("doi:10.1198/jcgs.2010.10007", "doi:10.1198-jcgs.2010.10007"),
    ("https://doi.org/10.48550/arxiv.2101.00001", "doi:10.48550-arxiv.2101.00001"),
    ("DBLP:journals/cacm/LimayeST24", "DBLP:journals-cacm-LimayeST24"),
    ("smith2020", "smith2020"),
])
def test_keys_become_safe_ids(key, expected):
    assert record_id(key, set()) == expected


def test_odd_keys_import_and_are_noted():
    bib = parse_bib("@ARTICLE{2026A&A...710L..32M, author={{Malik}, Sunil}, title={T},"
                    " year=2026}", "x.bib", [])
    assert bib.publications[0]["id"] == "2026A-A...710L..32M"
    assert bib.warnings == [] and "2026A&A...710L..32M → 2026A-A...710L..32M" in bib.notes[0]


@pytest.mark.parametrize("value, address", [
    (r"\url{https://example.org/a_b}", "https://example.org/a_b"),
    ("https://doi.org/10.1111%2Fgeb.12971", "https://doi.org/10.1111%2Fgeb.12971"),
    (r"http://x.org/100\%25", "http://x.org/100%25"),
    ("osf.io/preprints/socarxiv/af9jq", "https://osf.io/preprints/socarxiv/af9jq"),
    ("colare.pdf", None), ("", None),
])
def test_link_addresses(value, address):
    assert link_address(value) == address


def test_links_doi_and_arxiv():
    paper = one(r"""@misc{k, author={A B}, title={T}, year=2020,
        howpublished={\url{https://example.org/talk}}, doi={https://doi.org/10.1000/X_1},
        eprint={2101.00001}, archivePrefix={arXiv}, adsurl={https://ui.adsabs.harvard.edu/abs/x}}""")
    assert paper["doi"] == "10.1000/X_1"
    assert {"label": "paper", "url": "https://example.org/talk"} in paper["links"]
    assert {"label": "ADS", "url": "https://ui.adsabs.harvard.edu/abs/x"} in paper["links"]
    assert {"label": "arXiv", "url": "https://arxiv.org/abs/2101.00001"} in paper["links"]


def test_an_article_in_a_journal_with_an_arxiv_eprint_is_a_journal_article():
    paper = one(r"""@ARTICLE{k, author={{Malik}, S.}, title={T}, journal={\aap}, year=2026,
        eprint={2605.16924}, archivePrefix={arXiv}}""")
    assert paper["type"] == "journal" and "status" not in paper
    assert paper["venue"] == "A&A"
    assert {"label": "arXiv", "url": "https://arxiv.org/abs/2605.16924"} in paper["links"]


def test_an_arxiv_eprint_alone_is_a_preprint():
    paper = one("@ARTICLE{k, author={A B}, title={T}, journal={arXiv e-prints}, year=2026,"
                " eprint={2607.02665}, archivePrefix={arXiv}}")
    assert paper["type"] == "preprint" and paper["status"] == "preprint"


def test_no_year_is_to_appear():
    bib = parse_bib("@inproceedings{k, author={A B}, title={T}, series={EUROCRYPT~'17}}",
                    "x.bib", [])
    paper = bib.publications[0]
    assert paper["status"] == "to appear" and "year" not in paper
    assert paper["venue"] == "EUROCRYPT '17"
    assert [str(w) for w in bib.warnings] == ["x.bib:1: @k.year: no year: imported as 'to appear'"]


def test_no_title_is_left_out_with_a_warning():
    bib = parse_bib("@article{k, author={A B}, year=2020}\n@article{j, author={A B}, title={T},"
                    " year=2021}", "x.bib", [])
    assert [p["id"] for p in bib.publications] == ["j"]
    assert [str(w) for w in bib.warnings] == ["x.bib:1: @k.title: no title: left out"]
