"""A cache is used only where no one else can change it, folders above it included.

The cache holds code run as you (Jinja's compiled templates are marshalled Python, a TeX
format is TeX's whole state). cv-builder checked only its own folders (cv-builder/jinja,
jinja/<hash>): with the cache under a folder another user may write, that user swapped
cv-builder/ for a folder of theirs between the check and the open, and their Python ran
as the victim (the reviewer's reproduction: renameat2(RENAME_EXCHANGE) in a loop). Now
every folder from / down to the cache must be owned by you or root and be writable by no
one else unless sticky, as OpenSSH checks a key's folders; otherwise the build goes on
without the cache, to the same bytes, with one note. Every test has its own
XDG_CACHE_HOME.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cv_builder import cache_base, cache_notes, refused_caches, usable_cache
from cv_builder.files import unsafe_ancestry

RECORD = "person:\n  name: Ada Lovelace\n  email: ada@example.org\nabout: Hello.\n"


@pytest.fixture(autouse=True)
def no_notes_left(monkeypatch):
    import cv_builder

    monkeypatch.setattr(cv_builder, "_noted", set())
    refused_caches.clear()
    yield
    refused_caches.clear()


def open_folder(path: Path, mode: int = 0o777) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(mode)
    return path


def test_a_folder_anyone_can_write_above_the_cache_is_unsafe(tmp_path):
    shared = open_folder(tmp_path / "shared")
    (shared / "me" / "cache").mkdir(parents=True)
    problem = unsafe_ancestry(shared / "me" / "cache")
    assert problem is not None and str(shared) in problem and "writable" in problem
    assert unsafe_ancestry(tmp_path) is None


def test_a_group_writable_folder_is_unsafe_and_a_sticky_one_is_not(tmp_path):
    group = open_folder(tmp_path / "group", 0o775)
    assert "writable by its group" in unsafe_ancestry(group)
    sticky = open_folder(tmp_path / "sticky", 0o1777)  # as /tmp
    (sticky / "mine").mkdir(mode=0o700)
    assert unsafe_ancestry(sticky / "mine") is None


def test_symlinks_are_followed_and_where_they_point_is_checked(tmp_path):
    """A safe-looking path through a link into an open folder is as open as that folder;
    a loop of links is an answer, not a hang."""
    shared = open_folder(tmp_path / "shared")
    (shared / "cache").mkdir()
    (tmp_path / "mine").mkdir(mode=0o700)
    (tmp_path / "mine" / "cache").symlink_to(shared / "cache")
    assert str(shared) in unsafe_ancestry(tmp_path / "mine" / "cache")
    (tmp_path / "mine" / "relative").symlink_to("../mine")
    assert unsafe_ancestry(tmp_path / "mine" / "relative" / "relative") is None
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    assert "symbolic links" in unsafe_ancestry(tmp_path / "loop")


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to give a folder to another user")
def test_a_folder_of_another_user_above_the_cache_is_unsafe(tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o755)
    (theirs / "cache").mkdir()
    os.chown(theirs, 1234, 1234)
    assert "another user" in unsafe_ancestry(theirs / "cache")


def test_no_cache_is_used_or_made_under_an_open_folder(tmp_path, monkeypatch):
    shared = open_folder(tmp_path / "shared")
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared / "cache"))
    for kind in ("jinja", "formats", "fonts", "fits"):
        assert usable_cache(kind) is None
    assert not (shared / "cache" / "cv-builder").exists()  # nothing made there either
    (note,) = cache_notes()  # one note, however many caches were asked for
    assert str(shared) in note and "the same PDFs" in note
    assert cache_notes() == []  # said once
    assert usable_cache("jinja") is None
    assert cache_notes() == []  # and once a process: --watch builds again on every save


def test_a_private_cache_is_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert usable_cache("jinja") == tmp_path / "cache" / "cv-builder" / "jinja"
    assert cache_notes() == []


def test_a_relative_xdg_cache_home_is_ignored(tmp_path, monkeypatch):
    """The XDG spec: a relative path is invalid and ignored. Taken as given, the cache
    moved with the working folder (a folder of submitted records, say)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for relative in ("cache", "./cache", "../cache"):
        monkeypatch.setenv("XDG_CACHE_HOME", relative)
        assert cache_base() == tmp_path / "home" / ".cache"
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    assert cache_base() == tmp_path / "home" / ".cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "abs"))
    assert cache_base() == tmp_path / "abs"


def test_where_the_base_format_is_is_not_read_from_a_refused_cache(tmp_path, monkeypatch):
    """base-formats.json says which file the no-op check signs as TeX's format: read from
    a cache another user can write, it let them choose that file."""
    from cv_builder import stamp

    shared = open_folder(tmp_path / "shared")
    planted = shared / "cache" / "cv-builder" / "formats"
    planted.mkdir(parents=True)
    decoy = tmp_path / "decoy.fmt"
    decoy.write_text("not TeX's format")
    (planted / "base-formats.json").write_text(json.dumps({"pdflatex": str(decoy)}))
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared / "cache"))
    assert stamp.base_format("pdflatex") != str(decoy)
    assert json.loads((planted / "base-formats.json").read_text()) == {"pdflatex": str(decoy)}


def _build(record: Path, output: Path, cache: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cv_builder", "build", "industry-resume",
                           "--data", str(record), "--output", str(output)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "XDG_CACHE_HOME": str(cache)})


@pytest.mark.latex
def test_a_build_under_an_open_folder_is_the_same_pdf_without_the_cache(tmp_path):
    record = tmp_path / "cv.yaml"
    record.write_text(RECORD, encoding="utf-8")
    private = _build(record, tmp_path / "private", tmp_path / "mine")
    assert private.returncode == 0, private.stderr
    assert "note:" not in private.stderr
    shared = open_folder(tmp_path / "shared")
    for output in ("open", "open"):  # a build, then the no-op check
        result = _build(record, tmp_path / output, shared / "cache")
        assert result.returncode == 0, result.stderr
        notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
        assert len(notes) == 1 and str(shared) in notes[0], result.stderr
    assert (tmp_path / "open" / "industry-resume.pdf").read_bytes() == \
        (tmp_path / "private" / "industry-resume.pdf").read_bytes()
    assert not (shared / "cache" / "cv-builder").exists()


@pytest.mark.parametrize("where", ["cache", "cache/cv-builder", "cache/cv-builder/jinja"])
def test_a_file_where_a_cache_folder_goes_is_named_as_one(tmp_path, monkeypatch, where):
    """The note said 'File exists', which names no cause."""
    (tmp_path / where).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / where).write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert usable_cache("jinja") is None
    (note,) = cache_notes()
    assert f"{tmp_path / where} is a file, not a folder" in note, note
    assert "File exists" not in note
