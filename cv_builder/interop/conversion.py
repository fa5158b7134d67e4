"""What an import or export gives: the converted data, what had no place on the other
side, what was kept in a shorter form, and warnings at their line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import Problem
from .yaml_out import comment_safe


# How variants choose entries: settings of the record, not facts about the person.
SELECTION_FIELDS = ("tags", "selected", "priority")


@dataclass
class Conversion:
    """The converted data, what had no place on the other side, and what was shortened."""

    data: dict
    unplaced: dict[str, object] = field(default_factory=dict)
    shortened: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # warnings at their line
    sources: dict[str, str] = field(default_factory=dict)  # record path -> source path

    def warnings(self, where: str = "") -> list[str]:
        out = []
        # A value a warning at its line already named (a date it could not read) is
        # not named again in the summary: one report per fact.
        said = {p.path for p in self.problems if p.path}
        unsaid = [path for path in self.unplaced
                  if not any(path == s or path.startswith((s + ".", s + "[")) for s in said)]
        settings = [p for p in unsaid if p.rsplit(".", 1)[-1] in SELECTION_FIELDS]
        facts = [p for p in unsaid if p not in settings]
        if facts:
            out.append(f"no place {where or 'on the other side'} for: "
                       + ", ".join(_collapse(facts)))
        if settings:
            names = sorted({p.rsplit(".", 1)[-1] for p in settings})
            out.append(f"no place {where or 'on the other side'} for the selection settings "
                       f"({', '.join(names)}) of {len(settings)} entries")
        if self.shortened:
            out.append("kept in a shorter form: " + "; ".join(_collapse_notes(self.shortened)))
        return out




def _collapse(paths) -> list[str]:
    """["work[0].summary", "work[1].summary"] -> ["work[].summary (2)"]."""
    counts: dict[str, int] = {}
    for path in paths:
        key = re.sub(r"\[\d+\]", "[]", path)
        counts[key] = counts.get(key, 0) + 1
    # A field's name is the other file's text: shown on one line, escapes visible.
    return [comment_safe(f"{key} ({n})" if n > 1 else key) for key, n in counts.items()]


def _collapse_notes(notes: list[str]) -> list[str]:
    counts: dict[str, int] = {}
    for note in notes:
        counts[note] = counts.get(note, 0) + 1
    return [f"{note} ({n}×)" if n > 1 else note for note, n in counts.items()]
