"""`cv-builder import bibtex FILE --into RECORD.yaml`: a .bib's new papers written into a
record file newest first, every other line of it (comments included) kept byte for byte."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import CVBuilderError, InvalidInput, Problem
from ..publish import save_text
from ..record.bibliography import (insert_positions, newest_first, owner_names, read_bib,
                                   same_paper)
from ..record.merge import with_bibliography
from ..record.load import Document, parse_document, read_document
from ..record.validate import validate_record
from .yaml_out import dump_yaml


@dataclass
class Merge:
    added: list[str]
    kept: list[str]  # papers already in the record (by id, DOI or title): left as they were
    unused: dict[str, int]
    warnings: list[Problem]
    notes: list[str]


def merge_into_file(bib_path: Path, record_path: Path, strict: bool = False) -> Merge:
    """Add the .bib's new entries to the record file, newest first; every other line of
    the file (comments included) kept byte for byte. Written to a temporary file, checked,
    then renamed over the record. With strict, any warning refuses and nothing is written."""
    record_path = Path(record_path)
    document = read_document(record_path)
    bib = read_bib(bib_path, owner_names(document.data))
    try:
        validate_record(with_bibliography(document))  # refuse to edit a broken record
    except InvalidInput as error:  # and say what the .bib holds too: all in one run
        raise InvalidInput(error.problems, bib.warnings) from None
    text = record_path.read_bytes().decode("utf-8-sig")
    if bib.warnings and (strict or not bib.publications):
        raise InvalidInput(bib.warnings)  # --strict, or not one paper could be read
    own = document.data.get("publications") or []
    papers = newest_first(bib.publications, bib.months)
    new = [p for p in papers if not any(same_paper(entry, p) for entry in own)]
    kept = [p["id"] for p in papers if p not in new]
    if not new:
        return Merge([], kept, bib.unused, bib.warnings, bib.notes)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    at: dict[int, list[str]] = {}
    for line_index, block in _insertions(document, lines, own, new, dump_yaml):
        at.setdefault(line_index, []).append(block)  # several at one place: in their order
    for line_index in sorted(at, reverse=True):
        lines[line_index:line_index] = at[line_index]
    merged_text = "".join(lines)
    _verify(document, merged_text, str(record_path), [p["id"] for p in new])
    save_text(record_path, merged_text)
    return Merge([p["id"] for p in new], kept, bib.unused, bib.warnings, bib.notes)


def _insertions(document: Document, lines: list[str], own: list, new: list[dict], dump):
    """(line index, text) pairs that put each new entry into the publications list."""
    if not own:
        body = "".join("  " + line if line.strip() else line
                       for line in dump(new).splitlines(keepends=True))
        if "publications" in document.data:  # `publications: []`: the list goes in its place
            return [(_open_empty_list(document, lines), body)]
        return [(len(lines), "\npublications:\n" + body)]
    first_line, key_column = document.positions[("publications", 0)]
    dash = lines[first_line - 1][:key_column - 1]
    if dash.strip() != "-":
        raise InvalidInput(f"{document.file}:{first_line}: cannot place new publications "
                           "in this list's layout; write each as `- id: ...` on a line of "
                           "its own, and import again")
    indent = " " * (len(dash) - 2)
    separated = _blank_separated(document, lines, len(own))

    def block(paper: dict) -> str:
        out = "".join(indent + line for line in dump([paper]).splitlines(keepends=True))
        return out + ("\n" if separated else "")

    inserts = []
    for spot, paper in zip(insert_positions(own, new), new):
        if spot < len(own):
            line = document.positions[("publications", spot)][0] - 1
            while line > 0 and _is_comment(lines[line - 1], key_column):
                line -= 1  # a comment above an entry belongs to it: go above the comment
            inserts.append((line, block(paper)))
        else:
            end = _block_end(document, lines, key_column)
            inserts.append((end, ("\n" if separated else "") + block(paper).rstrip("\n") + "\n"))
    return inserts


_EMPTY_FLOW_LIST = re.compile(r"publications:(\s*)\[\s*\](\s*(#.*)?)$")


def _open_empty_list(document: Document, lines: list[str]) -> int:
    """`publications: []` (a comment after it kept) made `publications:` in place, so
    that the new block list goes under it: the index of the line after it."""
    line, column = document.positions[("publications",)]
    written = lines[line - 1].rstrip("\r\n")
    empty = _EMPTY_FLOW_LIST.fullmatch(written[column - 1:])
    if column != 1 or not empty:
        raise InvalidInput(f"{document.file}:{line}: publications: the list is written in a "
                           "way cv-builder cannot add to; write it as `publications: []` on "
                           "one line, or remove it, and import again")
    ending = lines[line - 1][len(written):]
    lines[line - 1] = "publications:" + (empty.group(2).rstrip() and
                                         " " + empty.group(2).strip()) + ending
    return line


def _is_comment(line: str, key_column: int) -> bool:
    stripped = line.lstrip(" ")
    return stripped.startswith("#") and len(line) - len(stripped) < key_column


def _blank_separated(document: Document, lines: list[str], count: int) -> bool:
    if count < 2:
        return True
    second = document.positions[("publications", 1)][0] - 1
    line = second
    while line > 0 and lines[line - 1].lstrip().startswith("#"):
        line -= 1
    return not lines[line - 1].strip()


def _block_end(document: Document, lines: list[str], key_column: int) -> int:
    """The line index just after the publications list's last content line."""
    top = sorted(line for path, (line, _) in document.positions.items() if len(path) == 1)
    start = document.positions[("publications",)][0]
    after = next((line - 1 for line in top if line > start), len(lines))
    while after > start and (not lines[after - 1].strip() or _is_comment(lines[after - 1],
                                                                        key_column)):
        after -= 1
    return after


def _verify(document: Document, text: str, name: str, added: list[str]) -> None:
    """The edited text must hold exactly the old data plus the new papers, and validate."""
    edited = parse_document(text.encode("utf-8"), name)
    validate_record(with_bibliography(edited))
    before = dict(document.data)
    after = dict(edited.data)
    old_papers = before.pop("publications", None) or []
    new_papers = [p for p in after.pop("publications", []) if p["id"] not in added]
    if before != after or old_papers != new_papers:
        raise CVBuilderError(f"{name}: merging would change existing data; nothing written "
                             "(please report this)")
