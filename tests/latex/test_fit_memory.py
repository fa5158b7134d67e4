"""Auto-fit's decisions remembered in the user cache: the same document built again (clean,
--force, elsewhere) compiles once and gives the very PDF a full search gives; a cache
entry auto-fit could not have made is ignored.

Each test gets its own cache folder.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml

from cv_builder.latex.fit import Drop
from cv_builder.latex.fit_memory import recall, remember
from cv_builder.latex.render import Layout
from cv_builder.record.validate import load_record
from cv_builder.record.variants import resolve_variants
from cv_builder.select import select


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder / "cv-builder" / "fits"


def overfull(repo_root, path, jobs: int, bullets: int):
    data = yaml.safe_load((repo_root / "data" / "cv.yaml").read_text(encoding="utf-8"))
    data["experience"] += [{
        "organization": f"Company {i}", "position": "Engineer", "start": f"{2010 - i}-01",
        "end": f"{2010 - i}-12", "tags": ["industry"],
        "highlights": [f"Shipped a measurable improvement to a production system ({i}.{b})."
                       for b in range(bullets)]} for i in range(jobs)]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def resume_view(path):
    record, document = load_record(path)
    return select(record, "industry-resume", resolve_variants(record, document)["industry-resume"])


def build(cli, data, output):
    result = cli("build", "industry-resume", "--data", data, "--output", output, "--force")
    assert result.code == 0, result.output
    compiles = int(re.search(r"(\d+) compiles?", result.out)[1])
    fitted = re.search(r"fitted: (.*)", result.out)
    return compiles, fitted and fitted[1], (output / "industry-resume.pdf").read_bytes()


@pytest.mark.latex
@pytest.mark.parametrize("jobs, bullets", [(2, 2), (9, 6)], ids=["tighter", "cuts"])
def test_a_fitted_document_built_again_compiles_once_to_the_same_bytes(
        cli, cache, repo_root, tmp_path, jobs, bullets):
    data = overfull(repo_root, tmp_path / "cv.yaml", jobs, bullets)
    first = build(cli, data, tmp_path / "a")
    assert first[0] > 1 and first[1]
    assert len(list(cache.glob("*.json"))) == 1
    again = build(cli, data, tmp_path / "b")
    assert again == (1, first[1], first[2])  # one compile, same message, same PDF


@pytest.mark.latex
def test_a_decision_auto_fit_could_not_make_is_ignored(cli, cache, repo_root, tmp_path):
    data = overfull(repo_root, tmp_path / "cv.yaml", 9, 6)
    compiles, fitted, pdf = build(cli, data, tmp_path / "a")
    (entry,) = cache.glob("*.json")
    good = json.loads(entry.read_text(encoding="utf-8"))
    for bad in ({**good, "font_size": 4.0},                  # below the variant's minimum
                {**good, "spacing": 1.5},
                {**good, "cuts": [[0, 0, False]]},           # the summary is never cut
                {**good, "cuts": good["cuts"] + [[99, 0, False]]},
                {**good, "font_size": True},
                "\\input{/etc/passwd}"):
        entry.write_text(json.dumps(bad), encoding="utf-8")
        assert build(cli, data, tmp_path / "b") == (compiles, fitted, pdf), bad


def test_recall_checks_cuts_against_what_the_view_offers(cache, repo_root, tmp_path):
    view = resume_view(overfull(repo_root, tmp_path / "cv.yaml", 2, 3))
    experience = next(i for i, s in enumerate(view.sections) if s.kind == "experience")
    company = len(view.sections[experience].entries) - 1  # the oldest job
    bullets = len(view.sections[experience].entries[company].highlights)
    assert bullets >= 2
    bullet = Drop(experience, company, True, "x")
    # All its bullets but the first may go, one more may not.
    remember("k1", Layout(10.0, 0.8), [bullet] * (bullets - 1))
    layout, cuts = recall("k1", view)
    assert layout == Layout(10.0, 0.8) and [(c.section, c.entry, c.bullet) for c in cuts] \
        == [(experience, company, True)] * (bullets - 1)
    remember("k2", Layout(10.0, 0.8), [bullet] * bullets)
    assert recall("k2", view) is None
    assert recall("missing", view) is None
