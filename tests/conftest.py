"""Shared fixtures: where the repository is, and quick ways to make a record in tmp_path."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_RECORD = REPO_ROOT / "data" / "cv.yaml"
GOLDEN_DIR = REPO_ROOT / "tests" / "data" / "golden"

# The smallest record worth testing with: a person and one entry of the kinds
# most tests poke at. Tests take a deep copy (see `minimal`) and change it.
MINIMAL = {
    "person": {"name": "Ada Lovelace", "name_forms": ["A. Lovelace"],
               "email": "ada@example.org"},
    "education": [{"institution": "University of London", "degree": "B.A.",
                   "start": "1832-09", "end": "1835-06"}],
    "publications": [{"id": "notes1843", "authors": ["A. Lovelace", "L. Menabrea"],
                      "title": "Notes on the Analytical Engine", "year": 1843}],
}


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture
def minimal() -> dict:
    """A fresh, valid record as plain data, safe to change in a test."""
    return copy.deepcopy(MINIMAL)


@pytest.fixture
def write_record(tmp_path):
    """write_record(data_or_text, name="cv.yaml") -> the path of the file written in tmp_path.

    A dict is dumped as YAML (key order kept); a str is written as is, so a test
    can control lines and columns exactly.
    """

    def write(content: dict | str, name: str = "cv.yaml") -> Path:
        path = tmp_path / name
        text = content if isinstance(content, str) else yaml.safe_dump(
            content, sort_keys=False, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def load(write_record):
    """load(data_or_text) -> the validated Record (raises InvalidInput like the CLI would)."""
    from cv_builder.validate import load_record

    def _load(content: dict | str):
        record, _ = load_record(write_record(content))
        return record

    return _load
