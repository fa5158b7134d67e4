"""A record's wording of cv-builder's words (`words:`) is text with placeholders, never a
Python format string.

letters.py called str.format on it: `{recipient.__class__.__mro__}` printed Python's
internals into the letter; `{0}`, `{}`, `{nope}`, `{recipient`, `{recipient!z}` were
internal errors (exit 3); `{recipient:>400000000}` took 4.3 GB. Now each word may hold
only its own {placeholders}, checked where the record is read, and they are filled in
by plain replacement.
"""

from __future__ import annotations

import pytest

from cv_builder.record.language import (PLACEHOLDERS, _table, fill, supported_locales,
                                        wording_problem)

LETTER = {"id": "acme", "recipient": "Dr S", "position": "Boss", "body": "Hello."}


def record(words: dict) -> dict:
    return {"person": {"name": "Ada Lovelace"}, "about": "Hi.", "words": words,
            "letters": [LETTER]}


@pytest.mark.parametrize("key, wording", [
    ("letter_opening", "Dear {recipient.__class__.__mro__},"),
    ("letter_opening", "Dear {0},"),
    ("letter_opening", "Dear {},"),
    ("letter_opening", "Dear {nope},"),
    ("letter_opening", "Dear {recipient"),
    ("letter_opening", "Dear {recipient!z}"),
    ("letter_opening", "Dear {recipient:>400000000}"),
    ("letter_opening", "Dear {position},"),  # another word's placeholder
    ("letter_subject", "Re: {position} }"),
    ("present", "{now}"),  # a word without placeholders
])
def test_a_wording_with_a_brace_of_its_own_is_refused_by_key(write_record, cli, key, wording):
    path = write_record(record({key: wording}))
    result = cli("validate", "--data", path)
    assert result.code == 2, result.output
    assert f"words.{key}:" in result.err and "placeholder" in result.err, result.err
    assert "internal error" not in result.output and "Traceback" not in result.output


def test_a_wording_is_never_formatted_by_python(write_record, cli):
    """The text export of a letter with the record's own wording: placeholders filled in,
    nothing else read."""
    path = write_record(record({"letter_opening": "Hello {recipient} & co,",
                                "letter_subject": "{position}: {position}"}))
    result = cli("export", "--letter", "acme", "--format", "text", "--data", path)
    assert result.code == 0, result.output
    assert "Hello Dr S & co," in result.out


def test_fill_replaces_only_what_it_is_given():
    assert fill("Dear {recipient},", recipient="{0} {recipient.__class__}") == \
        "Dear {0} {recipient.__class__},"
    assert fill("{a} {b}", a="x") == "x {b}"


def test_every_shipped_wording_passes_its_own_check():
    for locale in supported_locales():
        for key, wording in _table(locale).get("words", {}).items():
            assert wording_problem(key, wording) is None, (locale, key, wording)
    for key, names in PLACEHOLDERS.items():
        assert all(f"{{{name}}}" in _table("en")["words"][key] for name in names)
