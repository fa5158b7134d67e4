"""JSON Resume as people write it: pre-1.0 fields, dates in every common form, Markdown and
inline HTML, lists in summaries; problems at their line in the resume.json."""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from cv_builder.cli.commands import cli
from cv_builder.interop.jsonresume.read import import_resume
from cv_builder.interop.jsonresume.record_file import import_file, record_yaml
from cv_builder.interop.text_in import parse_date, split_bullets, to_markup


def convert(resume: dict):
    return import_resume(resume, "resume.json")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("text, iso, note", [
    ("2020-06-15", "2020-06", ""), ("2020-06", "2020-06", ""), ("07/2025", "2025-07", ""),
    ("May 2022", "2022-05", ""), ("May, 2022", "2022-05", ""), ("Sept 2019", "2019-09", ""),
    ("2022", "2022", ""), ("Present", "present", ""), ("present (part-time)", "present",
                                                       "part-time"),
    ("2017.9", "2017-09", ""), ("septiembre 2020", "2020-09", ""),
])
def test_dates_as_people_write_them(text, iso, note):
    date, found = parse_date(text)
    assert date.iso() == iso and found == note


@pytest.mark.parametrize("text", ["Summer 2019", "2025-13", "soon", "13/2020"])
def test_what_is_no_date(text):
    assert parse_date(text)[0] is None


@pytest.mark.parametrize("text, markup", [
    ("Led **search** at *scale*", "Led **search** at *scale*"),
    ("See [the site](https://x.org/a_b)", "See [the site](https://x.org/a_b)"),
    ('Built <a href="https://x.org">X</a> with <strong>Go</strong> and <em>care</em>',
     "Built [X](https://x.org) with **Go** and *care*"),
    ("line one<br>line two", "line one\nline two"),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),  # shown as written
    ("Saved $5 * 3 [sic]", "Saved \\$5 \\* 3 \\[sic\\]"),
    ("snake_case and __dunder__", "snake_case and **dunder**"),
    ("Cut size by 45&nbsp;% &amp; time", "Cut size by 45\u00a0% & time"),  # entities, no tags
    ("Lints `aria-*` attributes", "Lints aria-\\* attributes"),  # no code font: the words
])
def test_markdown_and_inline_html_become_our_markup(text, markup):
    assert to_markup(text)[0] == markup


def test_a_summary_written_as_a_list_becomes_bullets():
    assert split_bullets("Led the team.\n- Built X\n- Ran Y\n  over two lines") == (
        "Led the team.", ["Built X", "Ran Y over two lines"])
    assert split_bullets("One line - not a list") == ("One line - not a list", [])
    assert split_bullets("Web: • Redesign • A/B tests") == ("Web:", ["Redesign", "A/B tests"])


def test_pre_1_0_fields_and_plain_interests():
    conversion = convert({
        "basics": {"name": "Ana Díaz", "website": "https://ana.example", "location": "Gijón"},
        "work": [{"company": "PetFactory", "website": "https://pets.example",
                  "position": "Groomer", "startDate": "2025-01", "endDate": "present (part-time)",
                  "summary": "Dogs of every *temperament*.", "description": "Pet shop"}],
        "volunteer": [{"organization": "Shelter", "position": "Walker", "startDate": "2020"}],
        "education": [{"institution": "UPF", "studyType": "", "area": "Translation",
                       "gpa": "8.1", "startDate": "07/2016", "endDate": "June 2020"}],
        "languages": [{"name": "Korean", "level": "Native"}],
        "interests": ["Climbing", "Chess"],
        "projects": [{"name": "Atlas", "description": "Maps that **lie**."}]})
    data = conversion.data
    assert data["person"]["website"] == "https://ana.example"
    assert data["person"]["location"] == "Gijón"
    job = data["experience"][0]
    assert job["organization"] == "PetFactory" and job["url"] == "https://pets.example"
    assert job["position"] == "Groomer (part-time)" and job["end"] == "present"
    assert job["summary"] == "Dogs of every *temperament*." and job["description"] == "Pet shop"
    own = data["sections"]
    assert own["volunteer"]["entries"][0]["title"] == "Walker"
    assert own["volunteer"]["entries"][0]["organization"] == "Shelter"
    edu = data["education"][0]
    assert edu["degree"] == "" and edu["field"] == "Translation" and edu["gpa"] == "8.1"
    assert (edu["start"], edu["end"]) == ("2016-07", "2020-06")
    assert own["languages"]["entries"][0] == {"title": "Korean", "details": "Native",
                                              "selected": True}
    assert [e["title"] for e in own["interests"]["entries"]] == ["Climbing", "Chess"]
    assert data["projects"][0]["summary"] == "Maps that **lie**."
    assert conversion.unplaced == {}


def test_a_date_that_is_none_is_a_warning_at_its_line(tmp_path):
    source = tmp_path / "resume.json"
    source.write_text(json.dumps({"basics": {"name": "A B"}, "work": [
        {"name": "X", "position": "Y", "startDate": "Summer 2019"}]}, indent=2),
        encoding="utf-8")
    text, warnings = import_file(source, None)
    assert f"{source}:9:20: work[0].startDate: 'Summer 2019' is not a date" in warnings[0]
    assert '# work[0].startDate: "Summer 2019"' in text
    strict = run("import", "jsonresume", source, "--strict")
    assert strict.exit_code == 2 and f"{source}:9:20: work[0].startDate" in strict.output


def test_an_end_before_its_start_is_a_warning_and_the_end_a_comment(tmp_path):
    source = tmp_path / "resume.json"
    source.write_text('{"basics": {"name": "A B"},\n "work": [{"name": "X", "position": "Y",\n'
                      '  "startDate": "2025-11-06", "endDate": "2025-01-25"}]}\n',
                      encoding="utf-8")
    text, warnings = import_file(source, None)
    assert any(w.startswith(f"{source}:3:41: work[0].endDate: ends (2025-01) before it "
                            "starts (2025-11)") for w in warnings), warnings
    assert yaml.safe_load(text)["experience"][0]["start"] == "2025-11"
    assert "# work[0].endDate: \"2025-01\"" in text


def test_a_value_the_record_refuses_is_reported_at_its_line_in_the_resume(tmp_path):
    source = tmp_path / "resume.json"
    source.write_text('{\n  "basics": {"name": "Ana",\n    "email": "ana at example"},\n'
                      '  "work": []\n}\n', encoding="utf-8")
    result = run("import", "jsonresume", source, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 2
    assert f"{source}:3:14: basics.email: 'ana at example' is not an email" in result.output
    assert "out.yaml:" not in result.output and not (tmp_path / "out.yaml").exists()


def test_text_after_the_json_is_left_out_with_a_warning(tmp_path):
    source = tmp_path / "resume.json"
    source.write_text('{"basics": {"name": "A B"}}\n- [ ]\n', encoding="utf-8")
    result = run("import", "jsonresume", source)
    assert result.exit_code == 0
    assert f"{source}:2:1: text after the JSON object is left out: '- [ ]'" in result.stderr


def test_a_merge_conflict_is_named(tmp_path):
    source = tmp_path / "resume.json"
    source.write_text('{"basics": {"name": "A B",\n<<<<<<< HEAD\n"label": "x"\n=======\n'
                      '"label": "y"\n>>>>>>> main\n}}\n', encoding="utf-8")
    result = run("import", "jsonresume", source)
    assert result.exit_code == 2
    assert f"{source}:2:1: not valid JSON" in result.output and "merge conflict" in result.output


@pytest.mark.parametrize("breaker", ["\n", "\r", "\u0085", "\u2028", "\u2029"])
def test_comments_hold_no_line_break_yaml_would_end_them_at(breaker):
    evil = f"x{breaker}injected: true"
    conversion = convert({"basics": {"name": "A B", f"k{breaker}bad: 1": evil},
                          f"top{breaker}level: 2": [evil]})
    text = record_yaml(conversion, f"resume{breaker}name.json")
    data = yaml.safe_load(text)
    assert set(data) == {"person"}  # nothing the comments hold became a key
    assert all(breaker not in line for line in text.splitlines() if line.startswith("#"))


def test_a_colour_only_emoji_is_taken_out_with_a_warning_the_text_kept(tmp_path):
    source = tmp_path / "resume.json"
    source.write_text('{\n  "basics": {"name": "Ana", "label": "\U0001F469\u200D\U0001F4BB Dev"},\n'
                      '  "languages": [\n    {"language": "\U0001F1EB\U0001F1F7 French"}\n  ]\n}\n',
                      encoding="utf-8")
    result = run("import", "jsonresume", source, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 0, result.output
    record = yaml.safe_load((tmp_path / "out.yaml").read_text(encoding="utf-8"))
    assert record["person"]["headline"] == "Dev"
    assert record["sections"]["languages"]["entries"][0]["title"] == "French"
    assert f"{source}:2:38: basics.label: the joined emoji" in result.stderr
    assert f"{source}:4:18: languages[0].language: the flag \U0001F1EB\U0001F1F7" in result.stderr


def test_a_profile_with_only_a_username_gets_its_address():
    """`{network: GitHub, username: octocat}` and no url, as many resume.json files have
    it (and as RenderCV writes social networks): the address made, one way for both."""
    conversion = convert({"basics": {"name": "Ada Lovelace", "profiles": [
        {"network": "GitHub", "username": "octocat"},
        {"network": "LinkedIn", "username": "ada-lovelace"},
        {"network": "GitLab", "username": "ada"},
        {"network": "ORCID", "username": "0000-0002-1825-0097"},
        {"network": "Google Scholar", "username": "AbCdEfGAAAAJ"},
        {"network": "Twitter", "username": "@ada"},
        {"network": "X", "username": "ada"},
        {"network": "Mastodon", "username": "@ada@hachyderm.io"},
        {"network": "GitHub", "username": "x", "url": "https://github.com/kept"},
        {"network": "Myspace", "username": "ada"},
        {"network": "Google Scholar", "username": "AbCdEfGAAAAJ&hl=en"}]}})
    profiles = conversion.data["person"]["profiles"]
    assert [(p["label"], p["url"]) for p in profiles] == [
        ("GitHub", "https://github.com/octocat"),
        ("LinkedIn", "https://linkedin.com/in/ada-lovelace"),
        ("GitLab", "https://gitlab.com/ada"),
        ("ORCID", "https://orcid.org/0000-0002-1825-0097"),
        ("Google Scholar", "https://scholar.google.com/citations?user=AbCdEfGAAAAJ"),
        ("Twitter", "https://twitter.com/ada"),
        ("X", "https://x.com/ada"),
        ("Mastodon", "https://hachyderm.io/@ada"),
        ("GitHub", "https://github.com/kept")]
    myspace = [p for p in conversion.problems if "Myspace" in p.message]
    assert myspace and myspace[0].path == "basics.profiles[9]"
    scholar = [p for p in conversion.problems if p.path == "basics.profiles[10]"]
    assert scholar and "'AbCdEfGAAAAJ&hl=en' cannot be part of an address" in scholar[0].message
    assert conversion.unplaced == {"basics.profiles[8].username": "x",
                                   "basics.profiles[9].network": "Myspace",
                                   "basics.profiles[9].username": "ada",
                                   "basics.profiles[10].network": "Google Scholar",
                                   "basics.profiles[10].username": "AbCdEfGAAAAJ&hl=en"}


@pytest.mark.parametrize("network, username", [
    ("GitHub", "a b"), ("GitHub", "x\\textbf{y}"), ("Mastodon", "ada"),
    ("GitHub", "../../evil?x=1#y"), ("LinkedIn", ""),
])
def test_a_username_that_cannot_be_in_an_address_makes_none(network, username):
    from cv_builder.interop.profiles import profile_url

    assert profile_url(network, username) is None


def test_a_publisher_that_says_where_the_paper_stands():
    """`publisher: Submitted to ICASSP 2025` and no releaseDate: left out before (no
    year); now the status and the venue, and the type the venue's words say."""
    conversion = convert({"basics": {"name": "Elena Petrova"}, "publications": [
        {"name": "Wake words", "publisher": "Submitted to ICASSP 2025"},
        {"name": "Units", "publisher": "NeurIPS 2024 (under review)", "releaseDate": "2024"},
        {"name": "Ice", "publisher": "Journal of Glaciology", "releaseDate": "2020-03"},
        {"name": "Scaling", "publisher": "arXiv preprint arXiv:2305.01234",
         "releaseDate": "2023"}]})
    papers = {p["title"]: p for p in conversion.data["publications"]}
    assert papers["Wake words"]["status"] == "in submission"
    assert papers["Wake words"]["venue"] == "ICASSP 2025" and "year" not in papers["Wake words"]
    assert papers["Wake words"]["type"] == "conference"
    assert (papers["Units"]["status"], papers["Units"]["year"]) == ("in submission", 2024)
    assert papers["Ice"]["type"] == "journal" and "status" not in papers["Ice"]
    assert (papers["Scaling"]["type"], papers["Scaling"]["status"]) == ("preprint", "preprint")


def test_a_paper_listed_again_as_a_project_is_kept_once(tmp_path):
    """A resume.json listing its paper under publications and again under projects
    printed it twice; now once, as the paper, with the project's link, a warning at the
    project's line, and what else the project said kept as a comment."""
    source = tmp_path / "resume.json"
    source.write_text(json.dumps({
        "basics": {"name": "Jordan Alvarez"},
        "publications": [{"name": "Backpressure in Practice", "releaseDate": "2023",
                          "publisher": "USENIX SREcon Americas"}],
        "projects": [{"name": "kafka-lag-exporter", "description": "An exporter."},
                     {"name": "Backpressure in practice",
                      "url": "https://github.com/j/backpressure",
                      "description": "Talk and paper on flow control."},
                     {"name": "After it", "description": "Kept, at its own line."}]},
        indent=1), encoding="utf-8")
    result = run("import", "jsonresume", source, "-o", tmp_path / "cv.yaml")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "cv.yaml").read_text(encoding="utf-8")
    record = yaml.safe_load(text)
    assert [p["name"] for p in record["projects"]] == ["kafka-lag-exporter", "After it"]
    (paper,) = record["publications"]
    assert {"label": "project", "url": "https://github.com/j/backpressure"} in paper["links"]
    line = next(n for n, t in enumerate(source.read_text().splitlines(), 1)
                if '"Backpressure in practice"' in t)
    assert f"resume.json:{line - 1}:3: projects[1]:" in result.output  # its "{"
    assert "the project 'Backpressure in practice' is the paper publications[0]" in result.output
    assert '# projects[1].description: "Talk and paper on flow control."' in text
    assert text.count("Backpressure in") == 1


def test_a_refused_import_lists_the_warnings_of_the_same_pass(tmp_path):
    """Refused for a bad e-mail and a list that is none, the import said nothing of the
    date it could not read: the person fixed two things, ran it again, and met a third."""
    source = tmp_path / "resume.json"
    source.write_text('{"basics": {"name": "N", "email": "bad"},\n "work": "x",\n'
                      ' "awards": [{"title": "A", "date": "someday"}]}', encoding="utf-8")
    result = run("import", "jsonresume", source, "-o", tmp_path / "cv.yaml")
    assert result.exit_code == 2 and not (tmp_path / "cv.yaml").exists()
    assert "2 problems found" in result.output
    head, _, tail = result.output.partition("and 1 warning, which alone would not stop it:")
    assert "resume.json:1:" in head and "basics.email" in head and "resume.json:2:" in head
    assert "resume.json:3:" in tail and "'someday' is not a date" in tail


RENDERCV_YAML = """# A RenderCV file
cv:
  name: Kofi Mensah
  sections:
    education:
      - institution: University of Ghana
        area: Computer Science
        degree: BSc
"""


@pytest.mark.parametrize("text, said", [
    ('{"basics": {"name": "A B",}}\n', "1:27: a comma before '}': JSON allows none after "
                                      "the last item; remove it"),
    ('{"skills": [{"name": "Go"},\n  ]}\n', "2:3: a comma before ']': JSON allows none"),
    ('{"basics": {"name": "A B",, "label": "x"}}\n', "1:27: two commas in a row"),
    ('{"basics": {"name": \'A B\'}}\n', "1:21: text in single quotes: JSON quotes text "
                                       "with double quotes"),
    ('{"basics": {"name": "A B" "label": "x"}}\n', "1:27: a comma missing between two items"),
    ('{"basics": {"name": "A B\n', "1:25: a line break or tab inside a string"),
    ('{"basics": {"name": "A B"}\n', "2:1: the file ends before its JSON does"),
    ("basics:\n  name: A B\n", "1:1: not JSON but YAML: a JSON Resume is a .json file"),
    (RENDERCV_YAML, "1:1: not JSON but YAML, and shaped as a RenderCV file (a cv: section): "
                    "import it with `cv-builder import rendercv "),
])
def test_a_file_that_is_not_json_is_told_in_plain_words(tmp_path, text, said):
    """Python's 'Expecting property name enclosed in double quotes' and 'Expecting value'
    named no cause; a RenderCV file given to import jsonresume was "not valid JSON"."""
    source = tmp_path / "resume.json"
    source.write_text(text, encoding="utf-8")
    result = run("import", "jsonresume", source, "-o", tmp_path / "cv.yaml")
    assert result.exit_code == 2
    assert f"{source}:{said}" in result.output, result.output
    assert "Expecting" not in result.output
    assert not (tmp_path / "cv.yaml").exists()


def test_the_rendercv_import_it_names_works(tmp_path):
    source = tmp_path / "Kofi Mensah_CV.yaml"
    source.write_text(RENDERCV_YAML, encoding="utf-8")
    told = run("import", "jsonresume", source, "-o", tmp_path / "cv.yaml")
    assert f"cv-builder import rendercv '{source}' -o cv.yaml" in told.output
    result = run("import", "rendercv", source, "-o", tmp_path / "cv.yaml")
    assert result.exit_code == 0, result.output
    assert "Kofi Mensah" in (tmp_path / "cv.yaml").read_text(encoding="utf-8")
