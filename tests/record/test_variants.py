"""Variants as data: the shipped ones, overrides from the record, and new ones with no Python."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cv_builder.cli.commands import cli
from cv_builder import TEMPLATE_DIR
from cv_builder.errors import InvalidInput
from cv_builder.latex.render import render
from cv_builder.record.load import read_document
from cv_builder.record.model import Variant
from cv_builder.record.validate import load_record
from cv_builder.record.variants import DEFAULTS_FILE, resolve_variants, shipped_variants
from cv_builder.select import select

SHIPPED = ["academic-cv", "industry-resume", "research-statement", "cover-letter"]

# The fourth variant of the issue: a two-page short CV, declared in a record, nothing else.
SHORT_CV = {
    "extends": "academic-cv",
    "title": "Short CV",
    "description": "Two pages: the essentials.",
    "page_limit": 2,
    "paper": "a4",
    "keywords": ["short cv"],
    "sections": [
        {"kind": "about", "title": "Profile"},
        {"kind": "education", "style": "compact"},
        {"kind": "experience", "max_highlights": 1},
        {"kind": "publications", "title": "Selected Publications", "only_selected": True,
         "limit": 5},
        {"kind": "awards", "limit": 3, "style": "compact"},
        {"kind": "skills"},
    ],
}


def with_variants(data: dict, variants: dict) -> dict:
    return {**data, "variants": {**data.get("variants", {}), **variants}}


@pytest.fixture(scope="module")
def shipped_record_data(repo_root):
    """data/cv.yaml as plain data, to add variants to."""
    return read_document(repo_root / "data" / "cv.yaml").data


def resolve(load, data):
    record = load(data)
    return record, resolve_variants(record)


def problems_of(write_record, data) -> list:
    path = write_record(data)
    record, document = load_record(path)
    with pytest.raises(InvalidInput) as caught:
        resolve_variants(record, document)
    return caught.value.problems


# --- the shipped declarations -------------------------------------------------

def test_the_shipped_variants_are_data():
    assert list(shipped_variants()) == SHIPPED
    assert DEFAULTS_FILE.suffix == ".yaml"


def test_shipped_variants_resolve(load, minimal):
    variants = resolve_variants(load(minimal))
    assert list(variants) == SHIPPED
    assert all(isinstance(v, Variant) for v in variants.values())


def test_shipped_declarations_say_what_the_issue_asks():
    variants = {name: Variant.model_validate(spec) for name, spec in shipped_variants().items()}
    resume = variants["industry-resume"]
    assert resume.page_limit == 1 and resume.paper == "letter"
    assert variants["academic-cv"].page_limit is None
    kinds = {name: [s.kind for s in v.sections] for name, v in variants.items()}
    # The academic CV has every kind of entry the record holds.
    assert set(kinds["academic-cv"]) >= {"education", "experience", "projects", "research",
                                         "publications", "open_source", "awards", "talks",
                                         "service", "skills"}
    assert kinds["research-statement"][:2] == ["statement", "research"]
    for name, variant in variants.items():
        assert (TEMPLATE_DIR / variant.template).exists(), name
        assert variant.title and variant.keywords, name


# --- overriding from the record ------------------------------------------------

def test_record_overrides_a_shipped_variant(load, minimal):
    data = with_variants(minimal, {"industry-resume": {"paper": "a4", "font_size": 10}})
    record, variants = resolve(load, data)
    resume = variants["industry-resume"]
    assert (resume.paper, resume.font_size) == ("a4", 10)
    assert resume.page_limit == 1  # everything not overridden is kept
    assert resume.sections == Variant.model_validate(shipped_variants()["industry-resume"]).sections
    # The shipped declaration itself is untouched.
    assert shipped_variants()["industry-resume"]["paper"] == "letter"
    assert list(variants) == SHIPPED


def test_override_replaces_sections_as_a_whole(load, minimal):
    data = with_variants(minimal, {"academic-cv": {"sections": [{"kind": "publications"}]}})
    _, variants = resolve(load, data)
    assert [s.kind for s in variants["academic-cv"].sections] == ["publications"]


def test_an_override_must_be_a_mapping(load, minimal):
    with pytest.raises(InvalidInput, match="variants.academic-cv: no fields given"):
        load(with_variants(minimal, {"academic-cv": None}))


def test_new_variant_extends_one_declared_later_in_the_file(load, minimal):
    data = with_variants(minimal, {
        "tiny": {"extends": "short-cv", "title": "Tiny", "page_limit": 1},
        "short-cv": SHORT_CV,
    })
    _, variants = resolve(load, data)
    assert list(variants) == [*SHIPPED, "tiny", "short-cv"]
    assert variants["tiny"].page_limit == 1
    assert variants["tiny"].sections == variants["short-cv"].sections
    assert variants["tiny"].paper == "a4"


def test_extending_an_overridden_variant_sees_the_override(load, minimal):
    data = with_variants(minimal, {"academic-cv": {"paper": "a4"},
                                   "mine": {"extends": "academic-cv", "title": "Mine"}})
    _, variants = resolve(load, data)
    assert variants["mine"].paper == "a4"


def test_new_variant_without_extends_must_be_complete(write_record, minimal):
    problems = problems_of(write_record, with_variants(minimal, {"bare": {"title": "Bare"}}))
    assert sorted(p.path for p in problems) == ["variants.bare.sections",
                                                "variants.bare.template"]
    assert all(p.line is not None for p in problems)


def test_unknown_extends_names_the_line_and_the_known_variants(write_record, minimal):
    data = with_variants(minimal, {"mine": {"extends": "academic_cv", "title": "Mine"}})
    (problem,) = problems_of(write_record, data)
    assert problem.path == "variants.mine.extends"
    assert "unknown variant 'academic_cv'" in problem.message
    assert "academic-cv" in problem.message
    line = write_record(data).read_text().splitlines()[problem.line - 1]
    assert "extends: academic_cv" in line


def test_extends_loop_is_reported_once(write_record, minimal):
    data = with_variants(minimal, {"a": {"extends": "b"}, "b": {"extends": "c"},
                                   "c": {"extends": "a"}, "d": {"extends": "a"}})
    (problem,) = problems_of(write_record, data)
    assert "loop: a \u2192 b \u2192 c \u2192 a" in problem.message


def test_every_variant_problem_at_once(write_record, minimal):
    data = with_variants(minimal, {
        "short-cv": {**SHORT_CV, "page_limt": 3,
                     "sections": [{"kind": "education"}, {"kind": "awardz"}]},
        "other": {"extends": "nothing"},
        "industry-resume": {"paper": "A5"},
    })
    problems = problems_of(write_record, data)
    got = {(p.path, p.message.split(";")[0].split(" is not")[0]) for p in problems}
    assert got == {
        ("variants.short-cv.page_limt", "unknown field 'page_limt'"),
        ("variants.short-cv.sections[1].kind", "'awardz'"),
        ("variants.other.extends", "unknown variant 'nothing' to extend"),
        ("variants.industry-resume.paper", "'A5'"),
    }
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_unknown_field_in_a_section_suggests_the_right_one(write_record, minimal):
    data = with_variants(minimal, {"short-cv": {**SHORT_CV, "sections": [
        {"kind": "awards", "limt": 3}]}})
    (problem,) = problems_of(write_record, data)
    assert problem.path == "variants.short-cv.sections[0].limt"
    assert "did you mean 'limit'" in problem.message


# --- a fourth variant, no Python change ------------------------------------------

def test_fourth_variant_renders_from_the_record_alone(load, shipped_record_data):
    """short-cv: a few lines of YAML in the record, no template, no code."""
    record = load(with_variants(shipped_record_data, {"short-cv": SHORT_CV}))
    variants = resolve_variants(record)
    assert list(variants) == [*SHIPPED, "short-cv"]
    short = variants["short-cv"]
    assert (short.page_limit, short.paper, short.template) == (2, "a4", "academic-cv.tex.j2")
    view = select(record, "short-cv", short)
    assert [s.title for s in view.sections] == ["Profile", "Education", "Experience",
                                                "Selected Publications", "Awards", "Skills"]
    tex = render(view)
    assert "a4paper" in tex and "pdftitle={Juntang Zhuang -- Short CV}" in tex
    assert r"\cvsection{Selected Publications}" in tex
    assert r"\cvsection{Research Experience}" not in tex
    assert r"\cvsection{Invited Talks}" not in tex


def test_fourth_variant_with_its_own_template(load, minimal, tmp_path):
    """At most one template: a child of base.tex.j2 from another folder overrides a block."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "letter.tex.j2").write_text(
        '((* extends "base.tex.j2" *))\n'
        "((* block header *))\\textbf{((( person.name )))} -- a letter\\par\n"
        "((* endblock header *))\n", encoding="utf-8")
    data = with_variants(minimal, {"letter": {"template": "letter.tex.j2", "title": "Letter",
                                              "sections": [{"kind": "publications"}]}})
    record = load(data)
    variant = resolve_variants(record)["letter"]
    tex = render(select(record, "letter", variant), template_dirs=(str(folder),))
    assert r"\textbf{Ada Lovelace} -- a letter" in tex
    assert r"\cvsection{Publications}" in tex and r"\documentclass" in tex


def test_cli_lists_a_record_variant(write_record, shipped_record_data):
    path = write_record(with_variants(shipped_record_data, {"short-cv": SHORT_CV}))
    result = CliRunner().invoke(cli, ["list", "--data", str(path)])
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert header.split() == ["variant", "template", "page", "limit", "paper", "from"]
    lines = {line.split()[0]: line for line in rows}
    assert list(lines) == [*SHIPPED, "short-cv"]
    assert "2 pages" in lines["short-cv"] and lines["short-cv"].endswith("the record")
    assert "1 page" in lines["industry-resume"] and lines["academic-cv"].endswith("shipped")


@pytest.mark.latex
def test_fourth_variant_builds_to_at_most_two_pages(tmp_path, write_record, shipped_record_data):
    from pypdf import PdfReader

    path = write_record(with_variants(shipped_record_data, {"short-cv": SHORT_CV}))
    output = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "short-cv", "--data", str(path),
                                      "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in output.glob("*.pdf")) == ["short-cv.pdf"]
    reader = PdfReader(output / "short-cv.pdf")
    assert 1 <= len(reader.pages) <= 2
    assert reader.metadata.title == "Juntang Zhuang \u2013 Short CV"
    assert reader.metadata["/Keywords"] == "short cv"
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Selected Publications" in text and "Invited Talks" not in text
    # A4: 595 x 842 pt.
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_a_misspelt_variant_name_is_one_problem_with_a_guess(write_record, minimal):
    problems = problems_of(write_record, with_variants(minimal, {
        "industy-resume": {"paper": "a4"}}))
    assert [(p.path, p.message) for p in problems] == [(
        "variants.industy-resume", "unknown variant 'industy-resume'; did you mean "
        "'industry-resume'? (a variant of your own needs `extends:`, or a template, title "
        "and sections)")]


def test_a_record_wide_paper_applies_to_every_variant_unless_one_sets_its_own(load, minimal):
    record = load({**minimal, "paper": "A4", "variants": {
        "industry-resume": {"paper": "Letter"},
        "mine": {"template": "academic-cv.tex.j2", "title": "Mine", "sections": []},
        "short": {"extends": "academic-cv"}}})
    papers = {name: variant.paper for name, variant in resolve_variants(record).items()}
    assert papers == {"academic-cv": "a4", "industry-resume": "letter",
                      "research-statement": "a4", "mine": "a4", "short": "a4",
                      "cover-letter": "a4"}  # a letter is set on its résumé's paper, though


def test_enabled_false_switches_a_shipped_variant_off(load, minimal):
    record = load({**minimal, "variants": {"research-statement": {"enabled": False}}})
    variants = resolve_variants(record)
    assert not variants["research-statement"].enabled
    assert variants["academic-cv"].enabled


STAGED = """\
person:
  name: Ada Lovelace
  emial: ada@example.org
variants:
  industy-resume:
    paper: a4
  short-cv:
    extends: academic-cvv
    sections:
      - {kind: educaton}
      - {kind: publications, only_selectd: true, limit: 0}
  other:
    extends: industry-resume
    template: nonexistent.tex.j2
"""


def test_every_problem_in_the_record_its_variants_and_templates_in_one_pass(tmp_path):
    """A typo in `extends` hid the typos in that variant's sections, and those hid the
    missing template of another: three rounds of fixing to see them all. A typo in the
    record itself hid them all."""
    path = tmp_path / "cv.yaml"
    path.write_text(STAGED, encoding="utf-8")
    for command in (["validate"], ["build", "--output", str(tmp_path / "out")]):
        result = CliRunner().invoke(cli, [*command, "--data", str(path)])
        assert result.exit_code == 2, result.output
        found = [line.split(": ", 2)[1] for line in result.output.splitlines()[1:]]
        assert found == ["person.emial", "variants.industy-resume", "variants.short-cv.extends",
                         "variants.short-cv.sections[0].kind",
                         "variants.short-cv.sections[1].only_selectd",
                         "variants.short-cv.sections[1].limit", "variants.other.template"]
        assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))


def test_an_unknown_extends_guesses_among_variants_that_can_be_extended(write_record, minimal):
    data = with_variants(minimal, {"industy-resume": {"paper": "a4"},
                                   "mine": {"extends": "academic-cvv"},
                                   "zzz": {"extends": "qqqqq"}})
    problems = {p.path: p.message for p in problems_of(write_record, data)}
    assert problems["variants.mine.extends"].endswith("did you mean 'academic-cv'?")
    known = problems["variants.zzz.extends"].split("known: ")[1]
    assert known == "academic-cv, industry-resume, research-statement, cover-letter, mine"
