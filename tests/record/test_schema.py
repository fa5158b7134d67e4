"""The editor schema: generated from the model, committed up to date, and accepting the record."""

import json

import jsonschema
import yaml
from click.testing import CliRunner

from cv_builder.cli.commands import cli
from cv_builder.record.schema import record_schema


def test_committed_schema_is_current(repo_root):
    """docs/cv.schema.json is what `cv-builder schema` prints (refresh: make schema)."""
    committed = json.loads((repo_root / "docs" / "cv.schema.json").read_text(encoding="utf-8"))
    assert committed == record_schema()


def test_schema_command_prints_the_schema():
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output) == record_schema()


def test_record_points_editors_at_the_schema(repo_root):
    first = (repo_root / "data" / "cv.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../docs/cv.schema.json"


def test_record_validates_against_schema(repo_root):
    data = yaml.safe_load((repo_root / "data" / "cv.yaml").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(record_schema()).validate(data)


def test_schema_rejects_what_the_model_rejects(repo_root):
    data = yaml.safe_load((repo_root / "data" / "cv.yaml").read_text(encoding="utf-8"))
    data["awards"][0]["nmae"] = "typo"
    errors = list(jsonschema.Draft7Validator(record_schema()).iter_errors(data))
    assert any("nmae" in error.message for error in errors)


def test_fields_have_descriptions_or_examples():
    """Editors show these on hover; the person's fields are the ones typed first."""
    person = record_schema()["$defs"]["Person"]["properties"]
    assert person["name"]["description"] and person["name"]["examples"]


def test_every_property_has_a_description_and_examples():
    """Every field, the record's own and every definition's, explains itself on hover."""
    schema = record_schema()
    models = {"Record": schema, **schema["$defs"]}
    missing = [f"{model}.{name}: {key}"
               for model, definition in models.items()
               for name, prop in definition.get("properties", {}).items()
               for key in ("description", "examples") if not prop.get(key)]
    assert not missing, "\n".join(missing)


def test_examples_fit_their_own_schema():
    """An example an editor suggests validates against the property it belongs to."""
    schema = record_schema()
    models = {"Record": schema, **schema["$defs"]}
    for model, definition in models.items():
        for name, prop in definition.get("properties", {}).items():
            checker = jsonschema.Draft7Validator({**prop, "$defs": schema["$defs"]})
            for example in prop.get("examples", []):
                errors = [error.message for error in checker.iter_errors(example)]
                assert not errors, f"{model}.{name} example {example!r}: {errors}"


def test_schema_covers_sections_of_ones_own_and_letters():
    """Editors check and complete `sections:` and `letters:` like the rest of the record."""
    schema = record_schema()
    record = {
        "person": {"name": "Ada Lovelace"},
        "sections": {"teaching": {"title": "Teaching", "entries": [
            {"title": "Tutor", "organization": "UCL", "start": "2019-01", "end": "present",
             "details": "native", "highlights": ["x"], "url": "https://example.org"}]}},
        "letters": [{"id": "acme", "body": "Hello.", "date": "2026-11-27",
                     "address": ["1 Main St"], "prefer_tags": ["ml"]}],
    }
    validator = jsonschema.Draft7Validator(schema)
    assert not list(validator.iter_errors(record))
    record["sections"]["teaching"]["entries"][0]["organisation"] = "typo"
    record["letters"][0]["recipiant"] = "typo"
    record["letters"][0]["date"] = "Nov 27"
    messages = " ".join(error.message for error in validator.iter_errors(record))
    assert "organisation" in messages and "recipiant" in messages and "Nov 27" in messages
    for key in ("awards", "Teaching"):  # a built-in kind, not a plain word
        bad = {"person": {"name": "A"}, "sections": {key: {"title": "x"}}}
        assert list(validator.iter_errors(bad)), key
