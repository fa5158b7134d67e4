"""`cv-builder import jsonresume`: a resume.json read, converted, checked and written as a
record; a value the record refuses is reported at its line in the resume.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ...errors import InvalidInput, Problem
from ...publish import save_text
from ...record.load import Document, parse_document
from ...record.validate import validate_record
from ..starter import schema_line
from ..yaml_out import comment_safe, dump_yaml
from . import Conversion
from .read import import_resume
from .reader import position
from .source import read_json


def import_file(source: Path, target: Path | None, overwrite: bool = False,
                strict: bool = False) -> tuple[str, list[str]]:
    """Convert the resume.json at source; check the record; write it to target if given.
    Returns the record's YAML text and the warnings. A value the record refuses is
    reported at its line in the resume.json; with strict, so is every warning."""
    data, positions, warnings = read_json(Path(source))
    conversion = import_resume(data, str(source), positions)
    problems = warnings + conversion.problems
    if strict and problems:
        raise InvalidInput(problems)
    refused = check_converted(conversion, str(source), positions)
    if refused:
        raise InvalidInput(refused)
    schema = schema_line(Path(target) if target else Path.cwd() / "record.yaml")
    text = record_yaml(conversion, Path(source).name, schema)
    validate_record(parse_document(text.encode("utf-8"), str(target or "the record")))
    if target is not None:
        save_text(Path(target), text, overwrite=overwrite)
    return text, [str(p) for p in problems] + conversion.warnings("in the record")


def check_converted(conversion: Conversion, source: str, positions: dict) -> list[Problem]:
    """What the record would refuse in the converted data, each at its line in the
    resume.json and by its JSON path."""
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
    json_path = sources.get(path)
    if json_path is None:
        return Problem(source, None, None, f"(record) {problem.path}", problem.message)
    line, column = position(positions, json_path)
    return Problem(source, line, column, json_path, problem.message)


def record_yaml(conversion: Conversion, source: str, schema_line: str = "") -> str:
    """The record as YAML text; what had no place follows as comments, with its value."""
    head = [schema_line] if schema_line else []
    head += [f"# Imported from {comment_safe(source)} by `cv-builder import jsonresume`.",
             "# Check it, then mark your strongest entries `selected: true` (all are now),",
             "# give them a `priority`, and add co-authors to publications.", ""]
    body = dump_yaml(conversion.data)
    tail = []
    if conversion.unplaced:
        tail = ["", "# --- Not imported: these fields of the resume.json have no place in the",
                "# record. Move what you need into a field above, or leave it.", "#"]
        for path, value in conversion.unplaced.items():
            tail.append(comment_safe(f"# {path}: {json.dumps(value, ensure_ascii=False)}"))
    return "\n".join(head) + "\n" + body + "\n".join(tail) + ("\n" if tail else "")
