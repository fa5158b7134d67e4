"""A record's `locale` read as BCP 47 reads tags: any case, a region falling back to its
language's table, a suggestion for what is not known; `words:` typos with a guess."""

from __future__ import annotations

import pytest

from cv_builder.errors import InvalidInput
from cv_builder.record.dates import PartialDate
from cv_builder.record.language import language, resolve_locale, table_for


@pytest.mark.parametrize("written, locale, table", [
    ("en", "en", "en"),
    ("DE", "de", "de"),
    ("en-US", "en", "en"),          # CLDR's en is en-US: the English table, English dates
    ("en-us", "en", "en"),
    ("en_US", "en", "en"),
    ("EN-gb", "en-GB", "en-GB"),
    ("de-AT", "de-AT", "de"),       # Austrian dates (Jänner), the German words
    ("fr-CA", "fr-CA", "fr"),
    ("pt", "pt-BR", "pt-BR"),       # CLDR's pt is Brazilian
    ("pt-PT", "pt-PT", "pt-BR"),    # the only Portuguese table; dates of Portugal
    ("zh", "zh-Hans", "zh-Hans"),
    ("zh-CN", "zh-Hans", "zh-Hans"),
    ("zh-TW", "zh-Hant", "zh-Hant"),
    ("zh-HK", "zh-HK", "zh-Hant"),  # Traditional characters, Hong Kong's dates
    ("zh-hant-tw", "zh-Hant", "zh-Hant"),
])
def test_tags_resolve_to_a_table(written, locale, table):
    assert resolve_locale(written) == locale
    assert table_for(locale) == table
    assert language(locale).words == language(table).words


@pytest.mark.parametrize("written, hint", [
    ("german", "did you mean 'de'?"),
    ("Deutsch", "did you mean 'de'?"),
    ("zh-Hanz", "did you mean 'zh-Hans'?"),
    ("en-XX", "did you mean 'en'?"),
    ("sv", "known: de, el, en"),
])
def test_unknown_tags_get_a_suggestion(load, minimal, written, hint):
    minimal["locale"] = written
    with pytest.raises(InvalidInput) as caught:
        load(minimal)
    (problem,) = caught.value.problems
    assert problem.path == "locale" and hint in problem.message, problem.message


def test_a_regional_tag_keeps_its_regions_dates():
    start, end = PartialDate(2016, 1), PartialDate(2020, 3)
    assert language("de-AT").date_range(start, end).startswith("Jän")
    assert language("de").date_range(start, end).startswith("Jan")


def test_a_variant_may_name_a_regional_tag_too(load, minimal):
    minimal["variants"] = {"industry-resume": {"locale": "EN-us"}}
    assert load(minimal).variants["industry-resume"]["locale"] == "EN-us"  # raw: resolved later
    from cv_builder.record.model import Variant

    assert Variant.model_validate({"template": "x.tex.j2", "title": "X", "sections": [],
                                   "locale": "EN-us"}).locale == "en"


def test_words_typos_are_each_reported_with_a_guess_beside_other_problems(load):
    text = ("person:\n  name: Ada\nlocale: xx\nwords:\n  presnt: jetzt\n  mentors: 3\n"
            "  referneces: Quellen\n")
    with pytest.raises(InvalidInput) as caught:
        load(text)
    found = [(p.line, p.path, p.message) for p in caught.value.problems]
    assert [(line, path) for line, path, _ in found] == [
        (3, "locale"), (5, "words.presnt"), (6, "words.mentors"), (7, "words.referneces")]
    assert "did you mean 'present'?" in found[1][2]
    assert "did you mean 'references'?" in found[3][2]


def test_a_label_of_ours_takes_its_languages_colon():
    """'Encadrement: …' in French: French sets a no-break space before a colon; Chinese
    and Japanese a full-width colon. Only after our labels (the text is the record's)."""
    from cv_builder.latex.render import render
    from cv_builder.record.model import Record
    from cv_builder.record.variants import resolve_variants
    from cv_builder.select import select
    from cv_builder.interop.export import export

    data = {"person": {"name": "Ada"}, "locale": "fr",
            "education": [{"institution": "X", "degree": "Ph.D.", "advisor": "A. De Morgan"}],
            "research": [{"title": "T", "projects": [{"title": "P", "mentors": ["C. Babbage"]}]}]}
    record = Record.model_validate(data)
    tex = render(select(record, "academic-cv", resolve_variants(record)["academic-cv"]))
    assert "Encadrement~: C. Babbage" in tex and "direction~: A. De Morgan" in tex
    text = export(record, "text", "academic-cv", resolve_variants(record)["academic-cv"])[0]
    assert "Encadrement\u00a0: C. Babbage" in text
    assert language("zh-Hans").words["colon"] == "：" and language("en").words["colon"] == ": "


@pytest.mark.parametrize("locale", ["en", "de", "ja"])
def test_words_reword_a_shipped_title_in_every_locale(load, minimal, locale):
    """A shipped title under `words:` (by its English wording) reads as written, in every
    document and locale; the others stay the locale's, a word key stays a word."""
    from cv_builder.record.language import title_keys
    from cv_builder.record.variants import resolve_variants
    from cv_builder.select import select

    assert {"Skills", "Work Experience", "Experience", "Curriculum Vitae"} <= set(title_keys())
    minimal.update(locale=locale, words={"Skills": "Tools & Tricks", "Experience": "Jobs",
                                         "Curriculum Vitae": "Life", "present": "now"},
                   skills=[{"category": "Languages", "items": ["Python"]}],
                   education=[{"institution": "Uni", "degree": "PhD", "start": "2016"}],
                   experience=[{"organization": "X", "position": "Y", "start": "2020",
                                "end": "present"}])
    record = load(minimal)
    variants = resolve_variants(record)
    cv = select(record, "academic-cv", variants["academic-cv"])
    resume = select(record, "industry-resume", variants["industry-resume"])
    titles = {section.kind: section.title for section in resume.sections}
    assert titles["skills"] == "Tools & Tricks" and titles["experience"] == "Jobs"
    assert titles["education"] == {"en": "Education", "de": "Ausbildung", "ja": "学歴"}[locale]
    assert cv.variant.title == "Life"
    assert {s.kind: s.title for s in cv.sections}["skills"] == "Tools & Tricks"
    assert language_of(record).words["present"] == "now"


def language_of(record):
    return language(record.locale, record.words)


@pytest.mark.parametrize("locale, said, field, degree", [
    ("en", "M.S.", "Computer Science", "M.S. in Computer Science"),
    ("zh-Hans", "硕士", "计算机科学与技术", "计算机科学与技术专业硕士"),
    ("zh-Hant", "碩士", "資訊工程", "資訊工程碩士"),
    ("ja", "修士", "情報科学", "修士（情報科学）"),
    ("ko", "석사", "컴퓨터공학", "컴퓨터공학 전공 석사")])
def test_a_degree_and_its_field_in_the_language_s_order(locale, said, field, degree):
    """'硕士 专业 计算机科学与技术': the English order with the Chinese word in it."""
    words = language(locale)
    assert words.degree(said, field) == degree
    assert words.degree(said, "") == said and words.degree("", field) == field


def test_a_degree_in_a_language_that_writes_it_as_english_does_uses_its_word():
    german = language("de")
    assert german.degree("M.Sc.", "Informatik") == f"M.Sc. {german.words['degree_in']} Informatik"


@pytest.mark.parametrize("locale, aside, stop", [
    ("en", " (Oral)", "."), ("de", " (Oral)", "."), ("ko", " (Oral)", "."),
    ("zh-Hans", "（Oral）", "。"), ("zh-Hant", "（Oral）", "。"), ("ja", "（Oral）", "。")])
def test_an_aside_and_a_sentence_end_in_the_language_s_punctuation(locale, aside, stop):
    """Full-width parentheses take no space before them; a text ending in a stop of its
    own, Western or full-width, takes none."""
    words = language(locale)
    assert words.parenthesized("Oral") == aside
    assert words.sentence_end("自适应优化方法 [1, 2]") == stop
    assert words.sentence_end("Why?") == words.sentence_end("为什么？") == ""
    assert words.sentence_end("结束。") == ""


def test_a_chinese_letter_closes_on_two_lines():
    assert language("zh-Hans").words["letter_closing"].splitlines() == ["此致", "敬礼！"]
    assert language("zh-Hant").words["letter_closing"].splitlines() == ["此致", "敬禮！"]
