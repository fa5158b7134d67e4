"""`cv-builder import rendercv CV.yaml`: a RenderCV input file (v1.x and v2.x) as a record.

RenderCV keeps a CV as `cv:` (header, social networks) and `sections:`, a mapping of any
title to a list of entries of one type (education, experience, normal, one-line,
publication, bullet, numbered, reversed numbered, text). Each type goes to the record
part that holds it; a section's own title is kept as a tag on its entries. What has no
place (a patents list, the design, the locale) is listed and kept as comments.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import InvalidInput, Problem
from ...record.load import dotted, read_document
from ...record.model import BUILTIN_KINDS
from ..conversion import Conversion
from ..imported import position, refuse, write_record
from ..text_in import to_markup
from .entries import (AWARD_WORDS, _award, _education, _experience, _line_items, _project,
                      _publication)
from .person import _person
from .reader import Reader, _entry_type, _plain, _slug, _words

# Section titles (snake_case or not) whose text entries are the person's summary.
ABOUT_TITLES = {"summary", "about", "about me", "profile", "objective", "bio", "overview",
                "professional summary"}
# Section titles that only name the record part itself: no tag for them.
DEFAULT_TAGS = {"work-experience", "honors", "awards", "honors-and-awards",
                "awards-and-honors", "invited-talks", "technologies", "technical-skills"}
# The record's parts a RenderCV section can go to, in the record's order.
PARTS = ("education", "experience", "projects", "awards", "publications", "talks", "service",
         "skills")
SETTINGS_KEYS = ("design", "locale", "locale_catalog", "settings", "rendercv_settings")


def import_rendercv(document, source: str) -> Conversion:
    """A RenderCV file (already read, with positions) as record data."""
    positions = {dotted(path): where for path, where in document.positions.items()}
    reader = Reader(source, positions)
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("cv"), dict):
        raise InvalidInput([Problem(source, *position(positions, ""), "cv",
                                    "a RenderCV file starts with `cv:` (name, sections, ...)")])
    data = dict(data)
    cv = dict(data.pop("cv"))
    record: dict = {"person": _person(cv, reader)}
    owner = record["person"]["name"]
    forms: list[str] = []
    parts: dict[str, list] = {part: [] for part in PARTS}
    parts["own"] = {}  # key -> a section of the record's own: patents, memberships...
    sections = cv.pop("sections", None) or {}
    if not isinstance(sections, dict):
        reader.problem("cv.sections", "expected a mapping of section titles to entries")
        sections = {}
    taken: set[str] = set()
    for title, entries in sections.items():
        spath = f"cv.sections.{title}"
        if not isinstance(entries, list):
            reader.unplaced[spath] = entries
            continue
        _section(str(title), entries, spath, reader, record, parts, owner, taken, forms)
    if forms:
        record["person"]["name_forms"] = forms
    reader.leave(cv, "cv")
    settings = [key for key in SETTINGS_KEYS if data.pop(key, None) not in (None, {}, "")]
    if settings:
        reader.shortened.append(f"{', '.join(settings)}: RenderCV's look and language "
                                "settings, not facts; the record's variants set the look")
    reader.leave(data, "")
    for key, value in parts.items():
        if value:
            record["sections" if key == "own" else key] = value
    conversion = Conversion(record, {p.lstrip("."): v for p, v in reader.unplaced.items()},
                            reader.shortened, reader.warnings, _sources(record, reader))
    if reader.problems:
        raise refuse(reader.problems, conversion, source, positions)
    return conversion


def _section(title, entries, spath, reader, record, parts, owner, taken, forms) -> None:
    kind = _entry_type(entries)
    tag = _slug(title)
    words = _words(title)
    for i, item in enumerate(entries):
        path = f"{spath}[{i}]"
        if kind == "text" and isinstance(item, str):
            # The summary, or the first text section whatever its title: the about text.
            paragraph = to_markup(item)[0]
            if words in ABOUT_TITLES or reader.sources.get("about", path).startswith(spath):
                record["about"] = f"{record['about']}\n\n{paragraph}" if record.get(
                    "about") else paragraph
                reader.sources.setdefault("about", path)
            elif item.strip():  # another text section: one of the record's own
                entry = {"title": paragraph, "selected": True}
                reader.sources[f"__{id(entry)}"] = path
                _own(parts["own"], title).append(entry)
            continue
        if not isinstance(item, dict) or kind in ("unknown", "text"):  # a mix: no place
            reader.unplaced[path] = item
            continue
        item = dict(item)
        target, entry = _convert(kind, item, path, reader, tag, title, owner, taken, forms)
        if entry is None:
            reader.leave(item, path)
            continue
        if target not in ("publications", "own") and tag not in DEFAULT_TAGS and tag != target:
            entry["tags"] = [tag]  # e.g. teaching-experience: the section's own title
        entry["selected"] = True
        reader.sources[f"__{id(entry)}"] = path
        (_own(parts["own"], title) if target == "own" else parts[target]).append(entry)
        reader.leave(item, path)


def _own(sections: dict, title: str) -> list:
    """The entries of the record's own section for a RenderCV section title: keyed by
    the title in snake case (never a built-in kind's name), headed as RenderCV heads it."""
    key = re.sub(r"[^a-z0-9]+", "_", _slug(title)).strip("_") or "section"
    if key[0].isdigit() or key in BUILTIN_KINDS:
        key = f"own_{key}"
    heading = title.replace("_", " ").strip()
    if heading == heading.lower():
        heading = heading.title()  # snake_case keys: RenderCV writes each word capitalised
    return sections.setdefault(key, {"title": heading, "entries": []})["entries"]


def _convert(kind, item, path, reader, tag, title, owner, taken, forms):
    words = _words(title)
    if kind == "education":
        return "education", _education(item, path, reader, tag)
    if kind == "experience":
        return "experience", _experience(item, path, reader, tag)
    if kind == "publication":
        return "publications", _publication(item, path, reader, tag, owner, taken, forms)
    if kind == "one-line":
        label = _plain(reader.text(item, "label", path) or "")[0]
        details = _plain(reader.text(item, "details", path) or "")[0]
        items = [d for d in details.split(", ") if d] or [label]
        return "skills", {"category": label or title, "items": items}
    if kind == "normal":
        if any(w in words for w in AWARD_WORDS):
            return "awards", _award(item, path, reader, tag)
        return "projects", _project(item, path, reader, tag)
    return _line_items(item, path, reader, tag, kind, title)


def _sources(record: dict, reader: Reader) -> dict[str, str]:
    """Record path -> RenderCV path, for reporting problems where the person wrote them."""
    sources = {k: v for k, v in reader.sources.items() if not k.startswith("__")}
    by_id = {k[2:]: v for k, v in reader.sources.items() if k.startswith("__")}
    lists = [(part, record.get(part, [])) for part in PARTS] + [
        (f"sections.{key}.entries", section["entries"])
        for key, section in record.get("sections", {}).items()]
    for part, entries in lists:
        for i, entry in enumerate(entries):
            path = by_id.get(str(id(entry)))
            if path:
                sources[f"{part}[{i}]"] = path
                start = by_id.get(f"{id(entry)}.start")
                if start:
                    sources[f"{part}[{i}].start"] = start
    return sources


def import_file(source: Path, target: Path | None, overwrite: bool = False,
                strict: bool = False) -> tuple[str, list[str]]:
    """Convert the RenderCV file at source; check the record; write it to target if given."""
    document = read_document(source)
    conversion = import_rendercv(document, str(source))
    positions = {dotted(path): where for path, where in document.positions.items()}
    return write_record(conversion, Path(source), target, positions=positions, warnings=[],
                        overwrite=overwrite, strict=strict, command="rendercv",
                        kind="RenderCV file")
