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


# Every other join a document prints: an aside in parentheses, a colon before a
# description, a comma before an issuer, a list of mentors, a statement's project list,
# a letter's closing (the reviewer's record, cut down).
FULL = {
    "person": {"name": "王小明", "name_forms": ["Xiaoming Wang"], "email": "wxm@example.cn"},
    "locale": "zh-Hans",
    "education": [{"institution": "清华大学", "degree": "博士", "field": "计算机科学与技术",
                   "advisor": "李华教授", "start": "2015-09", "end": "2020-07"}],
    "publications": [{"id": "wang2023a", "authors": ["王小明", "张伟"],
                      "title": "一种自适应优化方法", "venue": "计算机学报", "type": "journal",
                      "year": 2023, "selected": True}],
    "awards": [{"name": "清华大学优秀博士学位论文", "issuer": "清华大学", "year": 2020,
                "selected": True}],
    "open_source": [{"name": "fast-opt", "stars": 2345, "description": "高效的优化器库。"}],
    "research": [{"title": "深度学习优化", "narrative": "训练代价高昂。",
                  "projects": [{"title": "自适应优化方法", "mentors": ["李华教授", "张伟"],
                                "start": "2018-09", "end": "2020-06",
                                "papers": ["wang2023a"]}]}],
    "letters": [{"id": "acme", "company": "某某科技有限公司", "recipient": "张经理",
                 "body": "期待您的回复。"}],
}


@pytest.mark.latex
def test_every_aside_colon_comma_and_stop_of_a_chinese_record_is_chinese(
        cli, write_record, tmp_path, pdf_text):
    record = write_record(FULL)
    result = cli("build", "--data", record, "--output", tmp_path / "out")  # all, the letter too
    assert result.code == 0, result.output
    out = tmp_path / "out"
    for text in pdf_text(out / "academic-cv.pdf"):
        flat = squash(text)
        assert "计算机科学与技术专业博士（导师：李华教授）" in flat, flat
        assert "清华大学优秀博士学位论文，清华大学" in flat, flat
        assert "fast-opt（2,345 GitHub 星标）：高效的优化器库。" in flat, flat
        assert "导师：李华教授、张伟" in flat, flat
        assert " (" not in flat and "): " not in flat, flat
    for text in pdf_text(out / "industry-resume.pdf"):
        flat = squash(text)
        assert "计算机学报：一种自适应优化方法" in flat, flat
        assert "清华大学，计算机科学与技术专业博士（导师：李华教授）" in flat, flat
    for text in pdf_text(out / "research-statement.pdf"):
        assert "自适应优化方法 [1]。" in squash(text), text
        assert "]." not in text, text
    for text in pdf_text(out / "cover-letter-acme.pdf"):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines[lines.index("此致") + 1] == "敬礼！", lines
    for fmt in ("text", "markdown", "html"):
        exported = cli("export", "academic-cv", "--format", fmt, "--data", record).out
        flat = squash(exported)
        assert "计算机科学与技术专业博士" in flat and "导师：李华教授、张伟" in flat, (fmt, flat)
        assert "清华大学优秀博士学位论文，清华大学" in flat, (fmt, flat)
        assert "（2,345 GitHub 星标）：高效的优化器库。" in flat, (fmt, flat)
        assert "（2020）" in flat and " (20" not in flat, (fmt, flat)
    text = cli("export", "academic-cv", "--format", "text", "--data", record).out
    assert "清华大学（2015年9月 – 2020年7月）" in text, text
    letter = cli("export", "cover-letter", "--letter", "acme", "--format", "text",
                 "--data", record).out
    assert "此致\n敬礼！\n王小明" in letter, letter


@pytest.mark.latex
def test_an_english_record_keeps_its_parentheses_colons_and_period(cli, write_record,
                                                                    tmp_path, pdf_text):
    record = write_record({
        "person": {"name": "Ada Lovelace"},
        "education": [{"institution": "University of London", "degree": "Ph.D.",
                       "advisor": "A. De Morgan", "start": 2013, "end": 2016}],
        "awards": [{"name": "Best Paper", "issuer": "ACM", "year": 2020, "selected": True}],
        "open_source": [{"name": "engine", "stars": 2345, "description": "A machine."}],
        "research": [{"title": "Engines", "projects": [{"title": "Bernoulli numbers",
                                                        "mentors": ["C. Babbage", "M. Somerville"]}]}]})
    result = cli("build", "academic-cv", "research-statement", "--data", record, "--output",
                 tmp_path / "out")
    assert result.code == 0, result.output
    for text in pdf_text(tmp_path / "out" / "academic-cv.pdf"):
        flat = squash(text)
        assert "Ph.D. (advisor: A. De Morgan)" in flat and "Best Paper, ACM" in flat, flat
        assert "engine (2,345 stars on GitHub): A machine." in flat, flat
        assert "Mentors: C. Babbage, M. Somerville" in flat, flat
    for text in pdf_text(tmp_path / "out" / "research-statement.pdf"):
        assert "Bernoulli numbers." in squash(text), text
    exported = cli("export", "academic-cv", "--format", "text", "--data", record).out
    assert "University of London (2013 – 2016)" in exported, exported
    assert "- Best Paper, ACM (2020)" in exported, exported
