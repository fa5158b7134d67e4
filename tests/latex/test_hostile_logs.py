"""TeX's own errors reach the user (issue 9, item 11).

pdfTeX writes some errors as `!pdfTeX error: ...`, with no space after the `!`; the log
reader looked for `! ` only and printed "(no error message in the log)". Checked on the
logs of real compiles that fail that way: a missing image, a font file that is not there.
"""

from __future__ import annotations

import pytest

from cv_builder.errors import BuildFailed
from cv_builder.latex.compile import run_tex, summarize_errors


def failing_compile(tmp_path, body: str) -> str:
    folder = tmp_path / "build"
    folder.mkdir()
    (folder / "doc.tex").write_text("\\documentclass{article}\n\\begin{document}\n" + body
                                    + "\n\\end{document}\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        run_tex(folder, "doc", timeout=60)
    return str(failed.value)


@pytest.mark.latex
def test_a_missing_image_is_named(tmp_path):
    message = failing_compile(tmp_path, r"x\pdfximage{nope.png}")
    assert "pdfTeX error" in message and "cannot find image file nope.png" in message
    assert "no error message" not in message


@pytest.mark.latex
def test_a_missing_font_file_is_named(tmp_path):
    message = failing_compile(tmp_path, r"\font\x=cmr10 at 10pt\pdfmapline{=cmr10 cmr10 "
                                        r"<nofontfile.pfb}\x hello")
    assert "pdfTeX error" in message and "nofontfile.pfb" in message
    assert "no error message" not in message


def test_both_kinds_of_error_line_are_read():
    log = ("./doc.tex:5: Undefined control sequence.\n"
           "!pdfTeX error: pdflatex (file x.pfb): cannot open Type 1 font file for reading\n"
           "! Emergency stop.\n")
    summary = summarize_errors(log, "doc")
    assert "doc.tex line 5: Undefined control sequence" in summary
    assert "pdfTeX error: pdflatex (file x.pfb)" in summary
    assert "Emergency stop." in summary
