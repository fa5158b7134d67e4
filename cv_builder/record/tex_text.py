"""TeX in .bib fields as the text it prints: accents, dashes, quotes, journal macros,
\\url, and the markup people wrap around their own name in author lists.

Why pylatexenc: a real LaTeX reader decodes accents and symbols the way TeX sets them;
the macros .bib files use that it does not know (\\mbox, \\href, the AAS journal macros
of astronomy exports) are declared here, so none prints as nothing or crashes it.
"""

from __future__ import annotations

import html
import logging
import re
from contextlib import contextmanager
from functools import lru_cache

from .markup import MarkupError, check_math

# What the AAS journal macros print (aas_macros.sty, as ADS exports use them).
JOURNAL_MACROS = {
    "aj": "AJ", "actaa": "Acta Astron.", "araa": "ARA&A", "apj": "ApJ", "apjl": "ApJL",
    "apjs": "ApJS", "ao": "Appl. Opt.", "apss": "Ap&SS", "aap": "A&A", "aapr": "A&A Rev.",
    "aaps": "A&AS", "azh": "AZh", "baas": "BAAS", "bac": "Bull. astr. Inst. Czechosl.",
    "caa": "Chinese Astron. Astrophys.", "cjaa": "Chinese J. Astron. Astrophys.",
    "icarus": "Icarus", "jcap": "J. Cosmology Astropart. Phys.", "jrasc": "JRASC",
    "memras": "MmRAS", "mnras": "MNRAS", "na": "New A", "nar": "New A Rev.", "pra": "Phys. Rev. A",
    "prb": "Phys. Rev. B", "prc": "Phys. Rev. C", "prd": "Phys. Rev. D", "pre": "Phys. Rev. E",
    "prl": "Phys. Rev. Lett.", "pasa": "PASA", "pasp": "PASP", "pasj": "PASJ",
    "rmxaa": "Rev. Mexicana Astron. Astrofis.", "qjras": "QJRAS", "skytel": "S&T",
    "solphys": "Sol. Phys.", "sovast": "Soviet Ast.", "ssr": "Space Sci. Rev.",
    "zap": "ZAp", "nat": "Nature", "iaucirc": "IAU Circ.", "aplett": "Astrophys. Lett.",
    "apspr": "Astrophys. Space Phys. Res.", "bain": "Bull. Astron. Inst. Netherlands",
    "fcp": "Fund. Cosmic Phys.", "gca": "Geochim. Cosmochim. Acta", "grl": "Geophys. Res. Lett.",
    "jcp": "J. Chem. Phys.", "jgr": "J. Geophys. Res.", "jqsrt": "J. Quant. Spec. Radiat. Transf.",
    "memsai": "Mem. Soc. Astron. Italiana", "nphysa": "Nucl. Phys. A", "physrep": "Phys. Rep.",
    "physscr": "Phys. Scr.", "planss": "Planet. Space Sci.", "procspie": "Proc. SPIE",
    "psj": "PSJ", "rnaas": "RNAAS", "aas": "AAS Meeting Abstracts",
}

# Markup people put around their own name in an author list, to bold it on a web page.
_NAME_WRAPPERS = re.compile(r"\\(textbf|textit|textsc|emph|underline|uline|bf|it|bfseries)\b")
# A tag's attributes stop at the next '<' (an unclosed '<b' repeated is scanned once).
_HTML_TAG = re.compile(r"</?(strong|b|em|i|u|span|sup|sub|mark)\b[^<>]*>", re.I)


@contextmanager
def quiet():
    """pylatexenc and bibtexparser log every oddity; we report problems ourselves."""
    loggers = [logging.getLogger(name) for name in ("pylatexenc", "bibtexparser")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


@lru_cache(maxsize=1)
def _contexts():
    """pylatexenc's parse and text databases with the macros .bib files use added."""
    from pylatexenc import latexwalker, macrospec
    from pylatexenc.latex2text import MacroTextSpec, get_default_latex_context_db

    parse_db = latexwalker.get_default_latex_context_db()
    parse_db.add_context_category("cv-builder", prepend=True, macros=[
        macrospec.MacroSpec("href", "{{"), macrospec.MacroSpec("mbox", "{"),
        macrospec.MacroSpec("hbox", "{"), macrospec.MacroSpec("footnotemark", "["),
        macrospec.MacroSpec("footnote", "{"), macrospec.MacroSpec("url", "{"),
        macrospec.MacroSpec("ensuremath", "{"), macrospec.MacroSpec("uline", "{"),
        macrospec.MacroSpec("textsubscript", "{"), macrospec.MacroSpec("textsuperscript", "{"),
        *(macrospec.MacroSpec(name, "") for name in JOURNAL_MACROS)])
    text_db = get_default_latex_context_db()
    text_db.add_context_category("cv-builder", prepend=True, macros=[
        MacroTextSpec("href", simplify_repl="%(2)s"), MacroTextSpec("mbox", simplify_repl="%(1)s"),
        MacroTextSpec("hbox", simplify_repl="%(1)s"), MacroTextSpec("footnotemark", discard=True),
        MacroTextSpec("footnote", discard=True), MacroTextSpec("url", simplify_repl="%(1)s"),
        MacroTextSpec("ensuremath", simplify_repl="%(1)s"),
        MacroTextSpec("uline", simplify_repl="%(1)s"),
        MacroTextSpec("textsubscript", simplify_repl="%(1)s"),
        MacroTextSpec("textsuperscript", simplify_repl="%(1)s"),
        *(MacroTextSpec(name, simplify_repl=text.replace("%", "%%"))
          for name, text in JOURNAL_MACROS.items())])
    return parse_db, text_db


@lru_cache(maxsize=2)
def _converter(math_mode: str):
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode=math_mode, strict_latex_spaces=True, keep_comments=False,
                           latex_context=_contexts()[1])


@lru_cache(maxsize=4096)
def _decode(tex: str, math_mode: str) -> str:
    from pylatexenc.latexwalker import LatexWalker

    with quiet():
        walker = LatexWalker(tex, latex_context=_contexts()[0], tolerant_parsing=True)
        nodes, _, _ = walker.get_latex_nodes()
        return _converter(math_mode).nodelist_to_text(nodes)


_PLAIN = re.compile(r"[^\\{}$~`'\-&%<]*")  # nothing TeX (or HTML) would change


def tex_to_text(tex: str, math_mode: str = "text") -> str:
    """TeX as the Unicode it prints: Schr{\\"o}dinger -> Schrödinger, case braces dropped,
    &amp; -> &, \\aap -> A&A; spaces collapsed."""
    if _PLAIN.fullmatch(tex):
        return " ".join(tex.split())  # most names and venues: no TeX at all
    text = html.unescape(tex) if "&" in tex else tex
    text = re.sub(r"(?<!\\)&", r"\\&", text)  # a bare & in a .bib means the character
    try:
        text = _decode(text, math_mode)
    except Exception:  # pylatexenc on input it cannot read: keep the text, braces off
        text = re.sub(r"\\([&%$#_{}])", r"\1", tex).replace("{", "").replace("}", "")
    return " ".join(text.replace("\u00a0", " ").split())


def unknown_commands(tex: str) -> list[str]:
    """TeX commands in tex that print nothing we know of (\\foo), by name."""
    parse_db, text_db = _contexts()
    found = []
    for name in re.findall(r"\\([A-Za-z]+)", tex):
        if parse_db.get_macro_spec(name) is None and text_db.get_macro_spec(name) is None \
                and name not in found:
            found.append(name)
    return found


# --- Titles ---------------------------------------------------------------------------------

def _split_math(tex: str) -> list[tuple[bool, str]]:
    """[(is_math, piece)]: $...$ and \\(...\\) found; \\$ is a dollar sign."""
    pieces, buffer, in_math, i = [], [], False, 0
    while i < len(tex):
        pair = tex[i:i + 2]
        if pair in ("\\(", "\\)") and (pair == "\\(") != in_math:
            pieces.append((in_math, "".join(buffer)))
            buffer, in_math = [], not in_math
            i += 2
            continue
        if tex[i] == "\\" and i + 1 < len(tex):
            buffer.append(pair)
            i += 2
            continue
        if tex[i] == "$":
            pieces.append((in_math, "".join(buffer)))
            buffer, in_math = [], not in_math
            i += 1
            continue
        buffer.append(tex[i])
        i += 1
    if in_math:  # an unclosed $: read it all as text
        pieces.append((False, "$" + "".join(buffer)))
    else:
        pieces.append((False, "".join(buffer)))
    return [(math, piece) for math, piece in pieces if piece]


def _balanced(tex: str) -> str:
    """Drop braces left unmatched where a $ split a group: '{' + '$x$' + '-free}'."""
    chars, opened, i = list(tex), [], 0
    while i < len(chars):
        if chars[i] == "\\":
            i += 2
            continue
        if chars[i] == "{":
            opened.append(i)
        elif chars[i] == "}":
            if opened:
                opened.pop()
            else:
                chars[i] = ""
        i += 1
    for index in opened:
        chars[index] = ""
    return "".join(chars)


def _math_markup(tex: str) -> str | None:
    """A formula as our $...$ markup, or None if our markup does not accept it."""
    source = re.sub(r"\\(?:mbox|hbox|textrm|mathrm)\s*\{", r"\\text{", tex.strip())
    source = re.sub(r"^\{\}", "", source)  # {}^{0}: an empty base before a script
    try:
        return f"${check_math(source)}$"
    except MarkupError:
        return None


_SUB = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_SUP = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")


def _scripts(text: str) -> str:
    """Sub- and superscript digits of a formula read as text as their Unicode forms:
    'F_2' -> 'F₂', 'x^{10}' -> 'x¹⁰'; a symbol beside its base ('M_⊙' -> 'M⊙'); others
    stay as written."""
    text = re.sub(r"_\{?([0-9+\-=()]+)\}?", lambda m: m[1].translate(_SUB), text)
    text = re.sub(r"\^\{?([0-9+\-=()n]+)\}?", lambda m: m[1].translate(_SUP), text)
    # A symbol with no script form is written beside its base: 'M_⊙' -> 'M⊙', as
    # astronomers write the solar mass in text.
    return re.sub(r"(?<=\w)[_^]\{?([^\w\s{}])\}?", r"\1", text)


def decode_title(tex: str, escape) -> str:
    """A title for the record: accents as Unicode, math kept as our $...$ markup when our
    markup accepts it, else read as text (\\alpha -> α). escape(text) makes plain text
    safe for a markup field."""
    # The argument holds braces one level deep (x^{2}); its alternatives cannot overlap, so
    # an unclosed '\ensuremath{' repeated is scanned once, not from each to the end.
    argument = r"((?:[^{}]|\{[^{}]*\})*)"
    tex = re.sub(r"\{\\ensuremath\{" + argument + r"\}\}|\\ensuremath\{" + argument + r"\}",
                 lambda m: f"${m[1] or m[2]}$", tex)
    out = []
    pieces = _split_math(tex)
    for index, (is_math, piece) in enumerate(pieces):
        if is_math:
            after = pieces[index + 1][1] if index + 1 < len(pieces) else ""
            # '$\sim$100': our markup reads a $ before a digit as a dollar sign ("$5 to
            # $10"), so such a formula is written as its text: '∼100'.
            markup = None if re.match(r"\{*\d", after) else _math_markup(piece)
            if markup:
                out.append(markup)
                continue
            text = _scripts(tex_to_text(f"${piece}$"))  # \mathbb{F}_2 -> 𝔽₂
            out.append(escape(text))
            continue
        piece = _balanced(piece)  # '{' before a formula: the space before it stays
        text = tex_to_text(piece)
        lead = " " if piece[:1].isspace() else ""
        trail = " " if piece[-1:].isspace() else ""
        out.append(lead + escape(text) + trail)
    return re.sub(r"\s+", " ", "".join(out)).strip()


# --- Names ----------------------------------------------------------------------------------

def strip_name_markup(value: str) -> str:
    """An author list with the bold, underline or HTML around a name taken off:
    '{\\bf L. Leal-Taix{\\'e}}' -> 'L. Leal-Taix{\\'e}', '<strong>X</strong>' -> 'X',
    '\\textbf{Mishra}\\footnotemark[1]{}' -> 'Mishra'. Braces that keep a corporate name
    whole stay."""
    value = _HTML_TAG.sub("", html.unescape(value) if "&" in value else value)
    value = re.sub(r"\\footnotemark(\[[^\[\]]*\])?(\{\})?|\\footnote\{[^{}]*\}|\\thanks\{[^{}]*\}",
                   "", value)
    return _unwrapped(value)


_GROUP_SWITCH = re.compile(r"\{\s*\\(bf|it|sc|em|bfseries|itshape|underline)\b\s*")


def _unwrapped(value: str) -> str:
    """{\\bf ...} and \\textbf{...} taken off in one pass: the switch or command goes with
    its group's braces, the name stays; other braces, and escaped ones, stay. One pass:
    searching again after each removal was quadratic ('{\\bf ' 5,000 times took 7 s)."""
    out: list[str] = []
    dropped: list[bool] = []  # for each open brace: whether its closing brace goes too
    i, end = 0, len(value)
    while i < end:
        ch = value[i]
        if ch == "\\":
            wrapper = _NAME_WRAPPERS.match(value, i)
            if wrapper is None:
                out.append(value[i:i + 2])  # a command's backslash, or an escaped brace
                i += 2
                continue
            i = wrapper.end()
            while i < end and value[i] == " ":
                i += 1
            if i < end and value[i] == "{":
                dropped.append(True)
                i += 1
        elif ch == "{":
            switch = _GROUP_SWITCH.match(value, i)
            dropped.append(switch is not None)
            if switch is None:
                out.append(ch)
            i = switch.end() if switch else i + 1
        elif ch == "}":
            if not (dropped.pop() if dropped else False):
                out.append(ch)
            i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)
