"""Taking fields out of resume.json entries: what is taken is placed in the record (its
JSON path noted), whatever is left had no place; problems and warnings at their line."""

from __future__ import annotations

import re

from ..imported import SourceReader
from ..text_in import parse_date, to_markup


class Reader(SourceReader):
    """Takes fields out of resume.json entries; whatever is left had no place. Notes, for
    every record value, the JSON path it came from."""

    def __init__(self, source: str, positions: dict | None = None):
        super().__init__(source, positions)
        self.origin: dict[int, dict[str, str]] = {}  # id(entry) -> field -> JSON path

    def came_from(self, entry: dict, name: str, path: str) -> None:
        self.origin.setdefault(id(entry), {})[name] = path

    def put(self, entry: dict, name: str, found: tuple[str | None, str]) -> None:
        """entry[name] = the value found (by first or url), noting the path it came from;
        nothing for no value."""
        value, path = found
        if value:
            entry[name] = value
            self.came_from(entry, name, path)

    def mapping(self, value, path: str) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(path, f"expected an object, got {type(value).__name__}")
            return {}
        return dict(value)

    def entries(self, resume: dict, key: str) -> list[tuple[str, dict]]:
        value = resume.pop(key, None)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(key, f"expected a list, got {type(value).__name__}")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                out.append((f"{key}[{i}]", dict(item)))
            elif item not in (None, ""):
                self.unplaced[f"{key}[{i}]"] = item  # a bare value where an entry belongs
        return out

    def first(self, item: dict, keys: tuple[str, ...], path: str) -> tuple[str | None, str]:
        """The first of keys that holds text (pre-1.0 names after the 1.0 one), and its path."""
        for key in keys:
            value = self.text(item, key, path)
            if value:
                for other in keys:  # the same fact under an older name: not left over
                    if item.get(other) == value:
                        item.pop(other)
                return value, f"{path}.{key}"
        return None, f"{path}.{keys[0]}"

    def texts(self, item: dict, key: str, path: str) -> list[str]:
        value = item.pop(key, None)
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list):
            self.unplaced[f"{path}.{key}"] = value
            return []
        keep = [v for v in value if isinstance(v, str) and v]
        for i, v in enumerate(value):
            if not isinstance(v, str) and v not in (None, ""):
                self.unplaced[f"{path}.{key}[{i}]"] = v
        return keep

    def markup(self, text: str) -> str:
        return to_markup(text)[0]

    def url(self, item: dict, keys: tuple[str, ...], path: str) -> tuple[str | None, str]:
        """An http(s) address under the first of keys; a bare domain gets https://;
        anything else has no place."""
        value, where = self.first(item, keys, path)
        if value is None:
            return None, where
        value = value.strip()
        if re.match(r"^(https?://|mailto:)\S+$", value):
            return value, where
        if re.match(r"^[\w.-]+\.[a-z]{2,}(/\S*)?$", value, re.I):
            self.shortened.append(f"{where}: https:// added")
            return "https://" + value, where
        self.unplaced[where] = value
        return None, where

    def date(self, item: dict, key: str, path: str):
        """A date as people type it; the note after one ('present (part-time)') is
        returned too. A value that is no date is kept as a comment, with a warning."""
        raw = item.pop(key, None)
        if raw is None or raw == "":
            return None, ""
        value, note = parse_date(str(raw)) if isinstance(raw, (str, int)) else (None, "")
        if value is None:
            self.unplaced[f"{path}.{key}"] = raw
            self.warn(f"{path}.{key}", f"{raw!r} is not a date the record can hold (2020, "
                                       "2020-06, June 2020, 06/2020 or present): kept as "
                                       "a comment")
            return None, ""
        if re.match(r"^\d{4}-\d{1,2}-\d{1,2}", str(raw).strip()):
            self.shortened.append("dates lose their day of the month")
        return value, note

    def year(self, item: dict, key: str, path: str) -> int | None:
        """'2014-11-01' -> 2014, for entries the record dates by year only."""
        raw = item.get(key)
        value, _ = self.date(item, key, path)
        if value is None or value.present:
            return None
        if str(raw).strip() != str(value.year):
            self.shortened.append(f"{path}.{key} {raw} kept as the year {value.year}")
        return value.year

