"""What documents print around the record's own text: the contact line, venues,
publication groups, the entry-head columns, phrases with TeX inside. Each returns
LaTeX source with every record value escaped; render.py marks it safe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ..record.language import PLACEHOLDER, Language
from ..select import View, publication_group, thesis_word
from .escape import escape_latex

# NFSS family of each shipped font (Debian: lmodern, tex-gyre, texlive-fonts-recommended).
FONT_FAMILIES = {"heros": "qhv", "latin-modern": "lmr", "latin-modern-sans": "lmss",
                 "pagella": "qpl", "termes": "qtm", "charter": "bch"}

# Query parameters that only pick a page's language or track a click: not part of the
# address a reader would type from a printout.
_NOISE_PARAMETERS = re.compile(r"^(hl|lang|utm_\w+|ref|fbclid|gclid)$")


def short_address(url: str) -> str:
    """An address as a printout shows it: no scheme, no 'www.', no trailing slash, no
    language or tracking parameters; every other character exactly as written.
    'https://www.github.com/ada/' -> 'github.com/ada'."""
    if url.startswith("mailto:"):
        return url[len("mailto:"):]
    text = re.sub(r"^https?://(www\.)?", "", url)
    base, question, rest = text.partition("?")
    if question:
        query, hash_, fragment = rest.partition("#")
        kept = [pair for pair in query.split("&")
                if pair and not _NOISE_PARAMETERS.match(pair.split("=", 1)[0])]
        text = base + ("?" + "&".join(kept) if kept else "") + hash_ + fragment
    return text[:-1] if text.endswith("/") else text


# Which drawn icon a profile gets, by its address.
_PROFILE_ICONS = (("github.com", "github"), ("gitlab.com", "github"),
                  ("linkedin.com", "linkedin"), ("scholar.google.", "scholar"),
                  ("orcid.org", "orcid"))


@dataclass(frozen=True)
class ContactItem:
    """One item of the header's contact line: its icon, its LaTeX, and the characters a
    reader sees (a long item may break inside, a short one never)."""

    icon: str
    text: str
    shown: str


def contact_items(person, href: Callable[[str, str], str]) -> list[ContactItem]:
    """The contact line: email, phone, location, website and profiles, each a link
    showing its address, so that a printout carries it too."""

    def item(icon: str, shown: str, url: str | None = None) -> ContactItem:
        return ContactItem(icon, href(url, shown) if url else escape_latex(shown), shown)

    items = []
    if person.email:
        items.append(item("email", person.email, "mailto:" + person.email))
    if person.phone:
        dial = re.sub(r"[^0-9+]", "", person.phone)
        items.append(item("phone", person.phone, "tel:" + dial if dial else None))
    if person.location:
        items.append(item("location", person.location))
    if person.website:
        items.append(item("website", short_address(person.website), person.website))
    for profile in person.profiles:
        icon = next((kind for host, kind in _PROFILE_ICONS if host in profile.url), "link")
        items.append(item(icon, short_address(profile.url), profile.url))
    return items


def venue(paper, words: dict[str, str] | None = None) -> str:
    """Where a paper appeared, one way for every paper: the venue in italics, then its
    short name and notes in parentheses, and the year unless a venue name has it:
    '\\emph{International Conference on Learning Representations} (ICLR 2022, Oral)'.
    A short name that repeats the venue ('arXiv' and 'arXiv 2018') is printed alone, and
    the year is not printed again after a venue that names it.
    A paper not out yet has its status in the year's place ('to appear'), capitalised
    when nothing comes before it."""
    short, full = paper.venue_short, paper.venue
    if short and full and full.casefold() in short.casefold():
        full = None
    notes = ([short] if short and full else []) + list(paper.notes)
    text = r"\emph{" + escape_latex(full or short) + "}" if (full or short) else ""
    if notes:
        text += (" " if text else "") + "(" + ", ".join(map(escape_latex, notes)) + ")"
    kind = thesis_word(paper)
    if kind:  # 'Ph.D. thesis, \emph{Stanford University}'
        said = (words or {}).get(kind, kind)
        text = escape_latex(said) + (", " + text if text else "")
    if paper.year is None:
        status = (words or {}).get("status_" + paper.status.replace(" ", "_"), paper.status)
        text += ", " + escape_latex(status) if text else escape_latex(
            status[:1].upper() + status[1:])
    elif not paper.venue_says_year:  # 'Interspeech 2020', not 'Interspeech 2020, 2020'
        text += (", " if text else "") + str(paper.year)
    return text


def publication_groups(entries, words: dict[str, str]) -> list[tuple[str, list]]:
    """Consecutive papers of one group, with the group's heading: [(heading, papers)]."""
    groups: list[tuple[str, list]] = []
    for paper in entries:
        heading = words["group_" + publication_group(paper)]
        if groups and groups[-1][0] == heading:
            groups[-1][1].append(paper)
        else:
            groups.append((heading, [paper]))
    return groups


def entry_heads(view: View, language: Language, style: str) -> tuple[list[str], list[str]]:
    """Every date and place an entry head prints (jobs, degrees, entries of one's own
    sections laid out as entries): TeX sizes the date
    column to the widest date, so that dates and the places before them end at one x,
    and moves every place to the left if the widest of both would crowd the line."""
    dates, places = set(), set()
    for section in view.sections:
        if section.kind in ("experience", "education") or section.layout == "entries":
            for entry in section.entries:
                start = getattr(entry, "start", None) or getattr(entry, "date", None)
                dates.add(language.date_range(start, getattr(entry, "end", None),
                                              getattr(entry, "expected", False), style))
                places.add(entry.location or "")
    return sorted(filter(None, dates)), sorted(filter(None, places))


def phrase(words: dict[str, str], key: str, **macros: str) -> str:
    """A word of the language as LaTeX, its {placeholders} replaced by LaTeX (a page
    number, an escaped name)."""
    pieces = PLACEHOLDER.split(words[key])  # text, name, text, name, ..., text
    return "".join(escape_latex(piece) if i % 2 == 0 else
                   macros.get(piece, escape_latex(f"{{{piece}}}"))
                   for i, piece in enumerate(pieces) if piece)
