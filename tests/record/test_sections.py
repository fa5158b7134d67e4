"""Sections of the record's own: validated like every entry, named by keys variants list."""

from __future__ import annotations

import pytest

from cv_builder.errors import InvalidInput
from cv_builder.record.sections import CustomSection
from cv_builder.record.validate import load_record
from cv_builder.record.variants import resolve_variants

HEAD = "person:\n  name: Ada Lovelace\n"


def problems_of(load, text: str) -> list:
    with pytest.raises(InvalidInput) as caught:
        load(HEAD + text)
    return caught.value.problems


def variant_problems(write_record, text: str) -> list:
    record, document = load_record(write_record(HEAD + text))
    with pytest.raises(InvalidInput) as caught:
        resolve_variants(record, document)
    return caught.value.problems


def test_the_issue_example_validates(load):
    record = load(HEAD + """\
sections:
  teaching:
    title: Teaching
    entries:
      - {title: "Teaching Fellow, Deep Learning (CPSC 452)", organization: Yale University, start: "2019-01", end: "2019-05"}
  languages:
    title: Languages
    entries:
      - {title: Mandarin Chinese, details: native}
""")
    (fellow,) = record.sections["teaching"].entries
    assert fellow.organization == "Yale University" and fellow.end.month == 5
    assert record.sections["languages"].entries[0].details == "native"
    assert list(record.sections) == ["teaching", "languages"]  # the record's order


def test_every_field_an_entry_takes(load):
    record = load(HEAD + """\
sections:
  grants:
    entries:
      - title: "**NSF** CAREER award"
        organization: National Science Foundation
        location: Alexandria, VA
        date: "2021-06"
        details: $500,000 over five years
        highlights: [Principal investigator]
        url: https://example.org/grant
        tags: [academic]
        selected: true
        priority: 3
""")
    (grant,) = record.sections["grants"].entries
    assert (grant.date.year, grant.date.month, grant.priority) == (2021, 6, 3)
    assert grant.tags == ["academic"] and grant.selected


def test_an_unknown_entry_field_suggests_the_right_one_at_its_line(load):
    (problem,) = problems_of(load, """\
sections:
  teaching:
    entries:
      - title: Teaching Fellow
        organisation: Yale University
""")
    assert (problem.line, problem.column) == (7, 9)
    assert problem.path == "sections.teaching.entries[0].organisation"
    assert "did you mean 'organization'?" in problem.message


def test_an_unknown_section_field_suggests_the_right_one(load):
    (problem,) = problems_of(load, "sections:\n  teaching:\n    titel: Teaching\n")
    assert problem.path == "sections.teaching.titel" and "did you mean 'title'" in problem.message


def test_an_entry_needs_a_title(load):
    (problem,) = problems_of(load, "sections:\n  teaching:\n    entries:\n"
                                   "      - {organization: Yale}\n")
    assert problem.path == "sections.teaching.entries[0].title"
    assert problem.message == "this field is required"


def test_one_date_or_a_range_not_both(load):
    (problem,) = problems_of(load, "sections:\n  certifications:\n    entries:\n"
                                   "      - {title: AWS, date: 2020, start: 2019}\n")
    assert "either date or start/end" in problem.message and problem.line == 6


def test_markup_in_title_and_details_is_checked(load):
    (problem,) = problems_of(load, "sections:\n  talks_given:\n    entries:\n"
                                   "      - {title: 'x [y](ftp://bad)'}\n")
    assert problem.path == "sections.talks_given.entries[0].title"
    assert "http(s)://" in problem.message


@pytest.mark.parametrize("key", ["awards", "skills", "statement", "publications", "about"])
def test_a_key_that_is_a_built_in_kind_is_a_clear_error(load, key):
    (problem,) = problems_of(load, f"sections:\n  {key}:\n    title: Mine\n")
    assert (problem.line, problem.path) == (4, f"sections.{key}")
    assert f"'{key}' is a built-in section" in problem.message
    assert f"'{key}_more'" in problem.message


@pytest.mark.parametrize("key", ["Teaching", "my-grants", "2020", "grants.old", "a b"])
def test_a_key_must_be_a_plain_word(load, key):
    (problem,) = problems_of(load, f"sections:\n  '{key}':\n    title: Mine\n")
    assert problem.path == f"sections.{key}" and "lowercase letters" in problem.message


def test_every_problem_at_once(load):
    problems = problems_of(load, """\
sections:
  awards: {title: Mine}
  teaching:
    entries:
      - {titel: x}
      - {title: y, date: 2020, end: 2021}
""")
    assert [p.line for p in problems] == [4, 7, 8]  # titel: one problem, not a missing title too


def test_the_heading_is_the_title_or_the_key_in_words():
    assert CustomSection(title="Teaching").heading("teaching_x") == "Teaching"
    assert CustomSection().heading("invited_lectures") == "Invited lectures"


# --- named by variants ---------------------------------------------------------------------------

def test_a_variant_lists_a_section_by_its_key(write_record):
    record, document = load_record(write_record(HEAD + """\
sections:
  teaching: {entries: [{title: Fellow}]}
variants:
  short-cv:
    extends: academic-cv
    title: Short CV
    sections: [{kind: education}, {kind: teaching, limit: 1, style: list}]
"""))
    variants = resolve_variants(record, document)
    assert [s.kind for s in variants["short-cv"].sections] == ["education", "teaching"]


def test_an_unknown_kind_suggests_the_records_own_section(write_record):
    (problem,) = variant_problems(write_record, """\
sections:
  teaching: {entries: [{title: Fellow}]}
variants:
  short-cv:
    extends: academic-cv
    title: Short CV
    sections: [{kind: education}, {kind: teachin}]
""")
    assert problem.path == "variants.short-cv.sections[1].kind" and problem.line == 9
    assert "'teachin' is not a built-in section or one of the record's own" in problem.message
    assert "did you mean 'teaching'?" in problem.message


def test_a_section_the_record_lacks_is_unknown(write_record):
    (problem,) = variant_problems(write_record, """\
variants:
  academic-cv:
    sections: [{kind: grants}]
""")
    assert "'grants' is not a built-in section" in problem.message


def test_a_written_sections_list_is_the_whole_list(write_record):
    """The academic CV appends the record's own sections; a list written in the record is
    taken as written, unless it asks for them too."""
    record, document = load_record(write_record(HEAD + """\
variants:
  academic-cv: {paper: a4}
  short-cv: {extends: academic-cv, title: Short, sections: [{kind: education}]}
  long-cv: {extends: academic-cv, title: Long, sections: [{kind: education}],
            custom_sections: all}
"""))
    variants = resolve_variants(record, document)
    assert variants["academic-cv"].custom_sections == "all"
    assert variants["short-cv"].custom_sections == "listed"
    assert variants["long-cv"].custom_sections == "all"
    assert variants["industry-resume"].custom_sections == ["languages"]  # if the record has them
