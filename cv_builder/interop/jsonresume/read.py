"""resume.json -> record: every field placed in the record or kept, as a comment, in a
list of what had no place."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from ...errors import InvalidInput, Problem
from ...publish import save_text
from ...record.dates import PartialDate
from ...record.fields import escape_markup
from ...record.load import parse_document
from ...record.validate import validate_record
from ..starter import schema_line
from ..yaml_out import dump_yaml
from . import OPEN_SOURCE_TYPE, ROLE_SEPARATOR, TALK_TYPES, Conversion
from .sections import import_sections


class _Reader:
    """Takes fields out of resume.json entries; whatever is left had no place."""

    def __init__(self, source: str):
        self.source = source
        self.unplaced: dict[str, object] = {}
        self.shortened: list[str] = []
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.source, None, None, path, message))

    def mapping(self, value, path: str) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(path, f"expected an object, got {type(value).__name__}")
            return {}
        return dict(value)

    def entries(self, resume: dict, key: str) -> list[tuple[str, dict]]:
        value = resume.pop(key, None)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(key, f"expected a list, got {type(value).__name__}")
            return []
        return [(f"{key}[{i}]", self.mapping(item, f"{key}[{i}]")) for i, item in enumerate(value)]

    def text(self, item: dict, key: str, path: str) -> str | None:
        value = item.pop(key, None)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self.problem(f"{path}.{key}", f"expected text, got {type(value).__name__}")
            return None
        return value

    def texts(self, item: dict, key: str, path: str) -> list[str]:
        value = item.pop(key, None)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(f"{path}.{key}", "expected a list of texts")
            return []
        return [v for v in value if v]

    def url(self, item: dict, key: str, path: str) -> str | None:
        """An http(s) address; a bare domain gets https://; anything else has no place."""
        value = self.text(item, key, path)
        if value is None:
            return None
        if re.match(r"^(https?://|mailto:)\S+$", value):
            return value
        if re.match(r"^[\w.-]+\.[a-z]{2,}(/\S*)?$", value, re.I):
            self.shortened.append(f"{path}.{key}: https:// added")
            return "https://" + value
        self.unplaced[f"{path}.{key}"] = value
        return None

    def date(self, item: dict, key: str, path: str) -> str | None:
        """'2013-12-01' -> '2013-12': the record keeps years and months."""
        value = self.text(item, key, path)
        if value is None:
            return None
        try:
            date = PartialDate.parse(value)
        except ValueError as error:
            self.problem(f"{path}.{key}", str(error))
            return None
        if re.match(r"^\d{4}-\d{1,2}-\d{1,2}$", value.strip()):
            self.shortened.append("dates lose their day of the month")
        return date.iso()

    def year(self, item: dict, key: str, path: str) -> int | None:
        """'2014-11-01' -> 2014, for entries the record dates by year only."""
        value = self.text(item, key, path)
        if value is None:
            return None
        try:
            year = PartialDate.parse(value).year
        except ValueError as error:
            self.problem(f"{path}.{key}", str(error))
            return None
        if value.strip() != str(year):
            self.shortened.append(f"{path}.{key} {value} kept as the year {year}")
        return year

    def leave(self, item: dict, path: str) -> None:
        """Whatever is still in item had no place: note every non-empty value."""
        for key, value in item.items():
            if value not in (None, "", [], {}):
                self.unplaced[f"{path}.{key}"] = value


def import_resume(resume: object, source: str = "resume.json") -> Conversion:
    """A resume.json (already parsed) as record data; raise InvalidInput if it cannot be read."""
    reader = _Reader(source)
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
        record["about"] = escape_markup(summary)
    reader.leave(basics, "basics")
    owner = record["person"].get("name") or "Unknown"

    experience = []
    for path, item in reader.entries(resume, "work"):
        experience.append(_job(item, path, reader, "name"))
    education = [_education(item, path, reader)
                 for path, item in reader.entries(resume, "education")]
    awards = [a for path, item in reader.entries(resume, "awards")
              if (a := _award(item, path, reader, "title", "awarder"))]
    sections = import_sections(resume, reader)  # volunteer, certificates, languages...
    publications = []
    for path, item in reader.entries(resume, "publications"):
        paper = _publication(item, path, reader, owner, {p["id"] for p in publications})
        if paper:
            publications.append(paper)
    if publications:
        reader.shortened.append(f"JSON Resume names no authors: {owner} is the only author "
                                "of each paper; add the co-authors")
    skills = [_skills(item, path, reader) for path, item in reader.entries(resume, "skills")]
    loose = [s for s in skills if isinstance(s, str)]
    skills = [s for s in skills if isinstance(s, dict)]
    if loose:
        skills.append({"category": "Skills", "items": loose})
    projects, open_source, talks = [], [], []
    for path, item in reader.entries(resume, "projects"):
        kind = (item.get("type") or "").strip().lower() if isinstance(item.get("type"), str) else ""
        if kind in TALK_TYPES:
            talk = _talk(item, path, reader)
            if talk:
                talks.append(talk)
        elif kind == OPEN_SOURCE_TYPE:
            open_source.append(_open_source(item, path, reader))
        else:
            projects.append(_project(item, path, reader))
    meta = reader.mapping(resume.pop("meta", None), "meta")
    meta.pop("version", None)  # written again on export
    reader.leave(meta, "meta")
    reader.leave(resume, "")  # anything the schema does not name

    for key, value in (("education", education), ("experience", experience),
                       ("projects", projects), ("open_source", open_source),
                       ("awards", awards), ("publications", publications), ("talks", talks),
                       ("skills", skills), ("sections", sections)):
        if value:
            record[key] = value
    if reader.problems:
        raise InvalidInput(reader.problems)
    unplaced = {path.lstrip("."): value for path, value in reader.unplaced.items()}
    return Conversion(record, unplaced, reader.shortened)


def _person(basics: dict, reader: _Reader) -> dict:
    person: dict = {}
    name = reader.text(basics, "name", "basics")
    if not name:
        reader.problem("basics.name", "the person's name is needed (a record starts with it)")
    person["name"] = name or ""
    for key, target in (("label", "headline"), ("email", "email"), ("phone", "phone")):
        value = reader.text(basics, key, "basics")
        if value:
            person[target] = value
    website = reader.url(basics, "url", "basics")
    if website:
        person["website"] = website
    location = reader.mapping(basics.pop("location", None), "basics.location")
    parts = [reader.text(location, key, "basics.location") for key in
             ("city", "region", "countryCode")]
    if any(parts):
        person["location"] = ", ".join(p for p in parts if p)
    reader.leave(location, "basics.location")
    profiles = []
    for path, item in reader.entries(basics, "profiles"):
        path = "basics." + path
        url = reader.url(item, "url", path)
        network = reader.text(item, "network", path)
        if url:
            profiles.append({"label": network or item.get("username") or "Profile", "url": url})
        elif network:
            item["network"] = network  # no address: nothing to link, keep it whole
        reader.leave(item, path)
    if profiles:
        person["profiles"] = profiles
    return person


def _dated(item: dict, path: str, reader: _Reader, entry: dict) -> dict:
    start = reader.date(item, "startDate", path)
    end = reader.date(item, "endDate", path)
    if start:
        entry["start"] = start
    if end:
        entry["end"] = end
    elif start:
        entry["end"] = "present"  # JSON Resume: no end date means ongoing
    return entry


def _job(item: dict, path: str, reader: _Reader, name_key: str) -> dict:
    job = {"organization": reader.text(item, name_key, path) or "",
           "position": reader.text(item, "position", path) or ""}
    location = reader.text(item, "location", path)
    if location:
        job["location"] = location
    url = reader.url(item, "url", path)
    if url:
        job["url"] = url
    _dated(item, path, reader, job)
    highlights = reader.texts(item, "highlights", path)
    if highlights:
        job["highlights"] = [escape_markup(h) for h in highlights]
    job["selected"] = True
    reader.leave(item, path)
    return job


def _education(item: dict, path: str, reader: _Reader) -> dict:
    edu = {"institution": reader.text(item, "institution", path) or "",
           "degree": reader.text(item, "studyType", path) or ""}
    area = reader.text(item, "area", path)
    if area:
        edu["field"] = area
    score = reader.text(item, "score", path)
    if score:
        edu["gpa"] = score
    _dated(item, path, reader, edu)
    edu["selected"] = True
    reader.leave(item, path)
    return edu


def _award(item: dict, path: str, reader: _Reader, name_key: str,
           issuer_key: str) -> dict | None:
    if not item.get(name_key) or not item.get("date"):
        reader.leave(item, path)  # a record's award needs a name and a year
        return None
    award: dict = {"name": reader.text(item, name_key, path),
                   "year": reader.year(item, "date", path)}
    issuer = reader.text(item, issuer_key, path)
    if issuer:
        award["issuer"] = issuer
    summary = reader.text(item, "summary", path)
    if summary:
        award["detail"] = summary
    award["selected"] = True
    reader.leave(item, path)
    return award if award["year"] else None


def paper_id(author: str, year: int, title: str, taken: set[str]) -> str:
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
    if not item.get("name") or not item.get("releaseDate"):
        reader.leave(item, path)  # a record's paper needs a title and a year
        return None
    title = reader.text(item, "name", path)
    year = reader.year(item, "releaseDate", path)
    if not year:
        return None
    paper: dict = {"id": paper_id(owner, year, title, taken), "authors": [owner],
                   "title": title, "type": "other", "year": year}
    publisher = reader.text(item, "publisher", path)
    if publisher:
        paper["venue"] = publisher
    url = reader.url(item, "url", path)
    if url:
        paper["links"] = [{"label": "link", "url": url}]
    paper["selected"] = True
    reader.leave(item, path)
    return paper


def _skills(item: dict, path: str, reader: _Reader) -> dict | str | None:
    name = reader.text(item, "name", path)
    keywords = reader.texts(item, "keywords", path)
    reader.leave(item, path)
    if keywords:
        return {"category": name or "Skills", "items": keywords}
    return name  # a skill without keywords joins the group "Skills"


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
    roles = reader.texts(item, "roles", path)
    if roles:
        project["role"] = escape_markup(ROLE_SEPARATOR.join(roles))
    entity = reader.text(item, "entity", path)
    if entity:
        project["organization"] = entity
    year = _project_year(item, path, reader)
    if year:
        project["year"] = year
    url = reader.url(item, "url", path)
    if url:
        project["url"] = url
    highlights = reader.texts(item, "highlights", path)
    if highlights:
        project["highlights"] = [escape_markup(h) for h in highlights]
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
    url = reader.url(item, "url", path)
    if url:
        talk["links"] = [{"label": "link", "url": url}]
    talk["selected"] = True
    reader.leave(item, path)
    return talk


def _open_source(item: dict, path: str, reader: _Reader) -> dict:
    item.pop("type")
    repo: dict = {"name": reader.text(item, "name", path) or ""}
    url = reader.url(item, "url", path)
    if url:
        repo["url"] = url
    description = reader.text(item, "description", path)
    if description:
        repo["description"] = escape_markup(description)
    repo["selected"] = True
    reader.leave(item, path)
    return repo


def read_resume(path: Path) -> object:
    """Parse a resume.json file; InvalidInput with the line of a JSON syntax error."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidInput([Problem(name, None, None, "", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput([Problem(name, None, None, "", f"cannot read it: {error}")]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput([Problem(name, error.lineno, error.colno, "",
                                    f"not valid JSON: {error.msg}")]) from None


def import_file(source: Path, target: Path | None,
                overwrite: bool = False) -> tuple[str, list[str]]:
    """Convert the resume.json at source; check the record; write it to target if given.
    Returns the record's YAML text and the warnings."""
    conversion = import_resume(read_resume(Path(source)), str(source))
    schema = schema_line(Path(target) if target else Path.cwd() / "record.yaml")
    text = record_yaml(conversion, Path(source).name, schema)
    name = str(target or "the converted record")
    try:
        validate_record(parse_document(text.encode("utf-8"), name))
    except InvalidInput as error:
        raise InvalidInput(f"{source}: the converted record is not valid; change these in the "
                           f"resume.json and import again:\n{error.format_message()}") from None
    if target is not None:
        save_text(Path(target), text, overwrite=overwrite)
    return text, conversion.warnings("in the record")


def record_yaml(conversion: Conversion, source: str, schema_line: str = "") -> str:
    """The record as YAML text; what had no place follows as comments, with its value."""
    head = [schema_line] if schema_line else []
    head += [f"# Imported from {source} by `cv-builder import jsonresume`.",
             "# Check it, then mark your strongest entries `selected: true` (all are now),",
             "# give them a `priority`, and add co-authors to publications.", ""]
    body = dump_yaml(conversion.data)
    tail = []
    if conversion.unplaced:
        tail = ["", "# --- Not imported: these fields of the resume.json have no place in the",
                "# record. Move what you need into a field above, or leave it.", "#"]
        for path, value in conversion.unplaced.items():
            tail.append(f"# {path}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(head) + "\n" + body + "\n".join(tail) + ("\n" if tail else "")
