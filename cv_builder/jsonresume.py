"""JSON Resume (schema v1.0.0) in and out: a resume.json becomes a record, a record a resume.json.

Why the leftovers: each side holds facts the other has no place for. Every such field
is named in a warning (and on import kept as a comment at the end of the record), so
nothing is ever dropped silently.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .dates import PartialDate
from .errors import InvalidInput, Problem
from .fields import escape_markup
from .model import Record

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
VERSION = "v1.0.0"

# Tags that say which JSON Resume section an entry came from (or goes to).
VOLUNTEER, CERTIFICATE, LANGUAGES, INTERESTS = "volunteer", "certificate", "languages", "interests"
TALK_TYPES = ("talk", "presentation")
OPEN_SOURCE_TYPE = "open source"
ROLE_SEPARATOR = "; "  # project roles: a list in JSON Resume, one text in the record


@dataclass
class Conversion:
    """The converted data, what had no place on the other side, and what was shortened."""

    data: dict
    unplaced: dict[str, object] = field(default_factory=dict)
    shortened: list[str] = field(default_factory=list)

    def warnings(self, where: str = "") -> list[str]:
        out = []
        settings = [p for p in self.unplaced if p.rsplit(".", 1)[-1] in SELECTION_FIELDS]
        facts = [p for p in self.unplaced if p not in settings]
        if facts:
            out.append(f"no place {where or 'on the other side'} for: "
                       + ", ".join(_collapse(facts)))
        if settings:
            names = sorted({p.rsplit(".", 1)[-1] for p in settings})
            out.append(f"no place {where or 'on the other side'} for the selection settings "
                       f"({', '.join(names)}) of {len(settings)} entries")
        if self.shortened:
            out.append("kept in a shorter form: " + "; ".join(_collapse_notes(self.shortened)))
        return out


# How variants choose entries: settings of the record, not facts about the person.
SELECTION_FIELDS = ("tags", "selected", "priority")


def _collapse(paths) -> list[str]:
    """["work[0].summary", "work[1].summary"] -> ["work[].summary (2)"]."""
    counts: dict[str, int] = {}
    for path in paths:
        key = re.sub(r"\[\d+\]", "[]", path)
        counts[key] = counts.get(key, 0) + 1
    return [f"{key} ({n})" if n > 1 else key for key, n in counts.items()]


def _collapse_notes(notes: list[str]) -> list[str]:
    counts: dict[str, int] = {}
    for note in notes:
        counts[note] = counts.get(note, 0) + 1
    return [f"{note} ({n}×)" if n > 1 else note for note, n in counts.items()]


# --- resume.json -> record ----------------------------------------------------------------------

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
    for path, item in reader.entries(resume, "volunteer"):
        experience.append(_job(item, path, reader, "organization", [VOLUNTEER]))
    education = [_education(item, path, reader)
                 for path, item in reader.entries(resume, "education")]
    awards = [a for path, item in reader.entries(resume, "awards")
              if (a := _award(item, path, reader, "title", "awarder"))]
    awards += [a for path, item in reader.entries(resume, "certificates")
               if (a := _award(item, path, reader, "name", "issuer", [CERTIFICATE]))]
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
    languages = [_language(item, path, reader)
                 for path, item in reader.entries(resume, "languages")]
    if any(languages):
        skills.append({"category": "Languages", "items": [x for x in languages if x],
                       "tags": [LANGUAGES]})
    for path, item in reader.entries(resume, "interests"):
        name = reader.text(item, "name", path)
        keywords = reader.texts(item, "keywords", path)
        if name or keywords:
            skills.append({"category": name or "Interests", "items": keywords or [name],
                           "tags": [INTERESTS]})
        reader.leave(item, path)
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
    reader.leave(resume, "")  # references, and anything the schema does not name

    for key, value in (("education", education), ("experience", experience),
                       ("projects", projects), ("open_source", open_source),
                       ("awards", awards), ("publications", publications), ("talks", talks),
                       ("skills", skills)):
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


def _job(item: dict, path: str, reader: _Reader, name_key: str, tags=()) -> dict:
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
    if tags:
        job["tags"] = list(tags)
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


def _award(item: dict, path: str, reader: _Reader, name_key: str, issuer_key: str,
           tags=()) -> dict | None:
    if not item.get(name_key) or not item.get("date"):
        reader.leave(item, path)  # a record's award needs a name and a year
        return None
    award: dict = {"name": reader.text(item, name_key, path),
                   "year": reader.year(item, "date", path)}
    issuer = reader.text(item, issuer_key, path)
    if issuer:
        award["issuer"] = issuer
    if not tags:
        summary = reader.text(item, "summary", path)
        if summary:
            award["detail"] = summary
    else:
        award["tags"] = list(tags)
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


def _language(item: dict, path: str, reader: _Reader) -> str | None:
    language = reader.text(item, "language", path)
    fluency = reader.text(item, "fluency", path)
    reader.leave(item, path)
    if language and fluency:
        return f"{language} ({fluency})"
    return language or fluency


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
    from .export import save_text
    from .load import parse_document
    from .starter import schema_line
    from .validate import validate_record

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


class _Dumper(yaml.SafeDumper):
    """YAML laid out like data/cv.yaml: lists indented, long text folded, short lists inline."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _represent_str(dumper, value: str):
    style = "|" if "\n" in value else (">" if len(value) > 70 else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper, value: list):
    short = all(isinstance(x, (str, int)) and not isinstance(x, bool) for x in value) and sum(
        len(str(x)) + 2 for x in value) < 60
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=short)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def dump_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=92)


# --- record -> resume.json ----------------------------------------------------------------------

class _Writer:
    """Takes fields out of record entries (as dumped data); whatever is left had no place."""

    def __init__(self):
        self.unplaced: dict[str, object] = {}
        self.shortened: list[str] = []

    def leave(self, item: dict, path: str) -> None:
        for key, value in item.items():
            if value not in (None, "", [], {}):
                self.unplaced[f"{path}.{key}" if path else key] = value


def _plain(source: str | None) -> str | None:
    """Markup as plain text (links keep their address, math as Unicode where it can)."""
    if source is None:
        return None
    from .export import to_text

    return to_text(source)


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
        _dates_out(item, entry)
        _put(entry, "highlights", [_plain(h) for h in item.pop("highlights", [])])
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
                match = re.match(r"^(.*?)\s*\((.*)\)$", text)
                resume["languages"].append(
                    {"language": match[1], "fluency": match[2]} if match else {"language": text})
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
    for key in ("research_statement", "research", "service"):
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
    entry["releaseDate"] = str(item.pop("year"))
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
        _put(entry, "highlights", [_plain(h) for h in item.pop("highlights", [])])
        out.leave(item, f"projects[{i}]")
        projects.append(entry)
    for i, repo in enumerate(record.open_source):
        item = _dump(repo)
        entry = {"name": item.pop("name"), "type": OPEN_SOURCE_TYPE}
        _put(entry, "url", item.pop("url", None))
        _put(entry, "description", _plain(item.pop("description", None)))
        out.leave(item, f"open_source[{i}]")
        projects.append(entry)
    for i, talk in enumerate(record.talks):
        item = _dump(talk)
        entry = {"name": item.pop("title", None) or f"Talk at {talk.host}",
                 "type": TALK_TYPES[0], "entity": item.pop("host"),
                 "startDate": str(item.pop("year"))}
        links = item.pop("links", [])
        if links:
            entry["url"] = links[0]["url"]
            if links[1:]:
                item["links"] = links[1:]
        if not talk.title:
            out.shortened.append(f"talks[{i}] has no title: named 'Talk at {talk.host}'")
        out.leave(item, f"talks[{i}]")
        projects.append(entry)
    return projects


def to_json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
