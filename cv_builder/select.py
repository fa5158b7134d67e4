"""Choose what a variant shows: a new, read-only view of the record, never a mutation."""

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


def select_entries(entries: list, spec: SectionSpec) -> tuple:
    """Filter by selected/tags/status, keep the `limit` most recent, trim bullets."""
    chosen = []
    for entry in entries:
        if spec.only_selected and not entry.selected:
            continue
        if spec.tags and not set(spec.tags) & set(entry.tags):
            continue
        if spec.exclude_tags and set(spec.exclude_tags) & set(entry.tags):
            continue
        if spec.statuses and getattr(entry, "status", None) not in spec.statuses:
            continue
        chosen.append(entry)
    if spec.limit is not None and len(chosen) > spec.limit:
        # By position, not equality: two identical entries are still two entries.
        newest = sorted(range(len(chosen)), key=lambda i: recency(chosen[i]), reverse=True)
        keep = set(newest[: spec.limit])
        chosen = [entry for i, entry in enumerate(chosen) if i in keep]
    if spec.max_highlights is not None:
        chosen = [trim_highlights(entry, spec.max_highlights) for entry in chosen]
    return tuple(chosen)


def trim_highlights(entry, limit: int):
    if len(getattr(entry, "highlights", ())) <= limit:
        return entry
    return entry.model_copy(update={"highlights": entry.highlights[:limit]})


def select(record: Record, name: str, variant: Variant) -> View:
    """Build the view of record that variant prints, in its language: the shipped English
    titles (the variant's, its sections') translated."""
    words = language(variant.locale or record.locale, record.words)
    if words.titles:
        variant = variant.model_copy(update={"title": words.title(variant.title)})
    sections = []
    for spec in variant.sections:
        title = words.title(spec.title or DEFAULT_TITLES[spec.kind])
        if spec.kind in _TEXT_SECTIONS:
            text = getattr(record, _TEXT_SECTIONS[spec.kind])
            entries = (text,) if text else ()
        else:
            entries = select_entries(list(getattr(record, spec.kind)), spec)
        if entries:
            sections.append(Section(spec.kind, title, entries, spec.style))
    return View(record, name, variant, tuple(sections), number_citations(sections), words)


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
