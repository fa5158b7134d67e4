"""The fonts of the XeLaTeX path, in fallback order, and which characters each one has.

Why Python decides the font of each run of text (and not ucharclasses or xeCJK):
the escaper sees every record string anyway, the choice comes from the fonts' own
character maps (fc-query, cached), and it handles gaps inside a script (ẞ is not in
TeX Gyre Heros) that block-based switching cannot. See ../shared/UNICODE-SPIKE.md.

Every font name here is fixed: nothing in a record can name a font or a font file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import usable_cache
from ..files import MB, read_regular, replace_atomically
from ..errors import MissingTool


def xetex_install() -> str:
    """The command that installs the XeLaTeX path here (latex/toolchain.py knows the
    packages of each system)."""
    from .toolchain import SCRIPTS, install_all

    return install_all(SCRIPTS)


@dataclass(frozen=True)
class Face:
    """One family in one design: its four font files (None where the font has no such
    face: XeTeX then emboldens or slants the upright one)."""

    regular: str
    bold: str | None = None
    italic: str | None = None
    bold_italic: str | None = None
    collection: bool = False  # a .ttc, whose face (regional forms) each document picks

    @property
    def files(self) -> list[str]:
        return [f for f in (self.regular, self.bold, self.italic, self.bold_italic) if f]

    def shapes(self, family: str, script: str, index: int | None = None,
               scale: float | None = None) -> list[str]:
        """NFSS declarations of the family (TU encoding), in XeTeX's own font syntax: the
        file (and face, in a collection), OpenType script, no ligature glyphs (they would
        extract as U+FB0x), fake bold or slant where the font has no such face, and the
        scale it is set at (NFSS's s*[...]). Declaring loads nothing: a font is opened
        when text first selects it, at the size it is used."""
        scaled = f"s*[{scale:.3f}]" if scale else ""

        def spec(file: str, fake: str = "") -> str:
            index_part = f":{index}" if index is not None else ""
            return (f'<->{scaled}"[{file}{index_part}]/OT:script={script};language=dflt;'
                    f'-liga;{fake}"')

        bold = spec(self.bold) if self.bold else spec(self.regular, "embolden=1.5;")
        italic = spec(self.italic) if self.italic else spec(self.regular, "slant=0.15;")
        bold_italic = (spec(self.bold_italic) if self.bold_italic
                       else spec(self.bold, "slant=0.15;") if self.bold
                       else spec(self.regular, "embolden=1.5;slant=0.15;"))
        lines = [f"\\DeclareFontFamily{{TU}}{{{family}}}{{}}"]
        for series, shape, size in (("m", "n", spec(self.regular)), ("b", "n", bold),
                                    ("m", "it", italic), ("b", "it", bold_italic),
                                    ("bx", "n", f"<->ssub*{family}/b/n"),
                                    ("bx", "it", f"<->ssub*{family}/b/it"),
                                    ("m", "sl", f"<->ssub*{family}/m/it"),
                                    ("b", "sl", f"<->ssub*{family}/b/it"),
                                    ("bx", "sl", f"<->ssub*{family}/b/it")):
            lines.append(f"\\DeclareFontShape{{TU}}{{{family}}}{{{series}}}{{{shape}}}{{{size}}}{{}}")
        return lines


@dataclass(frozen=True)
class Slot:
    """A fallback font: a sans and a serif face (chosen by the surrounding text's
    family), the OpenType script it is shaped as, and Unicode ranges it is preferred for."""

    key: str
    sans: Face
    serif: Face
    script: str = "latn"
    preferred: tuple[tuple[int, int], ...] = ()
    right_to_left: bool = False
    # What a run in this font sets inside its group (say, where lines may break).
    setup: str = ""
    # A slot with more characters for a run this one cannot set whole (Arabic letters
    # join within a word, so a run is never split between two fonts).
    wider: str | None = None
    # Set at the size where its x-height is the document font's (fontspec's
    # Scale=MatchLowercase): Noto's small letters are a quarter taller than Latin
    # Modern's, and looked a size larger beside them.
    match_x_height: bool = False

    def scale(self, style: str) -> float | None:
        """The size factor of its sans ("sf", beside TeX Gyre Heros) or serif ("rm",
        beside Latin Modern) face."""
        if not self.match_x_height:
            return None
        main, own = (SANS, self.sans) if style == "sf" else (ROMAN, self.serif)
        return X_HEIGHTS[main.regular] / X_HEIGHTS[own.regular]

    @property
    def files(self) -> list[str]:
        return [*self.sans.files, *self.serif.files]


# The document's own Latin fonts: Latin Modern (roman) and TeX Gyre Heros (sans), as
# OpenType, the same designs pdflatex uses.
ROMAN = Face("lmroman10-regular.otf", "lmroman10-bold.otf", "lmroman10-italic.otf",
             "lmroman10-bolditalic.otf")
SANS = Face("texgyreheros-regular.otf", "texgyreheros-bold.otf", "texgyreheros-italic.otf",
            "texgyreheros-bolditalic.otf")

# x-heights in em (OS/2 sxHeight, which XeTeX reads as \fontdimen5 and fontspec's
# MatchLowercase compares) of the Latin fonts and of the fallback faces scaled to them;
# tests/latex/test_scripts.py measures them in the installed fonts.
X_HEIGHTS = {"lmroman10-regular.otf": 0.431, "texgyreheros-regular.otf": 0.524,
             "NotoSans-Regular.ttf": 0.536, "NotoSerif-Regular.ttf": 0.536,
             "NotoSansHebrew-Regular.ttf": 0.536, "NotoSerifHebrew-Regular.ttf": 0.536}

CJK_BLOCKS = ((0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x2FF0, 0x303F), (0x3040, 0x9FFF),
              (0xA960, 0xA97F), (0xAC00, 0xD7FF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F),
              (0xFF00, 0xFFEF), (0x20000, 0x3FFFF))
# Noto Sans CJK's collection: one face per region's glyph forms.
CJK_FACE_INDEX = {"ja": 0, "ko": 1, "zh-Hans": 2, "zh-Hant": 3, "zh-HK": 4}
DEFAULT_CJK_INDEX = 2  # Simplified Chinese forms

# In fallback order: the first slot with a character gets it (a slot's preferred
# ranges go first: CJK punctuation to the CJK font even where Symbola has it).
SLOTS = (
    Slot("noto", Face("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf",
                      "NotoSans-BoldItalic.ttf"),
         Face("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf",
              "NotoSerif-BoldItalic.ttf"), match_x_height=True),
    # Hebrew has no small letters; Noto Hebrew shares Noto's x-height (its letters'
    # height), so it is scaled as Noto is, and the two sit alike beside the text.
    Slot("hebrew", Face("NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
         Face("NotoSerifHebrew-Regular.ttf", "NotoSerifHebrew-Bold.ttf"),
         "hebr", right_to_left=True, match_x_height=True),
    # Noto Kufi Arabic maps its joined forms to no code point, so xdvipdfmx writes each
    # glyph's letter (U+06xx) in the text layer; Noto Sans/Naskh Arabic map them to the
    # presentation forms (U+FExx), which PDF readers then extract. Those stand in only
    # for a run with a letter Kufi lacks (rare letters of Arabic Supplement and Extended).
    Slot("arabic", Face("NotoKufiArabic-Regular.ttf", "NotoKufiArabic-Bold.ttf"),
         Face("NotoKufiArabic-Regular.ttf", "NotoKufiArabic-Bold.ttf"),
         "arab", right_to_left=True, wider="arabicwide"),
    Slot("arabicwide", Face("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
         Face("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
         "arab", right_to_left=True),
    # Chinese and Japanese break between any two characters (ICU's rules), with a little
    # stretch so justified lines can fill; only inside CJK runs, so Latin text keeps
    # TeX's own breaks.
    Slot("cjk", Face("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc", collection=True),
         Face("NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc", collection=True),
         preferred=CJK_BLOCKS,
         setup=r'\XeTeXlinebreaklocale "zh"\XeTeXlinebreakskip=0pt plus 1pt\relax'),
    Slot("symbols", Face("Symbola_hint.ttf"), Face("Symbola_hint.ttf")),
)
SLOT_BY_KEY = {slot.key: slot for slot in SLOTS}
# Symbols before CJK: ★ ☎ are in both, and Symbola's are the ones that look like text.
ORDER = ("noto", "hebrew", "arabic", "symbols", "cjk")


def require_xelatex() -> None:
    """The one error for a document that needs XeLaTeX where it is not installed."""
    missing = [p for p in ("xelatex", "xdvipdfmx") if shutil.which(p) is None]
    if missing:
        raise MissingTool(f"this record has characters beyond Latin, so its documents are made "
                          f"with XeLaTeX, which is not installed ({', '.join(missing)} not "
                          f"found). Install it and its fonts (about 170 MB) with:\n  "
                          f"{xetex_install()}\n`cv-builder doctor` checks everything a build "
                          "needs.")


def _locate(files: list[str]) -> dict[str, str]:
    """Where kpathsea (which XeTeX asks) finds each font file."""
    found = subprocess.run(["kpsewhich", *files], capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=30).stdout.split("\n")
    by_name = {Path(path).name: path for path in found if path}
    return {name: by_name[name] for name in files if name in by_name}


def _charset(path: str, collection: bool) -> str:
    command = ["fc-query", "--format=%{charset}\\n", path]
    if collection:  # every face of Noto's CJK collection has the same characters
        command[1:1] = ["-i", "0"]
    out = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                         timeout=30).stdout
    return out.split("\n")[0]


class Ranges:
    """A set of code points as sorted (start, end) ranges, as fc-query writes them: a
    membership test is a bisection, so no CJK font's 44,000 characters are ever
    expanded into a Python set."""

    def __init__(self, text: str):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for part in text.split():
            start, _, end = part.partition("-")
            self.starts.append(int(start, 16))
            self.ends.append(int(end or start, 16))
            if not (self.starts[-1] <= self.ends[-1] <= 0x10FFFF) or (
                    len(self.ends) > 1 and self.starts[-1] <= self.ends[-2]):
                raise ValueError(f"not sorted ranges of code points: {part!r}")

    def __contains__(self, code: int) -> bool:
        i = bisect_right(self.starts, code) - 1
        return i >= 0 and code <= self.ends[i]

    def codes(self) -> set[int]:
        return {c for s, e in zip(self.starts, self.ends) for c in range(s, e + 1)}


@dataclass(frozen=True, eq=False)
class Coverage:
    """Which characters the installed fonts have: the Latin fonts together, and each slot
    (every face of it: a character is in a slot only if bold and italic have it too);
    and where each font file is, with its size and date (see files_used)."""

    charsets: dict[str, Ranges]
    signature: dict[str, tuple[str, int, int]]  # file name -> (path, size, mtime_ns)

    def _in_all(self, code: int, files: list[str]) -> bool:
        return all(code in self.charsets[name] for name in files)

    def has(self, key: str, ch: str) -> bool:
        """Whether slot key itself (not its wider one) has ch."""
        return self._in_all(ord(ch), SLOT_BY_KEY[key].files)

    def _in_slot(self, code: int, slot: Slot) -> bool:
        return self._in_all(code, slot.files) or bool(
            slot.wider and self._in_all(code, SLOT_BY_KEY[slot.wider].files))

    @lru_cache(maxsize=4096)
    def slot_for(self, ch: str) -> str | None:
        """'' if the document's own fonts have ch, else the first slot that has it, else None."""
        code = ord(ch)
        if self._in_all(code, LATIN_FILES):
            return ""
        for key in ORDER:
            slot = SLOT_BY_KEY[key]
            if slot.preferred and any(start <= code <= end for start, end in slot.preferred) \
                    and self._in_slot(code, slot):
                return key
        for key in ORDER:
            if self._in_slot(code, SLOT_BY_KEY[key]):
                return key
        return None

    def slot_with_all(self, word: str) -> str | None:
        """'' if the document's own fonts have every character of word, else the first
        slot that has them all (its preferred ranges first, as slot_for), else None."""
        codes = [ord(ch) for ch in word]
        if all(self._in_all(code, LATIN_FILES) for code in codes):
            return ""
        preferred = [key for key in ORDER if any(
            start <= code <= end for code in codes for start, end in SLOT_BY_KEY[key].preferred)]
        for key in dict.fromkeys([*preferred, *ORDER]):
            if all(self._in_slot(code, SLOT_BY_KEY[key]) for code in codes):
                return key
        return None

    def files_used(self, slots: set[str]) -> list[tuple[str, int, int]]:
        """(path, size, mtime) of the font files a document with these slots may load:
        what its PDF depends on besides TeX, for the up-to-date check."""
        names = [*LATIN_FILES, *(f for s in SLOTS if s.key in slots for f in s.files)]
        return [self.signature[name] for name in dict.fromkeys(names)]


LATIN_FILES = [*ROMAN.files, *SANS.files]
ALL_FILES = sorted({*LATIN_FILES, *(f for s in SLOTS for f in s.files)})
_lock = threading.Lock()


def _stat(path: str) -> tuple[str, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (path, info.st_size, info.st_mtime_ns)


@lru_cache(maxsize=1)
def coverage() -> Coverage:
    """The installed fonts' coverage: fc-query once per font file, then cached with the
    files' paths, sizes and dates (~/.cache/cv-builder/fonts/charsets.json). While every
    stored file is still there unchanged, the cache answers without asking kpathsea."""
    require_xelatex()
    with _lock:
        folder = usable_cache("fonts")
        cache = folder / "charsets.json" if folder is not None else None
        stored = (_read_json(cache) if cache is not None else None) or {}
        paths = stored.get("paths") if isinstance(stored.get("paths"), dict) else {}
        signature = {name: _stat(paths[name]) if isinstance(paths.get(name), str) else None
                     for name in ALL_FILES}
        ranges = None
        if None not in signature.values() and stored.get("signature") == _jsonable(signature):
            ranges = _stored_ranges(stored.get("charsets"))
        if ranges is None:
            located = _locate(ALL_FILES)
            missing = [f for f in ALL_FILES if f not in located]
            if missing:
                raise MissingTool(f"the fonts of the XeLaTeX path are not all installed "
                                  f"(missing: {', '.join(missing)}). Install them with:\n  "
                                  f"{xetex_install()}")
            signature = {name: _stat(located[name]) for name in ALL_FILES}
            collections = {f for slot in SLOTS for face in (slot.sans, slot.serif)
                           if face.collection for f in face.files}
            charsets = {name: _charset(located[name], name in collections)
                        for name in ALL_FILES}
            _write_json(cache, {"paths": located, "signature": _jsonable(signature),
                                "charsets": charsets})
            ranges = {name: Ranges(charsets[name]) for name in ALL_FILES}
    return Coverage(ranges, signature)


def _stored_ranges(charsets) -> dict[str, "Ranges"] | None:
    """The cached charsets, read; None if any is missing or not fc-query's ranges (a
    damaged cache file is read again from the fonts, never trusted to parse)."""
    if not isinstance(charsets, dict):
        return None
    try:
        return {name: Ranges(charsets[name]) for name in ALL_FILES}
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _jsonable(signature: dict) -> dict:
    return {name: list(value) if value else None for name, value in signature.items()}


def _read_json(path: Path) -> dict | None:
    try:  # a cache file: not trusted to be a file, small, or JSON
        data = json.loads(read_regular(path, 16 * MB, follow=False))
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def _write_json(path: Path | None, data: dict) -> None:
    if path is None:
        return  # no cache of this user's: fc-query again next time
    try:
        replace_atomically(path, json.dumps(data))
    except OSError:
        pass  # a read-only cache: fc-query again next time


@lru_cache(maxsize=1)
def family_declarations() -> str:
    """The fonts of the XeLaTeX path as NFSS families, for the precompiled format: the
    Latin ones as \\rmdefault and \\sfdefault, and cvb<slot>sf / cvb<slot>rm for each
    fallback slot, with the commands that select them (\\cvbf<slot>sf ...) and each
    slot's setup (\\cvbsetup<slot>). Nothing is loaded until text uses it, so a document
    pays for the faces it prints and no others. A collection's families are declared
    per document (collection_declarations): NFSS fixes a font's name when declared."""
    lines = [*ROMAN.shapes("cvbrm", "latn"), *SANS.shapes("cvbsf", "latn"),
             r"\renewcommand{\rmdefault}{cvbrm}\renewcommand{\sfdefault}{cvbsf}"]
    for slot in SLOTS:
        for style, face in (("sf", slot.sans), ("rm", slot.serif)):
            family = f"cvb{slot.key}{style}"
            if not face.collection:
                lines += face.shapes(family, slot.script, scale=slot.scale(style))
            lines.append(f"\\newcommand{{\\cvbf{slot.key}{style}}}{{\\fontfamily{{{family}}}"
                         f"\\selectfont}}")
        lines.append(f"\\newcommand{{\\cvbsetup{slot.key}}}{{{slot.setup}}}")
    return "\n".join(lines)


def collection_declarations(locale: str | None) -> str:
    """The families whose font is a collection (Noto CJK), in the face of the locale's
    regional forms."""
    index = cjk_face_index(locale)
    return "\n".join(line for slot in SLOTS for style, face in (("sf", slot.sans),
                                                                ("rm", slot.serif))
                     if face.collection
                     for line in face.shapes(f"cvb{slot.key}{style}", slot.script, index))


def format_ranges(codes: set[int] | frozenset[int]) -> list[str]:
    """Code points as fc-query writes them: '20-7e', 'a0', ..."""
    parts, ordered = [], sorted(codes)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        parts.append(f"{ordered[i]:x}" if i == j else f"{ordered[i]:x}-{ordered[j]:x}")
        i = j + 1
    return parts


def printable_table() -> str:
    """The text of charset.PRINTABLE_FILE for the fonts installed here: everything the
    Latin fonts or a fallback slot has. Refresh with `make printable` after a font change."""
    cov = coverage()

    def common(files: list[str]) -> set[int]:
        return set.intersection(*(cov.charsets[name].codes() for name in files))

    codes = common(LATIN_FILES).union(*(common(slot.files) for slot in SLOTS))
    parts = format_ranges(codes)
    lines = [" ".join(parts[i:i + 12]) for i in range(0, len(parts), 12)]
    return ("# Characters the XeLaTeX path's fonts print (fonts.py: Latin Modern, TeX Gyre "
            "Heros,\n# Noto Sans/Serif, Hebrew, Arabic, CJK, Symbola; Debian 12 packages). "
            "Made by `make printable`.\n" + "\n".join(lines) + "\n")


def cjk_face_index(locale: str | None) -> int:
    """Which regional glyph forms CJK text takes: the locale's, else Simplified Chinese."""
    locale = locale or ""
    for tag, index in CJK_FACE_INDEX.items():
        if locale == tag or locale.startswith(tag + "-"):
            return index
    if locale.startswith("zh-") and any(x in locale for x in ("TW", "HK", "MO")):
        return CJK_FACE_INDEX["zh-Hant"]
    return DEFAULT_CJK_INDEX


if __name__ == "__main__":  # make printable
    import sys

    sys.stdout.write(printable_table())
