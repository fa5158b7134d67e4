"""JSON Resume's volunteer, certificates, languages, interests and references as sections
of the record's own (`sections:`), both ways.

Why a table: each of the five is a flat mapping between fields of a JSON Resume entry
and fields of a custom entry, so one table drives both the import and the export.
"""

from __future__ import annotations

from ...record.fields import escape_markup
from ..imported import is_text

# JSON Resume section -> the key and heading the import gives it, and the keys of the
# record's own sections the export maps to it (the first is the import's).
SECTIONS = {
    "volunteer": ("Volunteering", ("volunteer", "volunteering", "volunteer_work",
                                   "volunteer_experience")),
    "certificates": ("Certificates", ("certificates", "certifications", "certificate",
                                      "certification", "licenses")),
    "languages": ("Languages", ("languages",)),
    "interests": ("Interests", ("interests", "hobbies")),
    "references": ("References", ("references", "referees")),
}

# JSON Resume field -> (custom entry field, kind). Kinds: text (plain both ways), markup
# (escaped in, plain out), markups (a list of those), url, date, keywords (a list in
# JSON Resume, one "a, b" line of details in the record).
FIELDS = {
    "volunteer": {"position": ("title", "markup"), "organization": ("organization", "text"),
                  "url": ("url", "url"), "startDate": ("start", "date"),
                  "endDate": ("end", "date"), "summary": ("details", "markup"),
                  "highlights": ("highlights", "markups")},
    "certificates": {"name": ("title", "markup"), "issuer": ("organization", "text"),
                     "date": ("date", "date"), "url": ("url", "url")},
    "languages": {"language": ("title", "markup"), "fluency": ("details", "markup")},
    "interests": {"name": ("title", "markup"), "keywords": ("details", "keywords")},
    "references": {"name": ("title", "markup"), "reference": ("details", "markup")},
}

KEYWORD_SEPARATOR = ", "

# Older names of those fields, as files written before JSON Resume 1.0 use them.
ALIASES = {"organization": ("organization", "name", "company"), "name": ("name", "title"),
           "language": ("language", "name"), "fluency": ("fluency", "level")}


def target_of(key: str) -> str | None:
    """The JSON Resume section a section of the record's own maps to, by its key."""
    return next((name for name, (_, keys) in SECTIONS.items() if key in keys), None)


# --- resume.json -> record ----------------------------------------------------------------------

def import_sections(resume: dict, reader) -> dict:
    """The five sections of the resume.json (taken out of it) as the record's `sections:`."""
    sections = {}
    for name, fields in FIELDS.items():
        entries = []
        heading = next(source for source, (target, _) in fields.items() if target == "title")
        value = resume.get(name)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            resume[name] = [{heading: v} for v in value if v]  # ["Chess", "Go"], as some write
        for path, item in reader.entries(resume, name):
            titled = any(is_text(item.get(k)) for k in ALIASES.get(heading, (heading,)))
            if not titled and not (name == "volunteer" and any(
                    is_text(item.get(k)) for k in ALIASES["organization"])):
                reader.leave(item, path)  # nothing to title the entry with: kept whole
                continue
            entry = _import_entry(item, path, reader, fields)
            if "title" not in entry:  # a volunteer entry without a position
                entry["title"] = escape_markup(entry.pop("organization"))
            note = entry.pop("_note", None)
            if note:  # 'present (part-time)': the note goes with the title
                entry["title"] += f" ({escape_markup(note)})"
            if name == "volunteer" and entry.get("start") and not entry.get("end"):
                entry["end"] = "present"  # JSON Resume: no end date means ongoing
            entry["selected"] = True
            entries.append(entry)
            reader.leave(item, path)
        if entries:
            sections[SECTIONS[name][1][0]] = {"title": SECTIONS[name][0], "entries": entries}
    return sections


def _import_entry(item: dict, path: str, reader, fields: dict) -> dict:
    entry: dict = {}
    for source, (target, kind) in fields.items():
        where = f"{path}.{source}"
        if kind == "url":
            value, where = reader.url(item, (source,), path)
        elif kind == "date":
            date, note = reader.date(item, source, path)
            value = date.iso() if date else None
            if note:
                entry["_note"] = note
        elif kind == "markups":
            value = [reader.markup(text) for text in reader.texts(item, source, path)]
        elif kind == "keywords":
            words = reader.texts(item, source, path)
            value = escape_markup(KEYWORD_SEPARATOR.join(words)) if words else None
        else:
            value, where = reader.first(item, ALIASES.get(source, (source,)), path)
            if value is not None and kind == "markup":
                value = reader.markup(value)
        if value not in (None, "", []):
            entry[target] = value
            reader.came_from(entry, target, where)
    return entry


# --- record -> resume.json ----------------------------------------------------------------------

def flat_bullets(items: list, plain, out, path: str) -> list[str]:
    """Dumped highlights as JSON Resume's flat list of strings: a bullet with sub-bullets
    becomes one line, its text and then theirs ('Shipped the engine: 3x faster; no
    downtime'), noted in out as shortened."""
    lines = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            lines.append(plain(item))
            continue
        text, subs = plain(item["text"]), [plain(sub) for sub in item.get("highlights", [])]
        if subs:
            joiner = " " if text.rstrip().endswith((":", ".", ";", "!", "?")) else ": "
            text = text.rstrip() + joiner + "; ".join(subs)
            out.shortened.append(f"{path}[{index}]: its sub-bullets joined to its text "
                                 f"(JSON Resume has no sub-bullets)")
        lines.append(text)
    return lines


def export_sections(record, out, plain, dump) -> dict[str, list[dict]]:
    """The record's own sections JSON Resume has a place for, as its lists; every other
    section, and every field with no place, is noted in out."""
    lists: dict[str, list[dict]] = {}
    for key, section in record.sections.items():
        name = target_of(key)
        if name is None:
            count = len(section.entries)
            out.unplaced[f"sections.{key}"] = f"{count} entr{'y' if count == 1 else 'ies'}"
            continue
        fields = {target: (source, kind) for source, (target, kind) in FIELDS[name].items()}
        for index, entry in enumerate(section.entries):
            item = dump(entry)
            path = f"sections.{key}.entries[{index}]"
            json_entry = {}
            if name == "volunteer" and "organization" not in item:
                json_entry["organization"] = plain(item.pop("title"))  # the import's reverse
            if name == "certificates" and "date" not in item:
                if "end" in item or "start" in item:  # a certificate has one date
                    item["date"] = item.pop("end", None) or item.pop("start")
            for target, (source, kind) in fields.items():
                value = item.pop(target, None)
                if value is None or (kind == "date" and value == "present"):
                    continue
                if kind == "markup":
                    value = plain(value)
                elif kind == "markups":
                    value = flat_bullets(value, plain, out, f"{path}.{target}")
                elif kind == "keywords":
                    value = [word.strip() for word in plain(value).split(",") if word.strip()]
                elif kind == "date":
                    value = str(value)
                json_entry[source] = value
            out.leave(item, path)
            lists.setdefault(name, []).append(json_entry)
    return lists
