"""The one error hierarchy: everything a user can cause or fix derives from CVBuilderError."""

from __future__ import annotations

from dataclasses import dataclass

import click


class CVBuilderError(click.ClickException):
    """A problem the user can fix; click prints it without a traceback."""

    exit_code = 1

    def format_message(self) -> str:
        return self.message


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

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            self.problems: list[Problem] = []
            super().__init__(problems)
            return
        self.problems = problems
        count = len(problems)
        head = f"{problems[0].file}: {count} problem{'s' if count != 1 else ''} found"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in problems))


class TemplateError(InvalidInput):
    """A mistake in a template of the user's own (their code, not cv-builder's): exit
    status 2, reported at the template's file and line."""


class BuildFailed(CVBuilderError):
    """LaTeX or a PDF check failed: exit status 1."""


class MissingTool(CVBuilderError):
    """A program or LaTeX package is not installed: exit status 1."""
