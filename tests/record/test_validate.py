"""Validation: the model is strict, and every problem comes back at once with file:line and path."""

from __future__ import annotations

import pytest

from cv_builder.errors import InvalidInput
from cv_builder.record.load import Document
from cv_builder.record.model import Record
from cv_builder.record.validate import load_record, validate_record


def problems_of(load, content) -> list:
    with pytest.raises(InvalidInput) as caught:
        load(content)
    return caught.value.problems


def test_minimal_record_is_valid(load, minimal):
    record = load(minimal)
    assert isinstance(record, Record)
    assert record.person.name == "Ada Lovelace"
    assert record.publications[0].status == "published"  # defaults filled in
    assert record.awards == []


def test_shipped_record_is_valid(repo_root):
    record, document = load_record(repo_root / "data" / "cv.yaml")
    assert record.publications and record.awards and record.research
    assert record.research_statement


def test_record_is_frozen(load, minimal):
    from pydantic import ValidationError

    record = load(minimal)
    with pytest.raises(ValidationError):
        record.person.name = "someone else"


def test_unknown_field_suggests_the_close_one(load):
    text = "person:\n  name: Ada\n  emial: ada@example.org\n"
    (problem,) = problems_of(load, text)
    assert (problem.line, problem.column, problem.path) == (3, 3, "person.emial")
    assert "unknown field 'emial'" in problem.message
    assert "did you mean 'email'" in problem.message


def test_unknown_field_without_a_close_match_lists_the_known_ones(load):
    (problem,) = problems_of(load, "person:\n  name: Ada\n  zzzzzz: 1\n")
    assert "known fields:" in problem.message and "email" in problem.message


def test_unknown_top_level_section(load):
    (problem,) = problems_of(load, "person:\n  name: Ada\npublication: []\n")
    assert problem.path == "publication" and "did you mean 'publications'" in problem.message


def test_missing_required_field(load):
    (problem,) = problems_of(load, "person:\n  name: Ada\nawards:\n  - name: Prize\n")
    assert problem.path == "awards[0].year" and problem.message == "this field is required"
    assert problem.line == 4  # the entry that lacks it


def test_person_is_required(load):
    (problem,) = problems_of(load, "about: hello\n")
    assert problem.path == "person" and "required" in problem.message


def test_every_problem_at_once_in_file_order(load):
    text = """\
person:
  name: Ada
  nmae: typo
  email: not-an-email
education:
  - institution: X
    degree: B.A.
    start: 2016-13
publications:
  - id: p1
    authors: [A. Lovelace]
    title: T
    year: "1843"
    status: submitted
awards:
  - name: Prize
"""
    problems = problems_of(load, text)
    got = [(p.line, p.path) for p in problems]
    assert got == [
        (3, "person.nmae"),
        (4, "person.email"),
        (8, "education[0].start"),
        (13, "publications[0].year"),
        (14, "publications[0].status"),
        (16, "awards[0].year"),
    ]
    message = InvalidInput(problems).format_message()
    assert "6 problems found" in message


def test_messages_are_plain_words(load, minimal):
    minimal["publications"][0].update(year="1843", status="submitted")
    minimal["person"]["name"] = 42
    messages = {p.path: p.message for p in problems_of(load, minimal)}
    assert messages["publications[0].year"] == "expected a whole number, got text ('1843')"
    assert messages["person.name"] == ("expected text, got a whole number (42); quote it to "
                                       'keep it as written: name: "42"')
    assert "'submitted' is not one of" in messages["publications[0].status"]
    assert "'in submission'" in messages["publications[0].status"]


@pytest.mark.parametrize("field, value", [
    ("selected", "yes"),      # no coercion of text to bool
    ("year", 1843.0),         # nor of a float to int
    ("authors", "A. Lovelace"),  # a list, not one string
    ("tags", "ml"),
])
def test_strict_types_never_coerce(load, minimal, field, value):
    minimal["publications"][0][field] = value
    (problem,) = problems_of(load, minimal)
    assert problem.path == f"publications[0].{field}"


def test_bad_date(load, minimal):
    minimal["education"][0]["start"] = "Sept 1832"
    (problem,) = problems_of(load, minimal)
    assert problem.path == "education[0].start" and "is not a date" in problem.message


def test_end_before_start(load, minimal):
    minimal["education"][0].update(start="1835-09", end="1832-06")
    (problem,) = problems_of(load, minimal)
    assert problem.path == "education[0]" and "is before start" in problem.message


@pytest.mark.parametrize("url", ["javascript:alert(1)", "example.org", "https://x.org/a b",
                                 "https://x.org/{}", "file:///etc/passwd"])
def test_urls_must_be_http_or_mailto(load, minimal, url):
    minimal["person"]["website"] = url
    (problem,) = problems_of(load, minimal)
    assert problem.path == "person.website"


def test_email_form(load, minimal):
    minimal["person"]["email"] = "ada at example"
    (problem,) = problems_of(load, minimal)
    assert problem.path == "person.email"


def test_publication_id_form(load, minimal):
    minimal["publications"][0]["id"] = "has space"
    (problem,) = problems_of(load, minimal)
    assert problem.path == "publications[0].id"


def test_publication_needs_an_author(load, minimal):
    minimal["publications"][0]["authors"] = []
    (problem,) = problems_of(load, minimal)
    assert problem.path == "publications[0].authors"


def test_negative_stars(load, minimal):
    minimal["open_source"] = [{"name": "x", "stars": -1}]
    (problem,) = problems_of(load, minimal)
    assert problem.path == "open_source[0].stars"


def test_markup_is_checked_when_loading(load, minimal):
    minimal["about"] = r"rate $O(1/\sqrt{T})$ and $\input{/etc/passwd}$"
    (problem,) = problems_of(load, minimal)
    assert problem.path == "about" and r"\input is not allowed" in problem.message


@pytest.mark.parametrize("text", [r"**bold** and *italic*", r"[site](https://example.org)",
                                  r"rate $O(1/\sqrt{T})$", r"50\% and a \*star\*"])
def test_valid_markup_loads(load, minimal, text):
    minimal["about"] = text
    assert load(minimal).about == text


def test_markup_link_must_be_http(load, minimal):
    minimal["about"] = "[x](javascript:alert(1))"
    (problem,) = problems_of(load, minimal)
    assert problem.path == "about" and "http" in problem.message


def test_characters_no_font_has(load, minimal):
    minimal["awards"] = [{"name": "\U0001E900 prize", "year": 2000}]
    (problem,) = problems_of(load, minimal)
    assert problem.path == "awards[0].name" and "cannot be typeset" in problem.message


def test_latin_accents_are_fine(load, minimal):
    minimal["person"]["name"] = "Ad\u00e1 L\u00f8velace-\u0141\u00e9"
    assert load(minimal).person.name == "Ad\u00e1 L\u00f8velace-\u0141\u00e9"


def test_character_and_model_problems_together(load, minimal):
    minimal["awards"] = [{"name": "\U0001E900"}]
    paths = [p.path for p in problems_of(load, minimal)]
    assert sorted(paths) == ["awards[0].name", "awards[0].year"]


def test_cross_references_all_reported(load, minimal):
    minimal["publications"].append(dict(minimal["publications"][0]))
    minimal["research"] = [{"title": "Engines", "projects": [
        {"title": "Notes", "papers": ["notes1843", "missing1"]},
        {"title": "More", "papers": ["missing2"]},
    ]}]
    duplicate, missing1, missing2 = problems_of(load, minimal)
    assert duplicate.path == "publications[1].id"
    assert "'notes1843' is already used by publications[0]" in duplicate.message
    assert missing1.path == "research[0].projects[0].papers[1]" and "'missing1'" in missing1.message
    assert missing2.path == "research[0].projects[1].papers[0]" and "'missing2'" in missing2.message
    assert all(p.line for p in (duplicate, missing1, missing2))


def test_a_list_is_not_a_record(load):
    (problem,) = problems_of(load, "- person\n")
    assert "a record is a mapping" in problem.message


def test_validate_record_takes_a_document():
    document = Document("inline.yaml", {"person": {"name": "Ada"}})
    assert validate_record(document).person.name == "Ada"


def test_schema_rejects_unknown_keys_everywhere():
    """The JSON Schema editors use is as strict as the model."""
    from cv_builder.record.schema import record_schema

    schema = record_schema()
    assert schema["additionalProperties"] is False
    for name, definition in schema["$defs"].items():
        if definition.get("type") == "object" and "properties" in definition:
            assert definition.get("additionalProperties") is False, name


def test_text_where_a_list_belongs_says_how_to_write_a_list(write_record, minimal):
    from cv_builder.errors import InvalidInput
    from cv_builder.record.validate import load_record

    minimal["skills"] = [{"category": "Languages", "items": "Go, Java"}]
    with pytest.raises(InvalidInput) as caught:
        load_record(write_record(minimal))
    (problem,) = caught.value.problems
    assert problem.path == "skills[0].items"
    assert problem.message == ("expected a list, got text ('Go, Java'): write a list as "
                               "[Go, Java], or one '- item' per line")


def test_a_bad_letter_id_does_not_hide_a_duplicate_one(load):
    """The duplicate was only found once the other letter's id was fixed."""
    text = ("person:\n  name: Ada\nletters:\n  - id: acme\n    body: a\n  - id: acme\n"
            "    body: b\n  - id: bad id!\n    body: c\n")
    with pytest.raises(InvalidInput) as caught:
        load(text)
    assert [(p.line, p.path) for p in caught.value.problems] == [
        (6, "letters[1].id"), (8, "letters[2].id")]
    assert "already used by letters[0]" in caught.value.problems[0].message


def test_a_missing_citation_is_found_beside_a_model_problem(load):
    text = ("person:\n  name: Ada\nawards:\n  - name: X\nresearch:\n  - title: T\n"
            "    projects:\n      - title: P\n        papers: [nope]\n")
    with pytest.raises(InvalidInput) as caught:
        load(text)
    assert [p.path for p in caught.value.problems] == [
        "awards[0].year", "research[0].projects[0].papers[0]"]


@pytest.mark.parametrize("text, path, hint", [
    ("person:\n  name: Ada\n  phone: +15551234567\n", "person.phone",
     'quote it to keep it as written: phone: "+15551234567"'),
    ("person:\n  name: Ada\nskills:\n  - {category: L, items: [C, NO, 3.10]}\n",
     "skills[0].items[1]", 'quote it to keep it as written: - "NO"'),
    ("person:\n  name: Ada\nskills:\n  - {category: L, items: [C, NO, 3.10]}\n",
     "skills[0].items[2]", 'quote it to keep it as written: - "3.10"'),
    ("person:\n  name: Ada\nexperience:\n  - organization: A\n    position: B\n"
     "    highlights:\n      - Reduced cost: by 20%\n", "experience[0].highlights[0]",
     "a ': ' inside text makes YAML read a key and a value: quote the whole text, "
     '- "Reduced cost: by 20%"'),
])
def test_text_yaml_read_as_something_else_gets_a_hint_to_quote_it(load, text, path, hint):
    problems = {p.path: p.message for p in problems_of(load, text)}
    assert problems[path].endswith(hint), problems[path]


def test_no_hint_to_quote_a_value_of_a_form_and_no_far_fetched_guess(load):
    """margin: 2 quoted is no length either; 'iso' is not close to 'short'."""
    text = "person:\n  name: Ada\ndesign:\n  margin: 2\n  date_format: iso\n"
    problems = {p.path: p.message for p in problems_of(load, text)}
    assert problems["design.margin"] == "expected text, got a whole number (2)"
    assert "did you mean" not in problems["design.date_format"]


def test_an_item_joined_to_the_one_above_by_its_indentation_is_a_warning(write_record):
    path = write_record("person:\n  name: Ada\nexperience:\n- organization: Acme\n"
                        "  position: Dev\n  highlights:\n  - one\n   - two\n  - three\n")
    record, document = load_record(path)
    assert record.experience[0].highlights == ["one - two", "three"]
    (warning,) = document.warnings
    assert (warning.line, warning.column, warning.path) == (8, 4, "experience[0].highlights[0]")
    assert "'- two' was read as part of the item above it ('one - two')" in warning.message


def test_a_folded_letter_body_that_loses_its_paragraphs_is_a_warning(write_record):
    """`body: >` and paragraphs one blank line apart: YAML folds the blank line into a
    line break, so the letter printed one paragraph; `|` or two blank lines keep them."""
    from cv_builder.record.letters import paragraphs

    path = write_record("person:\n  name: Ada\n  email: ada@example.org\nletters:\n"
                        "  - id: acme\n    body: >\n      First paragraph\n      goes on.\n"
                        "\n      Second one.\n\n\n      Third, two blank lines above.\n"
                        "  - id: kept\n    body: |\n      One.\n\n      Two.\n"
                        "  - id: twice\n    body: >\n      One.\n\n\n      Two.\n")
    record, document = load_record(path)
    assert len(paragraphs(record.letters[0].body)) == 2  # what the warning is about
    (warning,) = document.warnings
    assert (warning.line, warning.path) == (9, "letters[0].body")
    assert "`body: >` folds lines" in warning.message and "`body: |`" in warning.message


def test_text_that_wraps_is_no_joined_item(write_record):
    path = write_record("person:\n  name: Ada\nexperience:\n- organization: Acme\n"
                        "  position: Dev\n  highlights:\n  - Cut costs by 20% -\n    and so on\n"
                        "  - \"quoted\n    - text\"\n")
    assert load_record(path)[1].warnings == []


OWNER = "person:\n  name: Priya Raman\n"


def test_papers_without_the_owner_get_one_warning_naming_them_and_the_closest_form(
        write_record):
    """'P. Ramen' for Priya Raman: the owner was silently not bolded."""
    from cv_builder.record.validate import load_record

    text = OWNER + ("publications:\n"
                    "  - {id: p1, authors: [P. Ramen, J. Doe], title: A, year: 2024}\n"
                    "  - {id: p2, authors: [Priya Raman], title: B, year: 2023}\n"
                    "  - {id: p3, authors: [J. Doe, P. Ramen], title: C, year: 2022}\n")
    _, document = load_record(write_record(text))
    (warning,) = document.warnings
    assert (warning.line, warning.path) == (4, "publications[0].authors")
    assert ("'Priya Raman' (person.name, or a form in person.name_forms) is not among the "
            "authors of 2 of the record's 3 papers: 'p1' (line 4), 'p3' (line 6)"
            in warning.message)
    assert "the closest author is 'P. Ramen'" in warning.message
    assert "person.name_forms" in warning.message


def test_no_owner_warning_when_a_name_form_or_a_marked_form_matches(write_record):
    from cv_builder.record.validate import load_record

    text = ("person:\n  name: Priya Raman\n  name_forms: [P. Raman]\npublications:\n"
            "  - {id: p1, authors: [p. raman*, J. Doe], title: A, year: 2024}\n"
            "  - {id: p2, authors: [PRIYA RAMAN], title: B, year: 2023}\n")
    _, document = load_record(write_record(text))
    assert document.warnings == []


def test_an_owner_warning_with_no_author_alike_says_so(write_record):
    from cv_builder.record.validate import load_record

    text = OWNER + "publications:\n  - {id: p1, authors: [Li Chen], title: A, year: 2024}\n"
    _, document = load_record(write_record(text))
    (warning,) = document.warnings
    assert "of the record's 1 paper: 'p1' (line 4)" in warning.message
    assert "no author there has a name like it" in warning.message


def test_the_owner_warning_is_shown_by_validate_and_refused_by_build_strict(tmp_path):
    from click.testing import CliRunner

    from cv_builder.cli.commands import cli

    record = tmp_path / "cv.yaml"
    record.write_text(OWNER + "publications:\n"
                      "  - {id: p1, authors: [P. Ramen], title: A, year: 2024}\n",
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "--data", str(record)])
    assert result.exit_code == 0 and "warning: " in result.output
    assert "cv.yaml:4:" in result.output and "'P. Ramen'" in result.output
    strict = CliRunner().invoke(cli, ["build", "--strict", "--data", str(record),
                                      "--output", str(tmp_path / "out")])
    assert strict.exit_code == 2 and "'P. Ramen'" in strict.output


@pytest.mark.parametrize("text, path, words", [
    ("skills:\n  - {category: Tools, items: Git, Docker, Linux}\n", "skills[0].items",
     "write the list in brackets: items: [Git, Docker, Linux]"),
    ("experience:\n  - {organization: A, position: B, tags: ml, nlp}\n",
     "experience[0].tags", "write the list in brackets: tags: [ml, nlp]"),
    ("education:\n  - {institution: X, degree: Y, GPA: '3.8'}\n", "education[0].GPA",
     "unknown field 'GPA'; did you mean 'gpa'?"),
    ("education:\n  - {institution: X, degree: Y, end: presnt}\n", "education[0].end",
     "did you mean 'present'?"),
    ("education:\n  - {institution: X, degree: Y, start: Sept 2020}\n", "education[0].start",
     'did you mean "2020-09"?'),
    ("education:\n  - {institution: X, degree: Y, start: 09/2020}\n", "education[0].start",
     'did you mean "2020-09"?'),
    ("design:\n  font_size: 10.5pt\n", "design.font_size",
     "drop the 'pt', as in font_size: 10.5"),
    ("experience:\n  - {organization: X, position: Y, start: 2019-02-30}\n",
     "experience[0].start", "'2019-02-30' is not a day of the calendar: February 2019 has "
                            "28 days"),
    ("experience:\n  - {organization: X, position: Y, end: \"2020-04-31\"}\n",
     "experience[0].end", "April 2020 has 30 days"),
])
def test_a_new_user_s_mistakes_get_one_problem_with_the_fix(load, text, path, words):
    with pytest.raises(InvalidInput) as caught:
        load("person:\n  name: Jo\n" + text)
    (problem,) = caught.value.problems
    assert problem.path == path and words in problem.message, problem
    assert problem.line == 4  # each mistake is on the record's fourth line


def test_a_web_address_without_its_scheme_is_offered_with_it(load):
    with pytest.raises(InvalidInput) as caught:
        load("person:\n  name: Jo\n  website: www.x.dev\n")
    (problem,) = caught.value.problems
    assert (problem.line, problem.path) == (3, "person.website")
    assert "did you mean 'https://www.x.dev'?" in problem.message


def test_a_date_hint_is_only_a_hint(load):
    """The importers read 'Sept 2020'; a record must still write 2020-09."""
    for written in ("Sept 2020", "presnt", "Present (part-time)"):
        with pytest.raises(InvalidInput):
            load(f"person:\n  name: Jo\nexperience:\n  - {{organization: X, position: Y, "
                 f"start: 2019, end: {written}}}\n")
    record = load("person:\n  name: Jo\nexperience:\n  - {organization: X, position: Y, "
                  "start: 2020-02-29, end: present}\n")
    assert record.experience[0].start.iso() == "2020-02"


def test_a_flow_mapping_with_a_key_of_no_value_elsewhere_is_said_as_before(load):
    """Only a list field gets the bracket hint: a text field followed by a bare key is
    two problems as before."""
    with pytest.raises(InvalidInput) as caught:
        load("person:\n  name: Jo\nawards:\n  - {name: Prize, year: 2020, Oxford}\n")
    assert [p.path for p in caught.value.problems] == ["awards[0].Oxford"]


NESTED_JOB = """person:
  name: Ada
experience:
  - organization: Acme
    position: Engineer
    highlights:
      - Led the storage team
      - text: Shipped the new engine
        highlights:
          - 3x write throughput
          - zero-downtime migration
"""


def test_a_bullet_with_sub_bullets(load):
    """A bullet is markup, or its text with sub-bullets under the key every list of
    bullets has (highlights), in any entry that takes bullets."""
    record = load(NESTED_JOB)
    plain, nested = record.experience[0].highlights
    assert plain == "Led the storage team"
    assert nested.text == "Shipped the new engine"
    assert nested.highlights == ["3x write throughput", "zero-downtime migration"]
    sub = "      - text: '*Thesis*'\n        highlights: [Best thesis]\n"
    record = load("person:\n  name: Ada\n"
                  "education:\n  - institution: U\n    degree: PhD\n    highlights:\n" + sub
                  + "projects:\n  - name: P\n    highlights:\n" + sub
                  + "research:\n  - title: T\n    projects:\n      - title: R\n"
                  + "        highlights:\n" + sub.replace("      ", "          ")
                  + "sections:\n  teaching:\n    entries:\n      - title: TA\n"
                  + "        highlights:\n" + sub.replace("      ", "          "))
    for entry in (record.education[0], record.projects[0], record.research[0].projects[0],
                  record.sections["teaching"].entries[0]):
        assert entry.highlights[0].text == "*Thesis*"
        assert entry.highlights[0].highlights == ["Best thesis"]


def test_sub_bullets_nest_two_levels_at_most(load):
    (problem,) = problems_of(load, NESTED_JOB + "          - text: deeper\n"
                                               "            highlights: [x]\n")
    assert (problem.line, problem.path) == (12, "experience[0].highlights[1].highlights[2]")
    assert "two levels deep at most" in problem.message


def test_a_nested_bullet_is_checked_as_a_bullet(load):
    """Its text and sub-bullets are markup, with a bullet's cap; a misspelt key or a
    missing text is named at its line; a ': ' in a plain bullet is still told to quote."""
    problems = problems_of(load, NESTED_JOB.replace("zero-downtime migration", "'[x](ftp://y)'")
                           + "      - text: 'a " + "b" * 20_000 + "'\n"
                           + "      - txt: Typo\n        highlights: [y]\n"
                           + "      - Improved: 3x\n")
    found = {(p.line, p.path): p.message for p in problems}
    assert "http" in found[(11, "experience[0].highlights[1].highlights[1]")]
    assert "at most 20,000" in found[(12, "experience[0].highlights[2].text")]
    # one typo, one problem: the missing text is left to the "did you mean"
    assert "did you mean 'text'" in found[(13, "experience[0].highlights[3].txt")]
    assert "quote the whole text" in found[(15, "experience[0].highlights[4]")]
    assert len(problems) == 4
