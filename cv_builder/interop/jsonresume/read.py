"""resume.json -> record: every field placed in the record or kept, as a comment, in a
list of what had no place; read as people write it (pre-1.0 field names, dates in any
common form, Markdown and inline HTML in text), problems reported at their line."""

from __future__ import annotations

import re
import unicodedata

from ...errors import InvalidInput, Problem
from ...record.fields import escape_markup
from ...record.papers import YEARLESS
from ...record.venue_text import settled, standing, venue_kind
from ..imported import refuse
from ..profiles import known_network, profile_url
from ..text_in import split_bullets
from . import OPEN_SOURCE_TYPE, ROLE_SEPARATOR, TALK_TYPES, Conversion
from .reader import Reader as _Reader
from .sections import import_sections


def import_resume(resume: object, source: str = "resume.json",
                  positions: dict | None = None) -> Conversion:
    """A resume.json (already parsed) as record data; raise InvalidInput if it cannot be
    read. positions (JSON path -> line, column) place every problem in the file."""
    reader = _Reader(source, positions)
    if not isinstance(resume, dict):
        raise InvalidInput([Problem(source, None, None, "", "a resume.json holds an object "
                                    "(basics, work, education, ...)")])
    resume = dict(resume)
    resume.pop("$schema", None)  # the schema's address, not a fact about the person
    record: dict = {}
    basics = reader.mapping(resume.pop("basics", None), "basics")
    record["person"] = _person(basics, reader)
    summary = reader.text(basics, "summary", "basics")
    if summary:
        record["about"] = reader.markup(summary)
        reader.came_from(record, "about", "basics.summary")
    reader.leave(basics, "basics")
    owner = record["person"].get("name") or "Unknown"

    sections: dict[str, list] = {key: [] for key in (
        "education", "experience", "projects", "open_source", "awards", "publications",
        "talks", "skills")}
    for path, item in reader.entries(resume, "work"):
        sections["experience"].append(_job(item, path, reader, ("name", "company")))
    sections["education"] = [_education(item, path, reader)
                             for path, item in reader.entries(resume, "education")]
    sections["awards"] = [a for path, item in reader.entries(resume, "awards")
                          if (a := _award(item, path, reader, ("title", "name"), "awarder"))]
    own = import_sections(resume, reader)  # volunteer, certificates, languages...
    for path, item in reader.entries(resume, "publications"):
        paper = _publication(item, path, reader, owner,
                             {p["id"] for p in sections["publications"]})
        if paper:
            sections["publications"].append(paper)
    if sections["publications"]:
        reader.shortened.append(f"JSON Resume names no authors: {owner} is the only author "
                                "of each paper; add the co-authors")
    _skills_section(resume, reader, sections["skills"])
    for path, item in reader.entries(resume, "projects"):
        kind = item.get("type").strip().lower() if isinstance(item.get("type"), str) else ""
        if kind in TALK_TYPES:
            talk = _talk(item, path, reader)
            if talk:
                sections["talks"].append(talk)
        elif kind == OPEN_SOURCE_TYPE:
            sections["open_source"].append(_open_source(item, path, reader))
        else:
            sections["projects"].append(_project(item, path, reader))
    meta = reader.mapping(resume.pop("meta", None), "meta")
    meta.pop("version", None)  # written again on export
    reader.leave(meta, "meta")
    reader.leave(resume, "")  # anything the schema does not name
    for key, value in (*sections.items(), ("sections", own)):
        if value:
            record[key] = value
    sources = _sources(record, reader)
    unplaced = {path.lstrip("."): value for path, value in reader.unplaced.items()}
    conversion = Conversion(record, unplaced, reader.shortened, reader.warnings, sources)
    if reader.problems:
        raise refuse(reader.problems, conversion, source, reader.positions)
    return conversion


def _sources(record: dict, reader: _Reader) -> dict[str, str]:
    """Record path ("experience[2].start") -> JSON path ("work[2].startDate")."""
    sources: dict[str, str] = {}

    def walk(value, path: str) -> None:
        origin = reader.origin.pop(id(value), None) if isinstance(value, dict) else None
        if origin:
            for name, json_path in origin.items():
                target = f"{path}.{name}" if path else name
                sources[target] = json_path
                field = value.get(name)
                if isinstance(field, list) and not json_path.endswith("]"):
                    for i in range(len(field)):
                        sources[f"{target}[{i}]"] = f"{json_path}[{i}]"
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else key)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, f"{path}[{i}]")

    walk(record, "")
    return sources


def _person(basics: dict, reader: _Reader) -> dict:
    person: dict = {}
    name = basics.get("name")
    if name not in (None, "") and not isinstance(name, str):
        reader.problem("basics.name", f"expected text, got {type(name).__name__}")
    name = reader.text(basics, "name", "basics") if isinstance(name, str) else None
    if not name and not reader.problems:
        reader.problem("basics.name", "the person's name is needed (a record starts with it)")
    person["name"] = name or ""
    reader.came_from(person, "name", "basics.name")
    for key, target in (("label", "headline"), ("email", "email"), ("phone", "phone")):
        value = reader.text(basics, key, "basics")
        if value:
            person[target] = value
            reader.came_from(person, target, f"basics.{key}")
    reader.put(person, "website", reader.url(basics, ("url", "website"), "basics"))
    location = basics.pop("location", None)
    if isinstance(location, str) and location.strip():
        person["location"] = location.strip()  # a plain string, as some write it
    else:
        location = reader.mapping(location, "basics.location")
        parts = [reader.text(location, key, "basics.location") for key in
                 ("city", "region", "countryCode", "country")]
        if any(parts):
            person["location"] = ", ".join(p for p in parts if p)
        reader.leave(location, "basics.location")
    if "location" in person:
        reader.came_from(person, "location", "basics.location")
    profiles = []
    for path, item in reader.entries(basics, "profiles"):
        path = "basics." + path
        url, _ = reader.url(item, ("url",), path)
        network = reader.text(item, "network", path)
        username = item.get("username") if isinstance(item.get("username"), str) else ""
        where = f"{path}.url"
        if not url and network and username:  # {network: Twitter, username: ada}: as RenderCV
            url = profile_url(network, username)
            if url:
                item.pop("username")
                where = f"{path}.username"
        if url:
            profile = {"label": network or item.get("username") or "Profile", "url": url}
            reader.came_from(profile, "label", f"{path}.network")
            reader.came_from(profile, "url", where)
            profiles.append(profile)
        elif network:
            item["network"] = network  # no address: nothing to link, keep it whole
            if username and known_network(network):
                reader.warn(path, f"a {network} profile with no url, and the username "
                                  f"{username!r} cannot be part of an address: kept as a "
                                  "comment; add its url to the record's person.profiles")
            elif username:
                reader.warn(path, f"a {network} profile with no url, and cv-builder does not "
                                  f"know the address of a {network} username: kept as a "
                                  "comment; add its url to the record's person.profiles")
        reader.leave(item, path)
    if profiles:
        person["profiles"] = profiles
    return person


def _summary(entry: dict, item: dict, key: str, path: str, reader: _Reader,
             target: str = "summary") -> None:
    """A summary into entry[target]; one written as a list ('- a\\n- b') becomes bullets."""
    text = reader.text(item, key, path)
    if not text:
        return
    lead, bullets = split_bullets(text)
    if bullets:
        entry.setdefault("highlights", [])
        entry["highlights"] += [reader.markup(b) for b in bullets]
        reader.shortened.append(f"{path}.{key}: its list lines became highlights")
        text = lead
    if text:
        entry[target] = reader.markup(text)
        reader.came_from(entry, target, f"{path}.{key}")


def _dated(item: dict, path: str, reader: _Reader, entry: dict, noted: str) -> dict:
    """The entry's start and end; a date's note ('present (part-time)') goes after
    entry[noted] (its position or degree)."""
    start, start_note = reader.date(item, "startDate", path)
    end, end_note = reader.date(item, "endDate", path)
    if start and start.present:
        start = None
    if start and end and end.before(start):
        reader.unplaced[f"{path}.endDate"] = end.iso()
        reader.warn(f"{path}.endDate", f"ends ({end}) before it starts ({start}): the end "
                                       "is kept as a comment")
        end = None
    if start:
        entry["start"] = start.iso()
        reader.came_from(entry, "start", f"{path}.startDate")
    if end:
        entry["end"] = end.iso()
        reader.came_from(entry, "end", f"{path}.endDate")
    elif start and f"{path}.endDate" not in reader.unplaced:
        entry["end"] = "present"  # JSON Resume: no end date means ongoing
    for note, key in ((start_note, "startDate"), (end_note, "endDate")):
        if note:
            reader.shortened.append(f"{path}.{key}: ({note}) kept with the title")
    if end_note or start_note:
        entry[noted] = f"{entry[noted]} ({end_note or start_note})".strip()
    return entry


def _job(item: dict, path: str, reader: _Reader, name_keys: tuple[str, ...]) -> dict:
    organization, where = reader.first(item, name_keys, path)
    job = {"organization": organization or "", "position": reader.text(item, "position", path)
           or ""}
    reader.came_from(job, "organization", where)
    reader.came_from(job, "position", f"{path}.position")
    if not organization:
        reader.unnamed(where, f"employer ({' or '.join(name_keys)})",
                       "under its position alone")
    reader.put(job, "location", reader.first(item, ("location", "jobLocation"), path))
    reader.put(job, "url", reader.url(item, ("url", "website"), path))
    reader.put(job, "description", reader.first(item, ("description",), path))
    _dated(item, path, reader, job, noted="position")
    highlights = reader.texts(item, "highlights", path)
    if highlights:
        job["highlights"] = [reader.markup(h) for h in highlights]
        reader.came_from(job, "highlights", f"{path}.highlights")
    _summary(job, item, "summary", path, reader)
    job["selected"] = True
    reader.leave(item, path)
    return job


def _education(item: dict, path: str, reader: _Reader) -> dict:
    institution, where = reader.first(item, ("institution", "school", "name"), path)
    degree, degree_path = reader.first(item, ("studyType", "qualification", "degree"), path)
    edu = {"institution": institution or "", "degree": degree or ""}
    reader.came_from(edu, "institution", where)
    reader.came_from(edu, "degree", degree_path)
    if not institution:
        reader.unnamed(where, "institution", "as its degree alone")
    reader.put(edu, "field", reader.first(item, ("area",), path))
    reader.put(edu, "gpa", reader.first(item, ("score", "gpa"), path))
    reader.put(edu, "location", reader.first(item, ("location", "schoolLocation"), path))
    _dated(item, path, reader, edu, noted="degree")
    _summary(edu, item, "summary", path, reader)
    edu["selected"] = True
    reader.leave(item, path)
    return edu


def _award(item: dict, path: str, reader: _Reader, name_keys: tuple[str, ...],
           issuer_key: str) -> dict | None:
    if not any(item.get(k) for k in name_keys) or not item.get("date"):
        reader.leave(item, path)  # a record's award needs a name and a year
        return None
    name, where = reader.first(item, name_keys, path)
    award: dict = {"name": name, "year": reader.year(item, "date", path)}
    reader.came_from(award, "name", where)
    reader.came_from(award, "year", f"{path}.date")
    issuer = reader.text(item, issuer_key, path)
    if issuer:
        award["issuer"] = issuer
        reader.came_from(award, "issuer", f"{path}.{issuer_key}")
    reader.put(award, "detail", reader.first(item, ("summary",), path))
    award["selected"] = True
    reader.leave(item, path)
    return award if award["year"] else None


def paper_id(author: str, year: int | str, title: str, taken: set[str]) -> str:
    """'hendriks2014video': surname, year, first long word of the title; b, c... if taken."""
    def ascii_word(text: str) -> str:
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]", "", folded.lower())

    surname = ascii_word(author.split()[-1] if author.split() else "") or "paper"
    words = [ascii_word(w) for w in title.split()]
    word = next((w for w in words if len(w) > 3), next((w for w in words if w), ""))
    base = f"{surname}{year}{word}"
    key, suffix = base, ord("b")
    while key in taken:
        key, suffix = base + chr(suffix), suffix + 1
    return key


def _publication(item: dict, path: str, reader: _Reader, owner: str,
                 taken: set[str]) -> dict | None:
    # 'publisher: Submitted to ICASSP 2025': where the paper stands, and then its venue;
    # a paper not out yet may have no releaseDate.
    venue, status = standing(item.get("publisher")) if isinstance(item.get("publisher"),
                                                                   str) else ("", None)
    yearless = status is not None and settled(status, None) in YEARLESS
    if not item.get("name") or not (item.get("releaseDate") or yearless):
        reader.leave(item, path)  # a record's paper needs a title and a year
        return None
    title = reader.text(item, "name", path)
    year = reader.year(item, "releaseDate", path) if item.get("releaseDate") else None
    if (not year and not yearless) or not title:  # a title as a list or object: a comment
        reader.leave(item, path)
        return None
    kind = "preprint" if status == "preprint" else venue_kind(venue) or "other"
    paper: dict = {"id": paper_id(owner, year or "", title, taken), "authors": [owner],
                   "title": escape_markup(title), "type": kind}
    if year:
        paper["year"] = year
        reader.came_from(paper, "year", f"{path}.releaseDate")
    reader.came_from(paper, "title", f"{path}.name")
    if reader.text(item, "publisher", path) and venue:
        paper["venue"] = venue
        reader.came_from(paper, "venue", f"{path}.publisher")
    status = status or ("preprint" if kind == "preprint" else None)
    if status:
        paper["status"] = settled(status, year)
        reader.came_from(paper, "status", f"{path}.publisher")
    url, _ = reader.url(item, ("url", "website"), path)
    if url:
        paper["links"] = [{"label": "link", "url": url}]
    paper["selected"] = True
    reader.leave(item, path)
    return paper


def _skills_section(resume: dict, reader: _Reader, skills: list) -> None:
    loose = []
    for path, item in reader.entries(resume, "skills"):
        name, where = reader.first(item, ("name",), path)
        keywords = reader.texts(item, "keywords", path)
        reader.leave(item, path)
        if keywords:
            group = {"category": name or "Skills", "items": keywords}
            reader.came_from(group, "category", where)
            reader.came_from(group, "items", f"{path}.keywords")
            skills.append(group)
        elif name:
            loose.append(name)  # a skill without keywords joins the group "Skills"
    if loose:
        skills.append({"category": "Skills", "items": loose})


def _project_year(item: dict, path: str, reader: _Reader) -> int | None:
    """The start year (the end's, without a start); an end in another year has no place."""
    start_value, end_value = item.get("startDate"), item.get("endDate")
    start = reader.year(item, "startDate", path) if start_value else None
    if end_value and (start is None or str(end_value)[:4] == str(start)):
        end = reader.year(item, "endDate", path)
        return start or end
    return start


def _project(item: dict, path: str, reader: _Reader) -> dict:
    project: dict = {"name": reader.text(item, "name", path) or ""}
    reader.came_from(project, "name", f"{path}.name")
    roles = reader.texts(item, "roles", path)
    if roles:
        project["role"] = escape_markup(ROLE_SEPARATOR.join(roles))
    entity = reader.text(item, "entity", path)
    if entity:
        project["organization"] = entity
    year = _project_year(item, path, reader)
    if year:
        project["year"] = year
    reader.put(project, "url", reader.url(item, ("url", "website", "githubUrl"), path))
    highlights = reader.texts(item, "highlights", path)
    if highlights:
        project["highlights"] = [reader.markup(h) for h in highlights]
        reader.came_from(project, "highlights", f"{path}.highlights")
    _summary(project, item, "description", path, reader)
    if "summary" not in project:
        _summary(project, item, "summary", path, reader)
    project["selected"] = True
    reader.leave(item, path)
    return project


def _talk(item: dict, path: str, reader: _Reader) -> dict | None:
    year = _project_year(item, path, reader)
    if not year:
        reader.leave(item, path)  # a record's talk needs a year
        return None
    item.pop("type")
    talk: dict = {"host": reader.text(item, "entity", path) or "", "year": year}
    title = reader.text(item, "name", path)
    if title:
        talk["title"] = title
    url, _ = reader.url(item, ("url",), path)
    if url:
        talk["links"] = [{"label": "link", "url": url}]
    talk["selected"] = True
    reader.leave(item, path)
    return talk


def _open_source(item: dict, path: str, reader: _Reader) -> dict:
    item.pop("type")
    repo: dict = {"name": reader.text(item, "name", path) or ""}
    url, _ = reader.url(item, ("url",), path)
    if url:
        repo["url"] = url
    description = reader.text(item, "description", path)
    if description:
        repo["description"] = reader.markup(description)
        reader.came_from(repo, "description", f"{path}.description")
    repo["selected"] = True
    reader.leave(item, path)
    return repo
