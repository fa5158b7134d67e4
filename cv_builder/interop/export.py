"""Text outputs of a variant: plain text, Markdown and one self-contained HTML page.

Why an outline first: the view is turned once into headings, entries and bullets
(inline text kept as our markup: outline.py), and three small writers print that
outline, so the three formats always show the same facts in the same order as the PDF.
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup, escape

from ..errors import InvalidInput
from ..record.base import bullet_text, sub_bullets
from ..record.charset import without_controls
from ..record.documents import one_job
from ..record.fields import escape_markup
from ..record.letters import Letter, closing_of, opening_of, paragraphs
from ..record.model import Record, Variant
from ..select import View, select, view_of
from .html_style import STYLE
from .markup import md_url, to_html, to_markdown, to_text
from .outline import Outline, Part, outline

FORMATS = ("markdown", "text", "html", "jsonresume")
DEFAULT_VARIANT = "academic-cv"  # the one that shows everything


# --- Writers ------------------------------------------------------------------------------------

def write_text(doc: Outline) -> str:
    """Plain text for pasting into application forms: no markup, no hard wrapping."""
    out = [doc.name.upper()]
    if doc.headline:
        out.append(doc.headline)
    if doc.contacts:
        out.append(" | ".join(c.label if c.url in (None, c.label) or c.url.startswith(
            ("mailto:", "tel:")) else f"{c.label}: {c.url}" for c in doc.contacts))

    def part(p: Part, depth: int) -> None:
        out.append("")
        heading = p.title.upper() if depth == 0 else p.title
        out.append(heading)
        out.append(("=" if depth == 0 else "-") * len(heading))
        for paragraph in p.paragraphs:
            out.append(to_text(paragraph))
            out.append("")
        for item in p.items:
            number = f"[{item.number}] " if item.number and p.listed else ""
            when = f"{doc.paren[0]}{item.when}{doc.paren[1]}" if item.when else ""
            if p.listed:
                out.append(f"- {number}{to_text(item.title)}{when}")
                continue
            out.append(f"{to_text(item.title)}{when}")
            out.extend(f"  {to_text(line)}" for line in item.lines)
            for bullet in item.bullets:
                out.append(f"  - {to_text(bullet_text(bullet))}")
                out.extend(f"    - {to_text(sub)}" for sub in sub_bullets(bullet))
            out.append("")
        for sub in p.parts:
            part(sub, depth + 1)

    for p in doc.parts:
        part(p, 0)
    return _tidy("\n".join(out))


def write_markdown(doc: Outline) -> str:
    """Markdown for a website or a README (CommonMark; $...$ math left for the site to set)."""
    out = [f"# {to_markdown(escape_markup(doc.name))}", ""]
    if doc.headline:
        out += [to_markdown(escape_markup(doc.headline)), ""]
    if doc.contacts:
        out += [" · ".join(
            f"[{to_markdown(escape_markup(c.label))}]({md_url(c.url)})" if c.url
            else to_markdown(escape_markup(c.label)) for c in doc.contacts), ""]

    def part(p: Part, level: int) -> None:
        out.extend([f"{'#' * level} {to_markdown(escape_markup(p.title))}", ""])
        for paragraph in p.paragraphs:
            out.extend([_md_block(to_markdown(paragraph)), ""])
        for item in p.items:
            when = f"{doc.paren[0]}{item.when}{doc.paren[1]}" if item.when else ""
            if p.listed:
                marker = f"{item.number}." if item.number else "-"
                out.append(f"{marker} {to_markdown(item.title)}{to_markdown(escape_markup(when))}")
                continue
            out.append(f"{'#' * (level + 1)} {to_markdown(item.title)}")
            out.append("")
            details = ([f"*{to_markdown(escape_markup(item.when))}*"] if item.when else []) + [
                to_markdown(line) for line in item.lines]
            if details:
                out.extend(["  \n".join(_md_block(d) for d in details), ""])
            for bullet in item.bullets:  # a sub-bullet indented to its parent's text
                out.append(f"- {_md_block(to_markdown(bullet_text(bullet)))}")
                out.extend(f"  - {_md_block(to_markdown(sub))}" for sub in sub_bullets(bullet))
            if item.bullets:
                out.append("")
        if p.listed:
            out.append("")
        for sub in p.parts:
            part(sub, level + 1)

    for p in doc.parts:
        part(p, 2)
    return _tidy("\n".join(out))


def _md_block(text: str) -> str:
    """Stop a paragraph or a bullet's text from starting a list, quote or heading ('2016.
    Began ...', '- x'): inside a bullet, '- x' would be a list of its own."""
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", re.sub(r"^([-+#>])", r"\\\1", text))


def _tidy(text: str) -> str:
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


def write_html(doc: Outline) -> str:
    """One self-contained page in the reader's language: no external assets, headings in
    order, landmarks, escaped."""
    h = Markup
    out = [h("<!DOCTYPE html>"), h('<html lang="{}">').format(doc.locale), h("<head>"),
           h('<meta charset="utf-8">'),
           h('<meta name="viewport" content="width=device-width, initial-scale=1">'),
           h("<title>{} — {}</title>").format(doc.name, doc.title),
           h("<style>{}</style>").format(h(STYLE.strip())), h("</head>"), h("<body>"),
           h("<header>"), h("<h1>{}</h1>").format(doc.name)]
    if doc.headline:
        out.append(h('<p class="headline">{}</p>').format(doc.headline))
    if doc.contacts:
        out.append(h('<ul class="contact" aria-label="Contact">'))
        for c in doc.contacts:
            inner = h('<a href="{}">{}</a>').format(c.url, c.label) if c.url else escape(c.label)
            out.append(h("<li>{}</li>").format(inner))
        out.append(h("</ul>"))
    out += [h("</header>"), h("<main>")]
    counter = iter(range(1, 10_000))

    def part(p: Part, level: int) -> None:
        ident = f"s{next(counter)}"
        tag = "section" if level == 2 else "div"
        out.append(h('<{} aria-labelledby="{}">').format(h(tag), ident))
        out.append(h('<h{0} id="{1}">{2}</h{0}>').format(level, ident, p.title))
        for paragraph in p.paragraphs:
            out.append(h("<p>{}</p>").format(to_html(paragraph)))
        if p.listed and p.items:
            opening = doc.paren[0].lstrip()  # the space before '(' outside the muted span
            space = doc.paren[0][:-len(opening)] if opening else doc.paren[0]
            numbered = any(item.number for item in p.items)
            out.append(h("<ol>") if numbered else h("<ul>"))
            for item in p.items:
                when = h('{}<span class="muted">{}{}{}</span>').format(
                    space, opening, item.when, doc.paren[1]) if item.when else ""
                value = h(' value="{}"').format(item.number) if item.number else ""
                out.append(h("<li{}>{}{}</li>").format(value, to_html(item.title), when))
            out.append(h("</ol>") if numbered else h("</ul>"))
        elif p.items:
            for item in p.items:
                out.append(h("<article>"))
                out.append(h("<h{0}>{1}</h{0}>").format(level + 1, to_html(item.title)))
                if item.when:
                    out.append(h('<p class="when">{}</p>').format(item.when))
                out.extend(h("<p>{}</p>").format(to_html(line)) for line in item.lines)
                if item.bullets:
                    out.append(h("<ul>"))
                    for bullet in item.bullets:
                        subs = sub_bullets(bullet)
                        out.append(h("<li>{}").format(to_html(bullet_text(bullet))) if subs
                                   else h("<li>{}</li>").format(to_html(bullet_text(bullet))))
                        if subs:
                            out.append(h("<ul>"))
                            out.extend(h("<li>{}</li>").format(to_html(sub)) for sub in subs)
                            out.append(h("</ul></li>"))
                    out.append(h("</ul>"))
                out.append(h("</article>"))
        for sub in p.parts:
            part(sub, level + 1)
        out.append(h("</{}>").format(h(tag)))

    for p in doc.parts:
        part(p, 2)
    out += [h("</main>"), h("</body>"), h("</html>")]
    return "\n".join(out) + "\n"


WRITERS = {"text": write_text, "markdown": write_markdown, "html": write_html}


def letter_text(letter: Letter, person, words: dict[str, str]) -> str:
    """A letter as plain text for a web form: opening, paragraphs, closing and name (the
    words around it in the letter's language)."""
    parts = [opening_of(letter, words), *map(to_text, paragraphs(letter.body)),
             f"{closing_of(letter, words)}\n{person.name}"]
    return "\n\n".join(parts) + "\n"


def export(record: Record, fmt: str, name: str | None = None,
           variant: Variant | None = None) -> tuple[str, list[str]]:
    """The record (or the named variant's selection of it) in fmt; with warnings."""
    return export_view(record, fmt, select(record, name, variant) if variant else None)


def export_view(record: Record, fmt: str, view: View | None = None) -> tuple[str, list[str]]:
    """The record, or what a view of it shows (a variant's selection, or a letter), in fmt;
    with warnings."""
    if view is not None and view.letter is not None:
        if fmt != "text":
            raise InvalidInput(f"a letter exports as plain text (--format text), not as {fmt}")
        return without_controls(letter_text(view.letter, record.person, view.language.words)), []
    if fmt == "jsonresume":
        from .jsonresume.write import export_record, to_json

        if view is not None:
            # The record's own shape: a job keeps its projects apart (JSON Resume has both).
            record = selected_record(select(view.record, view.variant_name, view.variant,
                                            view.prefer, fold=False))
        conversion = export_record(record)
        return to_json(_without_controls(conversion.data)), conversion.warnings("in JSON Resume")
    if view is None:
        raise ValueError("a variant is needed for text exports")
    return without_controls(WRITERS[fmt](outline(view))), []


def _without_controls(data):
    """A JSON value with every string (keys too) as charset.without_controls leaves it."""
    if isinstance(data, str):
        return without_controls(data)
    if isinstance(data, dict):
        return {_without_controls(key): _without_controls(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_without_controls(item) for item in data]
    return data


def selected_record(view: View) -> Record:
    """A record holding only what the view shows (for a JSON Resume of one variant)."""
    kinds = {"education", "experience", "projects", "open_source", "awards", "publications",
             "research", "service", "talks", "skills"}
    update: dict = {kind: [] for kind in kinds}
    # The person and the summary are JSON Resume's basics, whatever the variant shows:
    # a variant's resume.json has the same basics as the whole record's.
    update.update(research_statement=None, sections={}, letters=[], future_directions=None)
    for section in view.sections:
        if section.kind == "about":
            continue
        if section.kind == "statement":
            update["research_statement"] = view.record.research_statement
        elif section.kind == "future":
            update["future_directions"] = view.record.future_directions
        elif section.layout:  # one of the record's own sections
            own = view.record.sections[section.kind]
            update["sections"][section.kind] = own.model_copy(
                update={"entries": list(section.entries)})
        else:
            update[section.kind] += [e for e in section.entries if e not in update[section.kind]]
    return view.record.model_copy(update=update)


def export_record_file(data: Path, fmt: str, variant_name: str | None = None, letters=(),
                       application: str | None = None) -> tuple[str, list[str]]:
    """Load the record at data and export one document of it: a variant (the academic
    CV's selection by default for text formats; the whole record for jsonresume unless a
    variant is named), one letter (letters, as plain text: without a variant, of the
    record's letter variant), or a CV tailored to a letter's application (application:
    without a variant, the résumé that letter goes with)."""
    from ..record.documents import resume_of
    from ..record.variants import load_with_variants

    record, _, variants = load_with_variants(data)
    letters = tuple(dict.fromkeys(letters))
    if len(letters) > 1:
        raise InvalidInput(f"an export is one document: name one letter with --letter, and "
                           f"export the others one by one (named: {', '.join(letters)})")
    by_id = {letter.id: letter for letter in record.letters}
    if variant_name is None and letters:
        variant_name = next((n for n, v in variants.items() if v.document == "letter"), None)
    elif variant_name is None and application in by_id:
        variant_name = resume_of(by_id[application], variants)
    elif variant_name is None and fmt != "jsonresume":
        variant_name = DEFAULT_VARIANT if DEFAULT_VARIANT in variants else next(iter(variants))
    if variant_name is None:
        if application:  # an unknown letter id: plan says which ids there are
            one_job(record, variants, next(iter(variants)), (), application)
        return export_view(record, fmt)
    job = one_job(record, variants, variant_name, letters, application)
    return export_view(record, fmt, view_of(record, job, variants))
