"""Precompiled preambles: the package-loading part of a document dumped into a TeX format.

Why: loading fonts, microtype and hyperref is most of a pdflatex run here
(0.27 s per pass against 0.13 s with the format). The part of the .tex before
\\endofdump never contains record data, so one format serves every variant
and every record; it is cached by that text and the TeX version.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from . import user_cache
from .compile import tex_environment
from .stamp import digest

MARKER = r"\csname endofdump\endcsname"
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def static_preamble(tex: str) -> str | None:
    """The text up to and including the \\endofdump line, or None if there is none."""
    index = tex.find(MARKER)
    return tex[: index + len(MARKER)] if index >= 0 else None


def format_for(tex: str, tex_identity: str, timeout: float = 60.0) -> str | None:
    """Path (without .fmt) of a format for this document's preamble, built once; None
    when formats cannot be made here (no mylatexformat, no writable cache)."""
    preamble = static_preamble(tex)
    if preamble is None or shutil.which("pdflatex") is None:
        return None
    name = "cvb-" + digest(preamble, tex_identity)[:16]
    folder = user_cache("formats")
    target = folder / f"{name}.fmt"
    if target.exists():
        return str(folder / name)
    with _locks_guard:
        lock = _locks.setdefault(name, threading.Lock())
    with lock:
        if not target.exists() and not _dump(preamble, name, folder, timeout):
            return None
    return str(folder / name)


def _dump(preamble: str, name: str, folder: Path, timeout: float) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="fmt-", dir=folder))
    except OSError:
        return False
    try:
        (work / f"{name}.tex").write_text(preamble + "\n\\begin{document}\\end{document}\n",
                                          encoding="utf-8")
        result = subprocess.run(
            ["pdflatex", "-ini", "-interaction=nonstopmode", "-halt-on-error",
             "-no-shell-escape", f"-jobname={name}", "&pdflatex", "mylatexformat.ltx",
             f"{name}.tex"],
            cwd=work, stdin=subprocess.DEVNULL, capture_output=True, env=tex_environment(),
            timeout=timeout)
        built = work / f"{name}.fmt"
        if result.returncode != 0 or not built.exists():
            return False
        os.replace(built, folder / f"{name}.fmt")  # atomic: readers never see half a format
        return True
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        shutil.rmtree(work, ignore_errors=True)
