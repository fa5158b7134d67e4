"""Invisible characters never reorder or hide text silently (issue 9, round 2, item 5).

Before: a name or title holding U+202E (right-to-left override), U+2066 (an isolate) or
U+200B (zero-width space) validated and built, and the PDF dropped the character without
a word, so the record and the PDF read differently ('evil\\u202etxt.pdf' shows as
'evilfdp.txt' in an editor). Now each is refused with its code, name, field and line;
the message shows it escaped, never raw (docs/record.md, "Invisible characters").
"""

from __future__ import annotations

import pytest

HIDDEN = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u202a", "\u202b",
          "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("ch", HIDDEN, ids=[f"U+{ord(c):04X}" for c in HIDDEN])
def test_a_name_with_an_invisible_character_is_refused_by_code(write_record, minimal, cli, ch):
    minimal["person"]["name"] = f"Ada{ch} Lovelace"
    result = cli("validate", "--data", write_record(minimal))
    assert result.code == 2, result.output
    assert f"person.name: holds U+{ord(ch):04X} " in result.output, result.output
    assert ch not in result.output  # shown by its code, never raw


@pytest.mark.parametrize("field", ["title", "venue"])
def test_a_paper_title_with_an_override_is_refused(write_record, minimal, cli, field):
    minimal["publications"][0][field] = "Notes on\u202e enigne lacitylanA"
    result = cli("validate", "--data", write_record(minimal))
    assert result.code == 2 and f"publications[0].{field}: holds U+202E" in result.output


def test_a_bib_entry_with_an_isolate_is_left_out_with_a_warning(tmp_path, write_record,
                                                                  minimal, cli):
    (tmp_path / "papers.bib").write_text(
        "@article{a1, author = {Ada Lovelace}, title = {Hidden \u2066order\u2069},\n"
        "  journal = {J}, year = {2020}}\n"
        "@article{a2, author = {Ada Lovelace}, title = {Plain}, journal = {J}, year = {2021}}\n",
        encoding="utf-8")
    minimal["bibliography"] = "papers.bib"
    result = cli("validate", "--data", write_record(minimal))
    assert result.code == 0, result.output
    assert "U+2066" in result.err and "\u2066" not in result.output, result.output


def test_right_to_left_text_needs_no_marks(write_record, minimal, cli):
    minimal["person"]["name"] = "Ada Lovelace עדה"
    minimal["education"][0]["institution"] = "جامعة لندن (University of London)"
    assert cli("validate", "--data", write_record(minimal)).code == 0
