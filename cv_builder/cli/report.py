"""What the build command prints: one line per document (with what its selection left
out), colours on a terminal (click drops them elsewhere), a progress bar for many records."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import CVBuilderError, InvalidInput, shown


def say(text: str, err: bool = False, mark: str = "", colour: str | None = None,
        indent: str = "") -> None:
    """One line (or a few) for the terminal: the text escaped as errors.shown escapes it
    (record text never drives the terminal), after our own coloured mark, if any."""
    lead = indent + (f"{click.style(mark, fg=colour)} " if mark else "")
    click.echo(lead + shown(text), err=err)


class Report:
    """Everything the build command prints."""

    def __init__(self, quiet: bool, verbose: bool):
        self.quiet, self.verbose = quiet, verbose
        self.many = False
        # Each failure's message, by the first document that failed so: said once a run
        # (pdflatex missing failed every document of every record, each saying so).
        self.said: dict[str, str] = {}

    def line(self, text: str, mark: str = "", colour: str | None = None) -> None:
        if not self.quiet:
            say(text, mark=mark, colour=colour)

    def warning(self, text: str, indent: str = "") -> None:
        """A warning, on stderr; --quiet prints only errors."""
        if not self.quiet:
            say(text, err=True, mark="warning:", colour="yellow", indent=indent)

    def outcomes(self, outcomes, record: Path | None = None) -> None:
        prefix = f"{record.stem}/" if record is not None and self.many else ""
        for outcome in outcomes:
            for warning in outcome.record_warnings:  # the record's, once, before its PDFs
                self.warning(warning)
            name = f"{prefix}{outcome.name}"
            if outcome.status == "failed":
                first = self.said.setdefault(outcome.error, name)
                why = f"\n{outcome.error}" if first == name else f", as {first} above"
                say(f"{name}: failed{why}", err=True, mark="✗", colour="red")
            elif outcome.status == "up to date":
                self.line(f"{name}: up to date → {outcome.pdf}", mark="=", colour="cyan")
            elif outcome.status == "skipped":
                self.line(f"{name}: {outcome.note}", mark="-", colour="yellow")
            else:
                self.built(name, outcome)

    def built(self, name: str, outcome) -> None:
        """The build line, then what auto-fit changed, what the selection decided and
        left out (each item with --verbose), and with --verbose the engine and folder."""
        pages = f"{outcome.pages} page{'s' if outcome.pages != 1 else ''}"
        compiles = f"{outcome.compiles} compile{'s' if outcome.compiles != 1 else ''}"
        self.line(f"{name}: built, {pages}, {outcome.seconds:.2f} s, {compiles} → "
                  f"{outcome.pdf}", mark="✓", colour="green")
        if self.verbose and outcome.engine:
            self.line(f"    engine: {outcome.engine}"
                      + (" (characters beyond pdflatex's exact Latin set)"
                         if outcome.engine == "xelatex" else ""))
        for change in outcome.changes:
            self.line(f"    fitted: {change}")
        if self.verbose:
            for step in outcome.fit_steps:
                self.line(f"    auto-fit: {step}")
        for note in outcome.notes:
            self.line(f"    note: {note}")
        for warning in outcome.warnings:  # a flaw in this PDF, under its line
            self.warning(warning, indent="    ")
        if outcome.left_out_summary:
            self.line(f"    left out by its selection: {outcome.left_out_summary}"
                      + ("" if self.verbose else " (--verbose lists them)"))
        if self.verbose:
            for item in outcome.left_out:
                self.line(f"      - {item}")
            self.line(f"    build folder: {outcome.pdf.parent / '.build' / outcome.name}")

    def cache_notes(self) -> None:
        """Once a run: a cache that was not used, and why (the PDFs are the same)."""
        from .. import cache_notes

        for note in cache_notes():
            if not self.quiet:
                click.echo(f"note: {note}", err=True)

    def progress(self, total: int):
        """A context giving advance(record, result): a bar on a terminal, lines elsewhere;
        errors are printed either way."""
        import contextlib

        self.many = True

        def show(record, result) -> None:
            if isinstance(result, CVBuilderError):
                say(result.format_message(), err=True, mark="✗", colour="red")
            elif not bar_shown:
                self.outcomes(result, record)
            else:
                self.outcomes([o for o in result if o.status == "failed"], record)

        bar_shown = sys.stderr.isatty() and not self.quiet and not self.verbose

        @contextlib.contextmanager
        def context():
            if not bar_shown:
                yield show
                return
            with click.progressbar(length=total, label="records", file=sys.stderr) as bar:
                def advance(record, result):
                    bar.update(1)
                    show(record, result)
                yield advance
        return context()

    def finish(self, failures) -> None:
        """Raise the error that sets the exit status: 2 if every failure is bad input."""
        if not failures:
            return
        if not self.many and isinstance(failures[0][1], CVBuilderError):
            raise failures[0][1]
        names = ", ".join((f"{record.stem}/" if self.many else "") + failure.name
                          if not isinstance(failure, CVBuilderError) else str(record)
                          for record, failure in failures)
        all_input = all(isinstance(failure, InvalidInput) or getattr(failure, "invalid", False)
                        for _, failure in failures)
        raise (InvalidInput if all_input else CVBuilderError)(
            f"{len(failures)} failed: {names} (earlier PDFs left as they were)")
