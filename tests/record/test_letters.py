"""Letters in the record: validated with lines, paragraphs at blank lines, the words around."""

from __future__ import annotations

import datetime

import pytest

from cv_builder.errors import InvalidInput
from cv_builder.record.dates import long_date
from cv_builder.record.language import language
from cv_builder.record.letters import Letter, closing_of, opening_of, paragraphs, subject_of
from cv_builder.record.validate import load_record
from cv_builder.record.variants import resolve_variants

HEAD = "person:\n  name: Ada Lovelace\n"


def problems_of(load, text: str) -> list:
    with pytest.raises(InvalidInput) as caught:
        load(HEAD + text)
    return caught.value.problems


def letter(**fields) -> Letter:
    return Letter.model_validate({"id": "acme", "body": "Hello.", **fields})


def test_a_full_letter_validates(load):
    record = load(HEAD + """\
letters:
  - id: acme
    company: Acme Corporation
    position: Research Scientist
    recipient: Dr. Jane Smith
    address: [100 Main Street, "Springfield, IL 62701"]
    date: 2026-11-27
    opening: Dear Jane,
    body: |
      First paragraph,
      wrapped.

      Second **paragraph**.
    closing: Best regards
    resume: academic-cv
    prefer_tags: [ml]
""")
    (acme,) = record.letters
    assert acme.date == datetime.date(2026, 11, 27)
    assert paragraphs(acme.body) == ["First paragraph, wrapped.", "Second **paragraph**."]
    assert acme.prefer_tags == ["ml"]


def test_body_and_id_are_required(load):
    problems = problems_of(load, "letters:\n  - company: Acme\n")
    assert {p.path for p in problems} == {"letters[0].id", "letters[0].body"}
    assert all(p.line == 4 for p in problems)


def test_an_unknown_field_suggests_the_right_one(load):
    (problem,) = problems_of(load, "letters:\n  - {id: a, body: x, recipiant: Jane}\n")
    assert problem.path == "letters[0].recipiant" and "did you mean 'recipient'" in problem.message


@pytest.mark.parametrize("letter_id", ["a/b", "../x", "acme.pdf", "-x", "a b", ""])
def test_an_id_is_part_of_a_file_name(load, letter_id):
    (problem,) = problems_of(load, f"letters:\n  - {{id: '{letter_id}', body: x}}\n")
    assert problem.path == "letters[0].id" and "part of a file name" in problem.message


def test_ids_are_unique(load):
    (problem,) = problems_of(load, "letters:\n  - {id: acme, body: x}\n"
                                   "  - {id: acme, body: y}\n")
    assert (problem.line, problem.path) == (5, "letters[1].id")
    assert "already used by letters[0]" in problem.message


@pytest.mark.parametrize("value, message", [
    ("2026-02-30", "not a day of the calendar"),
    ("'Nov 27, 2026'", "write the day as YYYY-MM-DD"),
    ("2026", "write the day as YYYY-MM-DD"),
    ("'2026-11'", "write the day as YYYY-MM-DD"),
])
def test_a_date_is_a_day(load, value, message):
    (problem,) = problems_of(load, f"letters:\n  - id: a\n    body: x\n    date: {value}\n")
    assert (problem.line, problem.path) == (6, "letters[0].date") and message in problem.message


def test_quoted_and_unquoted_days_are_the_same(load):
    record = load(HEAD + "letters:\n  - {id: a, body: x, date: 2026-01-05}\n"
                         "  - {id: b, body: x, date: '2026-1-5'}\n")
    assert record.letters[0].date == record.letters[1].date == datetime.date(2026, 1, 5)


def test_markup_is_checked_paragraph_by_paragraph(load):
    (problem,) = problems_of(load, "letters:\n  - id: a\n    body: 'see [x](javascript:1)'\n")
    assert problem.path == "letters[0].body" and "http(s)://" in problem.message


def test_a_letter_names_a_resume_that_exists(write_record):
    record, document = load_record(write_record(
        HEAD + "letters:\n  - {id: a, body: x, resume: industry-resum}\n"
               "  - {id: b, body: x, resume: cover-letter}\n"))
    with pytest.raises(InvalidInput) as caught:
        resolve_variants(record, document)
    first, second = caught.value.problems
    assert (first.path, first.line) == ("letters[0].resume", 4)
    assert "did you mean 'industry-resume'?" in first.message
    assert second.path == "letters[1].resume"  # a letter variant is no résumé


def test_paragraphs_split_at_blank_lines_only():
    body = "One\nline.\n\n\n  Two.  \n \nThree \\*x\\*\n"
    assert paragraphs(body) == ["One line.", "Two.", "Three \\*x\\*"]
    assert paragraphs("") == [] and paragraphs("\n\n") == []


def test_the_words_around_a_letter():
    assert opening_of(letter()) == "Dear Hiring Manager,"
    assert opening_of(letter(recipient="Dr. Smith")) == "Dear Dr. Smith,"
    assert opening_of(letter(recipient="Dr. Smith", opening="Hello team,")) == "Hello team,"
    assert closing_of(letter()) == "Sincerely,"
    assert closing_of(letter(closing="Best regards")) == "Best regards,"
    assert closing_of(letter(closing="Thank you!")) == "Thank you!"
    assert subject_of(letter()) == ""
    assert subject_of(letter(position="Engineer")) == "Application for Engineer"


def test_the_words_around_a_letter_in_its_language():
    german = language("de").words
    assert opening_of(letter(), german) == "Sehr geehrte Damen und Herren,"
    assert opening_of(letter(recipient="Frau Dr. Weber"), german) == "Guten Tag Frau Dr. Weber,"
    assert closing_of(letter(), german) == "Mit freundlichen Grüßen"  # no comma in German
    assert closing_of(letter(closing="Viele Grüße"), german) == "Viele Grüße"
    assert closing_of(letter(closing="Best"), language("en-GB").words) == "Best,"
    assert closing_of(letter(), language("en-GB").words) == "Yours sincerely,"
    assert subject_of(letter(position="Ingenieurin"), german) == "Bewerbung als Ingenieurin"
    reworded = language("en", {"letter_closing": "Cheers!"}).words
    assert closing_of(letter(), reworded) == "Cheers!"


def test_a_day_written_out():
    assert long_date(datetime.date(2026, 11, 27)) == "November 27, 2026"
    assert long_date(datetime.date(1843, 7, 1)) == "July 1, 1843"


@pytest.mark.parametrize("tag, expected", [
    ("en", "November 27, 2026"), ("en-GB", "27 November 2026"), ("de", "27. November 2026"),
    ("fr", "27 novembre 2026"), ("ja", "2026年11月27日"), ("ru", "27 ноября 2026\u00a0г."),
])
def test_a_day_in_the_letters_language(tag, expected):
    assert language(tag).long_date(datetime.date(2026, 11, 27)) == expected
