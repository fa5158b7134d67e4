"""What a build needs outside Python (TeX, its packages and fonts, a few programs), and the
command that installs each piece on this system.

Why a table: which package brings a LaTeX file differs by system (apt, dnf, pacman,
tlmgr for TeX Live's own installer and MacTeX, MiKTeX on Windows). It lives here once;
`cv-builder doctor` (doctor.py) and the "not installed" errors of a build both read it.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

# --- What a build needs -------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """One thing outside Python that cv-builder uses.

    kind: "program" (looked up on PATH), "tex program" (one that comes with TeX, so
    tlmgr installs it where tlmgr manages TeX), "tex" (a file TeX finds, by kpsewhich),
    "font" (a font family of the XeLaTeX path: the files of latex/fonts.py whose names
    start with one of `prefixes`, also found by kpsewhich) or "cache" (the user cache
    folder). needed_for: None if every build needs it, else the feature that does
    ("--preview", "names and text beyond Latin"), so optional pieces are listed by what
    they give. packages: the install name per package manager.
    """

    name: str
    kind: str
    what: str
    packages: dict[str, str] = field(default_factory=dict)
    needed_for: str | None = None
    otherwise: str = ""  # what to say where no package manager is known
    prefixes: tuple[str, ...] = ()  # for a font family: its files' names start so


# TeX Live's own names (tlmgr, MiKTeX and Fedora's tex(...) provides use them) and the
# distribution packages holding them. Arch splits TeX Live by collection; each collection
# package depends on the ones below it.
def _tex(name: str, what: str, tlmgr: str, apt: str, pacman: str, *,
         needed_for: str | None = None) -> Piece:
    return Piece(name, "tex", what, {"apt": apt, "dnf": f"tex({name})", "pacman": pacman,
                                     "tlmgr": tlmgr, "miktex": tlmgr}, needed_for)


FAST = "fast builds"
SCRIPTS = "names and text beyond Latin (XeLaTeX)"
HYPHENATION = "hyphenation in the record's language"

PIECES: list[Piece] = [
    Piece("pdflatex", "program", "the TeX engine every document is compiled with",
          {"apt": "texlive-latex-base", "dnf": "texlive-scheme-basic",
           "pacman": "texlive-latex", "brew": "--cask basictex"}),
    _tex("article.cls", "LaTeX itself", "latex", "texlive-latex-base", "texlive-latex"),
    _tex("fontenc.sty", "LaTeX itself", "latex", "texlive-latex-base", "texlive-latex"),
    _tex("inputenc.sty", "LaTeX itself", "latex", "texlive-latex-base", "texlive-latex"),
    _tex("textcomp.sty", "LaTeX itself", "latex", "texlive-latex-base", "texlive-latex"),
    _tex("geometry.sty", "page size and margins", "geometry", "texlive-latex-base",
         "texlive-latex"),
    _tex("hyperref.sty", "links and PDF metadata", "hyperref", "texlive-latex-base",
         "texlive-latex"),
    _tex("xcolor.sty", "colours", "xcolor", "texlive-latex-recommended",
         "texlive-latexrecommended"),
    _tex("microtype.sty", "fine spacing", "microtype", "texlive-latex-recommended",
         "texlive-latexrecommended"),
    _tex("enumitem.sty", "bullet lists", "enumitem", "texlive-latex-extra",
         "texlive-latexextra"),
    _tex("glyphtounicode.tex", "a text layer that copies as written", "pdftex",
         "texlive-base", "texlive-basic"),
    _tex("lmodern.sty", "the Latin Modern font (academic CV, research statement)", "lm",
         "lmodern", "texlive-fontsrecommended"),
    _tex("ec-lmr10.tfm", "Latin Modern's metrics", "lm", "lmodern", "texlive-fontsrecommended"),
    _tex("tgheros.sty", "the TeX Gyre Heros font (résumé)", "tex-gyre", "tex-gyre",
         "texlive-fontsrecommended"),
    _tex("ec-qhvr.tfm", "TeX Gyre Heros's metrics", "tex-gyre", "tex-gyre",
         "texlive-fontsrecommended"),
    _tex("mylatexformat.ltx", "precompiled preambles", "mylatexformat", "texlive-latex-extra",
         "texlive-latexextra", needed_for=FAST),
    Piece("cache", "cache", "where precompiled preambles and templates are kept",
          needed_for=FAST),
    Piece("latexmk", "tex program", "another way to run TeX",
          {"apt": "latexmk", "dnf": "latexmk", "pacman": "texlive-binextra", "tlmgr": "latexmk",
           "miktex": "latexmk"}, needed_for="--compiler latexmk"),
    # The XeLaTeX path (latex/fonts.py): a record with characters beyond pdflatex's Latin.
    Piece("xelatex", "tex program", "the TeX engine for text beyond Latin",
          {"apt": "texlive-xetex", "dnf": "texlive-xetex", "pacman": "texlive-xetex",
           "tlmgr": "xetex", "miktex": "xetex"}, needed_for=SCRIPTS),
    Piece("xdvipdfmx", "tex program", "XeTeX's PDF writer",
          {"apt": "texlive-xetex", "dnf": "texlive-xdvipdfmx", "pacman": "texlive-xetex",
           "tlmgr": "dvipdfmx", "miktex": "dvipdfmx"}, needed_for=SCRIPTS),
    _tex("fontspec.sty", "fonts by name under XeLaTeX", "fontspec", "texlive-latex-recommended",
         "texlive-latexrecommended", needed_for=SCRIPTS),
    Piece("fc-query", "program", "which characters each font has",
          {"apt": "fontconfig", "dnf": "fontconfig", "pacman": "fontconfig",
           "brew": "fontconfig"}, needed_for=SCRIPTS),
    Piece("TeX Gyre Heros", "font", "the résumé's font, as OpenType",
          {"apt": "fonts-texgyre", "dnf": "texlive-tex-gyre", "pacman": "texlive-fontsrecommended",
           "tlmgr": "tex-gyre", "miktex": "tex-gyre"}, SCRIPTS, prefixes=("texgyre",)),
    Piece("Latin Modern", "font", "the CV's font, as OpenType",
          {"apt": "fonts-lmodern", "dnf": "texlive-lm", "pacman": "texlive-fontsrecommended",
           "tlmgr": "lm", "miktex": "lm"}, SCRIPTS, prefixes=("lmroman",)),
    Piece("Noto", "font", "Greek, Cyrillic, Hebrew, Arabic and more",
          {"apt": "fonts-noto-core", "dnf": "google-noto-sans-fonts google-noto-serif-fonts "
           "google-noto-sans-hebrew-fonts google-noto-serif-hebrew-fonts "
           "google-noto-sans-arabic-fonts google-noto-naskh-arabic-fonts "
           "google-noto-kufi-arabic-fonts",
           "pacman": "noto-fonts"}, SCRIPTS, prefixes=("NotoSans-", "NotoSerif-", "NotoSansHebrew",
                                                       "NotoSerifHebrew", "NotoSansArabic",
                                                       "NotoNaskhArabic", "NotoKufiArabic"),
          otherwise="install the Noto fonts (https://fonts.google.com/noto)"),
    Piece("Noto CJK", "font", "Chinese, Japanese and Korean",
          {"apt": "fonts-noto-cjk", "dnf": "google-noto-sans-cjk-fonts "
           "google-noto-serif-cjk-fonts", "pacman": "noto-fonts-cjk"}, SCRIPTS,
          prefixes=("NotoSansCJK", "NotoSerifCJK"),
          otherwise="install Noto Sans CJK and Noto Serif CJK (https://fonts.google.com/noto)"),
    Piece("Symbola", "font", "symbols and emoji as text",
          {"apt": "fonts-symbola", "dnf": "gdouros-symbola-fonts"}, SCRIPTS,
          prefixes=("Symbola",), otherwise="install the Symbola font (Arch: ttf-symbola "
                                           "from the AUR)"),
    # Hyphenation patterns of the locales beyond English (record/locales/*.yaml), for a
    # document that hyphenates; without them its words are not broken at all.
    *(_tex(file, f"{language} hyphenation", tlmgr, apt, pacman, needed_for=HYPHENATION)
      for file, language, tlmgr, apt, pacman in (
          ("hyph-de-1996.tex", "German", "hyphen-german", "texlive-lang-german",
           "texlive-langgerman"),
          ("hyph-fr.tex", "French", "hyphen-french", "texlive-lang-french",
           "texlive-langfrench"),
          ("hyph-es.tex", "Spanish", "hyphen-spanish", "texlive-lang-spanish",
           "texlive-langspanish"),
          ("hyph-it.tex", "Italian", "hyphen-italian", "texlive-lang-italian",
           "texlive-langitalian"),
          ("hyph-pt.tex", "Portuguese", "hyphen-portuguese", "texlive-lang-portuguese",
           "texlive-langportuguese"),
          ("hyph-nl.tex", "Dutch", "hyphen-dutch", "texlive-lang-european",
           "texlive-langeuropean"),
          ("hyph-pl.tex", "Polish", "hyphen-polish", "texlive-lang-polish",
           "texlive-langpolish"),
          ("hyph-tr.tex", "Turkish", "hyphen-turkish", "texlive-lang-european",
           "texlive-langeuropean"),
          ("hyph-ru.tex", "Russian", "hyphen-russian", "texlive-lang-cyrillic",
           "texlive-langcyrillic"),
          ("hyph-el-monoton.tex", "Greek", "hyphen-greek", "texlive-lang-greek",
           "texlive-langgreek"))),
    Piece("pdftoppm", "program", "PNG previews of PDFs",
          {"apt": "poppler-utils", "dnf": "poppler-utils", "pacman": "poppler",
           "brew": "poppler"}, needed_for="--preview",
          otherwise="install Poppler, which has pdftoppm"),
]

# The TeX files for which a dnf name is better given by package than by file: fonts'
# metrics are not among Fedora's tex(...) provides.
_FEDORA_FONT = {"ec-lmr10.tfm": "texlive-lm", "ec-qhvr.tfm": "texlive-tex-gyre"}


def piece(name: str) -> Piece | None:
    return next((p for p in PIECES if p.name == name), None)


# --- Where we are: which package manager installs things ----------------------------------------


@dataclass(frozen=True)
class System:
    """This machine as far as installing goes: a name for people, and the managers to use
    for TeX files and for other programs."""

    name: str
    tex: str | None  # apt, dnf, pacman, tlmgr, miktex, or None (unknown)
    programs: str | None  # apt, dnf, pacman, brew, or None
    windows: bool = False  # no sudo there


def detect_system(platform: str | None = None, os_release: str | None = None,
                  pdflatex: str | None = None) -> System:
    """The system from sys.platform, /etc/os-release and where pdflatex lives (TeX Live's
    own installer puts it under .../texlive/2024/bin/..., and then tlmgr manages TeX)."""
    platform = platform or sys.platform
    pdflatex = pdflatex if pdflatex is not None else (shutil.which("pdflatex") or "")
    real = os.path.realpath(pdflatex) if pdflatex else ""
    upstream_tex = bool(re.search(r"[/\\]texlive[/\\]\d{4}[/\\]", real))
    if platform == "darwin":
        return System("macOS", "tlmgr", "brew")
    if platform.startswith("win"):
        miktex = "miktex" in real.lower() or bool(shutil.which("miktex"))
        return System("Windows", "miktex" if miktex else "tlmgr", None, windows=True)
    if os_release is None:
        try:
            os_release = Path("/etc/os-release").read_text(encoding="utf-8", errors="replace")
        except OSError:
            os_release = ""
    fields = dict(re.findall(r'^(\w+)="?([^"\n]*)"?$', os_release, re.M))
    ids = {fields.get("ID", ""), *fields.get("ID_LIKE", "").split()}
    name = fields.get("PRETTY_NAME") or fields.get("NAME") or platform
    manager = next((m for family, m in (("debian", "apt"), ("ubuntu", "apt"),
                                        ("fedora", "dnf"), ("rhel", "dnf"), ("centos", "dnf"),
                                        ("arch", "pacman")) if family in ids), None)
    return System(name, "tlmgr" if upstream_tex else manager, manager)


def install_command(manager: str | None, packages: list[str], windows: bool = False) -> str:
    """The command that installs packages with manager ("" when no manager is known)."""
    if manager != "brew":  # "a b" is two packages ("--cask basictex" is one to brew)
        packages = [name for names in packages for name in names.split()]
    names = " ".join(dict.fromkeys(packages))
    if manager == "apt":
        return f"sudo apt-get install -y --no-install-recommends {names}"
    if manager == "dnf":
        return "sudo dnf install -y " + " ".join(f"'{n}'" if "(" in n else n
                                                 for n in dict.fromkeys(packages))
    if manager == "pacman":
        return f"sudo pacman -S --needed {names}"
    if manager == "brew":
        casks = [p for p in packages if p.startswith("--cask ")]
        formulae = [p for p in packages if not p.startswith("--cask ")]
        return " && ".join([f"brew install {c}" for c in casks]
                           + ([f"brew install {' '.join(formulae)}"] if formulae else []))
    if manager == "tlmgr":
        return f"tlmgr install {names}" if windows else f"sudo tlmgr install {names}"
    if manager == "miktex":
        return f"miktex packages install {names}"
    return ""


def manager_for(item: Piece, system: System) -> str | None:
    """The package manager that installs item here: TeX's own for TeX files (and for
    programs and fonts that come with TeX, where tlmgr or MiKTeX manages it), else the
    system's."""
    if item.kind == "tex" or (item.kind in ("tex program", "font") and item.packages.get(
            system.tex or "") and system.tex in ("tlmgr", "miktex")):
        return system.tex
    return system.programs


def package_for(item: Piece, system: System) -> str | None:
    """The name item is installed by here, or None."""
    manager = manager_for(item, system)
    if manager == "dnf" and item.name in _FEDORA_FONT:
        return _FEDORA_FONT[item.name]
    return item.packages.get(manager or "")


def install_hint(item: Piece, system: System) -> str:
    """How to install one piece here: a command, or what to look for."""
    if item.kind == "cache":
        return ("make the folder writable by you and no one else, or set XDG_CACHE_HOME "
                "to such a folder")
    package = package_for(item, system)
    if package:
        return install_command(manager_for(item, system), [package], system.windows)
    if item.name == "pdflatex":
        if system.windows:
            return "install MiKTeX (https://miktex.org) or TeX Live (https://tug.org/texlive)"
        return "install TeX Live (https://tug.org/texlive) with your system's package manager"
    if item.kind == "tex":
        return f"install the TeX Live package '{item.packages.get('tlmgr', item.name)}'"
    return item.otherwise or f"install {item.name}"


def install_all(*features: str | None, system: System | None = None) -> str:
    """The command (one per package manager) that installs every piece the features need
    (None: what every build needs); `cv-builder doctor` checks which are missing."""
    system = system or detect_system()
    by_manager: dict[str | None, list[str]] = {}
    for item in PIECES:
        package = package_for(item, system) if item.needed_for in features else None
        if package:
            by_manager.setdefault(manager_for(item, system), []).append(package)
    commands = [install_command(manager, packages, system.windows)
                for manager, packages in by_manager.items()]
    return " && ".join(c for c in commands if c) or "see `cv-builder doctor`"


def advice(name: str, system: System | None = None) -> str:
    """For an error about a missing program or TeX file: how to install it here, and
    where to see everything else a build needs."""
    system = system or detect_system()
    item = piece(name)
    if name == "xelatex fonts":
        how = f"Install them with:\n  {install_all(SCRIPTS, system=system)}"
    elif item is not None:
        how = f"Install it with:\n  {install_hint(item, system)}"
    elif name.endswith((".sty", ".cls", ".tfm", ".fd", ".def", ".tex")):
        how = (f"Install the TeX package that has it (TeX Live: `tlmgr search --global "
               f"--file {name}`; Debian and Ubuntu: `apt-file search {name}`).")
    else:
        how = f"Install {name}."
    return f"{how}\n`cv-builder doctor` checks everything a build needs and says how to " \
           "install what is missing."
