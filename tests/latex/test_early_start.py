"""pdflatex started early on a precompiled format: the format loads while Python is still
importing and rendering, and the result is the same PDF, byte for byte.

Each test gets its own cache folder, so formats and hints start empty.
"""

from __future__ import annotations

import json
import shutil

import pytest

from cv_builder.cli import runner
from cv_builder.errors import BuildFailed
from cv_builder.latex.compile import WaitingTex, run_tex
from cv_builder.latex.formats import MARKER, format_for, split_document
from cv_builder.stamp import tex_identity

VARIANTS = ["academic-cv", "industry-resume", "research-statement"]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder / "cv-builder" / "formats"


@pytest.fixture
def early(monkeypatch):
    """Every dict of early-started pdflatex processes a build made, in order."""
    started: list[dict[str, WaitingTex]] = []
    original = runner.start_tex_early

    def spy(*args, **kwargs):
        waiting = original(*args, **kwargs)
        started.append(dict(waiting))  # a copy: the build takes each out as it uses it
        return waiting

    monkeypatch.setattr(runner, "start_tex_early", spy)
    return started


@pytest.fixture
def record(tmp_path, repo_root):
    path = tmp_path / "cv.yaml"
    shutil.copy(repo_root / "data" / "cv.yaml", path)
    return path


def test_head_and_body_keep_every_line_number():
    tex = ("\\documentclass{article}\n\\usepackage{x}\n" + MARKER + "\n\\setlength{a}\n"
           "\\begin{document}\nA\n\\end{document}\n")
    head, body = split_document(tex)
    assert head == "\n\n" + "\n\\setlength{a}\n\\begin{document}\n"
    assert body == "\n" * 5 + "A\n\\end{document}\n"
    lines = tex.splitlines()
    assert head.splitlines()[3:] == lines[3:5] and body.splitlines()[5:] == lines[5:]


def test_without_begin_document_the_head_is_empty():
    tex = "\\documentclass{article}\n" + MARKER + "\nno document here\n"
    head, body = split_document(tex)
    assert head == "\n"
    assert body == "\n" + "\nno document here\n"


@pytest.mark.latex
def test_formats_are_kept_uncompressed_and_remembered(cli, cache, record, tmp_path):
    output = tmp_path / "out"
    assert cli("build", "industry-resume", "--data", record, "--output", output).code == 0
    formats = list(cache.glob("*.fmt"))
    assert len(formats) == 1
    assert formats[0].read_bytes()[:2] != b"\x1f\x8b"  # not gzipped: loads 3x faster
    hints = json.loads((cache / "recent.json").read_text(encoding="utf-8"))
    (hint,) = hints[f"{record.resolve()}|{output.resolve()}"].items()
    assert hint[0] == "industry-resume" and hint[1][0] == str(formats[0].with_suffix(""))
    head = (cache / f"head-{hint[1][1]}.tex").read_text(encoding="utf-8")
    tex = (output / ".build" / "industry-resume" / "industry-resume.tex").read_text(
        encoding="utf-8")
    assert head == split_document(tex)[0] and head.rstrip().endswith("\\begin{document}")


@pytest.mark.latex
def test_next_build_starts_tex_early_and_makes_the_same_pdfs(cli, cache, early, record,
                                                             tmp_path):
    output = tmp_path / "out"
    assert cli("build", "--data", record, "--output", output).code == 0
    assert early == [{}]  # nothing remembered yet
    first = {name: (output / f"{name}.pdf").read_bytes() for name in VARIANTS}
    shutil.rmtree(output)
    result = cli("build", "--data", record, "--output", output)
    assert result.code == 0, result.output
    assert sorted(early[1]) == VARIANTS
    for tex in early[1].values():
        assert tex.process.returncode == 0  # fed and finished, not cancelled
    assert {name: (output / f"{name}.pdf").read_bytes() for name in VARIANTS} == first


@pytest.mark.latex
def test_a_stale_hint_costs_nothing_but_its_head_start(cli, cache, early, record, tmp_path):
    output = tmp_path / "out"
    assert cli("build", "industry-resume", "--data", record, "--output", output).code == 0
    first = (output / "industry-resume.pdf").read_bytes()
    (fmt,) = cache.glob("*.fmt")
    stale = cache / "cvb-from-an-older-template.fmt"
    shutil.copy(fmt, stale)
    hints = cache / "recent.json"
    recent = json.loads(hints.read_text(encoding="utf-8"))
    for variants in recent.values():
        variants["industry-resume"][0] = str(stale.with_suffix(""))
    hints.write_text(json.dumps(recent), encoding="utf-8")
    shutil.rmtree(output)
    result = cli("build", "industry-resume", "--data", record, "--output", output)
    assert result.code == 0, result.output
    assert early[1]["industry-resume"].process.returncode < 0  # killed, unused
    assert (output / "industry-resume.pdf").read_bytes() == first
    assert json.loads(hints.read_text(encoding="utf-8"))[
        f"{record.resolve()}|{output.resolve()}"]["industry-resume"][0] == str(fmt.with_suffix(""))


@pytest.mark.latex
def test_a_changed_head_is_never_typeset_from_the_hint(cli, cache, early, record, tmp_path):
    """The name is in the head (the PDF's metadata): after renaming, the early pdflatex
    has typeset the old head, so it must be replaced, not fed."""
    output = tmp_path / "out"
    assert cli("build", "industry-resume", "--data", record, "--output", output).code == 0
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("name: Juntang Zhuang", "name: Juntang Q. Zhuang", 1),
                      encoding="utf-8")
    result = cli("build", "industry-resume", "--data", record, "--output", output)
    assert result.code == 0, result.output
    assert early[1]["industry-resume"].process.returncode < 0  # cancelled
    from pypdf import PdfReader

    assert PdfReader(output / "industry-resume.pdf").metadata.author == "Juntang Q. Zhuang"


@pytest.mark.latex
def test_up_to_date_documents_cancel_their_early_tex(cli, cache, early, record, tmp_path):
    output = tmp_path / "out"
    assert cli("build", "--data", record, "--output", output).code == 0
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("name: National encouragement award",
                                   "name: National encouragement prize", 1),
                      encoding="utf-8")
    result = cli("build", "--data", record, "--output", output)
    assert result.code == 0, result.output
    assert "industry-resume: up to date" in result.out  # the award is in the CV only
    assert "academic-cv: built" in result.out
    assert early[1]["academic-cv"].process.returncode == 0
    assert early[1]["industry-resume"].process.returncode < 0
    assert early[1]["research-statement"].process.returncode < 0


def formatted(tmp_path, body: str, preamble: str = "") -> tuple[str, str]:
    """A document on a precompiled format, written as the build writes it: (head, fmt)."""
    tex = ("\\documentclass{article}\n" + MARKER + "\n" + preamble + "\\begin{document}\n"
           + body + "\n\\end{document}\n")
    fmt = format_for(tex, tex_identity("pdflatex"))
    assert fmt
    head, body = split_document(tex)
    (tmp_path / "doc.tex").write_text(tex, encoding="utf-8")
    (tmp_path / "doc-body.tex").write_text(body, encoding="utf-8")
    return head, fmt


@pytest.mark.latex
def test_waiting_tex_ends_when_nobody_feeds_it(cache, tmp_path):
    head, fmt = formatted(tmp_path, "x")
    tex = WaitingTex(tmp_path, "doc", fmt, head)
    tex.process.stdin.close()  # what a crashed build leaves it with
    assert tex.process.wait(timeout=20) != 0


@pytest.mark.latex
def test_a_document_cannot_read_the_terminal_through_a_waiting_tex(cache, tmp_path):
    head, fmt = formatted(tmp_path, "\\read16 to\\x \\x")
    with pytest.raises(BuildFailed):
        run_tex(tmp_path, "doc", fmt=fmt, head=head, timeout=20)


@pytest.mark.latex
def test_a_looping_document_on_a_format_is_killed(cache, tmp_path):
    head, fmt = formatted(tmp_path, "\\def\\x{\\x}\\x")
    with pytest.raises(BuildFailed, match="more than 1 s"):
        run_tex(tmp_path, "doc", fmt=fmt, head=head, timeout=1)
    from test_safety import processes_in

    assert processes_in(tmp_path) == []


@pytest.mark.latex
def test_errors_on_a_format_name_the_line_of_the_full_document(cache, tmp_path):
    head, fmt = formatted(tmp_path, "fine\n\n\\undefinedcommand")
    with pytest.raises(BuildFailed, match=r"doc\.tex line 6: Undefined control sequence"):
        run_tex(tmp_path, "doc", fmt=fmt, head=head, timeout=20)


@pytest.mark.latex
def test_errors_in_the_head_name_their_line_too(cache, tmp_path):
    head, fmt = formatted(tmp_path, "fine", preamble="\n\\undefinedcommand\n")
    with pytest.raises(BuildFailed, match=r"doc\.tex line 4: Undefined control sequence"):
        run_tex(tmp_path, "doc", fmt=fmt, head=head, timeout=20)


def test_pruning_keeps_the_newest_formats_and_heads(tmp_path):
    import os

    from cv_builder.latex.formats import FORMATS_KEPT, HEADS_KEPT, prune

    for index in range(FORMATS_KEPT + 3):
        path = tmp_path / f"cvb-{index:02}.fmt"
        path.write_bytes(b"")
        os.utime(path, (1000 + index, 1000 + index))
    for index in range(HEADS_KEPT + 2):
        path = tmp_path / f"head-{index:04}.tex"
        path.write_text("")
        os.utime(path, (1000 + index, 1000 + index))
    (tmp_path / "recent.json").write_text("{}")
    prune(tmp_path)
    formats = sorted(p.name for p in tmp_path.glob("cvb-*.fmt"))
    assert formats == [f"cvb-{index:02}.fmt" for index in range(3, FORMATS_KEPT + 3)]
    assert len(list(tmp_path.glob("head-*.tex"))) == HEADS_KEPT
    assert not (tmp_path / "head-0000.tex").exists()
    assert (tmp_path / "recent.json").exists()


def test_a_pruned_head_loses_only_its_own_head_start(cache, tmp_path):
    from cv_builder.latex.formats import early_start_hints, remember_early_start

    fmt = cache / "cvb-x"
    cache.mkdir(parents=True)
    (cache / "cvb-x.fmt").write_bytes(b"")
    remember_early_start("k", {"a": (str(fmt), "head a", "pdflatex"),
                               "b": (str(fmt), "head b", "xelatex")})
    assert early_start_hints("k") == {"a": (str(fmt), "head a", "pdflatex"),
                                      "b": (str(fmt), "head b", "xelatex")}
    for head in cache.glob("head-*.tex"):
        if head.read_text() == "head a":
            head.unlink()
    assert early_start_hints("k") == {"b": (str(fmt), "head b", "xelatex")}


@pytest.mark.latex
def test_an_early_tex_that_died_is_replaced(cli, cache, early, record, tmp_path, monkeypatch):
    output = tmp_path / "out"
    assert cli("build", "industry-resume", "--data", record, "--output", output).code == 0
    first = (output / "industry-resume.pdf").read_bytes()
    shutil.rmtree(output)
    original = runner.start_tex_early

    def start_then_kill(*args, **kwargs):
        waiting = original(*args, **kwargs)
        for tex in waiting.values():
            tex.cancel()  # as if its format had vanished under it
        return waiting

    monkeypatch.setattr(runner, "start_tex_early", start_then_kill)
    result = cli("build", "industry-resume", "--data", record, "--output", output)
    assert result.code == 0, result.output
    assert (output / "industry-resume.pdf").read_bytes() == first
