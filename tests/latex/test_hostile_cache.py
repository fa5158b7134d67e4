"""A damaged cache heals itself (issue 9, item 7).

A format, head, hints or Jinja cache file that is truncated, garbage, or not a file at
all is detected, removed and made again, and the build succeeds with the same bytes;
what a killed build left (format work folders) is pruned; a cache folder that is not
only this user's is not used. Every test here has its own XDG_CACHE_HOME: the shared
user cache is never touched.
"""

from __future__ import annotations

import json
import os
import time

import pytest

RECORD = ("person:\n  name: Ada Lovelace\n  email: ada@example.org\n"
          "awards:\n  - {name: Best paper, year: 1843}\n"
          "skills:\n  - {category: Programming, items: [Python, C]}\n")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    from cv_builder.latex import render

    render.environment.cache_clear()  # its Jinja cache folder comes from the environment
    yield folder / "cv-builder"
    render.environment.cache_clear()


@pytest.fixture
def built(tmp_path, cache, cli):
    """build() -> the industry résumé's bytes, after a forced build into a fresh folder."""
    record = tmp_path / "cv.yaml"
    record.write_text(RECORD, encoding="utf-8")
    count = iter(range(100))

    def build() -> bytes:
        output = tmp_path / f"out{next(count)}"
        result = cli("build", "industry-resume", "--data", record, "--output", output)
        assert result.code == 0, result.output
        return (output / "industry-resume.pdf").read_bytes()

    return build


def format_intact(path) -> bool:
    from cv_builder.latex.formats import format_intact as intact

    return intact(path)


def the_format(cache):
    (fmt,) = (cache / "formats").glob("cvb-*.fmt")
    return fmt


def damage(path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 3])
    elif how == "garbage":  # starts and ends as a format does: only loading it tells
        path.write_bytes(data[:4] + os.urandom(len(data) // 4) + data[-4:])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "folder":
        path.unlink()
        path.mkdir()
        (path / "x").write_text("x")
    elif how == "fifo":
        path.unlink()
        os.mkfifo(path)


@pytest.mark.latex
@pytest.mark.parametrize("how", ["truncated", "garbage", "empty", "folder", "fifo"])
def test_a_damaged_format_is_made_again(built, cache, how):
    first = built()
    fmt = the_format(cache)
    damage(fmt, how)
    started = time.perf_counter()
    assert built() == first
    assert time.perf_counter() - started < 50, "waited on the damaged format"
    # Made again at once, or (garbage that only loading tells) removed, and made again
    # by the next build.
    assert format_intact(fmt) or not os.path.lexists(fmt)
    assert built() == first
    assert format_intact(the_format(cache))


@pytest.mark.latex
def test_damaged_heads_and_hints_cost_only_the_head_start(built, cache):
    first = built()
    formats = cache / "formats"
    for head in formats.glob("head-*.tex"):
        head.write_bytes(os.urandom(500))
    assert built() == first
    (formats / "recent.json").write_bytes(b"\xff{not json")
    assert built() == first
    (formats / "recent.json").unlink()
    os.mkfifo(formats / "recent.json")
    assert built() == first


@pytest.mark.latex
def test_hints_never_point_outside_the_cache(built, cache, tmp_path):
    from cv_builder.latex.formats import early_start_hints

    built()
    hints = cache / "formats" / "recent.json"
    recent = json.loads(hints.read_text(encoding="utf-8"))
    elsewhere = tmp_path / "cvb-0000000000000000"
    elsewhere.with_suffix(".fmt").write_bytes(the_format(cache).read_bytes())
    for key, variants in recent.items():
        for name in variants:
            variants[name][0] = str(elsewhere)
    hints.write_text(json.dumps(recent), encoding="utf-8")
    for key in recent:
        assert early_start_hints(key) == {}


@pytest.mark.latex
@pytest.mark.parametrize("how", ["garbage", "magic then garbage", "empty"])
def test_a_damaged_jinja_cache_is_compiled_again(built, cache, how):
    from jinja2.bccache import bc_magic

    first = built()
    files = [path for path in (cache / "jinja").rglob("*") if path.is_file()]
    assert files
    for path in files:
        path.write_bytes({"garbage": os.urandom(300), "magic then garbage":
                          bc_magic + os.urandom(300), "empty": b""}[how])
    from cv_builder.latex import render

    render.environment.cache_clear()
    assert built() == first


def test_an_unwritable_jinja_cache_is_a_cache_not_kept(cache, tmp_path, monkeypatch):
    """Writing a compiled template fails (a full disk, a read-only folder): the render
    goes on without keeping it. Jinja's own cache raised and stopped the build."""
    import tempfile

    from cv_builder.latex import render

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", refuse)
    render.environment.cache_clear()
    template = render.environment(()).get_template("academic-cv.tex.j2")
    assert template is not None


def test_left_over_work_folders_are_pruned(cache):
    from cv_builder.latex.formats import LEFTOVER_SECONDS, prune

    formats = cache / "formats"
    formats.mkdir(parents=True)
    old, young = formats / "fmt-killed", formats / "fmt-running"
    for folder in (old, young):
        folder.mkdir()
        (folder / "cvb-x.fmt").write_bytes(b"x" * 100)
    stale = time.time() - LEFTOVER_SECONDS - 60
    os.utime(old, (stale, stale))
    (formats / "half.tmp").write_text("x")
    os.utime(formats / "half.tmp", (stale, stale))
    prune(formats)
    assert not old.exists() and not (formats / "half.tmp").exists()
    assert young.exists()  # perhaps a build making a format right now


def test_a_cache_folder_others_can_write_is_closed_or_not_used(cache):
    from cv_builder import usable_cache

    folder = cache / "jinja"
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    assert usable_cache("jinja") == folder
    assert folder.stat().st_mode & 0o022 == 0  # ours: closed to the others
    link = cache / "formats"
    link.symlink_to(folder)
    assert usable_cache("formats") is None  # a symlink planted for a cache folder


@pytest.mark.latex
@pytest.mark.parametrize("planted", ["formats/base-formats.json", "fonts/charsets.json"])
def test_cache_files_that_are_fifos_block_nothing(tmp_path, planted):
    """Files of the cache read on every build (where the base format is; the fonts'
    coverage, for XeLaTeX) planted as FIFOs: read as they were, a build waited forever."""
    import shutil
    import subprocess
    import sys

    if planted.startswith("fonts") and shutil.which("xelatex") is None:
        pytest.skip("XeLaTeX path not installed")
    cache = tmp_path / "cache"
    fifo = cache / "cv-builder" / planted
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    record = tmp_path / "cv.yaml"
    name = "李雷" if planted.startswith("fonts") else "Ada Lovelace"
    record.write_text(RECORD.replace("Ada Lovelace", name), encoding="utf-8")
    for _ in range(2):  # a build, then the no-op check
        result = subprocess.run([sys.executable, "-m", "cv_builder", "build", "industry-resume",
                                 "--data", str(record), "--output", str(tmp_path / "out")],
                                capture_output=True, text=True, timeout=120,
                                env={**os.environ, "XDG_CACHE_HOME": str(cache)})
        assert result.returncode == 0, result.stdout + result.stderr


def _run(*args, cache, timeout=60):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "cv_builder", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "XDG_CACHE_HOME": str(cache)})


@pytest.mark.latex
def test_compiled_templates_that_are_fifos_block_nothing(tmp_path):
    """Every compiled template in the Jinja cache replaced by a FIFO: Jinja's own cache
    opened them with open(), and build, validate and tex waited forever."""
    cache = tmp_path / "cache"
    record = tmp_path / "cv.yaml"
    record.write_text(RECORD, encoding="utf-8")
    first = _run("build", "industry-resume", "--data", record, "--output", tmp_path / "a",
                 cache=cache)
    assert first.returncode == 0, first.stderr
    compiled = [p for p in (cache / "cv-builder" / "jinja").rglob("*.cache")]
    assert compiled
    for path in compiled:
        path.unlink()
        os.mkfifo(path)
    for command in (["validate"], ["tex", "industry-resume"],
                    ["build", "industry-resume", "--output", tmp_path / "b"]):
        result = _run(*command, "--data", record, cache=cache)  # a hang: TimeoutExpired
        assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "b" / "industry-resume.pdf").read_bytes() == \
        (tmp_path / "a" / "industry-resume.pdf").read_bytes()
    # Each FIFO was removed and the template kept again, as a file.
    assert all(path.is_file() for path in compiled)


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to give a file to another user")
def test_compiled_templates_of_another_user_are_not_run(cache):
    """A compiled template is Python run as you: one owned by another user (left while the
    folder was open to them, before cv-builder closed it) is compiled again, not run."""
    from cv_builder.latex import render

    template = render.environment(()).get_template("industry-resume.tex.j2")
    assert template is not None
    compiled = list((cache / "jinja").rglob("*.cache"))
    assert compiled
    for path in compiled:
        os.chown(path, 1234, 1234)
    render.environment.cache_clear()
    loaded = []
    original = render._BytecodeCache.load_bytecode

    def spy(self, bucket):
        original(self, bucket)
        loaded.append(bucket.code is not None)

    render._BytecodeCache.load_bytecode = spy
    try:
        render.environment(()).get_template("industry-resume.tex.j2")
    finally:
        render._BytecodeCache.load_bytecode = original
    assert loaded and not any(loaded)
