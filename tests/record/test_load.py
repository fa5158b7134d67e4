"""Reading YAML into plain data with positions: every unsafe or ambiguous input is a clear error."""

from __future__ import annotations

import pytest

from cv_builder.errors import InvalidInput
from cv_builder.record.load import (
    MAX_BYTES,
    Document,
    dotted,
    parse_document,
    read_document,
)


def problems_of(raw: bytes | str) -> list:
    raw = raw.encode("utf-8") if isinstance(raw, str) else raw
    with pytest.raises(InvalidInput) as caught:
        parse_document(raw, "cv.yaml")
    return caught.value.problems


def only_problem(raw: bytes | str):
    problems = problems_of(raw)
    assert len(problems) == 1, problems
    return problems[0]


def test_plain_data_and_positions():
    doc = parse_document(b"person:\n  name: Ada\nawards:\n  - name: Prize\n    year: 1840\n",
                         "cv.yaml")
    assert doc.data == {"person": {"name": "Ada"}, "awards": [{"name": "Prize", "year": 1840}]}
    assert doc.where(("person", "name")) == (2, 3)
    assert doc.where(("awards", 0)) == (4, 5)
    assert doc.where(("awards", 0, "year")) == (5, 5)


def test_where_falls_back_to_the_nearest_existing_ancestor():
    doc = parse_document(b"person:\n  name: Ada\n", "cv.yaml")
    assert doc.where(("person", "email")) == (1, 1)
    assert doc.where(("nothing", "here")) == doc.where(())


def test_problem_carries_file_line_column_and_dotted_path():
    doc = parse_document(b"awards:\n  - name: Prize\n", "cv.yaml")
    problem = doc.problem(("awards", 0, "year"), "this field is required")
    assert str(problem) == "cv.yaml:2:5: awards[0].year: this field is required"


@pytest.mark.parametrize("path, expected", [
    ((), ""),
    (("person",), "person"),
    (("person", "name"), "person.name"),
    (("publications", 3, "title"), "publications[3].title"),
    (("a", 0, 1, "b"), "a[0][1].b"),
])
def test_dotted(path, expected):
    assert dotted(path) == expected


def test_dates_stay_text_for_the_model_to_parse():
    doc = parse_document(b"a: 2016-09-01\nb: 2016-09\nc: 2016\n", "cv.yaml")
    assert doc.data == {"a": "2016-09-01", "b": "2016-09", "c": 2016}


def test_a_date_with_no_such_day_stays_text_for_the_model_to_report():
    """YAML's date form for a day that does not exist (2026-02-30) made PyYAML raise a
    bare ValueError, which crashed every command; the model now reports it at its line."""
    doc = parse_document(b"a: 2026-02-30\nb: 2016-13-01\n", "cv.yaml")
    assert doc.data == {"a": "2026-02-30", "b": "2016-13-01"}


def test_byte_order_mark_is_ignored():
    assert parse_document(b"\xef\xbb\xbfa: 1\n", "cv.yaml").data == {"a": 1}


def test_duplicate_key_names_both_lines():
    problem = only_problem("person:\n  name: Ada\n  name: Augusta\n")
    assert (problem.line, problem.column) == (3, 3)
    assert problem.path == "person.name"
    assert "duplicate key 'name'" in problem.message and "line 2" in problem.message


def test_every_duplicate_is_reported_at_once():
    problems = problems_of("a: 1\na: 2\nb: 1\nb: 2\n")
    assert [p.line for p in problems] == [2, 4]


def test_merge_keys_are_refused():
    problem = only_problem("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert problem.line == 3 and "merge keys" in problem.message


@pytest.mark.parametrize("text", [
    "a: !!python/object/apply:os.system ['true']\n",
    "a: !custom x\n",
    "a: !!binary aGVsbG8=\n",
    "a: !!set {x}\n",
])
def test_tags_outside_plain_data_are_refused(text):
    assert "is not allowed" in only_problem(text).message


def test_non_text_keys_are_refused():
    assert "must be text" in only_problem("1: x\n").message


def test_alias_bomb_is_stopped(monkeypatch):
    # A lower ceiling keeps the test fast; the mechanism is the same.
    monkeypatch.setattr("cv_builder.record.load.MAX_NODES", 5_000)
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 6):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    problems = problems_of("\n".join(lines) + "\n")
    assert "aliases" in problems[0].message
    assert len(problems) < 10  # stopped, not one problem per value


def test_plain_aliases_still_work():
    doc = parse_document(b"tags: &t [ml]\nother: *t\n", "cv.yaml")
    assert doc.data == {"tags": ["ml"], "other": ["ml"]}


def test_syntax_error_has_a_line():
    problem = only_problem("person:\n  name: [Ada\n")
    assert problem.line == 3 and problem.message.startswith("YAML syntax error")


def test_tab_indentation_is_a_syntax_error():
    assert "YAML syntax error" in only_problem("person:\n\tname: Ada\n").message


def test_more_than_one_document_is_refused():
    assert "single document" in only_problem("a: 1\n---\nb: 2\n").message


def test_not_utf8_names_the_byte_and_its_line():
    problem = only_problem(b"a: 1\nb: caf\xe9\n")
    assert (problem.line, problem.column) == (2, 7)
    assert "0xe9" in problem.message and "UTF-8" in problem.message


@pytest.mark.parametrize("raw", [b"", b"   \n\n", b"# only a comment\n"])
def test_empty_file(raw):
    message = only_problem(raw).message
    assert "empty" in message or "no data" in message


def test_read_document_missing_file(tmp_path):
    with pytest.raises(InvalidInput, match="file not found"):
        read_document(tmp_path / "nope.yaml")


def test_read_document_folder(tmp_path):
    with pytest.raises(InvalidInput, match="is a folder"):
        read_document(tmp_path)


def test_read_document_too_large(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(InvalidInput, match="at most"):
        read_document(path)


def test_read_document_names_the_file(write_record):
    path = write_record("a: 1\na: 2\n")
    with pytest.raises(InvalidInput) as caught:
        read_document(path)
    assert caught.value.problems[0].file == str(path)
    assert str(path) + ":2:1:" in caught.value.format_message()


def test_read_document_reads_the_shipped_record(repo_root):
    doc = read_document(repo_root / "data" / "cv.yaml")
    assert isinstance(doc, Document)
    assert doc.data["person"]["name"]
    # Positions point into the real file: the person's name is on its own line.
    line, _ = doc.where(("person", "name"))
    text = (repo_root / "data" / "cv.yaml").read_text(encoding="utf-8").splitlines()
    assert text[line - 1].strip().startswith("name:")


@pytest.mark.parametrize("text, line, hint", [
    ("person:\n  name: Ada\n  headline: Note: this\n", 3,
     'a value that contains ": " must be quoted, e.g. headline: "Note: this"'),
    ("person:\n  name: Ada\n   headline: x\n", 3,
     "check the indentation: this line is indented deeper than the one above it"),
    ("skills:\n  - category: A\n    items: [x]\n   - category: B\n", 4,
     "the items of one list, and the keys of one mapping, start in the same column"),
    ("person:\n  name: Ada\n  headline this\n  email: a@b.co\n", 4,
     "a key needs ': ' after it"),
    ("person:\n  name: Ada\n  headline: @home\n", 3, "quote a value that starts with @"),
])
def test_yaml_structure_errors_come_with_a_hint(text, line, hint):
    problem = only_problem(text)
    assert problem.line == line
    assert problem.message.startswith("YAML syntax error: ")
    assert hint in problem.message
