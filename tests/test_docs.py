"""docs/record.md stays true: it names every model field, and its YAML examples validate."""

from __future__ import annotations

import re

import pytest
import yaml
from pydantic import BaseModel

from cv_builder.record import base, design, letters, model, sections
from cv_builder.record.variants import resolve_variants


@pytest.fixture(scope="module")
def doc(repo_root) -> str:
    return (repo_root / "docs" / "record.md").read_text(encoding="utf-8")


MODELS = [cls for module in (base, model, sections, letters, design) for cls in vars(module).values()
          if isinstance(cls, type) and issubclass(cls, BaseModel)
          and cls.__module__ == module.__name__ and cls is not base.Strict]


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
def test_every_model_and_field_is_documented(doc, cls):
    assert f"`{cls.__name__}`" in doc or f"{cls.__name__}]" in doc or \
        f"### {cls.__name__}" in doc, cls.__name__
    for name, info in cls.model_fields.items():
        key = info.alias or name
        assert f"| `{key}` |" in doc, f"{cls.__name__}.{key} is not in docs/record.md"


def yaml_blocks(doc: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", doc, re.S)


def test_the_annotated_example_is_a_valid_record(doc, load):
    records = [block for block in yaml_blocks(doc) if block.lstrip().startswith(("#", "person:"))
               and "\nperson:" in "\n" + block]
    assert records, "no full example record in docs/record.md"
    for block in records:
        record = load(block)
        assert record.person.name
        resolve_variants(record)


def test_every_variants_example_resolves(doc, load, minimal):
    blocks = [b for b in yaml_blocks(doc) if b.startswith("variants:")]
    assert len(blocks) >= 2
    for block in blocks:
        data = {**minimal, **yaml.safe_load(block)}
        variants = resolve_variants(load(data))
        for name in data["variants"]:
            assert name in variants


@pytest.mark.latex
def test_the_own_template_example_builds(doc, repo_root, tmp_path):
    """The documented template_dir example, template included, compiles as written."""
    from click.testing import CliRunner

    from cv_builder.cli.commands import cli
    from cv_builder.record.load import read_document

    (variants_block,) = [b for b in yaml_blocks(doc) if "template_dir:" in b]
    (template,) = re.findall(r"```latex\n(.*?)```", doc, re.S)
    relative = re.match(r"\(\(= (\S+):", template)[1]
    (tmp_path / relative).parent.mkdir(parents=True)
    (tmp_path / relative).write_text(template, encoding="utf-8")
    data = {**read_document(repo_root / "data" / "cv.yaml").data, **yaml.safe_load(variants_block)}
    record = tmp_path / "cv.yaml"
    record.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (name,) = yaml.safe_load(variants_block)["variants"]
    result = CliRunner().invoke(cli, ["build", name, "--data", str(record),
                                      "--output", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / f"{name}.pdf").exists()


def test_security_md_names_guards_that_exist(repo_root):
    """docs/security.md stays true: every module and function it names as a guard is
    there, and so is every test corpus it points at."""
    import importlib

    text = (repo_root / "docs" / "security.md").read_text(encoding="utf-8")
    package = repo_root / "cv_builder"
    checked = 0
    for path, name in re.findall(r"`((?:[a-z_]+/)*[a-z_]+)(?:\.py)?(?:[.]([A-Za-z_]+))?`", text):
        module = package / f"{path}.py"
        if not module.exists():
            continue  # a word in backticks, not a module (`cv.yaml`, `latexmk`)
        checked += 1
        if name:
            dotted = "cv_builder." + path.replace("/", ".")
            assert hasattr(importlib.import_module(dotted), name), f"{path}.{name}"
    assert checked >= 20  # the table names its modules in backticks
    for corpus in re.findall(r"`(tests/[\w/]+\.py)`", text):
        assert (repo_root / corpus).exists(), corpus
    assert list((repo_root / "tests").rglob("test_hostile_*.py"))
