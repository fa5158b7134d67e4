"""Precompiled preambles: the package-loading part of a document dumped into a TeX format.

Why: loading fonts, microtype and hyperref is most of a pdflatex run here
(0.27 s per pass against 0.13 s with the format). The part of the .tex before
\\endofdump never contains record data, so one format serves every variant
and every record; it is cached by that text and the TeX version.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
import threading
import time
import zlib
from pathlib import Path

from .. import usable_cache
from ..files import discard, read_regular, replace_atomically
from ..stamp import digest
from .compile import tex_environment

MARKER = r"\csname endofdump\endcsname"
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def static_preamble(tex: str) -> str | None:
    """The text up to and including the \\endofdump line, or None if there is none."""
    index = tex.find(MARKER)
    return tex[: index + len(MARKER)] if index >= 0 else None


def split_document(tex: str) -> tuple[str, str]:
    """What TeX reads after the format, as two files: the head (the rest of the preamble,
    through the \\begin{document} line) and the body (the rest). Each has the lines
    before it left blank, so every line keeps its number for error messages."""
    preamble = static_preamble(tex) or ""
    begin = tex.find("\\begin{document}", len(preamble))
    end = len(preamble) if begin < 0 else (tex.find("\n", begin) + 1 or len(tex))
    head = "\n" * preamble.count("\n") + tex[len(preamble):end]
    return head, "\n" * tex[:end].count("\n") + tex[end:]


def _store_uncompressed(fmt: Path) -> None:
    """TeX Live writes formats gzipped; pdflatex reads a plain one as well (zlib passes
    it through), and then loads it in 43 ms instead of 136 ms here (6.8 MB gzipped,
    18.6 MB plain). Every compile starts by loading it, so keep it plain."""
    data = fmt.read_bytes()
    if data[:2] == b"\x1f\x8b":
        fmt.write_bytes(gzip.decompress(data))


def format_for(tex: str, tex_identity: str, timeout: float = 60.0,
               engine: str = "pdflatex") -> str | None:
    """Path (without .fmt) of a format for this document's preamble, built once; None
    when formats cannot be made here (no mylatexformat, no cache of this user's). A
    format found damaged (truncated, garbage, not a file) is made again."""
    preamble = static_preamble(tex)
    if preamble is None or shutil.which(engine) is None:
        return None
    name = "cvb-" + digest(preamble, tex_identity, "uncompressed")[:16]
    folder = usable_cache("formats")
    if folder is None:
        return None
    target = folder / f"{name}.fmt"
    if format_intact(target):
        try:
            os.utime(target)  # recently used: pruning goes by age
        except OSError:
            pass
        return str(folder / name)
    with _locks_guard:
        lock = _locks.setdefault(name, threading.Lock())
    with lock:
        if not format_intact(target):
            discard_format(str(folder / name))
            if not _dump(preamble, name, folder, timeout, engine):
                return None
            prune(folder)
    return str(folder / name)


# Every web2c format starts with this and ends with TeX's check value, 69069.
_FORMAT_START, _FORMAT_END = b"W2TX", (69069).to_bytes(4, "big")


def format_intact(path: Path) -> bool:
    """True if path is a regular file of this user's (or root's) that starts and ends as
    a format does: a truncated or overwritten one fails here (one that only looks right
    fails when pdflatex loads it, and build.py then discards it and compiles again), and
    so does one another user left while the folder was open to them."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        info = os.fstat(handle)
        if (not stat.S_ISREG(info.st_mode) or info.st_size < 8
                or info.st_uid not in (os.getuid(), 0)):
            return False
        start = os.pread(handle, 4, 0)
        return start == _FORMAT_START and os.pread(handle, 4, info.st_size - 4) == _FORMAT_END
    except OSError:
        return False
    finally:
        os.close(handle)


def discard_format(fmt: str) -> None:
    """Remove a format (path without .fmt) that is damaged, whatever is there."""
    discard(fmt + ".fmt")


# Formats are 19 MB each; a new one appears when TeX Live or a template's shared
# preamble changes, so keep the newest few (and the heads, 2 KB each, likewise).
FORMATS_KEPT = 6
HEADS_KEPT = 300


# A format's work folder or a temporary file this old is left from a killed build.
LEFTOVER_SECONDS = 3600


def prune(folder: Path) -> None:
    """Delete all but the newest FORMATS_KEPT formats and HEADS_KEPT heads, and what a
    killed build left behind (fmt-* work folders, *.tmp files)."""
    for pattern, kept in (("cvb-*.fmt", FORMATS_KEPT), ("head-*.tex", HEADS_KEPT)):
        try:
            found = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in found[kept:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass  # another build pruned it first
    now = time.time()
    for pattern in ("fmt-*", "*.tmp"):
        for old in folder.glob(pattern):
            try:
                if now - old.lstat().st_mtime > LEFTOVER_SECONDS:
                    if old.is_dir() and not old.is_symlink():
                        shutil.rmtree(old, ignore_errors=True)
                    else:
                        old.unlink()
            except OSError:
                pass


def _dump(preamble: str, name: str, folder: Path, timeout: float,
          engine: str = "pdflatex") -> bool:
    try:
        work = Path(tempfile.mkdtemp(prefix="fmt-", dir=folder))
    except OSError:
        return False
    try:
        (work / f"{name}.tex").write_text(preamble + "\n\\begin{document}\\end{document}\n",
                                          encoding="utf-8")
        result = subprocess.run(
            [engine, "-ini", "-interaction=nonstopmode", "-halt-on-error",
             "-no-shell-escape", f"-jobname={name}", f"&{engine}", "mylatexformat.ltx",
             f"{name}.tex"],
            cwd=work, stdin=subprocess.DEVNULL, capture_output=True, env=tex_environment(),
            timeout=timeout)
        built = work / f"{name}.fmt"
        if result.returncode != 0 or not built.exists():
            return False
        _store_uncompressed(built)
        os.replace(built, folder / f"{name}.fmt")  # atomic: readers never see half a format
        return True
    except (OSError, subprocess.SubprocessError, EOFError, zlib.error):
        return False
    finally:
        shutil.rmtree(work, ignore_errors=True)


# Which format and head each variant of a build used last time, so that the next build
# can start pdflatex on them before it has rendered anything (see compile.WaitingTex).
HINTS_FILE = "recent.json"
HINTS_KEPT = 64


def early_start_hints(key: str) -> dict[str, tuple[str, str, str]]:
    """{variant: (format, head, engine)} from the last build with this key, where both
    are still in the cache (and are formats and heads of the cache: the hints file is not
    trusted to name files elsewhere)."""
    folder = usable_cache("formats")
    if folder is None:
        return {}
    try:
        recent = json.loads(read_regular(folder / HINTS_FILE, HINTS_BYTES, follow=False))
        hints = recent.get(key, {}) if isinstance(recent, dict) else {}
        hints = hints if isinstance(hints, dict) else {}
    except (OSError, ValueError):
        return {}
    found = {}
    for name, hint in hints.items():
        try:
            fmt, head, engine = hint
            if not (_CACHED.fullmatch(Path(fmt).name) and Path(fmt).parent == folder
                    and _CACHED.fullmatch(f"head-{head}")):
                continue
            if os.path.isfile(fmt + ".fmt"):  # damaged, its TeX dies and is replaced
                text = read_regular(folder / f"head-{head}.tex", HINTS_BYTES, follow=False)
                found[name] = (fmt, text.decode("utf-8"), engine)
        except (OSError, ValueError, TypeError):
            continue  # pruned, or written by another version: no head start for this one
    return found


HINTS_BYTES = 1024 * 1024
_CACHED = re.compile(r"(cvb|head)-[\w.-]+")


def remember_early_start(key: str, used: dict[str, tuple[str, str, str]]) -> None:
    """Merge this build's {variant: (format, head, engine)} into the hints (best effort: a hint
    lost to a race between two builds only costs the next build its head start)."""
    folder = usable_cache("formats") if used else None
    if folder is None:
        return
    path = folder / HINTS_FILE
    try:
        recent = json.loads(read_regular(path, HINTS_BYTES, follow=False))
        if not isinstance(recent, dict):
            recent = {}
    except (OSError, ValueError):
        recent = {}
    try:
        hints = {}
        for name, (fmt, head, engine) in used.items():
            head_digest = digest(head)[:16]
            stored = folder / f"head-{head_digest}.tex"
            if stored.is_file() and not stored.is_symlink():
                os.utime(stored)  # recently used: pruning goes by age
            else:
                replace_atomically(stored, head)
                prune(folder)
            hints[name] = (fmt, head_digest, engine)
        previous = recent.pop(key, {})
        recent[key] = {**(previous if isinstance(previous, dict) else {}), **hints}
        # Most recent last, so the oldest keys are dropped first.
        replace_atomically(path, json.dumps(dict(list(recent.items())[-HINTS_KEPT:])))
    except OSError:
        pass
