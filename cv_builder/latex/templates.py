"""What the Jinja environment adds for people who write templates: a mistake in their
template reported in their words at its file and line, the line map that lets a LaTeX
error be reported at the template line that wrote it, and which files are templates.

Which files: *.tex.j2 files that resolve, symlinks followed, inside a template folder;
a document's template is one of those that is not a partial. Why so strict: a template
is code (Jinja runs Python expressions, and its LaTeX is never escaped), so the user's
template folder is trusted, but only as the real template files inside it: never the
record, a file it names, a symlink out of the folder, or a partial standing in for a
whole document.
"""

from __future__ import annotations

import difflib
import os
import posixpath
from pathlib import Path

import jinja2
from jinja2.compiler import CodeGenerator
from jinja2.loaders import split_template_path

from ..errors import TemplateError

# The names every template can use (render passes them), for "did you mean".
# (and `section`, which the shipped templates pass on to each section's partial)
TEMPLATE_NAMES = ("person", "record", "variant", "variant_name", "sections", "citations",
                  "references", "layout", "engine", "language", "words", "xetex", "mark",
                  "cite", "authors", "Latex", "section")


def _fields_of(value) -> list[str]:
    """What a template may read from value: a model's or dataclass's fields, a mapping's keys."""
    fields = getattr(type(value), "model_fields", None) or getattr(
        type(value), "__dataclass_fields__", None)
    if fields:
        return [*fields, *(name for name, member in vars(type(value)).items()
                           if isinstance(member, property))]
    if isinstance(value, dict):
        return [str(key) for key in value]
    return [name for name in dir(value) if not name.startswith("_")]


def _did_you_mean(name: str, known) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


class HintingUndefined(jinja2.StrictUndefined):
    """StrictUndefined whose error names the type in the record's words and suggests the
    closest field: 'SkillGroup' has no field 'categroy'; did you mean 'category'?"""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        name, owner = self._undefined_name, self._undefined_obj
        if self._undefined_hint or not isinstance(name, str):
            return super()._undefined_message
        if owner is jinja2.utils.missing:
            return f"{name!r} is undefined{_did_you_mean(name, TEMPLATE_NAMES)}"
        kind = "key" if isinstance(owner, dict) else "field"
        return (f"{type(owner).__name__!r} has no {kind} {name!r}"
                f"{_did_you_mean(name, _fields_of(owner))}")


class LineMarkingCodeGenerator(CodeGenerator):
    """Compiles templates so that rendering yields, before each piece of output, an empty
    marker naming the template and line it comes from: the line map that lets a LaTeX
    error in the .tex be reported at the template line that wrote it."""

    def visit_Output(self, node, frame) -> None:
        if frame.buffer is None and not frame.require_output_check:
            self.writeline(f"yield environment.line_mark(name, {node.lineno})")
        super().visit_Output(node, frame)


class LineMark(str):
    """Where the next output comes from; an empty string, so that wherever Jinja joins
    output itself (a macro, a set block) it adds nothing."""

    __slots__ = ("template", "line")


class Environment(jinja2.Environment):
    code_generator_class = LineMarkingCodeGenerator

    @staticmethod
    def line_mark(template: str, line: int) -> LineMark:
        mark = LineMark()
        mark.template, mark.line = template, line
        return mark


class LineMap:
    """Which template line wrote each line of a rendered .tex: the marks a render yielded,
    as (first .tex line, template name, its line)."""

    def __init__(self, marks: list[tuple[int, str, int]], env: jinja2.Environment):
        self.marks, self.env = marks, env

    def shifted(self, after: int, by: int) -> LineMap:
        """The map once `by` lines are inserted after .tex line `after`."""
        return LineMap([(first + by if first > after else first, name, line)
                        for first, name, line in self.marks], self.env)

    def source_of(self, tex_line: int) -> str | None:
        """'path/to/template.tex.j2:LINE' for a line of the .tex, or None."""
        import bisect

        index = bisect.bisect_right(self.marks, (tex_line, "\uffff", 0)) - 1
        if index < 0:
            return None
        first, name, line = self.marks[index]
        try:
            filename = self.env.get_template(name).filename
        except jinja2.TemplateError:
            return None
        return f"{shown_path(filename)}:{line + tex_line - first}"


def shown_path(filename: str | None) -> str:
    """A template's path as the user would type it: relative below the current folder."""
    if not filename:
        return "<template>"
    path = Path(filename)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def user_error(error: Exception, template_dirs: tuple[str, ...],
               env: jinja2.Environment) -> TemplateError | None:
    """error as the user's own mistake, at its template's file and line: a Jinja error
    while a template folder of theirs is in play, or any error raised by a line of one of
    their templates. None when it is ours."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        where = (error.filename, error.lineno)
    else:
        import traceback

        frames = [frame for frame in traceback.extract_tb(error.__traceback__)
                  if frame.filename.endswith(".j2")]
        if not frames:
            return None
        where = (frames[-1].filename, frames[-1].lineno)
    theirs = any(Path(where[0]).resolve().is_relative_to(Path(folder).resolve())
                 for folder in template_dirs)
    if not (theirs or (template_dirs and isinstance(error, jinja2.TemplateError))):
        return None
    if isinstance(error, jinja2.TemplateNotFound):
        known = env.list_templates()
        message = f"template {error.name!r} not found{_did_you_mean(error.name, known)}"
    elif isinstance(error, jinja2.TemplateSyntaxError):
        message = f"template syntax error: {error.message}"
    elif isinstance(error, jinja2.UndefinedError):
        message = str(error)
    else:
        message = f"{type(error).__name__}: {error}"
    return TemplateError(f"{shown_path(where[0])}:{where[1]}: {message}")


# --- Which files are templates --------------------------------------------------------------

SUFFIX = ".tex.j2"
# Partials are included by documents and are no document themselves.
PARTIAL_FOLDERS = ("sections/", "engines/")
PARTIALS = frozenset({"contact.tex.j2", "references.tex.j2", "footer.tex.j2", "icons.tex.j2",
                      "bullets.tex.j2"})


class TemplateRefused(jinja2.TemplateError):
    """A template file that exists but may not be used. Not a TemplateNotFound, so that an
    include list never quietly falls back past it."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"template {name!r} {reason}")
        self.name, self.reason = name, reason


def is_partial(name: str) -> bool:
    return name.startswith(PARTIAL_FOLDERS) or name in PARTIALS


class TemplateLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, limited to *.tex.j2 files whose real path is in their folder."""

    def get_source(self, environment, template):
        self.locate(template)
        return super().get_source(environment, template)

    def locate(self, template: str) -> str:
        """The file a template name loads, resolved; TemplateNotFound if there is none,
        TemplateRefused if it is not a template file inside its folder."""
        if not template.endswith(SUFFIX):
            raise jinja2.TemplateNotFound(template)
        pieces = split_template_path(template)  # refuses '..'
        for folder in self.searchpath:
            candidate = posixpath.join(folder, *pieces)
            if os.path.lexists(candidate):
                real = os.path.realpath(candidate)
                if not os.path.isfile(real):
                    raise TemplateRefused(template, f"is not a regular file ({candidate})")
                root = os.path.realpath(folder)
                if os.path.commonpath([real, root]) != root:
                    raise TemplateRefused(template, f"resolves to {real}, outside its template "
                                                    f"folder {folder} (a symbolic link?)")
                return real
        raise jinja2.TemplateNotFound(template)


def document_problem(name: str, loader: TemplateLoader, not_these: list[str],
                     shown: list[str]) -> str | None:
    """Why name cannot be a variant's whole-document template, or None if it can.
    not_these: resolved files that are never templates (the record, files it names);
    shown: the template folders as the message names them."""
    if not name.endswith(SUFFIX):
        return (f"{name!r} is not a template: a variant's template is a *{SUFFIX} file in a "
                "template folder")
    if is_partial(name):
        return (f"{name!r} is a partial that documents include, not a whole document; name "
                "a document such as academic-cv.tex.j2 or classic.tex.j2")
    try:
        found = loader.locate(name)
    except TemplateRefused as refused:
        return str(refused)
    except jinja2.TemplateNotFound:
        return f"template {name!r} not found in " + " or ".join(shown)
    if found in not_these:
        return f"{name!r} is the record or a file it names, not a template"
    return None
