"""`cv-builder doctor`: is every piece a build needs installed here, and if not, the
command that installs it on this system (the pieces and commands: toolchain.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass

from .toolchain import (PIECES, Piece, System, install_command, install_hint, manager_for,
                        package_for)


# --- The check ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    piece: Piece
    found: bool
    detail: str  # where it is, or why not


def check(pieces: list[Piece] | None = None) -> list[Finding]:
    """Look for every piece: programs on PATH, TeX files with one kpsewhich run (in the
    environment builds give TeX), the cache by writing a file into it."""
    pieces = PIECES if pieces is None else pieces
    findings: dict[str, Finding] = {}
    for item in pieces:
        if item.kind in ("program", "tex program"):
            path = shutil.which(item.name)
            findings[item.name] = Finding(item, path is not None, path or "not on PATH")
        elif item.kind == "cache":
            findings[item.name] = _check_cache(item)
    files = {item.name: [item.name] for item in pieces if item.kind == "tex"}
    files.update({item.name: font_files(item) for item in pieces if item.kind == "font"})
    located = _kpsewhich(sorted({f for names in files.values() for f in names}))
    for name, wanted in files.items():
        item = next(p for p in pieces if p.name == name)
        if located is None:
            findings[name] = Finding(item, False, "cannot look: TeX (kpsewhich) is not "
                                                  "installed")
            continue
        missing = [f for f in wanted if f not in located]
        where = located.get(wanted[0], "") if item.kind == "tex" else ", ".join(wanted)
        findings[name] = Finding(item, not missing, f"not found by TeX: {', '.join(missing)}"
                                 if missing else where)
    return [findings[item.name] for item in pieces]


def font_files(item: Piece) -> list[str]:
    """The font files of the XeLaTeX path (latex/fonts.py names them) in item's family."""
    from .fonts import ROMAN, SANS, SLOTS

    every = {*ROMAN.files, *SANS.files, *(f for slot in SLOTS for f in slot.files)}
    return sorted(f for f in every if f.startswith(item.prefixes))


def _kpsewhich(names: list[str]) -> dict[str, str] | None:
    """Where TeX finds each file (one run for all of them); None without kpsewhich."""
    from .compile import tex_environment  # the environment builds give TeX

    program = shutil.which("kpsewhich")
    if program is None:
        return None
    try:
        result = subprocess.run([program, *names], capture_output=True, text=True, timeout=20,
                                stdin=subprocess.DEVNULL, env=tex_environment())
    except (OSError, subprocess.SubprocessError):
        return None
    found = {}
    for line in result.stdout.splitlines():
        base = os.path.basename(line.strip())
        if base in names:
            found.setdefault(base, line.strip())
    return found


def _check_cache(item: Piece) -> Finding:
    """The user cache: writable, and where no one else can change it (else unused)."""
    from .. import refused_caches, usable_cache, user_cache

    folder = user_cache("")
    if usable_cache("") is None:
        return Finding(item, False, refused_caches.pop(str(folder), str(folder)))
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
            pass
    except OSError as error:
        return Finding(item, False, f"{folder}: {error.strerror or error}")
    return Finding(item, True, str(folder))


# --- The report ---------------------------------------------------------------------------------

def report(findings: list[Finding], system: System) -> tuple[str, bool]:
    """The doctor's text, one line per piece (required ones first, then optional ones by
    the feature they serve), and whether every required piece is there."""
    from .. import TEMPLATE_DIR, __version__

    lines = [f"cv-builder {__version__} (Python {sys.version.split()[0]}) on {system.name}",
             f"shipped templates: {TEMPLATE_DIR}"]
    groups: dict[str | None, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.piece.needed_for, []).append(finding)
    width = max(len(f.piece.name) for f in findings)
    missing: dict[str | None, list[str]] = {}
    for needed_for, group in sorted(groups.items(), key=lambda g: g[0] is not None):
        lines.append("needed by every build:" if needed_for is None else
                     f"needed for {needed_for}:")
        for finding in group:
            item = finding.piece
            if finding.found:
                shown = finding.detail if item.kind not in ("tex", "font") else item.what
                lines.append(f"  ✓ {item.name:<{width}}  {shown}")
                continue
            hint = install_hint(item, system)
            lines.append(f"  ✗ {item.name:<{width}}  {item.what}: {finding.detail}; "
                         f"install: {hint}")
            if needed_for is None:
                missing.setdefault(manager_for(item, system), []).append(
                    package_for(item, system) or "")
    ok = not missing
    if ok:
        lines.append("Every required piece is installed.")
    else:
        count = sum(len(v) for v in missing.values())
        lines.append(f"{count} required piece{'s are' if count != 1 else ' is'} missing.")
        commands = [install_command(manager, [p for p in packages if p], system.windows)
                    for manager, packages in missing.items() if manager]
        commands = [c for c in commands if c]
        if commands:
            lines.append("To install them all at once:")
            lines += [f"  {command}" for command in commands]
    return "\n".join(lines), ok
