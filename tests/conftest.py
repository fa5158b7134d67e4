"""Shared fixtures: where the repository is, and quick ways to make a record in tmp_path."""

from __future__ import annotations

import contextlib
import copy
import io
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_RECORD = REPO_ROOT / "data" / "cv.yaml"
GOLDEN_DIR = REPO_ROOT / "tests" / "data" / "golden"

# The smallest record worth testing with: a person and one entry of the kinds
# most tests poke at. Tests take a deep copy (see `minimal`) and change it.
MINIMAL = {
    "person": {"name": "Ada Lovelace", "name_forms": ["A. Lovelace"],
               "email": "ada@example.org"},
    "education": [{"institution": "University of London", "degree": "B.A.",
                   "start": "1832-09", "end": "1835-06"}],
    "publications": [{"id": "notes1843", "authors": ["A. Lovelace", "L. Menabrea"],
                      "title": "Notes on the Analytical Engine", "year": 1843}],
}


@pytest.fixture(autouse=True)
def own_fit_memory(tmp_path, monkeypatch):
    """Each test starts with no remembered auto-fit decisions (latex/fit_memory.py), so
    what a test sees of auto-fit never depends on what ran before it on this machine.
    The rest of the user cache (formats, compiled templates) stays shared: it only
    saves time."""
    from cv_builder.latex import fit_memory

    monkeypatch.setattr(fit_memory, "folder", lambda: tmp_path / "fit-memory")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture
def minimal() -> dict:
    """A fresh, valid record as plain data, safe to change in a test."""
    return copy.deepcopy(MINIMAL)


@pytest.fixture
def write_record(tmp_path):
    """write_record(data_or_text, name="cv.yaml") -> the path of the file written in tmp_path.

    A dict is dumped as YAML (key order kept); a str is written as is, so a test
    can control lines and columns exactly.
    """

    def write(content: dict | str, name: str = "cv.yaml") -> Path:
        path = tmp_path / name
        text = content if isinstance(content, str) else yaml.safe_dump(
            content, sort_keys=False, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def load(write_record):
    """load(data_or_text) -> the validated Record (raises InvalidInput like the CLI would)."""
    from cv_builder.record.validate import load_record

    def _load(content: dict | str):
        record, _ = load_record(write_record(content))
        return record

    return _load


# --- Running the CLI and reading PDFs (used by the input-safety tests) ----------


@dataclass(frozen=True)
class CliResult:
    """What a `cv-builder` run printed and its exit status."""

    code: int
    out: str
    err: str

    @property
    def output(self) -> str:
        return self.out + self.err


def run_cli(*args: str | Path) -> CliResult:
    """Run the console entry point in this process, as `cv-builder ARGS` would.

    Why `main()` and not click's CliRunner: main() is where user errors become
    exit statuses and everything else an "internal error", which is what users see.
    """
    from cv_builder.cli import commands as cli

    out, err = io.StringIO(), io.StringIO()
    argv = ["cv-builder", *map(str, args)]
    with mock.patch.object(sys, "argv", argv), contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(err):
        try:
            cli.main()
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def cli():
    """cli("validate", "--data", path) -> CliResult(code, out, err)."""
    return run_cli


def pdf_texts(pdf: Path) -> tuple[str, str]:
    """The text layer as pdftotext and as pypdf read it, each NFC-normalised."""
    from pypdf import PdfReader

    poppler = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                             capture_output=True, text=True).stdout
    pypdf = "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    return unicodedata.normalize("NFC", poppler), unicodedata.normalize("NFC", pypdf)


def link_targets(pdf: Path) -> list[str]:
    """Every address the PDF's link annotations point at, in page order."""
    from pypdf import PdfReader

    targets = []
    for page in PdfReader(pdf).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                targets.append(str(action["/URI"]))
    return targets


@pytest.fixture(scope="session")
def pdf_text():
    """pdf_text(pdf) -> (pdftotext's text, pypdf's text)."""
    return pdf_texts


def squash(text: str) -> str:
    """Whitespace-normalised: every run of whitespace one space, none at the ends."""
    return " ".join(text.split())


def shown(expected: str, text: str) -> bool:
    """expected appears in a PDF's text, whitespace-normalised; a long token may have been
    wrapped (\\allowbreak), so for those compare with all whitespace removed. Lines that
    are only a number (page numbers, years in the right column) may cut into a string."""
    from cv_builder.latex.escape import LONG_RUN

    text = re.sub(r"^\s*\d+\s*$", " ", text, flags=re.M)
    if squash(expected) in squash(text):
        return True
    long_token = any(len(word) >= LONG_RUN for word in expected.split())
    return long_token and re.sub(r"\s", "", expected) in re.sub(r"\s", "", text)


@dataclass(frozen=True)
class Built:
    """A `cv-builder build` of one variant: the CLI result and the PDF it should have made."""

    result: CliResult
    pdf: Path

    @property
    def code(self) -> int:
        return self.result.code


def build_one(data: dict | str | Path, folder: Path, variant: str = "academic-cv") -> Built:
    """Write data (a dict, YAML text, or an existing file) in folder and build one variant."""
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, Path):
        path = data
    else:
        path = folder / "cv.yaml"
        text = data if isinstance(data, str) else yaml.safe_dump(
            data, sort_keys=False, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
    output = folder / "output"
    result = run_cli("build", variant, "--data", path, "--output", output, "--force")
    return Built(result, output / f"{variant}.pdf")


@pytest.fixture(scope="session")
def build_cv():
    """build_cv(data, folder, variant="academic-cv") -> Built(result, pdf)."""
    return build_one


# --- A .bib with TeX in it, and a record that names it ------------------------------------------

ACCENTS_BIB = REPO_ROOT / "tests" / "data" / "bibtex" / "accents.bib"
# Every title and name in it as it must read in a PDF.
BIB_DECODED_TITLES = ["Wave Mechanics for Neural ODEs: an $O(1/\\sqrt{T})$ Rate",
                      "Many-valued Logic for Straße Networks – a Survey",
                      "François and Ångström Meet at the Café"]
BIB_DECODED_NAMES = ["Erwin Schrödinger", "Pál Erdős", "Jan Łukasiewicz", "Kurt Gödel",
                     "Eduard Čech"]


def bib_record_text(extra_publications: str = "", research: str = "") -> str:
    """A record naming papers.bib as its bibliography (see bib_folder)."""
    return f"""\
person:
  name: Juntang Zhuang
  name_forms: ["J. Zhuang"]
publications:
  - id: own2022
    authors: ["J. Zhuang"]
    title: A paper only the record has
    year: 2022
{extra_publications}bibliography: papers.bib
{research}"""


@pytest.fixture
def bib_folder(tmp_path) -> Path:
    """tmp_path holding papers.bib: TeX accents, @string, arXiv (tests/data/bibtex/accents.bib)."""
    (tmp_path / "papers.bib").write_bytes(ACCENTS_BIB.read_bytes())
    return tmp_path


def wait_for_text(log: Path, text: str, timeout: float = 30.0) -> None:
    """Wait until text appears in log (a running command's output), or fail showing it."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in log.read_text(encoding="utf-8"):
            return
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared:\n{log.read_text(encoding='utf-8')}")


@pytest.fixture(scope="session")
def wait_for():
    """wait_for(log, text): for tests that watch a long-running command (--watch)."""
    return wait_for_text


# --- Hostile text in every free-text field ----------------------------------------------------

PAYLOAD = r"Z\input{/etc/passwd}#$%&_^~<>|[]`'" + '"'
# Fields whose form the model fixes (addresses, ids, dates, choices); all others get the payload.
FIXED = {"email", "other_emails", "url", "website", "id", "papers", "start", "end", "status",
         "type", "year", "stars", "priority", "selected", "expected", "et_al", "tags"}


def poison(value, key=None):
    if isinstance(value, dict):
        return {k: poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, key) for v in value]
    if isinstance(value, str) and key not in FIXED:
        return value + " " + PAYLOAD
    return value
