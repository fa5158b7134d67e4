"""Move a checked PDF into place atomically, so a failed build never touches the last good one."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


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


def write_preview(pdf: Path, resolution: int = 80) -> Path:
    """A PNG of the PDF's first page beside it (pdftoppm, from poppler-utils)."""
    import subprocess

    from .errors import MissingTool

    target = pdf.with_suffix(".png")
    if shutil.which("pdftoppm") is None:
        raise MissingTool("pdftoppm is not installed, so no preview can be made. Install it "
                          "with:\n  sudo apt-get install -y poppler-utils")
    with tempfile.TemporaryDirectory(dir=pdf.parent) as work:
        stem = Path(work) / "page"
        subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", "1", "-l", "1",
                        "-singlefile", str(pdf), str(stem)], check=True, capture_output=True,
                       stdin=subprocess.DEVNULL, timeout=60)
        os.replace(stem.with_suffix(".png"), target)
    return target
