"""A .bib file read as BibTeX reads it: field names in any case, @string macros and `#`
concatenation, the month macros, crossref to a parent entry; every oddity a warning at
its line, never a reason to refuse the file.

Why bibtexparser only splits: its middlewares resolve a field only when the whole value
is one macro, and know neither `#`, nor months, nor crossref. The splitter gives blocks,
raw values and lines; the values are read here with BibTeX's own rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import Problem

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
MONTH_MACROS = {name[:3].lower(): name for name in MONTHS}


@dataclass
class BibField:
    value: str  # the value as TeX, macros and concatenation resolved, outer braces off
    line: int


@dataclass
class BibEntry:
    key: str
    type: str  # lower case: article, inproceedings, ...
    line: int
    fields: dict[str, BibField] = field(default_factory=dict)  # lower-case names, first wins

    def get(self, name: str) -> str:
        found = self.fields.get(name)
        return found.value if found else ""

    def line_of(self, name: str) -> int:
        found = self.fields.get(name)
        return found.line if found else self.line


@dataclass
class BibFile:
    """The entries of a .bib, the keys only other entries crossref, and what was odd."""

    file: str
    entries: list[BibEntry] = field(default_factory=list)
    parents: set[str] = field(default_factory=set)  # crossref targets, lower case
    warnings: list[Problem] = field(default_factory=list)

    def warn(self, line: int | None, path: str, message: str) -> None:
        self.warnings.append(Problem(self.file, line, None, path, message))


# --- Values -----------------------------------------------------------------------------------

def _pieces(raw: str) -> list[str] | None:
    """'"a" # b # {c}' -> ['"a"', 'b', '{c}']; None if the braces or quotes do not close."""
    pieces, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(raw):
        if ch == "\\":
            continue
        if ch == "{" and (i == 0 or raw[i - 1] != "\\"):
            depth += 1
        elif ch == "}" and (i == 0 or raw[i - 1] != "\\"):
            depth -= 1
            if depth < 0:
                return None
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == "#" and depth == 0 and not quoted:
            pieces.append(raw[start:i].strip())
            start = i + 1
    if depth or quoted:
        return None
    pieces.append(raw[start:].strip())
    return pieces


# A field name as BibTeX reads one: what may start the field a missing comma ran into.
_FIELD_START = re.compile(r"\s*([A-Za-z_][\w.:+/-]*)\s*=\s*")


def _value_end(raw: str, start: int = 0) -> int | None:
    """Where the value starting at `start` ends: its pieces ({..}, "..", bare words) joined by
    `#`; None if a brace or quote does not close. What follows, if not blank, is text a
    missing comma ran into the value."""
    i, n = start, len(raw)
    while True:
        while i < n and raw[i].isspace():
            i += 1
        if i >= n:
            return i
        if raw[i] == "{":
            depth = 0
            while i < n:
                if raw[i] == "\\":
                    i += 2
                    continue
                depth += {"{": 1, "}": -1}.get(raw[i], 0)
                i += 1
                if depth == 0:
                    break
            if depth:
                return None
        elif raw[i] == '"':
            close = _quote_end(raw, i + 1)
            if close is None:
                return None
            i = close + 1
        else:
            word = re.match(r'[^\s#{}"=,]+', raw[i:])
            if not word:
                return i
            i += word.end()
        after = i
        while i < n and raw[i].isspace():
            i += 1
        if i < n and raw[i] == "#":
            i += 1
            continue
        return after


def _quote_end(raw: str, i: int) -> int | None:
    depth = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            return i
        i += 1
    return None


def split_missing_commas(raw: str) -> list[tuple[str, str, int]] | None:
    """'{T}\\n  author={A}' -> [('author', '{A}', 1)]: the fields a missing comma ran into
    the value before it, each with its line offset; None where the value is whole, or where
    what follows reads as no `name = value` (then the value is read as it stands)."""
    end = _value_end(raw)
    if end is None or not raw[end:].strip():
        return None
    found, at = [], end
    while raw[at:].strip():
        name = _FIELD_START.match(raw, at)
        if not name:
            return None
        value_end = _value_end(raw, name.end())
        if value_end is None or value_end == name.end():
            return None
        found.append((name.group(1), raw[name.end():value_end].strip(),
                      raw.count("\n", 0, name.start(1))))
        at = value_end
        if raw[at:].lstrip().startswith(","):
            at = raw.index(",", at) + 1
    return found


# The most text @string macros may put into one value, and into a file's values all
# together: far above any real .bib (a macro is a journal's name), they stop a 2 KB file
# of doubling macros (@string{s1 = s0 # s0}, ..., s59) from expanding to 2^60 characters.
MAX_EXPANDED_VALUE = 20_000
MAX_EXPANDED_TOTAL = 5_000_000


class _Values:
    """Reads raw values with the file's @string macros; notes undefined ones by name."""

    def __init__(self):
        self.macros: dict[str, str] = {}
        # Macros left out for expanding too far -> the first one left out they build on.
        self.refused: dict[str, str] = {}
        self.expanded = 0  # characters macros have put into values so far

    def read(self, raw: str, undefined: list[str]) -> str:
        """The value; raises Overlong if its macros expand beyond the budgets."""
        pieces = _pieces(str(raw).strip())
        if pieces is None:
            return str(raw).strip()
        out = []
        from_macros = 0
        for piece in pieces:
            if len(piece) >= 2 and piece[0] == "{" and piece[-1] == "}":
                out.append(piece[1:-1])
            elif len(piece) >= 2 and piece[0] == '"' and piece[-1] == '"':
                out.append(piece[1:-1])
            elif piece.isdigit():
                out.append(piece)
            elif piece.lower() in self.refused:
                raise Overlong(f"uses @string{{{piece}}}, built on "
                               f"{self.refused[piece.lower()]}, which expands too far",
                               root=self.refused[piece.lower()])
            elif piece.lower() in self.macros:
                out.append(self.macros[piece.lower()])
                from_macros += len(out[-1])
            elif piece.lower() in MONTH_MACROS:
                out.append(MONTH_MACROS[piece.lower()])
            elif piece:
                undefined.append(piece)
        if from_macros:
            length = sum(map(len, out))
            if length > MAX_EXPANDED_VALUE:
                raise Overlong(f"its @string macros expand it to {length:,} characters; "
                               f"at most {MAX_EXPANDED_VALUE:,} are read (macros that double "
                               "one another?)")
            self.expanded += from_macros
            if self.expanded > MAX_EXPANDED_TOTAL:
                raise Overlong(f"@string macros expand to more than {MAX_EXPANDED_TOTAL:,} "
                               "characters in this file's values together")
        return "".join(out)


class Overlong(ValueError):
    """A value whose @string macros expand beyond the budgets; the reason in words, and
    the macro left out earlier that it builds on, if that is why."""

    def __init__(self, message: str, root: str | None = None):
        super().__init__(message)
        self.root = root


def month_number(value: str) -> int | None:
    """'July', 'jul', '7', '07', 'Jul.' -> 7; None for anything else."""
    text = value.strip().strip("{}.").strip().lower()
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    for number, name in enumerate(MONTHS, start=1):
        if len(text) >= 3 and name.lower().startswith(text):
            return number
    return None


# --- The file ---------------------------------------------------------------------------------

def read_bibtex(text: str, file: str) -> BibFile:
    """Every entry of a .bib text, read as BibTeX reads it; oddities as warnings."""
    import bibtexparser
    from bibtexparser import model

    from .tex_text import quiet

    bib = BibFile(file)
    with quiet():
        library = bibtexparser.parse_string(text, parse_stack=[])
    values = _Values()
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, model.String):
            undefined: list[str] = []
            try:
                values.macros[block.key.lower()] = values.read(block.value, undefined)
            except Overlong as error:
                values.macros.pop(block.key.lower(), None)
                values.refused[block.key.lower()] = error.root or \
                    f"@string{{{block.key}}} (line {line})"
                if error.root is None:  # one warning for a chain of doubling macros
                    bib.warn(line, f"@string{{{block.key}}}", f"{error}: left out")
                continue
            for name in undefined:
                bib.warn(line, f"@string{{{block.key}}}", f"undefined macro {name!r}")
            continue
        entry, duplicate_of = block, None
        if isinstance(block, model.DuplicateBlockKeyBlock):
            entry, duplicate_of = block.ignore_error_block, block.key
        elif isinstance(block, model.DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
        elif isinstance(block, model.ParsingFailedBlock):
            reason = str(block.error) if block.error and str(block.error) else "syntax error"
            if "Abort" in type(block.error).__name__ or "Unexpected" in reason:
                reason = "a brace or quote that does not close, or a missing comma?"
            bib.warn(line, "", f"cannot read this entry, left out: {reason}")
            continue
        if not isinstance(entry, model.Entry):
            continue
        read = _entry(entry, values, bib)
        if duplicate_of is not None:
            read.key = _unique_key(read.key, {e.key for e in bib.entries})
            read.fields.setdefault("_duplicate_of", BibField(duplicate_of, read.line))
        bib.entries.append(read)
    _resolve_crossrefs(bib)
    return bib


def _entry(entry, values: _Values, bib: BibFile) -> BibEntry:
    line = (entry.start_line or 0) + 1
    read = BibEntry(entry.key.strip(), entry.entry_type.strip().lower(), line)
    for raw_name, raw_value, field_line in _fields(entry, bib, read.key):
        name = raw_name.strip().lower()
        if name in read.fields:
            bib.warn(field_line, f"@{read.key}.{name}",
                     f"a second {raw_name.strip()!r}: the first one (line "
                     f"{read.fields[name].line}) is kept, as BibTeX does")
            continue
        undefined: list[str] = []
        try:
            value = values.read(raw_value, undefined)
        except Overlong as error:
            bib.warn(field_line, f"@{read.key}.{name}", f"{error}: left out")
            continue
        for macro in undefined:
            said = (f"{macro!r} is no value BibTeX reads (a comma missing before the next "
                    "field?)" if re.search(r"[\s={}]", macro) else
                    f"undefined macro {macro!r} (no @string defines it)")
            bib.warn(field_line, f"@{read.key}.{name}", said + (": left out" if not value
                                                                 else ""))
        read.fields[name] = BibField(value, field_line)
    return read


def _fields(entry, bib: BibFile, key: str) -> list[tuple[str, str, int]]:
    """(name, raw value, line) of each field; a field a missing comma ran into the one before
    it is recovered as its own, as biber does, with a warning naming the comma."""
    out = []
    for raw in entry.fields:
        line = (raw.start_line or entry.start_line or 0) + 1
        value = str(raw.value)
        recovered = split_missing_commas(value)
        if recovered is None:
            out.append((raw.key, value, line))
            continue
        out.append((raw.key, value[:_value_end(value)], line))
        before, before_line = raw.key.strip().lower(), line
        for name, part, offset in recovered:
            bib.warn(before_line, f"@{key}.{before}",
                     f"missing comma after the {before} field, before {name!r}: both read "
                     "as BibTeX fields")
            out.append((name, part, line + offset))
            before, before_line = name.strip().lower(), line + offset
    return out


def _unique_key(key: str, taken: set[str]) -> str:
    number = 2
    while f"{key}-{number}" in taken:
        number += 1
    return f"{key}-{number}"


# Fields an entry inherits from a crossref'd book or proceedings under another name.
_INHERITED_AS = {"booktitle": "title"}


def _resolve_crossrefs(bib: BibFile) -> None:
    """An entry with crossref takes every field it lacks from the parent entry (year,
    venue, editors...), as BibTeX does; a parent's title is the child's booktitle."""
    by_key = {entry.key.lower(): entry for entry in bib.entries}
    for entry in bib.entries:
        target = entry.get("crossref").strip()
        if not target:
            continue
        parent = by_key.get(target.lower())
        if parent is None or parent is entry:
            bib.warn(entry.line_of("crossref"), f"@{entry.key}.crossref",
                     f"crossref to {target!r}, which is not in this file: nothing inherited")
            continue
        bib.parents.add(parent.key.lower())
        for name, value in parent.fields.items():
            if name not in entry.fields and not name.startswith("_"):
                entry.fields[name] = value
        for name, source in _INHERITED_AS.items():
            if name not in entry.fields and source in parent.fields:
                entry.fields[name] = parent.fields[source]
