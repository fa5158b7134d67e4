"""Things a user did are input errors, never internal ones (issue 9, round 2, item 3).

Each case here ended with exit 3 ("internal error") or a traceback before: a YAML key
holding '[', whole numbers no field holds (0xfff…, 1:59:59:…, a year of 400 digits),
`extends:` naming something that is not text, a resume.json nested 100,000 deep or
holding a number of 5,000 digits, importers meeting a list or a number where a title
belongs, and a fonts cache whose charsets are not fc-query's ranges.
"""

from __future__ import annotations

import json
import random

import pytest
import yaml

HEAD = "person:\n  name: Ada\nabout: Hi.\n"


def assert_input_error(result, *expected: str) -> None:
    assert result.code == 2, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    for text in expected:
        assert text in result.output, result.output


@pytest.mark.parametrize("text,where", [
    ('"[x]": 1\n', "cv.yaml:4:1: [x]: unknown field '[x]'"),
    ('"a[b]": 1\n', "a[b]: unknown field"),
    ("education:\n  - {institution: X, degree: Y, \"[\": 1}\n", "education[0].[: unknown field"),
    ('"list[str]": 1\n', "unknown field 'list[str]'"),
])
def test_a_key_holding_a_bracket_is_an_unknown_field(write_record, cli, text, where):
    assert_input_error(cli("validate", "--data", write_record(HEAD + text)), where)


@pytest.mark.parametrize("year", ["0x" + "f" * 5000, "1" + ":59" * 50, "1" + "0" * 400])
def test_a_whole_number_no_field_holds_is_refused(write_record, cli, year):
    path = write_record(HEAD + f"awards:\n  - {{name: A, year: {year}}}\n")
    assert_input_error(cli("validate", "--data", path),
                       "cv.yaml:5:21: awards[0].year: a whole number of more than 15 digits")


def test_a_font_size_past_a_float_is_refused(write_record, cli):
    path = write_record(HEAD + "design: {font_size: 1.0e+309}\n")
    assert_input_error(cli("validate", "--data", path), "design.font_size")


@pytest.mark.parametrize("value", ["[academic-cv]", "3.5", "true", "{a: b}"])
def test_extends_naming_no_text_is_refused(write_record, cli, value):
    path = write_record(HEAD + f"variants:\n  mine:\n    extends: {value}\n")
    assert_input_error(cli("validate", "--data", path), "variants.mine.extends")


def write_json(tmp_path, text: str):
    path = tmp_path / "resume.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_resume_json_nested_without_end_is_refused(tmp_path, cli):
    source = write_json(tmp_path, '{"basics": {"name": "Ada"}, "x": ' + "[" * 100_000)
    assert_input_error(cli("import", "jsonresume", source, "-o", tmp_path / "cv.yaml"),
                       "resume.json:1:", "nested more than 40 levels deep")
    assert not (tmp_path / "cv.yaml").exists()


def test_brackets_inside_strings_are_not_nesting(tmp_path, cli):
    source = write_json(tmp_path, json.dumps({"basics": {"name": "Ada", "summary": "[" * 500}}))
    assert cli("import", "jsonresume", source, "-o", tmp_path / "cv.yaml").code == 0


def test_a_number_of_thousands_of_digits_is_refused(tmp_path, cli):
    source = write_json(tmp_path, '{"basics": {"name": "Ada"},\n "awards": [{"title": "A", '
                                  '"date": ' + "9" * 5000 + "}]}")
    assert_input_error(cli("import", "jsonresume", source, "-o", tmp_path / "cv.yaml"),
                       "resume.json:2:", "thousands of digits")


@pytest.mark.parametrize("resume", [
    {"volunteer": [{"organization": [1, 2], "position": {"x": 1}}]},
    {"volunteer": [{"name": ["a"], "startDate": "2020"}]},
    {"publications": [{"name": {"title": "x"}, "releaseDate": "2020"}]},
    {"publications": [{"name": ["x"], "releaseDate": "2020-01"}]},
])
def test_odd_shapes_in_a_resume_json_are_kept_as_comments(tmp_path, cli, resume):
    source = write_json(tmp_path, json.dumps({"basics": {"name": "Ada"}, **resume}))
    result = cli("import", "jsonresume", source, "-o", tmp_path / "cv.yaml")
    assert result.code == 0, result.output
    assert cli("validate", "--data", tmp_path / "cv.yaml").code == 0


@pytest.mark.parametrize("sections", [
    {"talks": ["A text entry first", {"bullet": "then a bullet"}]},
    {"publications": [{"title": "T", "authors": 3.5, "date": "2020"}]},
    {"publications": [{"title": "T", "authors": "Ada", "date": "2020"}]},
])
def test_odd_shapes_in_a_rendercv_file_are_kept_as_comments(tmp_path, cli, sections):
    source = tmp_path / "Ada_CV.yaml"
    source.write_text(yaml.safe_dump({"cv": {"name": "Ada", "sections": sections}}),
                      encoding="utf-8")
    result = cli("import", "rendercv", source, "-o", tmp_path / "cv.yaml")
    assert result.code == 0, result.output


WEIRD = ["", " ", "x" * 300, "present", "2020-13", "1e400", "**", "$x$", "<b>", "&#0;", 2020,
         0, -5, 1.5, 10**30, True, None, [], {}, [None], {"a": None}, "https://x", "a@b"]
FIELDS = {"work": ["name", "company", "position", "startDate", "endDate", "summary",
                   "highlights", "location"],
          "volunteer": ["organization", "position", "startDate", "summary", "highlights"],
          "education": ["institution", "area", "studyType", "startDate", "score", "courses"],
          "awards": ["title", "date", "awarder"], "publications": ["name", "releaseDate",
                                                                   "publisher", "url"],
          "skills": ["name", "level", "keywords"], "languages": ["language", "fluency"],
          "projects": ["name", "description", "highlights", "roles", "startDate"]}


def test_random_shapes_import_or_are_refused(tmp_path, cli):
    """A seeded sample of what a fuzzer found exit 3 with (KeyError, AttributeError)."""
    rng = random.Random(9)

    def value(depth=0):
        roll = rng.random()
        if depth > 2 or roll < 0.6:
            return rng.choice(WEIRD)
        if roll < 0.8:
            return [value(depth + 1) for _ in range(rng.randint(0, 3))]
        return {rng.choice(["name", "url", "title"]): value(depth + 1)}

    for i in range(60):
        resume = {"basics": {"name": rng.choice(["Ada", value()])}}
        for section, keys in FIELDS.items():
            if rng.random() < 0.5:
                resume[section] = [{k: value() for k in keys if rng.random() < 0.6}
                                   for _ in range(rng.randint(1, 3))]
        source = write_json(tmp_path, json.dumps(resume))
        result = cli("import", "jsonresume", source, "-o", tmp_path / "cv.yaml", "--force")
        assert result.code in (0, 2), (i, result.output)
        assert "internal error" not in result.output, (i, result.output)


@pytest.mark.latex
def test_a_fonts_cache_with_garbage_charsets_is_read_again(tmp_path, monkeypatch):
    import shutil

    if shutil.which("xelatex") is None:
        pytest.skip("XeLaTeX path not installed")
    from cv_builder.latex import fonts

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    fonts.coverage.cache_clear()
    try:
        good = fonts.coverage()
        cache = tmp_path / "cache" / "cv-builder" / "fonts" / "charsets.json"
        stored = json.loads(cache.read_text())
        for damaged in ("zz-qq garbage", "ffff 0041", "41-40", 7):
            stored["charsets"][next(iter(stored["charsets"]))] = damaged
            cache.write_text(json.dumps(stored))
            fonts.coverage.cache_clear()
            again = fonts.coverage()
            assert set(again.charsets) == set(good.charsets)
            assert 0x4E2D in again.charsets["NotoSansCJK-Regular.ttc"]
            assert json.loads(cache.read_text())["charsets"] == good_charsets(good, cache)
    finally:
        fonts.coverage.cache_clear()


def good_charsets(coverage, cache) -> dict:
    """What the rebuilt cache file holds: fc-query's text for each font, parseable again."""
    from cv_builder.latex.fonts import Ranges

    charsets = json.loads(cache.read_text())["charsets"]
    for text in charsets.values():
        Ranges(text)
    return charsets


def test_a_key_twice_in_a_resume_json_warns_and_keeps_the_last(tmp_path, cli):
    """JSON Resume's tools are JavaScript: JSON.parse keeps the last of two equal keys, and
    so does the import, saying which key it met twice and where (item 5)."""
    source = write_json(tmp_path, '{"basics": {"name": "Ada Lovelace",\n'
                                  '            "name": "Eve"}}')
    result = cli("import", "jsonresume", source, "-o", tmp_path / "cv.yaml")
    assert result.code == 0, result.output
    assert "resume.json:2:21: basics.name: this key is in its object more than once; the " \
           "last is kept" in result.err, result.err
    record = yaml.safe_load((tmp_path / "cv.yaml").read_text(encoding="utf-8"))
    assert record["person"]["name"] == "Eve"
