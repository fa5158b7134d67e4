"""End to end: the CLI builds every variant of data/cv.yaml with real TeX Live, and rebuilds
only what an edit of the record changes.

The record and the PDFs are built once per module (into a temporary folder, never
into output/); tests that edit the record work on copies of both.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cv_builder.cli.commands import cli
from cv_builder.record.markup import to_plain
from cv_builder.record.validate import load_record
from cv_builder.record.variants import resolve_variants
from cv_builder.select import select

VARIANTS = ["academic-cv", "industry-resume", "research-statement"]
LETTER = (612, 792)  # points


def run(*args: object) -> "click.testing.Result":  # noqa: F821
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result


def joined_hyphenation(text: str) -> str:
    """Words a line break hyphenated, whole again ('inte- \ngrator' -> 'integrator')."""
    return re.sub(r"(?<=\w)- *\n *(?=\w)", "", text)


def normalise(text: str) -> str:
    """PDF text with every run of whitespace (line breaks included) as one space."""
    return " ".join(text.split())


def pdf_text(pdf: Path) -> str:
    """pypdf's text, whitespace normalised; in the research statement (justified and
    hyphenated) words split at a line end are joined: there a line-ending hyphen is
    always a hyphenation point, never a hyphen of the text (see research-statement.tex.j2)."""
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    if pdf.stem == "research-statement":
        text = joined_hyphenation(text)
    return normalise(text)


def statuses(output: str) -> dict[str, str]:
    """{variant: "built" | "up to date" | "failed"} from the build command's report."""
    found = {}
    for name in VARIANTS:
        match = re.search(rf"\b{re.escape(name)}: (built|up to date|failed)", output)
        if match:
            found[name] = match[1]
    return found


def mtimes(output: Path) -> dict[str, int]:
    return {name: (output / f"{name}.pdf").stat().st_mtime_ns for name in VARIANTS}


@dataclass
class Built:
    folder: Path
    data: Path
    output: Path
    log: str
    record: object
    variants: dict
    text: dict[str, str]
    readers: dict


@pytest.fixture(scope="module")
def built(tmp_path_factory, repo_root) -> Built:
    """Every variant of a copy of data/cv.yaml, built once for the whole module."""
    from pypdf import PdfReader

    folder = tmp_path_factory.mktemp("build")
    data = folder / "cv.yaml"
    shutil.copyfile(repo_root / "data" / "cv.yaml", data)
    output = folder / "output"
    result = run("build", "--data", data, "--output", output)
    assert result.exit_code == 0, result.output
    record, document = load_record(data)
    return Built(folder, data, output, result.output, record, resolve_variants(record, document),
                 {name: pdf_text(output / f"{name}.pdf") for name in VARIANTS},
                 {name: PdfReader(output / f"{name}.pdf") for name in VARIANTS})


def copy_of(built: Built, tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the built record and output folder (stamps included, mtimes kept)."""
    data = tmp_path / "cv.yaml"
    shutil.copyfile(built.data, data)
    output = tmp_path / "output"
    shutil.copytree(built.output, output)
    return data, output


# --- the first build -------------------------------------------------------------

@pytest.mark.latex
def test_every_variant_built(built):
    assert statuses(built.log) == dict.fromkeys(VARIANTS, "built")
    assert sorted(p.name for p in built.output.glob("*.pdf")) == [f"{n}.pdf" for n in VARIANTS]


@pytest.mark.latex
def test_industry_resume_is_exactly_one_letter_page(built):
    reader = built.readers["industry-resume"]
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == LETTER


@pytest.mark.latex
def test_page_counts_respect_every_limit(built):
    for name in VARIANTS:  # the seed record has no letters: no cover letter
        variant, pages = built.variants[name], len(built.readers[name].pages)
        assert pages >= 1
        if variant.page_limit:
            assert pages <= variant.page_limit, name


@pytest.mark.latex
def test_academic_cv_has_every_publication_title(built):
    text = built.text["academic-cv"]
    missing = [p.title for p in built.record.publications if normalise(p.title) not in text]
    assert not missing
    assert len(built.record.publications) >= 15


@pytest.mark.latex
@pytest.mark.parametrize("kind, field", [
    ("awards", "name"), ("talks", "host"), ("projects", "name"), ("open_source", "name"),
])
def test_academic_cv_has_every(built, kind, field):
    entries = getattr(built.record, kind)
    assert entries
    missing = [getattr(e, field) for e in entries
               if normalise(getattr(e, field)) not in built.text["academic-cv"]]
    assert not missing


@pytest.mark.latex
def test_academic_cv_has_every_research_project(built):
    titles = [p.title for theme in built.record.research for p in theme.projects]
    assert titles
    assert [t for t in titles if normalise(t) not in built.text["academic-cv"]] == []


@pytest.mark.latex
def test_research_statement_has_the_statement(built):
    statement = normalise(to_plain(built.record.research_statement))
    assert statement in built.text["research-statement"]


@pytest.mark.latex
def test_research_statement_has_numbered_references(built):
    view = select(built.record, "research-statement", built.variants["research-statement"])
    references = view.references
    assert len(references) >= 5
    text = built.text["research-statement"]
    assert "References" in text
    listed = text[text.rindex("References"):]
    position = 0
    for number, paper in references:
        entry = f"[{number}] "
        at = listed.find(entry, position)
        assert at >= 0, f"reference {entry} missing"
        assert listed.find(normalise(paper.title), at) > at, paper.title
        position = at + len(entry)
    # The themes cite those numbers in the text before the list.
    body = text[:text.rindex("References")]
    for number, _ in references:
        assert re.search(rf"\[(\d+, )*{number}(, \d+)*\]", body), number


@pytest.mark.latex
@pytest.mark.parametrize("name", VARIANTS)
def test_metadata(built, name):
    variant = built.variants[name]
    person = built.record.person.name
    meta = built.readers[name].metadata
    assert person in meta.title and variant.title in meta.title
    assert meta.author == person
    # Written for the reader, not the tool's own description of the variant.
    assert meta.subject == f"{variant.title} of {person}, {built.record.person.headline}"
    keywords = meta["/Keywords"]
    assert keywords and all(k in keywords for k in variant.keywords)


@pytest.mark.latex
def test_links_are_clickable(built):
    uris = set()
    for page in built.readers["academic-cv"].pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                uris.add(str(action["/URI"]))
    person = built.record.person
    assert f"mailto:{person.email}" in uris
    assert person.website in uris
    assert all(p.url in uris for p in person.profiles)
    assert any(link.url in uris for t in built.record.talks for link in t.links)


# --- rebuilding ---------------------------------------------------------------

@pytest.mark.latex
def test_nothing_changed_nothing_rebuilt(built, tmp_path):
    data, output = copy_of(built, tmp_path)
    before = mtimes(output)
    result = run("build", "--data", data, "--output", output)
    assert result.exit_code == 0, result.output
    assert statuses(result.output) == dict.fromkeys(VARIANTS, "up to date")
    assert mtimes(output) == before


def rename_award(data: Path, old: str, new: str) -> None:
    text = data.read_text(encoding="utf-8")
    assert text.count(f"name: {old}\n") == 1
    data.write_text(text.replace(f"name: {old}\n", f"name: {new}\n"), encoding="utf-8")


@pytest.mark.latex
def test_renamed_award_rebuilds_only_what_shows_it(built, tmp_path):
    """The résumé's top award renamed: the CV and the résumé change, the statement does not."""
    data, output = copy_of(built, tmp_path)
    top = max(built.record.awards, key=lambda a: (a.selected, a.priority, a.year)).name
    assert top in built.text["industry-resume"]
    rename_award(data, top, "Zhuang Prize for Splendid Research")
    before = mtimes(output)
    result = run("build", "--data", data, "--output", output)
    assert result.exit_code == 0, result.output
    assert statuses(result.output) == {"academic-cv": "built", "industry-resume": "built",
                                       "research-statement": "up to date"}
    after = mtimes(output)
    assert after["research-statement"] == before["research-statement"]
    for name in ("academic-cv", "industry-resume"):
        assert after[name] != before[name]
        text = pdf_text(output / f"{name}.pdf")
        assert "Zhuang Prize for Splendid Research" in text
        assert top not in text


@pytest.mark.latex
def test_award_only_the_cv_shows_rebuilds_only_the_cv(built, tmp_path):
    data, output = copy_of(built, tmp_path)
    oldest = min(built.record.awards, key=lambda a: (a.year, a.priority)).name
    assert oldest in built.text["academic-cv"] and oldest not in built.text["industry-resume"]
    rename_award(data, oldest, "Renamed Early Honour")
    result = run("build", "--data", data, "--output", output)
    assert result.exit_code == 0, result.output
    assert statuses(result.output) == {"academic-cv": "built", "industry-resume": "up to date",
                                       "research-statement": "up to date"}
    assert "Renamed Early Honour" in pdf_text(output / "academic-cv.pdf")


@pytest.mark.latex
def test_build_named_variants_only(built, tmp_path):
    data, _ = copy_of(built, tmp_path)
    output = tmp_path / "fresh"
    result = run("build", "industry-resume", "--data", data, "--output", output)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in output.glob("*.pdf")) == ["industry-resume.pdf"]


def write_hostile(repo_root: Path, path: Path, variants: dict | None = None) -> Path:
    """The golden record with TeX specials in every free-text field (see conftest.poison)."""
    from conftest import poison

    golden = repo_root / "tests" / "data" / "golden" / "record.yaml"
    data = poison(yaml.safe_load(golden.read_text(encoding="utf-8")))
    if variants:
        data["variants"] = variants
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.latex
def test_hostile_record_compiles(repo_root, tmp_path):
    """Every free-text field full of TeX specials still compiles, in every variant."""
    # The page limit is lifted: this test is about escaping, not fitting.
    data = write_hostile(repo_root, tmp_path / "hostile.yaml",
                         {"industry-resume": {"page_limit": None}})
    result = run("build", "--data", data, "--output", tmp_path / "out")
    assert result.exit_code == 0, result.output
    for name in VARIANTS:
        text = pdf_text(tmp_path / "out" / f"{name}.pdf").replace(" ", "")
        assert r"Z\input{/etc/passwd}#$%&_^~<>|[]`'" in text, name  # printed, not run


def with_extra_jobs(repo_root: Path, path: Path, jobs: int, bullets: int) -> Path:
    """The seed record plus `jobs` older jobs of `bullets` bullets each."""
    data = yaml.safe_load((repo_root / "data" / "cv.yaml").read_text(encoding="utf-8"))
    data["experience"] += [{
        "organization": f"Company {i}", "position": "Engineer", "start": f"{2010 - i}-01",
        "end": f"{2010 - i}-12", "tags": ["industry"],
        "highlights": [f"Shipped a measurable improvement to a production system ({i}.{b})."
                       for b in range(bullets)]} for i in range(jobs)]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def compiles_of(output: str) -> int:
    return int(re.search(r"(\d+) compiles?", output)[1])


@pytest.mark.latex
def test_resume_overflowing_by_a_little_is_fitted(repo_root, tmp_path):
    data = with_extra_jobs(repo_root, tmp_path / "cv.yaml", jobs=2, bullets=2)
    strict = run("build", "industry-resume", "--strict", "--data", data,
                 "--output", tmp_path / "strict")
    assert strict.exit_code == 1 and "more than its limit of 1" in strict.output
    result = run("build", "industry-resume", "--data", data, "--output", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "fitted:" in result.output  # it says what it changed
    assert compiles_of(result.output) <= 3
    from pypdf import PdfReader

    assert len(PdfReader(tmp_path / "out" / "industry-resume.pdf").pages) == 1


@pytest.mark.latex
def test_overfull_resume_fits_in_three_compiles(repo_root, tmp_path):
    """Nine extra jobs of six bullets: tighter layout, then the oldest jobs cut."""
    data = with_extra_jobs(repo_root, tmp_path / "cv.yaml", jobs=9, bullets=6)
    result = run("build", "industry-resume", "--data", data, "--output", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert compiles_of(result.output) <= 3
    assert "fitted: dropped experience 'Company 8'" in result.output  # the oldest goes first
    text = pdf_text(tmp_path / "out" / "industry-resume.pdf")
    assert "Juntang Zhuang" in text and "OpenAI" in text  # the newest stays


@pytest.mark.latex
def test_resume_that_cannot_fit_says_how_far_over(repo_root, tmp_path):
    data = with_extra_jobs(repo_root, tmp_path / "cv.yaml", jobs=2, bullets=2)
    text = data.read_text(encoding="utf-8")
    data.write_text(text + "variants:\n  industry-resume:\n    fit: {min_font_size: 10.5, "
                    "min_spacing: 1.0, drop_entries: false}\n", encoding="utf-8")
    result = run("build", "industry-resume", "--data", data, "--output", tmp_path / "out")
    assert result.exit_code == 1
    assert "does not fit in 1 page" in result.output and "cm over" in result.output


# --- the other commands (no TeX needed) ----------------------------------------

def test_validate_command(repo_root):
    result = run("validate", "--data", repo_root / "data" / "cv.yaml")
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


def test_validate_command_reports_problems_with_lines(write_record):
    path = write_record("person:\n  name: Ada\n  nmae: x\nawards:\n  - name: Prize\n")
    result = CliRunner().invoke(cli, ["validate", "--data", str(path)])
    assert result.exit_code == 2
    assert f"{path}:3:3: person.nmae: unknown field 'nmae'" in result.output
    assert f"{path}:5:5: awards[0].year: this field is required" in result.output
    assert "Traceback" not in result.output


def test_validate_missing_file(tmp_path):
    result = CliRunner().invoke(cli, ["validate", "--data", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2 and "file not found" in result.output


def test_list_command(repo_root):
    result = run("list", "--data", repo_root / "data" / "cv.yaml")
    assert result.exit_code == 0, result.output
    header, *lines = result.output.splitlines()
    assert header.split() == ["variant", "template", "page", "limit", "paper", "from"]
    rows = {line.split()[0]: line.split() for line in lines}
    assert list(rows) == [*VARIANTS, "cover-letter"]  # the seed record has no letters
    assert "one PDF per letter" in " ".join(rows["cover-letter"])
    assert rows["industry-resume"][:5] == ["industry-resume", "industry-resume.tex.j2", "1",
                                           "page", "letter"]
    assert rows["academic-cv"][2] == "none"


def test_tex_command(repo_root):
    result = run("tex", "industry-resume", "--data", repo_root / "data" / "cv.yaml")
    assert result.exit_code == 0, result.output
    tex = result.output
    assert tex.lstrip().startswith(r"\documentclass") and tex.rstrip().endswith(r"\end{document}")
    assert "Juntang Zhuang" in tex


def test_tex_command_matches_render(write_record, repo_root):
    from cv_builder.latex.render import render

    golden = repo_root / "tests" / "data" / "golden" / "record.yaml"
    result = run("tex", "research-statement", "--data", golden)
    record, document = load_record(golden)
    variant = resolve_variants(record, document)["research-statement"]
    assert result.output == render(select(record, "research-statement", variant))


def test_unknown_variant_is_invalid_input(repo_root, tmp_path):
    data = repo_root / "data" / "cv.yaml"
    for args in (["tex", "no-such"], ["build", "no-such", "--output", str(tmp_path)]):
        result = CliRunner().invoke(cli, [*args, "--data", str(data)])
        assert result.exit_code == 2, result.output
        assert "no-such" in result.output and "academic-cv" in result.output
    assert not list(tmp_path.glob("*.pdf"))


def test_own_templates_must_stay_in_the_records_folder(write_record, tmp_path):
    """A record may not make TeX read a file elsewhere by naming it as a template."""
    path = write_record("person:\n  name: Ada Lovelace\nvariants:\n  evil:\n"
                        "    extends: academic-cv\n    template_dir: /etc\n    template: passwd\n")
    result = run("build", "evil", "--data", path, "--output", tmp_path / "out")
    assert result.exit_code == 2
    assert "variants.evil.template_dir: template folder /etc is outside" in result.output
    assert not (tmp_path / "out" / "evil.pdf").exists()


def test_unknown_template_is_an_input_error(write_record, tmp_path):
    path = write_record("person:\n  name: Ada Lovelace\nvariants:\n  odd:\n"
                        "    extends: academic-cv\n    template: nothere.tex.j2\n")
    result = run("build", "odd", "--data", path, "--output", tmp_path / "out")
    assert result.exit_code == 2
    assert "variants.odd.template: template 'nothere.tex.j2' not found" in result.output
    assert "Traceback" not in result.output
