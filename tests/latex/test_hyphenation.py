"""Hyphenation in the reader's language: a document that allows hyphens breaks words by its
locale's patterns (on both engines), hyphenated words extract whole, and where the
patterns are missing nothing is hyphenated and the build says what to install.

The CV and the résumé do not hyphenate (their text layer keeps every word on one line);
the research statement does. These tests use a variant of it in a narrow column.
"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

COMPOUNDS = ["Donaudampfschifffahrtsgesellschaft", "Rechtsschutzversicherungsgesellschaften",
             "Bundesausbildungsförderungsgesetz", "Arbeitsunfähigkeitsbescheinigung",
             "Kraftfahrzeughaftpflichtversicherung"]
HYPHENATING = r"""((* extends "research-statement.tex.j2" *))
((* block extra_preamble *))
\hyphenpenalty=50
\geometry{margin=3.3in}
\AtBeginDocument{\typeout{CVB-LANGUAGE \the\language\space
  \ifcsname l@ngerman\endcsname\the\csname l@ngerman\endcsname\fi}}
((* endblock *))
"""
needs_german = pytest.mark.skipif(
    not shutil.which("kpsewhich") or not __import__("subprocess").run(
        ["kpsewhich", "hyph-de-1996.tex"], capture_output=True, text=True).stdout.strip(),
    reason="German patterns not installed (make setup installs them)")


def german_record(folder, name="Ada Lovelace"):
    (folder / "tpl").mkdir(parents=True, exist_ok=True)
    (folder / "tpl" / "hyphenated.tex.j2").write_text(HYPHENATING, encoding="utf-8")
    record = {"locale": "de", "person": {"name": name},
              "research_statement": "Die " + " und die ".join(COMPOUNDS) + " prüfen alles.",
              "variants": {"statement": {"extends": "research-statement", "template_dir": "tpl",
                                         "template": "hyphenated.tex.j2"}}}
    path = folder / "cv.yaml"
    path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    return path


def joined(text: str) -> str:
    """A hyphen that ends a line joined to the next line's word, as a reader of pypdf's
    text does (pypdf keeps each line as set)."""
    return re.sub(r"-[ \t]*\n[ \t]*", "", text)


@pytest.mark.latex
@needs_german
@pytest.mark.parametrize("name, engine", [
    ("Ada Lovelace", "pdflatex"),
    pytest.param("Ἀριστοτέλης", "xelatex", marks=pytest.mark.skipif(
        not shutil.which("xelatex"), reason="XeLaTeX path not installed"))])
def test_german_words_hyphenate_by_german_patterns_and_extract_whole(
        tmp_path, cli, pdf_text, name, engine):
    path = german_record(tmp_path, name)
    result = cli("build", "statement", "--data", path, "--output", tmp_path / "out", "-v")
    assert result.code == 0, result.output
    assert f"engine: {engine}" in result.out and "note:" not in result.out
    log = (tmp_path / "out" / ".build" / "statement" / "statement.log").read_text(
        errors="replace")
    language, german = re.search(r"CVB-LANGUAGE (\d+) (\d*)", log).groups()
    assert language == german  # \language is the ngerman patterns' number
    poppler, pypdf = pdf_text(tmp_path / "out" / "statement.pdf")
    broken = re.findall(r"(\w+)-[ \t]*\n", pypdf)
    assert len(broken) >= 3, pypdf  # words were hyphenated at line ends
    # Justified, a long compound may break twice: every piece is part of one.
    assert all(any(piece in word for word in COMPOUNDS) for piece in broken)
    for word in COMPOUNDS:
        assert word in poppler  # pdftotext joins a hyphenated word itself
        assert word in joined(pypdf)
    assert "-" not in poppler.replace("\n", " ")  # no hyphen is left in the words


@pytest.mark.latex
def test_without_the_locales_patterns_nothing_is_hyphenated_and_the_build_says_so(
        tmp_path, cli, pdf_text, monkeypatch):
    from dataclasses import replace

    from cv_builder import select
    from cv_builder.record.language import Hyphenation

    real = select.language

    def klingon(locale, overrides=None):  # a locale whose patterns no TeX has
        return replace(real(locale, overrides),
                       hyphenation=Hyphenation("klingon", 2, 2, "hyph-tlh.tex"))

    monkeypatch.setattr(select, "language", klingon)
    path = german_record(tmp_path)
    result = cli("build", "statement", "--data", path, "--output", tmp_path / "out")
    assert result.code == 0, result.output
    assert "note: words are not hyphenated: TeX has no klingon hyphenation patterns " \
        "(hyph-tlh.tex)" in result.out and "cv-builder doctor" in result.out
    _, pypdf = pdf_text(tmp_path / "out" / "statement.pdf")
    assert not re.search(r"\w-[ \t]*\n", pypdf), pypdf  # no word broken with a hyphen


@pytest.mark.latex
def test_documents_that_do_not_hyphenate_still_wrap_long_words(tmp_path, cli, pdf_text):
    """The CV does not hyphenate: a long German word still breaks (no hyphen, as any
    long string) rather than run into the margin."""
    path = german_record(tmp_path)
    result = cli("build", "academic-cv", "--data", path, "--output", tmp_path / "out")
    assert result.code == 0, result.output
    log = (tmp_path / "out" / ".build" / "academic-cv" / "academic-cv.log")
    assert "Overfull" not in log.read_text(errors="replace")
    _, pypdf = pdf_text(tmp_path / "out" / "academic-cv.pdf")
    assert not re.search(r"\w-[ \t]*\n", pypdf)
