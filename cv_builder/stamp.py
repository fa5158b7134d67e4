"""Remember what each PDF was built from, so unchanged documents are not compiled again.

Only the standard library is imported here: the "nothing changed" answer must
come before Jinja, pydantic or pypdf are loaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
from pathlib import Path

from . import TEMPLATE_DIR
from .files import MB, Refused, own_folder, read_regular, replace_atomically
from .options import STAMP_FILE, BuildOptions



def digest(*parts: bytes | str) -> str:
    """A hash of the parts, each length-prefixed so boundaries cannot blur."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def tex_identity(compiler: str, engine: str = "pdflatex") -> str:
    """Which TeX: the engine binary's path, size and date (changes when TeX Live is
    updated), and those of its LaTeX format, which the system remakes when a package it
    holds changes (hyphenation patterns of a newly installed language, say)."""
    parts = [compiler]
    for program in (engine, "latexmk" if compiler == "latexmk" else None):
        path = program and shutil.which(program)
        if path:
            info = os.stat(os.path.realpath(path))
            parts.append(f"{os.path.realpath(path)}:{info.st_size}:{info.st_mtime_ns}")
    base = base_format(engine)
    if base:
        parts.append(f"{base}:{file_signature(Path(base))}")
    return "|".join(parts)


BASE_FORMATS = {"pdflatex": ("pdftex", "pdflatex.fmt"), "xelatex": ("xetex", "xelatex.fmt")}


def base_format(engine: str) -> str | None:
    """Where the engine's own LaTeX format is (what our formats are made from): asked of
    kpsewhich once (30 ms), then remembered in the user cache while the file is there."""
    if engine not in BASE_FORMATS:
        return None
    from . import usable_cache

    folder = usable_cache("formats")  # None: a cache others could change, not read
    remembered = folder / "base-formats.json" if folder is not None else None
    known = {}
    try:  # a cache file: not trusted to be a file, small, or JSON
        if remembered is not None:
            known = json.loads(read_regular(remembered, MB, follow=False))
            path = known.get(engine) if isinstance(known, dict) else None
            if isinstance(path, str) and os.path.isfile(path):
                return path
    except (OSError, ValueError):
        known = {}
    import subprocess  # only when the cache does not know: not on the quick path

    program, name = BASE_FORMATS[engine]
    try:
        found = subprocess.run(["kpsewhich", f"-engine={program}", name], capture_output=True,
                               text=True, stdin=subprocess.DEVNULL, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if not found:
        return None
    try:
        known = known if isinstance(known, dict) else {}
        if remembered is not None:
            replace_atomically(remembered, json.dumps({**known, engine: found}))
    except OSError:
        pass
    return found


def file_signature(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def files_signature(paths) -> str:
    """Which version of each file (path, size, date): for the programs and fonts a
    document is made with, too big to hash on every build, and changed by an update."""
    return "|".join(f"{path}:{file_signature(Path(path))}" for path in paths)


def inputs_digest(data: Path, template_roots: list[Path], extra: str) -> str:
    """Everything a build reads besides TeX itself: record, templates, package, options."""
    package = Path(__file__).resolve().parent
    files = [data]
    # An installed package holds the shipped templates: hashed with it, not twice.
    roots = [root for root in template_roots if not root.is_relative_to(package)]
    for root in [*roots, package]:
        if root.is_file():
            files.append(root)
        elif root.is_dir():
            files += sorted(p for p in root.rglob("*")
                            if p.is_file() and p.suffix in (".j2", ".py", ".yaml", ".tex", ".bib"))
    parts: list[bytes | str] = [extra]
    for path in files:
        try:
            data = read_regular(path, MAX_INPUT_BYTES)
        except (OSError, Refused) as error:  # a FIFO, a device, too large: its name only
            data = f"not read: {getattr(error, 'reason', None) or error.strerror}"
        parts += [str(path), data]
    return digest(*parts)


MAX_INPUT_BYTES = 20 * MB


class Stamp:
    """The stamps file in the build folder: per variant, the key it was built from."""

    def __init__(self, folder: Path, tex: str, version: str, entries: dict):
        self.folder = folder
        self.tex = tex
        self.version = version
        self.entries = entries
        self._lock = threading.Lock()

    @classmethod
    def load(cls, folder: Path, tex: str, version: str) -> "Stamp":
        try:  # found in the output folder: not trusted to be a file, small, or JSON
            entries = json.loads(read_regular(folder / STAMP_FILE, 16 * MB, follow=False))
            if not isinstance(entries, dict):
                entries = {}
        except (OSError, ValueError):
            entries = {}
        return cls(folder, tex, version, entries)

    def key_for(self, name: str, tex: str, options, tools=(), fitting: str = "") -> str:
        """What the PDF is made from: its source, TeX, cv-builder, the options, the tools
        (engine programs, font files) this document's engine reads, and fitting: what
        auto-fit works to (the page limit and the fit bounds), which change the PDF but
        not the source it starts from."""
        return digest(tex, self.tex, self.version, options.compiler, str(options.strict),
                      files_signature(tools), fitting)

    def is_current(self, name: str, key: str, target: Path) -> bool:
        entry = self.entries.get("variants", {}).get(name)
        return bool(entry) and entry.get("key") == key and entry.get("pdf") == file_signature(target)

    def pages(self, name: str) -> int:
        return self.entries.get("variants", {}).get(name, {}).get("pages", 0)

    def changes(self, name: str) -> list[str]:
        return self.entries.get("variants", {}).get(name, {}).get("changes", [])

    def record(self, name: str, key: str, target: Path, pages: int, changes: list[str],
               skipped: str = "") -> None:
        """Remember a build; skipped: why there was nothing to build (the PDF's signature,
        if an earlier one is there, is kept, so that the no-op check still holds)."""
        with self._lock:
            entry = {"key": key, "pdf": file_signature(target), "pages": pages,
                     "changes": changes}
            if skipped:
                entry["skipped"] = skipped
            self.entries.setdefault("variants", {})[name] = entry

    def extra_inputs(self, data: Path) -> list[Path] | None:
        """Files and folders besides the record that the last build read (a .bib, own
        templates), so the cheap check hashes them too; None if the stamps name one
        outside the record's folder, where no build reads (a planted stamps file naming
        / would have the check read the whole disk)."""
        home = os.path.realpath(data.parent)
        extra = [Path(p) for p in (self.entries.get("inputs") or {}).get("extra", [])
                 if isinstance(p, str)]
        if not all(Path(os.path.realpath(p)).is_relative_to(home) for p in extra):
            return None
        return extra

    def tools(self) -> list[str]:
        """The programs and font files the last build's documents were made with, so the
        cheap check sees an update of XeLaTeX or of a font (by size and date)."""
        tools = (self.entries.get("inputs") or {}).get("tools", [])
        return [p for p in tools if isinstance(p, str)] if isinstance(tools, list) else []

    def remember_inputs(self, inputs: str, names: list[str], complete: bool,
                        every_variant: bool, extra: list[Path] = (),
                        expands: dict[str, list[str]] | None = None, tools=()) -> None:
        """After a build where every PDF succeeded, the cheap no-op check may trust it.
        expands: a letter variant's name and the PDFs it made (one per letter); tools:
        the programs and font files its documents were made with."""
        last = self.entries.get("inputs") or {}
        if not complete:
            self.entries["inputs"] = {}
        elif (last.get("digest") == inputs and last.get("extra") == [str(p) for p in extra]
              and last.get("tools", []) == list(tools)):
            last["names"] = sorted(set(last.get("names", [])) | set(names))
            last["all"] = last.get("all", False) or every_variant
            last["expands"] = {**last.get("expands", {}), **(expands or {})}
        else:
            self.entries["inputs"] = {"digest": inputs, "names": names, "all": every_variant,
                                      "extra": [str(p) for p in extra],
                                      "expands": expands or {}, "tools": list(tools)}

    def unchanged(self, inputs: str, names: list[str] | None,
                  output: Path) -> list[tuple[str, str]] | None:
        """The variant names, each with why it was skipped ("" if it was built), if the
        last complete build had these very inputs and its PDFs are untouched; else None."""
        last = self.entries.get("inputs") or {}
        if last.get("digest") != inputs:
            return None
        built = last.get("names", [])
        if not names and not last.get("all"):
            return None
        expands = last.get("expands", {})
        wanted = [one for name in names for one in expands.get(name, [name])] if names else built
        if not set(wanted) <= set(built):
            return None
        for name in wanted:
            entry = self.entries.get("variants", {}).get(name)
            if not entry or entry.get("pdf") != file_signature(output / f"{name}.pdf"):
                return None
        variants = self.entries["variants"]
        return [(name, variants[name].get("skipped", "")) for name in wanted]

    def save(self) -> None:
        """Written under a fresh name and renamed over the old (a planted file or symlink
        in the build folder is replaced, never written through)."""
        replace_atomically(own_folder(self.folder) / STAMP_FILE,
                           json.dumps(self.entries, indent=1, sort_keys=True))


def watched_paths(options: BuildOptions) -> list[Path]:
    """The template folders a build reads (the record and the package come on top)."""
    return [TEMPLATE_DIR, *map(Path, options.template_dirs)]


def inputs_for(data: Path, options: BuildOptions, extra: list[Path], tools=()) -> str:
    """The digest of everything a build of data reads, and of the options that change
    its PDFs (not --preview: a PNG is made from a PDF, see runner.build_record): what the
    no-op check compares. tools: programs and fonts, by version."""
    tex = tex_identity(options.compiler)
    key = f"{options.compiler}|{options.strict}|{tex}|{files_signature(tools)}"
    return inputs_digest(data, [*watched_paths(options), *extra], key)


def up_to_date(data: Path, names: list[str] | None,
               options: BuildOptions) -> list[tuple[str, str]] | None:
    """The variants to report as up to date if nothing they are built from changed since
    the last complete build, else None: the whole no-op check, standard library only."""
    if options.force or options.letters or options.application:
        return None  # particular PDFs asked for: the build checks each one
    stamp = Stamp.load(options.build_folder(), tex_identity(options.compiler), "")
    extra = stamp.extra_inputs(data)
    if extra is None:
        return None
    return stamp.unchanged(inputs_for(data, options, extra, stamp.tools()), names,
                           options.output)
