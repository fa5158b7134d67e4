"""Auto-fit: meet a page limit by jumping to a tighter layout, then dropping the least valuable items.

Why jump instead of step: TeX reports how full the last page is (the CVB-FIT
line), so the needed shrink is known after one compile; content height
grows roughly with the square of the font size (taller lines, fewer words
per line), so one computed setting usually lands.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ..record.model import Variant
from ..select import Section, View, recency
from .render import Layout

SAFETY = 0.97  # aim a little under the limit: the estimate is not exact


@dataclass(frozen=True)
class Drop:
    """One cut: a whole entry, or the last bullet of one."""

    section: int
    entry: int
    bullet: bool
    label: str


# How content height answers the two knobs, measured on the shipped résumé with
# tall-page runs: halving the spacing takes 8% off (so spacing is ~16% of the
# height), and 10.5pt -> 9.5pt takes 12% off (height ~ font size ** 1.3).
SPACING_SHARE = 0.16
FONT_EXPONENT = 1.3


def tighter_layout(layout: Layout, variant: Variant, ratio: float) -> Layout:
    """The layout that should make content `ratio` times as tall, within the variant's
    bounds: spacing first (it barely changes the look), then font size."""
    target = min(1.0, ratio * SAFETY)
    if target >= 1.0:
        return layout
    spacing = 1 - (1 - target) / SPACING_SHARE
    spacing = max(variant.fit.min_spacing, layout.spacing * spacing)
    from_spacing = 1 - SPACING_SHARE * (1 - spacing / layout.spacing)
    remaining = min(1.0, target / from_spacing)
    font = max(variant.fit.min_font_size, layout.font_size * remaining ** (1 / FONT_EXPONENT))
    # Round towards smaller, so the rounding never undoes the shrink.
    return Layout(math.floor(font * 10) / 10, math.floor(spacing * 100) / 100)


def describe_layout_change(before: Layout, after: Layout) -> list[str]:
    changes = []
    if after.font_size != before.font_size:
        changes.append(f"font {before.font_size:g}pt\u2192{after.font_size:g}pt")
    if after.spacing != before.spacing:
        changes.append(f"spacing {before.spacing:.0%}\u2192{after.spacing:.0%}")
    return changes


def drop_candidates(view: View) -> list[Drop]:
    """Cuts in the order we would make them: last bullets of the oldest, least important
    entries first, then whole entries the same way. Text sections are never cut."""
    bullets, entries = [], []
    for s_index, section in enumerate(view.sections):
        if section.kind in ("about", "statement", "skills", "research"):
            continue
        for e_index, entry in enumerate(section.entries):
            key = (getattr(entry, "priority", 0), recency(entry), -e_index)
            label = _label(section, entry)
            count = len(getattr(entry, "highlights", ()))
            for bullet in range(count - 1, 0, -1):  # keep each entry's first bullet
                bullets.append((key, -bullet, Drop(s_index, e_index, True,
                                                   f"last bullet of {label}")))
            if len(section.entries) > 1:
                entries.append((key, 0, Drop(s_index, e_index, False, label)))
    bullets.sort(key=lambda t: (t[0], t[1]))
    entries.sort(key=lambda t: t[0])
    return [drop for _, _, drop in bullets + entries]


def _label(section: Section, entry) -> str:
    name = (getattr(entry, "name", None) or getattr(entry, "title", None)
            or getattr(entry, "organization", None) or getattr(entry, "institution", None)
            or getattr(entry, "host", None) or "entry")
    return f"{section.kind.replace('_', ' ')} '{name}'"


def mark_heights(marks: list[tuple[str, float]]) -> dict[str, float]:
    """Height each entry and bullet takes, from the positions TeX logged (CVB-POS).

    marks are (id, offset down the document in pt) in document order; an entry
    ("2.3") runs to the next entry or the end, a bullet ("2.3.1") to the next mark.
    """
    heights: dict[str, float] = {}
    for index, (mark, offset) in enumerate(marks):
        if mark == "end":
            continue
        following = marks[index + 1:]
        if mark.count(".") == 2:
            stop = following[0][1] if following else offset
        else:
            stop = next((o for m, o in following if m == "end" or m.count(".") == 1), offset)
        heights[mark] = max(0.0, stop - offset)
    return heights


def choose_drops(view: View, overflow_pt: float, heights: dict[str, float]) -> list[Drop]:
    """The first cuts, in drop order, whose measured heights cover overflow_pt; [] if
    even every cut would not."""
    chosen: list[Drop] = []
    counted: dict[tuple[int, int], float] = {}  # height already freed by an entry's bullets
    freed = 0.0
    for drop in drop_candidates(view):
        if freed >= overflow_pt:
            break
        place = (drop.section, drop.entry)
        entry = view.sections[drop.section].entries[drop.entry]
        if drop.bullet:
            # Bullets go last-first: this cut removes the entry's current last bullet.
            already = sum(1 for c in chosen if c.bullet and (c.section, c.entry) == place)
            bullet = len(entry.highlights) - 1 - already
            height = heights.get(f"{place[0]}.{place[1]}.{bullet}", 0.0)
            counted[place] = counted.get(place, 0.0) + height
        else:
            chosen = [c for c in chosen if (c.section, c.entry) != place]
            height = heights.get(f"{place[0]}.{place[1]}", 0.0) - counted.pop(place, 0.0)
        freed += height
        chosen.append(drop)
    return chosen if freed >= overflow_pt else []


def apply_drops(view: View, drops: list[Drop]) -> View:
    """A new view without the cut bullets and entries (the record is untouched)."""
    sections = list(view.sections)
    for s_index in sorted({drop.section for drop in drops}):
        section_drops = [drop for drop in drops if drop.section == s_index]
        entries = list(sections[s_index].entries)
        removed = {drop.entry for drop in section_drops if not drop.bullet}
        for drop in section_drops:
            if drop.bullet and drop.entry not in removed:
                entry = entries[drop.entry]
                entries[drop.entry] = entry.model_copy(update={"highlights": entry.highlights[:-1]})
        sections[s_index] = replace(sections[s_index], entries=tuple(
            entry for index, entry in enumerate(entries) if index not in removed))
    return replace(view, sections=tuple(section for section in sections if section.entries))
