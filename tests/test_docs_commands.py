"""Every command in README.md and docs/ is run, so a stale line fails here, not for a user.

Each ```sh block runs as a script, in order, in one scratch folder per document: a copy
of the repository's data/, docs/, latex_templates/ and tests/data/, plus the few files
the docs take as the reader's own (PRESUMED). A block followed by a plain ``` block is an
example of output: the command must print exactly that. A block may be skipped only with
an HTML comment above it saying why (installing software); the install commands of the
README are checked against cv-builder doctor's table instead. Commands written inline
in prose (`cv-builder build --strict`) must name real commands and options.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from cv_builder.cli.commands import cli
from cv_builder.latex.toolchain import FAST, SCRIPTS, System, install_all

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
BIN = Path(sys.executable).parent  # the test environment's bin: cv-builder, python
# Files the docs take as the reader's own, made in the scratch folder.
PRESUMED = {
    "resume.json": lambda folder: shutil.copy(REPO / "tests/data/jsonresume/sample.resume.json",
                                              folder / "resume.json"),
    "papers.bib": lambda folder: shutil.copy(REPO / "tests/data/bibtex/accents.bib",
                                             folder / "papers.bib"),
    "other.yaml": lambda folder: shutil.copy(REPO / "data/cv.yaml", folder / "other.yaml"),
    "John_Doe_CV.yaml": lambda folder: shutil.copy(REPO / "tests/data/wild/rendercv-v2_CV.yaml",
                                                   folder / "John_Doe_CV.yaml"),
}
BLOCK = re.compile(r"(?:<!--(?P<skip>.*?)-->\n)?```(?P<lang>\w*)\n(?P<body>.*?)```\n"
                   r"(?:\n```\n(?P<output>.*?)```\n)?", re.S)


def blocks(doc: Path) -> list[re.Match]:
    return [m for m in BLOCK.finditer(doc.read_text(encoding="utf-8")) if m["lang"] == "sh"]


def scratch(folder: Path) -> Path:
    for name in ("data", "docs", "latex_templates"):
        shutil.copytree(REPO / name, folder / name)
    shutil.copytree(REPO / "tests" / "data", folder / "tests" / "data")
    (folder / ".venv" / "bin").mkdir(parents=True)
    (folder / ".venv" / "bin" / "cv-builder").symlink_to(BIN / "cv-builder")
    for make in PRESUMED.values():
        make(folder)
    return folder


def test_every_doc_has_its_commands_found():
    found = {doc.name: len(blocks(doc)) for doc in DOCS}
    assert found["README.md"] >= 6 and found["interop.md"] >= 4, found


@pytest.mark.latex
@pytest.mark.parametrize("doc", DOCS, ids=[doc.name for doc in DOCS])
def test_every_command_block_runs(doc, tmp_path):
    folder = scratch(tmp_path / "work")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
           "COLUMNS": "200"}
    ran = 0
    for block in blocks(doc):
        if block["skip"] is not None:
            assert re.search(r"not run: installs software|not run here: CI runs it",
                             block["skip"]), block["skip"]
            continue
        result = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", block["body"]],
                                cwd=folder, env=env, capture_output=True, text=True,
                                stdin=subprocess.DEVNULL, timeout=300)
        output = result.stdout + result.stderr
        if block["output"] is not None:
            assert output == block["output"], f"{doc.name}: {block['body']}"
        else:
            assert result.returncode == 0, f"{doc.name}: {block['body']}\n{output}"
        ran += 1
    assert ran or not blocks(doc)


def test_the_readme_install_lines_are_the_doctors():
    """Each system's line in the README is what the doctor's table gives for a default
    build (fast builds, latexmk and previews included)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    features = (None, FAST, "--compiler latexmk", "--preview")
    systems = [System("Debian", "apt", "apt"), System("Fedora", "dnf", "dnf"),
               System("Arch", "pacman", "pacman"), System("macOS", "tlmgr", "brew"),
               System("Windows", "tlmgr", None, windows=True)]
    for system in systems:
        line = install_all(*features, system=system)
        assert f"\n{line}\n" in readme, system.name
    assert install_all(SCRIPTS, system=systems[0]) in " ".join(readme.split())


def test_the_quick_start_stays_two_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start")[1].split("\n## ")[0]
    commands = [m["body"].strip() for m in BLOCK.finditer(quick)]
    assert commands == ["make cv", "make test"]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert [line for line in ci.splitlines() if line.startswith("make")] == commands
    following = readme.split("## Quick start")[1].split("\n## ")[1]
    assert following.startswith("Start your own record") and "cv-builder new" in following


def inline_commands() -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        for span in re.findall(r"`(cv-builder [^`]+)`", doc.read_text(encoding="utf-8")):
            found.append((doc.name, span))
    return found


@pytest.mark.parametrize("doc, span", inline_commands(), ids=lambda value: str(value)[:60])
def test_inline_commands_name_real_commands_and_options(doc, span):
    words = span.replace("\\|", "|").split()[1:]
    command: click.Command = cli
    while isinstance(command, click.Group) and words and words[0] in command.commands:
        command = command.commands[words.pop(0)]
    assert not isinstance(command, click.Group), f"{doc}: {span}: no such command"
    options = {opt for param in command.params for opt in param.opts + param.secondary_opts}
    for word in words:
        option = word.strip("[]").split("=")[0]
        if option.startswith("-"):
            assert option in options, f"{doc}: {span}: {command.name} has no {option}"


@pytest.mark.latex
def test_the_readme_previews_are_the_seed_records_pages_as_said(cli, repo_root, tmp_path):
    """The README's previews (`make images`): each image it shows is there, a first page at
    50 dpi, and its caption's page count is the seed record's (the CV grew a page before)."""
    import struct

    from pypdf import PdfReader

    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    for image in re.findall(r"!\[[^\]]*\]\((docs/images/[^)]+)\)", readme):
        header = (repo_root / image).read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n", image
        assert struct.unpack(">II", header[16:24]) == (425, 550), image  # letter at 50 dpi
    pages = dict(re.findall(r"\| (academic CV|research statement) \(page 1 of (\d+)\)", readme))
    assert set(pages) == {"academic CV", "research statement"}, pages
    result = cli("build", "academic-cv", "research-statement", "--data",
                 repo_root / "data" / "cv.yaml", "--output", tmp_path)
    assert result.code == 0, result.output
    assert len(PdfReader(tmp_path / "academic-cv.pdf").pages) == int(pages["academic CV"])
    assert len(PdfReader(tmp_path / "research-statement.pdf").pages) == int(
        pages["research statement"])
