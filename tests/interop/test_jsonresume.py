"""JSON Resume in and out: the official sample imports, builds and round-trips; exports validate."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from cv_builder.cli.commands import cli
from cv_builder.errors import InvalidInput
from cv_builder.interop.jsonresume.read import import_resume
from cv_builder.interop.jsonresume.record_file import record_yaml
from cv_builder.interop.jsonresume.write import export_record, split_location
from cv_builder.record.fields import escape_markup
from cv_builder.record.load import parse_document
from cv_builder.record.markup import to_plain
from cv_builder.record.model import Record
from cv_builder.record.validate import load_record, validate_record

REPO = Path(__file__).resolve().parents[2]
# A copy of the shared reference files (MIT, jsonresume/resume-schema), so the tests
# never depend on a folder beside the checkout.
INTEROP = REPO / "tests" / "data" / "jsonresume"
SAMPLE = INTEROP / "sample.resume.json"
SCHEMA = INTEROP / "schema.json"
DATES = {"startDate", "endDate", "date", "releaseDate"}


@pytest.fixture(scope="module")
def sample() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    checker = jsonschema.Draft7Validator.FORMAT_CHECKER
    return jsonschema.Draft7Validator(schema, format_checker=checker)


def as_record(data: dict) -> Record:
    """Validate converted data as the loader would (characters and markup included)."""
    return validate_record(parse_document(record_yaml_text(data).encode(), "converted.yaml"))


def record_yaml_text(data: dict) -> str:
    from cv_builder.interop.jsonresume import Conversion

    return record_yaml(Conversion(data), "test.json")


def leaves(value, path: str = "") -> dict[str, object]:
    """{"work[0].highlights[1]": "...", ...}: every scalar of a JSON document by its path."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            out.update(leaves(item, f"{path}.{key}" if path else key))
        return out
    if isinstance(value, list):
        out = {}
        for index, item in enumerate(value):
            out.update(leaves(item, f"{path}[{index}]"))
        return out
    return {path: value}


def covered(path: str, prefixes) -> bool:
    return any(path == p or path.startswith(p + ".") or path.startswith(p + "[")
               for p in prefixes)


# --- Import --------------------------------------------------------------------------------------

def test_sample_imports_into_a_valid_record(sample):
    conversion = import_resume(sample)
    record = as_record(conversion.data)
    assert record.person.name == "Richard Hendriks"
    assert record.person.headline == "Programmer"
    assert record.person.location == "San Francisco, California, US"
    assert [p.label for p in record.person.profiles] == ["Twitter", "SoundCloud"]
    assert [e.organization for e in record.experience] == ["Pied Piper"]
    (volunteer,) = record.sections["volunteer"].entries
    assert (volunteer.title, volunteer.organization) == ("Teacher", "CoderDojo")
    assert volunteer.details == "Global movement of free coding clubs for young people."
    assert record.education[0].degree == "Bachelor" and record.education[0].gpa == "4.0"
    assert record.awards[0].year == 2014 and record.awards[0].issuer == "Techcrunch"
    assert record.publications[0].authors == ["Richard Hendriks"]
    assert record.projects[0].role == "Team lead; Designer"
    assert {g.category for g in record.skills} == {"Web Development", "Compression"}
    (language,) = record.sections["languages"].entries
    assert (language.title, language.details) == ("English", "Native speaker")
    (interest,) = record.sections["interests"].entries
    assert (interest.title, interest.details) == ("Wildlife", "Ferrets, Unicorns")
    (reference,) = record.sections["references"].entries
    assert reference.title == "Erlich Bachman" and reference.details.startswith("It is my")


def test_sample_round_trips_every_field_the_record_holds(sample):
    """Each field of the sample is exported unchanged, or named as having no place, or
    named as kept in a shorter form (dates to the month, a year for awards)."""
    conversion = import_resume(sample)
    exported = export_record(as_record(conversion.data)).data
    after = leaves(exported)
    shortened = " ".join(conversion.shortened)
    unaccounted = []
    for path, value in leaves(sample).items():
        if path == "$schema" or value == "" or covered(path, conversion.unplaced):
            continue  # the schema's address and empty values are not facts about the person
        key = path.rsplit(".", 1)[-1]
        if path in after and after[path] == value:
            continue
        if key in DATES and path in after and str(value).startswith(str(after[path])):
            assert len(str(value)) == 10 and "day of the month" in shortened or path in shortened
            continue
        if path in shortened:
            continue
        unaccounted.append((path, value, after.get(path)))
    assert unaccounted == []


def test_sample_round_trip_is_stable(sample):
    """Import of the export gives the same record (what the record holds survives both ways)."""
    first = as_record(import_resume(sample).data)
    second = as_record(import_resume(export_record(first).data).data)
    assert second == first


def test_every_field_with_no_place_is_warned_and_kept_as_a_comment(sample):
    conversion = import_resume(sample)
    expected = {"basics.location.address", "basics.location.postalCode",
                "basics.profiles[0].username", "education[0].url", "education[0].courses",
                "publications[0].summary", "skills[0].level",
                "projects[0].keywords", "projects[0].type", "meta.canonical",
                "meta.lastModified"}
    assert expected <= set(conversion.unplaced)
    # Volunteer work, languages, interests and references have sections of their own now.
    assert not {path for path in conversion.unplaced
                if path.startswith(("volunteer", "languages", "interests", "references"))}
    # Summaries and descriptions now have a place.
    for placed in ("work[0].summary", "work[0].description", "projects[0].description"):
        assert placed not in conversion.unplaced
    warning = " ".join(conversion.warnings("in the record"))
    for path in ("publications[].summary", "education[].courses", "skills[].level (2)"):
        assert path in warning
    text = record_yaml(conversion, "sample.resume.json")
    assert '# publications[0].summary: "Innovative middle-out' in text
    assert '# education[0].courses: ["DB1101 - Basic SQL", "CS2011 - Java Introduction"]' in text


def test_unknown_fields_anywhere_are_never_dropped_silently():
    resume = {"basics": {"name": "Ada Lovelace", "pronouns": "she/her"},
              "work": [{"name": "Engine Co", "position": "Analyst", "team": "Notes"}],
              "hobbies": ["chess"], "meta": {"theme": "elegant"}}
    conversion = import_resume(resume)
    assert set(conversion.unplaced) == {"basics.pronouns", "work[0].team", "hobbies",
                                        "meta.theme"}


def test_empty_values_are_not_reported(sample):
    conversion = import_resume(sample)
    assert "basics.image" not in conversion.unplaced  # "" in the sample: nothing to keep


def test_markup_characters_in_resume_text_stay_literal():
    text = "Cut costs by 50% * 2 [sic] for $5 \\o/ 3*4 a_b_c"
    resume = {"basics": {"name": "Ada Lovelace", "summary": text},
              "work": [{"name": "X", "position": "Y", "highlights": [text]}]}
    record = as_record(import_resume(resume).data)
    assert to_plain(record.about) == text
    assert to_plain(record.experience[0].highlights[0]) == text
    exported = export_record(record).data
    assert exported["basics"]["summary"] == text
    assert exported["work"][0]["highlights"] == [text]


def test_no_end_date_means_ongoing_both_ways():
    resume = {"basics": {"name": "A B"},
              "work": [{"name": "X", "position": "Y", "startDate": "2020-03"}]}
    record = as_record(import_resume(resume).data)
    assert record.experience[0].end.present
    assert export_record(record).data["work"][0] == {"name": "X", "position": "Y",
                                                     "startDate": "2020-03"}


def test_entries_the_record_cannot_hold_are_kept_whole():
    resume = {"basics": {"name": "A B"}, "awards": [{"title": "Undated prize"}],
              "publications": [{"name": "Untimed paper"}]}
    conversion = import_resume(resume)
    assert "awards" not in conversion.data and "publications" not in conversion.data
    assert conversion.unplaced["awards[0].title"] == "Undated prize"
    assert conversion.unplaced["publications[0].name"] == "Untimed paper"


def test_talks_and_open_source_go_through_projects_by_type():
    record = Record.model_validate({
        "person": {"name": "A B"},
        "talks": [{"title": "On engines", "host": "Royal Society", "year": 1843}],
        "open_source": [{"name": "engine", "url": "https://example.org/engine",
                         "description": "Difference engine"}]})
    projects = export_record(record).data["projects"]
    assert {p["type"] for p in projects} == {"talk", "open source"}
    back = as_record(import_resume(export_record(record).data).data)
    assert back.talks[0].title == "On engines" and back.talks[0].host == "Royal Society"
    assert back.open_source[0].name == "engine"


def test_a_bare_domain_gets_https_and_a_note():
    conversion = import_resume({"basics": {"name": "A B", "url": "example.org"}})
    assert conversion.data["person"]["website"] == "https://example.org"
    assert any("https:// added" in note for note in conversion.shortened)


@pytest.mark.parametrize("location, expected", [
    ("San Francisco, California, US", {"city": "San Francisco", "region": "California",
                                       "countryCode": "US"}),
    ("San Francisco, CA", {"city": "San Francisco", "region": "CA"}),
    ("Berlin", {"city": "Berlin"}),
    ("Flat 2, 10 Downing St, London, UK", {"city": "Flat 2, 10 Downing St, London, UK"}),
])
def test_location_is_split_as_the_import_joined_it(location, expected):
    assert split_location(location) == expected


@pytest.mark.parametrize("resume, path", [
    ([], ""),
    ({"basics": {}}, "basics.name"),
    ({"basics": {"name": "A"}, "work": {"name": "X"}}, "work"),
    ({"basics": {"name": 42}}, "basics.name"),
])
def test_unreadable_resumes_are_invalid_input(resume, path):
    with pytest.raises(InvalidInput) as caught:
        import_resume(resume)
    assert path in caught.value.format_message()


# --- Export --------------------------------------------------------------------------------------

def test_export_of_the_project_record_validates(validator):
    record, _ = load_record(REPO / "data" / "cv.yaml")
    conversion = export_record(record)
    assert list(validator.iter_errors(conversion.data)) == []
    assert conversion.data["basics"]["name"] == record.person.name
    assert len(conversion.data["publications"]) == len(record.publications)


def test_export_of_the_imported_sample_validates(sample, validator):
    exported = export_record(as_record(import_resume(sample).data)).data
    assert list(validator.iter_errors(exported)) == []
    assert exported["$schema"].endswith("v1.0.0/schema.json")


def test_export_names_what_has_no_place_in_json_resume():
    record, _ = load_record(REPO / "data" / "cv.yaml")
    warnings = " ".join(export_record(record).warnings("in JSON Resume"))
    for path in ("person.name_forms", "publications[].authors", "research_statement",
                 "research", "service", "open_source[].stars", "education[].advisor"):
        assert path in warnings
    assert "selection settings (priority, selected, tags)" in warnings


def test_markup_is_exported_as_plain_text():
    record = Record.model_validate({
        "person": {"name": "A B"},
        "experience": [{"organization": "X", "position": "Y", "highlights": [
            "**Bold** and *it* with [a link](https://example.org) and $O(\\sqrt{n})$"]}]})
    highlight = export_record(record).data["work"][0]["highlights"][0]
    assert highlight == "Bold and it with a link <https://example.org> and O(√(n))"


# --- Command line --------------------------------------------------------------------------------

def run(*args) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_cli_import_writes_a_record_and_warns(tmp_path):
    target = tmp_path / "richard.yaml"
    result = run("import", "jsonresume", SAMPLE, "-o", target)
    assert result.exit_code == 0, result.output
    assert "warning: no place in the record for:" in result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    record, _ = load_record(target)
    assert record.person.name == "Richard Hendriks"


def test_cli_import_never_overwrites_without_force(tmp_path):
    target = tmp_path / "richard.yaml"
    target.write_text("keep me\n", encoding="utf-8")
    result = run("import", "jsonresume", SAMPLE, "-o", target)
    assert result.exit_code == 2
    assert "already exists" in result.output
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert run("import", "jsonresume", SAMPLE, "-o", target, "--force").exit_code == 0
    assert "Richard Hendriks" in target.read_text(encoding="utf-8")


def test_cli_import_to_stdout(tmp_path):
    result = run("import", "jsonresume", SAMPLE)
    assert result.exit_code == 0
    assert "name: Richard Hendriks" in result.stdout


def test_cli_import_reports_json_syntax_errors_with_a_line(tmp_path):
    bad = tmp_path / "resume.json"
    bad.write_text('{\n  "basics": {"name": "A",}\n}\n', encoding="utf-8")
    result = run("import", "jsonresume", bad)
    assert result.exit_code == 2
    assert f"{bad}:2:" in result.output


def test_cli_import_reports_a_shape_problem_and_a_refused_value_at_once(tmp_path):
    """A list given as text used to hide the bad e-mail address until it was fixed."""
    resume = tmp_path / "resume.json"
    resume.write_text('{"basics": {"name": "X", "email": "not-an-email"},\n'
                      ' "work": [{"name": "A", "startDate": "March 2020"}],\n'
                      ' "skills": "python"}\n', encoding="utf-8")
    result = run("import", "jsonresume", resume, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 2
    assert f"{resume}:1:" in result.output and "basics.email" in result.output
    assert f"{resume}:3:" in result.output and "skills: expected a list" in result.output
    assert "2 problems found" in result.output
    assert not (tmp_path / "out.yaml").exists()


def test_cli_import_refuses_text_no_font_has(tmp_path):
    resume = tmp_path / "resume.json"
    resume.write_text(json.dumps({"basics": {"name": "𞤀𞤁"}}), encoding="utf-8")
    result = run("import", "jsonresume", resume, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 2
    assert "cannot be typeset" in result.output
    assert not (tmp_path / "out.yaml").exists()


def test_cli_export_jsonresume_validates(tmp_path, validator):
    target = tmp_path / "resume.json"
    result = run("export", "--format", "jsonresume", "--data", REPO / "data" / "cv.yaml",
                 "-o", target)
    assert result.exit_code == 0, result.output
    assert "warning: no place in JSON Resume for" in result.stderr
    assert list(validator.iter_errors(json.loads(target.read_text(encoding="utf-8")))) == []


def test_cli_export_jsonresume_of_one_variant_keeps_its_selection():
    result = run("export", "industry-resume", "--format", "jsonresume",
                 "--data", REPO / "data" / "cv.yaml")
    assert result.exit_code == 0
    exported = json.loads(result.stdout)
    names = {p["name"] for p in exported["projects"] if "type" not in p}
    assert "GPT4-Turbo" in names and "GPT-4" not in names  # GPT-4 is not selected
    assert len(exported["publications"]) == 5  # the variant's limit


@pytest.mark.latex
def test_imported_sample_builds_every_variant(tmp_path):
    from pypdf import PdfReader

    target = tmp_path / "richard.yaml"
    assert run("import", "jsonresume", SAMPLE, "-o", target).exit_code == 0
    output = tmp_path / "output"
    result = run("build", "--data", target, "--output", output)
    assert result.exit_code == 0, result.output
    for name in ("academic-cv", "industry-resume"):
        text = " ".join(p.extract_text() for p in PdfReader(output / f"{name}.pdf").pages)
        assert "Richard Hendriks" in text
    # A résumé has no research statement: that document is skipped, and the build says why.
    assert not (output / "research-statement.pdf").exists()
    assert ("research-statement: skipped: nothing to print, the record has no "
            "research_statement or research") in result.output
    cv = " ".join(p.extract_text() for p in PdfReader(output / "academic-cv.pdf").pages)
    for fact in ("Pied Piper", "CoderDojo", "University of Oklahoma", "Miss Direction",
                 "Digital Compression Pioneer Award", "Video compression for 3d media"):
        assert fact in re.sub(r"\s+", " ", cv)
    # No research statement: the CV opens with the summary, before education.
    flat = re.sub(r"\s+", " ", cv)
    assert flat.index("Summary Richard hails from Tulsa.") < flat.index("Education")


# --- Plain text into markup fields --------------------------------------------------------------

@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_escaped_plain_text_reads_back_exactly(text):
    assert to_plain(escape_markup(text)) == text


# --- Sections of the record's own ----------------------------------------------------------------

OWN_SECTIONS = {
    "person": {"name": "Ada Lovelace"},
    "sections": {
        "volunteering": {"title": "Volunteering", "entries": [
            {"title": "Teacher", "organization": "CoderDojo", "start": "2012-01",
             "end": "2013-01", "details": "Free *coding* clubs", "highlights": ["Taught 40"],
             "url": "https://example.org/dojo", "location": "Tulsa"},
            {"title": "Red Cross", "start": "2020-03", "end": "present"}]},
        "certifications": {"entries": [
            {"title": "AWS Solutions Architect", "organization": "Amazon", "date": "2021-06",
             "url": "https://example.org/aws"},
            {"title": "CPR", "start": 2019, "end": 2021}]},
        "languages": {"entries": [{"title": "English", "details": "native"},
                                  {"title": "Latin"}]},
        "hobbies": {"entries": [{"title": "Wildlife", "details": "Ferrets, Unicorns"},
                                {"title": "Chess"}]},
        "referees": {"entries": [{"title": "Erlich Bachman", "details": "A pleasure."}]},
        "teaching": {"entries": [{"title": "Tutor"}, {"title": "Grader"}]},
    },
}


def test_own_sections_map_to_json_resume_by_their_key(validator):
    conversion = export_record(Record.model_validate(OWN_SECTIONS))
    data = conversion.data
    assert data["volunteer"] == [
        {"position": "Teacher", "organization": "CoderDojo", "url": "https://example.org/dojo",
         "startDate": "2012-01", "endDate": "2013-01", "summary": "Free coding clubs",
         "highlights": ["Taught 40"]},
        {"organization": "Red Cross", "startDate": "2020-03"}]  # no organization: the title
    assert data["certificates"] == [
        {"name": "AWS Solutions Architect", "issuer": "Amazon", "date": "2021-06",
         "url": "https://example.org/aws"},
        {"name": "CPR", "date": "2021"}]  # a range: its end
    assert data["languages"] == [{"language": "English", "fluency": "native"},
                                 {"language": "Latin"}]
    assert data["interests"] == [{"name": "Wildlife", "keywords": ["Ferrets", "Unicorns"]},
                                 {"name": "Chess"}]
    assert data["references"] == [{"name": "Erlich Bachman", "reference": "A pleasure."}]
    assert conversion.unplaced["sections.teaching"] == "2 entries"
    assert conversion.unplaced["sections.volunteering.entries[0].location"] == "Tulsa"
    assert not list(validator.iter_errors(data))


def test_json_resume_sections_come_in_as_sections_of_ones_own():
    resume = {"basics": {"name": "A B"},
              "volunteer": [{"organization": "Red Cross", "startDate": "2020-03-01"}],
              "certificates": [{"name": "AWS", "issuer": "Amazon", "date": "2021-06-15",
                                "url": "https://example.org/aws"},
                               {"issuer": "Nobody"}],
              "interests": [{"name": "Wildlife", "keywords": ["Ferrets", "Unicorns"]}],
              "references": [{"name": "E. B.", "reference": "50% * 2 [sic]"}]}
    conversion = import_resume(resume)
    record = as_record(conversion.data)
    (volunteer,) = record.sections["volunteer"].entries
    assert (volunteer.title, volunteer.organization, volunteer.end.present) == (
        "Red Cross", None, True)
    (aws,) = record.sections["certificates"].entries
    assert (aws.title, aws.organization, aws.date.iso(), aws.url) == (
        "AWS", "Amazon", "2021-06", "https://example.org/aws")
    assert conversion.unplaced == {"certificates[1].issuer": "Nobody"}  # no name: kept whole
    assert record.sections["interests"].entries[0].details == "Ferrets, Unicorns"
    assert to_plain(record.sections["references"].entries[0].details) == "50% * 2 [sic]"
    assert record.sections["references"].title == "References"


def test_own_sections_round_trip():
    first = as_record(import_resume(export_record(Record.model_validate(OWN_SECTIONS)).data)
                      .data)
    second = as_record(import_resume(export_record(first).data).data)
    assert second == first
    assert list(first.sections) == ["volunteer", "certificates", "languages", "interests",
                                    "references"]


def test_sub_bullets_join_their_bullet_in_a_resume_json(validator):
    """JSON Resume has no sub-bullets: each follows its bullet's text in one highlight
    (work, projects, a section of one's own), said among the values shortened."""
    nested = {"text": "Shipped the **new** engine",
              "highlights": ["3x write throughput", "zero-downtime migration"]}
    record = Record.model_validate({
        "person": {"name": "A B"},
        "experience": [{"organization": "Acme", "position": "Engineer",
                        "highlights": ["Led the team", nested,
                                       {"text": "Kept:", "highlights": ["one"]}]}],
        "projects": [{"name": "Engine", "highlights": [nested]}],
        "sections": {"volunteer": {"entries": [{"title": "Club", "organization": "Club",
                                                "highlights": [nested]}]}}})
    conversion = export_record(record)
    assert list(validator.iter_errors(conversion.data)) == []
    joined = "Shipped the new engine: 3x write throughput; zero-downtime migration"
    assert conversion.data["work"][0]["highlights"] == ["Led the team", joined,
                                                        "Kept: one"]
    assert conversion.data["projects"][0]["highlights"] == [joined]
    assert conversion.data["volunteer"][0]["highlights"] == [joined]
    notes = [n for n in conversion.shortened if "sub-bullets joined" in n]
    assert [n.split(":")[0] for n in notes] == [
        "experience[0].highlights[1]", "experience[0].highlights[2]",
        "projects[0].highlights[0]", "sections.volunteer.entries[0].highlights[0]"]
    assert not conversion.unplaced
