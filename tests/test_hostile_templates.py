"""Hostile templates: a record never gets its own text, or any file that is not a real
template, run as a template (issue 9, item 1).

Today's attack: a record names itself as its template (`template_dir: .`), so Jinja runs
its text (Python expressions: a shell command) and pdflatex reads it raw. A variant's
template must be a *.tex.j2 document inside a template folder, symlinks followed; never
the record, a file it names, or a partial.
"""

from __future__ import annotations


import pytest

PERSON = "person:\n  name: Ada Lovelace\n  email: ada@example.org\n"


def evil_variant(template: str, template_dir: str | None = ".") -> str:
    folder = f"    template_dir: {template_dir}\n" if template_dir else ""
    return (f"variants:\n  evil:\n    extends: academic-cv\n    template: {template}\n"
            f"{folder}    title: x\n")


def refused(result, words: str) -> None:
    assert result.code == 2, result.output
    assert "variants.evil.template" in result.output, result.output
    assert words in result.output, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output


def test_a_record_that_names_itself_runs_nothing(tmp_path, cli):
    """The record as a Jinja template: a Python expression that runs a shell command, and
    LaTeX after it. Refused before anything renders; the command never runs."""
    marker = tmp_path / "PWNED"
    record = tmp_path / "cv.yaml"
    record.write_text(
        "# a plain-looking record\n" + PERSON + evil_variant("cv.yaml")
        + f"about: \"((( cycler.__init__.__globals__.os.system('touch {marker}') )))\"\n",
        encoding="utf-8")
    for command in (["build", "evil", "--output", tmp_path / "out"], ["tex", "evil"]):
        result = cli(*command, "--data", record)
        refused(result, "is not a template")
    assert not marker.exists()
    assert not (tmp_path / "out" / "evil.pdf").exists()


def test_a_record_named_like_a_template_is_still_not_one(tmp_path, cli):
    record = tmp_path / "cv.tex.j2"
    record.write_text(PERSON + evil_variant("cv.tex.j2"), encoding="utf-8")
    refused(cli("build", "evil", "--data", record, "--output", tmp_path / "out"),
            "is the record or a file it names")


def test_the_records_bibliography_is_not_a_template(tmp_path, cli):
    (tmp_path / "refs.tex.j2").write_text(
        "@article{a, author={A. Lovelace}, title={T}, journal={J}, year={1843}}\n",
        encoding="utf-8")
    record = tmp_path / "cv.yaml"
    record.write_text(PERSON + "bibliography: refs.tex.j2\n" + evil_variant("refs.tex.j2"),
                      encoding="utf-8")
    refused(cli("build", "evil", "--data", record, "--output", tmp_path / "out"),
            "is the record or a file it names")


@pytest.mark.parametrize("name", ["notes.txt", "other.yaml", "template.tex"])
def test_other_files_in_the_folder_are_not_templates(tmp_path, cli, name):
    (tmp_path / name).write_text(r"\documentclass{article}\begin{document}x\end{document}",
                                 encoding="utf-8")
    record = tmp_path / "cv.yaml"
    record.write_text(PERSON + evil_variant(name), encoding="utf-8")
    refused(cli("build", "evil", "--data", record, "--output", tmp_path / "out"),
            "is not a template")


@pytest.mark.parametrize("partial", ["sections/skills.tex.j2", "contact.tex.j2",
                                     "references.tex.j2"])
def test_a_shipped_partial_is_not_a_whole_document(tmp_path, cli, partial):
    record = tmp_path / "cv.yaml"
    record.write_text(PERSON + evil_variant(partial, template_dir=None), encoding="utf-8")
    refused(cli("build", "evil", "--data", record, "--output", tmp_path / "out"),
            "is a partial")
    refused(cli("validate", "--data", record), "is a partial")


def test_a_symlink_out_of_the_template_folder_is_refused(tmp_path, cli):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "doc.tex.j2").write_text('((* extends "base.tex.j2" *))\n', encoding="utf-8")
    home = tmp_path / "record"
    (home / "mine").mkdir(parents=True)
    (home / "mine" / "doc.tex.j2").symlink_to(outside / "doc.tex.j2")
    record = home / "cv.yaml"
    record.write_text(PERSON + evil_variant("doc.tex.j2", "mine"), encoding="utf-8")
    refused(cli("build", "evil", "--data", record, "--output", tmp_path / "out"),
            "outside its template folder")


def test_a_symlinked_partial_out_of_the_folder_is_refused_not_skipped(tmp_path, cli):
    """The document is fine, the partial it includes is a symlink out of the folder:
    an input error naming it, not a quiet fall-back to the shipped partial."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "skills.tex.j2").write_text("SECRET\n", encoding="utf-8")
    home = tmp_path / "record"
    (home / "mine" / "sections").mkdir(parents=True)
    (home / "mine" / "doc.tex.j2").write_text('((* extends "base.tex.j2" *))\n',
                                              encoding="utf-8")
    (home / "mine" / "sections" / "skills.tex.j2").symlink_to(outside / "skills.tex.j2")
    record = home / "cv.yaml"
    record.write_text(PERSON + "skills:\n  - {category: Programming, items: [Python]}\n"
                      + evil_variant("doc.tex.j2", "mine"), encoding="utf-8")
    result = cli("tex", "evil", "--data", record)
    assert result.code == 2, result.output
    assert "sections/skills.tex.j2" in result.output and "outside" in result.output
    assert "SECRET" not in result.output and "Traceback" not in result.output


def test_a_real_template_in_the_folder_still_works(tmp_path, cli):
    home = tmp_path / "record"
    (home / "mine").mkdir(parents=True)
    (home / "mine" / "doc.tex.j2").write_text(
        '((* extends "base.tex.j2" *))\n((* block header *))MINE((* endblock *))\n',
        encoding="utf-8")
    record = home / "cv.yaml"
    record.write_text(PERSON + evil_variant("doc.tex.j2", "mine"), encoding="utf-8")
    result = cli("tex", "evil", "--data", record)
    assert result.code == 0, result.output
    assert "MINE" in result.output and r"\documentclass" in result.output


def test_the_documented_templates_are_documents(repo_root):
    """Every shipped top-level template that is no partial renders a whole document."""
    from cv_builder.latex.templates import is_partial

    names = [p.name for p in (repo_root / "latex_templates").glob("*.tex.j2")]
    documents = [n for n in names if not is_partial(n)]
    assert {"academic-cv.tex.j2", "cover-letter.tex.j2", "base.tex.j2"} <= set(documents)
    for name in names:
        text = (repo_root / "latex_templates" / name).read_text(encoding="utf-8")
        assert is_partial(name) != ("extends" in text or "documentclass" in text), name
