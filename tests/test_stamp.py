"""The stamp: what decides that a PDF is up to date."""

from __future__ import annotations

import os
from pathlib import Path

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
