"""Auto-fit: meet a page limit by jumping to a tighter layout, then dropping the least valuable items.

Why jump instead of step: TeX reports how full the last page is (the CVB-FIT
line), so the needed shrink is known after one compile; content height
grows roughly with the square of the font size (taller lines, fewer words
per line), so one computed setting usually lands.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from .model import Variant
from .render import Layout
from .select import Section, View, recency

SAFETY = 0.97  # aim a little under the limit: the estimate is not exact


@dataclass(frozen=True)
class Drop:
    """One cut: a whole entry, or the last bullet of one."""

    section: int
    entry: int
    bullet: bool
    label: str


def overflow_ratio(fit: dict[str, float], limit: int) -> float:
    """Available height over used height (below 1 means too long)."""
    used = (fit["pages"] - 1) * fit["goal"] + fit["total"]
    return (limit * fit["goal"]) / used if used else 1.0


def tighter_layout(layout: Layout, variant: Variant, ratio: float) -> Layout:
    """The layout that should shrink content by `ratio`, within the variant's bounds."""
    target = ratio * SAFETY
    # Spend spacing first (it barely changes the look), then font size.
    spacing = max(variant.fit.min_spacing, layout.spacing * target)
    remaining = target / (spacing / layout.spacing) if spacing != layout.spacing else target
    font = max(variant.fit.min_font_size, layout.font_size * math.sqrt(min(1.0, remaining * 1.15)))
    return Layout(round(font * 4) / 4, round(spacing, 3))


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


def estimate_height(view: View, drop: Drop, layout: Layout, line_width_chars: float) -> float:
    """Rough height in pt that a cut frees: its text's lines times the line height."""
    entry = view.sections[drop.section].entries[drop.entry]
    if drop.bullet:
        text = entry.highlights[-1]
    else:
        text = " ".join(str(value) for value in entry.model_dump(exclude={"tags"}).values()
                        if isinstance(value, (str, int)) or isinstance(value, list))
    lines = max(1, math.ceil(len(text) / line_width_chars))
    return lines * layout.font_size * 1.22 + (2 if drop.bullet else 5) * layout.spacing


def apply_drops(view: View, drops: list[Drop]) -> View:
    """A new view without the dropped bullets and entries (the record is untouched)."""
    sections = list(view.sections)
    by_section: dict[int, list[Drop]] = {}
    for drop in drops:
        by_section.setdefault(drop.section, []).append(drop)
    for s_index, section_drops in by_section.items():
        entries = list(sections[s_index].entries)
        removed = {d.entry for d in section_drops if not d.bullet}
        for drop in section_drops:
            if drop.bullet and drop.entry not in removed:
                entry = entries[drop.entry]
                entries[drop.entry] = entry.model_copy(
                    update={"highlights": entry.highlights[:-1]})
        entries = [e for i, e in enumerate(entries) if i not in removed]
        sections[s_index] = replace(sections[s_index], entries=tuple(entries))
    sections = [s for s in sections if s.entries]
    return replace(view, sections=tuple(sections))


def freed_height(view: View, drops: list[Drop], layout: Layout, text_width_pt: float) -> float:
    chars_per_line = text_width_pt / (layout.font_size * 0.5)
    return sum(estimate_height(view, drop, layout, chars_per_line) for drop in drops)


def choose_drops(view: View, overflow_pt: float, layout: Layout, text_width_pt: float,
                 minimum: int = 1) -> list[Drop]:
    """The first cuts, in drop order, whose estimated height covers overflow_pt."""
    chars_per_line = text_width_pt / (layout.font_size * 0.5)
    chosen: list[Drop] = []
    freed = 0.0
    for drop in drop_candidates(view):
        if freed >= overflow_pt and len(chosen) >= minimum:
            break
        if not drop.bullet:
            # Cutting the whole entry makes cuts of its bullets moot.
            chosen = [c for c in chosen if (c.section, c.entry) != (drop.section, drop.entry)]
        chosen.append(drop)
        freed += estimate_height(view, drop, layout, chars_per_line)
    if len(chosen) < minimum:
        return []
    return chosen
