"""Watch mode: rebuild on every save of a record or a template, and keep watching.

Why watchfiles: native change notification (inotify) with debouncing of the
burst of events an editor's save makes, instead of a polling loop of our own.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

import click

from ..errors import CVBuilderError
from ..stamp import inputs_for, watched_paths
from .report import say


def watch_and_build(records: list[Path], names, options, report, run_build) -> None:
    """Build with run_build(records, names, options, report), then again on every save."""
    from watchfiles import watch

    def rebuild(first: bool) -> None:
        started = time.perf_counter()
        render = sys.modules.get("cv_builder.latex.render")
        if render is not None:  # a template added since the last build must be found
            render.environment.cache_clear()
        try:
            failures = run_build(records, names, options, report)
            status = "failed" if failures else "ok"
        except CVBuilderError as error:  # a broken save: show it, keep watching
            say(error.format_message(), err=True)
            status = "invalid record"
        except Exception as error:  # a bug of ours: say so, and still keep watching
            say(f"cv-builder: internal error: {type(error).__name__}: {error}\n"
                       "Please report it; run again with --debug for the traceback.", err=True)
            status = "internal error"
        stamp = time.strftime("%H:%M:%S")
        done = "built" if first else "rebuilt"
        if status in ("invalid record", "internal error"):  # nothing was built: say so
            done, status = f"not {done}", f"{status}; the PDFs are as they were"
        click.echo(f"[{stamp}] {done} ({status}) in "
                   f"{time.perf_counter() - started:.2f} s; watching for changes (Ctrl-C stops)")

    def inputs() -> list[str]:
        return [inputs_for(record, options, []) for record in records]

    # The watcher starts only after the first build: a save in between is caught by
    # comparing the inputs then with those the first build started from.
    before: list[str] | None = inputs()
    rebuild(first=True)
    options = replace(options, force=False)
    folders = {record.resolve().parent for record in records}
    watched = [*folders, *(p.resolve() for p in watched_paths(options) if p.exists())]
    wanted = {record.resolve() for record in records}

    def relevant(change, path: str) -> bool:
        path_ = Path(path)
        return path_ in wanted or path_.suffix in (".j2", ".bib") or (
            len(records) > 1 and path_.suffix in (".yaml", ".yml"))

    try:
        for changes in watch(*watched, watch_filter=relevant, debounce=150, step=50,
                             rust_timeout=1000, yield_on_timeout=True):
            if changes or (before is not None and inputs() != before):
                rebuild(first=False)
            before = None
    except KeyboardInterrupt:
        pass
