"""`cv-builder doctor` and the install commands of latex/toolchain.py: every piece a build
needs is checked, and each missing one comes with the command that installs it here."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cv_builder import TEMPLATE_DIR
from cv_builder.latex.doctor import check, font_files, report
from cv_builder.latex.toolchain import (PIECES, SCRIPTS, System, advice, detect_system,
                                        install_all, install_hint, piece)

DEBIAN = System("Debian GNU/Linux 12 (bookworm)", "apt", "apt")


def loaded_by_templates() -> set[str]:
    """Every file the shipped templates load: classes, packages, \\input files."""
    found = set()
    for template in TEMPLATE_DIR.rglob("*.j2"):
        text = template.read_text(encoding="utf-8")
        for kind, names in re.findall(r"\\(usepackage|RequirePackage|documentclass|input)"
                                      r"(?:\[[^\]]*\])?\{([^}]*)\}", text):
            suffix = {"documentclass": ".cls", "input": ".tex"}.get(kind, ".sty")
            found |= {name.strip() + suffix for name in names.split(",") if "(((" not in name}
    return found


def test_every_file_the_templates_load_is_checked():
    """A package added to a template without a line here would fail only on the user's
    machine: this keeps the doctor's list the templates' list."""
    assert loaded_by_templates() <= {p.name for p in PIECES if p.kind == "tex"}


def test_every_font_of_the_xelatex_path_belongs_to_a_checked_family():
    from cv_builder.latex.fonts import ROMAN, SANS, SLOTS

    every = {*ROMAN.files, *SANS.files, *(f for slot in SLOTS for f in slot.files)}
    families = [p for p in PIECES if p.kind == "font"]
    assert set().union(*(font_files(p) for p in families)) == every
    assert all(font_files(p) for p in families)
    assert {p.needed_for for p in families} == {SCRIPTS}


@pytest.mark.parametrize("platform, os_release, pdflatex, expected", [
    ("linux", 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n', "/usr/bin/pdflatex",
     System("Debian GNU/Linux 12 (bookworm)", "apt", "apt")),
    ("linux", 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n', "", System("Ubuntu", "apt", "apt")),
    ("linux", 'NAME="Linux Mint"\nID=linuxmint\nID_LIKE="ubuntu debian"\n', "",
     System("Linux Mint", "apt", "apt")),
    ("linux", 'PRETTY_NAME="Fedora Linux 40"\nID=fedora\n', "", System("Fedora Linux 40", "dnf",
                                                                        "dnf")),
    ("linux", 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\n', "",
     System("Rocky Linux", "dnf", "dnf")),
    ("linux", 'NAME="Arch Linux"\nID=arch\n', "", System("Arch Linux", "pacman", "pacman")),
    ("linux", 'NAME="Manjaro Linux"\nID=manjaro\nID_LIKE=arch\n', "",
     System("Manjaro Linux", "pacman", "pacman")),
    # TeX Live's own installer: tlmgr manages TeX, the system the rest.
    ("linux", 'NAME="Debian"\nID=debian\n', "/usr/local/texlive/2024/bin/x86_64-linux/pdflatex",
     System("Debian", "tlmgr", "apt")),
    ("linux", 'NAME="Alpine"\nID=alpine\n', "", System("Alpine", None, None)),
    ("darwin", "", "", System("macOS", "tlmgr", "brew")),
    ("win32", "", r"C:\texlive\2024\bin\windows\pdflatex.exe",
     System("Windows", "tlmgr", None, windows=True)),
    ("win32", "", r"C:\Program Files\MiKTeX\miktex\bin\x64\pdflatex.exe",
     System("Windows", "miktex", None, windows=True)),
])
def test_detect_system(platform, os_release, pdflatex, expected):
    assert detect_system(platform, os_release, pdflatex) == expected


@pytest.mark.parametrize("system, name, command", [
    (DEBIAN, "pdflatex", "sudo apt-get install -y --no-install-recommends texlive-latex-base"),
    (DEBIAN, "enumitem.sty", "sudo apt-get install -y --no-install-recommends "
                             "texlive-latex-extra"),
    (DEBIAN, "tgheros.sty", "sudo apt-get install -y --no-install-recommends tex-gyre"),
    (DEBIAN, "latexmk", "sudo apt-get install -y --no-install-recommends latexmk"),
    (DEBIAN, "pdftoppm", "sudo apt-get install -y --no-install-recommends poppler-utils"),
    (DEBIAN, "Noto CJK", "sudo apt-get install -y --no-install-recommends fonts-noto-cjk"),
    (System("Fedora", "dnf", "dnf"), "enumitem.sty", "sudo dnf install -y 'tex(enumitem.sty)'"),
    (System("Fedora", "dnf", "dnf"), "ec-qhvr.tfm", "sudo dnf install -y texlive-tex-gyre"),
    (System("Fedora", "dnf", "dnf"), "pdflatex", "sudo dnf install -y texlive-scheme-basic"),
    (System("Arch", "pacman", "pacman"), "enumitem.sty",
     "sudo pacman -S --needed texlive-latexextra"),
    (System("Arch", "pacman", "pacman"), "latexmk", "sudo pacman -S --needed texlive-binextra"),
    (System("macOS", "tlmgr", "brew"), "pdflatex", "brew install --cask basictex"),
    (System("macOS", "tlmgr", "brew"), "enumitem.sty", "sudo tlmgr install enumitem"),
    (System("macOS", "tlmgr", "brew"), "latexmk", "sudo tlmgr install latexmk"),
    (System("macOS", "tlmgr", "brew"), "pdftoppm", "brew install poppler"),
    (System("Windows", "miktex", None, True), "enumitem.sty",
     "miktex packages install enumitem"),
    (System("Windows", "tlmgr", None, True), "tgheros.sty", "tlmgr install tex-gyre"),
    (System("Windows", "tlmgr", None, True), "pdflatex",
     "install MiKTeX (https://miktex.org) or TeX Live (https://tug.org/texlive)"),
])
def test_install_command_for_each_system(system, name, command):
    assert install_hint(piece(name), system) == command


def test_the_xelatex_path_installs_in_one_command_per_manager():
    assert install_all(SCRIPTS, system=DEBIAN) == (
        "sudo apt-get install -y --no-install-recommends texlive-xetex "
        "texlive-latex-recommended fontconfig fonts-texgyre fonts-lmodern fonts-noto-core "
        "fonts-noto-cjk fonts-symbola")
    mac = install_all(SCRIPTS, system=System("macOS", "tlmgr", "brew"))
    assert mac.startswith("sudo tlmgr install xetex dvipdfmx fontspec tex-gyre lm")
    assert "brew install fontconfig" in mac


def test_advice_names_the_command_and_the_doctor():
    text = advice("enumitem.sty", DEBIAN)
    assert "sudo apt-get install -y --no-install-recommends texlive-latex-extra" in text
    assert "`cv-builder doctor`" in text
    unknown = advice("nonesuch.sty", DEBIAN)  # not a file of ours: where to look it up
    assert "tlmgr search --global --file nonesuch.sty" in unknown


def test_report_groups_optional_pieces_by_feature_and_says_what_to_install():
    findings = check()
    missing = [f.piece.name for f in findings if not f.found]
    text, ok = report([f if f.piece.name != "enumitem.sty" else
                       type(f)(f.piece, False, "not found by TeX") for f in findings], DEBIAN)
    assert not ok, missing
    assert "✗ enumitem.sty" in text
    assert text.splitlines()[-1] == ("  sudo apt-get install -y --no-install-recommends "
                                     "texlive-latex-extra")
    headings = [line for line in text.splitlines() if line.endswith(":")]
    assert headings[0] == "needed by every build:"
    assert f"needed for {SCRIPTS}:" in headings and "needed for --preview:" in headings


def run_doctor(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cv_builder", "doctor"], capture_output=True,
                          text=True, env=env, stdin=subprocess.DEVNULL, timeout=60)


def test_doctor_here_finds_everything(tmp_path):
    """This machine (and CI) has all of it, as `make setup` installs it."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    started = time.perf_counter()
    result = run_doctor(env)
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    checked = [line for line in lines if line.startswith(("  ✓", "  ✗"))]
    assert len(checked) == len(PIECES)  # one line per piece
    assert all(line.startswith("  ✓") for line in checked), result.stdout
    assert lines[-1] == "Every required piece is installed."
    assert seconds < 10  # about 0.2 s here; generous for a loaded machine


def test_doctor_without_tex_says_what_to_install_and_exits_1(tmp_path):
    """PATH stripped of TeX (and of everything else): every TeX piece is a ✗ with this
    system's command, and the exit status says a required piece is missing."""
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {**os.environ, "PATH": str(empty), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = run_doctor(env)
    assert result.returncode == 1, result.stdout + result.stderr
    here = detect_system(pdflatex="")
    assert "✗ pdflatex" in result.stdout
    assert install_hint(piece("pdflatex"), here) in result.stdout
    assert "✗ enumitem.sty" in result.stdout and "kpsewhich) is not installed" in result.stdout
    assert "required pieces are missing" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_build_without_tex_points_at_the_doctor(tmp_path, write_record, minimal):
    empty = tmp_path / "bin"
    empty.mkdir()
    path = write_record(minimal)
    env = {**os.environ, "PATH": str(empty), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-m", "cv_builder", "build", "--data", str(path),
                             "--output", str(tmp_path / "out")], capture_output=True, text=True,
                            env=env, stdin=subprocess.DEVNULL, timeout=60)
    assert result.returncode == 1
    assert "pdflatex is not installed" in result.stderr
    assert "`cv-builder doctor`" in result.stderr and "make setup" not in result.stderr
    assert not Path(tmp_path / "out" / "academic-cv.pdf").exists()


def test_doctor_names_a_cache_others_could_change(tmp_path):
    """A cache under a folder anyone may write is not used (its code could be someone
    else's): the doctor says which folder, once, and why."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    result = run_doctor({**os.environ, "XDG_CACHE_HOME": str(shared / "cache")})
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("  ✗ cache")]
    assert f"{shared} is writable by group and others" in line, result.stdout
    assert "note:" not in result.stderr
