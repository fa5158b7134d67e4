"""Validated means buildable (issue 9, item 9).

Whatever `validate` accepts, `build` builds; what it cannot build, `validate` refuses,
naming the field. Each of these validated and then failed to build:
- `>>` in a name or title (the metadata check ended the PDF's information dictionary
  at the first `>>`, even inside a string);
- whitelisted math TeX rejects (`\\sqrt[\\sqrt[3]{x}]{y}`: the inner `]` ended the
  optional argument);
- values long enough to overflow TeX's 200,000-character line buffer;
- thousands of citations (the references all on one line);
- absurd auto-fit bounds (`min_font_size: 50`, `1.0e+300`).
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

PERSON = {"name": "Ada Lovelace", "email": "ada@example.org"}


def write(tmp_path, data: dict):
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    return path


def validates_and_builds(tmp_path, cli, data: dict, variant: str = "industry-resume"):
    path = write(tmp_path, data)
    checked = cli("validate", "--data", path)
    assert checked.code == 0, checked.output
    built = cli("build", variant, "--data", path, "--output", tmp_path / "out")
    assert built.code == 0, built.output
    return tmp_path / "out" / f"{variant}.pdf"


def refused(tmp_path, cli, data: dict, field: str, words: str):
    result = cli("validate", "--data", write(tmp_path, data))
    assert result.code == 2, result.output
    assert field in result.output and words in result.output, result.output
    assert "Traceback" not in result.output


@pytest.mark.latex
def test_double_angle_brackets_in_the_metadata(tmp_path, cli):
    from cv_builder.latex.check import read_facts

    pdf = validates_and_builds(tmp_path, cli, {
        "person": {**PERSON, "name": "Ada >> Lovelace"},
        "awards": [{"name": "Best paper", "year": 1843}],
        "variants": {"industry-resume": {"title": "Résumé >> one page (a) \\ b"}}})
    facts = read_facts(pdf)
    assert facts.author == "Ada >> Lovelace"
    assert facts.title.startswith("Ada >> Lovelace ")
    assert facts.title.endswith(" Résumé >> one page (a) \\ b")


def test_the_information_dictionary_is_read_past_strings():
    from cv_builder.latex.check import _pdftex_info

    pdf = (b"1 0 obj\n<< /Title (a >> b \\) c) /Author <feff0041003e003e> "
           b"/Subject (s) /Keywords (k) >>\nendobj\ntrailer << /Info 1 0 R >>")
    assert _pdftex_info(pdf) == {"title": "a >> b ) c", "author": "A>>", "subject": "s",
                                 "keywords": "k"}


@pytest.mark.latex
def test_nested_optional_arguments_of_sqrt(tmp_path, cli):
    validates_and_builds(tmp_path, cli, {"person": PERSON,
                                         "about": "$\\sqrt[\\sqrt[3]{x}]{y}$ and $\\sqrt[n]{2}$"})


@pytest.mark.latex
@pytest.mark.parametrize("text", ["^" * 20_000, "\\" * 20_000, "a\n" * 10_000,
                                  ("word " * 4_000).strip(), "[x](https://e.org) " * 1_000])
def test_the_longest_values_accepted_build(tmp_path, cli, text):
    """20,000 characters is the most a paragraph may hold; escaped, each of these was
    one line of up to 400,000 characters, and TeX reads at most 200,000."""
    validates_and_builds(tmp_path, cli, {"person": PERSON, "research_statement": text[:20_000]},
                         "academic-cv")


def test_longer_values_are_refused_by_name(tmp_path, cli):
    refused(tmp_path, cli, {"person": PERSON, "about": "x" * 20_001}, "about",
            "20,001 characters; at most 20,000")
    refused(tmp_path, cli, {"person": PERSON, "awards": [{"name": "y" * 2_001, "year": 2020}]},
            "awards[0].name", "2,001 characters; at most 2,000")


def research(count: int, cited: list[str]) -> dict:
    return {"person": PERSON,
            "publications": [{"id": f"p{i}", "authors": ["A. Lovelace"],
                              "title": f"Paper {i}", "venue": "Journal", "year": 2000}
                             for i in range(count)],
            "research": [{"title": "Theme", "projects": [{"title": "Project",
                                                          "papers": cited}]}]}


def test_no_rendered_line_is_near_texs_buffer(tmp_path, cli):
    """Thousands of papers cited by projects, a thousand each: neither a citation list
    nor the reference list may be one line (before: one line of 30 characters each)."""
    data = research(3_000, [f"p{i}" for i in range(1_000)])
    data["research"][0]["projects"] += [{"title": f"More {n}", "papers": [
        f"p{i}" for i in range(n * 1_000, (n + 1) * 1_000)]} for n in (1, 2)]
    path = write(tmp_path, data)
    result = cli("tex", "research-statement", "--data", path)
    assert result.code == 0, result.output
    assert max(map(len, result.out.splitlines())) < 20_000


@pytest.mark.latex
def test_thousands_of_citations_build(tmp_path, cli):
    """As many as a project may cite, 1,000, build (their list ends a line every 20th)."""
    validates_and_builds(tmp_path, cli, research(1_000, [f"p{i}" for i in range(1_000)]),
                         "research-statement")


def test_more_citations_than_a_project_may_hold_are_refused(tmp_path, cli):
    """8,000 citations in one project: TeX stopped with 'arithmetic: number too big'."""
    refused(tmp_path, cli, research(1_001, [f"p{i}" for i in range(1_001)]),
            "research[0].projects[0].papers", "has 1,001 items; at most 1,000")


def test_citing_one_paper_twice_in_a_project_is_refused(tmp_path, cli):
    refused(tmp_path, cli, research(2, ["p0", "p1", "p0"]), "research[0].projects[0].papers[2]",
            "cites 'p0' twice")


@pytest.mark.parametrize("bound", [50, 1.0e300, float("inf"), float("nan"), 14.5])
def test_absurd_fit_bounds_are_refused(tmp_path, cli, bound):
    refused(tmp_path, cli, {"person": PERSON, "variants": {"industry-resume": {
        "fit": {"min_font_size": bound}}}}, "variants.industry-resume.fit.min_font_size", "")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="a ^\\\n-x/{}", min_size=900, max_size=6_000))
def test_long_lines_are_broken_only_where_tex_reads_the_same(text):
    """A line end only where a space was (TeX reads a line end as a space) or after
    \\allowbreak (skipped after a control word); never two in a row (a paragraph
    break), never at either end; and every line short."""
    from cv_builder.latex.escape import LINE, escape_fragment, escape_latex, trim_breaks

    wrapped = escape_latex(text)
    assert "\n\n" not in wrapped and not wrapped.startswith("\n") and not wrapped.endswith("\n")
    # The longest stretch without a place to break: 12 characters of the longest escape
    # between two \allowbreak.
    assert max(map(len, wrapped.split("\n"))) <= LINE + 300
    unwrapped = (wrapped.replace("\\allowbreak\n", "\\allowbreak{}")
                 .replace("\\fi\n", "\\fi{}").replace("\n", " "))
    assert unwrapped == escape_fragment(trim_breaks(text))


# --- Round 2 (issue 9): margins, TeX's digits, long letter ids, math's engine, \text ---

@pytest.mark.parametrize("margin", ["5in", "20in", "99999in", "1" + "0" * 29 + "pt"])
def test_a_margin_wider_than_the_page_allows_is_refused(tmp_path, cli, margin):
    refused(tmp_path, cli, {"person": PERSON, "design": {"margin": margin}}, "design.margin",
            "a margin is at most 2in")


@pytest.mark.parametrize("margin", ["\u0663in", "\uff11in", "1\nin", "1\u3000in"])
def test_a_margin_in_digits_or_spaces_tex_does_not_read_is_refused(tmp_path, cli, margin):
    refused(tmp_path, cli, {"person": PERSON, "design": {"margin": margin}}, "design.margin",
            "is not a length")


@pytest.mark.latex
@pytest.mark.parametrize("margin", ["2in", "5.08cm", "0in", "1 pt"])
def test_the_margins_accepted_build(tmp_path, cli, margin):
    validates_and_builds(tmp_path, cli, {"person": PERSON, "about": "Hello.",
                                         "design": {"margin": margin, "look": "classic"}})


def test_a_letter_id_too_long_for_a_file_name_is_refused(tmp_path, cli):
    letter = {"id": "a" * 101, "company": "Acme", "body": "Hi."}
    refused(tmp_path, cli, {"person": PERSON, "letters": [letter]}, "letters[0].id",
            "at most 100 letters")


@pytest.mark.latex
def test_the_longest_letter_id_builds_in_the_longest_variant(tmp_path, cli):
    variant = "v" * 100
    data = {"person": PERSON, "letters": [{"id": "a" * 100, "company": "Acme", "body": "Hi."}],
            "variants": {variant: {"extends": "cover-letter"}}}
    validates_and_builds(tmp_path, cli, data, variant)
    assert (tmp_path / "out" / f"{variant}-{'a' * 100}.pdf").is_file()


@pytest.mark.latex
def test_text_in_math_is_set_for_the_engine_of_each_pass(tmp_path, cli):
    """\\text{中文} in math: pdflatex's pass of the render remembered its LaTeX, XeLaTeX's
    reused it, and the build failed ("no 中 in font texgyreheros")."""
    from conftest import pdf_texts

    pdf = validates_and_builds(tmp_path, cli, {"person": PERSON,
                                               "about": "Math $x + \\text{中文}$ here."})
    for text in pdf_texts(pdf):
        assert "中文" in text


def test_a_word_in_math_text_too_long_for_a_line_is_refused(tmp_path, cli):
    about = "$\\text{" + "a" * 1000 + "}$"
    refused(tmp_path, cli, {"person": PERSON, "about": about}, "about",
            "TeX cannot break a line inside it, so it is at most 24")
