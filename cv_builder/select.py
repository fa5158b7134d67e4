"""Choose what a variant shows: a new, read-only view of the record, never a mutation,
and account for what it leaves out, so nothing is dropped without a word."""

from __future__ import annotations

from dataclasses import dataclass, field

from .record.language import Language, language
from .record.model import Publication, Record, SectionSpec, Variant

DEFAULT_TITLES = {
    "about": "About", "statement": "Research Statement", "education": "Education",
    "experience": "Experience", "projects": "Projects", "open_source": "Open-Source Projects",
    "awards": "Awards", "publications": "Publications", "research": "Research",
    "service": "Service", "talks": "Talks", "skills": "Skills",
}

_TEXT_SECTIONS = {"about": "about", "statement": "research_statement"}

# What one entry of each kind is called when counting what a selection left out.
NOUNS = {
    "education": ("degree", "degrees"), "experience": ("position", "positions"),
    "projects": ("project", "projects"), "open_source": ("repository", "repositories"),
    "awards": ("award", "awards"), "publications": ("paper", "papers"),
    "research": ("research theme", "research themes"), "service": ("service entry",
                                                                   "service entries"),
    "talks": ("talk", "talks"), "skills": ("skill group", "skill groups"),
}


def counted(count: int, kind: str) -> str:
    """'1 paper', '10 papers', '3 bullets'."""
    singular, plural = NOUNS.get(kind, (kind, kind + "s"))
    return f"{count} {singular if count == 1 else plural}"


def record_field(kind: str) -> str:
    """The record's field a section kind shows: statement -> research_statement."""
    return _TEXT_SECTIONS.get(kind, kind)


@dataclass(frozen=True)
class LeftOut:
    """An entry of the record, or some of its bullets, that a variant does not print."""

    kind: str
    label: str  # "publications 'AdaBelief optimizer'"
    bullets: int = 0  # bullets cut from an entry that is printed; 0 for a whole entry

    def __str__(self) -> str:
        if self.bullets:
            return f"{self.bullets} bullet{'s' if self.bullets != 1 else ''} of {self.label}"
        return self.label


@dataclass(frozen=True)
class Section:
    kind: str
    title: str
    entries: tuple
    style: str | None = None


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

    @property
    def left_out_summary(self) -> str:
        """'9 bullets and 10 papers', or '' when the selection prints everything."""
        bullets = sum(item.bullets for item in self.left_out)
        kinds: dict[str, int] = {}
        for item in self.left_out:
            if not item.bullets:
                kinds[item.kind] = kinds.get(item.kind, 0) + 1
        parts = ([f"{bullets} bullet{'s' if bullets != 1 else ''}"] if bullets else []) + [
            counted(count, kind) for kind, count in kinds.items()]
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


def recency(entry) -> tuple:
    """Sort key: most recent last (end, then start, then year)."""
    end = getattr(entry, "end", None) or getattr(entry, "start", None)
    if end is not None:
        return (end.year, end.month if not end.present else 13, 1)
    year = getattr(entry, "year", None)
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


def select_entries(entries: list, spec: SectionSpec) -> tuple:
    """Filter by selected/tags/status, keep the `limit` most recent, trim bullets."""
    return tuple(entry for _, entry in select_indexed(entries, spec))


def select_indexed(entries: list, spec: SectionSpec) -> list[tuple[int, object]]:
    """select_entries as (position in the record, entry as printed) pairs, in record order."""
    chosen = []
    for index, entry in enumerate(entries):
        if spec.only_selected and not entry.selected:
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
        newest = sorted(range(len(chosen)), key=lambda i: recency(chosen[i][1]), reverse=True)
        keep = set(newest[: spec.limit])
        chosen = [pair for i, pair in enumerate(chosen) if i in keep]
    if spec.max_highlights is not None:
        chosen = [(index, trim_highlights(entry, spec.max_highlights))
                  for index, entry in chosen]
    return chosen


def trim_highlights(entry, limit: int):
    if len(getattr(entry, "highlights", ())) <= limit:
        return entry
    return entry.model_copy(update={"highlights": entry.highlights[:limit]})


def select(record: Record, name: str, variant: Variant) -> View:
    """Build the view of record that variant prints, in its language (the shipped English
    titles, the variant's and its sections', translated), with what it leaves out.

    A section that keeps only `selected` entries of a kind the record marks none of
    shows the most recent ones instead (up to its limit), and says so: a new record
    gets a résumé with papers, not one without.
    """
    words = language(variant.locale or record.locale, record.words)
    if words.titles:
        variant = variant.model_copy(update={"title": words.title(variant.title)})
    sections, notes = [], []
    printed: dict[str, dict[int, int]] = {}  # kind -> record position -> bullets printed
    for spec in variant.sections:
        title = words.title(spec.title or DEFAULT_TITLES[spec.kind])
        if spec.kind in _TEXT_SECTIONS:
            text = getattr(record, _TEXT_SECTIONS[spec.kind])
            entries = (text,) if text else ()
        else:
            candidates = list(getattr(record, spec.kind))
            if spec.only_selected and candidates and not any(e.selected for e in candidates):
                spec = replace_spec(spec, only_selected=False)
                notes.append(f"{title}: no {NOUNS[spec.kind][1]} marked selected, so the "
                             f"{'most recent ' if spec.limit else ''}"
                             f"{len(select_indexed(candidates, spec))} are shown "
                             "(mark the ones you want with selected: true)")
            pairs = select_indexed(candidates, spec)
            shown = printed.setdefault(spec.kind, {})
            for index, entry in pairs:
                bullets = len(getattr(entry, "highlights", ()))
                shown[index] = max(shown.get(index, 0), bullets)
            entries = tuple(entry for _, entry in pairs)
        if entries:
            sections.append(Section(spec.kind, title, entries, spec.style))
    left_out = []
    for kind, shown in printed.items():
        for index, entry in enumerate(getattr(record, kind)):
            if index not in shown:
                left_out.append(LeftOut(kind, entry_label(kind, entry)))
            elif len(getattr(entry, "highlights", ())) > shown[index]:
                left_out.append(LeftOut(kind, entry_label(kind, entry),
                                        len(entry.highlights) - shown[index]))
    return View(record, name, variant, tuple(sections), number_citations(sections), words,
                tuple(left_out), tuple(notes))


def replace_spec(spec: SectionSpec, **changes) -> SectionSpec:
    return spec.model_copy(update=changes)


def missing_kinds(view: View) -> list[str]:
    """The record fields a variant's sections would show, when it shows none of them."""
    return list(dict.fromkeys(record_field(spec.kind) for spec in view.variant.sections))


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
