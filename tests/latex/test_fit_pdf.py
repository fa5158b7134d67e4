"""Auto-fit on real PDFs: how full the fitted page is, read from the PDF's own geometry
(pdftotext -bbox-layout), what survives the cuts, and what a record too long for any
fit is told. test_fit.py covers the search and the drop order without TeX."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from cv_builder.latex.fit import MAX_FIT_COMPILES

pytestmark = pytest.mark.latex


def page_fill(pdf: Path) -> tuple[int, float]:
    """(pages, how full the last page is): the lowest text line's bottom against the bottom
    margin. The shipped looks set equal margins all round, so the margin is where the
    leftmost line (a section heading) starts."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    root = ElementTree.fromstring(re.sub(r'\sxmlns="[^"]+"', "", xml, count=1))
    pages = root.findall(".//page")
    lines = pages[-1].findall(".//line")
    height = float(pages[-1].get("height"))
    margin = min(float(line.get("xMin")) for line in lines)
    bottom = max(float(line.get("yMax")) for line in lines)
    return len(pages), (bottom - margin) / (height - 2 * margin)


def compiles_of(output: str) -> int:
    return int(re.search(r"(\d+) compiles?", output)[1])


def seed(repo_root: Path) -> dict:
    return yaml.safe_load((repo_root / "data" / "cv.yaml").read_text(encoding="utf-8"))


def with_six_bullets(data: dict) -> dict:
    """The seed record plus six bullets: two for the current job (which has none), two for
    the internship, one each for two projects."""
    jobs = {job["organization"]: job for job in data["experience"]}
    jobs["OpenAI"]["highlights"] = [
        "Invented the long-context algorithm behind a 128k-token window now serving "
        "production traffic.",
        "Led the training recipe of an image model's text encoder, improving prompt "
        "fidelity in human evaluations."]
    jobs["Tencent AI"]["highlights"] = [
        "Designed a semi-supervised segmentation method for 3D medical images with few labels.",
        "Built a data pipeline that cut model training time by 40% on the team's GPU cluster."]
    data["projects"][0]["highlights"] = [
        "Extended the context window to 256k tokens with a new positional interpolation scheme."]
    data["projects"][1]["highlights"] = [
        "Owned the caption-upsampling stage and the evaluation suite for image-text alignment."]
    return data


def test_seed_plus_six_bullets_fills_one_page_with_education_intact(repo_root, tmp_path,
                                                                    build_cv, pdf_text):
    built = build_cv(with_six_bullets(seed(repo_root)), tmp_path, "industry-resume")
    assert built.code == 0, built.result.output
    pages, fill = page_fill(built.pdf)
    assert pages == 1 and fill >= 0.95, fill
    poppler, _ = pdf_text(built.pdf)
    for degree in ("Ph.D. in Biomedical Engineering", "M.A. in Statistics",
                   "B.E. in Engineering Physics"):
        assert degree in poppler
    assert "Designed a semi-supervised segmentation method" in poppler  # nothing was cut
    # The build line says what changed and how full the page is.
    output = built.result.output
    assert re.search(r"fitted: font 10\.5pt→[\d.]+pt, spacing 100%→\d+%: the page 9\d% full",
                     output), output
    assert "dropped" not in output
    assert compiles_of(output) <= 4  # measured: 3


def test_verbose_lists_each_auto_fit_compile(repo_root, tmp_path, cli):
    data = tmp_path / "cv.yaml"
    data.write_text(yaml.safe_dump(with_six_bullets(seed(repo_root)), allow_unicode=True),
                    encoding="utf-8")
    result = cli("build", "industry-resume", "-v", "--data", data, "--output", tmp_path / "out")
    assert result.code == 0, result.output
    steps = re.findall(r"auto-fit: font [\d.]+pt, spacing \d+%: [\d.]+% of 1 page, "
                       r"(over|fits|measured on one tall page)", result.output)
    assert steps[0] == "over" and "measured on one tall page" in steps and steps[-1] == "fits"
    assert len(steps) == compiles_of(result.output)


def test_a_sparse_record_fits_without_change(tmp_path, build_cv, minimal):
    built = build_cv(minimal, tmp_path, "industry-resume")
    assert built.code == 0, built.result.output
    assert compiles_of(built.result.output) == 1
    assert "fitted" not in built.result.output
    pages, fill = page_fill(built.pdf)
    assert pages == 1 and fill < 0.5


def test_a_record_no_fit_can_hold_gets_a_clear_error_not_a_loop(repo_root, tmp_path, build_cv):
    data = seed(repo_root)
    data["about"] = " ".join([data["about"]] * 40)  # a text section: never cut
    built = build_cv(data, tmp_path, "industry-resume")
    assert built.code == 1
    message = built.result.output
    assert re.search(r"industry-resume: does not fit in 1 page even at font 9\.5pt and spacing "
                     r"40% and after every cut auto-fit may make: about [\d.]+ cm over "
                     r"\(auto-fit stopped after 2 compiles\)", message), message
    assert "Traceback" not in message and not built.pdf.exists()


def cited_record(papers: int = 24) -> dict:
    """An academic record whose one research project cites one old paper: a one-page
    variant of it must cut other papers, and the cited one's number then changes."""
    words = ("adaptive checkpoint adjoint gradient estimation for continuous normalizing "
             "flows and invertible networks in medical image analysis").split()
    return {
        "person": {"name": "Ada Lovelace", "name_forms": ["A. Lovelace"]},
        "research_statement": " ".join(["Engines that weave algebraic patterns."] * 60),
        "publications": [{"id": f"p{year}", "authors": ["A. Lovelace", "C. Babbage"],
                          "title": f"Paper {year}: " + " ".join(words[year % 5:]),
                          "venue": "Transactions on Engines", "year": year}
                         for year in range(2000 + papers - 1, 1999, -1)],
        "research": [{"title": "Engines", "projects": [
            {"title": "The analytical engine", "start": "2003-01", "end": "2004-01",
             "papers": ["p2003"], "highlights": ["Wrote the notes."]}]}],
        "variants": {"one-page-cv": {"extends": "academic-cv", "page_limit": 1,
                                     "sections": [{"kind": "statement"},
                                                  {"kind": "research"},
                                                  {"kind": "publications"}]}},
    }


def test_cut_papers_leave_no_reference_and_citations_are_renumbered(tmp_path, build_cv,
                                                                     pdf_text):
    built = build_cv(cited_record(), tmp_path, "one-page-cv")
    assert built.code == 0, built.result.output
    assert "dropped publications 'Paper 2000" in built.result.output
    text, _ = pdf_text(built.pdf)
    flat = " ".join(text.split())
    assert "References" not in flat  # the bug: cut papers came back under this heading
    listed = re.findall(r"\[(\d+)\] A\. Lovelace, C\. Babbage\. Paper (\d{4})", flat)
    numbers = [int(n) for n, _ in listed]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) < 24
    for year in range(2000, 2024):
        cut = f"Paper {year}" not in [f"Paper {y}" for _, y in listed]
        assert (f"Paper {year}:" not in flat) == cut  # a cut paper appears nowhere
    cited = dict((year, int(n)) for n, year in listed)["2003"]
    assert f"The analytical engine [{cited}]" in flat
    assert compiles_of(built.result.output) <= MAX_FIT_COMPILES


def nested_record(jobs: int = 6) -> dict:
    """Past jobs, each with two bullets of four sub-bullets: more than one page holds
    at any layout, so auto-fit must cut some sub-bullets."""
    return {"person": {"name": "Ada Lovelace"}, "experience": [
        {"organization": f"Engine Works {job}", "position": "Engineer",
         "start": f"{1990 + year}-01", "end": f"{1990 + year}-12", "selected": True,
         "highlights": [{"text": f"Parent {job}{bullet} led the loom work of the season.",
                         "highlights": [f"Detail {job}{bullet}{sub} of the weaving."
                                        for sub in "abcd"]}
                        for bullet in "xy"]}
        for year, job in enumerate("ABCDEF"[:jobs])]}


def test_auto_fit_cuts_sub_bullets_before_their_bullet(tmp_path, build_cv, pdf_text):
    """In a real one-page fit, what is cut is gone from the PDF, every sub-bullet left
    stands under its own bullet, and a bullet is cut only once its job's sub-bullets
    all are."""
    built = build_cv(nested_record(), tmp_path, "industry-resume")
    assert built.code == 0, built.result.output
    assert page_fill(built.pdf)[0] == 1
    output = built.result.output
    dropped = re.findall(r"dropped (sub-bullet|bullet) .*?of experience 'Engine Works (\w)'"
                         r" \(“([^”…]+)", output)
    assert any(kind == "sub-bullet" for kind, _, _ in dropped), output
    text, _ = pdf_text(built.pdf)
    flat = " ".join(text.split())
    for _, _, words in dropped:  # nothing cut reappears
        assert words.strip() not in flat, words
    for job in "ABCDEF":
        for bullet in "xy":
            parent = f"Parent {job}{bullet} led"
            subs = [f"Detail {job}{bullet}{sub}" for sub in "abcd"]
            shown = [sub for sub in subs if sub in flat]
            if shown:
                assert parent in flat, (parent, shown)
                # left in order, under their parent: the first ones stay, the last go
                assert shown == subs[:len(shown)]
                assert flat.index(parent) < flat.index(shown[0])
        if f"Parent {job}y led" not in flat:
            assert not re.search(f"Detail {job}[xy]", flat), job
