"""Files a record names (its `bibliography:`, a variant's `template_dir:`): they must be in
the record's folder, symlinks followed, and a file must be a regular one of at most 20 MB.

Why: a record is untrusted input, and a path in it could otherwise read any file the
user can (another person's .bib, /proc/self/environ) into the PDF, or hang the build
on a FIFO or /dev/zero.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import InvalidInput
from ..files import MB, Refused, kind_of, read_regular
from .load import Document

MAX_FILE_BYTES = 20 * MB


def record_folder(document: Document) -> Path:
    """The folder of the record's file, symlinks resolved."""
    return Path(os.path.realpath(Path(document.file).parent))


def resolve(document: Document, field: tuple, value: str, advice: str,
            folder: bool = False, what: str = "") -> Path:
    """The path value names (relative to the record's folder), resolved, checked to exist,
    to be a regular file (with folder=True, a folder) and to be in the record's folder;
    InvalidInput naming the field otherwise."""
    home = record_folder(document)
    path = Path(os.path.realpath(home / value))
    named = f"{what} {value}" if what else value
    try:
        mode = os.stat(path).st_mode
    except OSError:
        raise InvalidInput([document.problem(field, f"{named} not found (the path is relative "
                                                    f"to the record's folder {home})")]) from None
    if folder and not stat.S_ISDIR(mode):
        raise InvalidInput([document.problem(field, f"{named} is not a folder")])
    if not folder and not stat.S_ISREG(mode):
        raise InvalidInput([document.problem(field, f"{named} is not a regular file "
                                                    f"({kind_of(mode)})")])
    if not path.is_relative_to(home):
        raise InvalidInput([document.problem(field, f"{named} is outside the record's folder "
                                                    f"{home} (symbolic links are followed); "
                                                    + advice)])
    return path


TEMPLATE_FOLDER_ADVICE = "keep the variant's templates in a folder beside the record"
BIB_ADVICE = ("copy the .bib into the record's folder, or add its entries to the record "
              "with `cv-builder import bibtex FILE --into RECORD`")


def read_named_file(document: Document, field: tuple, value: str,
                    advice: str) -> tuple[Path, bytes]:
    """The resolved path and the bytes of a file the record names, checked as resolve()
    does, and at most MAX_FILE_BYTES long."""
    path = resolve(document, field, value, advice)
    try:
        return path, read_regular(path, MAX_FILE_BYTES)
    except Refused as refused:  # changed since resolve() looked
        raise InvalidInput([document.problem(field, f"{value} is {refused.reason}")]) from None
    except OSError as error:
        raise InvalidInput([document.problem(field, f"{value}: cannot read it "
                                                    f"({error.strerror})")]) from None


def files_named(document: Document) -> list[Path]:
    """The files the record names, resolved (those that exist): never templates."""
    data = document.data if isinstance(document.data, dict) else {}
    named = []
    if isinstance(data.get("bibliography"), str):
        named.append(Path(os.path.realpath(record_folder(document) / data["bibliography"])))
    return named
