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
import shutil
import subprocess
import tempfile
import threading
import zlib
from pathlib import Path

from .. import user_cache
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
    when formats cannot be made here (no mylatexformat, no writable cache)."""
    preamble = static_preamble(tex)
    if preamble is None or shutil.which(engine) is None:
        return None
    folder = user_cache("formats")
    name = "cvb-" + digest(preamble, tex_identity, "uncompressed")[:16]
    target = folder / f"{name}.fmt"
    if target.exists():
        try:
            os.utime(target)  # recently used: pruning goes by age
        except OSError:
            pass
        return str(folder / name)
    with _locks_guard:
        lock = _locks.setdefault(name, threading.Lock())
    with lock:
        if not target.exists():
            if not _dump(preamble, name, folder, timeout, engine):
                return None
            prune(folder)
    return str(folder / name)


# Formats are 19 MB each; a new one appears when TeX Live or a template's shared
# preamble changes, so keep the newest few (and the heads, 2 KB each, likewise).
FORMATS_KEPT = 6
HEADS_KEPT = 300


def prune(folder: Path) -> None:
    """Delete all but the newest FORMATS_KEPT formats and HEADS_KEPT heads."""
    for pattern, kept in (("cvb-*.fmt", FORMATS_KEPT), ("head-*.tex", HEADS_KEPT)):
        try:
            found = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in found[kept:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass  # another build pruned it first


def _dump(preamble: str, name: str, folder: Path, timeout: float,
          engine: str = "pdflatex") -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
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
    are still in the cache."""
    folder = user_cache("formats")
    try:
        recent = json.loads((folder / HINTS_FILE).read_text(encoding="utf-8"))
        hints = recent.get(key, {}) if isinstance(recent, dict) else {}
        hints = hints if isinstance(hints, dict) else {}
    except (OSError, ValueError):
        return {}
    found = {}
    for name, hint in hints.items():
        try:
            fmt, head, engine = hint
            if os.path.exists(fmt + ".fmt"):
                found[name] = (fmt, (folder / f"head-{head}.tex").read_text(encoding="utf-8"),
                               engine)
        except (OSError, ValueError, TypeError):
            continue  # pruned, or written by another version: no head start for this one
    return found


def remember_early_start(key: str, used: dict[str, tuple[str, str, str]]) -> None:
    """Merge this build's {variant: (format, head, engine)} into the hints (best effort: a hint
    lost to a race between two builds only costs the next build its head start)."""
    if not used:
        return
    folder = user_cache("formats")
    path = folder / HINTS_FILE
    try:
        recent = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(recent, dict):
            recent = {}
    except (OSError, ValueError):
        recent = {}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        hints = {}
        for name, (fmt, head, engine) in used.items():
            head_digest = digest(head)[:16]
            stored = folder / f"head-{head_digest}.tex"
            if stored.exists():
                os.utime(stored)  # recently used: pruning goes by age
            else:
                _write_atomically(stored, head)
                prune(folder)
            hints[name] = (fmt, head_digest, engine)
        previous = recent.pop(key, {})
        recent[key] = {**(previous if isinstance(previous, dict) else {}), **hints}
        # Most recent last, so the oldest keys are dropped first.
        _write_atomically(path, json.dumps(dict(list(recent.items())[-HINTS_KEPT:])))
    except OSError:
        pass


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, path)
