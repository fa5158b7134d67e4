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


def cache_base() -> _Path:
    """$XDG_CACHE_HOME, or ~/.cache where it is unset or not an absolute path (the XDG
    spec: a relative one is invalid and ignored, or the cache would follow the working
    folder)."""
    import os

    base = os.environ.get("XDG_CACHE_HOME", "")
    return _Path(base if os.path.isabs(base) else os.path.join(_Path.home(), ".cache"))


def user_cache(kind: str) -> _Path:
    """A folder under the user's cache (~/.cache/cv-builder/<kind>) for data kept
    between runs: precompiled formats, compiled templates."""
    return cache_base() / "cv-builder" / kind


# Why a cache was not used in this run, by its folder: the CLI says so once (one note).
refused_caches: dict[str, str] = {}


def usable_cache(kind: str) -> _Path | None:
    """user_cache(kind), made if missing, if no one but this user (and root) can change
    it or any folder above it; else None, and cv-builder builds without that cache, to
    the same bytes, noting why in refused_caches.

    Why: a cache holds code (TeX formats, Jinja's compiled templates, run as you). The
    folders above the cache are checked first (files.unsafe_ancestry), so that nothing
    can be swapped in under cv-builder's own folders, which are then made or closed to
    others (files.private_folder).
    """
    import os

    from .files import private_problem, unsafe_ancestry

    base = cache_base()
    try:
        if not os.path.lexists(base):  # a file there: unsafe_ancestry says so
            os.makedirs(base, mode=0o700, exist_ok=True)
        problem = unsafe_ancestry(base)
    except OSError as error:
        problem = f"{base}: {error.strerror or error}"
    root = base / "cv-builder"
    problem = problem or private_problem(root) or private_problem(root / kind)
    if problem is not None:
        refused_caches.setdefault(str(root), problem)
        return None
    return root / kind


def cache_notes() -> list[str]:
    """The note for each cache not used, once a process (--watch builds on every save)."""
    notes = [f"the cache {root} is not used: {why}. cv-builder goes on without it: the "
             "same PDFs, more slowly" for root, why in refused_caches.items()
             if (root, why) not in _noted]
    _noted.update(refused_caches.items())
    refused_caches.clear()
    return notes


_noted: set[tuple[str, str]] = set()
