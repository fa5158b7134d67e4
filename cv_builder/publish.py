"""Put files in place atomically: a checked PDF, so a failed build never touches the last
good one, and written text (exports, imported records), so no reader sees half a file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .errors import InvalidInput, Problem
from .files import replace_atomically


def publish(source: Path, target: Path) -> Path:
    """Put a copy of source at target, atomically: a reader sees the old PDF or the new."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return replace_atomically(target, source.read_bytes(), 0o644)


def save_text(path: Path, text: str, overwrite: bool = True) -> Path:
    """Write beside the file, then rename over it: a reader never sees half a file.
    An existing file keeps its permissions; with overwrite=False it is an error."""
    path = Path(path)
    if path.is_dir():
        raise InvalidInput([Problem(str(path), None, None, "", "is a folder; give a file name")])
    if not overwrite and path.exists():
        raise InvalidInput([Problem(str(path), None, None, "", "already exists; not "
                                    "overwritten (give another name, or --force)")])
    if not path.parent.is_dir():
        raise InvalidInput([Problem(str(path), None, None, "", "its folder does not exist")])
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask()
    return replace_atomically(path, text, mode)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_preview(pdf: Path, target: Path | None = None, resolution: int = 80) -> Path:
    """A PNG of the PDF's first page at target, beside the PDF by default (pdftoppm, from
    poppler-utils)."""
    import subprocess
    import tempfile

    from .errors import MissingTool

    target = target or pdf.with_suffix(".png")
    if shutil.which("pdftoppm") is None:
        raise MissingTool("pdftoppm is not installed, so no preview can be made (it comes "
                          "with Poppler). `cv-builder doctor` says how to install it here.")
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        stem = Path(work) / "page"
        subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", "1", "-l", "1",
                        "-singlefile", str(pdf), str(stem)], check=True, capture_output=True,
                       stdin=subprocess.DEVNULL, timeout=60)
        os.replace(stem.with_suffix(".png"), target)
    return target


def preview_is_current(pdf: Path) -> bool:
    png = pdf.with_suffix(".png")
    return png.exists() and png.stat().st_mtime_ns >= pdf.stat().st_mtime_ns


def ensure_preview(pdf: Path) -> None:
    """The preview of a PDF that is up to date: written only if missing or older."""
    if not preview_is_current(pdf):
        write_preview(pdf)
