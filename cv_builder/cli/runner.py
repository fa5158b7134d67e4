"""Build one or many records: answer "up to date" cheaply, else run the pipeline.

Standard library only at import time: when nothing changed, Jinja, pydantic
and pypdf are never loaded.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BuildFailed, CVBuilderError, InvalidInput, MissingTool, Problem
from ..files import folder_lock, fresh_folder, own_folder, remove_empty, unmake_output
from ..options import BuildOptions, Outcome
from ..stamp import inputs_for, up_to_date

if TYPE_CHECKING:
    from ..latex.compile import WaitingTex

RECORD_SUFFIXES = (".yaml", ".yml")


def find_records(paths: list[Path]) -> list[Path]:
    """Files as given; folders expand to the records inside them, sorted: the .yaml
    files whose name does not start with a dot (.gitlab-ci.yml is no record, and
    `..yaml` would build into output/ itself: check_output_stems). A folder's
    .yaml that is not a regular file inside it (a symlink out of it, a FIFO, a folder) is
    an input error, not a record read or silently passed over: a folder of submitted
    records is not trusted, and a link to a file elsewhere had its keys quoted back in
    the problems found."""
    records: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in RECORD_SUFFIXES
                           and not p.name.startswith("."))  # hidden: not records
            if not found:
                problems.append(Problem(str(path), None, None, "",
                                        "folder holds no .yaml records"))
            for record in found:
                why = record_problem(record, path)
                if why:
                    problems.append(Problem(str(record), None, None, "", why))
                else:
                    records.append(record)
        else:
            records.append(path)
    if problems:
        raise InvalidInput(problems)
    return records


def record_problem(record: Path, folder: Path) -> str | None:
    """Why a .yaml found in a folder of records is not one to read, or None."""
    import stat

    from ..files import inside, kind_of

    try:
        info = record.stat()
    except OSError as error:  # a dangling link, a loop
        return f"cannot be read: {error.strerror or error}; remove it or put the record there"
    if record.is_symlink() and not inside(record, folder):
        return (f"is a symbolic link to {os.path.realpath(record)}, outside {folder}/: a "
                "folder's records are read only inside it; copy the record in")
    if not stat.S_ISREG(info.st_mode):
        return f"is {kind_of(info.st_mode)}, not a record file; remove it or rename it"
    return None


def records_here(folder: Path = Path(".")) -> list[Path]:
    """The record files in a folder, by name."""
    return sorted(p for p in folder.iterdir() if p.suffix in RECORD_SUFFIXES and p.is_file()
                  and not p.name.startswith("."))


def where_records_are(command: str) -> str:
    """What to type when the default record (data/cv.yaml) is not here: --data with the
    record that is (one `new` just wrote, say), or `new` when there is none."""
    from ..options import DEFAULT_RECORD

    found = records_here()
    if len(found) == 1:
        typed = (f"cv-builder {command} --data {found[0]}" if command in ("build", "validate",
                                                                           "list")
                 else f"add --data {found[0]}")
        return f"there is no {DEFAULT_RECORD} here, but {found[0]} is: {typed}"
    if found:
        return (f"there is no {DEFAULT_RECORD} here; name a record with --data (here: "
                f"{', '.join(map(str, found[:5]))}{', ...' if len(found) > 5 else ''})")
    return (f"there is no {DEFAULT_RECORD} here, nor any record: name one with --data, or "
            "start one with cv-builder new \"Your Name\"")


def check_default(paths: list[Path], command: str) -> None:
    """A missing default record is an error that says where the records are."""
    from ..options import DEFAULT_RECORD

    if paths == [DEFAULT_RECORD] and not DEFAULT_RECORD.exists():
        raise InvalidInput([Problem(str(DEFAULT_RECORD), None, None, "",
                                    "file not found (the default record): "
                                    + where_records_are(command))])


def one_record(path: Path, command: str) -> Path:
    """path, which must be one record: a folder of them is an error naming one to give."""
    check_default([path], command)
    if not path.is_dir():
        return path
    found = records_here(path)
    example = f"--data {found[0]}" if found else "--data a .yaml file"
    raise InvalidInput([Problem(str(path), None, None, "",
                                f"is a folder of records, and {command} reads one record: "
                                f"name it, e.g. {example}")])


def build_record(data: Path, names: list[str] | None, options: BuildOptions) -> list[Outcome]:
    """Build one record's variants; raises InvalidInput for a bad record."""
    if not data.is_file():
        from ..record.load import read_document

        read_document(data)  # raises the precise error (missing file, folder)
    unchanged = up_to_date(data, names, options)
    if unchanged is not None:
        if options.preview:
            from ..publish import ensure_preview

            for name, skipped in unchanged:
                if not skipped:
                    ensure_preview(options.output / f"{name}.pdf")
        return [Outcome(name, "skipped", note=skipped) if skipped else
                Outcome(name, "up to date", options.output / f"{name}.pdf")
                for name, skipped in unchanged]
    with output_folder(options) as folder_use:
        from ..latex.formats import early_start_hints, remember_early_start  # past the no-op

        hints_key = f"{data.resolve()}|{options.output.resolve()}"
        waiting = start_tex_early(early_start_hints(hints_key), names, options)
        try:
            from ..build import build

            outcomes = build(data, names, options,
                             lambda extra, tools: inputs_for(data, options, extra, tools),
                             waiting)
        finally:
            for tex in waiting.values():
                tex.cancel()
        remember_early_start(hints_key, {o.name: o.early_start for o in outcomes
                                         if o.early_start})
        folder_use.built_nothing = all(o.status == "skipped" for o in outcomes)
    return outcomes


@dataclass
class FolderUse:
    """What a build did in its output folder: nothing at all (every document skipped,
    nothing to print) leaves no folder it made."""

    built_nothing: bool = False


@contextmanager
def output_folder(options: BuildOptions):
    """The output folder made, its build folder a real folder of ours (a symlink planted
    there is replaced, never followed), and this build the only one writing into it
    while the block runs (another waits, saying so)."""
    output = options.output
    made = _first_missing(output)  # the outermost folder this build will make, if any
    folder = make_output(output, options.build_folder())

    def waiting() -> None:
        print(f"waiting: another build is writing into {output}/ ...", file=sys.stderr,
              flush=True)

    use = FolderUse()
    with folder_lock(folder, on_wait=waiting):
        try:
            yield use
        except InvalidInput:
            if made is not None:  # a first build of a record not valid leaves no folder
                unmake_output(output, folder, made)
            raise
        if made is not None and use.built_nothing:  # nor one with nothing to print
            unmake_output(output, folder, made)


def make_output(output: Path, build_folder: Path | None = None) -> Path | None:
    """The output folder made if missing, and build_folder in it a real folder of ours
    (returned); InvalidInput if --output names a file, BuildFailed if it cannot be made."""
    if output.exists() and not output.is_dir():
        raise InvalidInput([Problem(str(output), None, None, "", "--output names a file; "
                                    "give a folder for the PDFs")])
    for attempt in range(3):
        try:
            output.mkdir(parents=True, exist_ok=True)
            return own_folder(build_folder) if build_folder is not None else None
        except FileNotFoundError as error:  # a parent removed meanwhile by another build
            if attempt == 2:                # that made it and built nothing (unmake_output)
                raise _cannot_make(error, output) from None
        except OSError as error:
            raise _cannot_make(error, output) from None
    return None


def _cannot_make(error: OSError, output: Path) -> BuildFailed:
    return BuildFailed(f"cannot make the output folder {error.filename or output}: "
                       f"{error.strerror or error}")


def _first_missing(path: Path) -> Path | None:
    """The outermost of path and its parents that does not exist, or None."""
    if os.path.lexists(path):
        return None
    while not os.path.lexists(path.parent) and path.parent != path:
        path = path.parent
    return path


def check_output_stems(records: list[Path], output: Path) -> None:
    """Each record builds into output/<its file name without .yaml>/: a name that would
    put that folder anywhere else (`..yaml` is output/. itself, `...yaml` output/..,
    `.build.yaml` the build folder, any dot name hidden) or two records sharing a stem
    (cv.yaml, cv.yml: two people's PDFs mixed) are an input error before anything is
    built."""
    by_stem: dict[str, list[Path]] = {}
    problems = []
    for record in records:
        if record.stem.startswith("."):
            where = (f"not a folder of its own inside {output}/" if record.stem in (".", "..")
                     else "a hidden folder, where cv-builder keeps its build files"
                     if record.stem == ".build" else "a hidden folder")
            problems.append(Problem(str(record), None, None, "", (
                f"would build into {output / record.stem}/ ({where}): each record builds "
                f"into {output}/<its file name without {record.suffix}>/; rename it to "
                f"start with a letter or digit")))
        else:
            by_stem.setdefault(record.stem, []).append(record)
    problems += [Problem(str(same[0]), None, None, "",
                         f"{' and '.join(map(str, same))} would all build into "
                         f"{output / stem}/; rename all but one")
                 for stem, same in by_stem.items() if len(same) > 1]
    if problems:
        raise InvalidInput(problems)


def start_tex_early(hints: dict[str, tuple[str, str, str]], names: list[str] | None,
                    options: BuildOptions) -> dict[str, WaitingTex]:
    """Start TeX on the engine, format and head each variant had last time, before Python
    has even imported the pipeline: both load while the record is read and rendered."""
    from ..latex.compile import WaitingTex

    if options.compiler != "pdflatex" or not options.precompile:
        return {}
    limit = options.jobs or 2 * (os.cpu_count() or 1)
    chosen = [(name, hint) for name, hint in hints.items() if not names or name in names]
    waiting: dict[str, WaitingTex] = {}
    for name, (fmt, head, engine) in chosen[:limit]:
        build_dir = options.build_folder(name)
        try:
            fresh_folder(build_dir)
            waiting[name] = WaitingTex(build_dir, name, fmt, head, engine)
        except (OSError, MissingTool):
            break  # the build itself reports what is wrong
    return waiting


def build_records(records: list[Path], names: list[str] | None, options: BuildOptions,
                  on_done=None) -> list[tuple[Path, list[Outcome] | CVBuilderError]]:
    """Several records on all cores, each into its own folder under options.output."""
    from concurrent.futures import ThreadPoolExecutor

    records = list({record.resolve(): record for record in records}.values())
    check_output_stems(records, options.output)
    made = _first_missing(options.output)
    make_output(options.output)  # once: a record that builds nothing removes only its own

    jobs = options.jobs or os.cpu_count() or 1

    def one(data: Path):
        own = replace(options, output=options.output / data.stem, jobs=1)
        try:
            result: list[Outcome] | CVBuilderError = build_record(data, names, own)
        except CVBuilderError as error:
            result = error
        return data, result

    # Reported in the order given (not as they finish): each as soon as those before it are.
    results = []
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(records)))) as pool:
        for data, result in pool.map(one, records):
            if on_done:
                on_done(data, result)
            results.append((data, result))
    if made is not None:  # each record's folder went if it built nothing: so does theirs
        remove_empty(options.output, made)
    return results


def letter_lines(record) -> list[str]:
    """Each letter of the record as --for and --letter name it: 'acme (Research
    Scientist at Acme; prefers ml, python)'."""
    lines = []
    for letter in record.letters:
        about = " at ".join(part for part in (letter.position, letter.company) if part)
        tags = f"prefers {', '.join(letter.prefer_tags)}" if letter.prefer_tags else ""
        details = "; ".join(part for part in (about, tags) if part)
        lines.append(f"{letter.id} ({details})" if details else letter.id)
    return lines


def ask_for_a_letter(option: str, data: Path | tuple[Path, ...] | None, command: str) -> None:
    """A letter-id option (--for, --letter) given no id: an input error listing the ids it
    takes, from the record --data names (the first, of several)."""
    from ..options import DEFAULT_RECORD
    from ..record.variants import load_with_variants

    paths = [*data] if isinstance(data, tuple) else [data] if data else []
    paths = paths or [DEFAULT_RECORD]
    check_default(paths, command)
    record, _, _ = load_with_variants(find_records(paths)[0])
    wanted = f"{option} needs the id of a letter{' to tailor for' * (option == '--for')}"
    if not record.letters:
        raise InvalidInput(f"{wanted}, and {paths[0]} has no letters: add a letters: list "
                           "(see docs/record.md)")
    raise InvalidInput(f"{wanted}; the record's letters: " + "; ".join(letter_lines(record)))
