"""Pydantic's validation errors as our Problems: the line of each, plain words, and a
"did you mean" for a misspelt field."""

from __future__ import annotations

import difflib
import re
import typing

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from .design import FONT_ALIASES, FONT_FACES
from .letters import LETTER_ID
from .load import Document

KINDS = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true or false",
         "list": "a list", "dict": "a mapping", "mapping": "a mapping",
         "NoneType": "nothing (null)"}


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def translate(error: ValidationError, document: Document, model: type[BaseModel],
              prefix: tuple = ()) -> list[Problem]:
    """Turn pydantic's errors into Problems with lines, plain words and suggestions.

    One typo is one problem: a required field reported missing where the same mapping
    has an unknown key that is a misspelling of it ('institutoin') is left to the
    "did you mean" of that key.
    """
    items = []
    root = _at(document.data, prefix)
    for item in error.errors(include_url=False):
        path = prefix + _user_path(item["loc"], document.data if root is _MISSING else root)
        message = _message(item, path, model, prefix)
        if item["type"] == "string_type" and not _has_pattern(model, path[len(prefix):]):
            message += _quote_hint(document, path, item["input"])
        items.append((item, path, message))
    suggested = {path[:-1] + (message.split("did you mean '")[1].split("'")[0],)
                 for item, path, message in items
                 if item["type"] == "extra_forbidden" and "did you mean '" in message}
    return [document.problem(path, message) for item, path, message in items
            if not (item["type"] == "missing" and path in suggested)]


# pydantic's own steps in an error's location ('function-after[check(), str]', 'list[str]',
# 'tagged-union[...]'); a key of the record ('[x]', 'a[b') is not one of them.
_VALIDATOR_STEP = re.compile(r"[a-z][a-z0-9_-]*\[.*\]", re.S)


_MISSING = object()


def _at(data, path: tuple):
    """The value at path in data, or _MISSING."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return data


def _user_path(loc: tuple, data) -> tuple:
    """An error's location as the record's path: every key and index the data holds,
    without pydantic's own steps, which are no key of it."""
    path = []
    for part in loc:
        inside = _at(data, (part,)) if data is not _MISSING else _MISSING
        if inside is _MISSING and isinstance(part, str) and _VALIDATOR_STEP.fullmatch(part):
            continue
        path.append(part)
        data = inside
    return tuple(path)


def _quote_hint(document: Document, path: tuple, value: object) -> str:
    """How to write as text what YAML read as something else: a number or yes/no as
    written, quoted; a mapping made by a ': ' inside the text, quoted whole."""
    key = f"{path[-1]}: " if path and isinstance(path[-1], str) else "- "
    raw = document.raw.get(path)
    if raw is not None:
        return f"; quote it to keep it as written: {key}\"{raw}\""
    if isinstance(value, dict) and len(value) == 1:
        (name, inner), = value.items()
        if isinstance(name, str) and isinstance(inner, (str, int, float)):
            return (f"; a ': ' inside text makes YAML read a key and a value: quote the "
                    f"whole text, {key}\"{name}: {inner}\"")
    return ""


def _message(item: dict, path: tuple, model: type[BaseModel], prefix: tuple) -> str:
    kind = item["type"]
    if kind == "extra_forbidden":
        known = _field_names(model, path[len(prefix):-1])
        close = [name for name in known if name.casefold() == str(path[-1]).casefold()] or \
            difflib.get_close_matches(str(path[-1]), known, n=1, cutoff=0.5)  # 'GPA': 'gpa'

        hint = f"; did you mean '{close[0]}'?" if close else (
            f"; known fields: {', '.join(known)}" if known else "")
        return f"unknown field '{path[-1]}'{hint}"
    if kind == "missing":
        return "this field is required"
    if kind in ("value_error", "assertion_error"):
        message = str(item.get("ctx", {}).get("error", item["msg"]))
        return message
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", item["ctx"]["expected"])
        # 0.6: 'iso' is not close to 'short' (0.5), 'clasic' is to 'classic' (0.92).
        close = difflib.get_close_matches(str(item["input"]), choices, n=1, cutoff=0.6)
        known = FONT_ALIASES.get(re.sub(r"[\s_-]", "", str(item["input"]).lower()))
        hint = f"; did you mean '{close[0]}'?" if close else ""
        if known in choices:  # a font by the face's name ('Palatino' is not 'latin-modern')
            hint = f"; did you mean '{known}'? ({FONT_FACES[known]})"
        return f"{item['input']!r} is not one of {item['ctx']['expected']}{hint}"
    if kind == "string_pattern_mismatch":
        return _pattern_message(item["input"], item["ctx"]["pattern"])
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = {"greater_than_equal": ("at least", "ge"), "greater_than": ("more than", "gt"),
                 "less_than_equal": ("at most", "le"), "less_than": ("less than", "lt")}[kind]
        return f"{item['input']!r} is too {'small' if 'greater' in kind else 'large'}: it must " \
               f"be {bound[0]} {item['ctx'][bound[1]]}"
    if kind == "string_too_long":
        return (f"is {len(item['input']):,} characters; at most "
                f"{item['ctx']['max_length']:,} fit in a field like this")
    if kind == "finite_number":
        return f"{item['input']!r} is not a finite number"
    if kind == "too_long":
        return (f"has {item['ctx']['actual_length']:,} items; at most "
                f"{item['ctx']['max_length']:,} fit here")
    if kind == "too_short":
        least = item["ctx"]["min_length"]
        return f"needs at least {least} item{'s' if least != 1 else ''}"
    if kind == "list_type" and isinstance(item["input"], str):
        return (f"expected a list, got text ({item['input']!r}): write a list as "
                "[Go, Java], or one '- item' per line")[:300]
    if kind.endswith("_type") and item["input"] is None:
        want = kind[: -len("_type")].replace("model", "mapping").replace("string", "text")
        return f"expected {KINDS.get(want, want)}, got nothing"
    if kind in ("float_type", "int_type") and isinstance(item["input"], str):
        unit = _NUMBER_AND_UNIT.fullmatch(item["input"])
        if unit:  # 'font_size: 10.5pt': sizes are in points already
            return (f"expected a number, got text ({item['input']!r}): drop the "
                    f"{unit['unit']!r}, as in {path[-1]}: {unit['number']}")
    if kind.endswith("_type"):
        got = type(item["input"]).__name__
        want = kind[: -len("_type")].replace("model", "mapping").replace("string", "text")
        return f"expected {KINDS.get(want, want)}, got {KINDS.get(got, got)} " \
               f"({item['input']!r})"[:300]
    return item["msg"]


# 'www.x.dev', 'github.com/ada': an address without its https://.
_BARE_DOMAIN = re.compile(r"(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?:[/?#][^\s\"'{}\\<>]*)?")
# '10.5pt', '11 pt': a number with a unit where the number alone is wanted.
_NUMBER_AND_UNIT = re.compile(r"\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>pt|px|em|in|cm|mm)\s*")


def _pattern_message(value: str, pattern: str) -> str:
    """A pattern mismatch in words: what kind of value the field wants."""
    if "https?" in pattern:
        hint = (f"; did you mean 'https://{value}'?"
                if _BARE_DOMAIN.fullmatch(value) else "")
        return (f"{value!r} is not a web address: write it as https://... (or mailto:...), "
                f"without spaces, quotes, braces or backslashes{hint}")
    if pattern == LETTER_ID:
        return (f"{value!r} cannot name a letter: the id is part of a file name "
                "(cover-letter-<id>.pdf); use at most 100 letters, digits, '-' and '_'")
    if "@" in pattern:
        return f"{value!r} is not an email address (name@example.org)"
    if "A-Fa-f]{6}" in pattern:
        return f"{value!r} is not a colour: write six hex digits, e.g. '#1F4E79'"
    if "(in|cm|mm|pt)" in pattern:
        return f"{value!r} is not a length: write a number and a unit (in, cm, mm or pt), " \
               "e.g. 0.75in"
    return f"{value!r} has the wrong form (expected a match for {pattern})"


def _field_names(model: type[BaseModel], path: tuple) -> list[str]:
    """The field names of the model at path (lists and dicts stepped through)."""

    current = model
    keyed = False  # the part after a mapping field is one of its keys, not a field
    for part in path:
        if keyed or isinstance(part, int) or not (isinstance(current, type)
                                                  and issubclass(current, BaseModel)):
            keyed = False
            continue
        info = current.model_fields.get(part)
        if info is None:
            return []
        keyed = typing.get_origin(info.annotation) is dict
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def _has_pattern(model: type[BaseModel], path: tuple) -> bool:
    """The field at path takes text of a form (a length, a colour): quoting a number
    would not make it one, so no hint to quote it."""
    names = [part for part in path if isinstance(part, str)]
    if not names:
        return False
    current, info = model, None
    for part in names:
        inner = _inner_model(info.annotation) if info is not None else current
        if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
            return False
        info = inner.model_fields.get(part)
        if info is None:
            return False

    def has(metadata) -> bool:  # a pattern, or a Field(pattern=...) holding one
        return any(getattr(m, "pattern", None) or has(getattr(m, "metadata", ()))
                   for m in metadata)

    def patterns(annotation) -> bool:
        return has(getattr(annotation, "__metadata__", ())) or any(
            patterns(arg) for arg in typing.get_args(annotation))

    return has(info.metadata) or patterns(info.annotation)


def _inner_model(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
