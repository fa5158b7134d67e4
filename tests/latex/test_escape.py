"""escape.py: the one table that turns record text into LaTeX printing it exactly.

Table-driven, as nbconvert tests its escape_latex: each row is an input and the
LaTeX it must become. The property tests then check that no input, whatever it
holds, leaves a character TeX would interpret.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cv_builder.latex.escape import (
    LATEX_SPECIALS,
    LONG_RUN,
    SYMBOLS,
    escape_fragment,
    escape_latex,
    escape_name,
    escape_url,
    trim_breaks,
)
from cv_builder.record.charset import PRINTED_AS_SYMBOLS, clean

BR = r"\ifhmode\newline\else\space\fi{}"  # what a line break inside a value becomes

ESCAPE_CASES = [
    # (input, expected LaTeX)
    ("", ""),
    ("plain words", "plain words"),
    ("Café Łódź — 5 €", "Café Łódź — 5 €"),
    ("\\", r"\textbackslash{}"),
    ("{", r"\{"),
    ("}", r"\}"),
    ("$", r"\$"),
    ("&", r"\&"),
    ("#", r"\#"),
    ("%", r"\%"),
    ("_", r"\_"),
    ("^", r"\textasciicircum{}"),
    ("~", r"\textasciitilde{}"),
    ("<", r"\textless{}"),
    (">", r"\textgreater{}"),
    ("|", r"\textbar{}"),
    ("[", r"{[}"),
    ("]", r"{]}"),
    ('"', r"\textquotedbl{}"),
    ("'", r"\textquotesingle{}"),
    ("`", r"\textasciigrave{}"),
    # -- and --- would be dashes, `` and '' curly quotes, ?` and !` Spanish marks.
    ("--", "-{}-{}"),
    ("---", "-{}-{}-{}"),
    ("``x''", r"\textasciigrave{}\textasciigrave{}x\textquotesingle{}\textquotesingle{}"),
    ("?`", r"?\textasciigrave{}"),
    # The commands a record might try to run come out as their characters.
    (r"\input{/etc/passwd}", r"\textbackslash{}input\{/etc/passwd\}"),
    ("^^5cinput", r"\textasciicircum{}\textasciicircum{}5cinput"),
    (r"\write18{rm -rf ~}", r"\textbackslash{}write18\{rm -{}rf \textasciitilde{}\}"),
    (r"\def\x{\x}\x", r"\textbackslash{}def\textbackslash{}x\{\textbackslash{}x\}\textbackslash{}x"),
    ("100% & #1 $x_1$", r"100\% \& \#1 \$x\_1\$"),
    # Characters pdflatex cannot take from UTF-8 input, set in math instead.
    ("a ≤ b ≥ c ≠ d", r"a \ensuremath{\leq} b \ensuremath{\geq} c \ensuremath{\neq} d"),
    ("±1 × 2 → ∞ − 3", r"\ensuremath{\pm}1 \ensuremath{\times} 2 \ensuremath{\rightarrow} "
                       r"\ensuremath{\infty} \ensuremath{-} 3"),
    ("wait…", r"wait\ldots{}"),
    ("non\u00a0breaking", "non~breaking"),
    # Line breaks: one explicit break each; none at the ends; never a blank line.
    ("a\nb", "a" + BR + "b"),
    ("a\r\nb", "a" + BR + "b"),
    ("a\rb", "a" + BR + "b"),
    ("a\n\n\nb", "a" + BR + "b"),
    ("a\n  \n b", "a" + BR + " b"),
    ("\nfirst", "first"),
    ("last\n\n", "last"),
    # Cleaning: NFC, no BOM, no control or format characters, tabs as spaces.
    ("e\u0301", "é"),
    ("e\x00\u0301", "é"),
    ("\ufeffBOM", "BOM"),
    ("a\tb", "a b"),
    ("bell\x07 null\x00 esc\x1b del\x7f", "bell null esc del"),
    ("zero\u200bwidth\u200d joiners", "zerowidth joiners"),
    ("right\u202eleft override", "rightleft override"),
    ("private\ue000use", "privateuse"),
    # Long unbreakable runs get break points, so they wrap instead of overflowing.
    ("a" * 30, "a" * 24 + r"\cvbbreak{}" + "a" * 6),  # a word: see test_long_words...
    # A run with no mark to break at (a hash): every 12 characters.
    ("a1" * 15, "a1" * 6 + r"\allowbreak{}" + "a1" * 6 + r"\allowbreak{}" + "a1" * 3),
    ("short " * 5, "short " * 5),
    ("https://example.org/a/very/long/path/to/a/page",
     # after its punctuation, as \url breaks, never inside a word ('ve' 'ry'); after a
     # '/' freely, after other marks at a cost (a line ending 'example.' looks finished)
     r"https://\allowbreak{}example.\cvbmarkbreak{}org/\allowbreak{}a/\allowbreak{}very/"
     r"\allowbreak{}long/\allowbreak{}path/\allowbreak{}to/\allowbreak{}a/\allowbreak{}page"),
    ("ada.lovelace@engines.example.org", r"ada.\cvbmarkbreak{}lovelace@"
     r"\cvbmarkbreak{}engines.\cvbmarkbreak{}example.\cvbmarkbreak{}org"),
    # A soft hyphen is TeX's discretionary hyphen; in a long word, the only breaks there
    # are the writer's (one part longer than 48 letters gets ours too).
    ("\u00ad", r"\-"),
    ("Supercalifragilistic\u00adexpialidocious\u00adAntidisestablishmentarianism",
     r"Supercalifragilistic\-expialidocious\-Antidisestablishmentarianism"),
    ("a" * 20 + "\u00ad" + "b" * 60, "a" * 20 + r"\-" + "b" * 48 + r"\cvbbreak{}" + "b" * 12),
    # No break after a hyphen: pdftotext would drop a hyphen ending a line.
    ("maximilian-alexander-featherstonehaugh", r"maximilian-{}alexander-{}fea\cvbbreak{}"
     r"therstonehau\cvbbreak{}gh"),
    # A DOI breaks after its '/'; never in '10.1109', nor after a '.' ('doi:10.1002/pamm.'
    # '202200123' read as a finished sentence); in its own part only where it would
    # overflow (every 12 characters, never after a '.' or '-' nor before a '.' or '/').
    ("doi:10.1109/TPAMI.2023.1234567",
     r"doi:10.1109/\allowbreak{}TPAMI.2023.1\cvblastbreak{}234567"),
    ("doi:10.1002/pamm.202200123", r"doi:10.1002/\allowbreak{}pamm.2022001\cvblastbreak{}23"),
    ("DOI:10.1000.10/123456789012.x", r"DOI:10.1000.10/\allowbreak{}123456789012.x"),
    ("https://doi.org/10.1093/mnras/stab1234",  # an address, then a DOI ('/' in its part)
     r"https://\allowbreak{}doi.\cvbmarkbreak{}org/\allowbreak{}10.1093/\allowbreak{}mnras/"
     r"\allowbreak{}stab1234"),
    ("doi:10.1007/978-3-319-24574-4_28",
     r"doi:10.1007/\allowbreak{}978-{}3-{}319-{}24\cvblastbreak{}574-{}4\_28"),
    # Not a DOI: '10.' not followed by a registrant's number and '/'.
    ("version10.12.3/release_notes.txt", r"version10.\cvbmarkbreak{}12.\cvbmarkbreak{}3/"
     r"\allowbreak{}release\_\cvbmarkbreak{}notes.\cvbmarkbreak{}txt"),
]


@pytest.mark.parametrize("text, expected", ESCAPE_CASES,
                         ids=[repr(text)[:40] for text, _ in ESCAPE_CASES])
def test_escape_latex(text, expected):
    assert escape_latex(text) == expected


def test_every_special_has_a_row():
    """Each character of the table is pinned by a row above, so a change is noticed."""
    singles = {text for text, _ in ESCAPE_CASES if len(text) == 1}
    assert set(LATEX_SPECIALS) - {"-", "\n", "\u00a0"} <= singles


def test_a_fragment_keeps_its_end_breaks_but_never_a_blank_line():
    """Markup pieces are escaped one by one: a break before **bold** must stay."""
    assert escape_fragment("a\n") == "a" + BR
    assert escape_fragment("\nb") == BR + "b"
    assert escape_fragment("\n\n") == BR


@pytest.mark.parametrize("text, expected", [
    ("\n \nx\n \n", "x"), ("x", "x"), ("\r\n x \r\n", " x "), ("", "")])
def test_trim_breaks(text, expected):
    assert trim_breaks(text) == expected


URL_CASES = [
    ("https://example.org", "https://example.org"),
    ("  https://example.org/  ", "https://example.org/"),
    ("https://example.org/a?b=1&c=2#frag", r"https://example.org/a?b=1&c=2\#frag"),
    ("https://example.org/100%25", r"https://example.org/100\%25"),
    ("https://example.org/~user/(x)[y]!$'*+,;=@:", "https://example.org/~user/(x)[y]!$'*+,;=@:"),
    ("https://example.org/café", r"https://example.org/caf\%C3\%A9"),
    # Anything TeX could read as a command or group is percent-encoded.
    (r"https://example.org/\input{x}", r"https://example.org/\%5Cinput\%7Bx\%7D"),
    ("https://example.org/^^5c", r"https://example.org/\%5E\%5E5c"),
    ("https://example.org/a b", r"https://example.org/a\%20b"),
    ('https://example.org/"<|>`', r"https://example.org/\%22\%3C\%7C\%3E\%60"),
    ("mailto:ada@example.org", "mailto:ada@example.org"),
    ("tel:+1(555)0100", "tel:+1(555)0100"),
]


@pytest.mark.parametrize("url, expected", URL_CASES, ids=[u[:40] for u, _ in URL_CASES])
def test_escape_url(url, expected):
    assert escape_url(url) == expected


# --- Properties: whatever the input, nothing TeX would interpret is left over ---------

# What escape_latex may emit besides plain characters: exactly these commands.
_OUR_LATEX = re.compile("|".join(map(re.escape, sorted({
    *LATEX_SPECIALS.values(), r"\allowbreak{}", r"\cvbmarkbreak{}", r"\cvblastbreak{}",
    r"\cvbtie{}", r"\ldots{}", BR,
    r"\ensuremath{\leq}", r"\ensuremath{\geq}", r"\ensuremath{\neq}", r"\ensuremath{\approx}",
    r"\ensuremath{\pm}", r"\ensuremath{\times}", r"\ensuremath{\rightarrow}",
    r"\ensuremath{\leftarrow}", r"\ensuremath{\infty}", r"\ensuremath{-}"}, key=len,
    reverse=True))))


def assert_inert(latex: str) -> None:
    """Once our own commands are taken out, no character with a meaning to TeX remains."""
    rest = _OUR_LATEX.sub("", latex)
    assert not set(rest) & set("\\{}$&#^_%~\n\r\t\x00"), rest


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_escape_latex_leaves_nothing_for_tex_to_interpret(text):
    assert_inert(escape_latex(text))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("\\{}$&#^_%~<>|[]\"'`- \n\tab5c")))
def test_escape_latex_specials_only(text):
    """The same, with the input made only of special characters (hypothesis's worst case)."""
    assert_inert(escape_latex(text))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_an_escaped_name_is_inert_and_tied(text):
    """An author's name: the same, and no space left for a line to break at."""
    latex = escape_name(text)
    assert_inert(latex)
    assert " " not in latex


@pytest.mark.parametrize("name, expected", [
    ("N. C. Dvornek", r"N.~C.~Dvornek"),
    (" Yifan  Ding\n", r"Yifan~Ding"),  # one tie for a run of spaces, none at the ends
    ("Ludwig van\u00a0Beethoven", r"Ludwig~van~Beethoven"),  # the writer's own tie
    ("María José García-Márquez", r"María~José~García-{}Márquez"),
    ("O'Brien & Co", r"O\textquotesingle{}Brien~\&~Co"),
    ("王小明", "王小明"),
    ("Featherstonehaughmaximilianalexander Smith",  # a long part keeps its break points
     r"Featherstonehaughmaximil\cvbbreak{}ianalexander~Smith"),
    # A name longer than LONG_NAME (a consortium's) is tied loosely: it may fill a line.
    ("The International Consortium for the Study of Long Names",
     r"The\cvbtie{}International\cvbtie{}Consortium\cvbtie{}for\cvbtie{}the\cvbtie{}Study"
     r"\cvbtie{}of\cvbtie{}Long\cvbtie{}Names"),
])
def test_a_name_is_tied_between_its_parts(name, expected):
    assert escape_name(name) == expected


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_clean_is_nfc_without_controls_and_idempotent(text):
    import unicodedata

    cleaned = clean(text)
    assert unicodedata.is_normalized("NFC", cleaned)
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn")
                   for ch in cleaned if ch not in "\n\u00ad")  # a soft hyphen has a job
    assert clean(cleaned) == cleaned


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_escape_url_leaves_only_address_characters(text):
    escaped = escape_url(text)
    rest = escaped.replace(r"\%", "").replace(r"\#", "")
    assert not set(rest) & set("\\{}%#^ \n\"<>|`"), rest


def test_long_run_breaks_are_only_break_points():
    """The break points added to long runs are \\allowbreak, which prints nothing (in a
    word \\cvbbreak, which is \\allowbreak where the document does not hyphenate)."""
    for token in ("x" * (LONG_RUN * 5), "x1" * LONG_RUN * 3, "ab/cd." * LONG_RUN,
                  "doi:10.1234/" + "ab.cd" * LONG_RUN):
        escaped = escape_latex(token)
        for point in (r"\allowbreak{}", r"\cvbbreak{}", r"\cvbmarkbreak{}", r"\cvblastbreak{}"):
            escaped = escaped.replace(point, "")
        assert escaped == token
    assert r"\allowbreak" not in escape_latex("Rechtsschutzversicherungsgesellschaften")
    assert r"\cvbbreak" not in escape_latex("a3f5" * 20)  # a hash is no word: breaks anyway


# --- In a real document ---------------------------------------------------------------


@pytest.mark.latex
def test_long_unbreakable_strings_wrap_instead_of_overflowing(tmp_path, build_cv, pdf_text):
    """A hash or an address longer than a line, in paragraph fields: no overfull line."""
    digest = "a3f5" * 40
    address = "https://example.org/" + "/".join(["segment"] * 30) + "?q=" + "x" * 60
    record = {"person": {"name": "Ada Lovelace"},
              "research_statement": f"See {address} and {digest}.",
              "awards": [{"name": digest, "detail": address, "year": 2020}],
              "skills": [{"category": "Hash", "items": [digest, address]}],
              "publications": [{"id": "p", "authors": ["A. B"], "title": digest, "year": 2020}],
              "experience": [{"organization": "Org", "position": "Role",
                              "highlights": [digest, address]}]}
    built = build_cv(record, tmp_path)
    assert built.code == 0, built.result.output
    log = (tmp_path / "output" / ".build" / "academic-cv" / "academic-cv.log").read_text(
        encoding="utf-8", errors="replace")
    overfull = [float(width) for width in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide",
                                                        log)]
    assert not [width for width in overfull if width > 2], overfull
    poppler, _ = pdf_text(built.pdf)
    assert digest in re.sub(r"\s", "", poppler)


@pytest.mark.latex
def test_line_break_in_the_name_is_a_space_in_the_metadata(tmp_path, build_cv, pdf_text):
    from pypdf import PdfReader

    built = build_cv({"person": {"name": "Ada\nLovelace", "headline": "\nfirst\n\nsecond\n"},
                      "research_statement": "Notes."}, tmp_path)  # a CV with one section
    assert built.code == 0, built.result.output
    assert PdfReader(built.pdf).metadata["/Author"] == "Ada Lovelace"
    poppler, pypdf = pdf_text(built.pdf)
    assert "Ada\nLovelace\nfirst\nsecond" in poppler  # breaks kept, no blank line


def test_every_symbol_the_record_lets_through_has_its_latex():
    """record/charset.py lets these characters through validation; escape prints them."""
    assert set(SYMBOLS) == set(PRINTED_AS_SYMBOLS)
