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
    problems = warnings + _once(conversion, str(source), positions)
    problems += conversion.problems + _colour_emoji(conversion, str(source), positions)
    problems.sort(key=lambda p: (p.line is None, p.line or 0, p.column or 0))  # file order
    if strict and problems:
        raise InvalidInput(problems)
    refused = check_converted(conversion, str(source), positions)
    if refused:  # with the warnings of the same pass: one run lists all there is to fix
        raise InvalidInput(refused, problems)
    schema = schema_line(Path(target) if target else Path.cwd() / "record.yaml")
    text = record_yaml(conversion, Path(source).name, schema, command, kind)
    validate_record(parse_document(text.encode("utf-8"), str(target or "the record")))
    if target is not None:
        save_text(Path(target), text, overwrite=overwrite)
    return text, [str(p) for p in problems] + conversion.warnings("in the record")


def _once(conversion: Conversion, source: str, positions: dict) -> list[Problem]:
    """A project that is one of the papers (the same title: a resume.json or RenderCV
    file listing its paper in both sections) is kept once, as the paper: printed twice
    before. Its link joins the paper's; what else it said is kept as a comment; a warning
    at its line says so."""
    from ..record.bibliography import normal_title

    data = conversion.data
    papers = {normal_title(p.get("title")): (i, p) for i, p in
              enumerate(data.get("publications") or []) if isinstance(p, dict)}
    papers.pop("", None)
    found: list[Problem] = []
    for index in reversed(range(len(data.get("projects") or []))):
        project = data["projects"][index]
        match = papers.get(normal_title(project.get("name")))
        if match is None:
            continue
        number, paper = match
        where = f"projects[{index}]"
        source_path = _source_of(conversion, where, default=where)
        paper_path = _source_of(conversion, f"publications[{number}]")
        said = f"the project {project['name']!r} is the paper {paper_path}"
        url = project.get("url")
        links = paper.setdefault("links", [])
        if url and url not in [link.get("url") for link in links]:
            links.append({"label": "project", "url": url})
            said += ": kept once, as the paper, its address among the paper's links"
        else:
            said += ": kept once, as the paper"
            if not links:
                paper.pop("links")
        for name, value in project.items():
            if name not in ("name", "url", "year", "selected"):
                kept_as = conversion.sources.get(f"{where}.{name}") or f"{source_path}.{name}"
                conversion.unplaced[kept_as] = value
        del data["projects"][index]
        _renumber(conversion.sources, "projects", index)
        line, column = position(positions, source_path)
        found.append(Problem(source, line, column, source_path, said))
    if not data.get("projects") and "projects" in data:
        del data["projects"]
    return found[::-1]


def _source_of(conversion: Conversion, record_path: str, default: str = "") -> str:
    """The source path an entry of the record came from: its own, or its first field's."""
    sources = conversion.sources
    if record_path in sources:
        return sources[record_path]
    for path, source_path in sources.items():
        if path.startswith(record_path + "."):
            return re.sub(r"\.[^.\[\]]+$", "", source_path)
    return default or record_path


def _renumber(sources: dict[str, str], key: str, removed: int) -> None:
    """The record paths of sources after entry `removed` of `key` is taken out."""
    for path in list(sources):
        match = re.match(rf"{key}\[(\d+)\](.*)$", path)
        if not match:
            continue
        number = int(match[1])
        source_path = sources.pop(path)
        if number > removed:
            sources[f"{key}[{number - 1}]{match[2]}"] = source_path


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

    def unnamed(self, path: str, what: str, printed: str) -> None:
        """An entry without the name the record's entry leads with (a job's employer, a
        degree's institution): kept, printed under what it has, and said at its line (an
        empty `organization: ''` passed without a word)."""
        self.warn(path, f"no {what}: kept, and printed {printed}; add it in the record if "
                        "there is one")

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
    belongs), with what the record would refuse in the rest (a bad e-mail address) and
    the warnings of the same pass: every problem at once, not one round per kind. A
    place already reported is not reported again."""
    said = {p.path for p in problems}
    refused = [p for p in check_converted(conversion, source, positions) if p.path not in said]
    in_order = lambda p: (p.line is None, p.line or 0, p.column or 0)  # noqa: E731
    return InvalidInput(sorted(problems + refused, key=in_order),
                        sorted(conversion.problems, key=in_order))


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
