"""The PDF's text layer, what applicant tracking systems read: every string exactly.

Two checks. The seed record's academic CV: every string it prints comes out of
pdftotext and pypdf as written (no ligature glyphs, accents intact, no lost or
added spaces; line breaks count as spaces). And every character charset.py says
pdflatex can set, one compile for all of them: each comes out as itself, except a
documented list that pdflatex builds from an accent glyph and a letter (see below).
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from conftest import DATA_RECORD, shown, squash
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from cv_builder.latex.escape import SYMBOLS, escape_latex
from cv_builder.record.charset import (PDFLATEX_RANGES, TEXT_LAYER_INEXACT, clean,
                                      unsupported_characters)
from cv_builder.record.fields import escape_markup, into_field, is_markup
from cv_builder.record.markup import Math, Text, parse
from cv_builder.record.model import Person, Publication
from cv_builder.record.validate import load_record

pytestmark = pytest.mark.latex

# Strings of the record the academic CV does not print, by design: matching is by the
# dotted path with list indexes removed.
NOT_PRINTED = {
    "person.name_forms": "spellings used to bold the owner in author lists",
    "person.other_emails": "kept for the record",
    "person.profiles.url": "printed without its scheme or language parameter",
    "person.profiles.label": "the exports' link text; the PDFs print the address",
    "experience.url": "behind the organization's name",
    "projects.url": "behind the project's name",
    "open_source.url": "behind the repository's name",
    "publications.id": "a key, not text",
    "publications.links.url": "behind the link's label",
    "publications.type": "used for selection",
    "publications.status": "only statuses other than published/accepted are printed",
    "publications.doi": "not shown by the academic CV",
    "research.projects.papers": "printed as citation numbers",
    "research.projects.links.url": "behind the link's label",
    "talks.links.url": "behind the link's label",
    "person.website": "printed without its scheme (see test_the_website_shows_its_address)",
    "research.narrative": "the research statement's prose; the CV lists the projects",
    "future_directions": "the research statement's closing section",
    "about": "the résumé's summary; the academic CV has the research statement",
    "tags": "used for selection",
}


def record_strings(value, path=(), model=None, name=None):
    """(dotted path without indexes, text as printed) for every string in the record."""
    if isinstance(value, BaseModel):
        for field, info in type(value).model_fields.items():
            yield from record_strings(getattr(value, field), path + (info.alias or field,),
                                      type(value), field)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from record_strings(item, path, model, name)
    elif isinstance(value, str):
        key = ".".join(path)
        if key.startswith("$schema") or key.split(".")[-1] == "tags" or key in NOT_PRINTED:
            return
        if not is_markup(model, name):
            yield key, value
            return
        for chunk in markup_chunks(value):
            yield key, chunk


def markup_chunks(value: str):
    """The text a markup string prints: a formula prints as math glyphs, so the text on
    either side of it, separately."""
    chunk = ""
    for node in parse(value):
        if isinstance(node, Math):
            yield chunk
            chunk = ""
        else:
            chunk += node_text(node)
    yield chunk


def node_text(node) -> str:
    """What a markup node prints (Bold, Italic, Link: their children's text)."""
    if isinstance(node, Text):
        return node.text
    return "".join(map(node_text, node.children))


def body(text: str) -> str:
    """Text without lines that are only a number (page numbers, years in a column), and
    without radical signs: the glyph of \\sqrt hangs from a baseline above its line, so
    pdftotext files it in the line before (seed: "momentum √ centering")."""
    text = unicodedata.normalize("NFC", text).replace("√", " ")
    return re.sub(r"^\s*\d+\s*$", " ", text, flags=re.M)


def printed(expected: str, text: str) -> bool:
    """The string as the record cleans it (NFC, no control characters) is in the text."""
    return shown(clean(expected), text)


@pytest.fixture(scope="module")
def seed_cv(tmp_path_factory, build_cv, pdf_text):
    folder = tmp_path_factory.mktemp("seed")
    built = build_cv(DATA_RECORD, folder, "academic-cv")
    assert built.code == 0, built.result.output
    return tuple(body(text) for text in pdf_text(built.pdf))


def test_every_seed_string_is_in_the_academic_cv(seed_cv):
    record, _ = load_record(DATA_RECORD)
    strings = list(record_strings(record))
    assert len(strings) > 150
    missing = [(path, text, extractor)
               for path, text in strings
               for extractor, layer in zip(("pdftotext", "pypdf"), seed_cv)
               if not printed(text, layer)]
    assert not missing, "\n".join(f"{extractor}: {path}: {text!r}"
                                  for path, text, extractor in missing)


def test_no_ligature_glyphs_or_lost_spaces(seed_cv):
    for layer in seed_cv:
        assert not set(layer) & set("\ufb00\ufb01\ufb02\ufb03\ufb04"), "a ligature glyph"
        # Words of the seed that a ligature or a lost inter-word space would break.
        for phrase in ("memory efficient", "flat minima", "first to achieve",
                       "differential equation", "official repositories", "Juntang Zhuang",
                       "DALL·E 2.5 and DALL·E 3", "San Francisco, CA", "w.r.t. integration"):
            assert phrase in squash(layer), phrase


# The characters pdflatex prints but extracts wrongly (charset.TEXT_LAYER_INEXACT): a
# document with one of them is made with XeLaTeX (test_scripts.py checks its text).


def settable_characters() -> list[str]:
    chars = [chr(code) for start, end in PDFLATEX_RANGES for code in range(start, end + 1)]
    chars += [ch for ch in SYMBOLS if ch not in chars]
    # Spaces are checked by every other test; removed characters have nothing to show, nor
    # has a soft hyphen where no line ends at it (tests/test_soft_hyphens.py).
    return [ch for ch in chars if clean(ch) == ch and not ch.isspace() and ch != "\u00ad"]


def test_every_settable_character_comes_out_as_itself(tmp_path, build_cv, pdf_text):
    """All of them in one document, each between markers: one compile."""
    chars = settable_characters()
    assert len(chars) > 400
    rows = [f"{index:03d}<{ch}>" for index, ch in enumerate(chars)]
    items = [" ".join(rows[i:i + 50]) for i in range(0, len(rows), 50)]  # within TEXT_MAX
    record = {"person": {"name": "Ada Lovelace"},
              "skills": [{"category": "Characters", "items": items}]}
    built = build_cv(record, tmp_path)
    assert built.code == 0, built.result.output
    for extractor, layer in zip(("pdftotext", "pypdf"), pdf_text(built.pdf)):
        found = dict(re.findall(r"(\d{3})<(.*?)>", layer, flags=re.S))
        wrong = {ch: found.get(f"{i:03d}") for i, ch in enumerate(chars)
                 if ch not in TEXT_LAYER_INEXACT and found.get(f"{i:03d}") != ch}
        # "<" and ">" are themselves markers: their rows read "<<>" and "<>>".
        wrong.pop("<", None), wrong.pop(">", None)
        assert not wrong, f"{extractor}: " + ", ".join(
            f"U+{ord(ch):04X} {ch!r} came out as {got!r}" for ch, got in wrong.items())
    assert "<<>" in squash(pdf_text(built.pdf)[0]) and "<>>" in squash(pdf_text(built.pdf)[0])


def test_inexact_characters_still_print(tmp_path, build_cv):
    """The documented exceptions build (they are on the page, only not in the text)."""
    record = {"person": {"name": "Ada Lovelace"},
              "skills": [{"category": "Names", "items": ["".join(sorted(TEXT_LAYER_INEXACT))]}]}
    assert build_cv(record, tmp_path).code == 0


# --- Property: any text in any kind of field -------------------------------------------

_EXACT = sorted(set(settable_characters()) - TEXT_LAYER_INEXACT)
_SPECIALS = list("\\{}$&#^_%~<>|[]\"'`-*") + ["\n", "\t", "\r", "\u00a0", " ", "\u200b",
                                               "\x00", "\ufeff", "\u0301"]


@st.composite
def field_texts(draw) -> list[str]:
    """Four strings: mostly characters pdflatex sets, TeX's specials and odd spaces; in
    about half the examples, any character at all (most of which it cannot set)."""
    pools = [st.sampled_from(_EXACT), st.sampled_from(_SPECIALS)]
    if draw(st.booleans()):
        pools.append(st.characters(blacklist_characters=sorted(TEXT_LAYER_INEXACT)))
    alphabet = st.one_of(pools)
    texts = draw(st.lists(st.text(alphabet, max_size=40), min_size=4, max_size=4))
    # NFC can compose a letter and an accent into one of the documented exceptions.
    assume(not any(set(clean(text)) & TEXT_LAYER_INEXACT for text in texts))
    return texts


@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts=field_texts())
def test_any_text_is_printed_exactly_or_refused_by_name(tmp_path_factory, build_cv, pdf_text,
                                                        texts):
    """A plain field in a paragraph (skills), in bold (a title), in the header (headline),
    and a markup field holding the text literally (a highlight): one build per example.
    Either every string is in the PDF's text as written (NFC, no control characters,
    whitespace normalised) or validation refuses, naming each field and character."""
    skill, title, headline, highlight = texts
    # A field that takes markup gets the text escaped, as a user would to print it as is.
    fields = {"skills[0].items[0]": skill,
              "publications[0].title": into_field(Publication, "title", title),
              "person.headline": into_field(Person, "headline", headline),
              "experience[0].highlights[0]": escape_markup(highlight)}
    record = {
        "person": {"name": "Ada Lovelace", "headline": fields["person.headline"]},
        "skills": [{"category": "K", "items": [skill]}],
        "publications": [{"id": "p", "authors": ["A. Tester"],
                          "title": fields["publications[0].title"], "year": 1843}],
        "experience": [{"organization": "Org", "position": "Role",
                        "highlights": ["H: " + escape_markup(highlight)]}],
    }
    built = build_cv(record, tmp_path_factory.mktemp("any"))
    unsettable = {path: unsupported_characters(text) for path, text in fields.items()}
    if any(unsettable.values()):
        assert built.code == 2, built.result.output
        for path, chars in unsettable.items():
            if chars:
                assert re.search(rf"cv\.yaml:\d+:\d+: {re.escape(path)}: cannot be typeset: "
                                 rf"U\+{ord(chars[0]):04X} ", built.result.output), \
                    (path, chars, built.result.output)
        return
    assert built.code == 0, built.result.output
    # A skill that prints nothing leaves its category with no colon after it.
    expected = [f"K: {skill}" if escape_latex(skill) else "K", f"Tester. {title}", headline,
                f"H: {highlight}"]
    for extractor, layer in zip(("pdftotext", "pypdf"), pdf_text(built.pdf)):
        for text in expected:
            assert printed(text, layer), (extractor, text, layer)


def test_the_website_shows_its_address(seed_cv):
    """The header prints the website as a reader types it: no scheme, nothing else lost."""
    record, _ = load_record(DATA_RECORD)
    address = record.person.website.removeprefix("https://").removeprefix("http://")
    for layer in seed_cv:
        assert shown(address, layer) and "https://" + address not in layer


@pytest.fixture(scope="module")
def seed_statement(tmp_path_factory, build_cv):
    folder = tmp_path_factory.mktemp("statement")
    built = build_cv(DATA_RECORD, folder, "research-statement")
    assert built.code == 0, built.result.output
    return built.pdf


def test_hyphenated_prose_still_extracts_whole_words(seed_statement, pdf_text):
    """The statement is justified and hyphenated. A line-ending hyphen there is always a
    hyphenation point (explicit hyphens never end a line), so pdftotext joins the word
    again, and an extractor that keeps the hyphen (pypdf) can join it exactly."""
    import subprocess

    raw = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(seed_statement), "-"],
                         check=True, capture_output=True, text=True).stdout
    assert re.search(r"[a-z]-\n[a-z]", raw), "nothing was hyphenated: the test proves nothing"
    record, _ = load_record(DATA_RECORD)
    # Without the footers, which a paragraph running over a page has in its middle.
    poppler, pypdf = (re.sub(r"^(Juntang Zhuang · .*|page \d+ of \d+) *$", " ", text,
                             flags=re.M) for text in pdf_text(seed_statement))
    joined = re.sub(r"(?<=\w)- *\n *(?=\w)", "", pypdf)
    prose = [chunk for text in [*(theme.narrative for theme in record.research),
                                record.future_directions, record.research_statement]
             for chunk in markup_chunks(text)]
    assert len(prose) >= 5
    for text in prose:
        assert printed(text, body(poppler)), ("pdftotext", text[:60])
        assert printed(text, body(joined)), ("pypdf", text[:60])


def test_a_larger_root_sign_extracts_as_a_root_sign(tmp_path, build_cv, pdf_text):
    """A root over a tall radicand takes its sign from the math extension font, which
    glyphtounicode.tex does not map: it read as "p". (Every root sign stays on a line of
    its own: TeX raises it to its bar; docs/record.md says so.)"""
    built = build_cv({"person": {"name": "Ada Lovelace"},
                      "research_statement": "Norms: $\\sqrt{x^2+y^2}$ and $O(1/\\sqrt{T})$."},
                     tmp_path)
    assert built.code == 0, built.result.output
    for text in pdf_text(built.pdf):
        words = text.split()
        assert words.count("√") == 2, text
        assert "p" not in words, text
