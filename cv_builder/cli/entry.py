"""The installed command. A plain `cv-builder build` with nothing to do is answered here,
before click is imported: importing click (inspect, typing, uuid...) is 55 ms of a
100 ms no-op build, and "nothing changed" should feel instant. Every other command
line, and every build with something to do, goes to the click CLI in cli/commands.py.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from ..options import DEFAULT_OUTPUT, DEFAULT_RECORD, VARIANT_NAME, BuildOptions


def plain_build(argv: list[str]) -> tuple[Path, Path, list[str], bool] | None:
    """(record, output, variants, quiet) when argv is `build` with nothing but variant
    names, one --data FILE, one --output DIR and -q; None for anything else."""
    if not argv or argv[0] != "build":
        return None
    given: dict[str, Path] = {}
    names, quiet = [], False
    args = iter(argv[1:])
    for arg in args:
        if arg in ("-q", "--quiet"):
            quiet = True
        elif arg in ("--data", "--output"):
            value = next(args, None)
            if value is None or value.startswith("-") or arg in given:
                return None
            given[arg] = Path(value)
        elif VARIANT_NAME.fullmatch(arg):  # anything else, an option say, is click's
            names.append(arg)
        else:
            return None
    return (given.get("--data", DEFAULT_RECORD), given.get("--output", DEFAULT_OUTPUT),
            names, quiet)


def answer_up_to_date(argv: list[str]) -> bool:
    """Print what `cli/commands.py build` prints when everything is up to date, and say True;
    False (printing nothing) when the full command line tool has to answer."""
    started = time.perf_counter()
    plain = plain_build(argv)
    if plain is None or not plain[0].is_file():
        return False
    record, output, names, quiet = plain
    from ..stamp import up_to_date

    unchanged = up_to_date(record, names or None, BuildOptions(output=output))
    if unchanged is None:
        return False
    if not quiet:
        tty = sys.stdout.isatty()  # colours as click.style: cyan, yellow
        mark, skip = ("\x1b[36m=\x1b[0m", "\x1b[33m-\x1b[0m") if tty else ("=", "-")
        lines = [f"{skip} {name}: {skipped}" if skipped else
                 f"{mark} {name}: up to date → {output / f'{name}.pdf'}"
                 for name, skipped in unchanged]
        print("\n".join([*lines, f"done in {time.perf_counter() - started:.2f} s"]))
        from .. import cache_notes

        for note in cache_notes():  # the cache of the base format's place not used
            print(f"note: {note}", file=sys.stderr)
    return True


def run() -> None:
    """The console script: the quick answer or the CLI, then exit without tearing the
    interpreter down, which only frees what the process is about to lose anyway (50 ms
    after a build)."""
    try:
        quick = answer_up_to_date(sys.argv[1:])
    except Exception:  # anything unexpected: the CLI below meets it again and reports it
        quick = False
    code = 0
    if not quick:
        from .commands import main

        try:
            main()
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (exit_.code is not None)
            if isinstance(exit_.code, str):
                print(exit_.code, file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
