"""Turn any record string into LaTeX that prints it exactly and runs nothing.

Why a character table and not regexes: every special character is handled in
one pass, so no replacement can ever re-introduce another one.
"""

from __future__ import annotations

import re
import unicodedata
from contextvars import ContextVar

from ..record.charset import KEPT_INVISIBLE, URL_SAFE, clean

# Characters TeX would interpret, or that T1 fonts print as other glyphs
# (straight quotes become curly, < > | become inverted punctuation).
SOFT_HYPHEN = "\u00ad"
LATEX_SPECIALS: dict[str, str] = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    # ^ must go too: ^^5c is TeX's hex form of a backslash.
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    # A soft hyphen: where the word may break, with a hyphen (TeX's discretionary).
    SOFT_HYPHEN: r"\-",
    "[": r"{[}",
    "]": r"{]}",
    '"': r"\textquotedbl{}",
    "'": r"\textquotesingle{}",
    "`": r"\textasciigrave{}",
    # Hyphens are kept apart so -- and --- never become dashes.
    "-": r"-{}",
    # A line break where one can end (mid-paragraph), nothing at a paragraph's start,
    # where \newline alone stops TeX with "There's no line here to end"; a space in
    # PDF metadata, which is made in vertical mode.
    "\n": r"\ifhmode\newline\else\space\fi{}",
    "\u00a0": "~",
}

# Characters pdflatex cannot set from a plain UTF-8 input but that we can
# print with the fonts we load (record/charset.py lets them through).
SYMBOLS: dict[str, str] = {
    "\u2264": r"\ensuremath{\leq}",
    "\u2265": r"\ensuremath{\geq}",
    "\u2260": r"\ensuremath{\neq}",
    "\u2248": r"\ensuremath{\approx}",
    "\u00b1": r"\ensuremath{\pm}",
    "\u00d7": r"\ensuremath{\times}",
    "\u2192": r"\ensuremath{\rightarrow}",
    "\u2190": r"\ensuremath{\leftarrow}",
    "\u221e": r"\ensuremath{\infty}",
    "\u2212": r"\ensuremath{-}",
    "\u2026": r"\ldots{}",
}

ESCAPES = {**LATEX_SPECIALS, **SYMBOLS}

# A run of characters with no space longer than this gets break points.
LONG_RUN = 24
# Not after a colon: "doi:" or "arXiv:" alone at a line's end reads as a label cut off;
# nor after a hyphen: pdftotext takes a hyphen at a line's end for a hyphenation, and drops it.
_BREAK_AFTER = set("/._?&=#@,;")
# The break points put in long runs, each defined in base.tex.j2: a free one (after an
# address's '/', in a hash); one after other punctuation, which TeX takes where no '/'
# serves (a line ending 'https://www.example.' reads as a finished sentence); one in a
# DOI's own part, taken only where the DOI would otherwise run into the margin.
FREE_BREAK = r"\allowbreak{}"
MARK_BREAK = r"\cvbmarkbreak{}"
LAST_BREAK = r"\cvblastbreak{}"
# A DOI: '10.', its registrant's number, '/', then the item's own part (its suffix),
# alone or after 'doi:' or a resolver's address.
_DOI = re.compile(r"(?:^|(?<=[:/(\[]))10\.\d{4,9}(?:\.\d+)*/")


_BLANK_LINES = re.compile(r"\n[ \n]*\n")
_START_BREAKS = re.compile(r"^[ \n]*\n")
_END_BREAKS = re.compile(r"\n[ \n]*$")


def trim_breaks(text: str, start: bool = True, end: bool = True) -> str:
    """Clean text and drop line breaks at its start and end (they would print empty lines)."""
    text = clean(text)
    if start:
        text = _START_BREAKS.sub("", text)
    if end:
        text = _END_BREAKS.sub("", text)
    return text


def escape_latex(text: str) -> str:
    """Escape one record string so that LaTeX prints it exactly as written."""
    return short_lines(escape_fragment(trim_breaks(text)))


# A name this long (a consortium's) may not fit a line: its parts are tied only as a
# last resort (\cvbtie), so that it still breaks rather than run into the margin.
LONG_NAME = 2 * LONG_RUN
TIE, LOOSE_TIE = "~", r"\cvbtie{}"
# A space between right-to-left words (XeLaTeX) is the font's space glyph: tied, with
# no break point after it (\cvbspace has one).
_RTL_SPACE, _RTL_TIE = r"\cvbspace{}", r"\char32{}"
_SPACES = re.compile(r"[ \n]+")


def escape_name(name: str) -> str:
    """A person's name, its parts tied ('N.~C.~Dvornek'): a line breaks between authors,
    not between initials and surname, nor inside the owner's bold name. A tie prints a
    normal space, which every extractor reads as one."""
    name = _SPACES.sub(" ", trim_breaks(name).strip(" "))
    tie = TIE if len(name) <= LONG_NAME else LOOSE_TIE
    return short_lines(escape_fragment(name).replace(" ", tie).replace(_RTL_SPACE, _RTL_TIE))


# TeX reads its input a line at a time into a buffer of 200,000 characters (TeX Live's
# buf_size); escaped onto one line, a long value overflows it (20,000 '^' are 380,000
# characters of \textasciicircum{}), and TeX stops without a word in its log.
LINE = 1_000
# Control words ending in an empty group that needs no group before a letter: the break
# opportunity in long words, and the end of a record line break (after \break).
_ENDS_BEFORE_A_LETTER = (FREE_BREAK, MARK_BREAK, LAST_BREAK, LOOSE_TIE, r"\fi{}")


def short_lines(latex: str) -> str:
    """LaTeX we made (escaped text, markup, lists of them), its lines kept near LINE
    characters by ending one where that changes nothing TeX reads: instead of a space
    (a line end is read as one), or instead of the {} after \\allowbreak or the \\fi of a
    line break (after a control word, a line end is skipped). Never at either end, so
    no blank line (a paragraph break) can form."""
    if len(latex) <= LINE:
        return latex
    out: list[str] = []
    line, i, end = 0, 0, len(latex)
    while i < end:
        if line >= LINE and latex.startswith(_ENDS_BEFORE_A_LETTER, i):
            word = next(w for w in _ENDS_BEFORE_A_LETTER if latex.startswith(w, i))
            after = i + len(word)
            if after < end and latex[after] not in " \n":
                out.append(word[:-2] + "\n")
                line, i = 0, after
                continue
        ch = latex[i]
        if ch == " " and line >= LINE and 0 < i < end - 1 and latex[i + 1] != "\n":
            out.append("\n")
            line = 0
        else:
            out.append(ch)
            line = 0 if ch == "\n" else line + 1
        i += 1
    return "".join(out)


class Engine:
    """How the document being rendered sets characters beyond printable ASCII.

    pdflatex: as today; it notes whether a character falls outside pdflatex's exact
    set (then the document is rendered again for XeLaTeX). xelatex: each run of
    characters the document's Latin fonts lack goes into the first fallback font that
    has it (fonts.Coverage), as \\cvbrun{slot}{...} (\\cvbrtl for right-to-left
    scripts); the slots used are noted for the preamble.
    """

    def __init__(self, name: str = "pdflatex", coverage=None):
        self.name = name
        self.coverage = coverage
        self.beyond_pdflatex = False
        self.slots: set[str] = set()
        self.missing: list[str] = []


_ENGINE: ContextVar[Engine | None] = ContextVar("cv_builder_engine", default=None)


def current_engine() -> Engine | None:
    return _ENGINE.get()


def use_engine(engine: Engine | None):
    """Render with engine until reset_engine(token)."""
    return _ENGINE.set(engine)


def reset_engine(token) -> None:
    _ENGINE.reset(token)


def escape_fragment(text: str) -> str:
    """Escape part of a string (a piece of markup): like escape_latex, ends kept.

    Runs of line breaks become one: a record line break never makes a blank line.
    """
    text = _BLANK_LINES.sub("\n", clean(text))
    engine = _ENGINE.get()
    if engine is not None and not text.isascii():
        if engine.name == "xelatex":
            return _escape_runs(text, engine)
        if not engine.beyond_pdflatex:
            from ..record.charset import needs_xelatex

            engine.beyond_pdflatex = needs_xelatex(text)
    return _escape_plain(text, ESCAPES)


def _escape_plain(text: str, escapes: dict[str, str]) -> str:
    pieces: list[str] = []
    for token in _TOKENS.findall(text):
        if len(token) < LONG_RUN or token[0] in " \n":
            pieces += [escapes.get(ch, ch) for ch in token]
        else:
            pieces += _long_token(token, escapes)
    return "".join(pieces)


_TOKENS = re.compile(r"[ \n]+|[^ \n]+")


def _long_token(token: str, escapes: dict[str, str]) -> list[str]:
    """A long unbreakable string (an address, a DOI, a hash, a long word) with break
    points, so that it wraps instead of overflowing. An address breaks after its
    punctuation, as \\url does, after a '/' first ('https://' 'example.org/' 'a/' 'page');
    never inside a number or name between two marks shorter than 12 characters. A DOI
    breaks after its '/' ('doi:10.1109/' 'TPAMI.2023.1234567'), never in '10.1109' nor
    after a '.' (a line ending 'pamm.' reads as a finished sentence), and in its own part
    only where it would otherwise overflow (every 12 characters). A long word: \\cvbbreak
    every 12 characters after the 24th, a break only where the document does not hyphenate,
    so that one which does breaks the word by its language's patterns instead."""
    pieces: list[str] = []
    since = 0  # characters since the last break point
    letters = True  # the token so far is a word (letters only)
    start = 0  # where the word's part after its last soft hyphen starts
    # A word with soft hyphens breaks where its writer said: ours only in a part longer
    # than a line holds (TeX takes a break of ours, costing nothing, over a soft hyphen).
    first, every = (2 * LONG_RUN, 2 * LONG_RUN) if SOFT_HYPHEN in token else (LONG_RUN, 12)
    doi = _DOI.search(token)
    doi_start, suffix = (doi.start(), doi.end()) if doi else (len(token), len(token))
    last = len(token) - 1
    for index, ch in enumerate(token):
        pieces.append(escapes.get(ch, ch))
        since += 1
        if ch == SOFT_HYPHEN:  # the writer's own break point: none of ours near it
            since, start = 0, index + 1
            continue
        letters = letters and (ch.isalpha() or ch == "-")  # a hyphenated name is a word
        if index == last:
            break
        if doi_start <= index < suffix - 1:
            continue  # '10.1109': the DOI's registrant, never broken
        if index >= suffix and ch != "/":
            # Not after '.' nor '-' (pdftotext drops a hyphen at a line's end), nor
            # just before a '/' or '.', whose own place is as good.
            if since >= every and ch not in ".-" and token[index + 1] not in "/.":
                pieces.append(LAST_BREAK)
                since = 0
            continue
        if ch in _BREAK_AFTER:
            if token[index + 1] not in _BREAK_AFTER:  # 'https://' breaks after both /
                pieces.append(FREE_BREAK if ch == "/" else MARK_BREAK)
                since = 0
        elif letters:
            if index + 1 - start >= first and (index + 1 - start) % every == 0:
                pieces.append(r"\cvbbreak{}")
                since = 0
        elif since >= every and token[index + 1] not in _BREAK_AFTER:
            pieces.append(FREE_BREAK)  # a hash, or a run with no mark to break at
            since = 0
    return pieces


def _escape_runs(text: str, engine: Engine) -> str:
    """XeLaTeX: characters are typed as themselves (an OpenType font has ≤ and … as
    glyphs, which extract exactly), TeX's specials escaped, and each run the Latin fonts
    lack wrapped in its fallback font. A space between two characters of one fallback
    font stays in the run, so right-to-left phrases keep their word order."""
    slot_for = engine.coverage.slot_for
    slots = []
    for ch in text:
        slot = "" if ch in " \n" + SOFT_HYPHEN or ch in KEPT_INVISIBLE else slot_for(ch)
        if slot is None:
            if ch not in engine.missing:
                engine.missing.append(ch)
            slot = ""
        slots.append(slot)
    # A word of one script in one font: where the first font with each letter differs
    # within it (Latin Modern has Greek capitals, not small letters), the whole word
    # goes to the first font that has all of it ("Μελετώ" wholly in Noto).
    for start, end in script_words(text):
        if len(set(slots[start:end])) > 1:
            whole = engine.coverage.slot_with_all(text[start:end])
            if whole is not None:
                slots[start:end] = [whole] * (end - start)
    for i, ch in enumerate(text):
        if ch in KEPT_INVISIBLE:
            slots[i] = _invisible_slot(engine.coverage, ch, slots, i)
    runs: list[list] = []  # [slot, text]
    for ch, slot in zip(text, slots):
        if runs and runs[-1][0] == slot:
            runs[-1][1] += ch
        elif (slot and len(runs) >= 2 and runs[-2][0] == slot and runs[-1][0] == ""
              and runs[-1][1] == " "):
            runs.pop()
            runs[-1][1] += " " + ch
        else:
            runs.append([slot, ch])
    from .fonts import SLOT_BY_KEY

    pieces = []
    for slot, run in runs:
        escaped = _escape_plain(run, LATEX_SPECIALS)
        if not slot:
            pieces.append(escaped)
            continue
        wider = SLOT_BY_KEY[slot].wider
        if wider and not all(ch in " \n" or engine.coverage.has(slot, ch) for ch in run):
            slot = wider  # the whole run in one font: its letters join
        engine.slots.add(slot)
        if SLOT_BY_KEY[slot].right_to_left:
            # A space as the font's space glyph (pypdf sees no gap between right-to-left
            # glyphs, and would run the words together), then a break point.
            escaped = escaped.replace(" ", r"\cvbspace{}")
            pieces.append(f"\\cvbrtl{{{slot}}}{{{escaped}}}")
        else:
            pieces.append(f"\\cvbrun{{{slot}}}{{{escaped}}}")
    return "".join(pieces)


def _invisible_slot(coverage, ch: str, slots: list[str], i: int) -> str:
    """The font run a kept joiner or direction mark goes in: its letters' own, so that
    HarfBuzz shapes them with it (the letter before it, else the one after), where that
    font has it; else Noto, which has them all (XeTeX stops at a character the font
    lacks, even an invisible one)."""
    from .fonts import SLOT_BY_KEY

    for slot in (slots[i - 1] if i else "", slots[i + 1] if i + 1 < len(slots) else ""):
        wider = slot and SLOT_BY_KEY[slot].wider
        if slot and (coverage.has(slot, ch) or (wider and coverage.has(wider, ch))):
            return slot
    return "noto"


def script_words(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of letters of one script (a word, or the letters of one
    script within a word: "GPT模型" is two), combining marks with their letter; by the
    first word of each letter's Unicode name (GREEK, CYRILLIC, CJK, HIRAGANA, ...)."""
    words: list[tuple[int, int]] = []
    current, start = None, 0
    for index, ch in enumerate(text):
        category = unicodedata.category(ch)
        if category.startswith("M") and current is not None:
            continue  # a combining mark belongs to its letter
        script = (unicodedata.name(ch, "").split(" ", 1)[0] or None
                  if category.startswith("L") else None)
        if script != current:
            if current is not None:
                words.append((start, index))
            current, start = script, index
    if current is not None:
        words.append((start, len(text)))
    return words


def escape_url(url: str) -> str:
    """Escape an address for \\href: hyperref takes % and # escaped, the rest as is."""
    out = []
    for ch in clean(url).strip():
        if ch == "%":
            out.append(r"\%")
        elif ch == "#":
            out.append(r"\#")
        elif ch in URL_SAFE:
            out.append(ch)
        else:
            out.extend(r"\%%%02X" % byte for byte in ch.encode("utf-8"))
    return "".join(out)


# How hyperref's \href writes these inside an address (see link() below).
_LINK_CHARACTERS = {"#": r"\csname hyper@hash\endcsname ",
                    "%": r"\csname @percentchar\endcsname ",
                    "~": r"\csname hyper@tilde\endcsname "}


def link(url: str, label: str) -> str:
    """A link to url showing label (LaTeX already): \\href{address}{label}.

    Why not always \\href: it splits the address at every '#' into the address and a
    fragment, and drops what follows a second one, so https://example.org/p#a#b
    linked to p#a. Such an address goes to hyperref's own \\hyper@linkurl (what
    \\href calls), each '#', '%' and '~' written as \\href would turn it.
    """
    address = clean(url).strip()
    if address.count("#") < 2:
        return r"\href{" + escape_url(address) + "}{" + label + "}"
    out = []
    for ch in address:
        if ch in _LINK_CHARACTERS:
            out.append(_LINK_CHARACTERS[ch])
        elif ch in URL_SAFE:
            out.append(ch)
        else:
            out.extend(_LINK_CHARACTERS["%"] + f"{byte:02X}" for byte in ch.encode("utf-8"))
    return r"\csname hyper@linkurl\endcsname{" + label + "}{" + "".join(out) + "}"
