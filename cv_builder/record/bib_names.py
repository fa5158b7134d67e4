"""The people of a .bib entry: BibTeX's name parts as the record writes a name, an
author list however it was written (commas only, 'and and', bold around the owner), and
the owner recognised under any form of their name."""

from __future__ import annotations

import re

from .tex_text import strip_name_markup, tex_to_text

# Han, kana and Hangul: names in these scripts put the family name first, unspaced.
_EAST_ASIAN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")

def person_name(parts, family_first: bool = False) -> str:
    """A bibtexparser NameParts as 'First von Last, Jr.' in Unicode; family_first (it was
    written 'Last, First'): an East Asian name as 'LastFirst'."""
    def words(tokens):
        return " ".join(tex_to_text(t) for t in tokens if t)

    first, last = words(parts.first), words(parts.last)
    if family_first and first and last and _EAST_ASIAN.fullmatch(first + last):
        return last + first  # '王, 芳' is 王芳: family name first, no space, as written
    name = " ".join(filter(None, [first, words(parts.von), last]))
    if parts.jr:
        name += ", " + words(parts.jr)
    return name


def split_people(value: str) -> tuple[list[str], str | None]:
    """'A and B and others' -> (['A', 'B', 'others'], note), each 'First von Last, Jr.';
    a list separated by commas only (no 'and') is read as names and noted."""
    from bibtexparser.middlewares.names import (InvalidNameError, parse_single_name_into_parts,
                                                split_multiple_persons_names)

    value = re.sub(r"\band(\s+and\b)+", "and", strip_name_markup(value))
    note = None
    names = [n for n in split_multiple_persons_names(value) if n.strip()]
    people = []
    for name in names:
        parts = [p.strip() for p in _top_level_commas(name)]
        try:
            if len(parts) >= 3 and not _JR.fullmatch(parts[1]):
                raise InvalidNameError(name, "a list of names")  # 'A B, C D, E F'
            people.append(person_name(parse_single_name_into_parts(name, strict=True),
                                      family_first=len(parts) > 1))
        except InvalidNameError:
            note = f"names separated by commas, not 'and': read as {len(parts)} names"
            people += [tex_to_text(p) for p in parts if p]
    return people, note


_JR = re.compile(r"(jr|sr|ii|iii|iv|v)\.?", re.I)


def _top_level_commas(name: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(name):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            parts.append(name[start:i])
            start = i + 1
    return parts + [name[start:]]


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
    from .papers import AUTHOR_MARKS

    bare = author.rstrip(AUTHOR_MARKS + "^ ")  # '$^\\dagger$' was read as '^†'
    if bare != author and bare:  # 'Okonkwo*, A.': the owner, their mark kept after the form
        form = owner_form(bare, owner_names)
        mark = author[len(bare):].replace("^", "").strip()
        return form + mark if form != bare or bare in owner_names else author
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


# --- The owner not found ---------------------------------------------------------------------

def _folded_surname(name: str) -> str:
    """'Müller', 'Mueller', 'MULLER' -> 'muller': the surname as spellings agree on it."""
    import unicodedata

    surname = _given_and_last(name)[1].casefold().replace("ß", "ss")
    surname = unicodedata.normalize("NFKD", surname).encode("ascii", "ignore").decode()
    for spelled, plain in (("ae", "a"), ("oe", "o"), ("ue", "u")):
        surname = surname.replace(spelled, plain)
    return re.sub(r"[^a-z]", "", surname)


def as_written(field_value: str, person: str) -> str:
    """How the .bib wrote the person of an author field: '{M{\\"u}ller}, H.' for
    'H. Müller'; the person itself if it cannot be told."""
    from bibtexparser.middlewares.names import split_multiple_persons_names

    for piece in split_multiple_persons_names(strip_name_markup(field_value)):
        if split_people(piece)[0] == [person]:  # the file's text: shown, never run
            return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode()
                           for ch in " ".join(piece.split()))
    return person


def owner_lookalikes(owner_names: list[str], authors: list[str]) -> list[str]:
    """The authors whose surname is an owner's under another spelling or with other
    initials ('H. Mueller' for the record's 'Hans Müller'), most frequent first; if none,
    those whose surname is one letter or so off ('P. Ramen' for 'Priya Raman'), closest
    first."""
    from difflib import SequenceMatcher

    surnames = {_folded_surname(name) for name in owner_names} - {""}
    counts: dict[str, int] = {}
    for author in authors:
        counts[author] = counts.get(author, 0) + 1
    same = [a for a in counts if _folded_surname(a) in surnames]
    if same:
        return sorted(same, key=lambda a: -counts[a])
    # A typo, not another person: a surname of four letters or more, four in five alike.
    closeness = {a: max((SequenceMatcher(None, _folded_surname(a), s).ratio()
                         for s in surnames if len(s) >= 4), default=0.0) for a in counts}
    near = [a for a in counts if closeness[a] >= 0.8 and len(_folded_surname(a)) >= 4]
    return sorted(near, key=lambda a: (-closeness[a], -counts[a]))
