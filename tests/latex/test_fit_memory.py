"""Auto-fit's decisions remembered in the user cache: the same document built again (clean,
--force, elsewhere) compiles once and gives the very PDF a full search gives; a cache
entry auto-fit could not have made is ignored.

The memory is per test (conftest.py points it at the test's folder).
"""

from __future__ import annotations

import json
import re

import pytest
import yaml

from cv_builder.latex import fit_memory
from cv_builder.latex.cuts import drop_candidates
from cv_builder.record.validate import load_record
from cv_builder.record.variants import resolve_variants
from cv_builder.select import select


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
    fitted = re.findall(r"fitted: (.*)", result.out)
    return compiles, fitted, (output / "industry-resume.pdf").read_bytes()


@pytest.mark.latex
@pytest.mark.parametrize("jobs, bullets", [(2, 2), (12, 6)], ids=["tighter", "cuts"])
def test_a_fitted_document_built_again_compiles_once_to_the_same_bytes(
        cli, repo_root, tmp_path, jobs, bullets):
    data = overfull(repo_root, tmp_path / "cv.yaml", jobs, bullets)
    first = build(cli, data, tmp_path / "a")
    assert first[0] > 1 and first[1]
    assert len(list(fit_memory.folder().glob("*.json"))) == 1
    again = build(cli, data, tmp_path / "b")
    # One compile, same message, same PDF; and one to confirm the cuts, where there are.
    assert again == (1 + ("dropped" in str(first[1])), first[1], first[2])


@pytest.mark.latex
def test_a_decision_auto_fit_could_not_make_is_ignored(cli, repo_root, tmp_path):
    data = overfull(repo_root, tmp_path / "cv.yaml", 12, 6)
    compiles, fitted, pdf = build(cli, data, tmp_path / "a")
    assert any("dropped" in line for line in fitted)
    (entry,) = fit_memory.folder().glob("*.json")
    good = json.loads(entry.read_text(encoding="utf-8"))
    for bad in ({**good, "position": 1.5}, {**good, "position": 0.333},
                {**good, "position": True},
                {**good, "cuts": [[[0, 0, False]]]},  # the summary is never cut
                {**good, "cuts": good["cuts"] + [[[99, 0, False]]]},
                {**good, "cuts": [[[0, 1, [1]]]]},  # no place: a list inside
                {**good, "cuts": [[[1, 0, 7]]]},  # no kind of cut
                "\\input{/etc/passwd}"):
        entry.write_text(json.dumps(bad), encoding="utf-8")
        assert build(cli, data, tmp_path / "b") == (compiles, fitted, pdf), bad


@pytest.mark.latex
def test_a_planted_decision_never_drops_what_a_search_keeps(cli, repo_root, tmp_path):
    """The memory is a cache file: anyone who could write it chose the cuts. Cuts the view
    offers but a search would not make (other entries, more of them, or any where the
    floors fit) and a position the search would not stop at (the smallest font, with the
    page far from full) are checked and ignored: the PDF is the one a build without
    memory makes, byte for byte."""
    data = overfull(repo_root, tmp_path / "cv.yaml", 2, 2)  # fits by shrinking alone
    compiles, fitted, pdf = build(cli, data, tmp_path / "a")
    assert not any("dropped" in line for line in fitted)
    (entry,) = fit_memory.folder().glob("*.json")
    good = json.loads(entry.read_text(encoding="utf-8"))
    offered = [[d.section, d.entry, d.bullet] for d in drop_candidates(resume_view(data))]
    for bad in ({"position": good["position"], "cuts": [offered[:1]]},
                {"position": good["position"], "cuts": [offered[:3]]},
                {"position": 1.0, "cuts": [offered[-4:]]},
                {"position": 0.0, "cuts": []}):
        entry.write_text(json.dumps(bad), encoding="utf-8")
        assert build(cli, data, tmp_path / "b")[1:] == (fitted, pdf), bad
    # Where the search does cut, other cuts than its own are refused too.
    data = overfull(repo_root, tmp_path / "cv.yaml", 12, 6)
    _, fitted, pdf = build(cli, data, tmp_path / "c")
    entry = max(fit_memory.folder().glob("*.json"), key=lambda p: p.stat().st_mtime)
    good = json.loads(entry.read_text(encoding="utf-8"))
    assert good["cuts"]
    offered = [[d.section, d.entry, d.bullet] for d in drop_candidates(resume_view(data))]
    other = [place for place in offered if place not in good["cuts"][0]]
    entry.write_text(json.dumps({**good, "cuts": [other[:len(good["cuts"][0])]]}))
    assert build(cli, data, tmp_path / "d")[1:] == (fitted, pdf)


def test_recall_gives_back_only_cuts_the_view_offers(repo_root, tmp_path):
    view = resume_view(overfull(repo_root, tmp_path / "cv.yaml", 2, 3))
    place = next((d.section, d.entry, d.bullet) for d in drop_candidates(view) if d.bullet)
    offered = sum(1 for d in drop_candidates(view) if (d.section, d.entry, d.bullet) == place)
    fit_memory.remember("k1", 0.5, [[place] * offered])
    position, ((cut_from, drops),) = fit_memory.recall("k1", view)
    assert position == 0.5 and cut_from == view
    assert len(drops) == offered and len({drop.label for drop in drops}) == offered
    fit_memory.remember("k2", 0.5, [[place] * (offered + 1)])  # one bullet too many
    assert fit_memory.recall("k2", view) is None
    assert fit_memory.recall("missing", view) is None
