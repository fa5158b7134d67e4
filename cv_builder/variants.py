"""The variants: shipped defaults merged with the record's overrides, validated."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from .errors import InvalidInput, Problem
from .load import Document
from .model import Record, Variant

DEFAULTS_FILE = Path(__file__).with_name("variants.yaml")


@lru_cache(maxsize=1)
def shipped_variants() -> dict[str, dict]:
    """The package's variant declarations, as plain data."""
    return yaml.load(DEFAULTS_FILE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def resolve_variants(record: Record, document: Document | None = None) -> dict[str, Variant]:
    """Every variant: shipped ones, overridden or added to by the record's `variants:`."""
    declared = {name: dict(spec) for name, spec in shipped_variants().items()}
    for name, override in record.variants.items():
        override = dict(override or {})
        base_name = override.get("extends") or (name if name in declared else None)
        if base_name is not None and base_name not in declared:
            raise InvalidInput([_problem(document, ("variants", name, "extends"),
                                         f"unknown variant {base_name!r} to extend; known: "
                                         f"{', '.join(declared)}")])
        base = dict(declared.get(base_name, {}))
        base.update(override)
        declared[name] = base
    variants, problems = {}, []
    for name, spec in declared.items():
        try:
            variants[name] = Variant.model_validate(spec)
        except ValidationError as error:
            from .validate import translate

            doc = document or Document(str(DEFAULTS_FILE), spec)
            prefix = ("variants", name) if name in record.variants else ()
            problems += translate(error, doc, Variant, prefix)
    if problems:
        raise InvalidInput(problems)
    return variants


def _problem(document: Document | None, path: tuple, message: str) -> Problem:
    if document is None:
        return Problem("record", None, None, ".".join(map(str, path)), message)
    return document.problem(path, message)
