"""Every script in the PDF: the engine choice, the font of each run, the text layer in
pdftotext and pypdf, and the characters and emoji refused by name."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO_ROOT
from cv_builder.record.charset import (PRINTABLE_FILE, TEXT_LAYER_INEXACT, colour_only, needs_xelatex,
                                unsupported_characters)
from cv_builder.latex.escape import Engine, escape_latex, reset_engine, use_engine
from cv_builder.record.language import language, supported_locales
from cv_builder.record.dates import PartialDate

HAS_XELATEX = shutil.which("xelatex") is not None and shutil.which("kpsewhich") is not None
needs_fonts = pytest.mark.skipif(not HAS_XELATEX, reason="XeLaTeX path not installed")


# --- Which engine, which font --------------------------------------------------------

def test_latin_text_stays_on_pdflatex_and_composed_letters_do_not():
    assert not needs_xelatex("Ada Lovelace, Zoë Ødegård, Łukasz, “quoted” — €5")
    for ch in "āǎẞḍĢŭ…≠":
        assert ch in TEXT_LAYER_INEXACT and needs_xelatex(f"x{ch}"), ch
    assert needs_xelatex("庄钧堂") and needs_xelatex("Γιώργος")


class FakeCoverage:
    """Latin in the main fonts; Greek in noto; Hebrew; CJK."""

    def slot_for(self, ch):
        code = ord(ch)
        if code < 0x250:
            return ""
        if 0x370 <= code <= 0x3FF:
            return "noto"
        if 0x5D0 <= code <= 0x5EA:
            return "hebrew"
        if 0x4E00 <= code <= 0x9FFF:
            return "cjk"
        return None


def xelatex_escape(text: str) -> tuple[str, Engine]:
    engine = Engine("xelatex", FakeCoverage())
    token = use_engine(engine)
    try:
        return escape_latex(text), engine
    finally:
        reset_engine(token)


def test_each_run_goes_to_its_font_and_specials_stay_escaped():
    tex, engine = xelatex_escape("Dr. Γιώργος Παπαδόπουλος & 庄钧堂 $5")
    assert tex == r"Dr. \cvbrun{noto}{Γιώργος Παπαδόπουλος} \& \cvbrun{cjk}{庄钧堂} \$5"
    assert engine.slots == {"noto", "cjk"} and not engine.missing


def test_right_to_left_phrases_keep_their_words_together():
    tex, _ = xelatex_escape("in שלום עולם now")
    assert tex == r"in \cvbrtl{hebrew}{שלום\cvbspace{}עולם} now"


@needs_fonts
def test_an_arabic_run_stays_in_one_font_even_with_a_rare_letter():
    """Letters join within a word: a run with a letter Noto Kufi Arabic lacks goes whole
    to the wider Arabic font, never split between two."""
    from cv_builder.latex.fonts import coverage

    engine = Engine("xelatex", coverage())
    token = use_engine(engine)
    try:
        common = escape_latex("جامعة القاهرة")
        rare = escape_latex("جامعة \u0620القاهرة")
    finally:
        reset_engine(token)
    assert common == r"\cvbrtl{arabic}{جامعة\cvbspace{}القاهرة}"
    assert rare == r"\cvbrtl{arabicwide}{جامعة\cvbspace{}" + "\u0620" + r"القاهرة}"
    assert engine.slots == {"arabic", "arabicwide"}


@needs_fonts
def test_a_word_of_one_script_goes_wholly_to_the_font_that_has_all_of_it():
    """Latin Modern has Greek capitals but no small Greek letters: a Greek word is set
    wholly in Noto, never its first letter apart ("Μ" + "ελετώ"); Latin words beside it,
    and Latin letters joined to Chinese ones, stay in the document's font."""
    from cv_builder.latex.fonts import coverage
    from cv_builder.latex.escape import script_words

    assert coverage().slot_for("Σ") == "" and coverage().slot_for("ω") == "noto"
    engine = Engine("xelatex", coverage())
    token = use_engine(engine)
    try:
        tex = escape_latex("Σωκράτης Παπαδόπουλος, ΜΙΤ and Μελετώ; GPT模型")
    finally:
        reset_engine(token)
    assert tex == (r"\cvbrun{noto}{Σωκράτης Παπαδόπουλος}, ΜΙΤ and \cvbrun{noto}{Μελετώ}; "
                   r"GPT\cvbrun{cjk}{模型}")
    assert [w for w in script_words("Zoë e\u0301t\u00e9 Μελετώ 2x")] == [(0, 3), (4, 8),
                                                                         (9, 15), (17, 18)]


def test_a_character_no_font_has_is_collected_not_printed_silently():
    _, engine = xelatex_escape("a \U0001E900 b")
    assert engine.missing == ["\U0001E900"]


def test_pdflatex_rendering_notes_a_character_beyond_its_exact_set():
    engine = Engine("pdflatex")
    token = use_engine(engine)
    try:
        assert escape_latex("Zhuāng") == "Zhuāng"
    finally:
        reset_engine(token)
    assert engine.beyond_pdflatex


def test_colour_only_emoji_are_named():
    found = colour_only("Go 🇨🇳 team 👍🏽 and 👨\u200d💻, fine: 🚀 ★")
    assert any("flag 🇨🇳" in f for f in found)
    assert any("skin tone U+1F3FD" in f for f in found)
    assert any("joined emoji" in f for f in found)
    assert not colour_only("🚀 ★ ☎ ✉ ❤\ufe0f")


def test_only_characters_no_shipped_font_has_are_unsupported():
    assert unsupported_characters("庄钧堂 Γιώργος שלום مرحبا 🚀 ẞ") == []
    assert unsupported_characters("x \U0001E900") == ["\U0001E900"]


@needs_fonts
def test_the_shipped_printable_table_matches_the_installed_fonts():
    """printable.txt is what fonts.py finds in the fonts installed (refresh: make printable)."""
    from cv_builder.latex.fonts import printable_table

    assert printable_table() == PRINTABLE_FILE.read_text(encoding="utf-8")


# --- Languages ---------------------------------------------------------------------------

def test_every_required_locale_has_a_table():
    required = {"en", "en-GB", "de", "fr", "es", "it", "pt-BR", "nl", "pl", "tr", "ru", "el",
                "zh-Hans", "zh-Hant", "ja", "ko"}
    assert required <= set(supported_locales())
    english = set(language("en").words)
    for tag in supported_locales():
        assert set(language(tag).words) == english, tag
        assert all(isinstance(v, str) and v for v in language(tag).words.values()), tag


@pytest.mark.parametrize("tag, expected", [
    ("en", "Sep 2016 – Apr 2022"),
    ("en-GB", "Sept 2016 – Apr 2022"),
    ("de", "Sept. 2016 – Apr. 2022"),
    ("fr", "sept. 2016 – avr. 2022"),
    ("zh-Hans", "2016年9月 – 2022年4月"),
    ("ja", "2016年9月 – 2022年4月"),  # not CLDR's ～: one style in every language
])
def test_dates_follow_the_locale(tag, expected):
    assert language(tag).date_range(PartialDate(2016, 9), PartialDate(2022, 4)) == expected


@pytest.mark.parametrize("tag, expected", [
    ("de", "Juni 2021 – Sept. 2021"),  # CLDR's interval would be "Juni–Sept. 2021"
    ("fr", "juin 2021 – sept. 2021"),
    ("zh-Hans", "2021年6月 – 2021年9月"),
    ("ja", "2021年6月 – 2021年9月"),
])
def test_a_range_within_a_year_writes_both_ends_whole(tag, expected):
    assert language(tag).date_range(PartialDate(2021, 6), PartialDate(2021, 9)) == expected


@pytest.mark.parametrize("style", ["short", "long", "numeric", "year"])
def test_every_locale_writes_ranges_in_the_one_documented_style(style):
    """Both ends written out, each with its year, around a spaced en dash: in every
    locale, every date format, and ranges within a year, to the present, of years."""
    from cv_builder.record.language import supported_locales

    present = PartialDate.parse("present")
    for tag in supported_locales():
        words = language(tag).words
        for start, end in ((PartialDate(2021, 6), PartialDate(2021, 9)),
                           (PartialDate(2016, 9), PartialDate(2022, 4)),
                           (PartialDate(2017), PartialDate(2018)),
                           (PartialDate(2018, 9), present)):
            text = language(tag).date_range(start, end, style=style)
            if style == "year" and start.year == end.year:
                assert text.count("2021") == 1 and " – " not in text, (tag, text)
                continue
            first, dash, last = text.partition(" – ")
            assert dash and "–" not in first + last, (tag, style, text)
            assert str(start.year) in first, (tag, style, text)
            assert (words["present"] == last) if end.present else str(end.year) in last, \
                (tag, style, text)


def test_present_and_expected_come_from_the_table_and_the_record():
    present = PartialDate.parse("present")
    assert language("de").date_range(PartialDate(2022, 4), present) == "Apr. 2022 – heute"
    assert language("en", {"present": "now"}).date_range(PartialDate(2022), present) \
        == "2022 – now"
    assert language("zh-Hans").date_range(PartialDate(2020), PartialDate(2024), True) \
        == "2020年 – 2024年 (预计)"


def test_titles_translate_only_the_shipped_english_ones():
    assert language("de").title("Work Experience") == "Berufserfahrung"
    assert language("de").title("Meine Projekte") == "Meine Projekte"
    assert language("en").title("Work Experience") == "Work Experience"


def test_english_builds_never_import_babel(tmp_path):
    """Babel costs 30 ms of imports: only a record in another language pays it."""
    code = ("import sys; from cv_builder.cli.commands import main; sys.argv=['cv-builder','tex',"
            "'industry-resume','--data',sys.argv[1]]\ntry: main()\nexcept SystemExit: pass\n"
            "print('BABEL' if 'babel' in sys.modules else 'NO-BABEL', file=sys.stderr)")
    for record, wanted in ((REPO_ROOT / "data" / "cv.yaml", "NO-BABEL"), (None, "BABEL")):
        if record is None:
            record = tmp_path / "de.yaml"
            record.write_text((REPO_ROOT / "data" / "cv.yaml").read_text(encoding="utf-8")
                              + "\nlocale: de\n", encoding="utf-8")
        out = subprocess.run([sys.executable, "-c", code, str(record)], capture_output=True,
                             text=True, timeout=60)
        assert out.stderr.strip().endswith(wanted), out.stderr[-500:]


def test_a_record_rejects_unknown_locales_and_words(load, minimal):
    from cv_builder.errors import InvalidInput

    minimal["locale"] = "xx-YY"
    with pytest.raises(InvalidInput, match="'xx-YY' is not a language cv-builder has words for"):
        load(minimal)
    minimal["locale"] = "de"
    minimal["words"] = {"presnt": "jetzt"}
    with pytest.raises(InvalidInput, match="unknown word 'presnt'"):
        load(minimal)


# --- Compiled: every string of a record in six scripts, in both extractors ----------------

SIX_SCRIPTS = {
    "person": {"name": "庄钧堂", "name_forms": ["J. Zhuang"],
               "headline": "Ερευνητής και Исследователь", "location": "תל אביב",
               "email": "zhuang@example.org"},
    "research_statement": "I study **Ελληνικά** and *中文* text, x ≤ y ≠ z, with 🚀 and ★.",
    "education": [{"institution": "جامعة القاهرة", "degree": "Tiến sĩ",
                   "field": "Zhuāng Jūntáng Lǚ ẞ Ǆ ḍ Ģirts Ŭ", "start": "2012-09",
                   "end": "2016-06"}],
    "experience": [{"organization": "東京大学", "position": "연구원", "start": "2019-01",
                    "end": "present",
                    "highlights": ["Built **μ-law** codecs with *Дмитрий Иванов* and 李明",
                                   "计算机科学与技术专业的一个非常非常长的名字需要换行才能在页面"
                                   "上完整显示出来这是为了测试中文在行间断开的情况而写的句子"]}],
    "publications": [{"id": "p1", "authors": ["J. Zhuang", "Γ. Παπαδόπουλος", "Trần Đức Thắng"],
                      "title": "学习 **深度** 网络 and Λ-Δ-Ω methods", "venue": "Журнал",
                      "year": 2020}],
    "awards": [{"name": "Prize ★ 🚀", "year": 2021}],
    "skills": [{"category": "Ελληνικά", "items": ["Русский", "Tiếng Việt"]},
               {"category": "Hebrew", "items": ["עברית"]},
               {"category": "Arabic", "items": ["العربية"]},
               {"category": "CJK", "items": ["中文", "日本語", "한국어"]}],
}

_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                     "\u2066\u2067\u2068\u2069"))
_CJK = r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef]"


def normal(text: str) -> str:
    """NFC, no bidi marks (pdftotext adds them around right-to-left runs), whitespace
    squashed and none beside a CJK character (a wrapped Chinese line breaks between
    characters). Arabic is compared as written: letters, not presentation forms, and the
    spaces between right-to-left words, in both extractors."""
    text = unicodedata.normalize("NFC", text).translate(_BIDI_MARKS)
    text = re.sub(r"^\s*\d+\s*$", " ", text, flags=re.M)  # page numbers, year columns
    text = " ".join(text.split())
    return re.sub(rf"\s*({_CJK})\s*", r"\1", text)


def missing_strings(strings, layers) -> list[tuple[str, str, str]]:
    from cv_builder.record.charset import clean

    return [(extractor, path, text) for path, text in strings
            for extractor, layer in zip(("pdftotext", "pypdf"), layers)
            if normal(clean(text)) not in normal(layer)]


@pytest.mark.latex
@needs_fonts
def test_six_scripts_every_string_exact_in_both_extractors(tmp_path, build_cv, pdf_text):
    from test_text_layer import record_strings
    from cv_builder.record.validate import load_record

    built = build_cv(SIX_SCRIPTS, tmp_path)
    assert built.code == 0, built.result.output
    record, _ = load_record(tmp_path / "cv.yaml")
    strings = [(p, t) for p, t in record_strings(record) if t.strip()]
    assert len(strings) > 25
    missing = missing_strings(strings, pdf_text(built.pdf))
    assert not missing, "\n".join(map(str, missing))
    log = next((tmp_path / "output" / ".build").glob("*/academic-cv.log")).read_text(
        errors="replace")
    assert "This is XeTeX" in log and "Missing character" not in log


@pytest.mark.latex
@needs_fonts
def test_engine_is_reported_and_latin_documents_stay_on_pdflatex(tmp_path, cli, minimal):
    path = tmp_path / "cv.yaml"
    import yaml

    # Only the CV lists the paper with 庄; the résumé lists the selected one.
    minimal["publications"][0]["title"] = "Notes on 庄"
    minimal["publications"].append({"id": "other", "authors": ["A. Lovelace"],
                                    "title": "Sketch", "year": 1842, "selected": True})
    path.write_text(yaml.safe_dump(minimal, allow_unicode=True), encoding="utf-8")
    result = cli("build", "--data", path, "--output", tmp_path / "out", "--verbose")
    assert result.code == 0, result.output
    engines = dict(re.findall(r"✓ ([\w-]+): built.*\n    engine: (\w+)", result.output))
    assert engines == {"academic-cv": "xelatex", "industry-resume": "pdflatex"}
    assert "research-statement: skipped: nothing to print" in result.output  # no statement


@pytest.mark.latex
@needs_fonts
def test_xelatex_output_is_byte_identical_run_to_run(tmp_path, build_cv):
    first = build_cv(SIX_SCRIPTS, tmp_path / "a", "industry-resume")
    second = build_cv(SIX_SCRIPTS, tmp_path / "b", "industry-resume")
    assert first.code == 0 and second.code == 0, first.result.output
    assert first.pdf.read_bytes() == second.pdf.read_bytes()


@pytest.mark.latex
def test_unprintable_characters_and_flags_are_refused_by_field(tmp_path, build_cv, minimal):
    minimal["person"]["headline"] = "Adlam \U0001E900"
    minimal["awards"] = [{"name": "Team 🇨🇳", "year": 2020}]
    built = build_cv(minimal, tmp_path)
    assert built.code == 2
    out = built.result.output
    assert re.search(r"cv\.yaml:\d+:\d+: person\.headline: cannot be typeset: U\+1E900 ADLAM "
                     r"CAPITAL LETTER ALIF", out), out
    assert re.search(r"awards\[0\]\.name: cannot be typeset: the flag 🇨🇳", out), out
    assert not built.pdf.exists()


@pytest.mark.latex
@needs_fonts
def test_xdvipdfmx_never_runs_ghostscript(tmp_path, cli, minimal, monkeypatch):
    """A template (trusted, but say a copied one) with an EPS special: xdvipdfmx would
    run gs from PATH for it even under -no-shell-escape; ours has no converter."""
    import yaml

    fake = tmp_path / "bin"
    fake.mkdir()
    called = tmp_path / "gs-called"
    (fake / "gs").write_text(f"#!/bin/sh\ntouch {called}\n")
    (fake / "gs").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}:{__import__('os').environ['PATH']}")
    eps = tmp_path / "pic.eps"
    eps.write_text("%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n")
    templates = tmp_path / "templates" / "sections"
    templates.mkdir(parents=True)
    (templates / "skills.tex.j2").write_text(
        "\\special{PSfile=\"" + str(eps) + "\" llx=0 lly=0 urx=10 ury=10}\n")
    minimal["person"]["name"] = "Ἀριστοτέλης"  # XeLaTeX
    minimal["skills"] = [{"category": "K", "items": ["x"]}]
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(minimal, allow_unicode=True), encoding="utf-8")
    cli("build", "academic-cv", "--data", path, "--output", tmp_path / "out",
        "--templates", tmp_path / "templates", "--force")
    assert not called.exists()


# --- Property: random text from each script prints and extracts exactly --------------------

SCRIPTS = {
    "greek": st.characters(min_codepoint=0x3B1, max_codepoint=0x3C9),
    "cyrillic": st.characters(min_codepoint=0x410, max_codepoint=0x44F),
    "vietnamese": st.sampled_from(sorted("ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ")),
    "composed": st.sampled_from(sorted(ch for ch in TEXT_LAYER_INEXACT if ch.isalpha()
                                       and unicodedata.normalize("NFKC", ch) == ch)),
    "cjk": st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
    "hebrew": st.characters(min_codepoint=0x5D0, max_codepoint=0x5EA),
    # The letters of Arabic itself (not the rarer ones of other languages, U+063B-063F,
    # which take Noto Sans Arabic and extract as presentation forms: docs/record.md).
    "arabic": st.one_of(st.characters(min_codepoint=0x621, max_codepoint=0x63A),
                        st.characters(min_codepoint=0x641, max_codepoint=0x64A)),
}


@st.composite
def script_texts(draw) -> dict[str, str]:
    """One short text per script: words of its letters separated by single spaces."""
    texts = {}
    for name, letters in SCRIPTS.items():
        words = draw(st.lists(st.text(letters, min_size=1, max_size=8), min_size=1,
                              max_size=4))
        texts[name] = " ".join(words)
    return texts


@pytest.mark.latex
@needs_fonts
@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts=script_texts())
def test_random_text_in_every_script_is_exact(tmp_path_factory, build_cv, pdf_text, texts):
    record = {"person": {"name": "Ada Lovelace"},
              "skills": [{"category": name.capitalize(), "items": [text]}
                         for name, text in texts.items()]}
    built = build_cv(record, tmp_path_factory.mktemp("scripts"), "industry-resume")
    assert built.code == 0, built.result.output
    missing = missing_strings(list(texts.items()), pdf_text(built.pdf))
    assert not missing, missing


@pytest.mark.latex
@needs_fonts
def test_an_update_of_xelatex_or_its_fonts_rebuilds(tmp_path, cli, minimal, monkeypatch):
    """The XeLaTeX path's programs and font files decide "up to date" too, by size and
    date: here a wrapper stands for xelatex, and touching it is the update."""
    import json
    import os

    import yaml

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # its own formats
    wrapper = tmp_path / "bin" / "xelatex"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\nexec {shutil.which("xelatex")} "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}:{os.environ['PATH']}")
    minimal["person"]["name"] = "Γιώργος Παπαδόπουλος"
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(minimal, allow_unicode=True), encoding="utf-8")
    build = ("build", "academic-cv", "--data", path, "--output", tmp_path / "out")
    assert "built" in cli(*build).out
    assert "up to date" in cli(*build).out
    tools = json.loads((tmp_path / "out" / ".build" / "stamps.json").read_text())["inputs"]["tools"]
    assert str(wrapper) in tools and any(t.endswith("/xdvipdfmx") for t in tools)
    assert any(t.endswith("NotoSerif-Regular.ttf") for t in tools)  # Greek, in the CV's serif
    os.utime(wrapper, ns=(10**18, 10**18))
    assert ": built" in cli(*build).out


@pytest.mark.latex
@needs_fonts
def test_the_xelatex_format_works_from_a_home_folder_that_is_not_ascii(tmp_path, cli, minimal,
                                                                       monkeypatch):
    """XeTeX cannot open a format by a non-ASCII path (/home/庄钧堂/.cache/...): it loads
    it through an ASCII-named link in the build folder, also for the early start."""
    import yaml

    home = tmp_path / "庄钧堂"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    minimal["person"]["name"] = "庄钧堂"
    path = home / "cv.yaml"
    home.mkdir()
    path.write_text(yaml.safe_dump(minimal, allow_unicode=True), encoding="utf-8")
    for _ in range(2):  # the second build starts XeLaTeX early, on the same format
        result = cli("build", "academic-cv", "--data", path, "--output", home / "out",
                     "--force")
        assert result.code == 0, result.output
        log = (home / "out" / ".build" / "academic-cv" / "academic-cv.log")
        assert "preloaded format=cvb-" in log.read_text(errors="replace")
    assert list((home / ".cache" / "cv-builder" / "formats").glob("cvb-*.fmt"))


def test_a_record_that_needs_xelatex_where_it_is_missing_gets_the_install_command(
        tmp_path, cli, minimal, monkeypatch):
    """One clear error, exit 1, naming the command that installs the XeLaTeX path."""
    import yaml

    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None
                        if name in ("xelatex", "xdvipdfmx") else real(name, *a, **k))
    minimal["person"]["name"] = "庄钧堂"
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(minimal, allow_unicode=True), encoding="utf-8")
    result = cli("build", "academic-cv", "--data", path, "--output", tmp_path / "out")
    assert result.code == 1, result.output
    assert "XeLaTeX" in result.output and "not installed" in result.output
    assert "texlive-xetex" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out" / "academic-cv.pdf").exists()


@pytest.mark.latex
@needs_fonts
def test_the_x_heights_cv_builder_scales_by_are_the_installed_fonts(tmp_path):
    """fonts.X_HEIGHTS as XeTeX reads each font (\\fontdimen5, what fontspec's
    Scale=MatchLowercase compares)."""
    from cv_builder.latex.fonts import X_HEIGHTS

    fonts = sorted(X_HEIGHTS)
    lines = [f'\\font\\f{"abcdefghij"[i]}="[{name}]" at 100pt' for i, name in enumerate(fonts)]
    lines.append("\\message{XH" + "".join(f" \\the\\fontdimen5\\f{'abcdefghij'[i]}"
                                          for i in range(len(fonts))) + "}\\bye")
    (tmp_path / "x.tex").write_text("\n".join(lines), encoding="utf-8")
    log = subprocess.run(["xetex", "-interaction=nonstopmode", "x.tex"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60,
                         env={**os.environ, "max_print_line": "1000"}).stdout
    measured = [float(v) / 100 for v in re.findall(r"([\d.]+)pt", log[log.index("XH"):])]
    assert dict(zip(fonts, measured)) == pytest.approx(X_HEIGHTS, abs=0.0005)


@pytest.mark.latex
@needs_fonts
@pytest.mark.parametrize("variant, main", [("academic-cv", "LMRoman10"),
                                           ("industry-resume", "TeXGyreHeros")])
def test_greek_and_cyrillic_words_are_one_font_at_the_text_x_height(tmp_path, build_cv,
                                                                   variant, main):
    """In the PDF: every Greek or Cyrillic word comes wholly from Noto (no glyph of it
    from the Latin font), set at the size where Noto's x-height is the Latin font's."""
    from pypdf import PdfReader

    from cv_builder.latex.fonts import ROMAN, SANS, SLOT_BY_KEY, X_HEIGHTS

    data = {"person": {"name": "Σωκράτης Παπαδόπουλος (Sokratis)", "headline": "Ερευνητής"},
            "about": "Μελετώ **Ελληνικό Πανεπιστήμιο** and Московский университет.",
            "research_statement": "Μελετώ Ελληνικό Πανεπιστήμιο and Московский."}
    built = build_cv(data, tmp_path, variant)
    assert built.code == 0, built.result.output
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font:
            runs.append((str(font["/BaseFont"]), size * tm[0], text))

    PdfReader(built.pdf).pages[0].extract_text(visitor_text=visit)
    greek = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")
    latin_sizes = {round(size, 2) for font, size, text in runs if main in font}
    noto = [(font, size, text) for font, size, text in runs if greek.search(text)]
    assert len(noto) >= 3, runs
    main_face, noto_face = ((ROMAN, SLOT_BY_KEY["noto"].serif) if main == "LMRoman10"
                            else (SANS, SLOT_BY_KEY["noto"].sans))
    ratio = X_HEIGHTS[main_face.regular] / X_HEIGHTS[noto_face.regular]
    for font, size, text in noto:
        assert "Noto" in font, (font, text)
        # Some Latin text of the same style is set at size / ratio.
        assert any(abs(size / ratio - latin) < 0.05 for latin in latin_sizes), \
            (text, size, sorted(latin_sizes))
