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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import user_cache
from ..errors import MissingTool
from ..record.charset import parse_ranges



def xetex_install() -> str:
    """The command that installs the XeLaTeX path here (latex/toolchain.py knows the
    packages of each system)."""
    from .toolchain import SCRIPTS, install_all

    return install_all(SCRIPTS)


@dataclass(frozen=True)
class Face:
    """One family in one style: its four font files (None where the font has no such
    face; fontspec then slants or emboldens the upright one)."""

    regular: str
    bold: str | None = None
    italic: str | None = None
    bold_italic: str | None = None
    index: int | None = None  # the face in a .ttc collection

    @property
    def files(self) -> list[str]:
        return [f for f in (self.regular, self.bold, self.italic, self.bold_italic) if f]

    def fontspec(self, extra: str = "", index: int | None = None) -> str:
        """fontspec options and font name for \\newfontfamily or \\setmainfont."""
        options = ["Ligatures=NoCommon"]
        for key, file in (("BoldFont", self.bold), ("ItalicFont", self.italic),
                          ("BoldItalicFont", self.bold_italic)):
            if file:
                options.append(f"{key}={file}")
        if not self.bold:
            options.append("AutoFakeBold=1.5")
        if not self.italic:
            options.append("AutoFakeSlant=0.15")
        index = self.index if index is None else index
        if index is not None:
            options.append(f"FontIndex={index}")
        if extra:
            options.append(extra)
        return "[" + ", ".join(options) + "]{" + self.regular + "}"


@dataclass(frozen=True)
class Slot:
    """A fallback font: a sans and a serif face (chosen by the surrounding text's
    family), the fontspec options it needs, and Unicode ranges it is preferred for."""

    key: str
    sans: Face
    serif: Face
    options: str = ""
    preferred: tuple[tuple[int, int], ...] = ()
    right_to_left: bool = False

    @property
    def files(self) -> list[str]:
        return [*self.sans.files, *self.serif.files]


# The document's own Latin fonts: Latin Modern (roman) and TeX Gyre Heros (sans), as
# OpenType, the same designs pdflatex uses.
ROMAN = Face("lmroman10-regular.otf", "lmroman10-bold.otf", "lmroman10-italic.otf",
             "lmroman10-bolditalic.otf")
SANS = Face("texgyreheros-regular.otf", "texgyreheros-bold.otf", "texgyreheros-italic.otf",
            "texgyreheros-bolditalic.otf")

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
              "NotoSerif-BoldItalic.ttf")),
    Slot("hebrew", Face("NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
         Face("NotoSerifHebrew-Regular.ttf", "NotoSerifHebrew-Bold.ttf"),
         "Script=Hebrew", right_to_left=True),
    Slot("arabic", Face("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
         Face("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
         "Script=Arabic", right_to_left=True),
    Slot("cjk", Face("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc",
                     index=DEFAULT_CJK_INDEX),
         Face("NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc", index=DEFAULT_CJK_INDEX),
         preferred=CJK_BLOCKS),
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


def _charset(path: str, index: int | None) -> str:
    command = ["fc-query", "--format=%{charset}\\n", path]
    if index is not None:
        command[1:1] = ["-i", str(index)]
    out = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                         timeout=30).stdout
    return out.split("\n")[0]


@dataclass(frozen=True)
class Coverage:
    """Which characters the installed fonts have: the Latin fonts together, and each slot
    (every face of it: a character is in a slot only if bold and italic have it too)."""

    main: frozenset[int]
    slots: dict[str, frozenset[int]]

    def slot_for(self, ch: str) -> str | None:
        """'' if the document's own fonts have ch, else the first slot that has it, else None."""
        code = ord(ch)
        if code in self.main:
            return ""
        for key in ORDER:
            slot = SLOT_BY_KEY[key]
            if slot.preferred and code in self.slots[key] and any(
                    start <= code <= end for start, end in slot.preferred):
                return key
        for key in ORDER:
            if code in self.slots[key]:
                return key
        return None


_lock = threading.Lock()


@lru_cache(maxsize=1)
def coverage() -> Coverage:
    """The installed fonts' coverage: fc-query once per font file, then cached by the
    files' paths, sizes and dates (~/.cache/cv-builder/fonts/coverage.json)."""
    require_xelatex()
    with _lock:
        files = sorted({*ROMAN.files, *SANS.files, *(f for s in SLOTS for f in s.files)})
        located = _locate(files)
        missing = [f for f in files if f not in located]
        if missing:
            raise MissingTool(f"the fonts of the XeLaTeX path are not all installed (missing: "
                              f"{', '.join(missing)}). Install them with:\n  {xetex_install()}")
        signature = []
        for name in files:
            info = os.stat(located[name])
            signature.append([located[name], info.st_size, info.st_mtime_ns])
        cache = user_cache("fonts") / "coverage.json"
        stored = _read_json(cache)
        if stored and stored.get("signature") == signature:
            charsets = stored["charsets"]
        else:
            indexes = {f: face.index for slot in SLOTS for face in (slot.sans, slot.serif)
                       for f in face.files}
            charsets = {name: _charset(located[name], indexes.get(name)) for name in files}
            _write_json(cache, {"signature": signature, "charsets": charsets})
    sets = {name: frozenset(parse_ranges(text)) for name, text in charsets.items()}

    def common(names: list[str]) -> frozenset[int]:
        return frozenset.intersection(*(sets[name] for name in names))

    return Coverage(common([*ROMAN.files, *SANS.files]),
                    {slot.key: common(slot.files) for slot in SLOTS})


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def _write_json(path: Path, data: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only cache: fc-query again next time


def declarations(slots_used: set[str], cjk_index: int = DEFAULT_CJK_INDEX) -> str:
    """The preamble lines declaring the fallback fonts a document uses (each costs a font
    load, so only those), and CJK line breaking when it has CJK."""
    lines = []
    for slot in SLOTS:
        if slot.key not in slots_used:
            continue
        for style, face in (("sf", slot.sans), ("rm", slot.serif)):
            index = cjk_index if slot.key == "cjk" else None
            lines.append(f"\\newfontfamily\\cvbf{slot.key}{style}{face.fontspec(slot.options, index)}")
    if "cjk" in slots_used:
        # Chinese and Japanese break between any two characters (ICU's rules), with a
        # little stretch so justified lines can fill.
        lines.append(r'\XeTeXlinebreaklocale "zh"\XeTeXlinebreakskip=0pt plus 1pt\relax')
    return "\n".join(lines)


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
    codes = set(cov.main).union(*cov.slots.values())
    parts = format_ranges(codes)
    lines = [" ".join(parts[i:i + 12]) for i in range(0, len(parts), 12)]
    return ("# Characters the XeLaTeX path's fonts print (fonts.py: Latin Modern, TeX Gyre "
            "Heros,\n# Noto Sans/Serif, Hebrew, Arabic, CJK, Symbola; Debian 12 packages). "
            "Made by `make printable`.\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":  # make printable
    import sys

    sys.stdout.write(printable_table())


def cjk_face_index(record) -> int:
    """Which regional glyph forms CJK text takes: the record's locale's, else Simplified
    Chinese."""
    locale = getattr(record, "locale", None) or ""
    for tag, index in CJK_FACE_INDEX.items():
        if locale == tag or locale.startswith(tag + "-"):
            return index
    if locale.startswith("zh-") and any(x in locale for x in ("TW", "HK", "MO")):
        return CJK_FACE_INDEX["zh-Hant"]
    return DEFAULT_CJK_INDEX
