"""What auto-fit decided for a document, kept in the user cache: building the same
document again (a clean build, --force, another output folder) compiles it once, at the
layout and with the cuts decided before, instead of searching again (three to six
compiles).

The key is everything the decision depends on: the document as first rendered, the view
it came from (entries, priorities, the variant's fit bounds), TeX and its fonts, and the
code that decides; so a hit gives the very PDF a new search would. The cache is not
trusted at all: it holds a position on the fit path and the cuts, each checked against
the view on the way back; the build (build.fit_to_limit) then makes the cuts only after
a measuring compile shows they are the search's own (fit.confirmed_cuts), and keeps the
layout only where the search would stop (fit.search_stops_at). The document is rendered
from the record as always.
"""

from __future__ import annotations

import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from .. import __version__, usable_cache
from ..files import MB, read_regular
from ..select import View
from ..stamp import digest
from .cuts import Drop, apply_drops, drop_candidates

KEPT = 200  # decisions kept (about 100 bytes each); the oldest go first


@lru_cache(maxsize=1)
def _deciding_code() -> str:
    """The source of the code that decides (this wing and the build spine), so a decision
    made by another version of auto-fit, released or not, is never taken for this one's."""
    package = Path(__file__).resolve().parent.parent
    files = sorted((package / "latex").glob("*.py")) + [package / "build.py"]
    return digest(__version__, *(path.read_bytes() for path in files))


def memory_key(tex: str, view: View, identity: str) -> str:
    return digest(tex, repr(view.variant), repr(view.sections), identity, _deciding_code())


def folder() -> Path | None:
    """The fit memory's cache folder; None if it is not only this user's (then nothing
    is remembered: each fit is searched for)."""
    return usable_cache("fits")


def recall(key: str, view: View) -> tuple[float, list[tuple[View, list[Drop]]]] | None:
    """The position and the cuts remembered under key, if they are ones auto-fit could
    have made for this view (a position on the path, cuts it offers), each batch of cuts
    with the view it was cut from; else None. A hint only: fit.confirmed_cuts checks that
    the cuts are the very ones a search makes before any is made."""
    where = folder()
    if where is None:
        return None
    path = where / f"{key[:32]}.json"
    try:  # a cache file: not trusted to be a file, small, or JSON
        data = json.loads(read_regular(path, MB, follow=False))
        position, batches = data["position"], data["cuts"]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if not (isinstance(position, float) and 0.0 <= position <= 1.0
            and round(position, 2) == position and isinstance(batches, list)):
        return None
    steps = []
    for batch in batches:
        offered: dict[tuple, list] = {}  # place -> its cuts in order (an entry's bullets)
        for drop in drop_candidates(view):
            offered.setdefault((drop.section, drop.entry, drop.bullet), []).append(drop)
        drops = []
        for cut in batch if isinstance(batch, list) else [None]:
            # [section, entry, what]: whole numbers only (a list in it is no key)
            place = tuple(cut) if isinstance(cut, list) and all(
                isinstance(part, int) for part in cut) else None
            if not offered.get(place):
                return None
            drops.append(offered[place].pop(0))
        steps.append((view, drops))
        view = apply_drops(view, drops)
    try:
        os.utime(path)  # recently used: pruning goes by age
    except OSError:
        pass
    return position, steps


def remember(key: str | None, position: float | None,
             cuts: list[list[tuple[int, int, int]]]) -> None:
    """Keep a decision (best effort: a cache that cannot be written only costs the next
    build its shortcut)."""
    if key is None or position is None:
        return
    where = folder()
    if where is None:
        return
    data = {"position": float(position), "cuts": [[list(c) for c in batch] for batch in cuts]}
    try:
        where.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=where, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out)
        os.replace(temporary, where / f"{key[:32]}.json")
        found = sorted(where.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in found[KEPT:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
