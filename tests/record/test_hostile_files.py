"""Hostile file fields: what a record names stays in its folder, and no file given to
cv-builder hangs it or fills its memory (issue 9, item 3).

Today: `bibliography: ../other/secret.bib` put someone else's papers in the PDF,
`/proc/self/environ` validated, and /dev/zero, a FIFO or a folder were "not found".
Now each is refused by what it is or where it is, naming the field, exit 2.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PERSON = "person:\n  name: Ada Lovelace\n  email: ada@example.org\n"
BIB = "@article{other2020, author={B. Other}, title={Secret result}, journal={J}, year={2020}}\n"


@pytest.fixture
def home(tmp_path):
    folder = tmp_path / "record"
    folder.mkdir()
    return folder


def with_bibliography(home, value: str):
    record = home / "cv.yaml"
    record.write_text(PERSON + f"bibliography: {value!r}\n", encoding="utf-8")
    return record


def cv_builder(*args, timeout: float = 30) -> subprocess.CompletedProcess:
    """The tool in a child process, so a test that would hang (a FIFO) fails instead."""
    return subprocess.run([sys.executable, "-m", "cv_builder", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def refused(result, *words: str) -> None:
    output = getattr(result, "output", None) or (result.stdout + result.stderr)
    code = getattr(result, "code", None)
    code = result.returncode if code is None else code
    assert code == 2, output
    assert "bibliography" in output
    for word in words:
        assert word in output, output
    assert "not found" not in output and "Traceback" not in output


def test_a_bib_outside_the_records_folder_is_refused_with_advice(tmp_path, home, cli):
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "secret.bib").write_text(BIB, encoding="utf-8")
    record = with_bibliography(home, "../other/secret.bib")
    refused(cli("validate", "--data", record), "outside the record's folder",
            "import bibtex")
    exported = cli("export", "--format", "text", "--data", record)
    assert "Secret result" not in exported.output


def test_a_symlink_out_of_the_folder_is_followed_and_refused(tmp_path, home, cli):
    (tmp_path / "secret.bib").write_text(BIB, encoding="utf-8")
    (home / "papers.bib").symlink_to(tmp_path / "secret.bib")
    refused(cli("validate", "--data", with_bibliography(home, "papers.bib")),
            "outside the record's folder")


def test_proc_files_are_outside(home, cli):
    refused(cli("validate", "--data", with_bibliography(home, "/proc/self/environ")),
            "outside the record's folder")


def test_devices_and_folders_are_refused_by_kind(home, cli):
    (home / "sub").mkdir()
    refused(cli("validate", "--data", with_bibliography(home, "/dev/zero")),
            "not a regular file (a character device)")
    refused(cli("validate", "--data", with_bibliography(home, "sub")),
            "not a regular file (a folder)")


def test_a_fifo_is_refused_without_blocking(home):
    os.mkfifo(home / "papers.bib")
    refused(cv_builder("validate", "--data", with_bibliography(home, "papers.bib")),
            "not a regular file (a FIFO)")


def test_a_huge_bib_is_refused_before_it_is_read(home, cli):
    with open(home / "papers.bib", "wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: no disk used
    refused(cli("validate", "--data", with_bibliography(home, "papers.bib")),
            "larger than 20 MB")


def test_a_missing_bib_is_still_not_found(home, cli):
    result = cli("validate", "--data", with_bibliography(home, "nowhere.bib"))
    assert result.code == 2 and "nowhere.bib not found" in result.output


def test_a_symlink_that_stays_in_the_folder_is_fine(home, cli):
    (home / "bib").mkdir()
    (home / "bib" / "all.bib").write_text(BIB.replace("B. Other", "A. Lovelace"),
                                          encoding="utf-8")
    (home / "papers.bib").symlink_to(home / "bib" / "all.bib")
    result = cli("validate", "--data", with_bibliography(home, "papers.bib"))
    assert result.code == 0, result.output
    assert "1 publication" in result.output


@pytest.mark.parametrize("command", [
    ["validate", "--data", "{fifo}"],
    ["import", "bibtex", "{fifo}", "--into", "{record}"],
    ["import", "jsonresume", "{fifo}"],
    ["import", "bibtex", "/dev/zero", "--into", "{record}"],
    ["import", "jsonresume", "/dev/zero"],
])
def test_inputs_named_on_the_command_line_never_hang(home, command):
    """A FIFO or /dev/zero given as the record, a .bib or a resume.json: refused by kind
    (the old code blocked on the FIFO, or read /dev/zero until memory ran out)."""
    fifo = home / "input"
    os.mkfifo(fifo)
    record = home / "cv.yaml"
    record.write_text(PERSON, encoding="utf-8")
    args = [part.format(fifo=fifo, record=record) for part in command]
    result = cv_builder(*args, timeout=20)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "not a regular file" in result.stderr, result.stderr
