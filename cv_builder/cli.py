"""The command line: parse arguments, call the pipeline, print one line per result.

Work is imported inside each command so `cv-builder build` with nothing to do
never loads Jinja, pydantic or pypdf.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from .errors import CVBuilderError, InvalidInput

EXIT_CODES = """\b
Exit status:
  0  success (documents built or already up to date)
  1  a build failed (LaTeX error, page limit, missing tool)
  2  invalid input (the record, a variant or an option)
"""

DATA_OPTION = click.option("--data", "data", type=click.Path(path_type=Path),
                           default=Path("data/cv.yaml"), show_default=True,
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
@DATA_OPTION
@click.option("--output", "output", type=click.Path(path_type=Path), default=Path("output"),
              show_default=True, help="Folder for the PDFs (build files go in its .build/).")
@click.option("--force", is_flag=True, help="Rebuild even what is up to date.")
@click.option("--strict", is_flag=True, help="Fail on a page-limit overflow instead of fitting.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="Documents compiled at once (0: one per core).")
@click.option("--compiler", type=click.Choice(["pdflatex", "latexmk"]), default="pdflatex",
              show_default=True, help="Run pdflatex directly (one pass) or through latexmk.")
@click.option("--no-precompile", is_flag=True,
              help="Do not load the shared preamble from a cached TeX format.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
def build(variants: tuple[str, ...], data: Path, output: Path, force: bool, strict: bool,
          jobs: int, compiler: str, no_precompile: bool, quiet: bool) -> None:
    """Build VARIANTS (all by default) into OUTPUT/<variant>.pdf.

    Only documents whose inputs changed are compiled again.
    """
    from . import TEMPLATE_DIR
    from .stamp import Stamp, inputs_digest, tex_identity

    started = time.perf_counter()
    names = list(variants) or None
    stamp_dir = output / ".build"
    tex = tex_identity(compiler)
    if not data.is_file():
        from .load import read_document

        read_document(data)  # raises the precise error (missing file, folder)
    inputs = inputs_digest(data, [TEMPLATE_DIR], f"{compiler}|{strict}|{tex}")
    if not force:
        unchanged = Stamp.load(stamp_dir, tex, "").unchanged(inputs, names, output)
        if unchanged is not None:
            if not quiet:
                for name in unchanged:
                    click.echo(f"{click.style('=', fg='cyan')} {name}: up to date "
                               f"({output / (name + '.pdf')})")
                click.echo(f"nothing to do ({time.perf_counter() - started:.2f} s)")
            return
    from .build import BuildOptions
    from .build import build as run_build

    options = BuildOptions(output=output, force=force, strict=strict, jobs=jobs, compiler=compiler,
                           precompile=not no_precompile)
    outcomes = run_build(data, names, options, inputs)
    for outcome in outcomes:
        if outcome.status == "failed":
            click.echo(f"{click.style('✗', fg='red')} {outcome.name}: failed\n{outcome.error}",
                       err=True)
        elif not quiet:
            mark = click.style("✓", fg="green") if outcome.status == "built" else click.style(
                "=", fg="cyan")
            pages = f"{outcome.pages} page{'s' if outcome.pages != 1 else ''}"
            detail = f"{outcome.status}, {pages}, {outcome.seconds:.2f} s"
            if outcome.status == "built":
                detail += f", {outcome.compiles} compile{'s' if outcome.compiles != 1 else ''}"
            click.echo(f"{mark} {outcome.name}: {detail} → {outcome.pdf}")
            for change in outcome.changes:
                click.echo(f"    fitted: {change}")
    failed = [o.name for o in outcomes if o.status == "failed"]
    if failed:
        raise CVBuilderError(f"{len(failed)} of {len(outcomes)} documents failed: "
                             f"{', '.join(failed)} (earlier PDFs left as they were)")
    if not quiet:
        click.echo(f"done in {time.perf_counter() - started:.2f} s")


@cli.command(epilog=EXIT_CODES)
@DATA_OPTION
def validate(data: Path) -> None:
    """Check the record and its variants; print every problem at once."""
    from .validate import load_record
    from .variants import resolve_variants

    record, document = load_record(data)
    variants = resolve_variants(record, document)
    click.echo(f"{data}: valid — {len(record.publications)} publications, "
               f"{len(variants)} variants ({', '.join(variants)})")


@cli.command(name="list")
@DATA_OPTION
def list_variants(data: Path) -> None:
    """List the variants, their templates and page limits."""
    from .validate import load_record
    from .variants import resolve_variants, shipped_variants
    from .model import Record

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
    from .select import select
    from .render import render
    from .validate import load_record
    from .variants import resolve_variants

    record, document = load_record(data)
    variants = resolve_variants(record, document)
    if variant not in variants:
        raise InvalidInput(f"unknown variant {variant!r}; known: {', '.join(variants)}")
    click.echo(render(select(record, variant, variants[variant])), nl=False)


@cli.command()
def schema() -> None:
    """Print the record's JSON Schema (for editors: yaml-language-server)."""
    from .schema import schema_json

    click.echo(schema_json())


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
