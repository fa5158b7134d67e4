"""The output folder is not trusted, and one build writes into it at a time (issue 9,
items 5 and 6).

- Nothing planted under output/ is followed: a symlinked .build, a symlinked variant
  folder, stamps file, lock or PDF is replaced, and what it points at is untouched
  (today `out/.build -> /elsewhere` emptied /elsewhere/<variant>).
- Builds into one folder take turns (a lock the kernel drops if a build is killed); two
  records with one stem are an input error before anything is built.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

RECORD = ("person:\n  name: Ada Lovelace\n  email: ada@example.org\n"
          "awards:\n  - {name: Best paper, year: 1843}\n")


@pytest.fixture
def record(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text(RECORD, encoding="utf-8")
    return path


def cv_builder(*args, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cv_builder", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, **kwargs)


def precious_folder(tmp_path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "precious.txt").write_text("keep me", encoding="utf-8")
    return folder


# --- Item 6: nothing under output/ is followed ------------------------------------------------

@pytest.mark.latex
def test_a_symlinked_build_folder_is_replaced_not_emptied(tmp_path, record, cli):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim = precious_folder(elsewhere, "industry-resume")
    output = tmp_path / "out"
    output.mkdir()
    (output / ".build").symlink_to(elsewhere)
    result = cli("build", "industry-resume", "--data", record, "--output", output)
    assert result.code == 0, result.output
    assert (victim / "precious.txt").read_text() == "keep me"
    assert not (output / ".build").is_symlink() and (output / ".build").is_dir()


@pytest.mark.latex
def test_a_symlinked_variant_folder_is_replaced(tmp_path, record, cli):
    victim = precious_folder(tmp_path, "victim")
    build = tmp_path / "out" / ".build"
    build.mkdir(parents=True)
    (build / "industry-resume").symlink_to(victim)
    result = cli("build", "industry-resume", "--data", record, "--output", tmp_path / "out")
    assert result.code == 0, result.output
    assert (victim / "precious.txt").read_text() == "keep me"
    assert list(victim.iterdir()) == [victim / "precious.txt"]


@pytest.mark.latex
@pytest.mark.parametrize("planted", [".build/stamps.json", ".build/stamps.json.tmp",
                                     ".build/.lock", "industry-resume.pdf"])
def test_planted_symlinks_to_files_are_never_written_through(tmp_path, record, cli, planted):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    link = tmp_path / "out" / planted
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(victim)
    result = cli("build", "industry-resume", "--data", record, "--output", tmp_path / "out")
    assert result.code == 0, result.output
    assert victim.read_text() == "keep me"
    again = cli("build", "industry-resume", "--data", record, "--output", tmp_path / "out")
    assert again.code == 0 and "up to date" in again.output


@pytest.mark.latex
def test_a_fifo_in_the_build_folder_blocks_nothing(tmp_path, record):
    build = tmp_path / "out" / ".build"
    build.mkdir(parents=True)
    os.mkfifo(build / "stamps.json")
    result = cv_builder("build", "industry-resume", "--data", record, "--output",
                        tmp_path / "out", timeout=60)
    assert result.returncode == 0, result.stderr


def test_stamps_naming_files_outside_the_records_folder_are_not_read(tmp_path, record):
    """A planted stamps file listing / as an input would have the no-op check read the
    whole disk: inputs outside the record's folder mean "build", read nothing."""
    from cv_builder.options import BuildOptions
    from cv_builder.stamp import Stamp, up_to_date

    options = BuildOptions(output=tmp_path / "out")
    stamp = Stamp(options.build_folder(), "tex", "v", {
        "inputs": {"digest": "x", "names": ["academic-cv"], "all": True, "extra": ["/"]},
        "variants": {}})
    stamp.save()
    started = time.perf_counter()
    assert up_to_date(record, None, options) is None
    assert time.perf_counter() - started < 1.0


# --- Item 5: one build per output folder at a time ---------------------------------------------

@pytest.mark.latex
def test_concurrent_builds_into_one_folder_take_turns(tmp_path, repo_root):
    """Four builds of the seed record into one folder at once, twice: each succeeds
    (before: one emptied the other's build folder under its TeX: 'no error message in
    the log', FileNotFoundError)."""
    record = tmp_path / "cv.yaml"
    record.write_bytes((repo_root / "data" / "cv.yaml").read_bytes())
    output = tmp_path / "out"
    for _ in range(2):
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(lambda _: cv_builder("build", "--force", "--data", record,
                                                         "--output", output, timeout=300),
                                    range(4)))
        for result in results:
            assert result.returncode == 0, result.stdout + result.stderr
    for name in ("academic-cv", "industry-resume", "research-statement"):
        assert (output / f"{name}.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.latex
def test_a_second_build_waits_and_says_so(tmp_path, record):
    output = tmp_path / "out"
    (output / ".build").mkdir(parents=True)
    with open(output / ".build" / ".lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        process = subprocess.Popen([sys.executable, "-m", "cv_builder", "build", "--data",
                                    str(record), "--output", str(output)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert process.poll() is None, process.communicate()
        fcntl.flock(held, fcntl.LOCK_UN)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, out + err
    assert "waiting: another build is writing into" in err


@pytest.mark.parametrize("names", [("a/cv.yaml", "b/cv.yaml"), ("cv.yaml", "cv.yml")])
def test_two_records_with_one_stem_are_an_input_error(tmp_path, cli, names):
    paths = []
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(RECORD, encoding="utf-8")
        paths.append(path)
    args = [part for path in paths for part in ("--data", path)]
    result = cli("build", *args, "--output", tmp_path / "out")
    assert result.code == 2, result.output
    assert "would all build into" in result.output
    assert not (tmp_path / "out").exists()
    if names[1] == "cv.yml":  # the same two, as a folder of records
        result = cli("build", "--data", tmp_path, "--output", tmp_path / "out")
        assert result.code == 2 and "would all build into" in result.output


@pytest.mark.parametrize("name", ["..yaml", "...yaml", ".build.yaml", ".hidden.yml"])
def test_a_record_named_to_build_outside_its_folder_is_refused(tmp_path, cli, name):
    """Many records build into output/<stem>/: `..yaml` (stem `.`) built into output/
    itself, `...yaml` (stem `..`) beside it, `.build.yaml` into output/.build/, the build
    folder the lock lives in. Named on the command line: refused, naming the file, before
    anything is built. In a folder of records: a hidden file, not a record (as `ls`
    shows a folder), so nothing is built outside output/<stem>/ either way."""
    submissions = tmp_path / "subs"
    submissions.mkdir()
    for each in ("alice.yaml", name):
        (submissions / each).write_text(RECORD, encoding="utf-8")
    output = tmp_path / "deep" / "out"
    result = cli("build", "industry-resume", "--data", submissions / "alice.yaml",
                 "--data", submissions / name, "--output", output)
    assert result.code == 2, result.output
    assert str(submissions / name) in result.output
    assert result.output.count("rename it") == 1, result.output  # said once
    assert not (tmp_path / "deep").exists()  # nothing built, beside output/ or in it
    result = cli("validate", "--data", submissions)
    assert result.code == 0 and "alice" in result.output and name not in result.output


@pytest.mark.latex
def test_a_folder_of_records_builds_only_into_output_record(tmp_path, cli):
    submissions = tmp_path / "subs"
    submissions.mkdir()
    for each in ("alice.yaml", "bob.yaml", "..yaml", "...yaml", ".build.yaml"):
        (submissions / each).write_text(RECORD, encoding="utf-8")
    output = tmp_path / "deep" / "out"
    result = cli("build", "industry-resume", "--data", submissions, "--output", output)
    assert result.code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["out"]
    assert sorted(p.name for p in output.iterdir()) == ["alice", "bob"]


@pytest.mark.latex
@pytest.mark.parametrize("planted", ["industry-resume.pdf", "industry-resume.png"])
def test_a_folder_where_a_pdf_or_png_goes_is_named_as_the_cause(tmp_path, cli, record,
                                                                planted):
    """A folder planted where the PDF (or its --preview PNG) goes: the message named
    cv-builder's own temporary file ('cannot write out/.industry-resume.pdf.x1y2.tmp: Is
    a directory'), which is not a folder and which the user never made."""
    output = tmp_path / "out"
    first = cli("build", "industry-resume", "--data", record, "--output", output)
    assert first.code == 0, first.output
    old = (output / "industry-resume.pdf").read_bytes()
    (output / "industry-resume.pdf").unlink()
    if planted.endswith(".png"):  # the PDF is there: a failed build leaves it as it was
        (output / "industry-resume.pdf").write_bytes(old)
    (output / planted).mkdir(parents=True)
    record.write_text(record.read_text(encoding="utf-8") + "about: Version two.\n",
                      encoding="utf-8")
    result = cli("build", "industry-resume", "--data", record, "--output", output,
                 "--preview")
    assert result.code == 1, result.output
    assert f"{output / planted} is a folder" in result.output, result.output
    assert ".tmp" not in result.output and "page.png" not in result.output
    assert "earlier PDFs left as they were" in result.output
    assert (output / planted).is_dir()  # left as it was
    if planted.endswith(".png"):  # it said so, and it was so (the PDF was replaced)
        assert (output / "industry-resume.pdf").read_bytes() == old


def test_a_folder_of_records_reads_only_its_own_regular_files(tmp_path, cli):
    """A submitted `pw.yaml -> /etc/passwd` was read (and its content's shape reported),
    and a FIFO or folder named `.yaml` was passed over without a word."""
    submissions = tmp_path / "subs"
    submissions.mkdir()
    (submissions / "alice.yaml").write_text(RECORD, encoding="utf-8")
    secret = tmp_path / "secret.yaml"
    secret.write_text("api_token: hunter2\n", encoding="utf-8")
    (submissions / "link.yaml").symlink_to(secret)
    os.mkfifo(submissions / "pipe.yaml")
    (submissions / "dir.yaml").mkdir()
    (submissions / "inside.yaml").symlink_to("alice.yaml")  # a link within: fine
    for command in ("validate", "build"):
        result = cli(command, "--data", submissions, "--output", tmp_path / "out") \
            if command == "build" else cli(command, "--data", submissions)
        assert result.code == 2, result.output
        assert "api_token" not in result.output and "hunter2" not in result.output
        assert f"link.yaml: is a symbolic link to {secret}" in result.output
        assert "pipe.yaml: is a FIFO" in result.output
        assert "dir.yaml: is a folder" in result.output
        assert "inside.yaml" not in result.output
