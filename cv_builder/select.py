"""Choose what a variant shows: a new, read-only view of the record, never a mutation,
and account for what it leaves out, so nothing is dropped without a word."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .record.base import bullet_text, sub_bullets
from .record.documents import Job, resume_of
from .record.fields import escape_markup
from .record.language import Language, language
from .record.letters import Letter
from .record.model import BUILTIN_KINDS, Project, Publication, Record, SectionSpec, Variant
from .record.sections import CustomEntry

DEFAULT_TITLES = {
    "about": "About", "statement": "Research Statement", "education": "Education",
    "experience": "Experience", "projects": "Projects", "open_source": "Open-Source Projects",
    "awards": "Awards", "publications": "Publications", "research": "Research",
    "future": "Future Directions", "service": "Service", "talks": "Talks", "skills": "Skills",
}

_TEXT_SECTIONS = {"about": "about", "statement": "research_statement",
                  "future": "future_directions"}

# Publication groups in the order a committee reads them, with the letter of per-group
# numbers ([J1], [C1], ...); their headings are words of the language (group_<name>).
PUBLICATION_GROUPS = {"journal": "J", "conference": "C", "workshop": "W", "preprint": "P",
                      "thesis": "T", "other": "O"}
_UNPUBLISHED = ("in submission", "preprint", "in preparation")


def publication_group(paper: Publication) -> str:
    """The group a paper is listed under: its type, except that a paper not yet accepted
    is a preprint whatever its venue, and a book counts as 'other'."""
    if paper.status in _UNPUBLISHED or paper.type == "preprint":
        return "preprint"
    return paper.type if paper.type in PUBLICATION_GROUPS else "other"

def thesis_word(paper: Publication) -> str | None:
    """The word key naming a thesis's kind ('thesis_phd' -> 'Ph.D. thesis'), printed before
    its school: a school alone does not say the entry is a thesis. None for other papers."""
    if paper.type != "thesis":
        return None
    return f"thesis_{paper.thesis}" if paper.thesis else "thesis"


def status_after_year(paper: Publication, under_heading: bool) -> str | None:
    """The word key ('status_in_submission') of the status a paper's entry prints after
    its year, '..., 2024 (in submission).', or None. A paper published or accepted has
    none to print; one with no year has it in the year's place already ('..., to
    appear.'); under the preprint group's heading ('Preprints and Papers in Submission')
    'preprint' is what the heading says. The PDF and the exports ask here alike."""
    if paper.status in ("published", "accepted") or paper.year is None:
        return None
    if under_heading and paper.status == "preprint":
        return None
    return "status_" + paper.status.replace(" ", "_")


# What one entry of each kind is called when counting what a selection left out.
NOUNS = {
    "education": ("degree", "degrees"), "experience": ("position", "positions"),
    "projects": ("project", "projects"), "open_source": ("repository", "repositories"),
    "awards": ("award", "awards"), "publications": ("paper", "papers"),
    "research": ("research theme", "research themes"), "service": ("service entry",
                                                                   "service entries"),
    "talks": ("talk", "talks"), "skills": ("skill group", "skill groups"),
    "section": ("section of your own", "sections of your own"),  # one not printed at all
}


def nouns(kind: str) -> tuple[str, str]:
    """What one entry of a kind is called, and many: a section of the record's own
    ('teaching') has entries ('teaching entry', 'teaching entries')."""
    words = kind.replace("_", " ")
    return NOUNS.get(kind, (f"{words} entry", f"{words} entries"))


def counted(count: int, kind: str) -> str:
    """'1 paper', '10 papers', '3 bullets'."""
    singular, plural = nouns(kind)
    return f"{count} {singular if count == 1 else plural}"


def _shown_instead(count: int, spec: SectionSpec) -> str:
    """'the 5 most recent papers are shown', 'the most recent project is shown', '1 award
    is shown': what a section with nothing marked selected shows instead."""
    singular, plural = nouns(spec.kind)
    if spec.limit and count == 1:
        return f"the most recent {singular} is shown"
    if spec.limit:
        return f"the {count} most recent {plural} are shown"
    return f"{counted(count, spec.kind)} {'is' if count == 1 else 'are'} shown"


def record_field(kind: str) -> str:
    """The record's field a section kind shows: statement -> research_statement, a
    section of the record's own -> sections.<key>."""
    if kind in BUILTIN_KINDS:
        return _TEXT_SECTIONS.get(kind, kind)
    return f"sections.{kind}"


def entries_of(record: Record, kind: str) -> list:
    """The record's entries of a kind: a built-in list, or a section of its own."""
    if kind in BUILTIN_KINDS:
        return list(getattr(record, kind))
    return list(record.sections[kind].entries)


def has_content(record: Record, kind: str) -> bool:
    """The record has something a section of this kind would show."""
    if kind in _TEXT_SECTIONS:
        return bool(getattr(record, _TEXT_SECTIONS[kind]))
    return bool(entries_of(record, kind))


@dataclass(frozen=True)
class LeftOut:
    """An entry of the record, or some of its bullets, that a variant does not print."""

    kind: str
    label: str  # "publications 'AdaBelief optimizer'"
    bullets: int = 0  # bullets cut from an entry that is printed; 0 for a whole entry

    def __str__(self) -> str:
        if self.kind == "section":
            return f"the section '{self.label}', of the record's own"
        if self.bullets:
            return f"{self.bullets} bullet{'s' if self.bullets != 1 else ''} of {self.label}"
        return self.label


# How a section of one's own is laid out, from what its entries hold (or a style naming one).
LAYOUTS = ("entries", "lines", "list")


@dataclass(frozen=True)
class Section:
    kind: str  # a built-in kind, or the key of one of the record's own sections
    title: str
    entries: tuple
    style: str | None = None
    layout: str | None = None  # the record's own sections: one of LAYOUTS
    grouped: bool = False  # publications: listed by publication_group, with headings
    numbering: str = "continuous"  # publications: or "per-group" ([J1], [C1], ...)


@dataclass(frozen=True)
class View:
    """What one variant prints, in order, plus the citation numbers it uses."""

    record: Record
    variant_name: str
    variant: Variant
    sections: tuple[Section, ...]
    citations: dict[str, int] = field(default_factory=dict)
    language: Language = field(default_factory=lambda: language("en"))
    left_out: tuple[LeftOut, ...] = ()  # by its selection (not by auto-fit)
    notes: tuple[str, ...] = ()  # choices made for the user, said on the build line
    prefer: frozenset[str] = frozenset()  # tags of the application it is tailored to
    letter: Letter | None = None  # a letter's view has no sections
    frame: str | None = None  # the template a letter takes its look from

    @property
    def left_out_summary(self) -> str:
        """'9 bullets and 10 papers', or '' when the selection prints everything."""
        bullets = sum(item.bullets for item in self.left_out)
        kinds: dict[str, int] = {}
        for item in self.left_out:
            if not item.bullets:
                kinds[item.kind] = kinds.get(item.kind, 0) + 1
        # A whole section of the record's own is named: 'and 2 sections of your own
        # (Certificates, References)'; a count alone would not say which.
        sections = [item.label for item in self.left_out if item.kind == "section"]
        kinds.pop("section", None)
        parts = ([f"{bullets} bullet{'s' if bullets != 1 else ''}"] if bullets else []) + [
            counted(count, kind) for kind, count in kinds.items()] + (
            [f"{counted(len(sections), 'section')} ({', '.join(sections)})"] if sections
            else [])
        return " and ".join(filter(None, [", ".join(parts[:-1]), parts[-1]])) if parts else ""

    @property
    def references(self) -> list[tuple[int, Publication]]:
        """Cited papers that no publications section of this view lists, with their
        numbers: the document prints them as a reference list of its own."""
        listed = {paper.id for section in self.sections if section.kind == "publications"
                  for paper in section.entries}
        by_id = {p.id: p for p in self.record.publications}
        return sorted(((n, by_id[key]) for key, n in self.citations.items()
                       if key not in listed), key=lambda t: t[0])

    @property
    def labels(self) -> dict[str, str]:
        """What each cited or listed paper is called in this document: its number, or
        its group letter and place in the group where a section numbers per group."""
        labels: dict[str, str] = {}
        for section in self.sections:
            if section.kind != "publications" or section.numbering != "per-group":
                continue
            counts: dict[str, int] = {}
            for paper in section.entries:
                group = publication_group(paper)
                counts[group] = counts.get(group, 0) + 1
                labels.setdefault(paper.id, f"{PUBLICATION_GROUPS[group]}{counts[group]}")
        for key, number in self.citations.items():
            labels.setdefault(key, str(number))
        return labels


def recency(entry) -> tuple:
    """Sort key: most recent last (end, then start, then date, then year)."""
    end = (getattr(entry, "end", None) or getattr(entry, "start", None)
           or getattr(entry, "date", None))
    if end is not None:
        return (end.year, end.month if not end.present else 13, 1)
    year = getattr(entry, "year", None)
    if year is None and getattr(entry, "status", None) is not None:
        return (9999, 13, 0)  # a paper with no year yet (not out): newer than any
    return (year or 0, 0, 0)


def entry_label(kind: str, entry, words: int = 8) -> str:
    """How a message names an entry: "publications 'AdaBelief optimizer: adapting
    stepsizes by the belief…'" (its name or title as plain text, first words only)."""
    from .record.markup import to_plain

    name = (getattr(entry, "name", None) or getattr(entry, "title", None)
            or getattr(entry, "organization", None) or getattr(entry, "institution", None)
            or getattr(entry, "host", None) or getattr(entry, "category", None)
            or getattr(entry, "role", None) or "entry")
    plain = to_plain(str(name)).split()
    shown = " ".join(plain[:words]) + ("\u2026" if len(plain) > words else "")
    return f"{kind.replace('_', ' ')} '{shown}'"


def preferred(entry, prefer: frozenset[str]) -> bool:
    """The entry carries a tag the application asks for."""
    return bool(prefer) and not prefer.isdisjoint(entry.tags)


def select_entries(entries: list, spec: SectionSpec,
                   prefer: frozenset[str] = frozenset()) -> tuple:
    """Filter by selected/tags/status, keep the `limit` most recent, trim bullets. An entry
    with a preferred tag counts as selected and is kept first by a limit."""
    return tuple(entry for _, entry in select_indexed(entries, spec, prefer))


def select_indexed(entries: list, spec: SectionSpec,
                   prefer: frozenset[str] = frozenset()) -> list[tuple[int, object]]:
    """select_entries as (position in the record, entry as printed) pairs, in record order
    (publications by group, newest first in each, where the section groups them)."""
    chosen = []
    for index, entry in enumerate(entries):
        if spec.only_selected and not (entry.selected or preferred(entry, prefer)):
            continue
        if spec.tags and not set(spec.tags) & set(entry.tags):
            continue
        if spec.exclude_tags and set(spec.exclude_tags) & set(entry.tags):
            continue
        if spec.statuses and getattr(entry, "status", None) not in spec.statuses:
            continue
        chosen.append((index, entry))
    if spec.limit is not None and len(chosen) > spec.limit:
        # By position, not equality: two identical entries are still two entries.
        newest = sorted(range(len(chosen)), key=lambda i: (preferred(chosen[i][1], prefer),
                                                           recency(chosen[i][1])), reverse=True)
        keep = set(newest[: spec.limit])
        chosen = [pair for i, pair in enumerate(chosen) if i in keep]
    if spec.max_highlights is not None:
        chosen = [(index, trim_highlights(entry, spec.max_highlights))
                  for index, entry in chosen]
    if spec.kind == "publications" and spec.group_by_type:
        order = list(PUBLICATION_GROUPS)
        # Stable: papers of one group and year keep the record's order.
        chosen.sort(key=lambda pair: (order.index(publication_group(pair[1])),
                                      -recency(pair[1])[0]))  # no year yet: the newest
    return chosen


def trim_highlights(entry, limit: int):
    if len(getattr(entry, "highlights", ())) <= limit:
        return entry
    return entry.model_copy(update={"highlights": entry.highlights[:limit]})


def custom_layout(entries: list[CustomEntry], style: str | None) -> str:
    """A style naming a layout wins; else dated or detailed entries with bullets, one-line
    'title: details', or a plain list, by what the section's entries hold."""
    if style in LAYOUTS:
        return style
    if any(e.organization or e.location or e.start or e.end or e.date or e.highlights
           for e in entries):
        return "entries"
    return "lines" if any(e.details for e in entries) else "list"


def section_specs(record: Record, variant: Variant) -> list[SectionSpec]:
    """The variant's sections, then (custom_sections: all) the record's own it leaves out."""
    specs = list(variant.sections)
    following = (list(record.sections) if variant.custom_sections == "all" else
                 variant.custom_sections if isinstance(variant.custom_sections, list) else [])
    listed = {spec.kind for spec in specs}
    specs += [SectionSpec(kind=key) for key in dict.fromkeys(following)
              if key in record.sections and key not in listed]
    return specs


def project_bullet(project: Project) -> str:
    """A project as one bullet of the job it was done in (markup): name, role, details."""
    name = "**" + escape_markup(project.name) + "**"
    if project.url and not set("()[]") & set(project.url):
        name = f"[{name}]({project.url})"
    text = name + (": " + project.role if project.role else "")
    if project.highlights:  # each sub-bullet after its parent, as the statement's prose
        text += ". " + " ".join(part for item in project.highlights
                                for part in (bullet_text(item), *sub_bullets(item)))
    return text


def fold_projects(jobs: tuple, projects: tuple) -> tuple[tuple, set[int]]:
    """A job with no bullets of its own shows the projects done there (by organization)
    as its bullets, so the current role is never empty and the projects' list does not
    repeat the employer. Returns the jobs and the id() of every project folded in."""
    folded: set[int] = set()
    shown = []
    for job in jobs:
        here = [p for p in projects if p.organization and id(p) not in folded
                and p.organization.casefold() == job.organization.casefold()]
        if job.highlights or not here:
            shown.append(job)
            continue
        folded.update(map(id, here))
        shown.append(job.model_copy(update={"highlights": [project_bullet(p) for p in here]}))
    return tuple(shown), folded


def select(record: Record, name: str, variant: Variant,
           prefer: frozenset[str] = frozenset(), fold: bool = True) -> View:
    """Build the view of record that variant prints, in its language (the shipped English
    titles, the variant's and its sections', translated), with what it leaves out;
    tailored to prefer's tags (an application's) if given.

    A section that keeps only `selected` entries of a kind the record marks none of
    shows the most recent ones instead (up to its limit), and says so: a new record
    gets a résumé with papers, not one without. fold: a job without bullets shows its
    projects (see fold_projects).
    """
    words = language(variant.locale or record.locale, record.words)
    if words.titles:
        variant = variant.model_copy(update={"title": words.title(variant.title)})
    sections, notes = [], []
    printed: dict[str, dict[int, int]] = {}  # kind -> record position -> bullets printed
    chosen: dict[int, list] = {}  # id(spec) -> its (position, entry) pairs, chosen once

    def choose(spec: SectionSpec, title: str) -> list:
        if id(spec) not in chosen:
            candidates = entries_of(record, spec.kind)
            own = spec
            if spec.only_selected and candidates and not any(
                    e.selected or preferred(e, prefer) for e in candidates):
                own = replace_spec(spec, only_selected=False)
                notes.append(f"{title}: no {nouns(spec.kind)[1]} marked selected, so "
                             f"{_shown_instead(len(select_indexed(candidates, own)), spec)} "
                             "(mark the ones you want with selected: true)")
            chosen[id(spec)] = select_indexed(candidates, own, prefer)
        return chosen[id(spec)]

    specs = section_specs(record, variant)
    # The projects a job may show: the variant's own choice of them (the very objects its
    # projects section lists, so that one folded into a job is not listed again).
    project_specs = [spec for spec in specs if spec.kind == "projects"]
    projects = (tuple(entry for _, entry in choose(
        project_specs[0], words.title(project_specs[0].title or DEFAULT_TITLES["projects"])))
        if project_specs else tuple(record.projects))
    folded: set[int] = set()
    for spec in specs:
        if spec.unless and has_content(record, spec.unless):
            continue  # in place of what the record has (a summary for no statement)
        layout = None
        if spec.kind in BUILTIN_KINDS:
            title = words.title(spec.title or DEFAULT_TITLES[spec.kind])
        else:  # one of the record's own sections: its words, as written
            own = record.sections[spec.kind]
            title = spec.title or own.heading(spec.kind)
            layout = custom_layout(own.entries, spec.style)
        if spec.kind in _TEXT_SECTIONS:
            text = getattr(record, _TEXT_SECTIONS[spec.kind])
            entries = (text,) if text else ()
        else:
            pairs = choose(spec, title)
            shown = printed.setdefault(spec.kind, {})
            for index, entry in pairs:
                bullets = len(getattr(entry, "highlights", ()))
                shown[index] = max(shown.get(index, 0), bullets)
            entries = tuple(entry for _, entry in pairs)
            if spec.kind == "experience" and fold:
                entries, here = fold_projects(entries, projects)
                folded |= here
        if entries:
            sections.append(Section(spec.kind, title, entries, spec.style, layout,
                                    spec.group_by_type, spec.numbering))
    if folded:  # a project shown under its job is not listed again
        sections = [replace(section, entries=tuple(p for p in section.entries
                                                   if id(p) not in folded))
                    if section.kind == "projects" else section for section in sections]
        sections = [section for section in sections if section.entries]
    left_out = [LeftOut("section", own.heading(key)) for key, own in record.sections.items()
                if key not in printed and own.entries]  # not one of its entries printed
    for kind, shown in printed.items():
        for index, entry in enumerate(entries_of(record, kind)):
            if index not in shown:
                left_out.append(LeftOut(kind, entry_label(kind, entry)))
            elif len(getattr(entry, "highlights", ())) > shown[index]:
                left_out.append(LeftOut(kind, entry_label(kind, entry),
                                        len(entry.highlights) - shown[index]))
    return View(record, name, variant, tuple(sections), number_citations(sections), words,
                tuple(left_out), tuple(notes), prefer=prefer)


def select_letter(record: Record, name: str, variant: Variant, letter: Letter,
                  resume: Variant) -> View:
    """The view of one letter: no sections; it takes its look (template) and paper from
    the résumé it goes with, and its language from its variant, else that résumé's."""
    words = language(variant.locale or resume.locale or record.locale, record.words)
    about = ", ".join(filter(None, [letter.position, letter.company]))
    title = words.title(variant.title)
    own = variant.model_copy(update={
        "paper": resume.paper, "title": title, "design": resume.design,
        "description": f"{title}: {about}" if about else variant.description})
    return View(record, name, own, (), language=words, letter=letter, frame=resume.template)


def view_of(record: Record, job: Job, variants: dict[str, Variant]) -> View:
    """What one planned PDF shows: a letter, or a variant's selection (tailored to the
    application's preferred tags if it has one)."""
    if job.letter is not None:
        resume = variants[resume_of(job.letter, variants)]
        return select_letter(record, job.name, job.variant, job.letter, resume)
    prefer = frozenset(job.application.prefer_tags) if job.application else frozenset()
    return select(record, job.name, job.variant, prefer)


def replace_spec(spec: SectionSpec, **changes) -> SectionSpec:
    return spec.model_copy(update=changes)


def missing_kinds(view: View) -> list[str]:
    """The record fields a variant's sections would show, when it shows none of them."""
    return list(dict.fromkeys(record_field(spec.kind)
                              for spec in section_specs(view.record, view.variant)))


def number_citations(sections) -> dict[str, int]:
    """Paper numbers: as listed in the publications section when there is one, then
    in order of first citation, as a reader meets them."""
    numbers: dict[str, int] = {}
    for section in sections:
        if section.kind == "publications":
            for paper in section.entries:
                numbers.setdefault(paper.id, len(numbers) + 1)
    for section in sections:
        if section.kind != "research":
            continue
        for theme in section.entries:
            for project in theme.projects:
                for key in project.papers:
                    numbers.setdefault(key, len(numbers) + 1)
    return numbers
