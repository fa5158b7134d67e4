"""Hostile imports: a resume.json, a .bib or a name never writes live YAML into the record
made from it (issue 9, item 2).

Today's attack: the name of a field with no place in the record went into a comment
as is; with a line break in it, what followed was live YAML: a `variants:` key naming
the record itself as a template, and with it any shell command at the next build.
YAML ends a line at \\n, \\r, U+0085, U+2028 and U+2029; none may survive in a comment.
"""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cv_builder.interop.yaml_out import dump_yaml

BREAKS = ["\n", "\r", "\r\n", "\x85", "\u2028", "\u2029"]
IDS = ["LF", "CR", "CRLF", "NEL", "LS", "PS"]


def read_yaml(path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def import_resume(tmp_path, cli, resume: dict, name: str = "resume.json"):
    source = tmp_path / name
    source.write_text(json.dumps(resume, ensure_ascii=False), encoding="utf-8")
    target = tmp_path / "cv.yaml"
    result = cli("import", "jsonresume", source, "-o", target)
    assert result.code == 0, result.output
    return read_yaml(target)


@pytest.mark.parametrize("brk", BREAKS, ids=IDS)
def test_a_line_break_in_a_field_name_stays_in_its_comment(tmp_path, cli, brk):
    key = f"x{brk}variants:{brk}  evil:{brk}    template: cv.yaml{brk}#"
    data = import_resume(tmp_path, cli, {"basics": {"name": "Ada Lovelace", key: "v"}})
    assert set(data) == {"person"}, data


@pytest.mark.parametrize("brk", BREAKS, ids=IDS)
def test_a_line_break_in_an_unplaced_value_stays_in_its_comment(tmp_path, cli, brk):
    value = f"z{brk}about: INJECTED{brk}#"
    data = import_resume(tmp_path, cli, {"basics": {"name": "Ada Lovelace", "nickname": value}})
    assert set(data) == {"person"}, data


@pytest.mark.parametrize("brk", BREAKS, ids=IDS)
def test_a_line_break_in_the_file_name_stays_in_its_comment(tmp_path, cli, brk):
    name = f"a{brk}about: FROM-FILE-NAME{brk}#.json".replace("\r\n", "\n")
    try:
        data = import_resume(tmp_path, cli, {"basics": {"name": "Ada Lovelace"}}, name)
    except OSError:  # a file system that refuses the name cannot be attacked with it
        pytest.skip("file name not allowed here")
    assert set(data) == {"person"}, data


@pytest.mark.parametrize("brk", BREAKS, ids=IDS)
def test_placed_values_come_back_exactly(tmp_path, cli, brk):
    """A value written as data reads back as exactly that value: U+0085 and U+2028 were
    written raw inside quoted scalars, where YAML reads them as line breaks."""
    from cv_builder.record.fields import escape_markup

    summary = f"One{brk}two: three{brk}- four"
    label = f"Research{brk}Scientist"
    resume = {"basics": {"name": "Ada Lovelace", "label": label, "summary": summary}}
    data = import_resume(tmp_path, cli, resume)
    assert data["about"] == escape_markup(summary)
    assert data["person"]["headline"] == label


def test_the_whole_chain_runs_nothing(tmp_path, cli):
    """resume.json -> record naming itself as template -> a shell command at build."""
    marker = tmp_path / "PWNED"
    key = "x\nvariants:\n  evil:\n    extends: academic-cv\n    template: cv.yaml\n" \
          "    template_dir: .\n    title: x\n#"
    payload = f"((( cycler.__init__.__globals__.os.system('touch {marker}') )))"
    data = import_resume(tmp_path, cli, {"basics": {"name": "Ada Lovelace", key: payload}})
    assert "variants" not in data
    result = cli("tex", "academic-cv", "--data", tmp_path / "cv.yaml")
    assert result.code == 0, result.output
    assert not marker.exists()


def test_a_lone_surrogate_is_refused_by_name(tmp_path, cli):
    source = tmp_path / "resume.json"
    source.write_text('{"basics": {"name": "Ada", "label": "x\\ud800y"}}', encoding="utf-8")
    result = cli("import", "jsonresume", source, "-o", tmp_path / "cv.yaml")
    assert result.code == 2, result.output
    assert "basics.label" in result.output and "surrogate" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("brk", BREAKS, ids=IDS)
def test_new_with_a_line_break_in_the_file_name(tmp_path, cli, brk, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = f"ada{brk}about: FROM-FILE-NAME{brk}#.yaml".replace("\r\n", "\n")
    try:
        result = cli("new", "Ada Lovelace", "-o", tmp_path / name)
    except OSError:
        pytest.skip("file name not allowed here")
    assert result.code == 0, result.output
    plain = cli("new", "Ada Lovelace", "-o", tmp_path / "plain.yaml")
    assert plain.code == 0, plain.output
    # Exactly what a plain file name gives: no key, and no value, from the name.
    assert read_yaml(tmp_path / name) == read_yaml(tmp_path / "plain.yaml")


@pytest.mark.parametrize("brk", BREAKS, ids=IDS)
def test_bibtex_into_a_record_writes_data_only(tmp_path, cli, brk):
    record = tmp_path / "cv.yaml"
    record.write_text("person:\n  name: Ada Lovelace\n", encoding="utf-8")
    bib = tmp_path / "papers.bib"
    bib.write_text("@article{a2020, author={Ada Lovelace}, title={Title"
                   f"{brk}about: INJECTED}}, journal={{J{brk}x: 1}}, note={{n{brk}y: 2}}, "
                   "year={2020}}\n", encoding="utf-8")
    result = cli("import", "bibtex", bib, "--into", record)
    assert result.code == 0, result.output
    data = read_yaml(record)
    assert set(data) == {"person", "publications"}
    (paper,) = data["publications"]
    assert set(paper) <= {"id", "authors", "title", "venue", "type", "year", "notes"}
    assert "INJECTED" in paper["title"]


# --- The serializer and the comment helper, on any text ---------------------------------------

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT)
def test_any_text_reads_back_exactly(key, value):
    data = {"k": value, key or "empty": [value, {"in": value}]}
    assert yaml.load(dump_yaml(data), Loader=yaml.CSafeLoader) == data


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_a_comment_is_always_one_line(text):
    from cv_builder.interop.yaml_out import comment_safe

    written = "# " + comment_safe(text) + "\nafter: 1\n"
    assert yaml.load(written, Loader=yaml.CSafeLoader) == {"after": 1}
