"""RenderCV entries as record entries: education, experience, normal entries as projects
or awards, publications (the owner found by the bold RenderCV gives their name), and
bullet lines as awards, talks or service when their section says so."""

from __future__ import annotations

import re
import unicodedata

from ...record.papers import YEARLESS
from ...record.venue_text import settled, standing, venue_kind
from ..text_in import to_markup
from .reader import _body, _dates, _plain, _words

AWARD_WORDS = ("award", "honor", "honour", "prize", "scholarship", "fellowship", "grant")
TALK_WORDS = ("talk", "presentation", "lecture", "keynote", "seminar")
SERVICE_WORDS = ("service", "reviewing", "referee", "activities", "committee")

def _education(item, path, reader, tag):
    institution, url = _plain(reader.text(item, "institution", path) or "")
    edu = {"institution": institution, "degree": _plain(reader.text(item, "degree", path)
                                                        or "")[0]}
    if not institution:
        reader.unnamed(f"{path}.institution", "institution", "as its degree alone")
    area = reader.text(item, "area", path)
    if area:
        edu["field"] = _plain(area)[0]
    for key in ("grade", "gpa", "score"):
        grade = reader.text(item, key, path)
        if grade:
            edu["gpa"] = grade
            break
    location = reader.text(item, "location", path)
    if location:
        edu["location"] = location
    _dates(item, path, reader, edu)
    _body(item, path, reader, edu)
    if url:
        reader.unplaced[f"{path}.institution (link)"] = url
    return edu


def _experience(item, path, reader, tag):
    company, url = _plain(reader.text(item, "company", path) or "")
    job = {"organization": company, "position": _plain(reader.text(item, "position", path)
                                                       or "")[0]}
    if not company:
        reader.unnamed(f"{path}.company", "employer (company)", "under its position alone")
    location = reader.text(item, "location", path)
    if location:
        job["location"] = location
    if url:
        job["url"] = url
    _dates(item, path, reader, job)
    _body(item, path, reader, job)
    return job


def _project(item, path, reader, tag):
    name, url = _plain(reader.text(item, "name", path) or "")
    project = {"name": name}  # its location ('Remote') is a place, not an organization:
    # a project has no place for it, so it stays in the item and is kept as a comment
    if url:
        project["url"] = url
    _dates(item, path, reader, project, year_only=True)
    _body(item, path, reader, project)
    return project


def _award(item, path, reader, tag):
    """A normal entry in an awards section: name and a year (from its date); without a
    year it has no place and is kept whole."""
    if not any(item.get(k) for k in ("date", "start_date", "end_date")):
        return None
    name, _ = _plain(reader.text(item, "name", path) or "")
    award = {"name": name}
    location = reader.text(item, "location", path)
    if location:
        award["issuer"] = location
    _dates(item, path, reader, award, year_only=True)
    summary = reader.text(item, "summary", path)
    if summary:
        award["detail"] = _plain(summary)[0]
    highlights = item.pop("highlights", None)
    if highlights:
        reader.unplaced[f"{path}.highlights"] = highlights
    return award if award.get("year") else None


def _publication(item, path, reader, tag, owner: str, taken: set[str], forms: list[str]):
    title = reader.text(item, "title", path) or ""
    authors = []
    given = item.pop("authors", None) or []
    if not isinstance(given, list):  # one author as text, or a number: no list to read
        reader.unplaced[f"{path}.authors"] = given
        given = []
    for author in given:
        name, _ = _plain(str(author))
        bold = name != str(author).strip()
        # No '\s*' before the role: from every space of a long run it rescanned the run.
        name = re.sub(r"\((first author|equal contribution|corresponding author)\)\Z", "",
                      name.rstrip(), flags=re.I).strip() or name
        if bold and name != owner and name not in forms:
            forms.append(name)  # RenderCV marks the owner by bolding: a name form of theirs
        if name and name.strip(". "):
            authors.append(name)
    paper: dict = {"id": "", "authors": authors or [owner], "title": to_markup(title)[0]}
    # 'journal: Submitted to ICASSP 2025': where the paper stands, and then its venue.
    venue, status = standing(_plain(reader.text(item, "journal", path) or "")[0])
    if venue:
        paper["venue"] = venue
    paper["type"] = "preprint" if status == "preprint" else venue_kind(venue) or "other"
    _dates(item, path, reader, paper, year_only=True)
    if paper["type"] == "preprint" and not status:
        status = "preprint"  # as the .bib import reads an arXiv paper
    if status:
        paper["status"] = settled(status, paper.get("year"))
    if "year" not in paper and paper.get("status") not in YEARLESS:
        paper["status"] = "to appear"
        reader.warn(path, "no date: imported as 'to appear'")
    doi = reader.text(item, "doi", path)
    if doi:
        paper["doi"] = doi
    url = reader.text(item, "url", path)
    if url:
        paper["links"] = [{"label": "paper", "url": url}]
    summary = reader.text(item, "summary", path)
    if summary:
        paper["notes"] = [_plain(summary)[0]]
    surname = re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", (authors or [owner])[0].split(
        ",")[0].split()[-1] if (authors or [owner])[0].split() else "paper").encode(
        "ascii", "ignore").decode().lower()) or "paper"
    word = next((w for w in re.findall(r"[a-z0-9]+", title.lower()) if len(w) > 3), "paper")
    base = f"{surname}{paper.get('year', '')}{word}"
    key, suffix = base, ord("b")
    while key in taken:
        key, suffix = base + chr(suffix), suffix + 1
    taken.add(key)
    paper["id"] = key
    return paper


_RANGE = re.compile(r"\((\d{4})\s*(?:[–—-]+|to)\s*(\d{4}|present|now|today|current)\)\Z",
                    re.I)


def _year_in(text: str) -> tuple[str, int | None, str]:
    """'Forbes 30 Under 30 (2024)' -> ('Forbes 30 Under 30', 2024, ''); a range in the
    parentheses, said once: 'DAAD Scholarship (2016 – 2020)' -> ('DAAD Scholarship',
    2020, 'from 2016'), '(2021 – present)' -> (..., 2021, 'ongoing'); a longer note in the
    parentheses stays in the text, its last year taken."""
    # Both patterns end the stripped text, with no '\s*' in front to try from every space
    # of a long run (that was quadratic: 40,000 spaces took 22 s).
    stripped = text.rstrip()
    span = _RANGE.search(stripped)
    if span:
        name = stripped[:span.start()].rstrip().strip(" ,–—-")
        if span[2].isdigit():
            return name, int(span[2]), f"from {span[1]}"
        return name, int(span[1]), "ongoing"
    match = re.search(r"\((\d{4})\)\Z|(?<=\s)(\d{4})\Z", stripped)
    if match:
        return stripped[:match.start()].rstrip().strip(" ,–—-"), int(match[1] or match[2]), ""
    years = re.findall(r"\((?:[^()]*?\b)?(\d{4})\)\s*$", text)
    return text, int(years[-1]) if years else None, ""


def _line_items(item, path, reader, tag, kind, title) -> tuple[str, dict | None]:
    """A bullet, numbered or reversed-numbered entry: an award or a talk when its section
    says so and it gives a year, service when the section is; otherwise a line of a
    section of the record's own, as RenderCV lists it."""
    key = {"bullet": "bullet", "numbered": "number", "reversed": "reversed_number"}[kind]
    text = reader.text(item, key, path) or ""
    words = _words(title)
    name, year, span = _year_in(_plain(text)[0])
    if year and any(w in words for w in AWARD_WORDS):
        return "awards", {"name": name, "year": year, **({"detail": span} if span else {})}
    if year and any(w in words for w in TALK_WORDS):
        talk_title, _, host = name.rpartition(" — ") if " — " in name else ("", "", name)
        talk = {"host": host.strip() or name, "year": year}
        if talk_title:
            talk["title"] = talk_title.strip()
        return "talks", talk
    if any(w in words for w in SERVICE_WORDS):
        return "service", {"role": _plain(text)[0]}
    return "own", {"title": to_markup(text)[0]} if text.strip() else None


