"""Plain text in and out of record fields: which fields take our markup, and how to escape into it.

Why: importers hold plain text (a resume.json highlight, a BibTeX note) and exporters
want it back; a `*` or `$` in plain text must stay a character, never become markup.
"""

from __future__ import annotations

import typing
from functools import lru_cache

from pydantic import BaseModel

from . import markup

# The characters markup.parse gives a meaning to; a backslash keeps each literal.
_MARKUP_SPECIALS = {ch: "\\" + ch for ch in "\\*[]$"}


def escape_markup(text: str) -> str:
    """Markup source that reads back as exactly `text`: to_plain(escape_markup(t)) == t."""
    return "".join(_MARKUP_SPECIALS.get(ch, ch) for ch in text)


@lru_cache(maxsize=None)
def is_markup(model: type[BaseModel], name: str) -> bool:
    """True if the model's field `name` (or its list items) is validated as markup."""
    info = model.model_fields.get(name)
    if info is None:
        return False
    metadata = list(info.metadata)
    for arg in _type_args(info.annotation):
        metadata += getattr(arg, "__metadata__", ())
    return any(getattr(item, "func", None) is markup.validate for item in metadata)


def _type_args(annotation) -> list:
    """Every type inside annotation: list[Markup] | None -> [list[Markup], Markup, None, ...]."""
    found = []
    for arg in typing.get_args(annotation):
        found += [arg, *_type_args(arg)]
    return found


def as_markup(entry: BaseModel, name: str, value: str | None = None) -> str:
    """The field's text as markup source: as written if the field takes markup, else escaped."""
    text = getattr(entry, name) if value is None else value
    if text is None:
        return ""
    return text if is_markup(type(entry), name) else escape_markup(text)


def into_field(model: type[BaseModel], name: str, text: str) -> str:
    """Plain text made ready for the model's field `name` (escaped where it takes markup)."""
    return escape_markup(text) if is_markup(model, name) else text
