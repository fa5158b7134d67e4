"""Render a view to LaTeX with Jinja2: one environment, every value escaped by construction."""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import lru_cache

import jinja2

from .. import TEMPLATE_DIR, usable_cache
from ..errors import BuildFailed, InvalidInput
from ..files import discard, private_folder, read_regular
from ..record.language import Language, language
from ..record.letters import closing_of, opening_of, paragraphs, subject_of
from ..record.papers import owner_key
from ..select import View, status_after_year
from .escape import (Engine, escape_latex, escape_name, escape_url, link, reset_engine,
                     short_lines, use_engine)
from .markup import to_latex
from .parts import (FONT_FAMILIES, contact_items, entry_heads, phrase, publication_groups,
                    short_address, venue)
from .templates import (Environment, HintingUndefined, LineMap, LineMark, TemplateLoader,
                        TemplateRefused, document_problem, user_error)


class Latex(str):
    """A fragment we produced ourselves: printed as is, never escaped again."""


def finalize(value):
    """Applied by Jinja to every ((( expression ))): escape unless already LaTeX."""
    if isinstance(value, Latex):
        return value
    if value is None:
        return ""
    return escape_latex(str(value))


def latex_markup(text: str | None, url: str | None = None) -> Latex:
    """Record text with our inline markup, as safe LaTeX; a link to url if given."""
    if text is not None and not isinstance(text, str):  # a template of one's own, say
        raise TypeError(f"markup takes text, not a {type(text).__name__}: a bullet with "
                        "sub-bullets is its .text and .highlights (the shipped sections "
                        "include bullets.tex.j2 for a list of bullets)")
    latex = to_latex(text or "")
    if url:
        latex = link(url, latex)
    return Latex(latex)


def latex_url(url: str) -> Latex:
    return Latex(escape_url(url))


def href(url: str, label: str | None = None) -> Latex:
    """A clickable link; the label is escaped text (the address itself by default), or
    LaTeX we made (a title with markup)."""
    text = label if isinstance(label, Latex) else escape_latex(label or url)
    return Latex(link(url, text))


# The language of the document being rendered, for filters. Why not Jinja's
# pass_context: whether a filter takes the context is compiled into the cached
# template bytecode, which a change of filter would then break.
_LANGUAGE: ContextVar[Language] = ContextVar("cv_builder_language", default=language("en"))
# And the design's date format, for the same reason.
_DATE_FORMAT: ContextVar[str] = ContextVar("cv_builder_date_format", default="short")


def date_range(entry) -> str:
    """The entry's dates in the document's language and date format: its range, or its
    one date. Each date holds together (no break between 'Dezember' and '2024'): a range
    too long for its column breaks after the dash."""
    said = _LANGUAGE.get()
    if getattr(entry, "date", None) is not None:
        return _tied(said.date_range(entry.date, None, False, _DATE_FORMAT.get()))
    expected = getattr(entry, "expected", False)
    text = said.date_range(getattr(entry, "start", None), getattr(entry, "end", None),
                           expected, _DATE_FORMAT.get())
    suffix = f" ({said.words['expected']})" if expected else ""
    if suffix and text.endswith(suffix):  # "(voraussichtlich)" may go to a line of its own
        return _tied(text[:-len(suffix)]) + suffix
    return _tied(text)


def _tied(text: str) -> str:
    """Each date of a range with no-break spaces: 'Sep 2016 – Apr 2022' breaks only
    after its dash."""
    return " \u2013 ".join(end.replace(" ", "\u00a0") for end in text.split(" \u2013 "))


def section_partials(section) -> list[str]:
    """Where a section's partial is looked up, the first found wins: sections/<kind>-<style>,
    sections/<kind>, then for the record's own sections the shipped one of its layout."""
    names = [f"sections/{section.kind}-{section.style or 'default'}.tex.j2",
             f"sections/{section.kind}.tex.j2"]
    if section.layout:
        names.append(f"sections/custom-{section.layout}.tex.j2")
    return names


def long_date(day) -> str:
    """A letter's date, written out in the document's language."""
    return _LANGUAGE.get().long_date(day)


def opening(letter) -> str:
    return opening_of(letter, _LANGUAGE.get().words)


def closing(letter) -> Latex:
    """The closing, a line for each of its lines ('此致' above '敬礼！')."""
    return Latex("\\par\n".join(escape_latex(line)
                                 for line in closing_of(letter, _LANGUAGE.get().words).split("\n")))


def subject(letter) -> str:
    return subject_of(letter, _LANGUAGE.get().words)


def author_list(paper, owner_names: list[str], et_al: str = "et al") -> Latex:
    """'A, B, et al.' or 'A, B.': authors with the closing period, the owner in bold."""
    names = []
    owners = {owner_key(name) for name in owner_names}
    for author in paper.authors:
        text = escape_name(author)
        names.append(r"\textbf{" + text + "}" if owner_key(author) in owners else text)
    if paper.et_al:
        names.append(escape_latex(et_al).replace(" ", "~"))
    # Judge the closing period on the plain name: a bold "Jr." ends in "}", not ".".
    ends_with_period = not paper.et_al and paper.authors[-1].rstrip().endswith(".")
    return Latex(short_lines(", ".join(names) + ("" if ends_with_period else ".")))


# A citation of more items than this may break after its commas; a shorter one is tied
# together (and, like every one, to the word before it).
TIED_CITATION = 3


def citation_runs(labels: list[str]) -> list[tuple[int, int]]:
    """(first, last) indexes of runs of consecutive labels: 1 2 3 (or J1 J2 J3, a
    group's letter and its numbers) is one run; a run of three or more prints as a
    range, 3 to 5 as '3–5', while two stay apart ('3, 4'), as numbered styles write them."""
    runs: list[tuple[int, int]] = []
    for index, label in enumerate(labels):
        if runs and _follows(labels[runs[-1][1]], label):
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    split = []
    for first, last in runs:
        split += [(first, last)] if last - first >= 2 else [(i, i) for i in range(first, last + 1)]
    return split


def _follows(previous: str, label: str) -> bool:
    """Whether label is the one after previous: the same letters, the next number."""
    a, b = _NUMBERED.match(previous), _NUMBERED.match(label)
    return bool(a and b and a[1] == b[1] and int(b[2]) == int(a[2]) + 1)


_NUMBERED = re.compile(r"^(\D*)(\d+)$")


def citation_list(cited: list[tuple[str, str]]) -> Latex:
    """A citation of (link target, label) pairs in order: '~[1--24]', '~[3,~5--9]', each
    label a link. Tied to the word before; a long one may break after a comma, so that a
    project citing thirty papers wraps instead of running off the page."""
    def link(index: int) -> str:
        target, label = cited[index]
        return r"\hyperlink{" + target + "}{" + escape_latex(label) + "}"

    items = [link(first) if first == last else link(first) + r"\textendash{}" + link(last)
             for first, last in citation_runs([label for _, label in cited])]
    glue = ",~" if len(items) <= TIED_CITATION else ", "
    return Latex(short_lines("~[" + glue.join(items) + "]"))  # a thousand: many lines


def join(items, separator: str = ", ") -> Latex:
    """Join values, each escaped (or kept if already LaTeX)."""
    glue = separator if isinstance(separator, Latex) else escape_latex(separator)
    return Latex(short_lines(glue.join(finalize(item) for item in items)))


def count(number: int) -> str:
    """A count (a repository's stars) in full, grouped as the document's language groups
    digits: 12,345 in English, 12.345 in German, 12 345 in French (a no-break space).
    Not '12.3k': a decimal point reads as a thousands separator in half the locales."""
    return _LANGUAGE.get().number(number)


def period(text: str | None) -> str:
    """'.' to close a title or sentence, unless it already ends in . ? or !"""
    return "" if (text or "").rstrip().endswith((".", "?", "!")) else "."


def when(paper) -> str:
    """A paper's year, or for one not out yet its status ('to appear', 'in submission'),
    in the document's language."""
    return str(paper.year) if paper.year is not None else _LANGUAGE.get().words[
        "status_" + paper.status.replace(" ", "_")]


def venue_notes(paper) -> list[str]:
    """'ICLR 2022', then notes such as 'Spotlight': what goes in the parentheses."""
    return ([paper.venue_short] if paper.venue_short else []) + list(paper.notes)


FILTERS = {
    "longdate": long_date,
    "paragraphs": paragraphs,
    "opening": opening,
    "closing": closing,
    "subject": subject,
    "venue_notes": venue_notes,
    "venue": lambda paper: Latex(venue(paper, _LANGUAGE.get().words)),
    "status_after_year": status_after_year,
    "degree_line": lambda edu: _LANGUAGE.get().degree(edu.degree or "", edu.field or ""),
    "publication_groups": lambda entries: publication_groups(entries, _LANGUAGE.get().words),
    "short_address": short_address,
    "period": period,
    "when": when,
    "markup": latex_markup,
    "url": latex_url,
    "href": href,
    "daterange": date_range,
    "join": join,
    "count": count,
}


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, where a cache file is read as the untrusted file it is: only a
    regular file of this user's (or root's), never a FIFO, a symlink or a giant (Jinja's
    own open() waited forever on a FIFO); a damaged file is one that is missing (and is
    removed); and a file that cannot be written is one not kept (Jinja's stopped the
    build)."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        path = self._get_cache_filename(bucket)
        try:
            bucket.bytecode_from_string(read_regular(path, BYTECODE_BYTES, follow=False,
                                                     owned=True))
        except FileNotFoundError:
            return
        except Exception:  # noqa: BLE001 - any damage: compile the template again
            bucket.reset()
            discard(path)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


# The largest compiled template seen is 36 KB: a file past this is not one of ours.
BYTECODE_BYTES = 4 * 1024 * 1024


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (checked against each template's source),
    which saves most of the first render's time; none where the folder is not only ours."""
    # Whether a filter takes Jinja's context is compiled into the bytecode: a cache made
    # with other filters would call them wrongly, so each set of filters has its own.
    import hashlib

    # Code compiled with line marks (LineMarkingCodeGenerator) is of another shape too.
    shape = ",".join(f"{name}:{getattr(f, 'jinja_pass_arg', '')}" for name, f in FILTERS.items())
    shape += "|line-marks"
    folder = usable_cache("jinja")
    folder = folder and private_folder(folder / hashlib.sha256(shape.encode()).hexdigest()[:12])
    return None if folder is None else _BytecodeCache(str(folder))


@lru_cache(maxsize=8)
def environment(template_dirs: tuple[str, ...] = ()) -> jinja2.Environment:
    """The one Jinja environment: LaTeX-safe delimiters, StrictUndefined, auto-escaping."""
    search = [*template_dirs, str(TEMPLATE_DIR)]
    env = Environment(
        loader=TemplateLoader(search),
        block_start_string="((*", block_end_string="*))",
        variable_start_string="(((", variable_end_string=")))",
        comment_start_string="((=", comment_end_string="=))",
        line_comment_prefix="%%",
        undefined=HintingUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        autoescape=False, finalize=finalize,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters.update(FILTERS)
    return env


def template_problem(name: str, template_dirs: tuple[str, ...] = (),
                     not_these: tuple[str, ...] = ()) -> str | None:
    """Why name cannot be a document's template in these folders (templates.py says what
    a template is), or None; a found one that does not compile is a TemplateError.
    not_these: resolved paths of the record and the files it names."""
    env = environment(tuple(template_dirs))
    problem = document_problem(name, env.loader, list(not_these),
                               [*template_dirs, "latex_templates/"])
    if problem:
        return problem
    try:
        env.get_template(name)
    except jinja2.TemplateSyntaxError as error:
        found = user_error(error, template_dirs, env)
        if found is None:
            raise
        raise found from None
    return None


@dataclass(frozen=True)
class Layout:
    """Knobs auto-fit may turn; templates read them, the variant sets the start."""

    font_size: float
    spacing: float = 1.0
    measuring: bool = False  # one very tall page, for auto-fit to measure heights exactly


@dataclass(frozen=True)
class Rendered:
    tex: str
    engine: str  # "pdflatex" or "xelatex"
    lines: LineMap | None = None
    # The fallback fonts its text uses (fonts.SLOTS keys; XeLaTeX only).
    slots: frozenset[str] = frozenset()

    def source_of(self, tex_line: int) -> str | None:
        """The template line that wrote a line of tex (see LineMap)."""
        return self.lines.source_of(tex_line) if self.lines else None


def render(view: View, layout: Layout | None = None,
           template_dirs: tuple[str, ...] = ()) -> str:
    """The complete .tex source for one variant."""
    return render_document(view, layout, template_dirs).tex


def render_document(view: View, layout: Layout | None = None,
                    template_dirs: tuple[str, ...] = ()) -> Rendered:
    """The .tex source for one variant, and the engine it needs: pdflatex when every
    character it prints is in pdflatex's exact set (the source is then what it always
    was), else XeLaTeX, rendered again with each run of other scripts in its font."""
    engine = Engine("pdflatex")
    tex, lines = _render(view, layout, template_dirs, engine)
    if not engine.beyond_pdflatex:
        return Rendered(tex, "pdflatex", lines)
    from . import fonts

    engine = Engine("xelatex", fonts.coverage())
    tex, lines = _render(view, layout, template_dirs, engine)
    if engine.missing:
        from ..record.charset import describe

        raise BuildFailed(f"{view.variant_name}: no font cv-builder uses has "
                          + ", ".join(describe(ch) for ch in engine.missing[:5])
                          + "; write it otherwise or remove it.")
    return Rendered(tex, "xelatex", lines, frozenset(engine.slots))


def run_templates(view: View, template_dirs: tuple[str, ...] = ()) -> None:
    """Run every template line a view needs, as a build would, without choosing fonts
    or needing TeX: what `cv-builder validate` does to find a template's mistakes."""
    _render(view, None, template_dirs, Engine("pdflatex"))


def _render(view: View, layout: Layout | None, template_dirs: tuple[str, ...],
            engine: Engine) -> tuple[str, LineMap]:
    """The .tex for one engine, and its line map. A mistake in a template of the user's
    own raises TemplateError at that template's file and line; one in ours (no template
    folder of theirs in play) stays a bug."""
    variant = view.variant
    layout = layout or Layout(variant.font_size)
    person = view.record.person
    owner_names = [person.name, *person.name_forms]
    env = environment(tuple(template_dirs))
    xetex = None
    if engine.name == "xelatex":
        from . import fonts

        xetex = {"families": Latex(fonts.family_declarations()),
                 "collections": Latex(fonts.collection_declarations(view.language.locale))}
    design = variant.design
    words = view.language.words
    labels = view.labels
    targets: set[str] = set()

    def cite(keys) -> Latex:
        """'~[3,~5--9]': sorted, each label a link to its entry in the list (see
        citation_list)."""
        ordered = sorted(keys, key=lambda key: view.citations[key])
        return citation_list([(r"cvb.pub." + str(view.citations[key]), labels[key])
                              for key in ordered])

    def label(paper) -> Latex:
        """A listed paper's '[n]' label, carrying the target its citations link to (the
        first listing only, should a document list a paper twice)."""
        text = "[" + escape_latex(labels[paper.id]) + "]"
        if paper.id in targets:
            return Latex(text)
        targets.add(paper.id)
        return Latex(r"\hypertarget{cvb.pub." + str(view.citations[paper.id]) + "}{}" + text)

    token = use_engine(engine)
    said = _LANGUAGE.set(view.language)
    dated = _DATE_FORMAT.set(design.date_format)
    try:
        dates, places = entry_heads(view, view.language, design.date_format)
        template = env.get_template(variant.template)
        context = template.new_context(dict(
            partials=section_partials,
            letter=view.letter,
            frame=view.frame or "base.tex.j2",  # the template a letter takes its look from
            person=person,
            record=view.record,
            variant=variant,
            variant_name=view.variant_name,
            sections=view.sections,
            citations=view.citations,
            references=view.references,
            layout=layout,
            engine=engine.name,
            language=view.language,
            words=words,
            aside=view.language.aside_space,  # the space before \paren: none in CJK
            xetex=xetex,
            design=design,
            look="looks/" + design.look + ".tex.j2",
            font_family=FONT_FAMILIES[design.font],
            prose=False,  # a document template sets it before it extends its look
            subject=Latex(phrase(words, "pdf_subject", title=escape_latex(variant.title),
                                 name=escape_latex(person.name))
                          + (", " + escape_latex(person.headline) if person.headline else "")),
            footer_left=Latex(escape_latex(person.name) + r" \textperiodcentered{} "
                              + escape_latex(variant.title)),
            page_of=Latex(phrase(words, "page_x_of_y", page=r"\thepage{}",
                                 pages=r"\the\cvpagesheld{}")),
            entry_dates=dates,
            entry_places=places,
            contact=[replace(item, text=Latex(item.text)) for item in contact_items(person, href)],
            mark=lambda *parts: Latex(r"\cvmark{" + ".".join(map(str, parts)) + "}"),
            cite=cite,
            label=label,
            authors=lambda paper: author_list(paper, owner_names, words["et_al"]),
            Latex=Latex,
        ))
        return _run(env, template, context)
    except TemplateRefused as refused:  # an include or extends in a template folder
        raise InvalidInput(f"{view.variant_name}: {refused}") from None
    except Exception as error:
        problem = user_error(error, template_dirs, env)
        if problem is None:
            raise
        raise problem from None
    finally:
        reset_engine(token)
        _LANGUAGE.reset(said)
        _DATE_FORMAT.reset(dated)


def _run(env: jinja2.Environment, template: jinja2.Template, context) -> tuple[str, LineMap]:
    """What Template.render does, keeping the line marks aside instead of joining them in."""
    parts: list[str] = []
    marks: list[tuple[int, str, int]] = []
    line = 1
    try:
        for event in template.root_render_func(context):
            if type(event) is LineMark:
                marks.append((line, event.template, event.line))
            else:
                parts.append(event)
                line += event.count("\n")
    except Exception:
        env.handle_exception()  # re-raised with the templates' files and lines in its traceback
    return "".join(parts), LineMap(marks, env)
