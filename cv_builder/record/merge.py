"""A record's `bibliography:` merged into its publications, newest first, with the line
of every record entry kept so errors still point at the record."""

from __future__ import annotations

from pathlib import Path

from ..errors import InvalidInput
from .bibliography import (Bibliography, bib_from_bytes, insert_positions, newest_first,
                           owner_names, same_paper)
from .load import Document
from .named_files import BIB_ADVICE, read_named_file


def with_bibliography(document: Document) -> Document:
    """The document with its `bibliography:` publications merged in, newest first; the
    .bib's warnings ride along in document.warnings. Unchanged without one."""
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("bibliography"), str):
        return document
    _, raw = read_named_file(document, ("bibliography",), data["bibliography"], BIB_ADVICE)
    path = Path(document.file).parent / data["bibliography"]
    return merge_bibliography(document, bib_from_bytes(raw, path, owner_names(data)))


def merge_bibliography(document: Document, bib: Bibliography) -> Document:
    """The document with bib's publications merged in.

    A record entry with a .bib paper's id completes it (the record's fields win); one
    giving only id plus notes/selected adds those and is placed with the .bib's papers;
    a record entry that is the same paper by DOI or title keeps its place and the .bib's
    copy is left out. The .bib's papers go in newest first (year, then month), each
    before the first older record entry.
    """
    data = document.data
    own = data.get("publications")
    own = own if isinstance(own, list) else []
    papers = newest_first(bib.publications, bib.months)
    by_id = {p["id"]: p for p in papers}
    merged, notes, problems = [], {}, []
    for index, entry in enumerate(own):
        partial = isinstance(entry, dict) and not {"authors", "title"} <= set(entry)
        if partial and entry.get("id") in by_id:
            notes[entry["id"]] = index
            continue
        if isinstance(entry, dict) and entry.get("id") in by_id:
            entry = {**by_id.pop(entry["id"]), **entry}
        elif partial:
            problems.append(document.problem(
                ("publications", index, "id"),
                f"{entry.get('id')!r} is not in {bib.file.rsplit('/', 1)[-1]}: give its "
                "authors, title and year here, or add it to the .bib"))
        merged.append((index, entry))
    if problems:
        raise InvalidInput(problems)
    complete = [entry for _, entry in merged]
    for key in [k for k, paper in by_id.items() if k not in notes
                and any(same_paper(entry, paper) for entry in complete)]:
        del by_id[key]  # the record has this paper under its own id: the record's wins
    new = [{**paper, **own[notes[paper["id"]]]} if paper["id"] in notes else paper
           for paper in by_id.values()]
    new_origin = {i: notes.get(paper["id"]) for i, paper in enumerate(new)}
    order = sorted(zip(insert_positions(complete, new), range(len(new))))
    result, old_to_new, taken = [], {}, 0

    def place(i: int) -> None:
        if new_origin[i] is not None:
            old_to_new[new_origin[i]] = len(result)
        result.append(new[i])

    for spot, (index, entry) in enumerate(merged):
        while taken < len(order) and order[taken][0] == spot:
            place(order[taken][1])
            taken += 1
        old_to_new[index] = len(result)
        result.append(entry)
    for _, i in order[taken:]:
        place(i)
    def moved(table: dict) -> dict:
        """A table keyed by path, with the record's publications at their new places."""
        out = {}
        for path, value in table.items():
            if len(path) >= 2 and path[0] == "publications" and isinstance(path[1], int):
                if path[1] not in old_to_new:
                    continue
                path = ("publications", old_to_new[path[1]], *path[2:])
            out[path] = value
        return out

    return Document(document.file, {**data, "publications": result},
                    moved(document.positions), document.warnings + bib.warnings,
                    moved(document.empty), moved(document.raw), moved(document.spilled))
