"""Put files in place atomically: a checked PDF, so a failed build never touches the last
good one, and written text (exports, imported records), so no reader sees half a file."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .errors import InvalidInput, Problem


def publish(source: Path, target: Path) -> Path:
    """Copy source beside target under a temporary name, then rename over target."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                         dir=target.parent)
    os.close(handle)
    try:
        shutil.copyfile(source, temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


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
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_preview(pdf: Path, resolution: int = 80) -> Path:
    """A PNG of the PDF's first page beside it (pdftoppm, from poppler-utils)."""
    import subprocess

    from .errors import MissingTool

    target = pdf.with_suffix(".png")
    if shutil.which("pdftoppm") is None:
        raise MissingTool("pdftoppm is not installed, so no preview can be made (it comes "
                          "with Poppler). `cv-builder doctor` says how to install it here.")
    with tempfile.TemporaryDirectory(dir=pdf.parent) as work:
        stem = Path(work) / "page"
        subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", "1", "-l", "1",
                        "-singlefile", str(pdf), str(stem)], check=True, capture_output=True,
                       stdin=subprocess.DEVNULL, timeout=60)
        os.replace(stem.with_suffix(".png"), target)
    return target
