"""Where lines break, read from the PDF's geometry (pdftotext -bbox-layout).

An author's name holds together on its line ('…methods. J.' / 'Zhuang' split it, the
owner's bold name too): in every look, in the CV, the résumé and the research statement,
on both engines; the ties extract as normal spaces; a name longer than a line still
breaks rather than run into the margin. A DOI breaks after its '/' only ('doi:10.' /
'1002/pamm…' and 'doi:10.1002/pamm.' / '202200123' broke it where it looked finished).
"""

from __future__ import annotations

import re

import pytest

from conftest import squash
from pdf_boxes import pages

NAMES = ["J. Zhuang", "N. C. Dvornek", "Yifan Ding", "María José García-Márquez"]
# A Greek name (its letters in Noto, the space inside that font's run) and a Chinese
# one make the build XeLaTeX's.
WIDE_NAMES = ["Γιώργος Παπαδόπουλος"]
DOCUMENTS = ("academic-cv", "industry-resume", "research-statement")


def record(minimal: dict, look: str, engine: str) -> dict:
    names = NAMES + (WIDE_NAMES if engine == "xelatex" else [])
    minimal["person"] = {"name": "Juntang Zhuang", "name_forms": ["J. Zhuang"]}
    minimal["design"] = {"look": look}
    # Other authors and titles of every length put each name at every place on its line
    # (the CV prints authors first, the résumé its title first).
    papers = [{"id": f"p{n}", "title": " ".join(["Study"] + ["a" * (n % 7 + 1)] * n),
               "authors": [f"Co{'o' * (n % 5)}" for _ in range(n % 11)] + names[n % 2:]
               + names[:n % 2], "venue": "NeurIPS", "venue_short": "NeurIPS", "year": 2020,
               "selected": True} for n in range(40)]
    if engine == "xelatex":
        papers[0]["authors"].append("王小明")
    minimal["publications"] = papers
    minimal["research"] = [{"title": "Methods", "projects": [
        {"title": "All of them", "papers": [paper["id"] for paper in papers]}]}]
    minimal["research_statement"] = "Methods for learning."
    return minimal


def split_names(lines: list[str], names: list[str]) -> list[str]:
    """Each place a line ends inside a name ('J.' then 'Zhuang, …' on the next)."""
    found = []
    for line, following in zip(lines, lines[1:]):
        words, next_words = line.split(), following.split()
        for name in names:
            parts = name.split()
            for cut in range(1, len(parts)):
                if words[-cut:] == parts[:cut] and next_words[:1] and \
                        next_words[0].startswith(parts[cut]):
                    found.append(f"{line!r} / {following!r}")
    return found


@pytest.mark.latex
@pytest.mark.parametrize("engine", ["pdflatex", "xelatex"])
@pytest.mark.parametrize("look", ["default", "classic", "awesome"])
def test_no_line_ends_inside_a_name(cli, write_record, minimal, tmp_path, pdf_text, look,
                                    engine):
    data = record(minimal, look, engine)
    names = NAMES + (WIDE_NAMES if engine == "xelatex" else [])
    out = tmp_path / "out"
    result = cli("build", *DOCUMENTS, "--data", write_record(data), "--output", out)
    assert result.code == 0, result.output
    at_line_start = 0
    for document in DOCUMENTS:
        pdf = out / f"{document}.pdf"
        lines = [line.text for page in pages(pdf) for line in page.lines]
        assert not split_names(lines, names), (document, split_names(lines, names))
        # The test proves something: lines do break next to names.
        at_line_start += sum(1 for line in lines for name in names
                             if re.sub(r"^\[\d+\] ", "", line).startswith(name))
        # The ties read as plain spaces in both extractors.
        for text in pdf_text(pdf):
            assert "\u00a0" not in text
            for name in names:
                assert name in squash(text), (document, name)
    assert at_line_start >= 5, at_line_start


@pytest.mark.latex
@pytest.mark.parametrize("look", ["default", "awesome"])
def test_a_name_longer_than_a_line_breaks_rather_than_overflow(cli, write_record, minimal,
                                                               tmp_path, look):
    consortium = ("The International Consortium for the Study of Remarkably Long Author "
                  "Names in Collaborative Research of the Twenty-First Century")
    minimal["design"] = {"look": look}
    minimal["publications"] = [{"id": "c", "title": "Findings", "authors": [consortium],
                                "venue": "Nature", "year": 2021, "selected": True}]
    result = cli("build", "academic-cv", "--data", write_record(minimal), "--output",
                 tmp_path / "out")
    assert result.code == 0, result.output
    page = pages(tmp_path / "out" / "academic-cv.pdf")[0]
    right = max(word.x1 for line in page.lines for word in line.words
                if "Consortium" not in line.text and "Century" not in line.text)
    named = [line for line in page.lines if "Consortium" in line.text or "Century" in line.text]
    assert len({line.y0 for line in named}) >= 2  # it broke
    assert all(word.x1 <= right + 1 for line in named for word in line.words)


DOIS = ["10.1002/pamm.202200123", "10.1109/TPAMI.2023.1234567"]


@pytest.mark.latex
@pytest.mark.parametrize("look", ["default", "classic", "awesome"])
def test_a_doi_breaks_only_after_its_slash(cli, write_record, minimal, tmp_path, look):
    """Titles of every length put the DOI at every place on its line: where it wraps,
    the line ends 'doi:10.1002/' and the next starts with the rest, whole."""
    minimal["design"] = {"look": look}
    minimal["publications"] = [
        {"id": f"p{n}", "title": "Study " + "a " * n + "end", "authors": ["Ada Lovelace"],
         "venue": "Proceedings in Applied Mathematics and Mechanics", "year": 2022,
         "doi": DOIS[n % 2], "type": "journal"} for n in range(0, 48)]
    result = cli("build", "academic-cv", "--data", write_record(minimal), "--output",
                 tmp_path / "out")
    assert result.code == 0, result.output
    lines = [line for page in pages(tmp_path / "out" / "academic-cv.pdf") for line in page.lines]
    whole = wrapped = 0
    for line, following in zip(lines, lines[1:]):
        last = line.words[-1].text
        if last.startswith("doi:") and last[4:] in DOIS:
            whole += 1
        elif "doi:" in line.text:
            piece = line.text[line.text.index("doi:") + 4:]
            assert " " not in piece, (line.text, following.text)  # the DOI ends this line
            doi = next(doi for doi in DOIS if doi.startswith(piece))
            assert piece == doi[:doi.index("/") + 1], (line.text, following.text)
            assert following.words[0].text == doi[len(piece):], (line.text, following.text)
            wrapped += 1
    assert whole + wrapped == 48
    assert wrapped >= 3 and whole >= 3, (wrapped, whole)  # the test proves something
