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


@pytest.mark.parametrize("url", ["http://arxiv.org/abs/2403.00001", "https://arxiv.org/abs/2403.00001/",
                                 "https://arxiv.org/pdf/2403.00001v2.pdf",
                                 "https://www.arxiv.org/abs/2403.00001"])
def test_a_url_and_an_eprint_of_the_same_arxiv_page_are_one_link(url):
    """Zotero's @preprint: url and eprint both lead to the arXiv page; it printed
    '[paper] [arXiv]'."""
    paper = one(f"""@preprint{{k, author={{A B}}, title={{T}}, date={{2024-03-01}},
        url={{{url}}}, eprinttype={{arxiv}}, eprint={{2403.00001}},
        code={{https://github.com/a/b}}, html={{https://github.com/a/b/}}}}""")
    assert [link["label"] for link in paper["links"]] == ["paper", "web"]  # html before code


@pytest.mark.parametrize("entry, degree", [
    ("@phdthesis{k, school={Stanford University}", "phd"),
    ("@mastersthesis{k, school={ETH Zürich}", "masters"),
    ("@thesis{k, institution={MIT}, type={phdthesis}", "phd"),
    ("@thesis{k, institution={MIT}, type={Master's thesis}", "masters"),
    ("@thesis{k, institution={MIT}", None)])
def test_a_thesis_knows_its_degree(entry, degree):
    paper = one(entry + ", author={A B}, title={T}, year=2017}")
    assert paper["type"] == "thesis" and paper.get("thesis") == degree


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


# --- The same paper twice, years as written, old encodings -------------------------------------

def test_the_same_paper_twice_in_one_file_is_kept_once():
    bib = parse_bib("@article{a, author={A B}, title={Rare Events by Splitting}, year=2020,"
                    " doi={10.1/x}}\n"
                    "@article{b, author={A B}, title={rare events by splitting}, year=2020,"
                    " doi={https://doi.org/10.1/X}}\n"
                    "@article{c, author={A B}, title={Rare Events by Splitting}, year=2022}\n",
                    "x.bib", [])
    assert [p["id"] for p in bib.publications] == ["a", "c"]  # c: a later journal version
    assert [str(w) for w in bib.warnings] == [
        "x.bib:2: @b: the same paper as @a (line 1, same DOI): one entry now, with the links "
        "of both"]


def test_a_report_of_the_same_paper_adds_its_venue_and_links_to_it():
    bib = parse_bib("@inproceedings{a, author={A B}, title={Depth Hierarchies for Circuits},"
                    " booktitle={STOC}, year=2019}\n"
                    "@article{b, author={A B}, title={Depth hierarchies for circuits},"
                    " journal={ECCC}, year=2019, url={https://eccc.example/r19}}\n", "x.bib", [])
    assert bib.publications == [{
        "id": "a", "authors": ["A B"], "title": "Depth Hierarchies for Circuits",
        "venue": "STOC", "type": "conference", "year": 2019, "notes": ["also ECCC"],
        "links": [{"label": "paper", "url": "https://eccc.example/r19"}]}]
    assert str(bib.warnings[0]).endswith("one entry now, with the links of both; 'also ECCC' "
                                         "a note")


def test_the_published_version_of_a_preprint_takes_its_place():
    bib = parse_bib("@article{p, author={A B}, title={Periodic Radio Emission Found},"
                    " journal={arXiv e-prints}, year=2026, eprint={2606.04232}}\n"
                    "@article{j, author={A B}, title={Periodic radio emission found},"
                    " journal={Nature Astronomy}, year=2026, doi={10.1038/x}}\n", "x.bib", [])
    paper, = bib.publications
    assert (paper["id"], paper["venue"], paper["type"], paper["doi"]) == (
        "p", "Nature Astronomy", "journal", "10.1038/x")
    assert paper["links"] == [{"label": "arXiv", "url": "https://arxiv.org/abs/2606.04232"}]
    assert "the published version (Nature Astronomy) kept" in str(bib.warnings[0])


@pytest.mark.parametrize("year, kept, warning", [
    ("{2019--2020}", 2019, "'2019–2020': kept as 2019"),
    ("{In press}", None, "'In press' is no year: imported as 'to appear'"),
    ("2021", 2021, None),
])
def test_a_year_as_written(year, kept, warning):
    bib = parse_bib(f"@article{{k, author={{A B}}, title={{T}}, journal={{J}},\n year={year}}}",
                    "x.bib", [])
    assert bib.publications[0].get("year") == kept
    assert [w.message for w in bib.warnings] == ([warning] if warning else [])
    assert all(w.line == 2 for w in bib.warnings)


def test_a_to_appear_note_is_the_status_not_a_note_too():
    paper = one("@article{k, author={A B}, title={T}, journal={J}, note={To appear}}")
    assert paper["status"] == "to appear" and "notes" not in paper


def test_a_file_not_in_utf8_is_read_as_windows_1252_with_a_warning(tmp_path):
    from cv_builder.record.bibliography import read_bib

    path = tmp_path / "old.bib"
    path.write_bytes("@article{k,\n author={Jørgensen, Søren},\n title={Fjords – a study},"
                     " journal={J}, year=2012}".encode("cp1252"))
    bib = read_bib(path, [])
    assert bib.publications[0]["authors"] == ["Søren Jørgensen"]
    assert bib.publications[0]["title"] == "Fjords – a study"
    assert str(bib.warnings[0]).startswith(f"{path}:2: not UTF-8 (byte 0xF8): read as "
                                           "Windows-1252")


@pytest.mark.parametrize("tex, title", [
    (r"Sunflowers and {\(\mathsf{AC}^0\)}", r"Sunflowers and $\mathsf{AC}^0$"),
    (r"Lyman-{$\alpha$} Emitters", r"Lyman-$\alpha$ Emitters"),
    (r"Circuits over \(\mathbb{F}_2\)", "Circuits over 𝔽₂"),
])
def test_formulas_in_titles_keep_their_spaces(tex, title):
    paper = one(f"@article{{k, author={{A B}}, title={{{tex}}}, journal={{J}}, year=2020}}")
    assert paper["title"] == title


def test_a_paper_not_out_yet_has_no_year_and_no_warning():
    bib = parse_bib("@article{k, author={A B}, title={T}, journal={J}, note={Submitted}}",
                    "x.bib", [])
    assert bib.publications[0] == {"id": "k", "authors": ["A B"], "title": "T",
                                   "venue": "J", "type": "journal", "status": "in submission"}
    assert bib.warnings == []


def test_an_east_asian_name_written_family_first_keeps_its_order():
    assert split_people("王, 芳 and 김, 민준 and 山田 太郎 and Papadaki, Eleni")[0] == [
        "王芳", "김민준", "山田 太郎", "Eleni Papadaki"]


def test_a_paper_with_no_author_in_ones_own_bib_is_ones_own():
    bib = parse_bib("@unpublished{k, title={Leaders' Prominence}, year=2019}", "x.bib",
                    ["Jeffrey B. Arnold"])
    assert bib.publications[0]["authors"] == ["Jeffrey B. Arnold"]
    assert str(bib.warnings[0]) == ("x.bib:1: @k.author: no author or editor: imported with "
                                    "Jeffrey B. Arnold as its author; check it")
    assert parse_bib("@unpublished{k, title={T}, year=2019}", "x.bib", []).publications == []
