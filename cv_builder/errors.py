"""The one error hierarchy: everything a user can cause or fix derives from CVBuilderError."""

from __future__ import annotations

from dataclasses import dataclass

import click

# What a terminal would act on rather than show: C0 and C1 controls (ESC starts CSI and OSC
# sequences that recolour, retitle or rewrite the screen; BEL, backspace and CR overwrite),
# DEL, and the invisible format characters that reorder or hide text (bidi overrides,
# embeddings, isolates and marks; zero-width space and joiners; the BOM).
_TERMINAL_ACTIVE = frozenset(
    [*map(chr, range(0x00, 0x20)), *map(chr, range(0x7F, 0xA0)), "\u061c", "\u180e",
     *map(chr, range(0x200B, 0x2010)), *map(chr, range(0x202A, 0x202F)),
     *map(chr, range(0x2060, 0x2070)), "\ufeff"]) - {"\n"}


def shown(text: str) -> str:
    """Text for the terminal: every character it would act on rather than show, written as
    its Python escape (ESC as \\x1b, U+202E as \\u202e), so a record, a key or an imported
    file can never recolour, retitle or rewrite the screen, nor reorder what it reads.
    A line break stays: messages have several lines."""
    if text.isprintable() or all(ch not in _TERMINAL_ACTIVE for ch in text):
        return text
    return "".join(ch.encode("unicode_escape").decode("ascii") if ch in _TERMINAL_ACTIVE
                   else ch for ch in text)


class CVBuilderError(click.ClickException):
    """A problem the user can fix; click prints it without a traceback."""

    exit_code = 1

    def format_message(self) -> str:
        return shown(self.message)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, where it is, and what to do."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"


class InvalidInput(CVBuilderError):
    """The record (or a variant, or an imported file) is not valid: exit status 2."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | str, warnings: list[Problem] | None = None):
        """warnings: what else the same pass found that would not have stopped it, shown
        after the problems so that one run lists everything to fix."""
        if isinstance(problems, str):
            self.problems: list[Problem] = []
            super().__init__(problems)
            return
        self.problems = problems
        count = len(problems)
        head = f"{problems[0].file}: {count} problem{'s' if count != 1 else ''} found"
        text = head + ":\n" + "\n".join(f"  {p}" for p in problems)
        if warnings:
            text += (f"\nand {len(warnings)} warning{'s' if len(warnings) != 1 else ''}, "
                     "which alone would not stop it:\n" + "\n".join(f"  {w}" for w in warnings))
        super().__init__(text)


class TemplateError(InvalidInput):
    """A mistake in a template of the user's own (their code, not cv-builder's): exit
    status 2, reported at the template's file and line."""


class BuildFailed(CVBuilderError):
    """LaTeX or a PDF check failed: exit status 1."""


class MissingTool(CVBuilderError):
    """A program or LaTeX package is not installed: exit status 1."""
