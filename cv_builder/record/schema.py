"""The record's JSON Schema, generated from the model (never kept by hand)."""

from __future__ import annotations

import json

from .model import Record

SCHEMA_ID = "https://cv-builder.invalid/cv.schema.json"


def record_schema() -> dict:
    schema = _without_null(Record.model_json_schema(by_alias=True))
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    schema["title"] = "cv-builder record"
    return schema


def schema_json() -> str:
    return json.dumps(record_schema(), indent=2, ensure_ascii=False)


def _without_null(node):
    """The schema with no null among a field's choices: a record leaves an optional field
    out, and an empty value (`email:`) is an error there too (validate.check_empty)."""
    if isinstance(node, list):
        return [_without_null(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _without_null(value) for key, value in node.items()}
    if "anyOf" in node:
        choices = [c for c in node["anyOf"] if c != {"type": "null"}]
        del node["anyOf"]
        if len(choices) == 1:
            node = {**choices[0], **node}
        else:
            node["anyOf"] = choices
    if node.get("default", "") is None:
        del node["default"]
    return node
