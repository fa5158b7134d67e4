"""Which PDFs a build makes: a variant each, a letter variant once per letter, tailored copies."""

from __future__ import annotations

import pytest

from cv_builder.errors import InvalidInput
from cv_builder.record.documents import one_job, plan, resume_of
from cv_builder.record.variants import resolve_variants

LETTERS = {"letters": [{"id": "acme", "body": "x", "prefer_tags": ["ml"]},
                       {"id": "globex", "body": "y", "resume": "academic-cv"}]}
CVS = ["academic-cv", "industry-resume", "research-statement"]


@pytest.fixture
def with_letters(load, minimal):
    record = load({**minimal, **LETTERS})
    return record, resolve_variants(record)


def names(jobs) -> list[str]:
    return [job.name for job in jobs]


def test_every_variant_and_a_pdf_per_letter(with_letters):
    jobs = plan(*with_letters)
    assert names(jobs) == [*CVS, "cover-letter-acme", "cover-letter-globex"]
    assert [job.letter.id for job in jobs if job.letter] == ["acme", "globex"]
    assert all(job.application is None for job in jobs)


def test_no_letters_no_letter_pdf_unless_asked(load, minimal):
    record = load(minimal)
    variants = resolve_variants(record)
    assert names(plan(record, variants)) == CVS
    with pytest.raises(InvalidInput, match="the record has no letters"):
        plan(record, variants, ["cover-letter"])


def test_the_letter_variant_alone_or_one_letter(with_letters):
    assert names(plan(*with_letters, ["cover-letter"])) == ["cover-letter-acme",
                                                           "cover-letter-globex"]
    assert names(plan(*with_letters, letters=["globex"])) == ["cover-letter-globex"]
    assert names(plan(*with_letters, ["industry-resume", "cover-letter"], ["acme"])) == [
        "industry-resume", "cover-letter-acme"]


def test_for_an_application_its_letter_and_its_resume_tailored(with_letters):
    jobs = plan(*with_letters, application="acme")
    assert names(jobs) == ["industry-resume-acme", "cover-letter-acme"]
    assert jobs[0].application.id == "acme" and jobs[0].variant_name == "industry-resume"
    assert names(plan(*with_letters, application="globex")) == ["academic-cv-globex",
                                                               "cover-letter-globex"]
    assert names(plan(*with_letters, ["research-statement"], application="acme")) == [
        "research-statement-acme"]


def test_an_unknown_letter_suggests_one(with_letters):
    with pytest.raises(InvalidInput, match="no letter 'acm'; did you mean 'acme'"):
        plan(*with_letters, letters=["acm"])
    with pytest.raises(InvalidInput, match="no letter 'zzz'; the record's letters: acme, globex"):
        plan(*with_letters, application="zzz")


def test_letters_are_picked_only_for_a_letter_variant(with_letters):
    with pytest.raises(InvalidInput, match="--letter picks letters of a letter variant"):
        plan(*with_letters, ["industry-resume"], ["acme"])


def test_an_unknown_variant_is_named(with_letters):
    with pytest.raises(InvalidInput, match="unknown variant 'cv'"):
        plan(*with_letters, ["cv"])


def test_a_pdf_name_taken_by_a_variant_is_refused(write_record, minimal, cli):
    path = write_record({**minimal, **LETTERS,
                         "variants": {"cover-letter-acme": {"extends": "academic-cv"}}})
    result = cli("validate", "--data", path)
    assert result.code == 2
    assert "output/cover-letter-acme.pdf would be made by both variants.cover-letter-acme" \
        in result.output


def test_one_job_needs_a_letter_named_when_there_are_several(with_letters):
    with pytest.raises(InvalidInput, match=r"name one with --letter \(acme, globex\)"):
        one_job(*with_letters, "cover-letter")
    assert one_job(*with_letters, "cover-letter", ["acme"]).name == "cover-letter-acme"
    assert one_job(*with_letters, "industry-resume").name == "industry-resume"


def test_a_letter_goes_with_the_resume_it_names(with_letters):
    record, variants = with_letters
    assert resume_of(record.letters[0], variants) == "industry-resume"
    assert resume_of(record.letters[1], variants) == "academic-cv"
