"""cv-builder: one YAML record, an academic CV, a one-page résumé and a research statement."""

__version__ = "0.1.0"

from pathlib import Path as _Path

# Shipped templates live beside the package in the source tree (layout fixed by the project).
TEMPLATE_DIR = _Path(__file__).resolve().parent.parent / "latex_templates"


def user_cache(kind: str) -> _Path:
    """A folder under the user's cache (~/.cache/cv-builder/<kind>) for data kept
    between runs: precompiled formats, compiled templates."""
    import os

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(_Path.home(), ".cache")
    return _Path(base) / "cv-builder" / kind
