"""Joiners and direction marks that shape or order a script's own letters reach XeLaTeX
and the PDF shows the shapes they ask for (docs/record.md, "Invisible characters").

Before: a Persian name written with its zero-width non-joiner ('علی\\u200cرضا') was
refused, as every U+200C was. Now it builds, HarfBuzz sets the letter before the
non-joiner in its final form, and both extractors read the letters in order. What
each one gives for the joiner itself, measured with poppler 22.12 and pypdf 7: HarfBuzz
sets an invisible character as the font's space glyph at no width, so pdftotext reads
the letters with nothing between them ('علیرضا') and pypdf reads a space ('علی رضا').
"""

from __future__ import annotations

import re

import pytest

from cv_builder.latex.escape import Engine, escape_latex, reset_engine, use_engine
from test_scripts import needs_fonts, normal

ZWNJ, LRM = "\u200c", "\u200e"
NAME = f"علی{ZWNJ}رضا Ahmadi"  # Alireza: the yeh ends its half
HEADLINE = f"می{ZWNJ}خواهم"  # 'I want': the verb's prefix stands apart
TITLE = f"پژوهش{ZWNJ}های زبان فارسی C++{LRM} و علم"  # a plural ending, an LRM in a title
PERSIAN_PHRASE = re.compile("[\u0600-\u06ff\u200c]+(?: [\u0600-\u06ff\u200c]+)*")


@needs_fonts
def test_a_joiner_is_set_in_its_letters_font_run():
    """HarfBuzz shapes a run at a time: the joiner must be inside its letters' run, and
    a mark beside Latin text goes to Noto, which has it (XeTeX stops at a character its
    font lacks, even an invisible one)."""
    from cv_builder.latex.fonts import coverage

    engine = Engine("xelatex", coverage())
    token = use_engine(engine)
    try:
        assert escape_latex(NAME) == f"\\cvbrtl{{arabic}}{{علی{ZWNJ}رضا}} Ahmadi"
        assert escape_latex(f"C++{LRM} و") == f"C++\\cvbrun{{noto}}{{{LRM}}} \\cvbrtl{{arabic}}{{و}}"
    finally:
        reset_engine(token)
    assert not engine.missing and engine.slots == {"arabic", "noto"}


def test_pdflatex_never_gets_a_joiner():
    """A document with a kept joiner is made with XeLaTeX: the pdflatex rendering notes
    it as beyond its set (pdflatex's T1 would print U+200C as a ligature break, and drop
    U+200D), whatever the letters beside it."""
    engine = Engine("pdflatex")
    token = use_engine(engine)
    try:
        escape_latex(f"Ali{LRM} و")
    finally:
        reset_engine(token)
    assert engine.beyond_pdflatex


def persian(name: str = NAME) -> dict:
    return {"person": {"name": name, "headline": HEADLINE, "email": "a@example.org"},
            "education": [{"institution": "دانشگاه تهران", "degree": "کارشناسی ارشد",
                           "start": "2010-09", "end": "2012-06"}],
            "publications": [{"id": "p1", "authors": [name], "title": TITLE,
                              "year": 2020}]}


@pytest.mark.latex
@needs_fonts
def test_a_persian_name_with_its_non_joiner_builds_and_reads_back(tmp_path, build_cv,
                                                                  pdf_text):
    built = build_cv(persian(), tmp_path)
    assert built.code == 0, built.result.output
    log = next((tmp_path / "output" / ".build").glob("*/academic-cv.log")).read_text(
        errors="replace")
    assert "This is XeTeX" in log and "Missing character" not in log
    poppler, pypdf = (normal(text) for text in pdf_text(built.pdf))
    for written in (NAME, HEADLINE, TITLE):
        # pdftotext: the letters in order, the joiner and the mark not read. (It puts a
        # line's Latin words where its right-to-left reading finds them, with or without
        # a joiner, so each Persian phrase is looked for on its own.)
        for phrase in PERSIAN_PHRASE.findall(written):
            assert normal(phrase.replace(ZWNJ, "")) in poppler, (phrase, poppler)
        # pypdf: the letters in order, a space where the (space-glyph) joiner stands.
        assert normal(written.replace(ZWNJ, " ").replace(LRM, "")) in pypdf, pypdf
    # The metadata keeps the name exactly as written, joiner and all.
    from pypdf import PdfReader

    assert PdfReader(built.pdf).metadata["/Author"] == NAME


def arabic_glyphs(pdf) -> list[str]:
    """The glyph codes set in the Arabic font on the first page, in order, without the
    space glyph (what HarfBuzz sets for a joiner, so that only the letters' forms are
    compared)."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    page = PdfReader(pdf).pages[0]
    fonts = {name: font.get_object() for name, font in page["/Resources"]["/Font"].items()}
    spaces = set()
    for name, font in fonts.items():
        if "Arabic" in str(font["/BaseFont"]) and "/ToUnicode" in font:
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            spaces |= {code.lower() for code in re.findall(r"<([0-9A-Fa-f]{4})>\s*<0020>", cmap)}
    glyphs, arabic = [], False
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"Tf":
            arabic = "Arabic" in str(fonts[operands[0]]["/BaseFont"])
        elif arabic and operator in (b"Tj", b"TJ"):
            for part in operands[0] if operator == b"TJ" else operands:
                if isinstance(part, (bytes, str)) and not isinstance(part, (int, float)):
                    data = part if isinstance(part, bytes) else part.original_bytes
                    codes = [data[i:i + 2].hex() for i in range(0, len(data), 2)]
                    glyphs += [code for code in codes if code not in spaces]
    return glyphs


@pytest.mark.latex
@needs_fonts
def test_the_non_joiner_changes_the_letters_shapes(tmp_path, build_cv):
    """The same name with and without its non-joiner: the same letters, set as other
    glyphs (the yeh final instead of medial, the reh alone instead of joined): HarfBuzz
    shaped with the joiner, which did not vanish on the way."""
    plain = {"person": {"name": "علیرضا Ahmadi"}, "about": "Engineer."}
    joined = {"person": {"name": f"علی{ZWNJ}رضا Ahmadi"}, "about": "Engineer."}
    with_it = build_cv(joined, tmp_path / "with")
    without = build_cv(plain, tmp_path / "without")
    assert with_it.code == 0 and without.code == 0, (with_it.result.output,
                                                     without.result.output)
    shaped, unshaped = arabic_glyphs(with_it.pdf), arabic_glyphs(without.pdf)
    assert len(unshaped) >= 5 and len(shaped) == len(unshaped), (shaped, unshaped)
    assert shaped != unshaped
