"""cv-builder: one YAML record, an academic CV, a one-page résumé and a research statement."""

__version__ = "0.1.0"  # the one place: pyproject.toml and `cv-builder --version` read it

from pathlib import Path as _Path

_HERE = _Path(__file__).resolve().parent


def _shipped(folder: str) -> _Path:
    """A folder of data shipped with the package: inside it in an installed wheel
    (pyproject.toml maps it there), at the top of a source checkout, the one copy."""
    inside = _HERE / folder
    return inside if inside.is_dir() else _HERE.parent / folder


TEMPLATE_DIR = _shipped("latex_templates")
SCHEMA_FILE = _shipped("docs") / "cv.schema.json"


def user_cache(kind: str) -> _Path:
    """A folder under the user's cache (~/.cache/cv-builder/<kind>) for data kept
    between runs: precompiled formats, compiled templates."""
    import os

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(_Path.home(), ".cache")
    return _Path(base) / "cv-builder" / kind


def usable_cache(kind: str) -> _Path | None:
    """user_cache(kind), made if missing, if only this user can write it; else None, and
    cv-builder builds without that cache (files.private_folder says why)."""
    from .files import private_folder

    return private_folder(user_cache(kind))
