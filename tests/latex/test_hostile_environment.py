"""Same bytes whatever the environment (issue 9, item 8).

One record and one tool version give byte-identical PDFs whatever SOURCE_DATE_EPOCH
(unset, 0, a number, garbage), TZ, LANG, the working folder and the cache (warm, cold,
unwritable), with or without the precompiled format. Before: the format path wrote a
trailer /ID (\\pdftrailerid{} is not kept in a format) that SOURCE_DATE_EPOCH changed,
and SOURCE_DATE_EPOCH=garbage failed every build with "no error message in the log".
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

VARIANTS = ("academic-cv", "industry-resume", "research-statement")


def build(record: Path, output: Path, *options: str, cwd: Path | None = None,
          **env: str) -> dict[str, bytes]:
    environment = {**os.environ, **env}
    for key in [k for k, v in env.items() if v is None]:
        environment.pop(key)
    result = subprocess.run([sys.executable, "-m", "cv_builder", "build", "--data", str(record),
                             "--output", str(output), "--force", *options],
                            capture_output=True, text=True, env=environment, cwd=cwd,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    folder = (cwd or Path.cwd()) / output
    pdfs = {pdf.stem: pdf.read_bytes() for pdf in sorted(folder.glob("*.pdf"))}
    assert pdfs, result.stdout
    return pdfs


@pytest.mark.latex
def test_the_same_bytes_in_every_environment(tmp_path, repo_root):
    record = tmp_path / "cv.yaml"
    record.write_bytes((repo_root / "data" / "cv.yaml").read_bytes())
    warm = tmp_path / "cache"
    reference = build(record, tmp_path / "ref", XDG_CACHE_HOME=str(warm),
                      SOURCE_DATE_EPOCH=None)
    assert set(reference) == set(VARIANTS)
    for pdf in reference.values():
        assert not re.search(rb"/ID\s*\[", pdf), "a trailer /ID was written"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    unwritable = tmp_path / "a-file"
    unwritable.write_text("not a folder")  # no cache can be made under it, even as root
    runs = {
        "SOURCE_DATE_EPOCH=0": dict(SOURCE_DATE_EPOCH="0"),
        "SOURCE_DATE_EPOCH=1999999999": dict(SOURCE_DATE_EPOCH="1999999999"),
        "SOURCE_DATE_EPOCH=garbage": dict(SOURCE_DATE_EPOCH="garbage"),
        "TZ and LANG": dict(TZ="Asia/Kathmandu", LANG="de_DE.UTF-8", LC_ALL="tr_TR.UTF-8"),
        "cold cache": dict(XDG_CACHE_HOME=str(tmp_path / "cold")),
        "unwritable cache": dict(XDG_CACHE_HOME=str(unwritable / "cache")),
    }
    for label, env in runs.items():
        env.setdefault("XDG_CACHE_HOME", str(warm))
        assert build(record, tmp_path / label.replace(" ", "-"), **env) == reference, label
    assert build(record, tmp_path / "no-format", "--no-precompile",
                 XDG_CACHE_HOME=str(warm)) == reference, "--no-precompile"
    assert build(record.resolve(), Path("out"), cwd=elsewhere,
                 XDG_CACHE_HOME=str(warm)) == reference, "another working folder"


@pytest.mark.latex
@pytest.mark.skipif(shutil.which("xelatex") is None, reason="XeLaTeX path not installed")
def test_the_xelatex_path_gives_the_same_bytes_with_its_format_or_without(tmp_path):
    """A record in another script goes to XeLaTeX, which has a format of its own: the
    page material its preamble leaves (xcolor's \\color{black}) was kept only without it."""
    record = tmp_path / "cv.yaml"
    record.write_text("person:\n  name: 李雷\n  email: li@example.org\n"
                      "awards:\n  - {name: 最佳论文奖, year: 2020}\n"
                      "skills:\n  - {category: Programming, items: [Python, C]}\n",
                      encoding="utf-8")
    cache = str(tmp_path / "cache")
    with_format = build(record, tmp_path / "a", XDG_CACHE_HOME=cache)
    assert build(record, tmp_path / "b", "--no-precompile", XDG_CACHE_HOME=cache) == with_format
    assert build(record, tmp_path / "c", SOURCE_DATE_EPOCH="0", TZ="Asia/Tokyo",
                 XDG_CACHE_HOME=cache) == with_format
