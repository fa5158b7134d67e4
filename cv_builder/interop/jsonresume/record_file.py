"""`cv-builder import jsonresume`: a resume.json read, converted, checked and written as a
record; a value the record refuses is reported at its line in the resume.json."""

from __future__ import annotations

from pathlib import Path

from ..imported import record_yaml, write_record  # noqa: F401  (record_yaml: tests)
from .read import import_resume
from .source import read_json


def import_file(source: Path, target: Path | None, overwrite: bool = False,
                strict: bool = False) -> tuple[str, list[str]]:
    """Convert the resume.json at source; check the record; write it to target if given.
    Returns the record's YAML text and the warnings."""
    data, positions, warnings = read_json(Path(source))
    conversion = import_resume(data, str(source), positions)
    return write_record(conversion, Path(source), target, positions=positions,
                        warnings=warnings, overwrite=overwrite, strict=strict,
                        command="jsonresume", kind="resume.json")
