"""The record's JSON Schema, generated from the model (never kept by hand)."""

from __future__ import annotations

import json

from .model import Record

SCHEMA_ID = "https://cv-builder.invalid/cv.schema.json"


def record_schema() -> dict:
    schema = Record.model_json_schema(by_alias=True)
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    schema["title"] = "cv-builder record"
    return schema


def schema_json() -> str:
    return json.dumps(record_schema(), indent=2, ensure_ascii=False)
