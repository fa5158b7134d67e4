"""A record's BibTeX: a .bib file's entries as publications, merged newest first.

Why bibtexparser v2 and pylatexenc: bibtexparser's splitter finds the blocks, fields and
lines of a .bib (bibtex.py reads the values with BibTeX's rules), and pylatexenc
decodes TeX as LaTeX sets it (tex_text.py). One bad entry never refuses the file: each
problem is a warning naming file:line and the key, and the entry is imported with what
it has or left out with the reason; --strict turns the warnings into a refusal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from .bib_links import LINK_FIELDS, entry_links, link_address, same_page
from .bib_names import as_written, owner_form, owner_lookalikes, split_people
from .bibtex import BibEntry, month_number, read_bibtex
from .charset import (colour_only, describe, hidden_characters,
                      unsupported_characters)
from .fields import into_field
from .load import dotted, read_input
from .named_files import MAX_FILE_BYTES
from .papers import YEARLESS, Publication, by_owner
from .tex_text import decode_title as _decode_title
from .tex_text import quiet, tex_to_text, unknown_commands
from .venue_text import settled, standing, status_named, venue_kind

# BibTeX entry type -> the record's publication type.
TYPES = {
    "article": "journal", "inproceedings": "conference", "conference": "conference",
    "proceedings": "book", "book": "book", "inbook": "book", "incollection": "book",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
}
# Where the venue is, in order of preference.
VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "school", "institution", "series",
                "howpublished", "publisher", "organization")
# Fields that become part of a publication; any other has no place in the record.
USED_FIELDS = {"author", "editor", "title", "year", "date", "month", "doi", "eprint",
               "archiveprefix", "eprinttype", "note", "shortjournal", "shortbooktitle",
               "venue_short", "crossref", "pubstate", *VENUE_FIELDS, *LINK_FIELDS}
# biblatex's pubstate keys -> the record's status (anything else is read as words).
PUBSTATES = {"inpreparation": "in preparation", "submitted": "in submission",
             "forthcoming": "to appear", "inpress": "accepted", "prepublished": "preprint"}
# Publication fields in the order they are written into a record.
ORDER = ("id", "authors", "et_al", "title", "venue", "venue_short", "type", "thesis", "year",
         "status",
         "notes", "links", "doi")


@dataclass
class Bibliography:
    """Publications read from a .bib file: the line and month of each, what had no place,
    and every warning (file:line, @key)."""

    file: str
    publications: list[dict] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # id -> line in the .bib
    months: dict[str, int] = field(default_factory=dict)  # id -> month, for the order
    keys: dict[str, str] = field(default_factory=dict)  # id -> the .bib key it came from
    unused: dict[str, int] = field(default_factory=dict)  # field name -> how many entries
    warnings: list[Problem] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)  # .bib key -> id, where it had to change
    parents: list[str] = field(default_factory=list)  # crossref targets, not papers of their own
    # Entries none of whose authors is the owner: (entry, its authors as read).
    ownerless: list[tuple[BibEntry, list[str]]] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        """What changed on the way in that is no problem, in a few words."""
        out = []
        if self.renamed:
            shown = "; ".join(f"{k} → {v}" for k, v in list(self.renamed.items())[:3])
            more = f" and {len(self.renamed) - 3} more" if len(self.renamed) > 3 else ""
            out.append(f"{len(self.renamed)} keys are not valid ids and were changed: "
                       f"{shown}{more}")
        if self.parents:
            out.append("entries others crossref, not imported as papers of their own: "
                       + ", ".join(self.parents))
        return out

    def warn(self, line: int | None, key: str | None, field_name: str, message: str) -> None:
        path = f"@{key}.{field_name}" if key and field_name else (f"@{key}" if key else "")
        self.warnings.append(Problem(self.file, line, None, path, message))

    @property
    def problems(self) -> list[Problem]:
        return self.warnings


def decode_title(tex: str) -> str:
    """A .bib title as record markup (see tex_text.decode_title)."""
    return _decode_title(tex, lambda text: into_field(Publication, "title", text))


# --- Entries ------------------------------------------------------------------------------------

def record_id(key: str, taken: set[str]) -> str:
    """A .bib key as a publication id: a DOI or URL key loses its address part, every
    character an id may not hold becomes '-'; unique among taken."""
    text = re.sub(r"^https?://(dx\.)?doi\.org/", "doi:", key.strip(), flags=re.I)
    text = re.sub(r"^https?://", "", text)
    text = re.sub(r"[^A-Za-z0-9_:.\-]+", "-", text).strip("-") or "paper"
    candidate, number = text, 2
    while candidate in taken:
        candidate, number = f"{text}-{number}", number + 1
    return candidate


def _thesis_degree(entry: BibEntry) -> str | None:
    """'phd' for @phdthesis, 'masters' for @mastersthesis; biblatex's @thesis says it in
    its type field (phdthesis, mathesis, 'PhD thesis', 'Master's thesis')."""
    said = f"{entry.type} {tex_to_text(entry.get('type'))}".casefold()
    if re.search(r"phd|ph\.d|doctor|dissertation", said):
        return "phd"
    if re.search(r"master|mathesis|m\.sc|msc", said):
        return "masters"
    return None


def _year(entry: BibEntry) -> int | None:
    for name in ("year", "date"):
        match = re.search(r"\b(1\d{3}|2\d{3})\b", entry.get(name))
        if match:
            return int(match[0])
    return None


def _month(entry: BibEntry) -> int | None:
    if entry.get("month"):
        return month_number(tex_to_text(entry.get("month")))
    match = re.match(r"\s*\d{4}-(\d{1,2})", entry.get("date"))
    return int(match[1]) if match and 1 <= int(match[1]) <= 12 else None


def _is_arxiv_venue(venue: str) -> bool:
    return bool(re.match(r"(arxiv|corr\b|e-?print)", venue.strip().lower()))


def entry_publication(entry: BibEntry, owner_names: list[str], bib: Bibliography,
                      taken: set[str]) -> dict | None:
    """One .bib entry as publication data; None (after a warning) if it cannot be one."""
    key = entry.key
    for name in entry.fields:
        if name not in USED_FIELDS and not name.startswith("_"):
            bib.unused[name] = bib.unused.get(name, 0) + 1
    paper: dict = {"id": record_id(key, taken)}
    if paper["id"] != key and "_duplicate_of" not in entry.fields:
        bib.renamed[key] = paper["id"]
    if "_duplicate_of" in entry.fields:
        bib.warn(entry.line, key, "", f"a second entry with the key {entry.get('_duplicate_of')!r}"
                 f": imported as {paper['id']!r}")
    people_field = "author" if entry.get("author").strip() else "editor"
    authors, note = split_people(entry.get(people_field))
    if note:
        bib.warn(entry.line_of(people_field), key, people_field, note)
    et_al = bool(authors) and authors[-1].casefold() in ("others", "et al.", "et al")
    authors = [owner_form(a, owner_names) for a in authors
               if a.casefold() not in ("others", "et al.", "et al")]
    if not entry.get("title").strip():
        if not any(w.path == f"@{key}.title" for w in bib.warnings):  # said once
            bib.warn(entry.line, key, "title", "no title: left out")
        return None
    if not authors and owner_names:  # in one's own .bib, a paper with no author is one's own
        authors = [owner_names[0]]
        bib.warn(entry.line, key, "author", f"no author or editor: imported with "
                 f"{owner_names[0]} as its author; check it")
    elif not authors:
        bib.warn(entry.line, key, "author", "no author or editor: left out")
        return None
    paper["authors"] = authors
    if owner_names and not by_owner(authors, owner_names):
        bib.ownerless.append((entry, authors))
    if et_al:
        paper["et_al"] = True
    paper["title"] = decode_title(entry.get("title"))
    for name in ("title", *VENUE_FIELDS):
        unknown = unknown_commands(entry.get(name))
        if unknown:
            bib.warn(entry.line_of(name), key, name, "TeX commands printed as nothing: "
                     + ", ".join("\\" + n for n in unknown))
    venue_field = next((n for n in VENUE_FIELDS if entry.get(n).strip()
                        and not (n == "howpublished" and link_address(entry.get(n)))), None)
    # 'Submitted to ICML 2025' in a journal, booktitle or howpublished: a status and
    # a venue; in a note, the same (the note then gives the venue the entry lacks).
    venue, status = standing(tex_to_text(entry.get(venue_field))) if venue_field else ("", None)
    note = tex_to_text(entry.get("note")) if entry.get("note") else ""
    note_venue, note_status = standing(note) if note else ("", None)
    if note_status is not None:
        status = note_status
        if not venue:
            venue, note = note_venue, ""
        elif not note_venue or note_venue.casefold() == venue.casefold():
            note = ""  # the status (and the venue) say it
    elif note:
        status = status_named(note) or status  # 'Extended version submitted to JMLR': kept
    pubstate = tex_to_text(entry.get("pubstate")).strip() if entry.get("pubstate") else ""
    if pubstate:  # biblatex says it in a field of its own: that first
        said = PUBSTATES.get(pubstate.casefold().replace(" ", "")) or \
            standing(pubstate).status or status_named(pubstate)
        status = said or status
        if not said:  # words that are no status: kept, as a note
            note = f"{note}; {pubstate}" if note else pubstate
    kind = TYPES.get(entry.type, "other")
    if kind == "other":  # @misc, @unpublished, @techreport...: what the venue's name says
        kind = venue_kind(venue) or "other"
    if "workshop" in venue.lower() and kind in ("conference", "other"):
        kind = "workshop"
    if status == "preprint" and kind in ("journal", "other"):
        kind = "preprint"
    archive = (entry.get("archiveprefix") or entry.get("eprinttype")).strip().lower()
    eprint = tex_to_text(entry.get("eprint")).removeprefix("arXiv:").strip()
    arxiv_eprint = bool(eprint) and (archive == "arxiv" or re.fullmatch(
        r"\d{4}\.\d{4,5}(v\d+)?|[a-z\-]+(\.[A-Z]{2})?/\d{7}(v\d+)?", eprint) is not None)
    if (not venue or _is_arxiv_venue(venue)) and (arxiv_eprint or _is_arxiv_venue(venue)) \
            and kind in ("journal", "other"):
        kind = "preprint"  # an arXiv paper with no other venue; in a journal, a journal's
    if not venue and arxiv_eprint:
        venue = f"arXiv:{eprint}"
    if venue:
        paper["venue"] = venue
    short = entry.get("venue_short") or entry.get("shortjournal") or entry.get("shortbooktitle")
    if short:
        paper["venue_short"] = tex_to_text(short)
    paper["type"] = kind
    degree = _thesis_degree(entry) if kind == "thesis" else None
    if degree:
        paper["thesis"] = degree
    year = _year(entry)
    month = _month(entry)
    if month:
        bib.months[paper["id"]] = month
    if status is None:
        if re.search(r"\b(to appear|forthcoming)\b", entry.get("volume"), re.I):
            status = "to appear"
        elif kind == "preprint":
            status = "preprint"
        elif entry.type == "unpublished":
            status = "in preparation"
        else:
            status = "published"
    status = settled(status, year)
    written = tex_to_text(entry.get("year")).strip()
    if year is None:
        if written or status not in YEARLESS:  # a paper not out yet has no year: fine
            status = status if status in YEARLESS else "to appear"
            bib.warn(entry.line_of("year") if written else entry.line, key, "year",
                     (f"{written!r} is no year" if written else "no year")
                     + f": imported as {status!r}")
    else:
        paper["year"] = year
        if written and not re.fullmatch(r"\d{4}", written):
            bib.warn(entry.line_of("year"), key, "year", f"{written!r}: kept as {year}")
    if status != "published":
        paper["status"] = status
    if note:
        paper["notes"] = [note]
    links = entry_links(entry, arxiv_eprint, eprint, bib.unused)
    if links:
        paper["links"] = links
    if entry.get("doi"):
        doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", entry.get("doi").strip(), flags=re.I)
        paper["doi"] = re.sub(r"\\([_%&#])", r"\1", doi).replace("{", "").replace("}", "")
    return {k: paper[k] for k in ORDER if k in paper}


def parse_bib(text: str, name: str, owner_names: list[str]) -> Bibliography:
    """Every entry of a .bib text as publication data; problems are warnings."""
    bib = Bibliography(name)
    with quiet():
        read = read_bibtex(text, name)
    bib.warnings += read.warnings
    taken: set[str] = set()
    bib.parents = [e.key for e in read.entries if e.key.lower() in read.parents]
    for entry in read.entries:
        if entry.key.lower() in read.parents:
            continue
        with quiet():
            paper = entry_publication(entry, owner_names, bib, taken)
        if paper is None or not _typesettable(paper, entry, bib) or not _valid(paper, entry, bib):
            continue
        if _seen_before(paper, entry, bib):
            continue
        taken.add(paper["id"])
        bib.lines[paper["id"]] = entry.line
        bib.keys[paper["id"]] = entry.key
        bib.publications.append(paper)
    _owner_hint(bib, owner_names)
    bib.warnings.sort(key=lambda problem: problem.line or 0)  # in the file's order
    return bib


def _owner_hint(bib: Bibliography, owner_names: list[str]) -> None:
    """One warning for the papers whose authors do not include the record's person (so
    their name is not bolded there): how the .bib writes a name like theirs, and the
    name form to add. Why: a .bib writes 'Mueller, H.' where the record says 'Hans
    Müller', and the papers came in silently without their owner."""
    imported = {bib.keys[paper["id"]] for paper in bib.publications}
    ownerless = [(entry, authors) for entry, authors in bib.ownerless if entry.key in imported]
    if not ownerless:
        return
    entry, _ = ownerless[0]
    keys = ", ".join(e.key for e, _ in ownerless[:3]) + (
        f" and {len(ownerless) - 3} more" if len(ownerless) > 3 else "")
    said = (f"{owner_names[0]!r} is not among the authors of {len(ownerless)} of "
            f"{len(bib.publications)} papers ({keys}), so it is not bolded there")
    people = "author" if entry.get("author").strip() else "editor"
    alike = owner_lookalikes(owner_names, [a for _, authors in ownerless for a in authors])
    if alike:
        form = alike[0]
        holder = next(e for e, authors in ownerless if form in authors)
        written = as_written(holder.get("author") or holder.get("editor"), form)
        shown = f"'{written}' (read as '{form}')" if written != form else f"'{form}'"
        bib.warn(entry.line_of(people), entry.key, people,
                 f"{said}: the .bib writes {shown}; if that is you, add {form!r} to "
                 "person.name_forms in the record")
    else:
        counts: dict[str, int] = {}
        for _, authors in ownerless:
            for author in set(authors):
                counts[author] = counts.get(author, 0) + 1
        common = max(counts, key=counts.get, default="")
        if len(ownerless) == 1:
            most = " (its authors: " + ", ".join(f"'{a}'" for a in ownerless[0][1][:4]) + (
                ", ..." if len(ownerless[0][1]) > 4 else "") + ")"
        elif counts.get(common, 0) * 2 >= len(ownerless):
            most = f" ('{common}' is an author of {counts[common]} of them)"
        else:
            most = ""
        bib.warn(entry.line_of(people), entry.key, people,
                 f"{said}, and no author there has a surname like it{most}: if you are one "
                 "of them, add the form the .bib uses to person.name_forms in the record")


def _seen_before(paper: dict, entry: BibEntry, bib: Bibliography) -> bool:
    """True (after a warning) if an earlier entry of the file is this paper: the same DOI,
    or the same title in the same year (a journal version a year later is its own). Its
    facts join the earlier entry: its links and DOI, and another venue as a note; a
    published version takes the place of a preprint, whose links it keeps."""
    title = normal_title(paper.get("title"))
    for other in bib.publications:
        same_doi = bool(paper.get("doi")) and str(other.get("doi", "")).lower() == \
            paper["doi"].lower()
        if not same_doi and not (len(title) > 12 and other.get("year") == paper.get("year")
                                 and normal_title(other.get("title")) == title):
            continue
        said = ["one entry now, with the links of both"]
        if other.get("type") == "preprint" and paper.get("type") != "preprint":
            published = dict(paper, id=other["id"])  # the journal's version, in the
            paper = dict(other)                       # preprint's place and under its id
            other.clear()
            other.update(published)
            said.append(f"the published version ({other.get('venue', 'no venue')}) kept")
        kept = {same_page(link["url"]) for link in other.get("links", [])}
        links = [link for link in paper.get("links", []) if same_page(link["url"]) not in kept]
        if paper.get("doi") and not same_doi and paper.get("type") != "preprint":
            links.append({"label": "doi", "url": f"https://doi.org/{paper['doi']}"})
        if links:
            other["links"] = other.get("links", []) + links
        venue = paper.get("venue")
        if not same_doi and venue and venue != other.get("venue") and \
                paper.get("type") != "preprint":
            other.setdefault("notes", []).append(f"also {venue}")
            said.append(f"'also {venue}' a note")
        bib.warn(entry.line, entry.key, "", (
            f"the same paper as @{bib.keys[other['id']]} (line {bib.lines[other['id']]}, "
            f"{'same DOI' if same_doi else 'same title and year'}): " + "; ".join(said)))
        return True
    return False


def _typesettable(paper: dict, entry: BibEntry, bib: Bibliography) -> bool:
    """False (after a warning at its line) if a value holds what no shipped font prints."""
    for name, value in paper.items():
        for text in value if isinstance(value, list) else [value]:
            if not isinstance(text, str):
                continue
            bad = [describe(ch) for ch in unsupported_characters(text)] or colour_only(text) \
                or [describe(ch) for ch in hidden_characters(text)]
            if bad:
                source = {"authors": "author", "venue": "journal"}.get(name, name)
                bib.warn(entry.line_of(source), entry.key, name, "cannot be typeset: "
                         + ", ".join(bad[:5]) + "; no font cv-builder uses has it: the "
                         "entry is left out")
                return False
    return True


def _valid(paper: dict, entry: BibEntry, bib: Bibliography) -> bool:
    from pydantic import ValidationError

    try:
        Publication.model_validate(paper)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            path = dotted(item["loc"])
            bib.warn(entry.line, entry.key, path, f"{item['msg']}: the entry is left out")
        return False
    return True


def read_bib(path: Path, owner_names: list[str]) -> Bibliography:
    """A .bib file given on the command line, read as the untrusted file it is."""
    return bib_from_bytes(read_input(path, MAX_FILE_BYTES, "a .bib file"), path, owner_names)


def bib_from_bytes(raw: bytes, path: Path | str, owner_names: list[str]) -> Bibliography:
    try:
        return parse_bib(raw.decode("utf-8-sig"), str(path), owner_names)
    except UnicodeDecodeError as error:
        # JabRef's and BibDesk's old default; ISO 8859-1 is its subset.
        bib = parse_bib(raw.decode("cp1252", errors="replace"), str(path), owner_names)
        line = raw[:error.start].count(b"\n") + 1
        bib.warnings.insert(0, Problem(str(path), line, None, "", (
            f"not UTF-8 (byte 0x{raw[error.start]:02X}): read as Windows-1252 (ISO 8859-1); "
            "check its accented letters, or save the file as UTF-8")))
        return bib


# --- Order and sameness -------------------------------------------------------------------------

def newest_first(papers: list[dict], months: dict[str, int]) -> list[dict]:
    """Papers newest first: year, then month; 'to appear' (no year) on top; the file's
    order among equals."""
    def age(paper):
        year = paper.get("year")
        return (-(year if isinstance(year, int) else 10_000), -months.get(paper["id"], 0))

    return sorted(papers, key=age)


def normal_title(title: object) -> str:
    """A title reduced to its letters and digits, for telling whether two are one paper."""
    if not isinstance(title, str):
        return ""
    text = unicodedata.normalize("NFKD", title.casefold())
    return "".join(ch for ch in text if ch.isalnum())


def same_paper(entry: object, paper: dict) -> bool:
    """True if a record entry is the paper: same id, same DOI, or same normalised title."""
    if not isinstance(entry, dict):
        return False
    if entry.get("id") == paper["id"]:
        return True
    doi = paper.get("doi")
    if doi and isinstance(entry.get("doi"), str) and entry["doi"].lower() == doi.lower():
        return True
    title = normal_title(paper.get("title"))
    return bool(title) and len(title) > 12 and normal_title(entry.get("title")) == title


def owner_names(data: object) -> list[str]:
    """The person's name and name forms from raw record data (tolerating a broken record)."""
    person = data.get("person") if isinstance(data, dict) else None
    if not isinstance(person, dict):
        return []
    names = [person.get("name")] + list(person.get("name_forms") or [])
    return [n for n in names if isinstance(n, str) and n.strip()]


def insert_positions(existing: list, new: list[dict]) -> list[int]:
    """Where each new paper goes in existing (newest first): before the first older paper,
    after papers of its own year; positions counted in the original list. A paper with
    no year (not out yet) is newer than any."""
    def year(entry):
        if not isinstance(entry, dict):
            return None
        value = entry.get("year")
        if value is None and entry.get("status") in YEARLESS:
            return 10_000
        return value if isinstance(value, int) else None

    positions = []
    for paper in new:
        spot, own = len(existing), year(paper)
        for index, entry in enumerate(existing):
            if year(entry) is not None and own is not None and year(entry) < own:
                spot = index
                break
        positions.append(spot)
    return positions
