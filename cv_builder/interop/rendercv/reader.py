"""Reading a RenderCV file's entries: values taken out (what is left had no place), its
Markdown as our markup, its dates as the record's, every warning at its line."""

from __future__ import annotations

import re
import unicodedata

from ..imported import SourceReader
from ..text_in import parse_date, split_bullets, to_markup


class Reader(SourceReader):
    def __init__(self, source: str, positions: dict):
        super().__init__(source, positions)
        self.sources: dict[str, str] = {}


def _slug(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "section"


def _words(title: str) -> str:
    return title.replace("_", " ").strip().lower()


def _plain(markdown: str) -> tuple[str, str | None]:
    """A RenderCV name or author in Markdown as plain text, and a link it held:
    '[FlashInfer](https://x)' -> ('FlashInfer', 'https://x'); '**Jane**' -> ('Jane', None)."""
    link = re.fullmatch(r"\s*\[([^\]]+)\]\(([^)\s]+)\)\s*", markdown)
    if link:
        return _plain(link[1])[0], link[2]
    # The emphasis ends at the next mark of its kind: linear on '*a ' repeated, which the
    # open-ended '.*?' scanned from every '*' to the end of the text.
    text = re.sub(r"(\*{1,3}|_{1,3})(\S(?:(?:(?!\1).)*?\S)?)\1", r"\2", markdown)
    return text.strip(), None


def _entry_type(entries: list) -> str:
    """The RenderCV entry type of a section, from the keys of its first entry."""
    first = next((e for e in entries if e is not None), None)
    if isinstance(first, str):
        return "text"
    if not isinstance(first, dict):
        return "unknown"
    keys = set(first)
    for kind, needed in (("publication", {"title", "authors"}), ("education", {"institution"}),
                         ("experience", {"company"}), ("experience", {"position"}),
                         ("one-line", {"label"}), ("bullet", {"bullet"}),
                         ("numbered", {"number"}), ("reversed", {"reversed_number"}),
                         ("normal", {"name"})):
        if needed <= keys:
            return kind
    return "unknown"


def _dates(item: dict, path: str, reader: Reader, entry: dict, year_only: bool = False) -> None:
    """start_date/end_date, or date (any text in v2: 'Fall 2023'), into the entry."""
    found = {}
    for key in ("start_date", "end_date", "date"):
        raw = item.pop(key, None)
        if raw in (None, ""):
            continue
        value, note = parse_date(str(raw))
        if value is None:
            reader.unplaced[f"{path}.{key}"] = raw
            reader.warn(f"{path}.{key}", f"{raw!r} is not a date the record can hold (2020, "
                                         "2020-06, June 2020 or present): kept as a comment")
            continue
        if note:
            reader.shortened.append(f"{path}.{key}: ({note}) left out of the date; kept as a "
                                    "comment")
            reader.unplaced[f"{path}.{key}"] = raw
        found[key] = value
    start = found.get("start_date") or found.get("date")
    end = found.get("end_date") if "start_date" in found else found.get("date")
    if start and start.present:
        start, end = None, start
    if start and end and end.before(start):
        reader.unplaced[f"{path}.end_date"] = end.iso()
        reader.warn(f"{path}.end_date", f"ends ({end}) before it starts ({start}): the end is "
                                        "kept as a comment")
        end = None
    if year_only:
        year = (start or end)
        if year and not year.present:
            entry["year"] = year.year
            if year.month:
                reader.shortened.append(f"{path}: a date kept as its year ({year.year})")
        return
    if start:
        entry["start"] = start.iso()
        reader.sources[f"__{id(entry)}.start"] = f"{path}.start_date"
        entry["end"] = end.iso() if end else ("present" if "start_date" in found
                                                 and "end_date" not in found else start.iso())
    elif end:
        entry["end"] = end.iso()


def _body(item: dict, path: str, reader: Reader, entry: dict) -> None:
    """summary and highlights (Markdown) into the entry; a summary that is a list
    ('- a\\n- b') becomes bullets, as RenderCV would show it. A highlight with nested
    bullets (RenderCV nests at ' - ', which is also what YAML makes of '- sub' lines
    under it) becomes a bullet with those as its sub-bullets, as RenderCV prints it."""
    summary = reader.text(item, "summary", path)
    highlights = item.pop("highlights", None) or []
    if not isinstance(highlights, list):
        highlights = [highlights]
    items: list = []
    if summary:
        lead, bullets = split_bullets(summary)
        if lead:
            entry["summary"] = to_markup(lead)[0]
        items += [to_markup(bullet)[0] for bullet in bullets]
    for highlight in highlights:
        if highlight in (None, ""):
            continue
        parent, *nested = [part.strip() for part in _NESTED.split(str(highlight))]
        nested = [to_markup(part)[0] for part in nested if part]
        if parent and nested:
            items.append({"text": to_markup(parent)[0], "highlights": nested})
        else:  # a highlight that is only nested lines: they are bullets
            items += [to_markup(parent)[0]] if parent else nested
    if items:
        entry["highlights"] = items


# RenderCV's nesting inside a highlight: ' - ' (its own rule), or a line starting '- '.
_NESTED = re.compile(r" - |\n\s*-\s")

