"""A converted file written as a record: checked first, every problem at its line in the
file it came from; what had no place kept as comments, made safe (issue 9)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import InvalidInput, Problem
from ..publish import save_text
from ..record.charset import colour_only
from ..record.load import Document, parse_document
from ..record.validate import validate_record
from .conversion import Conversion
from .starter import schema_line
from .yaml_out import comment_safe, dump_yaml


def write_record(conversion: Conversion, source: Path, target: Path | None, *,
                 positions: dict, warnings: list[Problem], overwrite: bool, strict: bool,
                 command: str, kind: str) -> tuple[str, list[str]]:
    """Check the converted record, write it to target if given; the YAML text and the
    warnings. A value the record refuses is reported at its line in source; with
    strict, so is every warning."""
    problems = warnings + conversion.problems + _colour_emoji(conversion, str(source), positions)
    if strict and problems:
        raise InvalidInput(problems)
    refused = check_converted(conversion, str(source), positions)
    if refused:
        raise InvalidInput(refused)
    schema = schema_line(Path(target) if target else Path.cwd() / "record.yaml")
    text = record_yaml(conversion, Path(source).name, schema, command, kind)
    validate_record(parse_document(text.encode("utf-8"), str(target or "the record")))
    if target is not None:
        save_text(Path(target), text, overwrite=overwrite)
    return text, [str(p) for p in problems] + conversion.warnings("in the record")


_EMOJI = "[\U0001F000-\U0001FAFF\u2600-\u27BF]"
_COLOUR = re.compile(
    rf"{_EMOJI}[\uFE0F\U0001F3FB-\U0001F3FF]*(?:\u200D{_EMOJI}[\uFE0F\U0001F3FB-\U0001F3FF]*)+"
    r"|\U0001F3F4[\U000E0020-\U000E007F]+|[\U0001F1E6-\U0001F1FF]{1,2}\uFE0F?"
    r"|[\U0001F3FB-\U0001F3FF]")


def _colour_emoji(conversion: Conversion, source: str, positions: dict) -> list[Problem]:
    """Emoji that exist only in colour (a flag, a skin tone, 👨‍💻) cannot be printed (the
    record refuses them): taken out of the text, which is kept, with a warning at the
    value's line naming them."""
    found: list[Problem] = []

    def walk(value, path: str):
        if isinstance(value, dict):
            return {k: walk(v, f"{path}.{k}" if path else k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, f"{path}[{i}]") for i, v in enumerate(value)]
        if not isinstance(value, str) or not colour_only(value):
            return value
        shown = ", ".join(colour_only(value))
        kept = re.sub(r"[ \t]{2,}", " ", _COLOUR.sub("", value)).strip()
        where = _at_source(Problem(source, None, None, path, ""), conversion.sources, source,
                           positions)
        found.append(Problem(source, where.line, where.column, where.path,
                             f"{shown}: only in colour, which a PDF's text cannot show; "
                             f"left out, the text kept ({kept!r})"))
        return kept

    conversion.data = walk(conversion.data, "")
    return found


def position(positions: dict, path: str) -> tuple[int | None, int | None]:
    """Line and column of a source path, or of its nearest ancestor the file has."""
    while path:
        if path in positions:
            return positions[path]
        shorter = re.sub(r"(\.[^.\[\]]*|\[\d+\])$", "", path)
        path = shorter if shorter != path else ""
    return positions.get("", (None, None))

def is_text(value) -> bool:
    """Whether SourceReader.text takes value as text: a non-empty string or a number (an
    entry titled by a list or an object has no title)."""
    return (isinstance(value, str) and value != "") or (
        isinstance(value, (int, float)) and not isinstance(value, bool))


class SourceReader:
    """Takes fields out of an imported file's entries: what is taken goes into the record,
    whatever is left had no place; problems and warnings at their line in the file."""

    def __init__(self, source: str, positions: dict | None = None):
        self.source = source
        self.positions = positions or {}
        self.unplaced: dict[str, object] = {}
        self.shortened: list[str] = []
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def _problem(self, path: str, message: str) -> Problem:
        line, column = position(self.positions, path)
        return Problem(self.source, line, column, path, message)

    def problem(self, path: str, message: str) -> None:
        self.problems.append(self._problem(path, message))

    def warn(self, path: str, message: str) -> None:
        self.warnings.append(self._problem(path, message))

    def text(self, item: dict, key: str, path: str) -> str | None:
        """item[key] taken out as text (a number as its digits); anything else had no place."""
        value = item.pop(key, None)
        if value is None or value == "":
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.unplaced[f"{path}.{key}"] = value
            return None
        return value

    def leave(self, item: dict, path: str) -> None:
        """Whatever is still in item had no place: note every non-empty value."""
        for key, value in item.items():
            if value not in (None, "", [], {}):
                self.unplaced[f"{path}.{key}" if path else key] = value


def refuse(problems: list[Problem], conversion: Conversion, source: str,
           positions: dict) -> InvalidInput:
    """The error for a file the reading found problems in (a list where an object
    belongs), with what the record would refuse in the rest (a bad e-mail address):
    every problem at once, not one round per kind. A place already reported is not
    reported again."""
    said = {p.path for p in problems}
    refused = [p for p in check_converted(conversion, source, positions) if p.path not in said]
    return InvalidInput(sorted(problems + refused, key=lambda p: (p.line or 0, p.column or 0)))


def check_converted(conversion: Conversion, source: str, positions: dict) -> list[Problem]:
    """What the record would refuse in the converted data, each at its line in the
    source file and by its path there (positions: source path -> line, column)."""
    try:
        validate_record(Document(source, conversion.data, {}))
    except InvalidInput as error:
        found = [_at_source(p, conversion.sources, source, positions) for p in error.problems]
        return sorted(found, key=lambda p: (p.line or 0, p.column or 0))
    return []


def _at_source(problem: Problem, sources: dict[str, str], source: str,
               positions: dict) -> Problem:
    path, suffix = problem.path, ""
    while path and path not in sources:
        match = re.match(r"^(.*?)(\.[^.\[\]]+|\[\d+\])$", path)
        if not match:
            break
        path, suffix = match[1], match[2] + suffix
    source_path = sources.get(path)
    if source_path is None:
        return Problem(source, None, None, f"(record) {problem.path}", problem.message)
    line, column = position(positions, source_path)
    return Problem(source, line, column, source_path, problem.message)


def record_yaml(conversion: Conversion, source: str, schema_line: str = "",
                command: str = "jsonresume", kind: str = "resume.json") -> str:
    """The record as YAML text; what had no place follows as comments, with its value."""
    head = [comment_safe(schema_line)] if schema_line else []
    head += [f"# Imported from {comment_safe(source)} by `cv-builder import {command}`.",
             "# Check it, then mark your strongest entries `selected: true` (all are now),",
             "# give them a `priority`, and add co-authors to publications.", ""]
    body = dump_yaml(conversion.data)
    tail = []
    if conversion.unplaced:
        tail = ["", f"# --- Not imported: these fields of the {kind} have no place in the",
                "# record. Move what you need into a field above, or leave it.", "#"]
        for path, value in conversion.unplaced.items():
            tail.append(comment_safe(f"# {path}: {json.dumps(value, ensure_ascii=False)}"))
    return "\n".join(head) + "\n" + body + "\n".join(tail) + ("\n" if tail else "")
