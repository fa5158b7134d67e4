"""`cv-builder import rendercv`: a RenderCV input file (v1.x and v2.x) as a record, each
section where its entry type belongs, nothing left out silently."""

from __future__ import annotations

import textwrap

import pytest

import yaml
from click.testing import CliRunner

from cv_builder.cli.commands import cli
from cv_builder.interop.rendercv import import_file
from cv_builder.record.model import Record

V2 = """\
cv:
  name: Maren Albers-Quist
  headline: Research Engineer
  location: Tromsø, Norway
  email: maren@example.org
  phone: tel:+47-555-01-234
  website: https://maren.example.org/
  social_networks:
    - network: LinkedIn
      username: marenaq
    - network: GitHub
      username: marenaq
    - network: Mastodon
      username: "@maren@fosstodon.org"
  sections:
    summary:
      - Research engineer working on **sea-ice** models; see [my site](https://maren.example.org).
    education:
      - institution: University of Bergen
        area: Computational Oceanography
        degree: PhD
        start_date: 2016-09
        end_date: 2020-06
        location: Bergen, Norway
        highlights:
          - "Thesis: *Brine channels at scale*"
    experience:
      - company: Polar Institute
        position: Research Engineer
        start_date: 2020-08
        end_date: present
        location: Tromsø
        summary: Sea-ice forecasting.
        highlights:
          - Cut forecast time by **40%**
    teaching_experience:
      - company: University of Tromsø
        position: Teaching Assistant
        date: Spring 2019
    projects:
      - name: floe-tracker
        date: "2021"
        summary: Tracks ice floes in radar images.
        highlights:
          - 200 stars on GitHub
    publications:
      - title: Brine Channels at Scale
        authors:
          - "***Maren Albers-Quist***"
          - Tor Eik
        doi: 10.1234/brine.2020
        journal: Journal of Glaciology
        date: 2020-03
      - title: A Submitted Paper
        authors: ["Tor Eik", "**M. Albers-Quist**"]
        journal: Submitted
    skills:
      - label: Languages
        details: Python, Fortran, Julia
    honors_and_awards:
      - bullet: Nansen Prize for young researchers (2021)
    patents:
      - number: A patent with no year at all
    memberships:
      - Member of the *Norwegian* Polar Society
design:
  theme: classic
locale:
  language: en
"""

V1 = """\
cv:
  name: Ilse Brandvold
  label: Data Scientist
  email: ilse@example.org
  sections:
    about_me:
      - I analyse fisheries data.
    experience:
      - company: Havbruk AS
        position: Data Scientist
        start_date: "2019-01"
        end_date: "2021-12"
design:
  theme: sb2nov
  font: Latin Modern Serif
locale_catalog:
  phone_number_format: national
  date_style: MONTH_ABBREVIATION YEAR
rendercv_settings:
  render_command:
    dont_generate_html: true
"""


def convert(tmp_path, text, name="Maren_CV.yaml", **kwargs):
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    out, warnings = import_file(source, None, **kwargs)
    return yaml.safe_load(out), out, warnings


def test_every_section_where_its_entries_belong(tmp_path):
    record, text, _ = convert(tmp_path, V2)
    person = record["person"]
    assert person["name"] == "Maren Albers-Quist" and person["phone"] == "+47-555-01-234"
    urls = [p["url"] for p in person["profiles"]]
    assert urls == ["https://linkedin.com/in/marenaq", "https://github.com/marenaq",
                    "https://fosstodon.org/@maren"]
    assert record["about"].startswith("Research engineer working on **sea-ice**")
    assert record["education"][0]["institution"] == "University of Bergen"
    jobs = record["experience"]
    assert jobs[0]["end"] == "present"
    assert jobs[1]["tags"] == ["teaching-experience"]
    assert record["projects"][0]["name"] == "floe-tracker"
    papers = record["publications"]
    assert papers[0]["year"] == 2020 and papers[0]["doi"] == "10.1234/brine.2020"
    assert papers[1].get("status") == "in submission" and "venue" not in papers[1]
    assert "M. Albers-Quist" in person["name_forms"]
    assert record["skills"][0]["items"] == ["Python", "Fortran", "Julia"]
    assert record["awards"][0] == {"name": "Nansen Prize for young researchers", "year": 2021,
                                   "selected": True}
    # A section the record has no part for is one of its own, headed as RenderCV heads it.
    assert record["sections"]["patents"] == {
        "title": "Patents", "entries": [{"title": "A patent with no year at all",
                                         "selected": True}]}
    assert record["sections"]["memberships"]["entries"][0]["title"] == \
        "Member of the *Norwegian* Polar Society"
    # What has no place is kept, not dropped: the "Spring 2019" date.
    assert "# cv.sections.teaching_experience[0].date: \"Spring 2019\"" in text


def test_a_date_it_cannot_read_is_a_warning_at_its_line(tmp_path):
    _, _, warnings = convert(tmp_path, V2)
    spring = [w for w in warnings if "Spring 2019" in w]
    line = V2.splitlines().index("        date: Spring 2019") + 1
    assert spring and f"Maren_CV.yaml:{line}" in spring[0]


def test_the_v1_shape_with_its_settings(tmp_path):
    record, text, warnings = convert(tmp_path, V1)
    assert record["person"]["headline"] == "Data Scientist"
    assert record["about"] == "I analyse fisheries data."
    assert record["experience"][0]["start"] == "2019-01"
    assert [w for w in warnings if "locale_catalog" in w and "rendercv_settings" in w]


def test_strict_refuses_what_has_no_place(tmp_path):
    source = tmp_path / "Maren_CV.yaml"
    source.write_text(V2, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", "rendercv", str(source), "--strict",
                                      "-o", str(tmp_path / "out.yaml")])
    assert result.exit_code != 0 and not (tmp_path / "out.yaml").exists()
    result = CliRunner().invoke(cli, ["import", "rendercv", str(source),
                                      "-o", str(tmp_path / "out.yaml")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.yaml").exists()


def test_not_a_rendercv_file(tmp_path):
    source = tmp_path / "x.yaml"
    source.write_text(textwrap.dedent("""\
        person:
          name: Someone
    """), encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", "rendercv", str(source)])
    assert result.exit_code == 2 and "cv:" in result.output
    assert "Traceback" not in result.output


def one_section(tmp_path, section: str, entries: str, name="Elena_CV.yaml"):
    """A RenderCV file with one section of the given entries (YAML, indented by 6)."""
    text = f"cv:\n  name: Elena Petrova\n  sections:\n    {section}:\n{entries}"
    return convert(tmp_path, text, name)


@pytest.mark.parametrize("journal, date, venue, status, kind", [
    # 'Submitted to ICASSP 2025' with no date was 'to appear', printed "Submitted to
    # ICASSP 2025, to appear."; with a date nothing marked it unpublished.
    ("Submitted to ICASSP 2025", None, "ICASSP 2025", "in submission", "conference"),
    ("Submitted to ICASSP 2025", "2024-10", "ICASSP 2025", "in submission", "conference"),
    ("Under review at NeurIPS", None, "NeurIPS", "in submission", "conference"),
    ("To appear in ICML 2025", None, "ICML 2025", "to appear", "conference"),
    ("To appear in ICML 2025", "2025", "ICML 2025", "to appear", "conference"),
    ("Accepted at ICLR 2024", "2024", "ICLR 2024", "accepted", "conference"),
    ("Nature Communications (in press)", None, "Nature Communications", "to appear",
     "journal"),
    ("In preparation", None, None, "in preparation", "other"),
    # The type from the venue's words, as the .bib import has it from the entry type.
    ("Interspeech 2020", "2020-10", "Interspeech 2020", None, "conference"),
    ("Journal of Glaciology", "2020", "Journal of Glaciology", None, "journal"),
    ("IEEE Transactions on Robotics", "2021", "IEEE Transactions on Robotics", None,
     "journal"),
    ("ICRA 2023 Workshop on Legged Robots", "2023", "ICRA 2023 Workshop on Legged Robots",
     None, "workshop"),
    ("arXiv preprint arXiv:2305.01234", "2023", "arXiv:2305.01234", "preprint", "preprint"),
    ("PhD thesis, ETH Zürich", "2019", "PhD thesis, ETH Zürich", None, "thesis"),
    ("Computational Linguistics and Intellectual Technologies", "2016",
     "Computational Linguistics and Intellectual Technologies", None, "other"),
])
def test_a_journal_says_where_the_paper_stands_and_what_it_is(tmp_path, journal, date, venue,
                                                              status, kind):
    dated = f"        date: '{date}'\n" if date else ""
    record, _, warnings = one_section(tmp_path, "publications", (
        "      - title: Cross-lingual Transfer for Wake-Word Detection\n"
        "        authors: [Hans Weber, '*Elena Petrova*']\n"
        f"        journal: {journal}\n" + dated))
    paper = record["publications"][0]
    assert paper.get("venue") == venue
    assert paper.get("status") == status and paper["type"] == kind
    assert not [w for w in warnings if "imported as 'to appear'" in w]


def test_nested_highlights_stay_sub_bullets(tmp_path):
    """RenderCV v2.8's example nests bullets with '- sub' lines under a highlight, which
    YAML joins into one with ' - ': they stay sub-bullets of their parent, as RenderCV
    prints them (they were flattened into bullets of their own, with a warning), and the
    record written validates and keeps them."""
    record, text, warnings = one_section(tmp_path, "experience", """\
      - company: Google DeepMind
        position: Research Intern
        start_date: 2021-05
        end_date: 2021-08
        highlights:
          - Developed reinforcement learning algorithms
          - Published research at top-tier venues with significant academic impact
            - ICML 2022 main conference paper, cited 340+ times within two years
            - NeurIPS 2022 workshop paper on *emergent* communication
          - "A literal block\\n  - with a nested line"
          - " - only a nested line"
""")
    assert record["experience"][0]["highlights"] == [
        "Developed reinforcement learning algorithms",
        {"text": "Published research at top-tier venues with significant academic impact",
         "highlights": ["ICML 2022 main conference paper, cited 340+ times within two years",
                        "NeurIPS 2022 workshop paper on *emergent* communication"]},
        {"text": "A literal block", "highlights": ["with a nested line"]},
        "only a nested line"]
    assert not [w for w in warnings if "nested" in w]
    kept = Record.model_validate(record).experience[0].highlights  # the record written
    assert kept[1].highlights[1] == "NeurIPS 2022 workshop paper on *emergent* communication"


def test_a_year_range_of_an_award_is_said_once(tmp_path):
    record, _, _ = one_section(tmp_path, "awards_and_honors", """\
      - bullet: Best Student Paper, Interspeech (2020)
      - bullet: DAAD Doctoral Scholarship (2016 – 2020)
      - bullet: Board member, Example Society (2021 – present)
""")
    assert record["awards"] == [
        {"name": "Best Student Paper, Interspeech", "year": 2020, "selected": True},
        {"name": "DAAD Doctoral Scholarship", "year": 2020, "detail": "from 2016",
         "selected": True},
        {"name": "Board member, Example Society", "year": 2021, "detail": "ongoing",
         "selected": True}]


def test_a_project_s_location_is_no_organization(tmp_path):
    """`location: Remote` printed as the project's organization, '(Remote, 2020)'."""
    record, text, warnings = one_section(tmp_path, "projects", """\
      - name: Podcast transcription pipeline
        start_date: 2020-01
        end_date: 2020-06
        location: Remote
""")
    assert "organization" not in record["projects"][0]
    assert '# cv.sections.projects[0].location: "Remote"' in text
    assert [w for w in warnings if "no place" in w and "projects[].location" in w]


@pytest.mark.latex
def test_the_cv_prints_each_fact_once(tmp_path):
    """The PDF of an imported RenderCV file: a submitted paper is never 'to appear', a
    venue that names its year is not followed by it again, an award's range is printed
    once, nested bullets are bullets."""
    import subprocess

    _, text, _ = one_section(tmp_path, "publications", """\
      - title: Self-Supervised Pretraining for Low-Resource ASR
        authors: ['*Elena Petrova*', Dietrich Klakow]
        journal: Interspeech 2020
        date: 2020-10
      - title: Cross-lingual Transfer for Wake-Word Detection
        authors: [Hans Weber, '*Elena Petrova*']
        journal: Submitted to ICASSP 2025
      - title: Contrastive Speech Units
        authors: ['*Elena Petrova*']
        journal: Under review at NeurIPS
        date: 2024
    awards_and_honors:
      - bullet: DAAD Doctoral Scholarship (2016 – 2020)
""")
    record = tmp_path / "elena.yaml"
    record.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "academic-cv", "--data", str(record),
                                      "--output", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    pdf = subprocess.run(["pdftotext", "-layout", str(tmp_path / "out" / "academic-cv.pdf"),
                          "-"], check=True, capture_output=True, text=True).stdout
    flat = " ".join(pdf.split())
    assert "to appear" not in flat.lower() and "Submitted to" not in flat
    assert "ICASSP 2025, in submission." in flat
    assert "NeurIPS, 2024 (in submission)." in flat
    assert "Interspeech 2020." in flat and "Interspeech 2020, 2020" not in flat
    assert "DAAD Doctoral Scholarship (from 2016)" in flat and flat.count("2016") == 1


def test_a_paper_listed_again_as_a_project_is_kept_once(tmp_path):
    record, text, warnings = one_section(tmp_path, "publications", """\
      - title: Cross-lingual Transfer for Wake-Word Detection
        authors: ['*Elena Petrova*']
        journal: Interspeech 2023
        date: 2023-08
    projects:
      - name: '[Cross-lingual transfer for wake-word detection](https://github.com/e/ww)'
        summary: Code and models of the paper
      - name: Sprachwerk
""")
    assert [p["name"] for p in record["projects"]] == ["Sprachwerk"]
    assert {"label": "project", "url": "https://github.com/e/ww"} in \
        record["publications"][0]["links"]
    (said,) = [w for w in warnings if "is the paper" in w]
    assert "Elena_CV.yaml:10:9: cv.sections.projects[0]: the project 'Cross-lingual " in said
    assert '# cv.sections.projects[0].summary: "Code and models of the paper"' in text


def test_a_refused_import_lists_the_warnings_of_the_same_pass(tmp_path):
    source = tmp_path / "Elena_CV.yaml"
    source.write_text("cv:\n  name: Elena Petrova\n  email: not-an-address\n  sections:\n"
                      "    experience:\n      - company: A\n        position: B\n"
                      "        start_date: 2020-13\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", "rendercv", str(source),
                                      "-o", str(tmp_path / "cv.yaml")])
    assert result.exit_code == 2 and not (tmp_path / "cv.yaml").exists()
    problems, _, warnings = result.output.partition("and 1 warning")
    assert "Elena_CV.yaml:3:3: cv.email" in problems
    assert "Elena_CV.yaml:8:9: cv.sections.experience[0].start_date: '2020-13'" in warnings
