"""record -> resume.json (schema v1.0.0): every fact placed, what has no place listed."""

from __future__ import annotations

import json
import re

from ...record.language import fill, language
from ...record.model import Record
from ..markup import to_text
from .sections import export_sections, flat_bullets
from . import (CERTIFICATE, INTERESTS, LANGUAGES, OPEN_SOURCE_TYPE, ROLE_SEPARATOR, SCHEMA_URL,
               TALK_TYPES, VERSION, VOLUNTEER, Conversion)


class _Writer:
    """Takes fields out of record entries (as dumped data); whatever is left had no place."""

    def __init__(self):
        self.unplaced: dict[str, object] = {}
        self.shortened: list[str] = []

    def leave(self, item: dict, path: str) -> None:
        for key, value in item.items():
            if value not in (None, "", [], {}):
                self.unplaced[f"{path}.{key}" if path else key] = value


def _language_out(text: str) -> dict:
    """'German (fluent)' -> language and fluency, split at the first '(' of a text that ends
    with ')'; found by position (a lazy regex rescanned the text from each character)."""
    opening = text.find("(")
    if opening < 0 or not text.endswith(")") or "\n" in text:
        return {"language": text}
    return {"language": text[:opening].rstrip(), "fluency": text[opening + 1:-1]}


def _plain(source: str | None) -> str | None:
    """Markup as plain text (links keep their address, math as Unicode where it can)."""
    return None if source is None else to_text(source)


def _json_date(value) -> str | None:
    """A dumped record date (2016, '2016-09', 'present') as a JSON Resume date; None for present."""
    if value is None or value == "present":
        return None
    return str(value)


def _put(target: dict, key: str, value) -> None:
    if value not in (None, "", [], {}):
        target[key] = value


def _dump(entry) -> dict:
    return entry.model_dump(mode="json", exclude_defaults=True, by_alias=True)


def _tags_without(item: dict, tag: str) -> None:
    tags = [t for t in item.get("tags", []) if t != tag]
    if tags:
        item["tags"] = tags
    else:
        item.pop("tags", None)


def export_record(record: Record) -> Conversion:
    """The record as a resume.json dict (schema v1.0.0), with what had no place in it."""
    out = _Writer()
    resume: dict = {"$schema": SCHEMA_URL, "basics": _basics(record, out)}
    work, volunteer = [], []
    for i, job in enumerate(record.experience):
        item = _dump(job)
        is_volunteer = VOLUNTEER in job.tags
        path = f"experience[{i}]"
        entry: dict = {}
        _put(entry, "organization" if is_volunteer else "name", item.pop("organization"))
        _put(entry, "position", item.pop("position"))
        if not is_volunteer:
            _put(entry, "location", item.pop("location", None))
        _put(entry, "url", item.pop("url", None))
        if not is_volunteer:
            _put(entry, "description", item.pop("description", None))
        _dates_out(item, entry)
        _put(entry, "summary", _plain(item.pop("summary", None)))
        _put(entry, "highlights", flat_bullets(item.pop("highlights", []), _plain, out,
                                               f"{path}.highlights"))
        _tags_without(item, VOLUNTEER)
        out.leave(item, path)
        (volunteer if is_volunteer else work).append(entry)
    resume["work"], resume["volunteer"] = work, volunteer
    resume["education"] = []
    for i, edu in enumerate(record.education):
        item = _dump(edu)
        entry = {}
        _put(entry, "institution", item.pop("institution"))
        _put(entry, "area", item.pop("field", None))
        _put(entry, "studyType", item.pop("degree"))
        _dates_out(item, entry)
        _put(entry, "score", item.pop("gpa", None))
        out.leave(item, f"education[{i}]")
        resume["education"].append(entry)
    resume["awards"], resume["certificates"] = [], []
    for i, award in enumerate(record.awards):
        item = _dump(award)
        certificate = CERTIFICATE in award.tags
        entry = {}
        _put(entry, "name" if certificate else "title", item.pop("name"))
        entry["date"] = str(item.pop("year"))
        _put(entry, "issuer" if certificate else "awarder", item.pop("issuer", None))
        if not certificate:
            _put(entry, "summary", item.pop("detail", None))
        _tags_without(item, CERTIFICATE)
        out.leave(item, f"awards[{i}]")
        resume["certificates" if certificate else "awards"].append(entry)
    resume["publications"] = [_paper_out(p, i, out) for i, p in enumerate(record.publications)]
    resume["skills"], resume["languages"], resume["interests"] = [], [], []
    for i, group in enumerate(record.skills):
        item = _dump(group)
        path = f"skills[{i}]"
        category, items = item.pop("category"), item.pop("items")
        if LANGUAGES in group.tags:
            for text in items:
                resume["languages"].append(_language_out(text))
            _tags_without(item, LANGUAGES)
        elif INTERESTS in group.tags:
            entry = {"name": category}
            if items != [category]:
                entry["keywords"] = items
            resume["interests"].append(entry)
            _tags_without(item, INTERESTS)
        else:
            resume["skills"].append({"name": category, "keywords": items})
        out.leave(item, path)
    resume["projects"] = _projects_out(record, out)
    for name, entries in export_sections(record, out, _plain, _dump).items():
        resume[name] = resume.get(name, []) + entries
    for key in ("research_statement", "research", "future_directions", "service"):
        value = getattr(record, key)
        if value:
            out.unplaced[key] = value if isinstance(value, str) else _collapse_note(key, value)
    resume["meta"] = {"version": VERSION}
    resume = {key: value for key, value in resume.items() if value not in ([], {}, None)}
    return Conversion(resume, out.unplaced, out.shortened)


def _collapse_note(key: str, entries: list) -> str:
    return f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}"


def _basics(record: Record, out: _Writer) -> dict:
    person = _dump(record.person)
    basics: dict = {}
    _put(basics, "name", person.pop("name"))
    _put(basics, "label", person.pop("headline", None))
    _put(basics, "email", person.pop("email", None))
    _put(basics, "phone", person.pop("phone", None))
    _put(basics, "url", person.pop("website", None))
    _put(basics, "summary", _plain(record.about))
    location = person.pop("location", None)
    if location:
        basics["location"] = split_location(location)
    profiles = [{"network": p["label"], "url": p["url"]} for p in person.pop("profiles", [])]
    _put(basics, "profiles", profiles)
    out.leave(person, "person")
    return basics


def split_location(location: str) -> dict:
    """'San Francisco, California, US' -> city, region, countryCode (the import's join undone)."""
    parts = [p.strip() for p in location.split(",")]
    if len(parts) == 3 and re.fullmatch(r"[A-Z]{2}", parts[2]):
        return {"city": parts[0], "region": parts[1], "countryCode": parts[2]}
    if len(parts) == 2:
        return {"city": parts[0], "region": parts[1]}
    return {"city": location}


def _dates_out(item: dict, entry: dict) -> None:
    start = item.pop("start", None)
    end = item.pop("end", None)
    _put(entry, "startDate", _json_date(start))
    _put(entry, "endDate", _json_date(end))


def _paper_out(paper, index: int, out: _Writer) -> dict:
    item = _dump(paper)
    item.pop("id")
    entry: dict = {"name": item.pop("title")}
    venue = item.pop("venue", None)
    if venue:
        entry["publisher"] = venue
    elif paper.venue_short:
        entry["publisher"] = item.pop("venue_short")
    year = item.pop("year", None)
    if year is not None:
        entry["releaseDate"] = str(year)
    links = item.pop("links", [])
    if links:
        entry["url"] = links[0]["url"]
        if links[1:]:
            item["links"] = links[1:]
        if links[0]["label"] != "link":
            out.unplaced[f"publications[{index}].links[0].label"] = links[0]["label"]
    elif paper.doi:
        entry["url"] = "https://doi.org/" + item.pop("doi")
    out.leave(item, f"publications[{index}]")
    return entry


def _projects_out(record: Record, out: _Writer) -> list[dict]:
    projects = []
    for i, project in enumerate(record.projects):
        item = _dump(project)
        entry: dict = {"name": item.pop("name")}
        role = item.pop("role", None)
        if role:
            entry["roles"] = _plain(role).split(ROLE_SEPARATOR)
        _put(entry, "entity", item.pop("organization", None))
        year = item.pop("year", None)
        if year:
            entry["startDate"] = str(year)
        _put(entry, "url", item.pop("url", None))
        _put(entry, "description", _plain(item.pop("summary", None)))
        _put(entry, "highlights", flat_bullets(item.pop("highlights", []), _plain, out,
                                               f"projects[{i}].highlights"))
        out.leave(item, f"projects[{i}]")
        projects.append(entry)
    for i, repo in enumerate(record.open_source):
        item = _dump(repo)
        entry = {"name": item.pop("name"), "type": OPEN_SOURCE_TYPE}
        _put(entry, "url", item.pop("url", None))
        _put(entry, "description", _plain(item.pop("description", None)))
        out.leave(item, f"open_source[{i}]")
        projects.append(entry)
    talk_at = language(record.locale, record.words).words["talk_at"]
    for i, talk in enumerate(record.talks):
        item = _dump(talk)
        # A talk with no title is named in the record's language, as its PDF would.
        untitled = fill(talk_at, host=talk.host)
        entry = {"name": item.pop("title", None) or untitled,
                 "type": TALK_TYPES[0], "entity": item.pop("host"),
                 "startDate": str(item.pop("year"))}
        links = item.pop("links", [])
        if links:
            entry["url"] = links[0]["url"]
            if links[1:]:
                item["links"] = links[1:]
        if not talk.title:
            out.shortened.append(f"talks[{i}] has no title: named '{untitled}'")
        out.leave(item, f"talks[{i}]")
        projects.append(entry)
    return projects


def to_json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
