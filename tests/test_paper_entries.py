"""A paper's status reads once, after its year and before the closing full stop, in the
PDF and the exports alike: '..., 2023 (in submission).', never '2023. (in submission).';
under the heading that already says 'Preprints', no '(preprint)'."""

from __future__ import annotations

import pytest

from conftest import squash

PAPERS = [
    {"id": "pre", "title": "Efficient transformers", "authors": ["Ada Lovelace"],
     "venue": "arXiv:2437.01234", "year": 2024, "status": "preprint"},
    {"id": "sub", "title": "Robust averaging", "authors": ["Ada Lovelace"],
     "venue": "NeurIPS", "year": 2023, "status": "in submission"},
    {"id": "app", "title": "Heavy tails", "authors": ["Ada Lovelace"],
     "venue": "ICML", "status": "to appear"},
    {"id": "pub", "title": "Old news", "authors": ["Ada Lovelace"],
     "venue": "Journal of Things", "year": 2019, "type": "journal"},
]


@pytest.fixture(params=["default"])
def record(write_record, minimal, request):
    minimal["person"]["name"] = "Ada Lovelace"
    minimal["design"] = {"look": request.param}
    minimal["publications"] = PAPERS
    minimal["variants"] = {"flat": {"extends": "academic-cv", "sections": [
        {"kind": "publications", "group_by_type": False}]}}
    return write_record(minimal)


@pytest.mark.latex
@pytest.mark.parametrize("record", ["default", "classic", "awesome"], indirect=True)
def test_the_status_reads_once_after_the_year_in_every_look(cli, record, tmp_path, pdf_text):
    result = cli("build", "academic-cv", "flat", "--data", record, "--output", tmp_path / "out")
    assert result.code == 0, result.output
    for name, preprint in (("academic-cv", ""), ("flat", " (preprint)")):
        for text in pdf_text(tmp_path / "out" / f"{name}.pdf"):
            text = squash(text)
            assert f"arXiv:2437.01234, 2024{preprint}." in text, (name, text)
            assert "NeurIPS, 2023 (in submission)." in text
            assert "ICML, to appear." in text and "Journal of Things, 2019." in text
            assert ". (" not in text and ".)." not in text


@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_exports_say_the_status_as_the_pdf_does(cli, record, fmt):
    result = cli("export", "academic-cv", "--format", fmt, "--data", record)
    assert result.code == 0, result.output
    text = squash(result.out.replace("*", "").replace("_", ""))
    # No group headings in an export: a preprint is said to be one.
    assert "arXiv:2437.01234, 2024 (preprint)." in text
    assert "NeurIPS, 2023 (in submission)." in text and "ICML, to appear." in text
    assert ". (" not in text


@pytest.mark.latex
@pytest.mark.parametrize("locale, phd, masters", [
    ("en", "Ph.D. thesis, Stanford University, 2017.", "Master's thesis, ETH Zürich, 2013."),
    ("de", "Dissertation, Stanford University, 2017.", "Masterarbeit, ETH Zürich, 2013.")])
def test_a_thesis_says_it_is_one_in_the_pdf_and_the_export(cli, write_record, minimal, tmp_path,
                                                          pdf_text, locale, phd, masters):
    """'...learning. *Stanford University*, 2017.' did not say it was a thesis."""
    minimal["locale"] = locale
    minimal["publications"] = [
        {"id": "t1", "title": "Stochastic methods", "authors": ["Ada Lovelace"],
         "venue": "Stanford University", "year": 2017, "type": "thesis", "thesis": "phd"},
        {"id": "t2", "title": "Small methods", "authors": ["Ada Lovelace"],
         "venue": "ETH Zürich", "year": 2013, "type": "thesis", "thesis": "masters"}]
    record = write_record(minimal)
    result = cli("build", "academic-cv", "--data", record, "--output", tmp_path / "out")
    assert result.code == 0, result.output
    for text in pdf_text(tmp_path / "out" / "academic-cv.pdf"):
        assert phd in squash(text) and masters in squash(text.replace("’", "'"))
    exported = cli("export", "academic-cv", "--format", "text", "--data", record)
    assert phd in squash(exported.out) and masters in squash(exported.out)
