"""JSON Resume (schema v1.0.0) in and out: read.py makes a record of a resume.json,
write.py a resume.json of a record; here, what both sides share.

Why the leftovers: each side holds facts the other has no place for. Every such field
is named in a warning (and on import kept as a comment at the end of the record), so
nothing is ever dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...errors import Problem

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
VERSION = "v1.0.0"

# Tags that send an entry to a JSON Resume section on export: imports made before the
# record had sections of its own put volunteer work, certificates... there this way.
VOLUNTEER, CERTIFICATE, LANGUAGES, INTERESTS = "volunteer", "certificate", "languages", "interests"
TALK_TYPES = ("talk", "presentation")
OPEN_SOURCE_TYPE = "open source"
ROLE_SEPARATOR = "; "  # project roles: a list in JSON Resume, one text in the record


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
        settings = [p for p in self.unplaced if p.rsplit(".", 1)[-1] in SELECTION_FIELDS]
        facts = [p for p in self.unplaced if p not in settings]
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


# How variants choose entries: settings of the record, not facts about the person.
SELECTION_FIELDS = ("tags", "selected", "priority")


def _collapse(paths) -> list[str]:
    """["work[0].summary", "work[1].summary"] -> ["work[].summary (2)"]."""
    counts: dict[str, int] = {}
    for path in paths:
        key = re.sub(r"\[\d+\]", "[]", path)
        counts[key] = counts.get(key, 0) + 1
    return [f"{key} ({n})" if n > 1 else key for key, n in counts.items()]


def _collapse_notes(notes: list[str]) -> list[str]:
    counts: dict[str, int] = {}
    for note in notes:
        counts[note] = counts.get(note, 0) + 1
    return [f"{note} ({n}×)" if n > 1 else note for note, n in counts.items()]
