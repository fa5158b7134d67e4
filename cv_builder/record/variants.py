"""The variants: shipped defaults merged with the record's overrides, validated."""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..errors import InvalidInput, Problem
from .load import Document
from .model import BUILTIN_KINDS, Record, Variant
from .problems import translate

DEFAULTS_FILE = Path(__file__).with_name("variants.yaml")


@lru_cache(maxsize=1)
def shipped_variants() -> dict[str, dict]:
    """The package's variant declarations, as plain data."""
    return yaml.load(DEFAULTS_FILE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def resolve_variants(record: Record, document: Document | None = None) -> dict[str, Variant]:
    """Every variant: shipped ones, overridden or added to by the record's `variants:`.

    A record variant starts from the one it `extends` (or, if it has a shipped
    name, from that one) and overrides top-level keys. Extending another record
    variant works whatever their order in the file; every problem is reported at once.
    A record-wide `paper:` is every variant's paper unless the record gives the variant
    its own.
    """
    paper = {"paper": record.paper} if record.paper else {}
    shipped = {name: {**spec, **paper} for name, spec in shipped_variants().items()}
    overrides = {name: dict(spec or {}) for name, spec in record.variants.items()}
    merged: dict[str, dict] = {}
    broken: set[str] = set()
    problems: list[Problem] = []

    def spec_of(name: str, chain: tuple[str, ...] = ()) -> dict:
        if name in merged:
            return merged[name]
        if name not in overrides:
            return dict(shipped[name])
        override = overrides[name]
        base_name = override.get("extends") or (name if name in shipped else None)
        base: dict = {}
        if base_name == name and name in shipped:
            base = dict(shipped[name])  # overriding a shipped variant in place
        elif base_name is not None:
            where = ("variants", name, "extends")
            if base_name in chain + (name,):
                cycle = (*chain, name)
                loop = " \u2192 ".join(cycle[cycle.index(base_name):] + (base_name,))
                problems.append(_problem(document, where, f"variants extend each other in a "
                                                          f"loop: {loop}"))
                broken.add(name)
            elif base_name not in shipped and base_name not in overrides:
                known = ", ".join(dict.fromkeys([*shipped, *overrides]))
                problems.append(_problem(document, where, f"unknown variant {base_name!r} to "
                                                          f"extend; known: {known}"))
                broken.add(name)
            else:
                base = spec_of(base_name, chain + (name,))
                if base_name in broken:
                    broken.add(name)
        elif "template" not in override:
            # Not a variant of its own (those name their template): a misspelled name?
            known = list(dict.fromkeys([*shipped, *overrides]))
            close = difflib.get_close_matches(name, [k for k in known if k != name], n=1)
            if close:
                problems.append(_problem(document, ("variants", name), (
                    f"unknown variant {name!r}; did you mean {close[0]!r}? (a variant of "
                    "your own needs `extends:`, or a template, title and sections)")))
                broken.add(name)
        merged[name] = {**paper, **base, **override}
        if "sections" in override and "custom_sections" not in override:
            merged[name]["custom_sections"] = "listed"  # a list written out is the whole list
        return merged[name]

    kinds = [*BUILTIN_KINDS, *record.sections]  # what a variant's sections may list
    names = list(dict.fromkeys([*shipped, *overrides]))
    variants = {}
    for name in names:
        spec = spec_of(name)
        if name in broken:
            continue
        try:
            variants[name] = Variant.model_validate(spec, context={"kinds": kinds})
        except ValidationError as error:
            if name in overrides and document is not None:
                problems += translate(error, document, Variant, ("variants", name))
            else:
                problems += translate(error, Document(str(DEFAULTS_FILE), spec), Variant,
                                      ("variants", name) if name in overrides else ())
    problems += check_letters(record, variants, document)
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InvalidInput(problems)
    return variants


def check_letters(record: Record, variants: dict[str, Variant],
                  document: Document | None) -> list[Problem]:
    """The résumé a letter names is a variant that makes a CV."""
    resumes = [name for name, variant in variants.items() if variant.document == "cv"]
    problems = []
    for index, letter in enumerate(record.letters):
        if letter.resume is None or letter.resume in resumes:
            continue
        close = difflib.get_close_matches(letter.resume, resumes, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"the résumés: {', '.join(resumes)}"
        problems.append(_problem(document, ("letters", index, "resume"),
                                 f"no résumé variant {letter.resume!r}: {hint}"))
    return problems


def _problem(document: Document | None, path: tuple, message: str) -> Problem:
    if document is None:
        return Problem("record", None, None, ".".join(map(str, path)), message)
    return document.problem(path, message)
