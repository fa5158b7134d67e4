"""The record: strict pydantic models for everything a person's CV holds.

Why: one validated shape for every template and export; unknown keys are
rejected so a typo never silently drops a fact.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer,
                      WithJsonSchema, model_validator)

from . import markup
from .dates import PartialDate

DATE_SCHEMA = {
    "anyOf": [
        {"type": "integer", "minimum": 1000, "maximum": 9998},
        {"type": "string", "pattern": r"^\d{4}(-(0?[1-9]|1[0-2]))?(-\d{1,2})?$"},
        {"type": "string", "enum": ["present"]},
    ],
    "description": "A year (2016), a year-month (\"2016-09\") or \"present\".",
    "examples": [2016, "2016-09", "present"],
}

Date = Annotated[
    PartialDate,
    BeforeValidator(PartialDate.parse),
    PlainSerializer(lambda d: d.year if not d.month and not d.present else d.iso()),
    WithJsonSchema(DATE_SCHEMA),
]

Url = Annotated[str, Field(pattern=r"^(https?://|mailto:)[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+$",
                           description="An http(s) or mailto: address.",
                           examples=["https://example.org"])]

Markup = Annotated[str, AfterValidator(markup.validate), Field(
    description="Text with inline markup: **bold**, *italic*, [label](https://url), "
                "$math$; a backslash keeps the next character literal.")]


class Strict(BaseModel):
    """Base of every record model: unknown keys are errors, values never coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True,
                              arbitrary_types_allowed=True, populate_by_name=True)


class Entry(Strict):
    """Fields every list entry shares: how variants select and trim it."""

    tags: list[str] = Field(default_factory=list,
                            description="Free labels a variant can select on, e.g. [industry].")
    selected: bool = Field(False, description="A strongest item: one-page variants keep these.")
    priority: int = Field(0, description="Higher survives longer when a page must be cut.")


class Dated(Entry):
    start: Date | None = Field(None, description="When it began.")
    end: Date | None = Field(None, description="When it ended, or 'present'.")

    @model_validator(mode="after")
    def _end_not_before_start(self):
        if self.start and self.end and self.end.before(self.start):
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class Link(Strict):
    label: str = Field(description="What the link shows, e.g. 'project page' or 'video'.")
    url: Url


class Profile(Strict):
    label: str = Field(description="e.g. 'Google Scholar', 'GitHub'.")
    url: Url


class Person(Strict):
    name: str = Field(description="Full name as printed in the header.", examples=["Ada Lovelace"])
    name_forms: list[str] = Field(
        default_factory=list,
        description="Other spellings in author lists (e.g. 'A. Lovelace'); every one is bolded.")
    headline: str | None = Field(None, description="One line under the name.")
    email: str | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    other_emails: list[Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]] = Field(
        default_factory=list, description="Earlier addresses, kept for the record.")
    phone: str | None = None
    website: Url | None = None
    location: str | None = None
    profiles: list[Profile] = Field(default_factory=list)


class Education(Dated):
    institution: str
    degree: str = Field(description="e.g. 'Ph.D.', 'B.E.'.")
    field: str | None = Field(None, description="e.g. 'Biomedical Engineering'.")
    additional: list[str] = Field(default_factory=list,
                                  description="Further degrees earned in the same programme.")
    advisor: str | None = None
    gpa: str | None = Field(None, examples=["4.0/4.0"])
    location: str | None = None
    expected: bool = Field(False, description="The end date is an expected one.")
    highlights: list[Markup] = Field(default_factory=list)


class Experience(Dated):
    organization: str
    position: str
    location: str | None = None
    url: Url | None = None
    highlights: list[Markup] = Field(default_factory=list)


class Project(Entry):
    name: str
    role: Markup | None = Field(None, description="What the person did, e.g. 'core contributor'.")
    organization: str | None = None
    year: int | None = None
    url: Url | None = None
    highlights: list[Markup] = Field(default_factory=list)


class OpenSource(Entry):
    name: str
    url: Url | None = None
    stars: int | None = Field(None, ge=0, description="GitHub stars, as last counted.")
    description: Markup | None = None


class Award(Entry):
    name: str
    detail: str | None = Field(None, description="e.g. '1 out of the School of Engineering'.")
    issuer: str | None = None
    year: int


Status = Literal["published", "accepted", "in submission", "preprint", "in preparation"]
PubType = Literal["conference", "journal", "workshop", "preprint", "thesis", "book", "other"]


class Publication(Entry):
    id: str = Field(pattern=r"^[A-Za-z0-9_:.\-]+$", description="Key to cite the paper by.")
    authors: list[str] = Field(min_length=1, description="In order; the owner is bolded.")
    et_al: bool = Field(False, description="The list is shortened: print 'et al.' after it.")
    title: str
    former_titles: list[str] = Field(default_factory=list,
                                     description="Earlier titles of the same paper.")
    venue: str | None = Field(None, description="Full venue name.")
    venue_short: str | None = Field(None, description="e.g. 'ICLR 2022'.")
    type: PubType = "conference"
    year: int
    status: Status = "published"
    notes: list[str] = Field(default_factory=list, description="e.g. Spotlight, oral presentation.")
    links: list[Link] = Field(default_factory=list)
    doi: str | None = None


class ResearchProject(Dated):
    title: str
    mentors: list[str] = Field(default_factory=list)
    institution: str | None = None
    highlights: list[Markup] = Field(default_factory=list)
    papers: list[str] = Field(default_factory=list, description="Publication ids it led to.")
    links: list[Link] = Field(default_factory=list)


class ResearchTheme(Entry):
    title: str
    summary: Markup | None = None
    projects: list[ResearchProject] = Field(default_factory=list)


class Service(Entry):
    role: str = Field(description="e.g. 'Reviewer'.")
    venues: list[str] = Field(default_factory=list)


class Talk(Entry):
    title: str | None = None
    host: str = Field(description="Where the talk was given.")
    year: int
    links: list[Link] = Field(default_factory=list)


class SkillGroup(Entry):
    category: str
    items: list[str] = Field(min_length=1)


SectionKind = Literal["about", "statement", "education", "experience", "projects",
                      "open_source", "awards", "publications", "research", "service",
                      "talks", "skills"]


class SectionSpec(Strict):
    """One section of a variant: which entries, in which order, how many."""

    kind: SectionKind
    title: str | None = Field(None, description="Heading; a default per kind otherwise.")
    only_selected: bool = Field(False, description="Keep entries marked selected: true.")
    tags: list[str] = Field(default_factory=list, description="Keep entries with any of these.")
    exclude_tags: list[str] = Field(default_factory=list)
    statuses: list[Status] = Field(default_factory=list,
                                   description="Publications only: keep these statuses.")
    limit: int | None = Field(None, ge=1, description="At most this many, most recent first.")
    max_highlights: int | None = Field(None, ge=0, description="Bullets kept per entry.")
    style: str | None = Field(None, description="A look the partial offers, e.g. 'compact'.")


class FitSpec(Strict):
    """How far auto-fit may go to meet a page limit."""

    min_font_size: float = Field(9.5, ge=8)
    min_spacing: float = Field(0.5, ge=0, le=1, description="Smallest spacing scale.")
    drop_entries: bool = True


class Variant(Strict):
    """A document made from the record; declared as data."""

    extends: str | None = Field(None, description="Start from this variant, then override.")
    template: str = Field(description="File under latex_templates/, e.g. 'academic-cv.tex.j2'.")
    template_dir: str | None = Field(
        None, description="A folder of your own templates (relative to the record) whose files "
                          "override the shipped templates and partials by name.")
    title: str = Field(description="Document title, also in the PDF metadata.")
    description: str = ""
    page_limit: int | None = Field(None, ge=1)
    paper: Literal["letter", "a4"] = "letter"
    font_size: float = Field(11, ge=8, le=14)
    sections: list[SectionSpec]
    fit: FitSpec = Field(default_factory=FitSpec)
    keywords: list[str] = Field(default_factory=list)


class Record(Strict):
    """Everything about one person."""

    schema_: str | None = Field(None, alias="$schema", description="Editor schema address.")
    person: Person
    about: Markup | None = Field(None, description="A short paragraph about the person.")
    research_statement: Markup | None = None
    education: list[Education] = Field(default_factory=list)
    experience: list[Experience] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    open_source: list[OpenSource] = Field(default_factory=list)
    awards: list[Award] = Field(default_factory=list)
    publications: list[Publication] = Field(default_factory=list)
    research: list[ResearchTheme] = Field(default_factory=list)
    service: list[Service] = Field(default_factory=list)
    talks: list[Talk] = Field(default_factory=list)
    skills: list[SkillGroup] = Field(default_factory=list)
    bibliography: str | None = Field(None, description="A .bib file of further publications.")
    variants: dict[str, dict] = Field(
        default_factory=dict,
        description="Overrides of the shipped variants, or new ones, keyed by name.")

    @model_validator(mode="after")
    def _papers_exist(self):
        # Every cross-reference problem in one message: the user fixes them all in one go.
        ids = [p.id for p in self.publications]
        problems = []
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            problems.append(f"publication ids must be unique; repeated: {', '.join(duplicates)}")
        known = set(ids)
        for theme in self.research:
            for project in theme.projects:
                for key in project.papers:
                    if key not in known:
                        problems.append(f"research project {project.title!r} cites {key!r}, "
                                        "which is not a publication id")
        if problems:
            raise ValueError("; ".join(problems))
        return self
