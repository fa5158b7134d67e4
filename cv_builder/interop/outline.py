"""What a view shows, as an outline of headings, entries and bullets: the one source the
text, Markdown and HTML exports print from.

Why apart from the writers: the outline decides which facts a document shows, as its
PDF's partial does (a compact education line has no place and no bullets; the research
statement names its projects without mentors or dates); the writers only lay it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..record import markup
from ..record.base import Bullet
from ..record.fields import as_markup, escape_markup
from ..record.language import Language
from ..record.papers import owner_key
from ..select import View, status_after_year, thesis_word

# --- The outline --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One entry. Every string is markup source (see record/markup.py)."""

    title: str
    when: str = ""  # dates or year, plain text
    lines: tuple[str, ...] = ()
    bullets: tuple[str | Bullet, ...] = ()  # a Bullet has sub-bullets (record/base.py)
    number: int | None = None  # a paper's citation number


@dataclass(frozen=True)
class Part:
    """A section (or a research theme inside one): prose, entries, sub-parts."""

    title: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    parts: tuple["Part", ...] = ()
    listed: bool = False  # one-line items in a list, not entries with headings


@dataclass(frozen=True)
class Contact:
    label: str
    url: str | None = None


@dataclass(frozen=True)
class Outline:
    name: str
    title: str  # the variant's document title
    headline: str
    contacts: tuple[Contact, ...]
    parts: tuple[Part, ...]
    locale: str = "en"  # the reader's language (BCP 47), as the PDF's
    paren: tuple[str, str] = (" (", ")")  # around a listed item's dates: ' (', '（'


def outline(view: View) -> Outline:
    """What the variant shows, as headings, entries and bullets."""
    person = view.record.person
    contacts = []
    if person.email:
        contacts.append(Contact(person.email, "mailto:" + person.email))
    if person.phone:
        contacts.append(Contact(person.phone, "tel:" + re.sub(r"[^\d+]", "", person.phone)))
    if person.location:
        contacts.append(Contact(person.location))
    if person.website:
        contacts.append(Contact(person.website, person.website))
    contacts += [Contact(p.label, p.url) for p in person.profiles]
    parts = [_part(section, view) for section in view.sections]
    listed = {key for s in view.sections if s.kind == "publications" for key in
              (p.id for p in s.entries)}
    missing = [(n, p) for n, p in view.references if p.id not in listed]
    if missing:
        parts.append(Part(_capital(view.language.words["references"]),
                          items=tuple(_paper(p, view, n, reference=True) for n, p in missing),
                          listed=True))
    return Outline(person.name, view.variant.title, person.headline or "", tuple(contacts),
                   tuple(parts), view.language.locale,
                   (view.language.aside_space + view.language.words["paren_open"],
                    view.language.words["paren_close"]))


def _capital(word: str) -> str:
    """A table's word at the start of a line ('earlier title' -> 'Earlier title')."""
    return word[:1].upper() + word[1:]


def _linked(entry, name_field: str = "name") -> str:
    label = as_markup(entry, name_field)
    url = getattr(entry, "url", None)
    return f"[{label}]({url})" if url else label


def _join(*pieces: str, sep: str = ", ") -> str:
    return sep.join(piece for piece in pieces if piece)


def _word(language: Language, key: str) -> str:
    """One of the language's separators (comma, colon, ...) as markup."""
    return escape_markup(language.words[key])


def _aside(language: Language, text: str) -> str:
    """Markup text in the language's parentheses, with the space before them the PDF's
    \\paren has: ' (Oral)', '（口头报告）'."""
    return (escape_markup(language.aside_space + language.words["paren_open"]) + text
            + _word(language, "paren_close"))


def _labelled(label: str, text: str, language: Language) -> str:
    """**Label:** text, in the language's colon, as the PDF's bold label with its colon."""
    colon = language.words["colon"]
    if colon.endswith(" "):
        return f"**{label}{escape_markup(colon.rstrip())}** {text}"
    # '**编程语言：**Go' would not close its bold in Markdown (punctuation before **, a
    # letter after it): a colon with no space after it follows the bold.
    return f"**{label}**{escape_markup(colon)}{text}"


def _authors(paper, owners: set[str], words: dict[str, str]) -> str:
    names = [f"**{escape_markup(a)}**" if owner_key(a) in owners else escape_markup(a)
             for a in paper.authors]
    if paper.et_al:
        names.append(escape_markup(words["et_al"]))
    text = ", ".join(names)
    return text if text.endswith(".") else text + "."


def _paper(paper, view: View, number: int | None = None, reference: bool = False) -> Item:
    """A paper as the publication list prints it; a reference (a paper cited, not
    listed) as the reference list does: without its status and earlier titles."""
    person = view.record.person
    owners = {owner_key(n) for n in (person.name, *person.name_forms)}
    words = view.language.words
    # As the PDF prints it: *Venue* (SHORT, notes), year -- the year only without SHORT.
    bits = [f"*{escape_markup(paper.venue)}*"] if paper.venue else []
    extra = [x for x in (paper.venue_short, *paper.notes) if x]
    if extra:
        bits.append("(" + escape_markup(", ".join(extra)) + ")")
    venue = " ".join(bits)
    kind = thesis_word(paper)
    if kind:  # as the PDF: 'Ph.D. thesis, *Stanford University*'
        venue = _join(escape_markup(words[kind]), venue)
    if paper.year is None:  # not out yet: the status in the year's place, as in the PDF
        when = words["status_" + paper.status.replace(" ", "_")]
        venue = _join(venue, when) if venue else when[:1].upper() + when[1:]
    elif not paper.venue_short and not paper.venue_says_year:
        venue = _join(venue, str(paper.year))
    closing = "" if paper.title.rstrip().endswith((".", "?", "!")) else "."
    text = f"{_authors(paper, owners, words)} **{as_markup(paper, 'title')}**{closing}"
    # The exports list papers under no group heading: any status after the year is said.
    status = None if reference else status_after_year(paper, under_heading=False)
    if status:
        venue += (view.language.aside_space
                  + f"*{_aside(view.language, escape_markup(words[status])).lstrip()}*")
    if venue:
        text += f" {venue.strip()}."
    if paper.doi:
        text += f" [doi:{escape_markup(paper.doi)}](https://doi.org/{_doi_url(paper.doi)})"
    text += "".join(f" [{escape_markup(link.label)}]({link.url})" for link in paper.links)
    lines = ()
    if paper.former_titles and not reference:
        lines = (escape_markup(_capital(words["earlier_title"]) + words["colon"])
                 + "; ".join(map(escape_markup, paper.former_titles)),)
    return Item(text, lines=lines, number=number or view.citations.get(paper.id))


def _compact_paper(paper, view: View) -> Item:
    """A paper on one line, as the résumé's compact list prints it: **SHORT** (notes):
    title, linked to its first link. Authors. A bullet, not a number, as there."""
    person = view.record.person
    owners = {owner_key(n) for n in (person.name, *person.name_forms)}
    words = view.language.words
    when = str(paper.year) if paper.year is not None else words[
        "status_" + paper.status.replace(" ", "_")]
    head = escape_markup(paper.venue_short or paper.venue or when[:1].upper() + when[1:])
    if paper.notes:
        head += _aside(view.language, escape_markup(words["list_comma"].join(paper.notes)))
    title = as_markup(paper, "title")
    if paper.links:
        title = f"[{title}]({paper.links[0].url})"
    closing = "" if paper.title.rstrip().endswith((".", "?", "!")) else "."
    return Item(f"**{head}**{_word(view.language, 'colon')}{title}{closing} "
                f"{_authors(paper, owners, words)}")  # bulleted


def _doi_url(doi: str) -> str:
    return re.sub(r"[^A-Za-z0-9._~:/?#@!$&'*+,;=%-]", lambda m: f"%{ord(m[0]):02X}", doi)


def _part(section, view: View) -> Part:
    kind, entries = section.kind, section.entries
    if kind in ("about", "statement", "future"):
        return Part(section.title, paragraphs=tuple(entries))
    compact = section.style == "compact"  # the shipped partials' style: one line each
    if kind == "publications":
        write = _compact_paper if compact else _paper
        return Part(section.title, items=tuple(write(p, view) for p in entries), listed=True)
    if kind == "research":
        return Part(section.title, parts=tuple(
            _theme(index, theme, view, section.style == "prose")
            for index, theme in enumerate(entries, 1)))
    if section.layout:  # one of the record's own sections: listed as its PDF lists it
        return Part(section.title, items=tuple(_custom(e, section.layout, view.language)
                                               for e in entries),
                    listed=section.layout != "entries" and not any(e.highlights
                                                                    for e in entries))
    builder = _COMPACT.get(kind) if compact else None
    builder = builder or _ITEMS[kind]
    return Part(section.title, items=tuple(builder(e, view.language) for e in entries),
                listed=kind in _LISTED or (compact and kind in _COMPACT))


def _theme(index: int, theme, view: View, prose: bool) -> Part:
    """A research theme as its PDF shows it. The CV: each project with its dates, mentors,
    institution, links and bullets. The statement (prose) has no mentors, places or dates:
    a theme told by its narrative names its projects, with citations and links; one
    without runs its summary and each project's title, citations, bullets and links."""
    items = []
    told = prose and theme.narrative
    for project in theme.projects:
        cite = ""
        if project.papers:
            labels = view.labels
            cite = " [" + ", ".join(labels[k] for k in sorted(
                project.papers, key=view.citations.get)) + "]"
        links = tuple(f"[{escape_markup(link.label)}]({link.url})" for link in project.links)
        if prose:
            items.append(Item(f"{escape_markup(project.title)}{cite}", "", links,
                              () if told else tuple(project.highlights)))
            continue
        lines = tuple(filter(None, [
            escape_markup(view.language.words["mentors"] + view.language.words["colon"]
                          + view.language.words["list_comma"].join(project.mentors))
            if project.mentors else "", escape_markup(project.institution or "")]))
        items.append(Item(f"{escape_markup(project.title)}{cite}",
                          _range(project, view.language), lines + links,
                          tuple(project.highlights)))
    text = theme.narrative if told else theme.summary
    return Part(f"{index}. {theme.title}", paragraphs=(text,) if text else (),
                items=tuple(items))


def _range(entry, language: Language) -> str:
    """The entry's dates in the reader's language, as the PDF writes them: its range, or
    its one date."""
    if getattr(entry, "date", None) is not None:
        return language.date_range(entry.date, None)
    return language.date_range(getattr(entry, "start", None), getattr(entry, "end", None),
                               getattr(entry, "expected", False))


def _custom(entry, layout: str, language: Language) -> Item:
    """An entry of one of the record's own sections, laid out as its PDF shows it."""
    title = entry.title
    if entry.url:  # a title with a link of its own keeps it; the address follows
        linked = any(isinstance(node, markup.Link) for node in markup.parse(title))
        title = f"{title} [{entry.url}]({entry.url})" if linked else f"[{title}]({entry.url})"
    when = _join(escape_markup(entry.location or ""), _range(entry, language), sep=" · ")
    comma = _word(language, "comma")
    if layout == "entries":
        return Item(_join(title, escape_markup(entry.organization or ""), sep=comma), when,
                    (entry.details,) if entry.details else (), tuple(entry.highlights))
    text = _join(title, escape_markup(entry.organization or ""), sep=comma)
    if entry.details:
        text = (_labelled(text, entry.details, language) if layout == "lines"
                else f"{text}{_word(language, 'colon')}{entry.details}")
    return Item(text, when, bullets=tuple(entry.highlights))


def _education(edu, language: Language) -> Item:
    words = language.words
    degree = escape_markup(language.degree(edu.degree or "", edu.field or "")
                           + "".join(words["semicolon"] + more for more in edu.additional))
    comma = _word(language, "comma")
    details = _join(escape_markup(language.grade(edu.gpa)) if edu.gpa else "",
                    escape_markup(words["advisor"] + words["colon"] + edu.advisor)
                    if edu.advisor else "", sep=comma)
    lines = [_join(f"*{degree}*" if degree else "", details, sep=comma), edu.summary or ""]
    if not edu.institution:  # none (an import may give none): the degree heads the entry
        lines[0] = _join(lines[0], escape_markup(edu.location or ""), sep=comma)
    head = _join(escape_markup(edu.institution), escape_markup(edu.location or ""),
                 sep=comma) if edu.institution else lines.pop(0)
    return Item(head, _range(edu, language), tuple(filter(None, lines)), tuple(edu.highlights))


def _experience(job, language: Language) -> Item:
    # With no organization (an import may give none) the position leads, as in the PDF.
    lead = _linked(job, "organization" if job.organization else "position")
    if job.description:
        lead += _aside(language, escape_markup(job.description))
    return Item(_join(lead, escape_markup(job.position) if job.organization else "",
                      sep=escape_markup(language.words["comma"])),
                _join(job.location or "", _range(job, language), sep=" · "),
                (job.summary,) if job.summary else (), tuple(job.highlights))


def _project(project, language: Language) -> Item:
    title = _linked(project) + (_word(language, "colon") + project.role if project.role else "")
    where = escape_markup(_join(project.organization or "", str(project.year or ""),
                                sep=language.words["comma"]))
    lines = tuple(filter(None, [where, project.summary or ""]))
    return Item(title, "", lines, tuple(project.highlights))


def _open_source(repo, language: Language) -> Item:
    text = f"**{_linked(repo)}**"
    if repo.stars is not None:
        stars = escape_markup(f"{language.number(repo.stars)} {language.words['stars_on_github']}")
        text += _aside(language, stars)
    if repo.description:
        text += _word(language, "colon") + repo.description
    return Item(text)


def _award(award, language: Language) -> Item:
    text = escape_markup(award.name)
    if award.detail:
        text += _aside(language, escape_markup(award.detail))
    if award.issuer:
        text += _word(language, "comma") + escape_markup(award.issuer)
    return Item(text, str(award.year))


def _service(item, language: Language) -> Item:
    venues = language.words["list_comma"].join(item.venues)
    return Item(f"**{escape_markup(item.role)}**"
                + (_word(language, "colon") + escape_markup(venues) if item.venues else ""))


def _talk(talk, language: Language) -> Item:
    text = _join(f"*{escape_markup(talk.title)}*" if talk.title else "", escape_markup(talk.host),
                 sep=_word(language, "comma"))
    text += "".join(f" [{escape_markup(link.label)}]({link.url})" for link in talk.links)
    return Item(text, str(talk.year))


def _skills(group, language: Language) -> Item:
    """**Category:** items, in the language's colon and list comma, as the PDF prints it."""
    items = escape_markup(language.words["list_comma"].join(group.items))
    return Item(_labelled(escape_markup(group.category), items, language))


_ITEMS = {"education": _education, "experience": _experience, "projects": _project,
          "open_source": _open_source, "awards": _award, "service": _service, "talks": _talk,
          "skills": _skills}
_LISTED = {"open_source", "awards", "service", "talks", "skills"}


def _education_compact(edu, language: Language) -> Item:
    """One line, as the résumé's compact education: **institution**, degree (GPA)
    (advisor), and the dates; no place, summary or bullets."""
    words = language.words
    degree = escape_markup(language.degree(edu.degree or "", edu.field or "")
                           + "".join(words["semicolon"] + more for more in edu.additional))
    text = _join(f"**{escape_markup(edu.institution)}**" if edu.institution else "", degree,
                 sep=escape_markup(words["comma"]))
    if edu.gpa:
        text += _aside(language, escape_markup(language.grade(edu.gpa)))
    if edu.advisor:
        text += _aside(language, escape_markup(words["advisor"] + words["colon"] + edu.advisor))
    return Item(text, _range(edu, language))


def _open_source_compact(repo, language: Language) -> Item:
    """A repository and its stars, without its description, as the compact list."""
    text = f"**{_linked(repo)}**"
    if repo.stars is not None:
        stars = f"{language.number(repo.stars)} {language.words['stars']}"
        text += _aside(language, escape_markup(stars))
    return Item(text)


# The shipped `compact` partials print less than the full ones (awards: the same).
_COMPACT = {"education": _education_compact, "open_source": _open_source_compact}


