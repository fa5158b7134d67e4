"""A mistake in a template of one's own is the user's: exit 2, at that template's file and
line (never "internal error"); a LaTeX error a template line caused is reported at that
line too; --watch survives it and builds the next good save."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from cv_builder.errors import TemplateError
from cv_builder.latex.render import environment, render_document
from cv_builder.record.variants import resolve_variants
from cv_builder.select import select

SKILLS = [{"category": "Languages", "items": ["Python", "C"]}]


@pytest.fixture
def record_with_skills(write_record, minimal) -> Path:
    minimal["skills"] = SKILLS
    return write_record(minimal)


def partial(folder: Path, body: str, name: str = "sections/skills.tex.j2") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return folder


HEAD = "\\cvsection{((( section.title )))}\n"


@pytest.mark.parametrize("body, line, message", [
    (HEAD + "((* for group in section.entries *))\n((( group.categroy )))\n((* endfor *))\n",
     3, "'SkillGroup' has no field 'categroy'; did you mean 'category'?"),
    (HEAD + "((( sectoin.title )))\n", 2, "'sectoin' is undefined; did you mean 'section'?"),
    (HEAD + "((( section.entries[0].items|join(\", \") ))\n", 2,
     "template syntax error: unexpected ')'"),
    (HEAD + "((* include \"sections/skils.tex.j2\" *))\n", 2,
     "template 'sections/skils.tex.j2' not found; did you mean 'sections/skills.tex.j2'?"),
    (HEAD + "((( section.entries|join(1, 2, 3) )))\n", 2, "TypeError: join() takes"),
    (HEAD + "((* if *))\n", 2, "template syntax error: "),
])
def test_a_mistake_in_ones_own_template_is_exit_2_at_its_line(cli, tmp_path, monkeypatch,
                                                              record_with_skills, body, line,
                                                              message):
    monkeypatch.chdir(tmp_path)
    partial(tmp_path / "my-templates", body)
    result = cli("build", "academic-cv", "--data", record_with_skills, "--output", "out",
                 "--templates", "my-templates")
    assert result.code == 2, result.output
    assert f"my-templates/sections/skills.tex.j2:{line}: {message}" in result.err
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out" / "academic-cv.pdf").exists()


def test_a_variants_own_template_dir_is_the_users_too(cli, tmp_path, monkeypatch, minimal,
                                                      write_record):
    monkeypatch.chdir(tmp_path)
    minimal["skills"] = SKILLS
    minimal["variants"] = {"academic-cv": {"template_dir": "mine"}}
    partial(tmp_path / "mine", HEAD + "((( section.nope )))\n")
    result = cli("validate", "--data", write_record(minimal))
    assert result.code == 2
    assert "mine/sections/skills.tex.j2:2: 'Section' has no field 'nope'" in result.err


def test_a_mistake_in_a_shipped_template_stays_a_bug(monkeypatch, tmp_path, load, minimal):
    """With no template folder of the user's in play, an error is ours (exit 3 at the CLI),
    not something to blame on the user."""
    import shutil

    from cv_builder import TEMPLATE_DIR

    minimal["skills"] = SKILLS
    record = load(minimal)
    shipped = tmp_path / "shipped"
    shutil.copytree(TEMPLATE_DIR, shipped)
    partial(shipped, HEAD + "((( section.nope )))\n")
    monkeypatch.setattr("cv_builder.latex.render.TEMPLATE_DIR", shipped, raising=True)
    environment.cache_clear()
    try:
        variant = resolve_variants(record)["academic-cv"]
        with pytest.raises(Exception, match="'Section' has no field 'nope'") as error:
            render_document(select(record, "academic-cv", variant))
        assert not isinstance(error.value, TemplateError)
    finally:
        environment.cache_clear()


def test_the_line_map_names_each_tex_lines_template_line(repo_root):
    from cv_builder.record.validate import load_record

    record, _ = load_record(repo_root / "data" / "cv.yaml")
    variant = resolve_variants(record)["academic-cv"]
    rendered = render_document(select(record, "academic-cv", variant))
    lines = rendered.tex.split("\n")
    base = (Path(environment().get_template("base.tex.j2").filename)).read_text().split("\n")
    checked = 0
    for number, text in enumerate(lines, 1):
        if text.startswith("\\newcommand{\\cvsection}") or text == "\\pdftrailerid{}":
            file, line = rendered.source_of(number).rsplit(":", 1)
            assert file.endswith("latex_templates/base.tex.j2")
            assert base[int(line) - 1] == text
            checked += 1
    assert checked == 2


@pytest.mark.latex
def test_a_latex_error_is_reported_at_the_template_line_that_wrote_it(cli, tmp_path,
                                                                      monkeypatch,
                                                                      record_with_skills):
    monkeypatch.chdir(tmp_path)
    partial(tmp_path / "my-templates", HEAD + "%% a comment line, then a typo\n"
                                              "\\badmacro{((( section.title )))}\n")
    result = cli("build", "academic-cv", "--data", record_with_skills, "--output", "out",
                 "--templates", "my-templates")
    assert result.code == 1, result.output
    assert ("my-templates/sections/skills.tex.j2:3: Undefined control sequence \\badmacro "
            "(academic-cv.tex line ") in result.err
    assert "Fatal error occurred" not in result.err


@pytest.mark.latex
@pytest.mark.parametrize("body, expected", [
    # An argument never closed: TeX reads to the end of the file and names no line.
    ("\\textbf{((( section.title )))\n",
     "my-templates/sections/skills.tex.j2:2: File ended while scanning use of \\textbf: an "
     "argument's { on that line is never closed by its }"),
    # The same inside another command's argument, on lines that start alike (a new user's
    # skills partial): TeX shows the runaway argument with spaces after command words.
    ("((* for group in section.entries * 2 *))\n\\cvskillrow{\\textbf{((( group.category )))}"
     "{((( group.items|join(\", \") )))}\n((* endfor *))\n",
     "my-templates/sections/skills.tex.j2:3: File ended while scanning use of \\cvskillrow: "
     "an argument's { on that line is never closed by its }"),
    # A list never ended: LaTeX names the line that began it, as a .tex line.
    ("\\begin{itemize}\n\\item ((( section.title )))\n",
     "\\begin{itemize} on input line {line} (my-templates/sections/skills.tex.j2:2) ended by "
     "\\end{document}")])
def test_a_latex_error_with_no_line_or_a_second_line_names_the_template_line(
        cli, tmp_path, monkeypatch, record_with_skills, body, expected):
    monkeypatch.chdir(tmp_path)
    partial(tmp_path / "my-templates", HEAD + body)
    result = cli("build", "academic-cv", "--data", record_with_skills, "--output", "out",
                 "--templates", "my-templates")
    assert result.code == 1, result.output
    assert re.search(re.escape(expected).replace(re.escape("{line}"), r"\d+"), result.err), \
        result.err


@pytest.mark.latex
@pytest.mark.parametrize("engine_text", ["Python", "Пайтон"])
def test_a_group_never_closed_where_tex_does_not_fail_is_a_warning_at_its_line(
        cli, tmp_path, monkeypatch, write_record, minimal, engine_text):
    """A variant's own template with `\\bigskip{` never closed: TeX makes the PDF and says
    nothing but a line in its log; the build warns at the template line (both engines)."""
    monkeypatch.chdir(tmp_path)
    minimal["skills"] = [{"category": "Languages", "items": [engine_text]}]
    minimal["variants"] = {"pub-list": {"extends": "academic-cv", "template_dir": "mine",
                                        "template": "pub-list.tex.j2"}}
    record = write_record(minimal)
    partial(record.parent / "mine", "((= my list =))\n((* extends \"base.tex.j2\" *))\n"
            "((* block header *))\n\\textbf{((( person.name )))}\\par\\bigskip{\n"
            "((* endblock header *))\n", name="pub-list.tex.j2")
    result = cli("build", "pub-list", "--data", record, "--output", "out")
    assert result.code == 0, result.output
    assert re.search(r"warning: mine/pub-list\.tex\.j2:4: a \{ opened here is never closed"
                     r".*\(pub-list\.tex line \d+\)", result.output + result.err), result.output


@pytest.mark.latex
def test_watch_survives_a_template_mistake_and_builds_the_next_good_save(tmp_path, wait_for,
                                                                         record_with_skills):
    mine = partial(tmp_path / "mine", HEAD + "((( section.nope )))\n")
    log = tmp_path / "watch.log"
    with log.open("w") as sink:
        watcher = subprocess.Popen(
            [sys.executable, "-m", "cv_builder", "build", "academic-cv", "--watch", "--data",
             str(record_with_skills), "--output", str(tmp_path / "out"), "--templates",
             str(mine)], cwd=tmp_path, stdout=sink, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL)
        try:
            wait_for(log, "built (failed)")
            assert watcher.poll() is None
            partial(mine, HEAD + "((* for g in section.entries *))((( g.category )))"
                                 "((* endfor *))\n")
            wait_for(log, "rebuilt (ok)")
        finally:
            watcher.terminate()
            watcher.wait(timeout=10)
    output = log.read_text(encoding="utf-8")
    assert "'Section' has no field 'nope'" in output and "Traceback" not in output
    assert (tmp_path / "out" / "academic-cv.pdf").exists()



def test_a_template_of_ones_own_that_prints_a_bullet_with_sub_bullets_as_text(
        cli, tmp_path, monkeypatch, minimal, write_record):
    """A partial written before sub-bullets ('item|markup' over a job's highlights) is told
    what a bullet with sub-bullets holds, at its line (it was 'unhashable type: list')."""
    monkeypatch.chdir(tmp_path)
    minimal["experience"] = [{"organization": "Acme", "position": "Engineer", "highlights": [
        {"text": "Shipped", "highlights": ["3x faster"]}]}]
    partial(tmp_path / "mine", "\\cvsection{((( section.title )))}\n"
                               "((* for job in section.entries *))\n"
                               "((* for item in job.highlights *))((( item|markup )))"
                               "((* endfor *))\n((* endfor *))\n",
            "sections/experience.tex.j2")
    result = cli("build", "academic-cv", "--data", write_record(minimal), "--output", "out",
                 "--templates", "mine")
    assert result.code == 2, result.output
    assert "mine/sections/experience.tex.j2:3: TypeError: markup takes text, not a Bullet: " \
           "a bullet with sub-bullets is its .text and .highlights" in result.err
