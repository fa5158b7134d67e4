"""Rendering to .tex: golden files for every shipped variant, and escaping by construction.

The golden files are tests/data/golden/<pdf>.tex, one per PDF a build of the small
fixed record tests/data/golden/record.yaml makes (a variant each, a letter variant
once per letter: cover-letter-<id>.tex). After a deliberate change to a
template (or to how a value is formatted), refresh them with

    CV_BUILDER_REFRESH_GOLDEN=1 .venv/bin/pytest tests/latex/test_render.py

then read `git diff tests/data/golden/` before committing: the diff is the
change every user will see in their documents.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import jinja2
import pytest
import yaml
from conftest import poison

from cv_builder.errors import InvalidInput
from cv_builder.latex.render import (
    Latex,
    Layout,
    author_list,
    citation_list,
    citation_runs,
    count,
    environment,
    finalize,
    href,
    join,
    latex_markup,
    render,
)
from cv_builder.record.documents import plan
from cv_builder.record.load import Document
from cv_builder.record.validate import load_record, validate_record
from cv_builder.record.design import Design
from cv_builder.record.variants import resolve_variants, shipped_looks
from cv_builder.select import select, view_of

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "data" / "golden"
GOLDEN_RECORD = GOLDEN_DIR / "record.yaml"
REFRESH = os.environ.get("CV_BUILDER_REFRESH_GOLDEN") == "1"


def render_all(record, document=None) -> dict[str, str]:
    """Every PDF's .tex, by the PDF's name."""
    variants = resolve_variants(record, document)
    return {job.name: render(view_of(record, job, variants))
            for job in plan(record, variants)}


def golden_names() -> list[str]:
    record, document = load_record(GOLDEN_RECORD)
    return [job.name for job in plan(record, resolve_variants(record, document))]


@pytest.fixture(scope="module")
def golden_record():
    record, document = load_record(GOLDEN_RECORD)
    return record, document


@pytest.fixture(scope="module")
def rendered(golden_record) -> dict[str, str]:
    return render_all(*golden_record)


# The shipped looks other than the default, whose golden files are in golden/<look>/.
OTHER_LOOKS = sorted(set(shipped_looks()) - {"default"})


@pytest.fixture(scope="module")
def rendered_looks(golden_record) -> dict[str, dict[str, str]]:
    record, _ = golden_record
    return {look: render_all(record.model_copy(update={"design": Design(look=look)}))
            for look in OTHER_LOOKS}


# --- golden files ------------------------------------------------------------

@pytest.mark.parametrize("look, name", [("default", name) for name in golden_names()]
                         + [(look, name) for look in OTHER_LOOKS for name in golden_names()])
def test_golden(rendered, rendered_looks, look, name):
    """Each PDF of the golden record, in each shipped look, renders exactly as its golden
    file (the default look's in golden/, the others' in golden/<look>/)."""
    golden = GOLDEN_DIR / (f"{name}.tex" if look == "default" else f"{look}/{name}.tex")
    actual = rendered[name] if look == "default" else rendered_looks[look][name]
    if REFRESH:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        return
    assert golden.exists(), (f"no golden file {golden.name}; create it with "
                             "CV_BUILDER_REFRESH_GOLDEN=1 .venv/bin/pytest tests/latex/test_render.py")
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True),
            fromfile=f"golden/{name}.tex", tofile="rendered", n=1))
        lines = diff.splitlines()
        shown = "\n".join(lines[:80]) + (f"\n... {len(lines) - 80} more lines"
                                         if len(lines) > 80 else "")
        pytest.fail(f"{name}.tex differs from its golden file (if the change is intended, "
                    "refresh with CV_BUILDER_REFRESH_GOLDEN=1 .venv/bin/pytest "
                    f"tests/latex/test_render.py):\n{shown}")


def test_one_golden_file_per_pdf():
    """No PDF without a golden file, and no stale golden file for a removed one."""
    goldens = {path.stem for path in GOLDEN_DIR.glob("*.tex")}
    assert goldens == set(golden_names())
    for look in OTHER_LOOKS:
        assert {path.stem for path in (GOLDEN_DIR / look).glob("*.tex")} == set(golden_names())
    assert {path.name for path in GOLDEN_DIR.iterdir() if path.is_dir()} == set(OTHER_LOOKS)
    assert {"academic-cv", "industry-resume", "research-statement",
            "cover-letter-engine"} <= goldens


def test_rendering_is_deterministic(golden_record, rendered):
    assert render_all(*golden_record) == rendered


# --- what the golden record's output must hold, whatever the look ------------

def test_no_template_output_is_escaped_twice(rendered):
    """A block's super() or an include must never pass through the escaper again."""
    for name, tex in rendered.items():
        assert r"\textbackslash{}cvsection" not in tex, name
        assert r"\textbackslash{}textbf" not in tex, name
        assert r"\textbackslash{}item" not in tex, name


def test_every_variant_is_a_whole_document(rendered):
    for name, tex in rendered.items():
        assert tex.lstrip().startswith(r"\documentclass"), name
        assert tex.count(r"\begin{document}") == 1 and tex.rstrip().endswith(r"\end{document}")


def test_pdf_metadata_is_set(rendered, golden_record):
    record, document = golden_record
    for job in plan(record, resolve_variants(record, document)):
        tex = rendered[job.name]
        assert f"pdftitle={{Ada Lovelace -- {escape(job.variant.title)}}}" in tex
        assert "pdfauthor={Ada Lovelace}" in tex
        assert "pdfsubject={" in tex and "pdfkeywords={" in tex


def escape(text: str) -> str:
    from cv_builder.latex.escape import escape_latex

    return escape_latex(text)


def test_owner_bolded_in_every_name_form(rendered):
    tex = rendered["academic-cv"]
    # Each name's parts tied (\cvbtie): a line breaks between authors, not inside one.
    assert r"\textbf{A.~A.~Lovelace}" in tex
    assert r"\textbf{A.~Lovelace}" in tex
    assert r"L.~F.~Menabrea, " in tex
    assert r"\textbf{L.~F.~Menabrea}" not in tex
    assert r"C.~Babbage, et~al." in tex


def test_markup_becomes_latex(rendered):
    tex = rendered["industry-resume"]
    assert r"I write \textbf{programs} for the \emph{Analytical Engine}" in tex
    assert r"\href{https://example.org/notes\#g}{my notes}" in tex
    assert r"\ensuremath{\alpha}" in tex
    assert r"\ensuremath{O(1/\sqrt{T})}" in rendered["academic-cv"]
    assert r"with *literal* stars" in rendered["academic-cv"]


def test_special_characters_printed_not_run(rendered):
    tex = rendered["industry-resume"]
    assert r"50\% \& rose 10\_000 \{sic\} -{}-{} not \textasciitilde{}" in tex
    assert r"Prize \#2 for 100\% effort" in tex
    assert r"Analyst \& Metaphysician" in tex


def test_links_are_clickable(rendered):
    tex = rendered["academic-cv"]
    assert r"\href{mailto:ada@example.org}{ada@example.org}" in tex
    assert r"\href{https://example.org/sketch?x=1&y=2}{project page}" in tex
    assert r"\href{https://example.org/video/1}{video}" in tex
    # Profiles show their address, without the scheme or a language parameter.
    assert (r"{scholar.\cvbmarkbreak{}google.\cvbmarkbreak{}com/\allowbreak{}"
            r"citations?\cvbmarkbreak{}user=") in tex
    assert r"\href{https://github.com/ada}{github.com/ada}" in tex
    assert "hl=en}" not in tex.replace("hl=en}{", "")


def test_dates_formatted_by_filters(rendered):
    tex = rendered["academic-cv"]
    assert "Sep 1840 \u2013 Jun 1843 (expected)" in tex
    assert "Oct 1842 \u2013 Present" in tex
    assert "Jun 1833 \u2013 Nov 1833" in tex  # one style: both ends whole, a spaced dash
    assert "1830 \u2013 1834" in tex
    # In an entry's head each date holds together: a long range breaks after its dash
    # (or before a long "(expected)").
    assert "{Sep~1840 \u2013 Jun~1843 (expected)}" in tex


def test_resume_keeps_only_selected_and_trims_bullets(rendered):
    tex = rendered["industry-resume"]
    assert "Third bullet" not in tex                 # max_highlights: 2
    assert "Poetical science" not in tex             # projects: only_selected
    assert "On the engine" not in tex                # publications: only_selected
    assert "Third bullet" in rendered["academic-cv"]  # the full CV keeps everything


def test_research_statement_numbers_and_lists_references(rendered):
    tex = rendered["research-statement"]
    # lovelace1844 is cited first, so it is [1]; both papers appear in the list in that order.
    # Citations are tied to the word before, sorted, and link to their list entries.
    assert (r"\textbf{Bernoulli numbers}~[\hyperlink{cvb.pub.1}{1},~\hyperlink{cvb.pub.2}{2}]"
            in tex)
    assert r"\textbf{Music by machine}~[\hyperlink{cvb.pub.1}{1}]" in tex
    references = tex[tex.index(r"\cvsection{References}"):]
    items = references.split(r"\item")[1:]
    assert len(items) == 2
    assert items[0].startswith(r"[{\hypertarget{cvb.pub.1}{}[1]}]")
    assert items[1].startswith(r"[{\hypertarget{cvb.pub.2}{}[2]}]")
    assert "On the engine" in items[0] and "Sketch of the Analytical Engine" in items[1]


def test_a_cv_lists_cited_papers_its_publications_section_leaves_out(write_record, minimal):
    """A variant that trims the publications still resolves every citation it prints."""
    minimal["publications"].append({"id": "later", "authors": ["A. Lovelace"],
                                    "title": "A later paper", "year": 1850})
    minimal["research"] = [{"title": "Engines", "projects": [
        {"title": "Notes", "papers": ["later", "notes1843"]}]}]
    minimal["variants"] = {"short": {"extends": "academic-cv", "sections": [
        {"kind": "research"}, {"kind": "publications", "limit": 1}]}}
    record, document = load_record(write_record(minimal))
    variants = resolve_variants(record, document)
    tex = render(select(record, "short", variants["short"]))
    listed = tex[tex.index(r"\cvsection{Publications}"):tex.index(r"\cvsection{References}")]
    assert "A later paper" in listed and "Notes on" not in listed
    references = tex[tex.index(r"\cvsection{References}"):]
    assert r"\item[{\hypertarget{cvb.pub.2}{}[2]}]" in references and "Notes on" in references


@pytest.mark.parametrize("labels, runs", [
    (["1"], [(0, 0)]),
    (["3", "4"], [(0, 0), (1, 1)]),                 # two in a row stay apart: [3, 4]
    (["1", "2", "3"], [(0, 2)]),                    # three make a range: [1–3]
    ([str(n) for n in range(1, 25)], [(0, 23)]),    # [1–24]
    (["3", "5", "6", "7", "8", "9"], [(0, 0), (1, 5)]),  # [3, 5–9]
    (["2", "4", "6"], [(0, 0), (1, 1), (2, 2)]),
    (["J1", "J2", "J3", "C1"], [(0, 2), (3, 3)]),   # a group's letter and numbers
    (["J3", "C4", "C5", "C6"], [(0, 0), (1, 3)]),   # another letter starts a new run
    (["9", "10", "11"], [(0, 2)]),                  # numbers, not text: 9 then 10
])
def test_citation_runs_join_consecutive_labels(labels, runs):
    assert citation_runs(labels) == runs


def test_a_long_citation_compresses_and_may_break_after_its_commas():
    def link(n: int) -> str:
        return rf"\hyperlink{{cvb.pub.{n}}}{{{n}}}"

    def cite(*numbers: int) -> str:
        return citation_list([(f"cvb.pub.{n}", str(n)) for n in numbers])

    # Short: tied together and to the word before (no line starts with "4]").
    assert cite(3, 4) == f"~[{link(3)},~{link(4)}]"
    assert cite(3, 5, 6, 7, 8, 9) == rf"~[{link(3)},~{link(5)}\textendash{{}}{link(9)}]"
    assert cite(*range(1, 25)) == rf"~[{link(1)}\textendash{{}}{link(24)}]"
    # Long: a plain space after each comma, where a line may break.
    assert cite(1, 3, 5, 7) == f"~[{link(1)}, {link(3)}, {link(5)}, {link(7)}]"


def test_academic_cv_citations_match_its_publication_list(rendered):
    tex = rendered["academic-cv"]
    # The list is grouped (the journal article, then the paper in submission, a preprint);
    # research cites those numbers, sorted whatever the record's order.
    assert (r"\textbf{Bernoulli numbers}~[\hyperlink{cvb.pub.1}{1},~\hyperlink{cvb.pub.2}{2}]"
            in tex)
    publications = tex[tex.index(r"\cvsection{Publications}"):]
    assert publications.index(r"\cvsubsection{Journal Articles}") \
        < publications.index(r"\hypertarget{cvb.pub.1}{}[1]") \
        < publications.index("Sketch of the Analytical") \
        < publications.index(r"\cvsubsection{Preprints and Papers in Submission}") \
        < publications.index(r"\hypertarget{cvb.pub.2}{}[2]") < publications.index("On the engine")


def test_paper_size_follows_the_variant(golden_record):
    record, _ = golden_record
    variants = resolve_variants(record)
    letter = render(select(record, "academic-cv", variants["academic-cv"]))
    a4_variant = variants["academic-cv"].model_copy(update={"paper": "a4"})
    a4 = render(select(record, "academic-cv", a4_variant))
    assert "letterpaper" in letter and "a4paper" not in letter
    assert "a4paper" in a4 and "letterpaper" not in a4


def test_layout_drives_the_font_size(golden_record):
    record, _ = golden_record
    variant = resolve_variants(record)["industry-resume"]
    view = select(record, "industry-resume", variant)
    assert render(view, Layout(10.5)) == render(view)  # the variant's size by default
    assert render(view, Layout(9.5, 0.5)) != render(view)


# --- escaping by construction ------------------------------------------------

@pytest.mark.parametrize("look", sorted(shipped_looks()))
def test_every_record_string_is_escaped_in_every_variant(look):
    """Hostile text in every free-text field of the record never reaches LaTeX as code,
    whatever the look (the awesome look splits the name in two, for instance)."""
    data = poison(yaml.safe_load(GOLDEN_RECORD.read_text(encoding="utf-8")))
    data["design"] = {"look": look, "icons": True}
    record = validate_record(Document("hostile.yaml", data))
    for name, tex in render_all(record).items():
        assert r"\input{/etc/passwd}" not in tex, name
        assert "#$%" not in tex, name
        unbroken = tex.replace(r"\allowbreak{}", "")  # break points print nothing
        assert unbroken.count(r"Z\textbackslash{}input\{/etc/passwd\}") >= 3, name


def test_finalize_escapes_plain_values_and_keeps_latex():
    assert finalize("50% & $5") == r"50\% \& \$5"
    assert finalize(Latex(r"\textbf{x}")) == r"\textbf{x}"
    assert finalize(None) == ""
    assert finalize(1843) == "1843"


def test_templates_cannot_forget_to_escape():
    env = environment()
    template = env.from_string("((( value ))) and ((( value|upper )))")
    assert template.render(value="a_b") == r"a\_b and A\_B"


def test_one_cached_environment_with_latex_safe_delimiters():
    env = environment()
    assert env is environment()
    assert isinstance(env.undefined, type) and issubclass(env.undefined, jinja2.StrictUndefined)
    # LaTeX braces and Jinja's usual delimiters are plain text.
    assert env.from_string(r"{{ x }} {% y %} \textbf{z}").render() == r"{{ x }} {% y %} \textbf{z}"
    assert env.from_string("((= a comment =))kept").render() == "kept"


def test_undefined_names_fail_loudly():
    with pytest.raises(jinja2.UndefinedError):
        environment().from_string("((( nothing.here )))").render()


def test_markup_filter():
    assert latex_markup("**a** *b* [c](https://x.org/?q=1#f) $x^2$ 5%") == \
        r"\textbf{a} \emph{b} \href{https://x.org/?q=1\#f}{c} \ensuremath{x^2} 5\%"
    assert latex_markup(None) == ""
    assert isinstance(latex_markup("x"), Latex)


def test_href_escapes_the_label_and_the_address():
    assert href("https://x.org/a%20b#c", "50% off") == \
        r"\href{https://x.org/a\%20b\#c}{50\% off}"
    assert href("https://x.org/a_b") == r"\href{https://x.org/a_b}{https://x.org/a\_b}"


def test_join_escapes_items_and_separator():
    assert join(["R&D", Latex(r"\emph{x}")], " & ") == r"R\&D \& \emph{x}"


@pytest.mark.parametrize("locale, texts", [
    ("en", ["0", "999", "1,234", "12,345"]), ("en-GB", ["0", "999", "1,234", "12,345"]),
    ("de", ["0", "999", "1.234", "12.345"]), ("pt-BR", ["0", "999", "1.234", "12.345"]),
    ("fr", ["0", "999", "1\u00a0234", "12\u00a0345"]), ("ru", ["0", "999", "1\u00a0234", "12\u00a0345"]),
    ("ja", ["0", "999", "1,234", "12,345"])])
def test_a_count_is_grouped_as_the_locale_groups_digits(locale, texts):
    from cv_builder.latex.render import _LANGUAGE
    from cv_builder.record.language import language

    said = _LANGUAGE.set(language(locale))
    try:
        assert [count(number) for number in (0, 999, 1234, 12345)] == texts
    finally:
        _LANGUAGE.reset(said)


def paper(**fields):
    from cv_builder.record.model import Publication

    return Publication.model_validate({"id": "p", "title": "T", "year": 2020, **fields})


def test_author_list_bolds_the_owner_whatever_the_case():
    text = author_list(paper(authors=["a. lovelace", "C. Babbage"]), ["Ada Lovelace", "A. Lovelace"])
    assert text == r"\textbf{a.~lovelace}, C.~Babbage."


def test_author_list_bolds_the_owner_with_an_equal_contribution_mark():
    text = author_list(paper(authors=["Burak Kaya*", "Elif Demir*", "Ayşe Çelik"]),
                       ["Elif Demir"])
    assert r"Burak~Kaya*, \textbf{Elif~Demir*}, Ayşe~Çelik" in text


def test_author_list_et_al_and_escaping():
    text = author_list(paper(authors=["O'Brien & Co", "X"], et_al=True), ["Nobody"])
    assert text == r"O\textquotesingle{}Brien~\&~Co, X, et~al."


def test_author_list_does_not_double_the_final_period():
    assert author_list(paper(authors=["A. B. Jr."]), []) == r"A.~B.~Jr."
    assert author_list(paper(authors=["X", "A. B. Jr."]), ["A. B. Jr."]) == \
        r"X, \textbf{A.~B.~Jr.}"


def test_unknown_template_is_a_clear_error(golden_record):
    record, _ = golden_record
    variant = resolve_variants(record)["academic-cv"].model_copy(
        update={"template": "nope.tex.j2"})
    with pytest.raises(jinja2.TemplateNotFound):
        render(select(record, "x", variant))


def test_invalid_input_is_the_error_for_bad_records():
    with pytest.raises(InvalidInput):
        validate_record(Document("x.yaml", {"person": {}}))
