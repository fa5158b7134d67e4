"""Characters in a record: what a string is once cleaned, and which characters each
engine can set: pdflatex exactly, or the XeLaTeX path's fonts.

PDFLATEX_RANGES is generated from TeX Live 2022's t1enc, ts1enc, ot1enc and omsenc .dfu
files (the \\DeclareUnicodeCharacter lines) plus printable ASCII; PRINTED_AS_SYMBOLS
are a few more that latex/escape.py sets as symbols. A document whose every character
is in that set, and not in TEXT_LAYER_INEXACT, is made with pdflatex; any other with
XeLaTeX. printable.txt is what the XeLaTeX path's shipped fonts cover together.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from functools import lru_cache
from pathlib import Path

# Characters pdflatex cannot set from UTF-8 input that we print as symbols anyway
# (latex/escape.SYMBOLS says how).
PRINTED_AS_SYMBOLS = frozenset("\u2264\u2265\u2260\u2248\u00b1\u00d7\u2192\u2190\u221e\u2212\u2026")

# RFC 3986 characters; anything else in an address is percent-encoded.
URL_SAFE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
               "-._~:/?#[]@!$&'()*+,;=%")

_ASCII_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")

# Presentation forms a font may or may not have but every PDF reader extracts as
# their letters ("ﬁ" as "fi"): written as the letters, what the reader gets is what
# the record says. Variation selectors choose colour or text emoji; we print text.
_SPELLED_OUT = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                "\ufb04": "ffl", "\ufb05": "\u017ft", "\ufb06": "st", "\ufe0e": "",
                "\ufe0f": ""}


def clean(text: str) -> str:
    """Drop the BOM, control characters and emoji variation selectors (tabs become
    spaces), spell out ligature characters, then NFC-normalise. A joiner or a
    direction mark where it has a job (kept_invisible) is kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii() and not _ASCII_CONTROL.search(text):
        return text  # most strings: nothing to drop, and ASCII is already NFC
    if not JOINERS.isdisjoint(text):  # drop the joiners with no job; keep the others
        refused = set(_hidden_at(text))
        text = "".join(ch for i, ch in enumerate(text) if i not in refused)
    out = []
    for ch in text:
        if ch == "\t":
            out.append(" ")
        elif ch == "\n":
            out.append(ch)
        elif ch in _SPELLED_OUT:
            out.append(_SPELLED_OUT[ch])
        elif ch == "\u00ad":
            out.append(ch)  # a soft hyphen: where a word may break (a hyphen if it does)
        elif ch == "\ufeff" or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            # Kept: a joiner where it shapes its letters; a direction mark, which
            # validation refused where it has no job (kept here where a piece of markup,
            # '**עברית**', parts it from the letters around it).
            if ch in KEPT_INVISIBLE:
                out.append(ch)
        else:
            out.append(ch)
    # Last, so that removing a control character cannot leave a combining accent loose.
    return unicodedata.normalize("NFC", "".join(out))


_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def without_controls(text: str) -> str:
    """The text without the C0 and C1 control characters the PDF drops (clean), line breaks
    and tabs kept: what an export writes, so that a file made from a record carries no
    ESC sequence to the terminal or the program that shows it."""
    return _CONTROLS.sub("", text)


PDFLATEX_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),
    (0x00A0, 0x0125),
    (0x0128, 0x0137),
    (0x0139, 0x013E),
    (0x0141, 0x0148),
    (0x014A, 0x0165),
    (0x0168, 0x017E),
    (0x0192, 0x0192),
    (0x01C4, 0x01D4),
    (0x01E2, 0x01E3),
    (0x01E6, 0x01EB),
    (0x01F0, 0x01F0),
    (0x01F4, 0x01F5),
    (0x0218, 0x021B),
    (0x0232, 0x0233),
    (0x0237, 0x0237),
    (0x02C7, 0x02C7),
    (0x02D8, 0x02D9),
    (0x02DB, 0x02DB),
    (0x02DD, 0x02DD),
    (0x0E3F, 0x0E3F),
    (0x1E02, 0x1E03),
    (0x1E0D, 0x1E0D),
    (0x1E1E, 0x1E21),
    (0x1E25, 0x1E25),
    (0x1E30, 0x1E31),
    (0x1E37, 0x1E37),
    (0x1E43, 0x1E43),
    (0x1E45, 0x1E45),
    (0x1E47, 0x1E47),
    (0x1E5B, 0x1E5B),
    (0x1E63, 0x1E63),
    (0x1E6D, 0x1E6D),
    (0x1E8E, 0x1E91),
    (0x1E9E, 0x1E9E),
    (0x1EF2, 0x1EF3),
    (0x200C, 0x200C),
    (0x2010, 0x2016),
    (0x2018, 0x201A),
    (0x201C, 0x201E),
    (0x2020, 0x2022),
    (0x2030, 0x2031),
    (0x2039, 0x203B),
    (0x203D, 0x203D),
    (0x2044, 0x2044),
    (0x204E, 0x204E),
    (0x2052, 0x2052),
    (0x20A1, 0x20A1),
    (0x20A4, 0x20A4),
    (0x20A6, 0x20A6),
    (0x20A9, 0x20A9),
    (0x20AB, 0x20AC),
    (0x20B1, 0x20B1),
    (0x2103, 0x2103),
    (0x2116, 0x2117),
    (0x211E, 0x211E),
    (0x2120, 0x2120),
    (0x2122, 0x2122),
    (0x2126, 0x2127),
    (0x212E, 0x212E),
    (0x2190, 0x2193),
    (0x2329, 0x232A),
    (0x2422, 0x2423),
    (0x25E6, 0x25E6),
    (0x25EF, 0x25EF),
    (0x266A, 0x266A),
    (0x27E8, 0x27E9),
    (0x3008, 0x3009),
    (0xFB00, 0xFB06),
    (0xFEFF, 0xFEFF),
)

_STARTS = [start for start, _ in PDFLATEX_RANGES]


def pdflatex_can_set(ch: str) -> bool:
    """True if pdflatex with our fonts prints this character."""
    if ch in PRINTED_AS_SYMBOLS or ch in "\n\t\u00a0":
        return True
    code = ord(ch)
    i = bisect.bisect_right(_STARTS, code) - 1
    return i >= 0 and PDFLATEX_RANGES[i][0] <= code <= PDFLATEX_RANGES[i][1]


# Characters pdflatex sets (T1/TS1, lmodern) by putting an accent glyph over or under a
# letter, or by a substitute: the page shows them right, but the text layer holds the
# parts (pypdf: "¯a" for "ā"; pdftotext: "S," for "Ș", "..." for "…"). Measured with
# TeX Live 2022, pypdf 7 and poppler 22 (../shared/UNICODE-SPIKE.md): such documents
# are made with XeLaTeX, whose OpenType fonts have these letters precomposed. The lone
# ogonek (˛) comes out, but hangs left over the space before it, which is lost.
TEXT_LAYER_INEXACT = frozenset(
    "˛²³¹ĀāĈĉĊċĐĒēĔĕĖėĜĝĠġĢģĤĥĨĩĪīĬĭĮįĴĵĶķĻļŅņŌōŎŏŖŗŜŝŨũŪūŬŭŲųŴŵŶŷ"
    "ǄǅǆǇǈǉǊǋǌǍǎǏǐǑǒǓǔǢǣǦǧǨǩǪǫǰǴǵȘșȚțȲȳ"
    "฿ḂḃḍḞḟḠḡḥḰḱḷṃṅṇṛṣṭẎẏẐẑẞỲỳ"
    "‐‑‒―‱⁎⁒₦₱℗℞℠℧␢◯⟨⟩〈〉ﬀﬁﬂﬃﬄﬅﬆ≠…")


def pdflatex_exact(ch: str) -> bool:
    """True if pdflatex prints ch and every PDF text extractor reads it back as ch. A kept
    joiner or direction mark never is: only XeLaTeX (HarfBuzz) shapes with it."""
    return ch not in TEXT_LAYER_INEXACT and ch not in HIDDEN and pdflatex_can_set(ch)


def needs_xelatex(text: str) -> bool:
    """True if any character of the (cleaned) text is not in pdflatex's exact set."""
    if text.isascii():
        return False
    return not all(map(pdflatex_exact, text))


PRINTABLE_FILE = Path(__file__).with_name("printable.txt")


@lru_cache(maxsize=1)
def _printable() -> tuple[list[int], list[int]]:
    starts, ends = [], []
    for line in PRINTABLE_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            for part in line.split():
                start, _, end = part.partition("-")
                starts.append(int(start, 16))
                ends.append(int(end or start, 16))
    return starts, ends


def printable(ch: str) -> bool:
    """True if some engine and font cv-builder ships with can print ch: pdflatex, or one of
    the XeLaTeX path's fonts (printable.txt, made from their character maps)."""
    if pdflatex_can_set(ch):
        return True
    starts, ends = _printable()
    i = bisect.bisect_right(starts, ord(ch)) - 1
    return i >= 0 and ord(ch) <= ends[i]


def unsupported_characters(text: str) -> list[str]:
    """The characters of text, once cleaned, that no shipped font can print, in order,
    once each."""
    seen: list[str] = []
    if not text.isascii():  # private-use and unassigned code points: refused, not dropped
        seen += dict.fromkeys(ch for ch in text if unicodedata.category(ch) in ("Co", "Cn"))
    for ch in clean(text):
        if not printable(ch) and ch not in seen:
            seen.append(ch)
    return seen


# Invisible characters that reorder or hide text: zero-width space, non-joiner and joiner,
# the left-to-right, right-to-left and Arabic letter marks, and the bidi embeddings,
# overrides and isolates (U+202E turns 'txt.exe' around on screen; U+200B splits a name
# invisibly). They are refused by name (docs/record.md, "Invisible characters"), except
# where KEPT_INVISIBLE have a job that stays inside their own string (kept_invisible).
HIDDEN = frozenset(map(chr, [0x061C, *range(0x200B, 0x2010), *range(0x202A, 0x202F),
                             *range(0x2066, 0x206A)]))
JOINERS = frozenset("\u200c\u200d")  # ZERO WIDTH NON-JOINER, ZERO WIDTH JOINER
# LEFT-TO-RIGHT and RIGHT-TO-LEFT MARK. Not the ARABIC LETTER MARK U+061C: no font of the
# XeLaTeX path has it in every face (XeTeX stops at a character its font lacks, even an
# invisible one), and U+200F does its job in Arabic text.
MARKS = frozenset("\u200e\u200f")
KEPT_INVISIBLE = JOINERS | MARKS

# Scripts whose letters a joiner or non-joiner shapes: Arabic-script joining, the Indic
# conjuncts, half forms and chillus, Mongolian and Syriac joining (the first word of each
# letter's Unicode name). Between letters of any other script (Latin, Greek, CJK ...) a
# joiner changes nothing on the page: it only makes two strings that look alike differ.
JOINING_SCRIPTS = frozenset((
    "ARABIC", "SYRIAC", "NKO", "MANDAIC", "MONGOLIAN", "DEVANAGARI", "BENGALI",
    "GURMUKHI", "GUJARATI", "ORIYA", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA",
    "TIBETAN", "MYANMAR", "KHMER"))


def _joining_script(ch: str) -> str | None:
    """The joining script of a letter or mark, else None."""
    if not unicodedata.category(ch).startswith(("L", "M")):
        return None
    script = unicodedata.name(ch, "").split(" ", 1)[0]
    return script if script in JOINING_SCRIPTS else None


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L")


def kept_invisible(text: str, i: int) -> bool:
    """Whether text[i], a joiner or a direction mark, is kept as written: the job it does
    is on its own letters, inside this string.

    A joiner (U+200C, U+200D): right after a letter or mark of a joining script and right
    before one of the same script (Persian 'می\u200cخواهم', Sinhala 'ශ්\u200dරී'), or right
    after a virama, where it makes the half form or chillu even at a word's end
    (Malayalam 'ന്\u200d'). A direction mark (U+200E, U+200F): on a line of this
    string that holds right-to-left letters (in a left-to-right line it does nothing),
    with a letter before it and a letter after it on that line, so the neutral
    characters it places (spaces, brackets, digits) are this string's own, and the first
    strong character of a line, which sets a paragraph's direction, is never a mark."""
    ch = text[i]
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if ch in JOINERS:
        script = _joining_script(before) if before else None
        if script is None:
            return False
        if unicodedata.combining(before) == 9:  # a virama
            return after not in HIDDEN
        return bool(after) and _joining_script(after) == script
    if ch in MARKS:
        line_start = text.rfind("\n", 0, i) + 1
        line_end = text.find("\n", i)
        line_end = len(text) if line_end < 0 else line_end
        before_it, after_it = text[line_start:i], text[i + 1:line_end]
        return (any(map(_is_letter, before_it)) and any(map(_is_letter, after_it))
                and any(unicodedata.bidirectional(c) in ("R", "AL")
                        for c in before_it + after_it))
    return False


def _hidden_at(text: str) -> list[int]:
    """Where text holds a HIDDEN character that is not kept (kept_invisible)."""
    if text.isascii() or HIDDEN.isdisjoint(text):
        return []
    return [i for i, ch in enumerate(text)
            if ch in HIDDEN and not (ch in KEPT_INVISIBLE and kept_invisible(text, i))]


def hidden_characters(text: str) -> list[str]:
    """The HIDDEN characters of text that are refused (not kept where they have a job),
    in order, once each."""
    if text.isascii() or HIDDEN.isdisjoint(text):
        return []  # most strings
    return list(dict.fromkeys(text[i] for i in _hidden_at(text)))


def _is_emoji(ch: str) -> bool:
    code = ord(ch)
    return 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF


def colour_only(text: str) -> list[str]:
    """Emoji that exist only in colour, found in the text as written: flags (pairs of
    regional indicators), skin tones and emoji joined by U+200D (👨‍💻). A monochrome
    font prints them as boxed letters, swatches or separate pictures, so they are
    refused by name rather than printed wrong."""
    found: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        code = ord(ch)
        if 0x1F1E6 <= code <= 0x1F1FF:
            pair = text[i:i + 2]
            found.append(f"the flag {pair} ({' '.join(f'U+{ord(c):04X}' for c in pair)})")
            i += 2
            continue
        if 0x1F3FB <= code <= 0x1F3FF:
            found.append(f"the skin tone U+{code:04X} ({ch})")
        elif ch == "\u200d" and 0 < i < len(text) - 1 and (
                _is_emoji(text[i - 1]) or _is_emoji(text[i + 1])):
            found.append(f"the joined emoji {text[i - 1]}\u200d{text[i + 1]} (U+200D)")
        elif 0xE0020 <= code <= 0xE007F:
            found.append(f"the flag tag U+{code:04X}")
        i += 1
    return list(dict.fromkeys(found))


def describe(ch: str) -> str:
    """'U+03B1 GREEK SMALL LETTER ALPHA (α)'; 'U+E000 private-use character (...)'."""
    code = f"U+{ord(ch):04X}"
    category = unicodedata.category(ch)
    if category == "Co":
        return f"{code} private-use character (it means something only in one font)"
    if category == "Cn":
        nonchar = 0xFDD0 <= ord(ch) <= 0xFDEF or ord(ch) & 0xFFFE == 0xFFFE
        return f"{code} {'noncharacter' if nonchar else 'unassigned code point'}"
    if ch in HIDDEN:  # shown as itself, it would do what it does
        return f"{code} {unicodedata.name(ch)}"
    return f"{code} {unicodedata.name(ch, 'unnamed character')} ({ch})"
