"""Which PDFs a build makes: one per variant, one per letter for a letter variant, and
copies of CVs tailored to one application.

Why here: the names of the PDFs follow from the record (its letters) and the variants
alone; build, tex and export all ask the same question.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..errors import InvalidInput, Problem
from .letters import Letter
from .load import Document
from .model import Record, Variant

DEFAULT_RESUME = "industry-resume"  # the résumé a letter goes with unless it names one


@dataclass(frozen=True)
class Job:
    """One PDF to make: output/<name>.pdf from a variant, for one letter, or tailored to
    one application (the preferred tags of a letter)."""

    name: str  # the PDF's file stem, and its stamp's key
    variant_name: str
    variant: Variant
    letter: Letter | None = None  # a letter variant's PDF: this letter
    application: Letter | None = None  # a CV tailored to this letter's application


def resume_of(letter: Letter | None, variants: dict[str, Variant]) -> str:
    """The résumé variant a letter goes with (one it names is checked to exist); with no
    letter, the one a letter goes with unless it names another."""
    if letter is not None and letter.resume:
        return letter.resume
    if DEFAULT_RESUME in variants:
        return DEFAULT_RESUME
    return next(name for name, v in variants.items() if v.document == "cv")


def letter_papers(letters, variants: dict[str, Variant]) -> str:
    """The paper a letter variant's PDFs are on: each letter's is its résumé's ('a4', or
    'a4, letter' where letters go with résumés on both)."""
    resumes = {resume_of(letter, variants) for letter in letters} or {resume_of(None, variants)}
    return ", ".join(sorted({variants[name].paper for name in resumes if name in variants}))


def plan(record: Record, variants: dict[str, Variant], names: list[str] | None = None,
         letters=(), application: str | None = None) -> list[Job]:
    """The PDFs for the named variants (every enabled one by default). A letter variant
    makes one per letter of the record (only those in letters, if given); none for a
    record without letters, unless asked for by name, which is an error. With an application (a letter
    id) CV variants are tailored to it and named <variant>-<id>; without names, that is
    the letter and its résumé. letters without names: just those letters."""
    by_id = {letter.id: letter for letter in record.letters}
    for wanted in [*letters, *([application] if application else [])]:
        if wanted not in by_id:
            close = difflib.get_close_matches(wanted, list(by_id), n=1)
            known = f"did you mean {close[0]!r}?" if close else \
                f"the record's letters: {', '.join(by_id) or 'none'}"
            raise InvalidInput(f"no letter {wanted!r}; {known}")
    applied = by_id[application] if application else None
    letter_variants = [name for name, v in variants.items() if v.document == "letter"]
    if not names and applied:
        names = [resume_of(applied, variants), *letter_variants]
    elif not names and letters:
        names = letter_variants
    asked = bool(names)
    names = list(dict.fromkeys(names or [n for n, v in variants.items() if v.enabled]))
    check_known(names, variants)
    if letters and not set(names) & set(letter_variants):
        raise InvalidInput(f"--letter picks letters of a letter variant "
                           f"({', '.join(letter_variants)}), and none is named here")
    jobs = []
    for name in names:
        variant = variants[name]
        if variant.document == "letter":
            chosen = [by_id[i] for i in dict.fromkeys(letters)] or (
                [applied] if applied else list(record.letters))
            if not chosen and asked:
                raise InvalidInput(f"{name} makes one PDF per letter, and the record has no "
                                   "letters: add a letters: list (see docs/record.md)")
            jobs += [Job(f"{name}-{letter.id}", name, variant, letter=letter) for letter in chosen]
        elif applied:
            jobs.append(Job(f"{name}-{applied.id}", name, variant, application=applied))
        else:
            jobs.append(Job(name, name, variant))
    return jobs


def output_name_problems(record: Record, document: Document,
                         variants: dict[str, Variant]) -> list[Problem]:
    """Every PDF name the record can make, checked before anything is built: output/<name>
    of each variant, <letter variant>-<id> of each letter, <variant>-<id> of each CV
    tailored to a letter (--for). Two makers of one name (the variant cover-letter-x with
    letter b, and cover-letter with letter x-b), or names differing only in case (one
    file on macOS), would have one PDF silently replace the other. Each problem names
    both fields, with lines. (Each name is short enough: variant names and letter ids
    hold at most 100 characters each.)

    Why all of them, and not only the PDFs of this build: validate must refuse what some
    build of the record would overwrite."""
    in_record = document.data.get("variants") if isinstance(document.data, dict) else None
    in_record = in_record if isinstance(in_record, dict) else {}

    def variant_words(name: str) -> tuple[str, tuple | None]:
        if name in in_record:
            return f"variants.{name} (line {document.where(('variants', name))[0]})", \
                ("variants", name)
        return f"the shipped variant {name}", None

    makers: dict[str, tuple[str, str]] = {}  # folded name: (name, its maker)
    problems = []

    def made(name: str, maker: str, field: tuple) -> None:
        first = makers.setdefault(name.casefold(), (name, maker))
        if first[1] != maker:
            case = "" if first[0] == name else \
                f" and output/{first[0]}.pdf (one file where case is not told apart)"
            problems.append(document.problem(field, (
                f"output/{name}.pdf{case} would be made by both {first[1]} and {maker}: one "
                f"PDF would replace the other; rename a variant or a letter id")))

    for name in variants:
        words, where = variant_words(name)
        made(name, words, where or ())
    for index, letter in enumerate(record.letters):
        field = ("letters", index, "id")
        shown = letter.id if len(letter.id) <= 40 else letter.id[:37] + "..."
        said = f"letters[{index}].id {shown!r} (line {document.where(field)[0]})"
        for name, variant in variants.items():
            words, _ = variant_words(name)
            how = f"for {said}" if variant.document == "letter" else \
                f"tailored to {said} (--for {shown})"
            made(f"{name}-{letter.id}", f"{words} {how}", field)
    return problems


def check_known(names: list[str], variants: dict[str, Variant]) -> None:
    """Raise InvalidInput for variant names the record does not have, with a guess."""
    unknown = []
    for name in names:
        if name not in variants:
            close = difflib.get_close_matches(name, list(variants), n=1)
            unknown.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    if unknown:
        raise InvalidInput(f"unknown variant {', '.join(unknown)}; known: {', '.join(variants)}")


def one_job(record: Record, variants: dict[str, Variant], name: str, letters=(),
            application: str | None = None) -> Job:
    """The one document `tex` and `export` show: a variant, or one letter of a letter
    variant (its only one, or the one named)."""
    jobs = plan(record, variants, [name], letters, application)
    if len(jobs) > 1:
        ids = ", ".join(job.letter.id for job in jobs)
        if letters:
            raise InvalidInput(f"one document at a time: name one letter with --letter "
                               f"(named: {ids})")
        raise InvalidInput(f"{name} makes one PDF per letter: name one with --letter ({ids})")
    return jobs[0]
