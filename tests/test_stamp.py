"""The stamp: what decides that a PDF is up to date."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from cv_builder.options import BuildOptions
from cv_builder.stamp import Stamp, files_signature, inputs_for


def test_a_tool_file_changed_in_size_or_date_changes_every_key(tmp_path):
    tool = tmp_path / "xetex"
    tool.write_bytes(b"v1")
    options = BuildOptions(output=tmp_path / "out")
    record = tmp_path / "cv.yaml"
    record.write_text("person: {name: A}\n", encoding="utf-8")
    stamp = Stamp(tmp_path, "tex", "1", {})
    before = (files_signature([tool]), stamp.key_for("cv", "tex", options, [str(tool)]),
              inputs_for(record, options, [], [str(tool)]))
    os.utime(tool, ns=(1, 1))
    after = (files_signature([tool]), stamp.key_for("cv", "tex", options, [str(tool)]),
             inputs_for(record, options, [], [str(tool)]))
    assert all(a != b for a, b in zip(before, after))
    tool.unlink()  # gone: still a key, a different one
    assert files_signature([tool]) not in (before[0], after[0])


def test_the_tools_of_the_last_build_are_remembered_for_the_quick_check(tmp_path):
    stamp = Stamp(tmp_path, "tex", "1", {})
    stamp.remember_inputs("digest", ["cv"], True, True, [], tools=["/usr/bin/xetex", "/f.ttf"])
    stamp.save()
    again = Stamp.load(tmp_path, "tex", "1")
    assert again.tools() == ["/usr/bin/xetex", "/f.ttf"]
    (tmp_path / "stamps.json").write_text('{"inputs": {"tools": [1, "/x", null]}}')
    assert Stamp.load(tmp_path, "tex", "1").tools() == ["/x"]  # an edited file: no crash
    assert Path(tmp_path / "stamps.json").exists()


def _long_record(variant: str) -> str:
    jobs = "".join(
        f"  - organization: Org {n}\n    position: Engineer\n    start: 20{n:02d}-01\n"
        f"    end: 20{n + 1:02d}-01\n    highlights:\n" + "".join(
            f"      - Did thing {k} with great success and measurable impact on the "
            f"business.\n" for k in range(5)) for n in range(12))
    return (f"person:\n  name: Ada Lovelace\n  email: ada@example.org\nabout: Hello.\n"
            f"experience:\n{jobs}variants:\n  academic-cv:\n{variant}")


@pytest.mark.latex
def test_a_changed_page_limit_or_fit_rebuilds(tmp_path, cli):
    """The page limit and the fit bounds change the PDF without changing the rendered
    source: the per-document key left them out, so after `page_limit: 2` -> `1` the build
    said "up to date" and kept the two-page PDF."""
    record, output = tmp_path / "cv.yaml", tmp_path / "out"
    pdf = output / "academic-cv.pdf"

    def build(variant: str) -> str:
        record.write_text(_long_record(variant), encoding="utf-8")
        result = cli("build", "academic-cv", "--data", record, "--output", output)
        assert result.code == 0, result.output
        return result.output

    assert "built, 2 pages" in build("    page_limit: 2\n")
    assert "up to date" in build("    page_limit: 2\n    description: Two pages.\n")  # key still holds
    assert "built, 1 page" in build("    page_limit: 1\n")
    assert len(PdfReader(pdf).pages) == 1
    assert "up to date" not in build("    page_limit: 1\n    fit: {min_font_size: 9}\n")
    record.write_text(_long_record(
        "    page_limit: 1\n    fit: {min_font_size: 9, drop_entries: false}\n"))
    result = cli("build", "academic-cv", "--data", record, "--output", output)
    assert result.code == 1 and "does not fit in 1 page" in result.output, result.output
