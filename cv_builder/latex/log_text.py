"""What TeX's log shows of a typeset line, read back as the text it prints.

pdfTeX logs a character as its slot in the font's 8-bit encoding, not as the character:
an en dash in a T1 font is slot 0x15, logged as ^^U, a middle dot in TS1 the raw byte
0xB7 (not UTF-8). So a line is read from the log's bytes, each character through the
encoding of its font (named in the log: \\T1/lmr/m/n/11). XeTeX's fonts are Unicode
(TU): its characters and words are logged as UTF-8.

An overfull line is logged twice: in short (a box inside it is "[]", so a date in a
column of its own shows as nothing) and, as base.tex.j2 asks with \\showboxdepth, in
full, a node a line; the full listing is read when it is there.
"""

from __future__ import annotations

import re

# The slots whose character is not the slot's own code point, per NFSS encoding: from
# Latin Modern's encoding files (lm-ec.enc, lm-ts1.enc, lm-rm.enc, lm-mathit.enc,
# lm-mathsy.enc; TeX Gyre's are the same) and pdfTeX's glyphtounicode.tex, which the
# PDFs' own text layer comes from. "" for an accent part or a symbol with no character.
ENCODINGS: dict[str, dict[int, str]] = {
    "T1": {0x00: '`', 0x01: '´', 0x02: 'ˆ', 0x03: '˜', 0x04: '¨', 0x05: '˝', 0x06: '˚', 0x07:
        'ˇ', 0x08: '˘', 0x09: '¯', 0x0a: '˙', 0x0b: '¸', 0x0c: '˛', 0x0d: '‚', 0x0e:
        '‹', 0x0f: '›', 0x10: '“', 0x11: '”', 0x12: '„', 0x13: '«', 0x14: '»', 0x15:
        '–', 0x16: '—', 0x17: '', 0x18: '', 0x19: 'ı', 0x1a: 'ȷ', 0x1b: 'ff',
        0x1c: 'fi', 0x1d: 'fl', 0x1e: 'ffi', 0x1f: 'ffl', 0x20: '␣', 0x27: '’',
        0x60: '‘', 0x7f: '-', 0x80: 'Ă', 0x81: 'Ą', 0x82: 'Ć', 0x83: 'Č', 0x84: 'Ď',
        0x85: 'Ě', 0x86: 'Ę', 0x87: 'Ğ', 0x88: 'Ĺ', 0x89: 'Ľ', 0x8a: 'Ł', 0x8b: 'Ń',
        0x8c: 'Ň', 0x8d: 'Ŋ', 0x8e: 'Ő', 0x8f: 'Ŕ', 0x90: 'Ř', 0x91: 'Ś', 0x92: 'Š',
        0x93: 'Ş', 0x94: 'Ť', 0x95: 'Ţ', 0x96: 'Ű', 0x97: 'Ů', 0x98: 'Ÿ', 0x99: 'Ź',
        0x9a: 'Ž', 0x9b: 'Ż', 0x9c: 'Ĳ', 0x9d: 'İ', 0x9e: 'đ', 0x9f: '§', 0xa0: 'ă',
        0xa1: 'ą', 0xa2: 'ć', 0xa3: 'č', 0xa4: 'ď', 0xa5: 'ě', 0xa6: 'ę', 0xa7: 'ğ',
        0xa8: 'ĺ', 0xa9: 'ľ', 0xaa: 'ł', 0xab: 'ń', 0xac: 'ň', 0xad: 'ŋ', 0xae: 'ő',
        0xaf: 'ŕ', 0xb0: 'ř', 0xb1: 'ś', 0xb2: 'š', 0xb3: 'ş', 0xb4: 'ť', 0xb5: 'ţ',
        0xb6: 'ű', 0xb7: 'ů', 0xb8: 'ÿ', 0xb9: 'ź', 0xba: 'ž', 0xbb: 'ż', 0xbc: 'ĳ',
        0xbd: '¡', 0xbe: '¿', 0xbf: '£', 0xd7: 'Œ', 0xdf: 'SS', 0xf7: 'œ', 0xff: 'ß'},
    "TS1": {0x00: '`', 0x01: '´', 0x02: 'ˆ', 0x03: '˜', 0x04: '¨', 0x05: '˝', 0x06: '˚', 0x07:
        'ˇ', 0x08: '˘', 0x09: '¯', 0x0a: '˙', 0x0b: '¸', 0x0c: '˛', 0x0d: '‚', 0x12:
        '„', 0x15: '', 0x16: '—', 0x17: '', 0x18: '←', 0x19: '→', 0x1a: '', 0x1b:
        '', 0x1c: '', 0x1d: '', 0x1f: '', 0x20: '', 0x2a: '∗', 0x2d: '', 0x2f: '⁄',
        0x3c: '〈', 0x3d: '−', 0x3e: '〉', 0x4d: '', 0x4f: '', 0x51: '', 0x57: '',
        0x5b: '⟦', 0x5d: '⟧', 0x5e: '↑', 0x5f: '↓', 0x62: '', 0x63: '', 0x64: '',
        0x6c: '', 0x6d: '', 0x6e: '♪', 0x71: '', 0x73: 'ſ', 0x7e: '', 0x7f: '',
        0x80: '˘', 0x81: 'ˇ', 0x82: '˝', 0x83: '', 0x84: '†', 0x85: '‡', 0x86: '‖',
        0x87: '‰', 0x88: '•', 0x89: '℃', 0x8a: '$', 0x8b: '¢', 0x8c: 'ƒ', 0x8d: '₡',
        0x8e: '₩', 0x8f: '', 0x90: '', 0x91: '', 0x92: '₤', 0x93: '', 0x94: '‽',
        0x95: '', 0x96: '₫', 0x97: '™', 0x98: '', 0x99: '¶', 0x9a: '', 0x9b: '№',
        0x9c: '', 0x9d: '℮', 0x9e: '◦', 0x9f: '', 0xa0: '', 0xa1: '', 0xab: '',
        0xad: '', 0xb2: '²', 0xb3: '³', 0xb8: '※', 0xb9: '¹', 0xbb: '√', 0xbf: '€',
        0xd6: '×', 0xf6: '÷'},
    "OT1": {0x00: 'Γ', 0x01: '∆', 0x02: 'Θ', 0x03: 'Λ', 0x04: 'Ξ', 0x05: 'Π', 0x06: 'Σ', 0x07:
        'Υ', 0x08: 'Φ', 0x09: 'Ψ', 0x0a: 'Ω', 0x0b: 'ff', 0x0c: 'fi', 0x0d: 'fl',
        0x0e: 'ffi', 0x0f: 'ffl', 0x10: 'ı', 0x11: 'ȷ', 0x12: '`', 0x13: '´', 0x14:
        'ˇ', 0x15: '˘', 0x16: '¯', 0x17: '˚', 0x18: '¸', 0x19: 'ß', 0x1a: 'æ', 0x1b:
        'œ', 0x1c: 'ø', 0x1d: 'Æ', 0x1e: 'Œ', 0x1f: 'Ø', 0x20: '', 0x22: '”', 0x27:
        '’', 0x3c: '¡', 0x3e: '¿', 0x5c: '“', 0x5e: 'ˆ', 0x5f: '˙', 0x60: '‘', 0x7b:
        '–', 0x7c: '—', 0x7d: '˝', 0x7e: '˜', 0x7f: '¨'},
    "OML": {0x00: 'Γ', 0x01: '∆', 0x02: 'Θ', 0x03: 'Λ', 0x04: 'Ξ', 0x05: 'Π', 0x06: 'Σ', 0x07:
        'Υ', 0x08: 'Φ', 0x09: 'Ψ', 0x0a: 'Ω', 0x0b: 'α', 0x0c: 'β', 0x0d: 'γ', 0x0e:
        'δ', 0x0f: 'ϵ', 0x10: 'ζ', 0x11: 'η', 0x12: 'θ', 0x13: 'ι', 0x14: 'κ', 0x15:
        'λ', 0x16: 'µ', 0x17: 'ν', 0x18: 'ξ', 0x19: 'π', 0x1a: 'ρ', 0x1b: 'σ', 0x1c:
        'τ', 0x1d: 'υ', 0x1e: 'φ', 0x1f: 'χ', 0x20: 'ψ', 0x21: 'ω', 0x22: 'ε', 0x23:
        'ϑ', 0x24: 'ϖ', 0x25: 'ϱ', 0x26: 'ς', 0x27: 'ϕ', 0x28: '↼', 0x29: '↽', 0x2a:
        '⇀', 0x2b: '⇁', 0x2c: '', 0x2d: '', 0x2e: '▷', 0x2f: '◁', 0x3a: '.', 0x3b:
        ',', 0x3d: '/', 0x3f: '⋆', 0x40: '∂', 0x5b: '♭', 0x5c: '♮', 0x5d: '♯', 0x5e:
        '⌣', 0x5f: '⌢', 0x60: 'ℓ', 0x7b: 'ı', 0x7c: 'ȷ', 0x7d: '℘', 0x7e: '⃗', 0x7f:
        ''},
    "OMS": {0x00: '−', 0x01: '·', 0x02: '×', 0x03: '∗', 0x04: '÷', 0x05: '⋄', 0x06: '±', 0x07:
        '∓', 0x08: '⊕', 0x09: '⊖', 0x0a: '⊗', 0x0b: '⊘', 0x0c: '⊙', 0x0d: '⃝', 0x0e:
        '◦', 0x0f: '•', 0x10: '≍', 0x11: '≡', 0x12: '⊆', 0x13: '⊇', 0x14: '≤', 0x15:
        '≥', 0x16: '⪯', 0x17: '⪰', 0x18: '∼', 0x19: '≈', 0x1a: '⊂', 0x1b: '⊃', 0x1c:
        '≪', 0x1d: '≫', 0x1e: '≺', 0x1f: '≻', 0x20: '←', 0x21: '→', 0x22: '↑', 0x23:
        '↓', 0x24: '↔', 0x25: '↗', 0x26: '↘', 0x27: '≃', 0x28: '⇐', 0x29: '⇒', 0x2a:
        '⇑', 0x2b: '⇓', 0x2c: '⇔', 0x2d: '↖', 0x2e: '↙', 0x2f: '∝', 0x30: '′', 0x31:
        '∞', 0x32: '∈', 0x33: '∋', 0x34: '△', 0x35: '▽', 0x36: '̸', 0x37: '', 0x38:
        '∀', 0x39: '∃', 0x3a: '¬', 0x3b: '∅', 0x3c: 'ℜ', 0x3d: 'ℑ', 0x3e: '⊤', 0x3f:
        '⊥', 0x40: 'ℵ', 0x5b: '∪', 0x5c: '∩', 0x5d: '⊎', 0x5e: '∧', 0x5f: '∨', 0x60:
        '⊢', 0x61: '⊣', 0x62: '⌊', 0x63: '⌋', 0x64: '⌈', 0x65: '⌉', 0x66: '{', 0x67:
        '}', 0x68: '⟨', 0x69: '⟩', 0x6a: '|', 0x6b: '∥', 0x6c: '↕', 0x6d: '⇕', 0x6e:
        '\\', 0x6f: '≀', 0x70: '√', 0x71: '⨿', 0x72: '∇', 0x73: '∫', 0x74: '⊔',
        0x75: '⊓', 0x76: '⊑', 0x77: '⊒', 0x78: '§', 0x79: '†', 0x7a: '‡', 0x7b: '¶',
        0x7c: '♣', 0x7d: '♦', 0x7e: '♥', 0x7f: '♠', 0xac: '⩽', 0xad: '⩾'},
}

# A font as the log names it: "\T1/lmr/m/n/11", "\TU/cvbrm/m/n/10.95", optionally with
# the expansion microtype gave it ("(-20)"); its NFSS encoding is the part before "/".
_FONT = rb"\\([A-Za-z0-9]+)/[^ \n]*(?: \([+-]?\d+\))?"
_FONT_SWITCH = re.compile(_FONT + rb" ?")
# TeX's notation for a byte it does not print as is: ^^^^xxxx (XeTeX: a code point),
# ^^xx (hex), ^^X (a control character: X's code xor 64).
_CARETS = re.compile(rb"\^\^\^\^([0-9a-f]{4})|\^\^([0-9a-f]{2})|\^\^([\x3f-\x7f])")


def _bytes_of(shown: bytes) -> list[int | str]:
    """The characters TeX logged as shown: slots (ints), or code points written as
    ^^^^xxxx (strs)."""
    out: list[int | str] = []
    at = 0
    for match in _CARETS.finditer(shown):
        out += shown[at:match.start()]
        if match[1]:
            out.append(chr(int(match[1], 16)))
        elif match[2]:
            out.append(int(match[2], 16))
        else:
            out.append(match[3][0] ^ 0x40)
        at = match.end()
    return out + list(shown[at:])


def decode(shown: bytes, encoding: str | None) -> str:
    """Characters of one font as the log shows them, as the text they print."""
    chars = _bytes_of(shown)
    if encoding == "TU" or encoding is None:  # Unicode fonts (or none known): UTF-8
        text, pending = [], bytearray()
        for char in chars:
            if isinstance(char, int):
                pending.append(char)
                continue
            text += [pending.decode("utf-8", "replace"), char]
            pending.clear()
        return "".join(text) + pending.decode("utf-8", "replace")
    table = ENCODINGS.get(encoding, {})
    return "".join(char if isinstance(char, str) else table.get(char, chr(char))
                   for char in chars)


# A node of the full listing: its depth in dots, then what it is.
_NODE = re.compile(rb"^(\.*)(.*)$")
_CHAR = re.compile(_FONT + rb" (.*?)(?: \(ligature (.*)\))?$")
_GLUE = re.compile(rb"\\glue(?:\((\\[a-z]+)\))? (-?[\d.]+)")
_LEADERS = re.compile(rb"\\[cx]?leaders (-?[\d.]+)")
# Nodes whose listing goes on in deeper lines that are not text of the line: what a
# discretionary would put at a break, marks, inserts, adjusts.
_HIDDEN = (rb"\discretionary", rb"\mark", rb"\insert", rb"\vadjust")
_SPACE_SKIPS = (rb"\spaceskip", rb"\xspaceskip")


def listed_text(lines: list[bytes]) -> str:
    """The text of a box from its full listing (\\showbox format): characters through
    their fonts' encodings, a space for each word space and each line of a box inside."""
    words: list[str] = []
    hidden_below: int | None = None
    for line in lines:
        depth, node = _NODE.match(line).groups()
        if b"|" in depth:  # a discretionary's text after a break
            continue
        if hidden_below is not None:
            if len(depth) > hidden_below:
                continue
            hidden_below = None
        char = _CHAR.match(node)
        if char:
            words.append(decode(char[3] if char[3] is not None else char[2],
                                char[1].decode("ascii")))
        elif node.startswith((rb"\hbox(", rb"\vbox(")):
            words.append(" ")
        elif node.startswith(_HIDDEN):
            hidden_below = len(depth)
        else:
            glue = _GLUE.match(node) or _LEADERS.match(node)
            if glue and (glue.re is _LEADERS or glue[1] is None or glue[1] in _SPACE_SKIPS) \
                    and float(glue[glue.re.groups]) > 0:
                words.append(" ")
                if glue.re is _LEADERS:  # its rule or box: drawn, not text
                    hidden_below = len(depth)
    return " ".join("".join(words).split())


def short_text(shown: bytes) -> str:
    """The text of TeX's one-line summary of a box: fonts switched where it names them,
    boxes inside it ("[]") left out."""
    parts = _FONT_SWITCH.split(shown.replace(b"[]", b""))
    # split() gives: text before the first font, then (encoding, text) pairs.
    # A space in the summary is TeX's mark for glue, not a character in the font (T1's
    # slot 0x20 is a visible space), so each word is decoded on its own.
    def words(shown: bytes, encoding: str | None) -> str:
        return " ".join(decode(word, encoding) for word in shown.split(b" "))

    text = [words(parts[0], None)]
    for index in range(1, len(parts), 2):
        text.append(words(parts[index + 1], parts[index].decode("ascii")))
    return " ".join("".join(text).split())


def overfull_boxes(log: bytes):
    """(how much too wide in pt, its text, the .tex line it ends on or None) for each
    overfull line in a TeX log ("in paragraph at lines 12--14", "detected at line 40")."""
    for header in re.finditer(rb"^Overfull \\hbox \(([\d.]+)pt too wide\)"
                              rb"[^\n]*?(?:lines \d+--(\d+)|at line (\d+))?\n", log, re.M):
        lines = _lines_from(log, header.end())
        short = []
        for line in lines:  # the summary, up to a blank line
            if not line.strip():
                break
            short.append(line)
        listing = []
        for line in lines:  # then the full listing, if any: "\hbox(...", ".\glue ..."
            if not line.startswith(rb"\hbox(" if not listing else b"."):
                break
            listing.append(line)
        text = listed_text(listing) if listing else short_text(b" ".join(short))
        line = header[2] or header[3]
        yield float(header[1]), text, int(line) if line else None


def _lines_from(log: bytes, at: int, limit: int = 5000):
    """The log's lines from at on, without copying the rest of it (a log with hundreds
    of overfull lines is read once, not once per line); at most limit of them."""
    for _ in range(limit):
        end = log.find(b"\n", at)
        if end < 0:
            if at < len(log):
                yield log[at:]
            return
        yield log[at:end]
        at = end + 1
