"""The command line: parse arguments, call the pipeline, print one line per result.

Work is imported inside each command so `cv-builder build` with nothing to do
never loads Jinja, pydantic or pypdf.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from .. import __version__
from ..errors import CVBuilderError
from ..options import DEFAULT_OUTPUT, DEFAULT_RECORD
from .parsing import Group
from .report import Report, say

# The exit statuses, said once (the README's table is checked against this); each
# command's help lists the ones it can end with.
EXIT_STATUS = {
    0: "success",
    1: "a build failed (LaTeX error, page limit, missing tool)",
    2: "invalid input (the record, a variant, a template of yours, an option)",
    3: "a bug in cv-builder (please report it; --debug shows the traceback)",
}


def exit_codes(*codes: int, **meanings: str) -> str:
    """The epilog listing codes; meanings (as code_0="...") say what one means here."""
    lines = ["\b", "Exit status:"]
    for code in codes:
        lines.append(f"  {code}  {meanings.get(f'code_{code}', EXIT_STATUS[code])}")
    return "\n".join(lines) + "\n"

# One instance for every plain path option: each click.Path looks up its translated
# labels when made (0.4 ms apiece), on every start of the command, no-op included.
PATH = click.Path(path_type=Path)

LETTER_OPTION = click.option("--letter", "letters", multiple=True, metavar="ID",
                             help="Only this letter of a letter variant (repeat for several); "
                                  "without VARIANTS, just the letter. Alone, lists the record's "
                                  "letter ids.")
# `--for` or `--letter` alone (no ID) is a question: Command answers it with the
# record's letter ids.
FOR_OPTION = click.option("--for", "application", metavar="ID",
                          help="Tailor to the application of letter ID: CVs prefer its "
                               "prefer_tags and are named VARIANT-ID; without VARIANTS, its "
                               "letter and its résumé. Alone, lists the record's letter ids.")

DATA_OPTION = click.option("--data", "data", type=PATH,
                           default=DEFAULT_RECORD, show_default=True,
                           help="The YAML record to read.")
TEMPLATES_OPTION = click.option(
    "--templates", "templates", type=click.Path(path_type=Path, file_okay=False, exists=True),
    multiple=True, help="A folder of templates that override the shipped ones by name.")


@click.group(cls=Group, epilog=exit_codes(0, 1, 2, 3))
@click.version_option(__version__, prog_name="cv-builder")
@click.option("--debug", is_flag=True, help="Show a traceback for unexpected errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Build an academic CV, a one-page résumé and a research statement from one YAML record."""
    ctx.obj = {"debug": debug}


@cli.command(epilog=exit_codes(0, 1, 2, 3, code_0="success (documents built, up to date, "
                                                   "or skipped with nothing to print)"))
@click.argument("variants", nargs=-1)
@click.option("--data", "data", type=PATH, multiple=True,
              help="A record, or a folder of records; repeat for several "
                   "(default: data/cv.yaml). Several records build into OUTPUT/<record>/.")
@click.option("--output", "output", type=PATH, default=DEFAULT_OUTPUT,
              show_default=True, help="Folder for the PDFs (build files go in its .build/).")
@click.option("--force", is_flag=True, help="Rebuild even what is up to date.")
@click.option("--strict", is_flag=True, help="Fail on a page-limit overflow instead of fitting, "
                                             "and on a warning about the record (a .bib "
                                             "entry left out, a list item joined to the one "
                                             "above it).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="Documents compiled at once (0: up to two per core).")
@click.option("--compiler", type=click.Choice(["pdflatex", "latexmk"]), default="pdflatex",
              show_default=True, help="Run pdflatex directly (one pass) or through latexmk.")
@click.option("--no-precompile", is_flag=True,
              help="Do not load the shared preamble from a cached TeX format.")
@TEMPLATES_OPTION
@click.option("--preview", is_flag=True, help="Also write a PNG of each PDF's first page.")
@LETTER_OPTION
@FOR_OPTION
@click.option("--watch", is_flag=True, help="Rebuild on every save of the record or a template.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.option("--verbose", "-v", is_flag=True,
              help="Also list what each selection left out, and the build folders.")
def build(variants: tuple[str, ...], data: tuple[Path, ...], output: Path, force: bool,
          strict: bool, jobs: int, compiler: str, no_precompile: bool,
          templates: tuple[Path, ...], preview: bool, letters: tuple[str, ...],
          application: str | None, watch: bool, quiet: bool, verbose: bool) -> None:
    """Build VARIANTS (all by default) into OUTPUT/<variant>.pdf; the letter variant
    (cover-letter) into OUTPUT/cover-letter-<id>.pdf, one for each letter of the record.

    Only documents whose inputs changed are compiled again. A variant with nothing to
    print for this record is skipped, with a note; one the record switches off
    (enabled: false) is built only when named.
    """
    from ..options import BuildOptions
    from .runner import find_records

    options = BuildOptions(output=output, force=force, strict=strict, jobs=jobs,
                           compiler=compiler, precompile=not no_precompile, preview=preview,
                           template_dirs=tuple(str(t.resolve()) for t in templates),
                           letters=letters, application=application)
    from .runner import check_default

    check_default(list(data) or [DEFAULT_RECORD], "build")
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
    report.said.clear()  # a failure is said in full once a build (--watch: each save)
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
    report.cache_notes()
    report.line(f"done in {time.perf_counter() - started:.2f} s")
    return failures


@cli.command(epilog=exit_codes(0, 2, 3))
@click.option("--data", "data", type=PATH, multiple=True,
              help="A record, or a folder of records; repeat for several "
                   "(default: data/cv.yaml). Each is checked, one line each.")
@TEMPLATES_OPTION
def validate(data: tuple[Path, ...], templates: tuple[Path, ...]) -> None:
    """Check the record, its variants and their templates; print every problem at once.

    Every variant the record builds is rendered (not compiled), so a mistake in a
    template of your own is found here too. With a folder, or several --data, every
    record is checked: a line for each, then the problems of those that are invalid.
    """
    from ..build import check_record
    from ..errors import InvalidInput
    from .runner import find_records

    from .runner import check_default

    paths = list(data) or [DEFAULT_RECORD]
    check_default(paths, "validate")
    records = find_records(paths)
    if len(records) == 1 and not any(path.is_dir() for path in paths):
        say(_valid_line(records[0], *check_record(records[0], _options(templates))))
        return
    invalid = []
    for record in records:
        try:
            say(_valid_line(record, *check_record(record, _options(templates))))
        except InvalidInput as error:
            invalid.append(record)
            count = len(error.problems)
            say(f"{record}: invalid — {count} problem{'s' * (count != 1)}"
                + (":" if error.problems else f": {error.format_message()}"))
            for problem in error.problems:
                say(f"  {problem}")
    if invalid:
        raise InvalidInput(f"{len(invalid)} of {len(records)} records "
                           f"{'is' if len(invalid) == 1 else 'are'} invalid: "
                           + ", ".join(map(str, invalid)))


def _valid_line(data: Path, record, variants, warnings) -> str:
    """'cv.yaml: valid — 12 publications, 2 letters, 4 variants (...)', after the
    warnings that did not stop it. A letter variant of a record with no letters makes
    nothing, and is not counted."""
    for warning in warnings:
        say(f"warning: {warning}", err=True)

    def count(n: int, what: str) -> str:
        return f"{n} {what}{'s' * (n != 1)}"

    own = f", {count(len(record.sections), 'section')} of its own" if record.sections else ""
    letters = f", {count(len(record.letters), 'letter')}" if record.letters else ""
    made = [name for name, variant in variants.items()
            if variant.document != "letter" or record.letters]
    return (f"{data}: valid — {count(len(record.publications), 'publication')}{own}{letters}, "
            f"{count(len(made), 'variant')} ({', '.join(made)})")


def _options(templates: tuple[Path, ...]):
    from ..options import BuildOptions

    return BuildOptions(template_dirs=tuple(str(t.resolve()) for t in templates))


@cli.command(name="list", epilog=exit_codes(0, 2, 3))
@click.option("--data", "data", type=PATH, default=None,
              help="The YAML record to read [default: data/cv.yaml if there is one; else "
                   "the shipped variants].")
def list_variants(data: Path | None) -> None:
    """List the variants: template, page limit, paper, and where each comes from; then
    the record's letters, the ids --letter and --for take."""
    from ..record.documents import letter_papers
    from ..record.model import Record
    from ..record.variants import load_with_variants, resolve_variants, shipped_variants

    if data is None and not DEFAULT_RECORD.exists():
        from .runner import records_here, where_records_are

        if records_here():
            click.echo(f"({where_records_are('list')})", err=True)
        click.echo(f"(no {DEFAULT_RECORD} here: the shipped variants, which every record "
                   "starts from)", err=True)
        variants = resolve_variants(Record.model_construct(variants={}, paper=None))
        overrides, data_record = {}, None
    else:
        from .runner import one_record

        path = one_record(data or DEFAULT_RECORD, "list")
        data_record, _, variants = load_with_variants(path)  # a missing file: exit 2
        overrides = data_record.variants
    rows = [("variant", "template", "page limit", "paper", "from")]
    for name, variant in variants.items():
        limit = (f"{variant.page_limit} page{'s' if variant.page_limit > 1 else ''}"
                 if variant.page_limit else "none")
        origin = ("the record" if name not in shipped_variants() else
                  "shipped, changed by the record" if name in overrides else "shipped")
        if not variant.enabled:
            origin += "; off (enabled: false)"
        paper = variant.paper
        if variant.document == "letter":  # on its résumé's paper, as the build makes it
            origin += "; one PDF per letter, on its résumé's paper"
            paper = letter_papers(data_record.letters if data_record else (), variants)
        rows.append((name, variant.template, limit, paper, origin))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        say("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[4])
    if data_record is not None and data_record.letters:
        from .runner import letter_lines

        say("\nletters (--letter ID, --for ID):")
        for line in letter_lines(data_record):
            say(f"  {line}")


@cli.command(epilog=exit_codes(0, 2, 3))
@click.argument("variant")
@DATA_OPTION
@TEMPLATES_OPTION
@click.option("--letter", "letters", multiple=True, metavar="ID",
              help="The letter to render, for a letter VARIANT with more than one; "
                   "alone, lists the record's letter ids.")
@click.option("--for", "application", metavar="ID",
              help="Tailor the CV to the application of letter ID (its prefer_tags); alone, "
                   "lists the record's letter ids.")
def tex(variant: str, data: Path, templates: tuple[Path, ...], letters: tuple[str, ...],
        application: str | None) -> None:
    """Print the LaTeX for VARIANT without compiling it (a letter variant: for its only
    letter, or the one named with --letter)."""
    from dataclasses import replace

    from ..build import tex_source

    from .runner import one_record

    options = replace(_options(templates), letters=letters, application=application)
    click.echo(tex_source(one_record(data, "tex"), variant, options), nl=False)


@cli.command(epilog=exit_codes(0, 3))
def schema() -> None:
    """Print the record's JSON Schema, for editors (yaml-language-server)."""
    from ..record.schema import schema_json

    click.echo(schema_json())


@cli.command(epilog=exit_codes(0, 1, 3, code_0="every piece a build needs is installed",
                               code_1="a piece every build needs is missing"))
def doctor() -> None:
    """Check that TeX and the rest are installed; say how to install what is missing.

    One line per piece: ✓ or ✗, and for each ✗ the command that installs it on this
    system (apt, dnf, pacman, brew and tlmgr, MiKTeX). Optional pieces are listed under
    the feature that needs them.
    """
    from ..latex.doctor import check, report
    from ..latex.toolchain import detect_system

    text, ok = report(check(), detect_system())
    click.echo(text)
    if not ok:
        raise click.exceptions.Exit(1)


# --- Other formats: import, export, new ---------------------------------------------------------

@cli.group(name="import", epilog=exit_codes(0, 2, 3))
def import_group() -> None:
    """Bring a résumé or papers in from another format."""


def record_import(name: str, strict_help: str):
    """An import command making a record of FILE: its arguments and options, said once."""
    shared = (click.argument("file", type=PATH),
              click.option("-o", "--output", type=PATH,
                           help="The record to write (printed to standard output without it); "
                                "an existing file is kept unless --force."),
              click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists."),
              click.option("--strict", is_flag=True, help=strict_help))

    def command(function):
        for decorator in reversed(shared):  # as if stacked above function, in this order
            function = decorator(function)
        return import_group.command(name=name, epilog=exit_codes(0, 2, 3))(function)

    return command


def _print_record(output: Path | None, text: str, warnings: list[str]) -> None:
    """An import's warnings, then the record (or where it was written)."""
    for warning in warnings:
        say(f"warning: {warning}", err=True)
    click.echo(f"wrote {output}" if output else text, nl=bool(output), err=bool(output))


@record_import("jsonresume", strict_help="Refuse, writing nothing, if a value had to be left "
                                         "out (a date the record cannot hold, an end before "
                                         "its start, text after the JSON).")
def import_jsonresume(file: Path, output: Path | None, force: bool, strict: bool) -> None:
    """Convert a resume.json (JSON Resume, 1.0 or earlier) into a record.

    FILE is the resume.json. Fields with no place in the record are listed, and kept
    as comments at its end; a problem is reported at its line in FILE.
    """
    from ..interop.jsonresume.record_file import import_file

    _print_record(output, *import_file(file, output, overwrite=force, strict=strict))


@record_import("rendercv", strict_help="Refuse, writing nothing, if a value had to be left out.")
def import_rendercv(file: Path, output: Path | None, force: bool, strict: bool) -> None:
    """Convert a RenderCV input file (v1.x or v2.x, e.g. John_Doe_CV.yaml) into a record.

    FILE is the RenderCV YAML. Each section goes where its entry type belongs (its
    title kept as a tag); what has no place is listed, and kept as comments at the end.
    """
    from ..interop.rendercv import import_file

    _print_record(output, *import_file(file, output, overwrite=force, strict=strict))


STRICT_IMPORT = click.option("--strict", is_flag=True,
                             help="Refuse, writing nothing, if there is any warning.")


@import_group.command(name="bibtex", epilog=exit_codes(0, 2, 3))
@click.argument("file", type=PATH)
@click.option("--into", "into", type=PATH, required=True,
              help="The record to add the papers to (comments and layout kept).")
@STRICT_IMPORT
def import_bibtex(file: Path, into: Path, strict: bool) -> None:
    """Add a .bib file's papers to a record, newest first.

    FILE is the .bib. Papers already in the record (same key, DOI or title) are left as
    the record has them. A bad entry is a warning naming its line and key; it is
    imported with what it has, or left out with the reason.
    """
    from ..interop.bibtex_import import merge_into_file

    merge = merge_into_file(file, into, strict=strict)
    for warning in merge.warnings:
        say(f"warning: {warning}", err=True)
    if merge.notes:
        say("note: " + "; ".join(merge.notes), err=True)
    if merge.kept:
        say(f"already in the record, left as they are: {', '.join(merge.kept)}", err=True)
    if merge.unused:
        fields = ", ".join(f"{name} ({n})" for name, n in sorted(merge.unused.items()))
        say(f"warning: no place in the record for these .bib fields: {fields}", err=True)
    say(f"{into}: added {len(merge.added)} publication"
               f"{'s' if len(merge.added) != 1 else ''}"
               + (f" ({', '.join(merge.added)})" if merge.added else ""))


@cli.command(name="export", epilog=exit_codes(0, 2, 3))
@click.argument("variant", required=False)
@click.option("--format", "fmt", type=click.Choice(["markdown", "text", "html", "jsonresume"]),
              required=True, help="text: for application forms; html: one self-contained page.")
@DATA_OPTION
@click.option("--letter", "letters", multiple=True, metavar="ID",
              help="Export letter ID, as plain text (--format text); without VARIANT, of the "
                   "record's letter variant (cover-letter). One letter per export. "
                   "Alone, lists the record's letter ids.")
@click.option("--for", "application", metavar="ID",
              help="Tailor the CV to the application of letter ID (it prefers the letter's "
                   "prefer_tags); without VARIANT, the résumé that letter goes with. Alone, "
                   "lists the record's letter ids.")
@click.option("-o", "--output", type=PATH,
              help="Write to this file (replacing one that exists) instead of standard output.")
def export_command(variant: str | None, fmt: str, data: Path, letters: tuple[str, ...],
                   application: str | None, output: Path | None) -> None:
    """Export one document as text, Markdown, HTML or a resume.json.

    VARIANT defaults to academic-cv; the entries are those its PDF shows. jsonresume
    without VARIANT holds the whole record. A letter (--letter ID) exports as plain
    text, to paste into a web form.
    """
    from ..interop.export import export_record_file
    from ..publish import save_text
    from .runner import one_record

    text, warnings = export_record_file(one_record(data, "export"), fmt, variant, letters,
                                        application)
    for warning in warnings:
        say(f"warning: {warning}", err=True)
    if output:
        save_text(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command(epilog=exit_codes(0, 2, 3))
@click.argument("name")
@click.option("-o", "--output", help="A file, or a folder (an existing one, or DIR/ with the "
                                     "slash: made if need be) to write full-name.yaml into; "
                                     "[default: full-name.yaml here]. Never overwritten.")
def new(name: str, output: str | None) -> None:
    """Start a record for NAME that builds at once, with an example of every section."""
    import shlex

    from ..interop.starter import write_example_bib, write_starter

    written = write_starter(name, output)
    bib = write_example_bib(written.parent, " ".join(name.split()))
    path = shlex.quote(str(written))
    also = f" and an example {shlex.quote(str(bib))} (for its bibliography: line)" if bib else ""
    click.echo(f"wrote {path}{also}; build it with: cv-builder build --data {path}")


def _whole_summaries(group: click.Group) -> None:
    """Each command's summary in --help is the first paragraph of its docstring, whole:
    click would cut it at the terminal's width (45 characters and "...")."""
    for command in group.commands.values():
        first = (command.help or "").split("\n\n")[0]
        command.short_help = " ".join(first.split())
        if isinstance(command, click.Group):
            _whole_summaries(command)


_whole_summaries(cli)


def main() -> None:
    """Console entry point: user errors print cleanly; anything else is a bug."""
    debug = "--debug" in sys.argv[1:]
    try:
        _main(debug)
    finally:  # a cache not used (validate, tex, ...: the build command says so itself)
        from .. import cache_notes

        for note in cache_notes():
            click.echo(f"note: {note}", err=True)


def _main(debug: bool) -> None:
    try:
        # Without standalone mode, click returns (not raises) a command's Exit status.
        status = cli.main(standalone_mode=False, prog_name="cv-builder")
        if isinstance(status, int) and status:
            sys.exit(status)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)
    except OSError as error:  # the machine, not a bug: a full disk, a read-only folder
        if debug:
            raise
        where = f"{error.filename}: " if error.filename else ""
        say(f"Error: {where}{error.strerror or error}", err=True)
        sys.exit(1)
    except Exception as error:  # a bug, not a user error
        if debug:
            raise
        say(f"cv-builder: internal error: {type(error).__name__}: {error}\n"
                   "Please report it; run again with --debug for the traceback.", err=True)
        sys.exit(3)
    sys.exit(0)


if __name__ == "__main__":  # pragma: no cover
    main()
