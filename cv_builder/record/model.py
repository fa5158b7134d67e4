"""The record: strict pydantic models for everything a person's CV holds.

Why: one validated shape for every template and export; unknown keys are
rejected so a typo never silently drops a fact.
"""

from __future__ import annotations

import difflib
import typing
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo, field_validator

# The shared building blocks, also importable from here as before.
from .base import (DATE_SCHEMA, Bullet, Date, Dated, Entry, Highlight, Link, Markup,  # noqa: F401
                   Strict, Url)
from .papers import PubType, Publication, Status  # noqa: F401
from .letters import Letter
from .sections import SECTION_KEY, CustomSection
from .design import Design

# Paper sizes as LaTeX knows them; written in any case (A4, Letter) in the record.
Paper = Annotated[Literal["letter", "a4"], BeforeValidator(
    lambda value: value.lower() if isinstance(value, str) and value.lower() in ("letter", "a4")
    else value)]


def _known_locale(tag: str | None) -> str | None:
    """The tag as cv-builder reads it (language.resolve_locale): DE -> de, en-US -> en."""
    from .language import resolve_locale

    return None if tag is None else resolve_locale(tag)


def _word_keys() -> list[str]:
    from .language import word_keys

    return word_keys()


Locale = Annotated[str, AfterValidator(_known_locale), Field(
    description="The reader's language, a BCP 47 tag in any case (en, en-GB, de, fr, es, it, "
                "pt-BR, nl, pl, tr, ru, el, zh-Hans, zh-Hant, ja, ko, or a regional tag of "
                "one of these languages such as en-US or de-AT): month names, date ranges, "
                "section titles and the tool's own words.",
    examples=["de", "zh-Hans"])]


class Profile(Strict):
    """An online profile: the header's contact line prints its address (no scheme), so
    that a printout carries it."""

    label: str = Field(description="What the profile is, e.g. 'Google Scholar', 'GitHub': "
                                   "the link text in exports (the PDFs print the address).",
                       examples=["Google Scholar", "GitHub"])
    url: Url = Field(description="The profile's address.",
                     examples=["https://scholar.google.com/citations?user=78_Vob4AAAAJ&hl=en"])


class Person(Strict):
    """Who the record is about: the name and contact line of every document's header."""

    name: str = Field(description="Full name as printed in the header.", examples=["Ada Lovelace"])
    name_forms: list[str] = Field(
        default_factory=list,
        description="Other spellings in author lists (e.g. 'A. Lovelace'); every one is bolded.",
        examples=[["J. Zhuang", "Juntang Zhuang"]])
    headline: str | None = Field(None, description="One line under the name.",
                                 examples=["Research Scientist at OpenAI"])
    email: str | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                              description="Contact address, a mailto: link on the contact line.",
                              examples=["zhuangjt12@gmail.com"])
    other_emails: list[Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]] = Field(
        default_factory=list, description="Earlier addresses, kept for the record; not printed.",
        examples=[["j.zhuang@yale.edu"]])
    phone: str | None = Field(None, description="Phone number as printed on the contact line "
                                                "(linked as tel:).",
                              examples=["+1 475-224-8282"])
    website: Url | None = Field(None, description="Personal homepage, linked on the contact line.",
                                examples=["https://juntang-zhuang.github.io"])
    location: str | None = Field(None, description="Where the person is based, on the contact "
                                                 "line.",
                                 examples=["San Francisco, CA"])
    profiles: list[Profile] = Field(
        default_factory=list, description="Online profiles, linked on the contact line after the "
                                          "website.",
        examples=[[{"label": "Google Scholar",
                    "url": "https://scholar.google.com/citations?user=78_Vob4AAAAJ&hl=en"}]])


class Education(Dated):
    """A degree programme, printed in the education section."""

    institution: str = Field(description="The university or school, printed in bold.",
                             examples=["Yale University"])
    degree: str = Field(description="e.g. 'Ph.D.', 'B.E.'.", examples=["Ph.D.", "B.E."])
    field: str | None = Field(None, description="e.g. 'Biomedical Engineering'.",
                              examples=["Biomedical Engineering"])
    additional: list[str] = Field(default_factory=list,
                                  description="Further degrees earned in the same programme.",
                                  examples=[["M.Phil. in Biomedical Engineering"]])
    advisor: str | None = Field(None, description="Printed after the degree as 'advisor: ...'.",
                                examples=["James S. Duncan"])
    gpa: str | None = Field(None, description="Grade point average, printed after the degree: "
                                              "a bare number or ratio behind the word GPA "
                                              "('GPA: 3.8/4.0'), anything else as written.",
                            examples=["4.0/4.0"])
    location: str | None = Field(None, description="Printed after the institution.",
                                 examples=["New Haven, CT"])
    expected: bool = Field(False, description="The end date is an expected one.",
                           examples=[True])
    summary: Markup | None = Field(None, description="A sentence or two under the degree, "
                                                     "before its bullets.",
                                   examples=["Dissertation on adaptive optimizers."])
    highlights: list[Highlight] = Field(
        default_factory=list, description="Bullets under the degree (thesis, honours).",
        examples=[["Thesis: *Adaptive optimizers for deep learning*"]])


class Experience(Dated):
    """A position held, printed in the work experience section."""

    organization: str = Field(description="The employer, printed in bold.", examples=["OpenAI"])
    position: str = Field(description="The job title.", examples=["Research Scientist"])
    location: str | None = Field(None, description="Where the job was, printed after the "
                                               "organization.",
                                 examples=["San Francisco, CA"])
    url: Url | None = Field(None, description="The organization's or team's web page.",
                            examples=["https://openai.com"])
    description: str | None = Field(None, description="What the organization is, printed after "
                                                       "its name in muted text.",
                                    examples=["Social media company"])
    summary: Markup | None = Field(None, description="A sentence or two on the role, under it "
                                                     "and before its bullets.",
                                   examples=["Led the optimizer team of five."])
    highlights: list[Highlight] = Field(
        default_factory=list, description="Bullets of what was done; variants may cap how many. "
                                          "A bullet written as text: and highlights: has "
                                          "sub-bullets.",
        examples=[["Improved ImageNet top-1 accuracy by +11.3% over AdamW on Vision Transformer.",
                   {"text": "Shipped the new storage engine",
                    "highlights": ["3x write throughput", "zero-downtime migration"]}]])


class Project(Entry):
    """A project the person worked on, e.g. a product, printed as one bullet."""

    name: str = Field(description="The project's name, printed in bold (linked if url is set).",
                      examples=["GPT-4"])
    role: Markup | None = Field(None, description="What the person did, e.g. 'core contributor'.",
                                examples=["core contributor"])
    organization: str | None = Field(None, description="Where it was done, printed in muted text.",
                                     examples=["OpenAI"])
    year: int | None = Field(None, description="Printed with the organization, in muted text.",
                             examples=[2023])
    url: Url | None = Field(None, description="The project's page; the name links to it.",
                            examples=["https://openai.com/research/gpt-4"])
    summary: Markup | None = Field(None, description="A sentence or two on what it is, under "
                                                     "the name and before its bullets.",
                                   examples=["A mapping engine that misguides you."])
    highlights: list[Highlight] = Field(
        default_factory=list, description="Sub-bullets under the project.",
        examples=[["Invented the long-context algorithm supporting a 256k window."]])


class OpenSource(Entry):
    """A public code repository, printed in the open-source section."""

    name: str = Field(description="The repository's name, printed in bold (linked if url is set).",
                      examples=["AdaBelief-optimizer"])
    url: Url | None = Field(None, description="The repository's address; the name links to it.",
                            examples=["https://github.com/juntang-zhuang/Adabelief-Optimizer"])
    stars: int | None = Field(None, ge=0, description="GitHub stars, as last counted.",
                              examples=[1000])
    description: Markup | None = Field(None, description="One line on what it is, after the name.",
                                       examples=["Real-time semantic segmentation network."])


class Award(Entry):
    """An award, prize or scholarship, printed with its year."""

    name: str = Field(description="The award's name.", examples=["Best paper award"])
    detail: str | None = Field(None, description="e.g. '1 out of the School of Engineering'.",
                               examples=["top 10% teams worldwide"])
    issuer: str | None = Field(None, description="Who gave it, printed after the name.",
                               examples=["Yale University"])
    year: int = Field(description="When it was given, printed beside it.", examples=[2019])


# Papers one project may cite: far above any project, and within what TeX typesets in
# the one paragraph that cites them all (8,000 were "arithmetic: number too big").
MAX_CITED = 1_000


class ResearchProject(Dated):
    """One research project under a theme, with its mentors and papers."""

    title: str = Field(description="The project's title, printed in bold.",
                       examples=["ShelfNet for real-time semantic segmentation"])
    mentors: list[str] = Field(default_factory=list, description="Printed as 'Mentors: ...'.",
                               examples=[["James S. Duncan", "Sekhar Tatikonda"]])
    institution: str | None = Field(None, description="Where the work was done, printed beside "
                                                      "the mentors.",
                                    examples=["Yale University"])
    highlights: list[Highlight] = Field(
        default_factory=list, description="Bullets of what was done and found.",
        examples=[["Proposed ShelfNet, a multi-path network for real-time semantic segmentation."]])
    papers: list[str] = Field(default_factory=list, max_length=MAX_CITED,
                              description="Publication ids it led to (at most 1,000).",
                              examples=[["zhuang2019shelfnet"]])
    links: list[Link] = Field(
        default_factory=list, description="Links about the project, e.g. its page.",
        examples=[[{"label": "project page", "url": "https://juntang-zhuang.github.io/acprop/"}]])


class ResearchTheme(Entry):
    """A research theme grouping projects, in the research section and statement."""

    title: str = Field(description="The theme's heading.",
                       examples=["Optimization for deep learning"])
    summary: Markup | None = Field(None, description="A sentence or two under the heading.",
                                   examples=["Better optimizers for neural networks."])
    narrative: Markup | None = Field(
        None, description="The theme told as a paragraph, for the research statement: what the "
                          "question is, what the projects found and how they connect. Without "
                          "it the statement runs the projects' bullets together.",
        examples=["Training deep networks fast and well depends on the optimizer; my work asks "
                  "how an optimizer can adapt its step to the gradient it observes."])
    projects: list[ResearchProject] = Field(
        default_factory=list, description="The theme's projects, in order.",
        examples=[[{"title": "ShelfNet for real-time semantic segmentation",
                    "institution": "Yale University", "start": "2018-08", "end": "2018-11",
                    "papers": ["zhuang2019shelfnet"]}]])


class Service(Entry):
    """Professional service, e.g. reviewing, printed as role: venues."""

    role: str = Field(description="e.g. 'Reviewer'.", examples=["Reviewer"])
    # Left out, the role stands alone ("Area chair, NeurIPS 2023"); written, the list
    # needs an item, as skills' items do: `venues: []` would print a bare role.
    venues: list[str] = Field(default_factory=list, min_length=1,
                              description="Where it was done, joined by commas. Leave it out "
                                          "for a role that stands alone.",
                              examples=[["ICML 2021", "NeurIPS 2021", "ICLR 2022"]])


class Talk(Entry):
    """An invited talk, printed with its host and year."""

    title: str | None = Field(None, description="The talk's title, printed in italics.",
                              examples=["Adaptive optimizers for deep learning"])
    host: str = Field(description="Where the talk was given.",
                      examples=["Computational Neuroscience Laboratory at Stanford University"])
    year: int = Field(description="When it was given.", examples=[2020])
    links: list[Link] = Field(
        default_factory=list, description="Links printed after the host, e.g. a video.",
        examples=[[{"label": "video", "url": "https://www.bilibili.com/video/BV1Ua4y1x7Wm"}]])


class SkillGroup(Entry):
    """A line of skills: a category and its items."""

    category: str = Field(description="Printed in bold before the items.",
                          examples=["Programming"])
    items: list[str] = Field(min_length=1, description="The skills, joined by commas.",
                             examples=[["C/C++", "R", "Python", "MATLAB"]])


SectionKind = Literal["about", "statement", "education", "experience", "projects",
                      "open_source", "awards", "publications", "research", "future", "service",
                      "talks", "skills"]
BUILTIN_KINDS: tuple[str, ...] = typing.get_args(SectionKind)


class SectionSpec(Strict):
    """One section of a variant: which entries, in which order, how many."""

    kind: str = Field(description="Which part of the record: a built-in kind (education, "
                                  "publications, ...) or the key of one of the record's own "
                                  "sections; picks the section partial.",
                      examples=["publications", "teaching"])
    title: str | None = Field(None, description="Heading; a default per kind otherwise.",
                              examples=["Selected Publications"])
    only_selected: bool = Field(False, description="Keep entries marked selected: true.",
                                examples=[True])
    tags: list[str] = Field(default_factory=list, description="Keep entries with any of these.",
                            examples=[["industry"]])
    exclude_tags: list[str] = Field(default_factory=list,
                                    description="Drop entries with any of these.",
                                    examples=[["academic"]])
    statuses: list[Status] = Field(default_factory=list,
                                   description="Publications only: keep these statuses.",
                                   examples=[["published", "accepted"]])
    limit: int | None = Field(None, ge=1, description="At most this many, most recent first.",
                              examples=[5])
    max_highlights: int | None = Field(None, ge=0, description="Bullets kept per entry.",
                                       examples=[2])
    style: str | None = Field(None, description="A look the partial offers, e.g. 'compact'.",
                              examples=["compact"])
    group_by_type: bool = Field(
        False, description="Publications only: one group per kind (journal articles, "
                           "conference papers, workshop papers, preprints and papers in "
                           "submission, theses, other), each newest first.",
        examples=[True])
    unless: str | None = Field(
        None, description="Shown only when the record has nothing of this kind: the academic "
                          "CV's summary (kind: about) is 'unless: statement', for a record "
                          "with no research statement.",
        examples=["statement"])
    numbering: Literal["continuous", "per-group"] = Field(
        "continuous", description="Publications only: number [1], [2], ... through every "
                                  "group, or per group with a letter ([J1], [C1], [W1], ...).",
        examples=["per-group"])

    @field_validator("kind", "unless")
    @classmethod
    def _known_kind(cls, kind: str | None, info: ValidationInfo) -> str | None:
        """A built-in kind or one of the record's own sections, when validated with the
        record's section keys as context ({"kinds": [...]})."""
        known = (info.context or {}).get("kinds")
        if known is not None and kind is not None and kind not in known:
            close = difflib.get_close_matches(kind, known, n=1)
            raise ValueError(f"{kind!r} is not a built-in section or one of the record's own"
                             + (f"; did you mean {close[0]!r}?" if close else
                                f" ({', '.join(known)})"))
        return kind


class FitSpec(Strict):
    """How far auto-fit may go to meet a page limit."""

    min_font_size: float = Field(9.5, ge=8, le=14,
                                 description="Smallest font size (pt) auto-fit may use.",
                                 examples=[9.5])
    min_spacing: float = Field(0.5, ge=0, le=1, description="Smallest spacing scale.",
                               examples=[0.4])
    drop_entries: bool = Field(True, description="Drop lowest-priority entries when shrinking is "
                                                 "not enough.",
                               examples=[True])

class Variant(Strict):
    """A document made from the record; declared as data."""

    extends: str | None = Field(None, description="Start from this variant, then override.",
                                examples=["industry-resume"])
    template: str = Field(description="File under latex_templates/, e.g. 'academic-cv.tex.j2'.",
                          examples=["academic-cv.tex.j2"])
    template_dir: str | None = Field(
        None, description="A folder of your own templates (relative to the record) whose files "
                          "override the shipped templates and partials by name.",
        examples=["templates"])
    title: str = Field(description="Document title, also in the PDF metadata.",
                       examples=["Curriculum Vitae"])
    description: str = Field("", description="What the document is, for the record's reader "
                                             "(the PDF's subject is written for the PDF's: "
                                             "'Résumé of <name>, <headline>').",
                             examples=["The strongest items, exactly one page."])
    page_limit: int | None = Field(None, ge=1,
                                   description="Pages at most; auto-fit shrinks to meet it.",
                                   examples=[1])
    paper: Paper = Field("letter", description="Paper size: letter or a4 (any case).",
                         examples=["a4"])
    enabled: bool = Field(True, description="false: `cv-builder build` leaves this variant out "
                                            "(building it by name still works).",
                          examples=[False])
    font_size: float = Field(11, ge=8, le=14, description="Base font size in points.",
                             examples=[10.5])
    sections: list[SectionSpec] = Field(description="The document's sections, in order.",
                                        examples=[[{"kind": "education"},
                                                   {"kind": "awards", "limit": 4,
                                                    "style": "compact"}]])
    fit: FitSpec = Field(default_factory=FitSpec, description="How far auto-fit may go.",
                         examples=[{"min_font_size": 9.5, "min_spacing": 0.4,
                                    "drop_entries": True}])
    keywords: list[str] = Field(default_factory=list, description="PDF metadata keywords.",
                                examples=[["resume", "industry"]])
    locale: Locale | None = Field(None, description="This document's language, if not the "
                                                    "record's `locale`.")
    custom_sections: Literal["listed", "all"] | list[str] = Field(
        "listed", description="'all': the record's own sections that `sections` does not list "
                              "follow it, in the record's order; 'listed': only those listed; "
                              "a list of keys: those of them the record has follow (the "
                              "résumé's [languages]).",
        examples=["all", ["languages"]])
    document: Literal["cv", "letter"] = Field(
        "cv", description="'letter': one PDF per letter of the record (<variant>-<id>.pdf), "
                          "with the look and header of the résumé it goes with.",
        examples=["letter"])
    design: Design = Field(default_factory=Design,
                           description="This document's design, over the record's `design:`.",
                           examples=[{"look": "awesome", "accent": "#B22222"}])


class Record(Strict):
    """Everything about one person."""

    schema_: str | None = Field(None, alias="$schema", description="Editor schema address.",
                                examples=["../docs/cv.schema.json"])
    person: Person = Field(description="Who the record is about; fills every header.",
                           examples=[{"name": "Juntang Zhuang", "email": "zhuangjt12@gmail.com"}])
    about: Markup | None = Field(None, description="A short paragraph about the person.",
                                 examples=["I am a Research Scientist at OpenAI."])
    research_statement: Markup | None = Field(
        None, description="The research statement's text, for the statement section.",
        examples=["My research lies in **Optimization** and **Deep Learning**."])
    education: list[Education] = Field(
        default_factory=list, description="Degrees, for the education section.",
        examples=[[{"institution": "Yale University", "degree": "Ph.D.",
                    "field": "Biomedical Engineering", "start": "2016-09", "end": "2022-04"}]])
    experience: list[Experience] = Field(
        default_factory=list, description="Positions held, for the work experience section.",
        examples=[[{"organization": "OpenAI", "position": "Research Scientist",
                    "start": "2022-04", "end": "present"}]])
    projects: list[Project] = Field(
        default_factory=list, description="Projects, e.g. products, for the projects section.",
        examples=[[{"name": "GPT-4", "role": "co-author", "organization": "OpenAI"}]])
    open_source: list[OpenSource] = Field(
        default_factory=list, description="Public repositories, for the open-source section.",
        examples=[[{"name": "ShelfNet", "url": "https://github.com/juntang-zhuang/ShelfNet",
                    "stars": 246}]])
    awards: list[Award] = Field(
        default_factory=list, description="Awards and scholarships, for the awards section.",
        examples=[[{"name": "Best paper award",
                    "issuer": "Machine Learning in Medical Imaging (MLMI)", "year": 2019}]])
    publications: list[Publication] = Field(
        default_factory=list, description="Papers, for the publications section and citations.",
        examples=[[{"id": "zhuang2019shelfnet", "authors": ["J. Zhuang", "J. Yang"],
                    "title": "ShelfNet for fast semantic segmentation", "year": 2019}]])
    research: list[ResearchTheme] = Field(
        default_factory=list, description="Research themes, for the research section.",
        examples=[[{"title": "Optimization for deep learning", "projects": []}]])
    future_directions: Markup | None = Field(
        None, description="Where the research goes next: the research statement's closing "
                          "section.",
        examples=["Next I want to bring adaptive optimizers to large language models."])
    service: list[Service] = Field(
        default_factory=list, description="Professional service, e.g. reviewing.",
        examples=[[{"role": "Reviewer", "venues": ["ICML 2021", "NeurIPS 2021"]}]])
    talks: list[Talk] = Field(
        default_factory=list, description="Invited talks, for the talks section.",
        examples=[[{"host": "Computational Neuroscience Laboratory at Stanford University",
                    "year": 2020}]])
    skills: list[SkillGroup] = Field(
        default_factory=list, description="Skill groups, one line each in the skills section.",
        examples=[[{"category": "Frameworks", "items": ["PyTorch", "JAX"]}]])
    locale: Locale = "en"
    # Its keys are checked by validate.check_words, each at its line, whatever the values.
    words: dict[str, str] = Field(
        default_factory=dict, json_schema_extra=lambda schema: schema.update(
            propertyNames={"enum": _word_keys()}),
        description="cv-builder's own words in your wording, overriding the locale's table "
                    "(keys as in cv_builder/locales/en.yaml), and the shipped section and "
                    "document titles, by their English wording ('Skills'), in every locale.",
        examples=[{"present": "now", "mentors": "Supervisors"}])
    sections: dict[str, CustomSection] = Field(
        default_factory=dict,
        description="Sections of the record's own (teaching, grants, languages...), by a key "
                    "variants list them by: lowercase letters, digits and _.",
        # Keys as validate.check_section_keys wants them, for editors too.
        json_schema_extra={"propertyNames": {"pattern": SECTION_KEY,
                                             "not": {"enum": list(BUILTIN_KINDS)}}},
        examples=[{"teaching": {"title": "Teaching", "entries": [
            {"title": "Teaching Fellow, Deep Learning", "organization": "Yale University",
             "start": "2019-01", "end": "2019-05"}]}}])
    letters: list[Letter] = Field(
        default_factory=list, description="Cover letters; the cover-letter variant makes one "
                                          "PDF of each.",
        examples=[[{"id": "acme", "company": "Acme Corporation",
                    "position": "Research Scientist",
                    "body": "I am writing to apply for the Research Scientist position."}]])
    paper: Paper | None = Field(None, description="Paper size of every variant that does not "
                                                  "set its own: letter or a4 (any case).",
                                examples=["a4"])
    bibliography: str | None = Field(None, description="A .bib file of further publications.",
                                     examples=["papers.bib"])
    design: Design = Field(default_factory=Design,
                           description="How every document looks (a variant may override it).",
                           examples=[{"look": "default", "accent": "#1F4E79",
                                      "font": "pagella", "link_style": "underline"}])
    variants: dict[str, dict] = Field(
        default_factory=dict,
        description="Overrides of the shipped variants, or new ones, keyed by name.",
        examples=[{"industry-resume": {"page_limit": 1, "font_size": 10.5}}])
