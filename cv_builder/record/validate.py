"""Check a loaded record against the model; report every problem at once, with lines."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from pydantic import ValidationError

from ..errors import InvalidInput, Problem
from ..options import RESERVED_NAMES, VARIANT_NAME
from .charset import clean, colour_only, describe, hidden_characters, unsupported_characters
from .load import BLOCK_STYLES, Document, dotted, read_document
from .model import BUILTIN_KINDS, Record
from .sections import SECTION_KEY
from .problems import KINDS, sorted_problems, translate


def load_record(path: str | Path) -> tuple[Record, Document]:
    """Read, parse and validate a record file; raise InvalidInput listing every problem."""
    record, document, problems = read_record(path)
    if problems:
        raise InvalidInput(sorted_problems(problems))
    return record, document


def read_record(path: str | Path) -> tuple[Record | None, Document, list[Problem]]:
    """Read and parse a record file (raising InvalidInput if it cannot be), then check it:
    the record (None if it has problems), its document, and every problem found."""
    document = read_document(path)
    if isinstance(document.data, dict) and "bibliography" in document.data:
        from .merge import with_bibliography  # 35 ms of imports most records never need

        document = with_bibliography(document)  # the .bib's publications merged in
    record, problems = check_document(document)
    if record is not None:
        document.warnings.extend(owner_warnings(record, document))
    return record, document, problems


def owner_warnings(record: Record, document: Document) -> list[Problem]:
    """One warning for the record's own papers none of whose authors is the person (by
    person.name or person.name_forms), so that their name is not bolded there: which
    papers, and the author form most like the name. (A .bib's papers have their own,
    from the .bib reader; papers whose authors the record does not give are its.)"""
    from .bib_names import owner_lookalikes
    from .papers import by_owner

    names = [record.person.name, *record.person.name_forms]
    own = [(index, paper) for index, paper in enumerate(record.publications)
           if ("publications", index, "authors") in document.positions]
    missing = [(index, paper) for index, paper in own if not by_owner(paper.authors, names)]
    if not missing:
        return []
    listed = ", ".join(f"{paper.id!r} (line {document.where(('publications', index))[0]})"
                       for index, paper in missing[:3])
    if len(missing) > 3:
        listed += f" and {len(missing) - 3} more"
    papers = f"{len(own)} paper{'s' if len(own) != 1 else ''}"
    said = (f"{record.person.name!r} (person.name, or a form in person.name_forms) is not "
            f"among the authors of {len(missing)} of the record's {papers}: {listed}, so "
            "the name is not bolded there")
    alike = owner_lookalikes(names, [a for _, paper in missing for a in paper.authors])
    if alike:
        advice = (f"; the closest author is {alike[0]!r}: if that is you, correct it, or "
                  f"add it to person.name_forms")
    else:
        advice = ("; no author there has a name like it: if you are one of them, add the "
                  "form the paper uses to person.name_forms")
    first = missing[0][0]
    return [document.problem(("publications", first, "authors"), said + advice)]


def validate_record(document: Document) -> Record:
    record, problems = check_document(document)
    if problems:
        raise InvalidInput(sorted_problems(problems))
    return record


def check_document(document: Document) -> tuple[Record | None, list[Problem]]:
    """The record a document holds (None if it has problems), and every problem in it."""
    if not isinstance(document.data, dict):
        kind = KINDS.get(type(document.data).__name__, type(document.data).__name__)
        raise InvalidInput([document.problem((), f"the file holds {kind}, but a record is a "
                                                  "mapping of sections (person:, education:, ...)")])
    problems = (check_characters(document) + check_name(document)
                + check_variant_names(document) + check_section_keys(document)
                + check_references(document) + check_words(document))
    try:
        record = Record.model_validate(document.data)
    except ValidationError as error:
        found = translate(error, document, Record)
        wanted = {p.path: kind for p in found for kind in ("list", "mapping")
                  if p.message.startswith(f"expected a {kind}")}
        empty = check_empty(document, wanted)
        said = {p.path for p in empty}  # "expected text, got nothing" would repeat them
        return None, sorted_problems(unspilled([p for p in found if p.path not in said]
                                               + empty, document, wanted) + problems)
    problems += check_empty(document)
    return (None if problems else record), sorted_problems(problems)


def unspilled(problems: list[Problem], document: Document,
              wanted: dict[str, str]) -> list[Problem]:
    """A list written without brackets in a { } (`items: Git, Docker, Linux`) as one
    problem, at the list's key, saying to bracket it: not "expected a list" there and
    "no value given" (or "unknown field") at each key YAML made of the items."""
    for path, written in document.spilled.items():
        if wanted.get(dotted(path)) != "list":
            continue
        items = ", ".join(written)
        keys = {dotted(path[:-1] + (key,)) for key in written[1:]}
        at = dotted(path)
        problems = [p for p in problems if p.path not in keys and p.path != at]
        problems.append(document.problem(
            path, f"expected a list, got {written[0]!r} and then {', '.join(written[1:])} "
                  f"as keys with no value (in {{ }}, a comma ends a value): write the list "
                  f"in brackets: {path[-1]}: [{items}]"))
    return problems


def check_references(document: Document) -> list[Problem]:
    """Publication and letter ids are unique and every paper a research project cites
    exists, each problem at the line of the id or citation. Read from the data as
    written, so that a problem elsewhere in an entry (a bad letter id's form) does not
    hide these."""
    data = document.data
    problems, first = unique_ids(document, "publications", "publication")
    problems += unique_ids(document, "letters", "letter")[0]
    for t, theme in _items(data, "research"):
        for p, project in _items(theme, "projects"):
            cited: set[str] = set()
            for c, key in _items(project, "papers"):
                if not isinstance(key, str):
                    continue
                if key in cited:
                    problems.append(document.problem(
                        ("research", t, "projects", p, "papers", c),
                        f"cites {key!r} twice; once is enough"))
                    continue
                cited.add(key)
                if key not in first:
                    close = difflib.get_close_matches(key, list(first), n=1)
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    problems.append(document.problem(
                        ("research", t, "projects", p, "papers", c),
                        f"cites {key!r}, which is not a publication id{hint}"))
    return problems


def _items(mapping: object, key: str) -> list[tuple[int, object]]:
    """The numbered items of the list mapping[key], if it is a mapping holding a list."""
    value = mapping.get(key) if isinstance(mapping, dict) else None
    return list(enumerate(value)) if isinstance(value, list) else []


def unique_ids(document: Document, field: str, what: str) -> tuple[list[Problem], dict[str, int]]:
    """A problem at each id used before in the list, and where each id is first used."""
    problems, first = [], {}
    for index, entry in _items(document.data, field):
        id_ = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(id_, str):
            continue
        if id_ in first:
            problems.append(document.problem(
                (field, index, "id"),
                f"{what} id {id_!r} is already used by {field}[{first[id_]}]"))
        first.setdefault(id_, index)
    return problems, first


def check_words(document: Document) -> list[Problem]:
    """Each key of `words:` is one of cv-builder's words, each problem at its line with a
    guess, whatever else is wrong there (a value that is not text, a bad locale)."""
    from .language import title_keys, word_keys, wording_problem

    words = document.data.get("words")
    if not isinstance(words, dict):
        return []
    problems = []
    for key, wording in words.items():
        if key in word_keys():
            problem = wording_problem(key, wording) if isinstance(wording, str) else None
            if problem:
                problems.append(document.problem(("words", key), problem))
            continue
        close = difflib.get_close_matches(str(key), word_keys(), n=1, cutoff=0.6)
        own = [key for key in word_keys() if key not in title_keys()]
        hint = f"did you mean {close[0]!r}?" if close else (
            f"known: {', '.join(own)}, or a shipped title such as 'Skills' or 'Work "
            "Experience' (docs/record.md lists them)")
        problems.append(document.problem(("words", key), f"unknown word {key!r}; {hint}"))
    return problems


def check_empty(document: Document, wanted: dict[str, str] | None = None) -> list[Problem]:
    """A value given as nothing (`email:`, `look: null`) is an error wherever it is, never
    taken as "not set": an unquoted `accent: #8B1A1A` is a key with no value and a comment,
    and silently ignoring it would print the wrong colour. Leaving the line out is how a
    field is left unset. One exception, written out: `null` for a field of a variant
    means none rather than the value it would inherit (`page_limit: null` lifts the
    résumé's limit). wanted: what the model expects at a path ("list", "mapping"),
    where it said so."""
    wanted = wanted or {}
    problems = []
    for path, written in document.empty.items():
        if not path:
            continue
        key = path[-1]
        if written[:1] in BLOCK_STYLES:
            header, _, comment = written.partition(" ")
            put = f"{key}: {header}" if isinstance(key, str) else f"- {header}"
            dropped = (f"; YAML read the line under it, {comment!r}, as a comment"
                       if comment else "")
            under, leave = ((f"`{key}:`", f"the line to leave {key} unset")
                            if isinstance(key, str) else ("its '-'", "the item"))
            message = (f"`{put}` holds no text{dropped}: indent the text under it, further "
                       f"than {under}, or remove {leave}")
        elif written.startswith("#"):
            put = f"{key}: " if isinstance(key, str) else "- "
            what = "a colour" if re.fullmatch(r"#[0-9A-Fa-f]{6}", written) else "it"
            message = (f"no value: YAML reads {written!r} as a comment (a '#' after a space "
                       f"starts one); quote {what}: {put}\"{written}\"")
        elif written and len(path) == 3 and path[0] == "variants":
            continue  # a variant's field set to none, over what it would inherit
        elif isinstance(key, int):
            message = "an empty item: give it a value, or remove its '-' line"
        elif wanted.get(dotted(path)) == "list":
            message = ("no items given: write them (one '- item' per line, or [a, b]), "
                       "[] for none, or remove the line")
        elif wanted.get(dotted(path)) == "mapping":
            message = "no fields given: write them indented under it, or remove the line"
        elif written:
            message = f"{written} is not a value here: give one, or remove the line to " \
                      f"leave {key} unset"
        else:
            message = f"no value given: write one, or remove the line to leave {key} unset"
        problems.append(document.problem(path, message))
    return problems


def check_name(document: Document) -> list[Problem]:
    """The name heads every document and is the PDF's author: it must print something."""
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
    problems = []
    for name in variants:
        if not isinstance(name, str):
            continue
        shown = name if len(name) <= 60 else name[:57] + "..."
        if name.lower() in RESERVED_NAMES:
            problems.append(document.problem(("variants", name), f"{name!r} is the name of "
                                             "a file of the build folder; choose another"))
        elif not (VARIANT_NAME.fullmatch(name) and ".." not in name):
            problems.append(document.problem(
                ("variants", name), f"variant name {shown!r} is used as a file name: use at "
                                    "most 100 letters, digits, '-', '_' and '.'"))
    return problems


def check_section_keys(document: Document) -> list[Problem]:
    """A section of the record's own is named by its key in variants and templates: not
    a built-in kind (which one would a variant mean?), and a plain word."""
    sections = document.data.get("sections")
    if not isinstance(sections, dict):
        return []
    problems = []
    for key in sections:
        where = ("sections", key)
        if key in BUILTIN_KINDS:
            field = "research_statement" if key == "statement" else key
            problems.append(document.problem(where, f"{key!r} is a built-in section (the "
                                                    f"record's {field}:); give yours another "
                                                    f"key, such as '{key}_more'"))
        elif not re.fullmatch(SECTION_KEY, key):
            problems.append(document.problem(where, f"section key {key!r} names the section in "
                                                    "variants and templates: use lowercase "
                                                    "letters, digits and '_', starting with a "
                                                    "letter (teaching, grants_awarded)"))
    return problems


def check_characters(document: Document) -> list[Problem]:
    """Every character no shipped font can print, and every colour-only emoji, with its
    field and line, before compiling."""
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
                    path, f"cannot be typeset: {listed}; no font cv-builder uses has it — "
                          "write it otherwise or remove it"))
            hidden = hidden_characters(value)
            if hidden and not colour_only(value):  # a joined emoji is refused as such
                problems.append(document.problem(
                    path, f"holds {', '.join(describe(ch) for ch in hidden[:5])}: invisible, "
                          "it reorders or hides text, and the PDF would print the text "
                          "without it — remove it (write the text in the order it reads)"))
            colour = colour_only(value)
            if colour:
                problems.append(document.problem(
                    path, f"cannot be typeset: {', '.join(colour[:5])}; these emoji exist "
                          "only in colour, and PDF text here is monochrome — write the "
                          "words instead (a country's name for its flag)"))

    walk(document.data, ())
    return problems
