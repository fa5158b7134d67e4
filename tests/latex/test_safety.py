"""Safety of the build itself: nothing lost, the same bytes every time, TeX locked down.

- A failed build leaves the previous PDF byte-identical; publish is atomic.
- The same record gives byte-identical PDFs in any folder.
- TeX that loops is killed with its whole process group at the time limit.
- No shell escape, no file read or written outside the build folder, no latexmkrc,
  even from LaTeX we do not escape (a template); the log is never shown whole.
- No TeX on PATH, or a missing package: MissingTool with the install command, exit 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest

from cv_builder.errors import BuildFailed, MissingTool
from cv_builder.latex.compile import DEFAULT_TIMEOUT, run_tex
from cv_builder.latex.toolchain import detect_system, install_hint, piece
from cv_builder.publish import publish

RECORD = {"person": {"name": "Ada Lovelace", "email": "ada@example.org"},
          "awards": [{"name": "Best paper", "year": 1843}]}
TINY_VARIANT = {"tiny": {"extends": "academic-cv", "page_limit": 1}}


def secret_lines() -> list[str]:
    try:
        lines = Path("/etc/passwd").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ["root:x:0:0"]
    return [line for line in lines if line.strip()][:5]


def tex_document(body: str, preamble: str = "") -> str:
    return ("\\documentclass{article}\n" + preamble + "\n\\begin{document}\n" + body
            + "\n\\end{document}\n")


def write_tex(folder: Path, source: str, jobname: str = "doc") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{jobname}.tex").write_text(source, encoding="utf-8")
    return folder


def processes_in(folder: Path) -> list[int]:
    """Process ids whose working folder is inside folder (TeX left running?)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cwd = Path(os.readlink(entry / "cwd"))
            except OSError:
                continue
            if cwd == folder or folder in cwd.parents:
                found.append(int(entry.name))
    return found


# --- Nothing lost ---------------------------------------------------------------------


@pytest.mark.latex
def test_failed_build_leaves_the_previous_pdf_byte_identical(tmp_path, build_cv, cli):
    record = {**RECORD, "variants": TINY_VARIANT}
    first = build_cv(record, tmp_path, "tiny")
    assert first.code == 0, first.result.output
    before = first.pdf.read_bytes()
    stat = first.pdf.stat()

    # The same variant no longer fits its page limit, and --strict forbids fitting: exit 1.
    long = {**record, "awards": [{"name": f"Prize number {i} for some work", "year": 1900 + i}
                                 for i in range(90)]}
    path = tmp_path / "cv.yaml"
    import yaml
    path.write_text(yaml.safe_dump(long), encoding="utf-8")
    failed = cli("build", "tiny", "--data", path, "--output", tmp_path / "output", "--strict",
                 "--force")
    assert failed.code == 1, failed.output
    assert first.pdf.read_bytes() == before
    assert first.pdf.stat().st_mtime_ns == stat.st_mtime_ns

    # An invalid record: exit 2, and the PDF again untouched.
    path.write_text("person: {name: Ada}\nawards: [{name: x, year: soon}]\n", encoding="utf-8")
    invalid = cli("build", "tiny", "--data", path, "--output", tmp_path / "output", "--force")
    assert invalid.code == 2, invalid.output
    assert first.pdf.read_bytes() == before
    assert not [p for p in (tmp_path / "output").iterdir() if p.name.endswith(".tmp")]


@pytest.mark.latex
def test_tex_error_in_own_template_leaves_the_previous_pdf(tmp_path, build_cv, cli):
    """A LaTeX error (here from a record's own template folder) is exit 1, PDF intact."""
    templates = tmp_path / "templates"
    templates.mkdir()
    template = templates / "academic-cv.tex.j2"
    template.write_text('((* extends "base.tex.j2" *))\n', encoding="utf-8")
    record = {**RECORD, "variants": {"mine": {"extends": "academic-cv",
                                              "template_dir": "templates"}}}
    first = build_cv(record, tmp_path, "mine")
    assert first.code == 0, first.result.output
    before = first.pdf.read_bytes()
    template.write_text('((* extends "base.tex.j2" *))\n((* block extra_preamble *))'
                        "\\undefinedcommand((* endblock *))\n", encoding="utf-8")
    later = template.stat().st_mtime + 5  # so Jinja's cache sees the change
    os.utime(template, (later, later))
    failed = cli("build", "mine", "--data", tmp_path / "cv.yaml", "--output",
                 tmp_path / "output", "--force")
    assert failed.code == 1, failed.output
    assert "Undefined control sequence" in failed.output
    assert "Traceback" not in failed.output
    assert first.pdf.read_bytes() == before


def test_a_variant_named_like_a_path_cannot_touch_other_folders(tmp_path, cli):
    """A variant's name becomes output/<name>.pdf and an emptied build folder: a name
    such as an absolute path once had that folder deleted. It is refused (exit 2)."""
    import yaml
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "precious.txt").write_text("keep me", encoding="utf-8")
    record = tmp_path / "cv.yaml"
    record.write_text(yaml.safe_dump({**RECORD, "variants": {
        str(victim): {"extends": "academic-cv"}, "../up": {"extends": "academic-cv"}}}),
        encoding="utf-8")
    result = cli("build", "--data", record, "--output", tmp_path / "out")
    assert result.code == 2, result.output
    assert "is used as a file name" in result.output
    assert (victim / "precious.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in victim.iterdir()) == ["precious.txt"]
    assert not (tmp_path / "up.pdf").exists()


def test_publish_is_atomic(tmp_path):
    target = tmp_path / "out" / "cv.pdf"
    target.parent.mkdir()
    target.write_bytes(b"%PDF-previous")
    source = tmp_path / "new.pdf"
    source.write_bytes(b"%PDF-new")

    # The write fails half-way: the old file stays, and no temporary file is left behind.
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, handle, *args, **kwargs):
            self.out = real_fdopen(handle, *args, **kwargs)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.out.close()

        def write(self, data):
            self.out.write(data[:len(data) // 2])
            raise OSError("disk full")

    with mock.patch("os.fdopen", HalfWriter), pytest.raises(OSError):
        publish(source, target)
    assert target.read_bytes() == b"%PDF-previous"
    assert [p.name for p in target.parent.iterdir()] == ["cv.pdf"]

    publish(source, target)
    assert target.read_bytes() == b"%PDF-new"
    assert [p.name for p in target.parent.iterdir()] == ["cv.pdf"]
    assert target.stat().st_mode & 0o777 == 0o644


@pytest.mark.latex
def test_build_never_writes_the_record(tmp_path, build_cv):
    built = build_cv(RECORD, tmp_path)
    record = tmp_path / "cv.yaml"
    before, mtime = record.read_bytes(), record.stat().st_mtime_ns
    again = build_cv(record, tmp_path)
    assert built.code == again.code == 0
    assert record.read_bytes() == before and record.stat().st_mtime_ns == mtime


# --- Reproducible ---------------------------------------------------------------------


@pytest.mark.latex
def test_same_record_same_bytes_in_any_folder(tmp_path, build_cv, repo_root):
    """Two builds of the seed record, in folders with different paths, a moment apart."""
    seed = repo_root / "data" / "cv.yaml"
    one = tmp_path / "a"
    two = tmp_path / "some other folder" / "deeper"
    one.mkdir()
    two.mkdir(parents=True)
    shutil.copyfile(seed, one / "cv.yaml")
    shutil.copyfile(seed, two / "record.yaml")
    first = build_cv(one / "cv.yaml", one)
    time.sleep(1.1)  # a different second on the clock
    second = build_cv(two / "record.yaml", two)
    assert first.code == second.code == 0
    assert first.pdf.read_bytes() == second.pdf.read_bytes()
    assert b"/CreationDate" not in first.pdf.read_bytes()
    assert str(tmp_path).encode() not in first.pdf.read_bytes()


# --- TeX locked down --------------------------------------------------------------------


@pytest.mark.latex
@pytest.mark.parametrize("compiler", ["pdflatex", "latexmk"])
def test_a_looping_tex_is_killed_with_its_process_group(tmp_path, compiler):
    folder = write_tex(tmp_path / compiler, tex_document(r"\def\x{\x}\x"))
    started = time.monotonic()
    with pytest.raises(BuildFailed, match="was stopped"):
        run_tex(folder, "doc", compiler=compiler, timeout=1)
    assert time.monotonic() - started < 10
    deadline = time.monotonic() + 5
    while processes_in(folder) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not processes_in(folder), "pdflatex left running after the time limit"
    assert DEFAULT_TIMEOUT <= 120  # a real build is never allowed to hang for long


@pytest.mark.latex
def test_tex_waiting_for_input_does_not_hang(tmp_path):
    """stdin is /dev/null: TeX asking for a line ends at once instead of waiting."""
    folder = write_tex(tmp_path, tex_document(r"\typein[\answer]{Your name?}\answer"))
    started = time.monotonic()
    with pytest.raises(BuildFailed):
        run_tex(folder, "doc", timeout=20)
    assert time.monotonic() - started < 10


@pytest.mark.latex
@pytest.mark.parametrize("compiler", ["pdflatex", "latexmk"])
def test_tex_cannot_run_read_or_write_outside(tmp_path, compiler):
    """Unescaped LaTeX (as a template could hold) still cannot run a program, write
    outside the build folder, or read an absolute path; the error shows no file line."""
    marker = tmp_path / "PWNED"
    attempts = {
        "shell": rf"\immediate\write18{{touch {marker}-shell}}",
        "pipe": rf'\input|"touch {marker}-pipe" ',
        "openout": rf"\newwrite\w\immediate\openout\w={marker}-write\immediate\closeout\w",
        "openin": r"\newread\r\immediate\openin\r=/etc/passwd \ifeof\r\else"
                  r"\immediate\read\r to\line LEAK:\line\fi",
    }
    for name, body in attempts.items():
        folder = write_tex(tmp_path / compiler / name, tex_document(body + " done"))
        try:
            compiled = run_tex(folder, "doc", compiler=compiler, timeout=30)
            text = subprocess.run(["pdftotext", str(compiled.pdf), "-"], capture_output=True,
                                  text=True).stdout + compiled.log
        except BuildFailed as error:
            text = str(error)
        for secret in secret_lines():
            assert secret not in text, (name, secret)
        assert "LEAK:" not in text.replace(r"LEAK:\line", ""), name
    assert not list(tmp_path.glob("PWNED*")), "TeX ran a program or wrote outside"


@pytest.mark.latex
def test_input_of_an_absolute_path_fails_without_showing_it(tmp_path):
    r"""`\input{/etc/passwd}` is refused (openin_any=p); the message is short, names no
    line of the file, and is not mistaken for a missing package."""
    folder = write_tex(tmp_path, tex_document(r"\input{/etc/passwd}"))
    with pytest.raises(BuildFailed) as error:
        run_tex(folder, "doc", timeout=30)
    assert not isinstance(error.value, MissingTool)
    message = str(error.value)
    assert len(message.splitlines()) <= 5
    for secret in secret_lines():
        assert secret not in message


@pytest.mark.latex
def test_own_template_cannot_escape_the_sandbox(tmp_path, build_cv):
    """A record's own template is LaTeX we do not escape: the compile locks it down."""
    templates = tmp_path / "templates"
    templates.mkdir()
    marker = tmp_path / "PWNED"
    (templates / "academic-cv.tex.j2").write_text(
        '((* extends "base.tex.j2" *))\n((* block extra_preamble *))'
        rf"\immediate\write18{{touch {marker}}}"
        r"\newread\r\immediate\openin\r=/etc/passwd \ifeof\r\def\line{closed}"
        r"\else\immediate\read\r to\line\fi"
        "((* endblock *))\n((* block header *))LINE[\\line]((* endblock *))\n",
        encoding="utf-8")
    (tmp_path / "latexmkrc").write_text(f"system('touch {marker}-rc');\n", encoding="utf-8")
    record = {**RECORD, "variants": {"mine": {"extends": "academic-cv",
                                              "template_dir": "templates"}}}
    built = build_cv(record, tmp_path, "mine")
    assert built.code == 0, built.result.output
    text = subprocess.run(["pdftotext", str(built.pdf), "-"], capture_output=True,
                          text=True).stdout
    assert "LINE[closed]" in text
    assert not list(tmp_path.glob("PWNED*"))


@pytest.mark.latex
def test_latexmkrc_is_never_run(tmp_path, monkeypatch):
    """latexmk runs a latexmkrc (Perl) from the folder it starts in unless -norc."""
    marker = tmp_path / "PWNED-rc"
    folder = write_tex(tmp_path / "build", tex_document("hello"))
    for rc in ("latexmkrc", ".latexmkrc"):
        (folder / rc).write_text(f"system('touch {marker}');\n", encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    (home / ".latexmkrc").write_text(f"system('touch {marker}');\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    compiled = run_tex(folder, "doc", compiler="latexmk", timeout=30)
    assert compiled.pdf.exists()
    assert not marker.exists()


# --- Missing tools --------------------------------------------------------------------


def bin_with(tmp_path: Path, programs: list[str]) -> str:
    """A PATH holding only Python's folder and links to the given programs."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    for program in programs:
        found = shutil.which(program)
        if found:
            (folder / program).symlink_to(found)
    return os.pathsep.join([str(folder), str(Path(sys.executable).parent)])


def test_no_tex_on_path_is_missing_tool(tmp_path, monkeypatch):
    folder = write_tex(tmp_path / "build", tex_document("hello"))
    monkeypatch.setenv("PATH", bin_with(tmp_path, []))
    with pytest.raises(MissingTool) as error:
        run_tex(folder, "doc")
    assert "pdflatex is not installed" in str(error.value)
    assert install_hint(piece("pdflatex"), detect_system()) in str(error.value)
    assert "`cv-builder doctor`" in str(error.value)
    assert error.value.exit_code == 1


def test_no_latexmk_is_missing_tool(tmp_path, monkeypatch):
    folder = write_tex(tmp_path / "build", tex_document("hello"))
    monkeypatch.setenv("PATH", bin_with(tmp_path, ["pdflatex"]))
    with pytest.raises(MissingTool, match="latexmk is not installed"):
        run_tex(folder, "doc", compiler="latexmk")


@pytest.mark.parametrize("compiler", ["pdflatex", "latexmk"])
def test_no_tex_through_the_command(tmp_path, compiler):
    """The installed command with TeX gone from PATH: exit 1, the install command, no
    traceback, and nothing in the output folder."""
    import yaml
    record = tmp_path / "cv.yaml"
    record.write_text(yaml.safe_dump(RECORD), encoding="utf-8")
    env = {**os.environ, "PATH": bin_with(tmp_path, ["pdflatex"] if compiler == "latexmk"
                                          else [])}
    script = Path(sys.executable).with_name("cv-builder")
    run = subprocess.run([str(script), "build", "academic-cv", "--data", str(record),
                          "--output", str(tmp_path / "out"), "--compiler", compiler],
                         capture_output=True, text=True, env=env, timeout=60)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert f"{compiler} is not installed" in output
    assert install_hint(piece(compiler), detect_system()) in output
    assert "`cv-builder doctor`" in output and "make setup" not in output
    assert "Traceback" not in output
    assert not list((tmp_path / "out").glob("*.pdf"))


@pytest.mark.latex
def test_missing_package_names_the_install_command(tmp_path):
    folder = write_tex(tmp_path, tex_document("hello", r"\usepackage{tgherosmissing}"))
    with pytest.raises(MissingTool) as error:
        run_tex(folder, "doc", timeout=30)
    assert "tgherosmissing.sty is not installed" in str(error.value)
    # Not a file of ours: where to look it up, and the doctor for the rest.
    assert "tlmgr search --global --file tgherosmissing.sty" in str(error.value)
    assert "`cv-builder doctor`" in str(error.value)


@pytest.mark.latex
def test_missing_font_names_the_install_command(tmp_path):
    folder = write_tex(tmp_path, tex_document(r"\font\x=ec-qhvrmissing at 10pt \x hello"))
    with pytest.raises(MissingTool) as error:
        run_tex(folder, "doc", timeout=30)
    assert "ec-qhvrmissing" in str(error.value)
    assert install_hint(piece("ec-qhvr.tfm"), detect_system()) in str(error.value)
