"""A job with no employer and a degree with no institution, as imports meet them: a
warning at the source line, the entry kept, and no stray separator where the name would
be, in the PDF of every look and in the exports."""

from __future__ import annotations

import json

import pytest
import yaml

from cv_builder.interop.jsonresume.record_file import import_file as import_jsonresume
from cv_builder.interop.rendercv import import_file as import_rendercv

RESUME = {
    "basics": {"name": "Grace Hopper", "email": "grace@example.org"},
    "work": [{"name": "", "position": "Research Engineer", "startDate": "2019-01",
              "endDate": "2021-06", "highlights": ["Built compilers."]},
             {"name": "Acme", "position": "Lead", "startDate": "2021-07"}],
    "education": [{"institution": "", "studyType": "PhD", "area": "Computer Science",
                   "startDate": "2014", "endDate": "2019"},
                  {"studyType": "BSc", "area": "Mathematics", "startDate": "2010",
                   "endDate": "2014"}],
}

RENDERCV = """\
cv:
  name: Grace Hopper
  email: grace@example.org
  sections:
    education:
      - institution: ''
        area: Computer Science
        degree: PhD
        start_date: 2014-09
        end_date: 2019-06
    experience:
      - company: ''
        position: Research Engineer
        start_date: 2019-01
        end_date: 2021-06
"""


def line_of(text: str, needle: str, nth: int = 0) -> int:
    return [i for i, line in enumerate(text.splitlines(), 1) if needle in line][nth]


def test_resume_json_warns_at_the_line_of_a_missing_employer_and_institution(tmp_path):
    source = tmp_path / "resume.json"
    text = json.dumps(RESUME, indent=2)
    source.write_text(text, encoding="utf-8")
    out, warnings = import_jsonresume(source, None)
    said = "\n".join(warnings)
    no_name, no_institution = line_of(text, '"name": ""'), line_of(text, '"institution": ""')
    assert (f"{source}:{no_name}:" in said
            and "work[0].name: no employer" in said), said
    assert (f"{source}:{no_institution}:" in said
            and "education[0].institution: no institution" in said), said
    assert "education[1].institution: no institution" in said  # no key at all: the entry
    assert "work[1]" not in said
    record = yaml.safe_load(out)
    assert record["experience"][0]["position"] == "Research Engineer"  # kept
    assert record["education"][0]["degree"] == "PhD"


def test_rendercv_warns_at_the_line_of_an_empty_company_and_institution(tmp_path):
    source = tmp_path / "Grace_CV.yaml"
    source.write_text(RENDERCV, encoding="utf-8")
    out, warnings = import_rendercv(source, None)
    said = "\n".join(warnings)
    assert (f"{source}:{line_of(RENDERCV, 'company:')}:" in said
            and "experience[0].company: no employer" in said), said
    assert (f"{source}:{line_of(RENDERCV, 'institution:')}:" in said
            and "education[0].institution: no institution" in said), said
    assert yaml.safe_load(out)["experience"][0]["position"] == "Research Engineer"


def imported_record(tmp_path, look: str):
    source = tmp_path / "resume.json"
    source.write_text(json.dumps(RESUME, indent=2), encoding="utf-8")
    out, _ = import_jsonresume(source, None)
    record = yaml.safe_load(out)
    record["experience"][0].update(location="Remote", description="a start-up")
    record["design"] = {"look": look}
    path = tmp_path / f"{look}.yaml"
    path.write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
    return path


def no_stray_separator(text: str) -> None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert not [line for line in lines if line[0] in ",·;:(" or line.endswith(",")], text
    assert "****" not in text and "<h3></h3>" not in text and "###  " not in text, text


@pytest.mark.latex
@pytest.mark.parametrize("look", ["default", "classic", "awesome"])
def test_the_pdfs_show_no_stray_separator_for_them(cli, tmp_path, pdf_text, look):
    record = imported_record(tmp_path, look)
    result = cli("build", "academic-cv", "industry-resume", "--data", record,
                 "--output", tmp_path / "out")
    assert result.code == 0, result.output
    for name in ("academic-cv", "industry-resume"):  # full and compact education
        for text in pdf_text(tmp_path / "out" / f"{name}.pdf"):
            no_stray_separator(text)
            squashed = " ".join(text.split())
            assert "Research Engineer (a start-up)" in squashed, text
            assert "PhD in Computer Science" in squashed and "Acme" in squashed, text


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
@pytest.mark.parametrize("variant", ["academic-cv", "industry-resume"])
def test_the_exports_show_no_stray_separator_for_them(cli, tmp_path, fmt, variant):
    result = cli("export", variant, "--format", fmt, "--data",
                 imported_record(tmp_path, "default"))
    assert result.code == 0, result.output
    no_stray_separator(result.out)
    assert "Research Engineer" in result.out and "PhD in Computer Science" in result.out
