"""A Chinese or Japanese CV in its own punctuation, the PDF and the exports alike: '字节跳动，
高级软件工程师' (not ', '), '计算机科学与技术专业硕士' (not '硕士 专业 计算机科学与技术'),
'编程语言：Go、Rust'."""

from __future__ import annotations

import pytest

from conftest import squash

RECORD = {
    "person": {"name": "王小明", "email": "xm.wang@example.cn"},
    "locale": "zh-Hans",
    "experience": [{"organization": "字节跳动", "position": "高级软件工程师", "start": "2020-03",
                    "end": "present", "highlights": ["主导了迁移。"]}],
    "education": [{"institution": "清华大学", "degree": "硕士", "field": "计算机科学与技术",
                   "start": 2013, "end": 2016}],
    "skills": [{"category": "编程语言", "items": ["Go", "Rust"]}],
}


@pytest.mark.latex
def test_a_chinese_cv_in_chinese_punctuation_in_the_pdf_and_the_exports(cli, write_record,
                                                                       tmp_path, pdf_text):
    record = write_record(RECORD)
    result = cli("build", "academic-cv", "industry-resume", "--data", record, "--output",
                 tmp_path / "out")
    assert result.code == 0, result.output
    for name in ("academic-cv", "industry-resume"):
        for text in pdf_text(tmp_path / "out" / f"{name}.pdf"):
            flat = squash(text)
            assert "字节跳动，高级软件工程师" in flat and "计算机科学与技术专业硕士" in flat, flat
            assert "编程语言：Go、Rust" in flat.replace("： ", "："), flat
            assert "字节跳动," not in flat and "硕士 专业" not in flat
    assert "清华大学，计算机科学与技术专业硕士" in squash(
        pdf_text(tmp_path / "out" / "industry-resume.pdf")[0])
    for fmt in ("text", "markdown", "html"):
        out = squash(cli("export", "industry-resume", "--format", fmt, "--data", record).out)
        assert "字节跳动，高级软件工程师" in out and "计算机科学与技术专业硕士" in out, (fmt, out)
        assert "Go、Rust" in out and "字节跳动, " not in out, (fmt, out)


@pytest.mark.latex
def test_an_english_resume_keeps_its_comma_and_colon(cli, write_record, tmp_path, pdf_text):
    """The same joins in English: ', ' and ': ', before a letter as before a CJK run."""
    record = write_record({"person": {"name": "Ada Lovelace"},
                           "experience": [{"organization": "Acme", "position": "Engineer",
                                           "start": 2020}],
                           "education": [{"institution": "University of London",
                                          "degree": "Ph.D.", "field": "Mathematics",
                                          "start": 2013, "end": 2016}],
                           "skills": [{"category": "Languages", "items": ["Go", "Rust"]}]})
    result = cli("build", "academic-cv", "industry-resume", "--data", record, "--output",
                 tmp_path / "out")
    assert result.code == 0, result.output
    for text in pdf_text(tmp_path / "out" / "industry-resume.pdf"):
        flat = squash(text)
        assert "Acme, Engineer" in flat and "Languages: Go, Rust" in flat
        assert "University of London, Ph.D. in Mathematics" in flat
