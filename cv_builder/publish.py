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
