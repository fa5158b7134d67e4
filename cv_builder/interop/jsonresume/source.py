"""A resume.json read with the line and column of every value, so a problem in a
converted value is reported where the person wrote it.

Why a scanner of our own: json gives no positions. json still parses (it is exact and
fast); this walks the same text once more and notes where each value starts.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

from ...errors import InvalidInput, Problem
from ...record.load import MAX_DEPTH, read_input
from ...record.named_files import MAX_FILE_BYTES
from ..yaml_out import comment_safe

Positions = dict  # JSON path string ("work[0].name") -> (line, column), both 1-based


class _Scanner:
    def __init__(self, text: str):
        self.text = text
        self.i = 0
        self.line_starts = [0]
        for index, ch in enumerate(text):
            if ch == "\n":
                self.line_starts.append(index + 1)
        self.positions: Positions = {}
        self.repeated: list[str] = []  # paths of keys an object holds more than once

    def where(self, index: int) -> tuple[int, int]:
        import bisect

        line = bisect.bisect_right(self.line_starts, index)
        return line, index - self.line_starts[line - 1] + 1

    def space(self) -> None:
        while self.i < len(self.text) and self.text[self.i] in " \t\r\n":
            self.i += 1

    def string(self) -> str:
        start = self.i
        self.i += 1
        while self.i < len(self.text) and self.text[self.i] != '"':
            self.i += 2 if self.text[self.i] == "\\" else 1
        self.i += 1
        return json.loads(self.text[start:self.i])

    def value(self, path: str) -> None:
        self.space()
        self.positions[path] = self.where(self.i)
        ch = self.text[self.i] if self.i < len(self.text) else ""
        if ch == "{":
            self.i += 1
            self.space()
            keys = set()
            while self.i < len(self.text) and self.text[self.i] != "}":
                key = self.string()
                self.space()
                self.i += 1  # the colon
                if key in keys:
                    self.repeated.append(f"{path}.{key}" if path else key)
                keys.add(key)
                self.value(f"{path}.{key}" if path else key)
                self.space()
                if self.i < len(self.text) and self.text[self.i] == ",":
                    self.i += 1
                    self.space()
            self.i += 1
        elif ch == "[":
            self.i += 1
            self.space()
            index = 0
            while self.i < len(self.text) and self.text[self.i] != "]":
                self.value(f"{path}[{index}]")
                index += 1
                self.space()
                if self.i < len(self.text) and self.text[self.i] == ",":
                    self.i += 1
                    self.space()
            self.i += 1
        elif ch == '"':
            self.string()
        else:
            while self.i < len(self.text) and self.text[self.i] not in ",]} \t\r\n":
                self.i += 1


# A YAML file's first lines: a key and a colon at the start of a line (or a comment).
_YAML_KEY = re.compile(r"^(?:#.*\n|---\s*\n|\s*\n)*[A-Za-z_$][\w$-]*:(?:\s|$)")
_RENDERCV = re.compile(r"^cv:\s*(?:#.*)?$", re.M)


def json_problem(error: json.JSONDecodeError, text: str, name: str) -> str:
    """What is wrong with a file that is not JSON, in the user's words: Python's own
    ('Expecting property name enclosed in double quotes') names no cause."""
    if text.lstrip().startswith("<<<<<<<") or "\n<<<<<<< " in text:
        return (f"not valid JSON: {error.msg} (the file holds a git merge conflict: "
                "<<<<<<< ... >>>>>>> lines)")
    if error.pos == len(text) - len(text.lstrip()) and _YAML_KEY.match(text.lstrip("\ufeff")):
        if _RENDERCV.search(text):
            return (f"not JSON but YAML, and shaped as a RenderCV file (a cv: section): "
                    f"import it with `cv-builder import rendercv {shlex.quote(name)} -o cv.yaml`")
        return ("not JSON but YAML: a JSON Resume is a .json file (`{\"basics\": ...}`); "
                "a RenderCV file imports with `cv-builder import rendercv`, and a "
                "cv-builder record needs no import (`cv-builder validate --data FILE`)")
    if error.msg.startswith("Expecting") and error.pos >= len(text.rstrip()):
        return "the file ends before its JSON does: a closing } or ] (or a value) is missing"
    at = text[error.pos:error.pos + 1]
    before = text[:error.pos].rstrip()[-1:]
    if error.msg.startswith(("Expecting property name", "Expecting value")) and before == ",":
        if at in "}]" and at:
            return f"a comma before '{at}': JSON allows none after the last item; remove it"
        if at == ",":
            return "two commas in a row: remove one"
    if error.msg.startswith("Expecting property name"):
        return "a key must be text in double quotes (\"name\": ...), with no comment before it"
    if error.msg.startswith("Expecting ',' delimiter"):
        return ("a comma missing between two items (or a value not closed before this, "
                "such as a string's closing quote)")
    if error.msg.startswith("Expecting ':' delimiter"):
        return "a colon missing after a key (\"name\": value)"
    if error.msg.startswith("Unterminated string"):
        return "a string that never ends: its closing double quote is missing"
    if error.msg.startswith("Invalid control character"):
        return ("a line break or tab inside a string: JSON writes them \\n and \\t")
    if error.msg.startswith("Invalid \\escape"):
        return "a backslash that starts no JSON escape: write \\\\ for a backslash"
    if error.msg.startswith("Expecting value"):
        if at == "'":
            return "text in single quotes: JSON quotes text with double quotes"
        return ("not a JSON value here: text is written in double quotes, and true, false, "
                "null and numbers as they are")
    return f"not valid JSON: {error.msg}"


def read_json(path: Path) -> tuple[object, Positions, list[Problem]]:
    """The parsed file, the position of each value, and warnings (text after the JSON
    value, which is left out). InvalidInput with line and column if it is not JSON."""
    name = str(path)
    raw = read_input(path, MAX_FILE_BYTES, "a JSON file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput([Problem(name, None, None, "", f"cannot read it: {error}")]) from None
    decoder = json.JSONDecoder()
    start = len(text) - len(text.lstrip())
    deep = _too_deep(text)
    if deep is not None:  # json and every walk of the value below recurse once a level
        line, column = _Scanner(text[:deep + 1]).where(deep)
        raise InvalidInput([Problem(name, line, column, "", f"nested more than {MAX_DEPTH} "
                                    "levels deep; a resume.json needs only a few")])
    try:
        data, end = decoder.raw_decode(text, start)
    except json.JSONDecodeError as error:
        raise InvalidInput([Problem(name, error.lineno, error.colno, "",
                                    json_problem(error, text, name))]) from None
    except ValueError:  # Python reads no integer of more than 4,300 digits
        huge = _HUGE_NUMBER.search(text)
        line, column = _Scanner(text[:huge.start() + 1]).where(huge.start()) if huge else (
            None, None)
        raise InvalidInput([Problem(name, line, column, "", "a number of thousands of digits; "
                                    "no field of a résumé holds one")]) from None
    halves = list(_lone_surrogates(data, ""))
    if halves:
        raise InvalidInput([Problem(name, None, None, path or "(top)",
                                    "holds half of a UTF-16 surrogate pair (a \\ud800-style "
                                    "escape with no partner), which is no character")
                            for path in halves[:10]])
    scanner = _Scanner(text)
    scanner.i = start
    scanner.value("")
    warnings = []
    for where in scanner.repeated:
        line, column = scanner.positions.get(where, (None, None))
        warnings.append(Problem(name, line, column, comment_safe(where), (
            "this key is in its object more than once; the last is kept, as JSON Resume's "
            "own tools (JavaScript's JSON.parse) keep it")))
    rest = text[end:].strip()
    if rest:
        line, column = scanner.where(end + text[end:].index(rest[0]))
        warnings.append(Problem(name, line, column, "", "text after the JSON object is left "
                                                        f"out: {rest[:40]!r}"))
    return data, scanner.positions, warnings


_HUGE_NUMBER = re.compile(r"\d{4000,}")
# A string (skipped whole, escapes and all) or a bracket: what nesting is counted from.
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.S)


def _too_deep(text: str) -> int | None:
    """Where the first bracket more than MAX_DEPTH levels deep opens, if one does; one
    pass, no recursion (json.loads met 100,000 '[' with a RecursionError)."""
    depth = 0
    for token in _STRING_OR_BRACKET.finditer(text):
        bracket = token[0]
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return token.start()
        elif bracket in "]}":
            depth -= 1
    return None


def _lone_surrogates(value, path: str):
    """Paths whose key or text holds a lone surrogate (JSON lets "\\ud800" through; no
    UTF-8 file, YAML included, can hold it)."""
    def bad(text: str) -> bool:
        return any("\ud800" <= ch <= "\udfff" for ch in text)

    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{comment_safe(key)}" if path else comment_safe(key)
            if bad(key):
                yield where
            yield from _lone_surrogates(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _lone_surrogates(item, f"{path}[{index}]")
    elif isinstance(value, str) and bad(value):
        yield path
