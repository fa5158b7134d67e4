"""`cv-builder import rendercv`: a RenderCV input file (v1.x and v2.x) as a record, each
section where its entry type belongs, nothing left out silently."""

from __future__ import annotations

import textwrap

import yaml
from click.testing import CliRunner

from cv_builder.cli.commands import cli
from cv_builder.interop.rendercv import import_file

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
