"""The command line: parse arguments, call the pipeline, print one line per result.

Work is imported inside each command so `cv-builder build` with nothing to do
never loads Jinja, pydantic or pypdf.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ..errors import CVBuilderError, InvalidInput
from ..options import DEFAULT_OUTPUT, DEFAULT_RECORD

EXIT_CODES = """\b
Exit status:
  0  success (documents built or already up to date)
  1  a build failed (LaTeX error, page limit, missing tool)
  2  invalid input (the record, a variant or an option)
"""

# One instance for every plain path option: each click.Path looks up its translated
# labels when made (0.4 ms apiece), on every start of the command, no-op included.
PATH = click.Path(path_type=Path)

DATA_OPTION = click.option("--data", "data", type=PATH,
                           default=DEFAULT_RECORD, show_default=True,
                           help="The YAML record to read.")


@click.group(epilog=EXIT_CODES)
@click.version_option(package_name="cv-builder")
@click.option("--debug", is_flag=True, help="Show a traceback for unexpected errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Build an academic CV, a one-page résumé and a research statement from one YAML record."""
    ctx.obj = {"debug": debug}


@cli.command(epilog=EXIT_CODES)
@click.argument("variants", nargs=-1)
@click.option("--data", "data", type=PATH, multiple=True,
              help="A record, or a folder of records; repeat for several "
                   "(default: data/cv.yaml). Several records build into OUTPUT/<record>/.")
@click.option("--output", "output", type=PATH, default=DEFAULT_OUTPUT,
              show_default=True, help="Folder for the PDFs (build files go in its .build/).")
@click.option("--force", is_flag=True, help="Rebuild even what is up to date.")
@click.option("--strict", is_flag=True, help="Fail on a page-limit overflow instead of fitting.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="Documents compiled at once (0: up to two per core).")
@click.option("--compiler", type=click.Choice(["pdflatex", "latexmk"]), default="pdflatex",
              show_default=True, help="Run pdflatex directly (one pass) or through latexmk.")
@click.option("--no-precompile", is_flag=True,
              help="Do not load the shared preamble from a cached TeX format.")
@click.option("--templates", "templates", type=click.Path(path_type=Path, file_okay=False,
                                                          exists=True), multiple=True,
              help="A folder of templates that override the shipped ones by name.")
@click.option("--preview", is_flag=True, help="Also write a PNG of each PDF's first page.")
@click.option("--watch", is_flag=True, help="Rebuild on every save of the record or a template.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.option("--verbose", "-v", is_flag=True, help="Also print build folders and auto-fit steps.")
def build(variants: tuple[str, ...], data: tuple[Path, ...], output: Path, force: bool,
          strict: bool, jobs: int, compiler: str, no_precompile: bool,
          templates: tuple[Path, ...], preview: bool, watch: bool, quiet: bool,
          verbose: bool) -> None:
    """Build VARIANTS (all by default) into OUTPUT/<variant>.pdf.

    Only documents whose inputs changed are compiled again.
    """
    from ..options import BuildOptions
    from .runner import find_records

    options = BuildOptions(output=output, force=force, strict=strict, jobs=jobs,
                           compiler=compiler, precompile=not no_precompile, preview=preview,
                           template_dirs=tuple(str(t.resolve()) for t in templates))
    records = find_records(list(data) or [DEFAULT_RECORD])
    names = list(variants) or None
    report = Report(quiet=quiet, verbose=verbose)
    if watch:
        from .watch import watch_and_build

        watch_and_build(records, names, options, report, run_build)
        return
    report.finish(run_build(records, names, options, report))


def run_build(records, names, options, report) -> list:
    """One build of every record, printed as it goes; returns the failures as
    (record, Outcome or CVBuilderError) pairs."""
    from .runner import build_record, build_records

    started = time.perf_counter()
    if len(records) == 1:
        results = [(records[0], build_record(records[0], names, options))]
        report.outcomes(results[0][1])
    else:
        with report.progress(len(records)) as advance:
            results = build_records(records, names, options, advance)
    failures = []
    for record, result in results:
        if isinstance(result, CVBuilderError):
            failures.append((record, result))
        else:
            failures += [(record, o) for o in result if o.status == "failed"]
    report.line(f"done in {time.perf_counter() - started:.2f} s")
    return failures


class Report:
    """Everything the build command prints: one line per document, colours on a terminal
    (click drops them elsewhere), a progress bar for many records."""

    def __init__(self, quiet: bool, verbose: bool):
        self.quiet, self.verbose = quiet, verbose
        self.many = False

    def line(self, text: str) -> None:
        if not self.quiet:
            click.echo(text)

    def outcomes(self, outcomes, record: Path | None = None) -> None:
        prefix = f"{record.stem}/" if record is not None and self.many else ""
        for outcome in outcomes:
            name = f"{prefix}{outcome.name}"
            if outcome.status == "failed":
                click.echo(f"{click.style('✗', fg='red')} {name}: failed\n{outcome.error}",
                           err=True)
            elif outcome.status == "up to date":
                self.line(f"{click.style('=', fg='cyan')} {name}: up to date → {outcome.pdf}")
            else:
                pages = f"{outcome.pages} page{'s' if outcome.pages != 1 else ''}"
                compiles = f"{outcome.compiles} compile{'s' if outcome.compiles != 1 else ''}"
                self.line(f"{click.style('✓', fg='green')} {name}: built, {pages}, "
                          f"{outcome.seconds:.2f} s, {compiles} → {outcome.pdf}")
                for change in outcome.changes:
                    self.line(f"    fitted: {change}")
                if self.verbose:
                    for step in outcome.fit_steps:
                        self.line(f"    auto-fit: {step}")
            if self.verbose and outcome.pdf is not None and outcome.status != "up to date":
                if outcome.engine:
                    self.line(f"    engine: {outcome.engine}"
                              + (" (characters beyond pdflatex's exact Latin set)"
                                 if outcome.engine == "xelatex" else ""))
                self.line(f"    build folder: {outcome.pdf.parent / '.build' / outcome.name}")

    def progress(self, total: int):
        """A context giving advance(record, result): a bar on a terminal, lines elsewhere;
        errors are printed either way."""
        import contextlib

        self.many = True

        def show(record, result) -> None:
            if isinstance(result, CVBuilderError):
                click.echo(f"{click.style('✗', fg='red')} {result.format_message()}", err=True)
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
        all_input = all(isinstance(failure, InvalidInput) for _, failure in failures)
        raise (InvalidInput if all_input else CVBuilderError)(
            f"{len(failures)} failed: {names} (earlier PDFs left as they were)")


@cli.command(epilog=EXIT_CODES)
@DATA_OPTION
def validate(data: Path) -> None:
    """Check the record and its variants; print every problem at once."""
    from ..record.validate import load_record
    from ..record.variants import resolve_variants

    record, document = load_record(data)
    variants = resolve_variants(record, document)
    click.echo(f"{data}: valid — {len(record.publications)} publications, "
               f"{len(variants)} variants ({', '.join(variants)})")


@cli.command(name="list")
@DATA_OPTION
def list_variants(data: Path) -> None:
    """List the variants, their templates and page limits."""
    from ..record.model import Record
    from ..record.validate import load_record
    from ..record.variants import resolve_variants, shipped_variants

    if data.exists():
        record, document = load_record(data)
        variants = resolve_variants(record, document)
    else:
        variants = resolve_variants(Record.model_construct(variants={}))
    width = max(map(len, variants))
    for name, variant in variants.items():
        limit = f"{variant.page_limit} page max" if variant.page_limit else "no page limit"
        origin = "" if name in shipped_variants() else "  (from the record)"
        click.echo(f"{name:<{width}}  {variant.template:<26} {limit:<14} {variant.paper}"
                   f"{origin}")


@cli.command()
@click.argument("variant")
@DATA_OPTION
def tex(variant: str, data: Path) -> None:
    """Print the LaTeX for VARIANT without compiling it."""
    from ..build import tex_source

    click.echo(tex_source(data, variant), nl=False)


@cli.command()
def schema() -> None:
    """Print the record's JSON Schema (for editors: yaml-language-server)."""
    from ..record.schema import schema_json

    click.echo(schema_json())


# --- Other formats: import, export, new ---------------------------------------------------------

@cli.group(name="import", epilog=EXIT_CODES)
def import_group() -> None:
    """Bring a résumé or papers in from another format."""


@import_group.command(name="jsonresume", epilog=EXIT_CODES)
@click.argument("file", type=PATH)
@click.option("-o", "--output", type=PATH,
              help="The record to write (printed without it); never overwritten.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
def import_jsonresume(file: Path, output: Path | None, force: bool) -> None:
    """Convert a resume.json (JSON Resume v1.0.0) into a record.

    FILE is the resume.json. Fields with no place in the record are listed, and kept
    as comments at its end.
    """
    from ..interop.jsonresume.read import import_file

    text, warnings = import_file(file, output, overwrite=force)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"wrote {output}" if output else text, nl=bool(output), err=bool(output))


@import_group.command(name="bibtex", epilog=EXIT_CODES)
@click.argument("file", type=PATH)
@click.option("--into", "into", type=PATH, required=True,
              help="The record to add the papers to (comments and layout kept).")
def import_bibtex(file: Path, into: Path) -> None:
    """Add a .bib file's papers to a record, in year order.

    FILE is the .bib. Entries whose key is already a publication id are left as the
    record has them.
    """
    from ..interop.bibtex_import import merge_into_file

    merge = merge_into_file(file, into)
    if merge.kept:
        click.echo(f"already in the record, left as they are: {', '.join(merge.kept)}", err=True)
    if merge.unused:
        fields = ", ".join(f"{name} ({n})" for name, n in sorted(merge.unused.items()))
        click.echo(f"warning: no place in the record for these .bib fields: {fields}", err=True)
    click.echo(f"{into}: added {len(merge.added)} publication"
               f"{'s' if len(merge.added) != 1 else ''}"
               + (f" ({', '.join(merge.added)})" if merge.added else ""))


@cli.command(name="export", epilog=EXIT_CODES)
@click.argument("variant", required=False)
@click.option("--format", "fmt", type=click.Choice(["markdown", "text", "html", "jsonresume"]),
              required=True, help="text: for application forms; html: one self-contained page.")
@DATA_OPTION
@click.option("-o", "--output", type=PATH,
              help="Write to this file instead of standard output.")
def export_command(variant: str | None, fmt: str, data: Path, output: Path | None) -> None:
    """Export a variant as text, Markdown, HTML or a resume.json.

    VARIANT defaults to academic-cv; the entries are those its PDF shows. jsonresume
    without VARIANT holds the whole record.
    """
    from ..interop.export import export_record_file
    from ..publish import save_text

    text, warnings = export_record_file(data, fmt, variant)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if output:
        save_text(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command(epilog=EXIT_CODES)
@click.argument("name")
@click.option("-o", "--output", type=PATH,
              help="Where to write it (default: full-name.yaml here); never overwritten.")
def new(name: str, output: Path | None) -> None:
    """Start a record for NAME, with commented examples of every section."""
    from ..interop.starter import write_starter

    path = write_starter(name, output)
    click.echo(f"wrote {path}; build it with: cv-builder build --data {path}")


def main() -> None:
    """Console entry point: user errors print cleanly; anything else is a bug."""
    debug = "--debug" in sys.argv[1:]
    try:
        cli.main(standalone_mode=False, prog_name="cv-builder")
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)
    except Exception as error:  # a bug, not a user error
        if debug:
            raise
        click.echo(f"cv-builder: internal error: {type(error).__name__}: {error}\n"
                   "Please report it; run again with --debug for the traceback.", err=True)
        sys.exit(3)
    sys.exit(0)


if __name__ == "__main__":  # pragma: no cover
    main()
