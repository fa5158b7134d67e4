"""A value given as nothing is an error everywhere, with a hint; never "not set".

Why: YAML reads `accent: #8B1A1A` as the key `accent` with no value and a comment, so the
colour was silently ignored. An explicit empty value (`email:`) is treated the same way:
leaving the line out is how a field is left unset.
"""

from __future__ import annotations

import pytest

from cv_builder.errors import InvalidInput
from cv_builder.record.schema import record_schema


def problems_of(load, text: str) -> list:
    with pytest.raises(InvalidInput) as caught:
        load(text)
    return caught.value.problems


def test_an_unquoted_colour_is_an_error_that_says_to_quote_it(load):
    (problem,) = problems_of(load, "person:\n  name: Ada\ndesign:\n  accent: #8B1A1A\n")
    assert (problem.line, problem.path) == (4, "design.accent")
    assert 'quote a colour: accent: "#8B1A1A"' in problem.message


def test_a_variants_design_key_and_look_too(load):
    text = ("person:\n  name: Ada\nvariants:\n  industry-resume:\n    design:\n"
            "      look:\n      accent: #8B1A1A\n")
    problems = problems_of(load, text)
    assert [(p.line, p.path) for p in problems] == [
        (6, "variants.industry-resume.design.look"),
        (7, "variants.industry-resume.design.accent")]
    assert "no value given" in problems[0].message and "remove the line" in problems[0].message


def test_in_a_flow_mapping_the_comment_is_named_at_its_column(load):
    (problem,) = problems_of(load, "person:\n  name: Ada\ndesign: {look: classic, accent: #8B1A1A}\n")
    assert (problem.line, problem.column) == (3, 33)
    assert '" #" starts a comment' in problem.message and '"#8B1A1A"' in problem.message


@pytest.mark.parametrize("text, path, words", [
    ("person:\n  name: Ada\n  email:\n", "person.email", "no value given"),
    ("person:\n  name: Ada\n  website: null\n", "person.website", "null is not a value here"),
    ("person:\n  name: Ada\nabout: ~\n", "about", "~ is not a value here"),
    ("person:\n  name: Ada\nlocale:\n", "locale", "no value given"),
    ("person:\n  name: Ada\nskills:\n  - category: X\n    items:\n      - #rust\n",
     "skills[0].items[0]", 'quote it: - "#rust"'),
    ("person:\n  name: Ada\nskills:\n  - category: X\n    items:\n      -\n      - Go\n",
     "skills[0].items[0]", "an empty item"),
    ("person:\n  name: Ada\nexperience:\n  - organization: A\n    position: B\n"
     "    highlights:\n", "experience[0].highlights", "no items given"),
    ("person:\n  name: Ada\ndesign:\n", "design", "no fields given"),
])
def test_every_empty_value_is_one_error_in_plain_words(load, text, path, words):
    (problem,) = problems_of(load, text)
    assert problem.path == path and words in problem.message, problem
    assert "None" not in problem.message and "null)" not in problem.message


def test_null_written_out_lifts_what_a_variant_inherits_and_nothing_else(load):
    """`page_limit: null` is the one way to say a variant has no page limit where the
    shipped one has; an empty `page_limit:` is still an error, as is null in its design."""
    from cv_builder.record.variants import resolve_variants

    lifted = load("person:\n  name: Ada\nvariants:\n  industry-resume:\n"
                  "    page_limit: null\n")
    assert resolve_variants(lifted)["industry-resume"].page_limit is None
    for text in ("    page_limit:\n", "    design: {look: null}\n"):
        (problem,) = problems_of(load, "person:\n  name: Ada\nvariants:\n"
                                       "  industry-resume:\n" + text)
        assert problem.path.startswith("variants.industry-resume.")


def test_an_empty_value_does_not_hide_other_problems(load):
    text = "person:\n  name: Ada\n  email:\n  emial: a@b.org\nawards:\n  - name: X\n"
    assert [p.path for p in problems_of(load, text)] == [
        "person.email", "person.emial", "awards[0].year"]


def test_the_schema_allows_no_null_either():
    assert '"null"' not in str(record_schema()).replace("'", '"')


LETTER = "person:\n  name: Ada\nletters:\n  - id: acme\n    company: Acme\n"


@pytest.mark.parametrize("text, line, path, header, comment", [
    (LETTER + "    body: |\n", 6, "letters[0].body", "body: |", None),
    (LETTER + "    body: |\n\n   \n", 6, "letters[0].body", "body: |", None),
    (LETTER + "    body: |\n# Dear Acme,\n#   I write to apply\n", 6, "letters[0].body",
     "body: |", "'# Dear Acme,'"),
    ("person:\n  name: Ada\nfuture_directions: >-\n#   Next I want to...\n", 3,
     "future_directions", "future_directions: >-", "'#   Next I want to...'"),
    ("person:\n  name: Ada\nresearch_statement: >-\n\nabout: Hi\n", 3,
     "research_statement", "research_statement: >-", None),
    ("person:\n  name: Ada\nskills:\n  - category: X\n    items:\n      - |+\n      - Go\n",
     6, "skills[0].items[0]", "- |+", None),
])
def test_a_block_scalar_with_no_text_is_an_error_that_says_to_indent_it(
        load, text, line, path, header, comment):
    """`body: |` followed by nothing, or by lines at the key's indent that start with '#',
    is an empty string to YAML: a letter that built empty, a statement silently unset."""
    (problem,) = problems_of(load, text)
    assert (problem.line, problem.path) == (line, path), problem
    assert f"`{header}` holds no text" in problem.message
    assert "indent the text under it" in problem.message
    if comment:
        assert f"read the line under it, {comment}, as a comment" in problem.message
    else:
        assert "comment" not in problem.message


def test_a_block_scalar_with_text_or_a_quoted_blank_line_is_fine(load):
    record = load(LETTER + "    body: |\n      # not a comment: indented, so text\n")
    assert record.letters[0].body == "# not a comment: indented, so text\n"


@pytest.mark.parametrize("text, path", [
    ("person:\n  name: Ada\nskills:\n  - category: Languages\n    items: []\n", "skills[0].items"),
    ("person:\n  name: Ada\nservice:\n  - role: Reviewer\n    venues: []\n", "service[0].venues"),
    ("person:\n  name: Ada\npublications:\n  - id: a\n    title: T\n    venue: V\n"
     "    year: 2020\n    authors: []\n", "publications[0].authors"),
])
def test_a_list_that_is_its_entrys_content_is_refused_empty_in_one_message(load, text, path):
    """`venues: []` printed a bare role while `items: []` was refused: one rule, one message."""
    (problem,) = problems_of(load, text)
    assert (problem.path, problem.message) == (path, "needs at least 1 item"), problem


def test_a_service_role_without_venues_stands_alone(load):
    record = load("person:\n  name: Ada\nservice:\n  - role: Area chair, NeurIPS 2023\n")
    assert record.service[0].venues == []
