"""Check a loaded record against the model; report every problem at once, with lines."""

from __future__ import annotations

import difflib
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .charset import describe, unsupported_characters
from .errors import InvalidInput, Problem
from .load import Document, read_document
from .model import Record
from .options import VARIANT_NAME


def load_record(path: str | Path) -> tuple[Record, Document]:
    """Read, parse and validate a record file; raise InvalidInput listing every problem."""
    document = read_document(path)
    if isinstance(document.data, dict) and "bibliography" in document.data:
        from .bibtex import with_bibliography  # 35 ms of imports most records never need

        document = with_bibliography(document)  # the .bib's publications merged in
    return validate_record(document), document


def validate_record(document: Document) -> Record:
    if not isinstance(document.data, dict):
        kind = _KINDS.get(type(document.data).__name__, type(document.data).__name__)
        raise InvalidInput([document.problem((), f"the file holds {kind}, but a record is a "
                                                  "mapping of sections (person:, education:, ...)")])
    problems = (check_characters(document) + check_name(document)
                + check_variant_names(document))
    try:
        record = Record.model_validate(document.data)
    except ValidationError as error:
        problems = translate(error, document, Record) + problems
        raise InvalidInput(sorted_problems(problems)) from None
    problems += check_references(record, document)
    if problems:
        raise InvalidInput(sorted_problems(problems))
    return record


def check_references(record: Record, document: Document) -> list[Problem]:
    """Publication ids are unique and every paper a research project cites exists,
    each problem at the line of the id or citation."""
    problems, first = [], {}
    for index, paper in enumerate(record.publications):
        if paper.id in first:
            problems.append(document.problem(
                ("publications", index, "id"),
                f"publication id {paper.id!r} is already used by publications[{first[paper.id]}]"))
        first.setdefault(paper.id, index)
    for t, theme in enumerate(record.research):
        for p, project in enumerate(theme.projects):
            for c, key in enumerate(project.papers):
                if key not in first:
                    close = difflib.get_close_matches(key, list(first), n=1)
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    problems.append(document.problem(
                        ("research", t, "projects", p, "papers", c),
                        f"cites {key!r}, which is not a publication id{hint}"))
    return problems


_KINDS = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true or false",
          "list": "a list", "dict": "a mapping", "mapping": "a mapping",
          "NoneType": "nothing (null)"}


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def translate(error: ValidationError, document: Document, model: type[BaseModel],
              prefix: tuple = ()) -> list[Problem]:
    """Turn pydantic's errors into Problems with lines, plain words and suggestions."""
    problems = []
    for item in error.errors(include_url=False):
        path = prefix + tuple(part for part in item["loc"]
                              if not (isinstance(part, str) and "[" in part))
        problems.append(document.problem(path, _message(item, path, model, prefix)))
    return problems


def _message(item: dict, path: tuple, model: type[BaseModel], prefix: tuple) -> str:
    kind = item["type"]
    if kind == "extra_forbidden":
        known = _field_names(model, path[len(prefix):-1])
        close = difflib.get_close_matches(str(path[-1]), known, n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else (
            f"; known fields: {', '.join(known)}" if known else "")
        return f"unknown field '{path[-1]}'{hint}"
    if kind == "missing":
        return "this field is required"
    if kind in ("value_error", "assertion_error"):
        message = str(item.get("ctx", {}).get("error", item["msg"]))
        return message
    if kind == "literal_error":
        return f"{item['input']!r} is not one of {item['ctx']['expected']}"
    if kind == "string_pattern_mismatch":
        return _pattern_message(item["input"], item["ctx"]["pattern"])
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = {"greater_than_equal": ("at least", "ge"), "greater_than": ("more than", "gt"),
                 "less_than_equal": ("at most", "le"), "less_than": ("less than", "lt")}[kind]
        return f"{item['input']!r} is too {'small' if 'greater' in kind else 'large'}: it must " \
               f"be {bound[0]} {item['ctx'][bound[1]]}"
    if kind == "too_short":
        least = item["ctx"]["min_length"]
        return f"needs at least {least} item{'s' if least != 1 else ''}"
    if kind.endswith("_type"):
        got = type(item["input"]).__name__
        want = kind[: -len("_type")].replace("model", "mapping").replace("string", "text")
        return f"expected {_KINDS.get(want, want)}, got {_KINDS.get(got, got)} " \
               f"({item['input']!r})"[:300]
    return item["msg"]


def _pattern_message(value: str, pattern: str) -> str:
    """A pattern mismatch in words: what kind of value the field wants."""
    if "https?" in pattern:
        return (f"{value!r} is not a web address: write it as https://... (or mailto:...), "
                "without spaces, quotes, braces or backslashes")
    if "@" in pattern:
        return f"{value!r} is not an email address (name@example.org)"
    return f"{value!r} has the wrong form (expected a match for {pattern})"


def _field_names(model: type[BaseModel], path: tuple) -> list[str]:
    """The field names of the model at path (lists and dicts stepped through)."""

    current = model
    for part in path:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def _inner_model(annotation):
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def check_name(document: Document) -> list[Problem]:
    """The name heads every document and is the PDF's author: it must print something."""
    from .escape import clean

    person = document.data.get("person")
    name = person.get("name") if isinstance(person, dict) else None
    if isinstance(name, str) and not clean(name).strip():
        return [document.problem(("person", "name"), "the name is empty; it heads every "
                                                     "document and is the PDF's author")]
    return []




def check_variant_names(document: Document) -> list[Problem]:
    """A variant's name becomes a file name (output/<name>.pdf, a build folder that is
    emptied): a path such as ../x or /home/me would write, or delete, outside output/."""
    variants = document.data.get("variants")
    if not isinstance(variants, dict):
        return []
    return [document.problem(("variants", name), f"variant name {name!r} is used as a file "
                                                 "name: use letters, digits, '-', '_' and '.'")
            for name in variants
            if isinstance(name, str) and not (VARIANT_NAME.fullmatch(name) and ".." not in name)]


def check_characters(document: Document) -> list[Problem]:
    """Every character pdflatex cannot set, with its field and line, before compiling."""
    problems = []

    def walk(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, path + (index,))
        elif isinstance(value, str):
            bad = unsupported_characters(value)
            if bad:
                listed = ", ".join(describe(ch) for ch in bad[:5])
                if len(bad) > 5:
                    listed += f" and {len(bad) - 5} more"
                problems.append(document.problem(
                    path, f"cannot be typeset: {listed}; pdflatex sets Latin scripts only — "
                          "write it in Latin letters or remove it"))

    walk(document.data, ())
    return problems
