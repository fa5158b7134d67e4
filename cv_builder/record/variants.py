"""The variants: shipped defaults merged with the record's overrides, validated."""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..errors import InvalidInput, Problem
from .load import Document
from .model import BUILTIN_KINDS, Design, Record, Variant
from .problems import sorted_problems, translate

DEFAULTS_FILE = Path(__file__).with_name("variants.yaml")
LEGACY_CLASSIC = "classic.tex.j2"
LOOKS_FILE = Path(__file__).with_name("looks.yaml")

# What a design is when nothing sets a key: the default look's choices.
DESIGN_DEFAULTS = {"look": "default", "accent": "#1F4E79", "font": "heros", "font_size": None,
                   "margin": None, "section_style": "rule", "link_style": "color",
                   "date_format": "short", "icons": False}


@lru_cache(maxsize=1)
def shipped_variants() -> dict[str, dict]:
    """The package's variant declarations, as plain data."""
    return yaml.load(DEFAULTS_FILE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


@lru_cache(maxsize=1)
def shipped_looks() -> dict[str, dict]:
    """Each shipped look's design defaults, as plain data."""
    return yaml.load(LOOKS_FILE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def _set(design: Design | dict | None) -> dict:
    """The keys a design layer sets (None means: not set here)."""
    if design is None:
        return {}
    if isinstance(design, Design):
        return design.model_dump(exclude_none=True)
    return {key: value for key, value in design.items() if value is not None}


def resolve_design(shipped: dict, record_wide: Design, own: dict) -> dict:
    """A variant's design, every key set. Layers, each over the one before: the defaults,
    the shipped variant's design, its look's, the record's `design:`, and the record's
    design for this variant (own). The look itself is chosen the same way."""
    layers = [DESIGN_DEFAULTS, _set(shipped), _set(record_wide), _set(own)]
    look = next(layer["look"] for layer in reversed(layers) if layer.get("look"))
    layers.insert(2, shipped_looks().get(look, {}))
    design: dict = {}
    for layer in layers:
        design.update(layer)
    design["look"] = look
    return design


# How long a chain of `extends` may be: each link is a recursion here.
MAX_EXTENDS = 32


def resolve_variants(record: Record, document: Document | None = None) -> dict[str, Variant]:
    """Every variant: shipped ones, overridden or added to by the record's `variants:`;
    raise InvalidInput listing every problem in them."""
    variants, problems = variants_and_problems(record, document)
    if problems:
        raise InvalidInput(problems)
    return variants


def read_with_variants(path) -> tuple[Record | None, Document, dict[str, Variant],
                                      list[Problem]]:
    """A record file read and checked with its variants in one pass: the record (None if
    it has problems), its document, the variants that resolve, and every problem in the
    record and in its variants (a typo in one does not hide one in the other)."""
    from .validate import read_record

    record, document, problems = read_record(path)
    variants, more = variants_and_problems(record or stand_in(document), document)
    return record, document, variants, sorted_problems(problems + more)


def load_with_variants(path) -> tuple[Record, Document, dict[str, Variant]]:
    """The record at path and its variants; raise InvalidInput with every problem in both."""
    record, document, variants, problems = read_with_variants(path)
    if problems:
        raise InvalidInput(problems)
    return record, document, variants


def stand_in(document: Document) -> Record:
    """A record to resolve the variants of a record that has problems of its own, so that
    those in its variants are found in the same pass: its variants, paper and section
    keys as written (where they have the right shape), the default design, no letters."""
    data = document.data if isinstance(document.data, dict) else {}
    variants = data.get("variants")
    variants = {name: spec for name, spec in variants.items()
                if isinstance(name, str) and isinstance(spec, dict)} \
        if isinstance(variants, dict) else {}
    paper = data.get("paper")
    paper = paper.lower() if isinstance(paper, str) and paper.lower() in ("letter", "a4") \
        else None
    sections = data.get("sections")
    sections = {key: None for key in sections if isinstance(key, str)} \
        if isinstance(sections, dict) else {}
    return Record.model_construct(variants=variants, paper=paper, sections=sections,
                                  design=Design(), letters=[])


def variants_and_problems(record: Record, document: Document | None = None
                          ) -> tuple[dict[str, Variant], list[Problem]]:
    """Every variant that resolves, and every problem in the record's `variants:`.

    A record variant starts from the one it `extends` (or, if it has a shipped
    name, from that one) and overrides top-level keys. Extending another record
    variant works whatever their order in the file; every problem is reported at once,
    those in the fields of a variant whose name or `extends` is wrong too.
    A record-wide `paper:` is every variant's paper unless the record gives the variant
    its own.
    """
    paper = {"paper": record.paper} if record.paper else {}
    shipped = {name: {**spec, **paper} for name, spec in shipped_variants().items()}
    overrides = {name: dict(spec or {}) for name, spec in record.variants.items()}
    merged: dict[str, dict] = {}
    # Design keys by where they come from, merged along `extends`: the package's and
    # the record's, since the record-wide `design:` sits between the two.
    shipped_design: dict[str, dict] = {}
    own_design: dict[str, dict] = {}
    broken: set[str] = set()
    problems: list[Problem] = []

    def spec_of(name: str, chain: tuple[str, ...] = ()) -> dict:
        if name in merged:
            return merged[name]
        if name not in overrides:
            spec = dict(shipped[name])
            shipped_design[name] = dict(spec.pop("design", None) or {})
            own_design[name] = {}
            merged[name] = spec
            return spec
        override = dict(overrides[name])
        design = override.pop("design", None)
        base_name = override.get("extends") or (name if name in shipped else None)
        base: dict = {}
        base_shipped: dict = {}
        base_own: dict = {}
        if base_name == name and name in shipped:
            base = dict(shipped[name])  # overriding a shipped variant in place
            base_shipped = dict(base.pop("design", None) or {})
        elif base_name is not None:
            where = ("variants", name, "extends")
            if not isinstance(base_name, str):  # a list, a number: the model says so
                broken.add(name)
            elif len(chain) >= MAX_EXTENDS:
                problems.append(_problem(document, where, f"more than {MAX_EXTENDS} variants "
                                                          "extend one another in a row; "
                                                          "extend a variant nearer the "
                                                          "shipped ones"))
                broken.add(name)
            elif base_name in chain + (name,):
                cycle = (*chain, name)
                loop = " \u2192 ".join(cycle[cycle.index(base_name):] + (base_name,))
                problems.append(_problem(document, where, f"variants extend each other in a "
                                                          f"loop: {loop}"))
                broken.add(name)
            elif base_name not in shipped and base_name not in overrides:
                # Those a variant can extend: the shipped ones and the record's own that
                # say what they are (a misspelt name, with neither, is not one).
                known = [other for other in dict.fromkeys([*shipped, *overrides])
                         if other != name and (other in shipped or {"extends", "template"}
                                               & set(overrides[other]))]
                close = difflib.get_close_matches(base_name, known, n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(known)}"
                problems.append(_problem(document, where, f"unknown variant {base_name!r} to "
                                                          f"extend; {hint}"))
                broken.add(name)
            else:
                base = spec_of(base_name, chain + (name,))
                base_shipped = shipped_design.get(base_name, {})
                base_own = own_design.get(base_name, {})
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
        shipped_design[name] = base_shipped
        if design is None:
            design = {}
        if override.get("template") == LEGACY_CLASSIC:
            # Records written before looks existed chose the classic look as a template:
            # keep the document's own template (a statement keeps its title) in that look.
            override["template"] = base.get("template", "academic-cv.tex.j2")
            if isinstance(design, dict):
                design = {"look": "classic", **design}
        # A design that is not a mapping is left for the model to report, at its line.
        own_design[name] = {**base_own, **design} if isinstance(design, dict) else design
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
            # Its own fields are still checked: all but those its base would give.
            problems += [p for p in _own_field_problems(overrides.get(name, {}), kinds,
                                                        document, name)
                         if p.message != "this field is required"]
            continue
        own = own_design[name]
        spec = {**spec, "design": own}
        try:
            variant = Variant.model_validate(spec, context={"kinds": kinds})
            design = resolve_design(shipped_design[name], record.design, _set(variant.design))
            # The base size: the record's design for this variant, else a font_size the
            # record gives this variant, else the record-wide design, else the package's.
            own_size = "font_size" in overrides.get(name, {})
            size = (variant.design.font_size
                    or (variant.font_size if own_size else None)
                    or record.design.font_size or variant.font_size)
            variants[name] = variant.model_copy(update={
                "design": Design(**{**design, "font_size": size}), "font_size": size})
        except ValidationError as error:
            if name in overrides and document is not None:
                problems += translate(error, document, Variant, ("variants", name))
            else:
                problems += translate(error, Document(str(DEFAULTS_FILE), spec), Variant,
                                      ("variants", name) if name in overrides else ())
    problems += check_letters(record, variants, document)
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return variants, problems


def _own_field_problems(override: dict, kinds: list[str], document: Document | None,
                        name: str) -> list[Problem]:
    """What is wrong in the fields a variant gives itself, read as a whole variant."""
    try:
        Variant.model_validate(override, context={"kinds": kinds})
    except ValidationError as error:
        if document is None:
            return []
        return translate(error, document, Variant, ("variants", name))
    return []


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
