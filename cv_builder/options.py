"""What a build is asked to do, and what came of it (standard library only: imported on
the no-op path)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# A variant's name becomes a file name (output/<name>.pdf, a build folder): no paths,
# and short enough for any file system (255 bytes, with ".pdf" and temporary suffixes).
VARIANT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
# The build folder's own files, beside the variants' folders: no variant may be named so.
STAMP_FILE = "stamps.json"
RESERVED_NAMES = frozenset({STAMP_FILE})

DEFAULT_RECORD = Path("data/cv.yaml")
DEFAULT_OUTPUT = Path("output")


@dataclass(frozen=True)
class BuildOptions:
    output: Path = DEFAULT_OUTPUT
    force: bool = False
    strict: bool = False
    jobs: int = 0  # 0: one per core
    compiler: str = "pdflatex"
    precompile: bool = True  # load the shared preamble from a cached TeX format
    preview: bool = False  # a PNG of each PDF's first page beside it
    template_dirs: tuple[str, ...] = ()  # searched before the shipped templates
    letters: tuple[str, ...] = ()  # letter ids: a letter variant makes only these
    application: str | None = None  # a letter id: CVs tailored to it, <variant>-<id>.pdf

    def build_folder(self, variant: str | None = None) -> Path:
        """Where stamps live (output/.build), or one variant's TeX files in it."""
        folder = self.output / ".build"
        return folder / variant if variant else folder


@dataclass
class Outcome:
    """What happened to one variant."""

    name: str
    status: str  # "built", "up to date", "skipped" (nothing to print) or "failed"
    pdf: Path | None = None
    pages: int = 0
    seconds: float = 0.0
    compiles: int = 0
    changes: list[str] = field(default_factory=list)  # what auto-fit changed
    fit_steps: list[str] = field(default_factory=list)  # each auto-fit compile (--verbose)
    error: str = ""
    invalid: bool = False  # failed on the user's input (a template of theirs): exit 2
    note: str = ""  # why it was skipped
    notes: tuple[str, ...] = ()  # choices the selection made for the user
    warnings: tuple[str, ...] = ()  # flaws in the PDF itself (a line into the margin)
    left_out_summary: str = ""  # "9 bullets and 10 papers"
    left_out: tuple[str, ...] = ()  # each of them, for --verbose
    # Problems in the record that did not stop the build (a .bib entry left out),
    # "file:line: ...", on the run's first outcome only: they are the record's, not a PDF's.
    record_warnings: list[str] = field(default_factory=list)
    # The precompiled format, head and engine it was built with, for the next build's
    # early start.
    early_start: tuple[str, str, str] | None = None
    engine: str = ""  # pdflatex or xelatex, for --verbose
    # The programs and font files it was made with (compile.engine_files).
    tools: tuple[str, ...] = ()
