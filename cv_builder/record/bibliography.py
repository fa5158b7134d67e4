"""A record's BibTeX: a .bib file's entries as publications, TeX accents turned into Unicode.

Why bibtexparser v2 and pylatexenc: a .bib is parsed by a well-kept parser (strings,
@comment, name splitting, errors with lines), and TeX is decoded by a real LaTeX
reader. We decode ourselves rather than with bibtexparser's LatexDecodingMiddleware
because that one turns $math$ into text too; our titles keep math as $...$ markup.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import InvalidInput, Problem
from .charset import describe, unsupported_characters
from .fields import into_field
from .load import Document, dotted
from .markup import MarkupError, check_math
from .model import Publication

# BibTeX entry type -> the record's publication type.
TYPES = {
    "article": "journal", "inproceedings": "conference", "conference": "conference",
    "proceedings": "book", "book": "book", "inbook": "book", "incollection": "book",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
}
# Fields that become part of a publication; any other field has no place in the record.
USED_FIELDS = {"author", "editor", "title", "journal", "booktitle", "school", "institution",
               "publisher", "howpublished", "year", "date", "doi", "url", "eprint",
               "archiveprefix", "eprinttype", "note", "shortjournal", "shortbooktitle",
               "venue_short"}
# Publication fields in the order they are written into a record.
ORDER = ("id", "authors", "et_al", "title", "venue", "venue_short", "type", "year", "status",
         "notes", "links", "doi")


@dataclass
class Bibliography:
    """Publications read from a .bib file, with the line of each and what had no place."""

    file: str
    publications: list[dict] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # id -> line in the .bib
    unused: dict[str, int] = field(default_factory=dict)  # field name -> how many entries
    problems: list[Problem] = field(default_factory=list)

    def problem(self, key: str | None, field_name: str, message: str) -> None:
        path = f"@{key}.{field_name}" if key and field_name else (f"@{key}" if key else "")
        self.problems.append(Problem(self.file, self.lines.get(key or ""), None, path, message))


# --- TeX to Unicode -----------------------------------------------------------------------------

@lru_cache(maxsize=2)
def _converter(math_mode: str):
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode=math_mode, strict_latex_spaces=True, keep_comments=False)


@contextmanager
def _quiet():
    """pylatexenc and bibtexparser log every oddity; we report problems ourselves."""
    loggers = [logging.getLogger(name) for name in ("pylatexenc", "bibtexparser")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def tex_to_text(tex: str) -> str:
    """TeX as the Unicode it prints: Schr{\\"o}dinger -> Schrödinger, case braces dropped."""
    with _quiet():
        text = _converter("text").latex_to_text(tex)
    return " ".join(text.replace("\u00a0", " ").split())


def _split_math(tex: str) -> list[tuple[bool, str]]:
    """[(is_math, piece)]: $...$ found outside braces' escapes; \\$ is a dollar sign."""
    pieces, buffer, in_math, i = [], [], False, 0
    while i < len(tex):
        if tex[i] == "\\" and i + 1 < len(tex):
            buffer.append(tex[i:i + 2])
            i += 2
            continue
        if tex[i] == "$":
            pieces.append((in_math, "".join(buffer)))
            buffer, in_math = [], not in_math
            i += 1
            continue
        buffer.append(tex[i])
        i += 1
    if in_math:  # an unclosed $: read it all as text
        pieces.append((False, "$" + "".join(buffer)))
    else:
        pieces.append((False, "".join(buffer)))
    return [(math, piece) for math, piece in pieces if piece]


def decode_title(tex: str) -> str:
    """A title for the record: accents as Unicode, $math$ kept as our markup when it is
    math our markup accepts, else read as text (\\alpha -> α)."""
    out = []
    for is_math, piece in _split_math(tex):
        if is_math:
            try:
                out.append(f"${check_math(piece.strip())}$")
                continue
            except MarkupError:
                piece = f"${piece}$"
        text = tex_to_text(_balanced(piece))
        lead = " " if piece[:1].isspace() else ""
        trail = " " if piece[-1:].isspace() else ""
        out.append(lead + into_field(Publication, "title", text) + trail)
    return _spaces("".join(out))


def _balanced(tex: str) -> str:
    """Drop braces left unmatched where a $ split a group: '{' + '$x$' + '-free}'."""
    chars, opened, i = list(tex), [], 0
    while i < len(chars):
        if chars[i] == "\\":
            i += 2
            continue
        if chars[i] == "{":
            opened.append(i)
        elif chars[i] == "}":
            if opened:
                opened.pop()
            else:
                chars[i] = ""
        i += 1
    for index in opened:
        chars[index] = ""
    return "".join(chars)


def _spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- Names --------------------------------------------------------------------------------------

def person_name(parts) -> str:
    """A bibtexparser NameParts as 'First von Last, Jr.' in Unicode."""
    def words(tokens):
        return " ".join(tex_to_text(t) for t in tokens if t)

    name = " ".join(filter(None, [words(parts.first), words(parts.von), words(parts.last)]))
    if parts.jr:
        name += ", " + words(parts.jr)
    return name


def _given_and_last(name: str) -> tuple[list[str], str]:
    words = name.replace(",", " ").split()
    return words[:-1], (words[-1] if words else "")


def _initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1


def owner_form(author: str, owner_names: list[str]) -> str:
    """The author as the owner writes their name, if it is the owner; else unchanged.

    Why: render bolds exact name forms only; a .bib writes the owner as 'Zhuang, J.' or
    'Juntang Zhuang' at will, and each must come out as a form the record lists. A full
    given name must equal one the record gives ('Jun' is not 'Juntang'); an initial
    matches any form whose given name starts with it.
    """
    for form in owner_names:
        if form.casefold() == author.casefold():
            return form
    given, last = _given_and_last(author)
    forms = [(f, *_given_and_last(f)) for f in owner_names]
    forms = [(f, g[0].rstrip(".").casefold()) for f, g, l in forms
             if g and l.casefold() == last.casefold()]
    if not given or not forms:
        return author
    first = given[0].rstrip(".").casefold()
    full = [(f, g) for f, g in forms if not _initial(g)]
    if not _initial(first):
        known = [f for f, g in full if g == first]
        if full:
            return known[0] if known else author
        known = [f for f, g in forms if first.startswith(g)]
        return known[0] if known else author
    abbreviated = [f for f, g in forms if _initial(g) and g == first]
    expanded = [f for f, g in full if g.startswith(first)]
    return (abbreviated or expanded or [author])[0]


# --- Entries ------------------------------------------------------------------------------------

def _plain_field(value: str) -> str:
    return tex_to_text(value)


def _url(value: str) -> str:
    """A .bib address: braces and TeX escapes (\\_, \\%, \\&, \\#) removed, not decoded."""
    value = value.strip().strip("{}").strip()
    value = re.sub(r"\\url\{(.*)\}", r"\1", value)
    return re.sub(r"\\([_%&#~$])", r"\1", value).replace("{", "").replace("}", "")


def _year(fields: dict) -> int | None:
    for key in ("year", "date"):
        match = re.search(r"\d{4}", str(fields.get(key, "")))
        if match:
            return int(match[0])
    return None


def _is_arxiv(fields: dict, venue: str) -> bool:
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").lower()
    return prefix == "arxiv" or bool(re.match(r"(arxiv|corr)\b", venue.strip().lower()))


def entry_publication(entry, owner_names: list[str], bib: Bibliography) -> dict | None:
    """One bibtexparser Entry as publication data, or None after noting its problems."""
    key = entry.key
    fields = {name.lower(): f.value for name, f in entry.fields_dict.items()}
    for name in fields:
        if name not in USED_FIELDS:
            bib.unused[name] = bib.unused.get(name, 0) + 1
    paper: dict = {"id": key}
    if not re.fullmatch(r"[A-Za-z0-9_:.\-]+", key):
        bib.problem(key, "", "the key may hold only letters, digits and _ : . - (it is the "
                             "publication id)")
    people = fields.get("author") or fields.get("editor") or []
    if isinstance(people, str):  # SplitNameParts did not run: a single unparsed name
        people = []
    authors = [person_name(p) for p in people]
    et_al = bool(authors) and authors[-1].casefold() == "others"
    authors = [owner_form(a, owner_names) for a in authors if a.casefold() != "others"]
    if not authors:
        bib.problem(key, "author", "no authors: give an author (or editor) field")
    paper["authors"] = authors
    if et_al:
        paper["et_al"] = True
    if not fields.get("title"):
        bib.problem(key, "title", "no title")
    paper["title"] = decode_title(fields.get("title", ""))
    entry_type = entry.entry_type.lower()
    venue_tex = next((fields[k] for k in ("journal", "booktitle", "school", "institution",
                                          "howpublished", "publisher") if fields.get(k)), "")
    venue = _plain_field(re.sub(r"\\url\{[^}]*\}", "", venue_tex)) if venue_tex else ""
    kind = TYPES.get(entry_type, "other")
    if "workshop" in venue.lower() and kind in ("conference", "other"):
        kind = "workshop"
    arxiv = _is_arxiv(fields, venue)
    if arxiv and kind in ("journal", "other"):
        kind = "preprint"
    if not venue and fields.get("eprint") and arxiv:
        venue = f"arXiv:{_plain_field(fields['eprint'])}"
    if venue:
        paper["venue"] = venue
    short = fields.get("venue_short") or fields.get("shortjournal") or fields.get("shortbooktitle")
    if short:
        paper["venue_short"] = _plain_field(short)
    paper["type"] = kind
    year = _year(fields)
    if year is None:
        bib.problem(key, "year", "no year")
    paper["year"] = year
    note = _plain_field(fields["note"]) if fields.get("note") else ""
    status = "published"
    if kind == "preprint":
        status = "preprint"
    if re.search(r"\b(submitted|under review|in submission)\b", note, re.I):
        status = "in submission"
    elif re.search(r"\b(to appear|accepted|in press)\b", note, re.I):
        status = "accepted"
    elif entry_type == "unpublished":
        status = "in preparation"
    if status != "published":
        paper["status"] = status
    if note:
        paper["notes"] = [note]
    links = []
    if fields.get("url"):
        links.append({"label": "paper", "url": _url(fields["url"])})
    if arxiv and fields.get("eprint"):
        address = f"https://arxiv.org/abs/{_url(fields['eprint'])}"
        if all(link["url"] != address for link in links):
            links.append({"label": "arXiv", "url": address})
    if links:
        paper["links"] = links
    if fields.get("doi"):
        paper["doi"] = re.sub(r"^https?://(dx\.)?doi\.org/", "", _url(fields["doi"]))
    return paper


def parse_bib(text: str, name: str, owner_names: list[str]) -> Bibliography:
    """Every entry of a .bib text as publication data; problems collected, not raised."""
    import bibtexparser
    from bibtexparser import middlewares

    bib = Bibliography(name)
    with _quiet():
        library = bibtexparser.parse_string(text, append_middleware=[
            middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()])
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        error = getattr(block, "error", None)
        reason = str(error) if error and str(error) else type(block).__name__
        if type(block).__name__ == "DuplicateBlockKeyBlock":
            reason = f"duplicate key {getattr(block, 'key', '')!r}".replace(" ''", "")
        elif "Abort" in type(error).__name__ if error else False:
            reason = "syntax error (an unclosed brace or quote?)"
        bib.problems.append(Problem(name, line, None, "", f"cannot read this entry: {reason}"))
    for entry in library.entries:
        bib.lines[entry.key] = (entry.start_line or 0) + 1
        paper = entry_publication(entry, owner_names, bib)
        bib.publications.append({k: paper[k] for k in ORDER if k in paper})
    _check(bib)
    return bib


def _check(bib: Bibliography) -> None:
    """Validate each entry as the model will, and every character pdflatex must set."""
    from pydantic import ValidationError

    for paper in bib.publications:
        key = paper["id"]
        for name, value in paper.items():
            for text in value if isinstance(value, list) else [value]:
                bad = unsupported_characters(text) if isinstance(text, str) else []
                if bad:
                    bib.problem(key, name, "cannot be typeset: " + ", ".join(
                        describe(ch) for ch in bad[:5]))
        if any(p.path.startswith(f"@{key}") for p in bib.problems):
            continue
        try:
            Publication.model_validate(paper)
        except ValidationError as error:
            for item in error.errors(include_url=False):
                bib.problem(key, dotted(item["loc"]), item["msg"])


def read_bib(path: Path, owner_names: list[str]) -> Bibliography:
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InvalidInput([Problem(str(path), None, None, "", "file not found")]) from None
    except IsADirectoryError:
        raise InvalidInput([Problem(str(path), None, None, "", "is a folder, not a .bib file")]) \
            from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")  # old .bib files; TeX escapes carry the accents anyway
    return parse_bib(text, str(path), owner_names)


# --- Merging ------------------------------------------------------------------------------------

def owner_names(data: object) -> list[str]:
    """The person's name and name forms from raw record data (tolerating a broken record)."""
    person = data.get("person") if isinstance(data, dict) else None
    if not isinstance(person, dict):
        return []
    names = [person.get("name")] + list(person.get("name_forms") or [])
    return [n for n in names if isinstance(n, str) and n.strip()]


def insert_positions(existing: list, new: list[dict]) -> list[int]:
    """Where each new paper goes in existing (newest first): before the first older paper,
    after papers of its own year; positions counted in the original list."""
    def year(entry):
        return entry.get("year") if isinstance(entry, dict) and isinstance(
            entry.get("year"), int) else None

    positions = []
    for paper in new:
        spot = len(existing)
        for index, entry in enumerate(existing):
            older = year(entry) is not None and paper["year"] is not None
            if older and year(entry) < paper["year"]:
                spot = index
                break
        positions.append(spot)
    return positions


def with_bibliography(document: Document) -> Document:
    """The document with its `bibliography:` publications merged in (record entries win on
    an equal id, and may give only id plus notes/selected); unchanged without one."""
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("bibliography"), str):
        return document
    path = Path(document.file).parent / data["bibliography"]
    if not path.is_file():
        raise InvalidInput([document.problem(("bibliography",), f"{path} not found (the path "
                                             "is relative to the record's folder)")])
    bib = read_bib(path, owner_names(data))
    if bib.problems:
        raise InvalidInput(bib.problems)
    own = data.get("publications")
    own = own if isinstance(own, list) else []
    by_id = {p["id"]: p for p in bib.publications}
    # A complete record entry keeps its place; one giving only id plus notes/selected is
    # completed from the .bib and placed by year like the .bib's own entries.
    merged, notes, problems = [], {}, []
    for index, entry in enumerate(own):
        partial = isinstance(entry, dict) and not {"authors", "title", "year"} <= set(entry)
        if partial and entry.get("id") in by_id:
            notes[entry["id"]] = index
            continue
        if isinstance(entry, dict) and entry.get("id") in by_id:
            entry = {**by_id.pop(entry["id"]), **entry}
        elif partial:
            problems.append(document.problem(
                ("publications", index, "id"),
                f"{entry.get('id')!r} is not in {path.name}: give its authors, title and "
                "year here, or add it to the .bib"))
        merged.append((index, entry))
    if problems:
        raise InvalidInput(problems)
    new = [{**paper, **own[notes[paper["id"]]]} if paper["id"] in notes else paper
           for paper in by_id.values()]
    new_origin = {i: notes.get(paper["id"]) for i, paper in enumerate(new)}
    complete = [entry for _, entry in merged]
    order = sorted(zip(insert_positions(complete, new), range(len(new))))
    result, old_to_new, taken = [], {}, 0

    def place(i: int) -> None:
        if new_origin[i] is not None:
            old_to_new[new_origin[i]] = len(result)
        result.append(new[i])

    for spot, (index, entry) in enumerate(merged):
        while taken < len(order) and order[taken][0] == spot:
            place(order[taken][1])
            taken += 1
        old_to_new[index] = len(result)
        result.append(entry)
    for _, i in order[taken:]:
        place(i)
    positions = {}
    for path_, where in document.positions.items():
        if len(path_) >= 2 and path_[0] == "publications" and isinstance(path_[1], int):
            path_ = ("publications", old_to_new[path_[1]], *path_[2:])
        positions[path_] = where
    return Document(document.file, {**data, "publications": result}, positions)
