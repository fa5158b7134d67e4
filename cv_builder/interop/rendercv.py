"""`cv-builder import rendercv CV.yaml`: a RenderCV input file (v1.x and v2.x) as a record.

RenderCV keeps a CV as `cv:` (header, social networks) and `sections:`, a mapping of any
title to a list of entries of one type (education, experience, normal, one-line,
publication, bullet, numbered, reversed numbered, text). Each type goes to the record
part that holds it; a section's own title is kept as a tag on its entries. What has no
place (a patents list, the design, the locale) is listed and kept as comments.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..errors import InvalidInput, Problem
from ..record.load import dotted, read_document
from ..record.papers import YEARLESS
from .conversion import Conversion
from .imported import position, write_record
from .text_in import parse_date, split_bullets, to_markup

# RenderCV's social networks: username -> address (its url_dictionary, v1 and v2).
NETWORKS = {
    "linkedin": "https://linkedin.com/in/", "github": "https://github.com/",
    "gitlab": "https://gitlab.com/", "imdb": "https://imdb.com/name/",
    "instagram": "https://instagram.com/", "orcid": "https://orcid.org/",
    "stackoverflow": "https://stackoverflow.com/users/",
    "researchgate": "https://researchgate.net/profile/", "youtube": "https://youtube.com/@",
    "google scholar": "https://scholar.google.com/citations?user=", "telegram": "https://t.me/",
    "leetcode": "https://leetcode.com/u/", "x": "https://x.com/", "twitter": "https://twitter.com/",
    "bluesky": "https://bsky.app/profile/", "reddit": "https://reddit.com/user/",
    "whatsapp": "https://wa.me/",
}
# Section titles (snake_case or not) whose text entries are the person's summary.
ABOUT_TITLES = {"summary", "about", "about me", "profile", "objective", "bio", "overview",
                "professional summary"}
AWARD_WORDS = ("award", "honor", "honour", "prize", "scholarship", "fellowship", "grant")
TALK_WORDS = ("talk", "presentation", "lecture", "keynote", "seminar")
SERVICE_WORDS = ("service", "reviewing", "referee", "activities", "committee")
# Section titles that only name the record part itself: no tag for them.
DEFAULT_TAGS = {"work-experience", "honors", "awards", "honors-and-awards",
                "awards-and-honors", "invited-talks", "technologies", "technical-skills"}
# A "journal" that says where a paper stands rather than where it is.
NOT_OUT = {"submitted": "in submission", "under review": "in submission",
           "in submission": "in submission", "in preparation": "in preparation",
           "in prep": "in preparation", "to appear": "to appear", "forthcoming": "to appear",
           "accepted": "accepted", "in press": "accepted"}
# The record's parts a RenderCV section can go to, in the record's order.
PARTS = ("education", "experience", "projects", "awards", "publications", "talks", "service",
         "skills")
SETTINGS_KEYS = ("design", "locale", "locale_catalog", "settings", "rendercv_settings")


class _Reader:
    def __init__(self, source: str, positions: dict):
        self.source = source
        self.positions = positions
        self.unplaced: dict[str, object] = {}
        self.shortened: list[str] = []
        self.warnings: list[Problem] = []
        self.problems: list[Problem] = []
        self.sources: dict[str, str] = {}

    def _problem(self, path: str, message: str) -> Problem:
        line, column = position(self.positions, path)
        return Problem(self.source, line, column, path, message)

    def warn(self, path: str, message: str) -> None:
        self.warnings.append(self._problem(path, message))

    def problem(self, path: str, message: str) -> None:
        self.problems.append(self._problem(path, message))

    def text(self, item: dict, key: str, path: str) -> str | None:
        value = item.pop(key, None)
        if value is None or value == "":
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.unplaced[f"{path}.{key}"] = value
            return None
        return value

    def leave(self, item: dict, path: str) -> None:
        for key, value in item.items():
            if value not in (None, "", [], {}):
                self.unplaced[f"{path}.{key}"] = value


def _slug(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "section"


def _words(title: str) -> str:
    return title.replace("_", " ").strip().lower()


def _plain(markdown: str) -> tuple[str, str | None]:
    """A RenderCV name or author in Markdown as plain text, and a link it held:
    '[FlashInfer](https://x)' -> ('FlashInfer', 'https://x'); '**Jane**' -> ('Jane', None)."""
    link = re.fullmatch(r"\s*\[([^\]]+)\]\(([^)\s]+)\)\s*", markdown)
    if link:
        return _plain(link[1])[0], link[2]
    text = re.sub(r"(\*{1,3}|_{1,3})(\S(?:.*?\S)?)\1", r"\2", markdown)
    return text.strip(), None


def _entry_type(entries: list) -> str:
    """The RenderCV entry type of a section, from the keys of its first entry."""
    first = next((e for e in entries if e is not None), None)
    if isinstance(first, str):
        return "text"
    if not isinstance(first, dict):
        return "unknown"
    keys = set(first)
    for kind, needed in (("publication", {"title", "authors"}), ("education", {"institution"}),
                         ("experience", {"company"}), ("experience", {"position"}),
                         ("one-line", {"label"}), ("bullet", {"bullet"}),
                         ("numbered", {"number"}), ("reversed", {"reversed_number"}),
                         ("normal", {"name"})):
        if needed <= keys:
            return kind
    return "unknown"


def _dates(item: dict, path: str, reader: _Reader, entry: dict, year_only: bool = False) -> None:
    """start_date/end_date, or date (any text in v2: 'Fall 2023'), into the entry."""
    found = {}
    for key in ("start_date", "end_date", "date"):
        raw = item.pop(key, None)
        if raw in (None, ""):
            continue
        value, note = parse_date(str(raw))
        if value is None:
            reader.unplaced[f"{path}.{key}"] = raw
            reader.warn(f"{path}.{key}", f"{raw!r} is not a date the record can hold (2020, "
                                         "2020-06, June 2020 or present): kept as a comment")
            continue
        if note:
            reader.shortened.append(f"{path}.{key}: ({note}) left out of the date; kept as a "
                                    "comment")
            reader.unplaced[f"{path}.{key}"] = raw
        found[key] = value
    start = found.get("start_date") or found.get("date")
    end = found.get("end_date") if "start_date" in found else found.get("date")
    if start and start.present:
        start, end = None, start
    if start and end and end.before(start):
        reader.unplaced[f"{path}.end_date"] = end.iso()
        reader.warn(f"{path}.end_date", f"ends ({end}) before it starts ({start}): the end is "
                                        "kept as a comment")
        end = None
    if year_only:
        year = (start or end)
        if year and not year.present:
            entry["year"] = year.year
            if year.month:
                reader.shortened.append(f"{path}: a date kept as its year ({year.year})")
        return
    if start:
        entry["start"] = start.iso()
        reader.sources[f"__{id(entry)}.start"] = f"{path}.start_date"
        entry["end"] = end.iso() if end else ("present" if "start_date" in found
                                                 and "end_date" not in found else start.iso())
    elif end:
        entry["end"] = end.iso()


def _body(item: dict, path: str, reader: _Reader, entry: dict) -> None:
    """summary and highlights (Markdown) into the entry; a summary that is a list
    ('- a\\n- b') becomes bullets, as RenderCV would show it."""
    summary = reader.text(item, "summary", path)
    highlights = item.pop("highlights", None) or []
    if not isinstance(highlights, list):
        highlights = [highlights]
    if summary:
        lead, bullets = split_bullets(summary)
        if lead:
            entry["summary"] = to_markup(lead)[0]
        highlights = bullets + highlights
    items = [to_markup(str(h))[0] for h in highlights if h not in (None, "")]
    if items:
        entry["highlights"] = items


def _education(item, path, reader, tag):
    institution, url = _plain(reader.text(item, "institution", path) or "")
    edu = {"institution": institution, "degree": _plain(reader.text(item, "degree", path)
                                                        or "")[0]}
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
    project = {"name": name}
    location = reader.text(item, "location", path)
    if location:
        project["organization"] = location
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
    for author in item.pop("authors", None) or []:
        name, _ = _plain(str(author))
        bold = name != str(author).strip()
        name = re.sub(r"\s*\((first author|equal contribution|corresponding author)\)$", "",
                      name, flags=re.I).strip() or name
        if bold and name != owner and name not in forms:
            forms.append(name)  # RenderCV marks the owner by bolding: a name form of theirs
        if name and name.strip(". "):
            authors.append(name)
    paper: dict = {"id": "", "authors": authors or [owner], "title": to_markup(title)[0]}
    journal = _plain(reader.text(item, "journal", path) or "")[0]
    status = NOT_OUT.get(journal.lower().strip(" ."))
    if journal and not status:
        paper["venue"] = journal
    paper["type"] = "preprint" if "arxiv" in journal.lower() else "other"
    _dates(item, path, reader, paper, year_only=True)
    if status:
        paper["status"] = status  # 'journal: submitted': where it stands, not a venue
    if "year" not in paper and status not in YEARLESS:
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


def _year_in(text: str) -> tuple[str, int | None]:
    """'Forbes 30 Under 30 (2024)' -> ('Forbes 30 Under 30', 2024); a range or a longer
    note in the parentheses stays in the text, its last year taken."""
    match = re.search(r"\s*\((\d{4})\)\s*$|,?\s+(\d{4})\s*$", text)
    if match:
        return text[:match.start()].strip(" ,–—-"), int(match[1] or match[2])
    years = re.findall(r"\((?:[^()]*?\b)?(\d{4})\)\s*$", text)
    return text, int(years[-1]) if years else None


def _line_items(item, path, reader, tag, kind, title) -> tuple[str, dict | None]:
    """A bullet, numbered or reversed-numbered entry: an award or a talk when its section
    says so and it gives a year, service when the section is; otherwise no place (until
    custom sections)."""
    key = {"bullet": "bullet", "numbered": "number", "reversed": "reversed_number"}[kind]
    text = reader.text(item, key, path) or ""
    words = _words(title)
    name, year = _year_in(_plain(text)[0])
    if year and any(w in words for w in AWARD_WORDS):
        return "awards", {"name": name, "year": year}
    if year and any(w in words for w in TALK_WORDS):
        talk_title, _, host = name.rpartition(" — ") if " — " in name else ("", "", name)
        talk = {"host": host.strip() or name, "year": year}
        if talk_title:
            talk["title"] = talk_title.strip()
        return "talks", talk
    if any(w in words for w in SERVICE_WORDS):
        return "service", {"role": _plain(text)[0]}
    reader.unplaced[f"{path}.{key}"] = text
    return "", None


def import_rendercv(document, source: str) -> Conversion:
    """A RenderCV file (already read, with positions) as record data."""
    positions = {dotted(path): where for path, where in document.positions.items()}
    reader = _Reader(source, positions)
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("cv"), dict):
        raise InvalidInput([Problem(source, *position(positions, ""), "cv",
                                    "a RenderCV file starts with `cv:` (name, sections, ...)")])
    data = dict(data)
    cv = dict(data.pop("cv"))
    record: dict = {"person": _person(cv, reader)}
    owner = record["person"]["name"]
    forms: list[str] = []
    parts: dict[str, list] = {part: [] for part in PARTS}
    sections = cv.pop("sections", None) or {}
    if not isinstance(sections, dict):
        reader.problem("cv.sections", "expected a mapping of section titles to entries")
        sections = {}
    taken: set[str] = set()
    for title, entries in sections.items():
        spath = f"cv.sections.{title}"
        if not isinstance(entries, list):
            reader.unplaced[spath] = entries
            continue
        _section(str(title), entries, spath, reader, record, parts, owner, taken, forms)
    if forms:
        record["person"]["name_forms"] = forms
    reader.leave(cv, "cv")
    settings = [key for key in SETTINGS_KEYS if data.pop(key, None) not in (None, {}, "")]
    if settings:
        reader.shortened.append(f"{', '.join(settings)}: RenderCV's look and language "
                                "settings, not facts; the record's variants set the look")
    reader.leave(data, "")
    for key, value in parts.items():
        if value:
            record[key] = value
    if reader.problems:
        raise InvalidInput(reader.problems)
    return Conversion(record, {p.lstrip("."): v for p, v in reader.unplaced.items()},
                      reader.shortened, reader.warnings, _sources(record, reader))


def _section(title, entries, spath, reader, record, parts, owner, taken, forms) -> None:
    kind = _entry_type(entries)
    tag = _slug(title)
    words = _words(title)
    for i, item in enumerate(entries):
        path = f"{spath}[{i}]"
        if kind == "text" and isinstance(item, str):
            # The summary, or the first text section whatever its title: the about text.
            if words in ABOUT_TITLES or reader.sources.get("about", path).startswith(spath):
                paragraph = to_markup(item)[0]
                record["about"] = f"{record['about']}\n\n{paragraph}" if record.get(
                    "about") else paragraph
                reader.sources.setdefault("about", path)
            else:
                reader.unplaced[path] = item
            continue
        if not isinstance(item, dict) or kind == "unknown":
            reader.unplaced[path] = item
            continue
        item = dict(item)
        target, entry = _convert(kind, item, path, reader, tag, title, owner, taken, forms)
        if entry is None:
            reader.leave(item, path)
            continue
        if target != "publications" and tag not in DEFAULT_TAGS and tag != target:
            entry["tags"] = [tag]  # e.g. teaching-experience: the section's own title
        entry["selected"] = True
        reader.sources[f"__{id(entry)}"] = path
        parts[target].append(entry)
        reader.leave(item, path)


def _convert(kind, item, path, reader, tag, title, owner, taken, forms):
    words = _words(title)
    if kind == "education":
        return "education", _education(item, path, reader, tag)
    if kind == "experience":
        return "experience", _experience(item, path, reader, tag)
    if kind == "publication":
        return "publications", _publication(item, path, reader, tag, owner, taken, forms)
    if kind == "one-line":
        label = _plain(reader.text(item, "label", path) or "")[0]
        details = _plain(reader.text(item, "details", path) or "")[0]
        items = [d for d in details.split(", ") if d] or [label]
        return "skills", {"category": label or title, "items": items}
    if kind == "normal":
        if any(w in words for w in AWARD_WORDS):
            return "awards", _award(item, path, reader, tag)
        return "projects", _project(item, path, reader, tag)
    return _line_items(item, path, reader, tag, kind, title)


def _person(cv: dict, reader: _Reader) -> dict:
    name = reader.text(cv, "name", "cv")
    if not name:
        reader.problem("cv.name", "the person's name is needed (a record starts with it)")
    person: dict = {"name": name or ""}
    reader.sources["person.name"] = "cv.name"
    for key, target in (("headline", "headline"), ("label", "headline"), ("email", "email"),
                        ("phone", "phone"), ("location", "location"), ("website", "website")):
        value = reader.text(cv, key, "cv")
        if value and target not in person:
            person[target] = value.removeprefix("tel:") if key == "phone" else value
            reader.sources[f"person.{target}"] = f"cv.{key}"
    profiles = []
    for i, network in enumerate(cv.pop("social_networks", None) or []):
        path = f"cv.social_networks[{i}]"
        if not isinstance(network, dict):
            reader.unplaced[path] = network
            continue
        network = dict(network)
        label = str(network.pop("network", "") or "")
        username = str(network.pop("username", "") or "")
        url = _network_url(label, username)
        if url:
            reader.sources[f"person.profiles[{len(profiles)}]"] = path
            profiles.append({"label": label, "url": url})
        else:
            reader.unplaced[path] = {"network": label, "username": username}
        reader.leave(network, path)
    for i, connection in enumerate(cv.pop("custom_connections", None) or []):
        path = f"cv.custom_connections[{i}]"
        if isinstance(connection, dict) and str(connection.get("url", "")).startswith("http"):
            profiles.append({"label": str(connection.get("placeholder") or "link"),
                             "url": connection["url"]})
            rest = {k: v for k, v in connection.items() if k not in ("placeholder", "url")}
            reader.leave(rest, path)
        elif connection:
            reader.unplaced[path] = connection
    if profiles:
        person["profiles"] = profiles
    return person


def _network_url(network: str, username: str) -> str | None:
    if not username:
        return None
    if username.startswith(("http://", "https://")):
        return username
    if network.lower() == "mastodon":
        match = re.fullmatch(r"@?([^@]+)@([^@]+)", username)
        return f"https://{match[2]}/@{match[1]}" if match else None
    base = NETWORKS.get(network.lower())
    return base + username if base else None


def _sources(record: dict, reader: _Reader) -> dict[str, str]:
    """Record path -> RenderCV path, for reporting problems where the person wrote them."""
    sources = {k: v for k, v in reader.sources.items() if not k.startswith("__")}
    by_id = {k[2:]: v for k, v in reader.sources.items() if k.startswith("__")}
    for part in PARTS:
        for i, entry in enumerate(record.get(part, [])):
            path = by_id.get(str(id(entry)))
            if path:
                sources[f"{part}[{i}]"] = path
                start = by_id.get(f"{id(entry)}.start")
                if start:
                    sources[f"{part}[{i}].start"] = start
    return sources


def import_file(source: Path, target: Path | None, overwrite: bool = False,
                strict: bool = False) -> tuple[str, list[str]]:
    """Convert the RenderCV file at source; check the record; write it to target if given."""
    document = read_document(source)
    conversion = import_rendercv(document, str(source))
    positions = {dotted(path): where for path, where in document.positions.items()}
    return write_record(conversion, Path(source), target, positions=positions, warnings=[],
                        overwrite=overwrite, strict=strict, command="rendercv",
                        kind="RenderCV file")
