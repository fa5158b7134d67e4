"""Many records at once, the cheap up-to-date check, and watch mode."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cv_builder.cli.commands import cli
from cv_builder.cli.runner import find_records
from cv_builder.errors import InvalidInput


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_find_records_expands_folders(tmp_path):
    (tmp_path / "b.yaml").write_text("x")
    (tmp_path / "a.yml").write_text("x")
    (tmp_path / "notes.txt").write_text("x")
    single = tmp_path / "b.yaml"
    assert find_records([tmp_path]) == [tmp_path / "a.yml", tmp_path / "b.yaml"]
    assert find_records([single]) == [single]


def test_empty_folder_is_an_input_error(tmp_path):
    with pytest.raises(InvalidInput, match="holds no .yaml records"):
        find_records([tmp_path])


def records_folder(tmp_path, repo_root):
    folder = tmp_path / "lab"
    folder.mkdir()
    shutil.copy(repo_root / "data" / "cv.yaml", folder / "ada.yaml")
    (folder / "broken.yaml").write_text("person:\n  nmae: x\n", encoding="utf-8")
    (folder / "grace.yaml").write_text("person:\n  name: Grace Hopper\n", encoding="utf-8")
    return folder


def test_validate_checks_every_record_of_a_folder(tmp_path, repo_root):
    """validate said "records: is a folder, not a YAML file" where build --data works."""
    folder = records_folder(tmp_path, repo_root)
    result = run("validate", "--data", folder)
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{folder / 'ada.yaml'}: valid — ")
    assert lines[1] == f"{folder / 'broken.yaml'}: invalid — 1 problem:"
    assert lines[2].startswith(f"  {folder / 'broken.yaml'}:2:3: person.nmae: unknown field")
    assert lines[3].startswith(f"{folder / 'grace.yaml'}: valid — 0 publications, 3 variants ")
    assert "1 of 3 records is invalid" in lines[-1]
    good = run("validate", "--data", folder / "grace.yaml", "--data", folder / "ada.yaml")
    assert good.exit_code == 0, good.output
    assert [line.split(":")[0] for line in good.output.splitlines()] == [
        str(folder / "grace.yaml"), str(folder / "ada.yaml")]


@pytest.mark.parametrize("command", [["export", "--format", "text"], ["tex", "academic-cv"],
                                     ["list"]])
def test_one_record_commands_name_a_record_of_a_folder(tmp_path, repo_root, command):
    folder = records_folder(tmp_path, repo_root)
    result = run(*command, "--data", folder)
    assert result.exit_code == 2
    assert f"is a folder of records, and {command[0]} reads one record: name it, e.g. " \
           f"--data {folder / 'ada.yaml'}" in result.output


def test_many_records_are_reported_in_the_order_given(monkeypatch, tmp_path):
    """Each record's lines came as its build finished: a slow first record was
    reported after the quick ones."""
    import time

    from cv_builder.cli import runner
    from cv_builder.options import BuildOptions, Outcome

    def build_record(data, names, options):
        time.sleep(0.4 if data.stem == "slow" else 0)
        return [Outcome("academic-cv", "up to date", data)]

    monkeypatch.setattr(runner, "build_record", build_record)
    order = []
    paths = [tmp_path / "slow.yaml", tmp_path / "quick.yaml", tmp_path / "also.yaml"]
    results = runner.build_records(paths, None, BuildOptions(output=tmp_path, jobs=3),
                                   lambda data, result: order.append(data))
    assert order == paths and [data for data, _ in results] == paths


@pytest.mark.latex
def test_folder_of_records_builds_into_one_folder_each(repo_root, tmp_path):
    records = tmp_path / "lab"
    records.mkdir()
    for name in ("ada", "grace"):
        shutil.copy(repo_root / "data" / "cv.yaml", records / f"{name}.yaml")
    (records / "broken.yaml").write_text("person:\n  nmae: x\n", encoding="utf-8")
    result = run("build", "industry-resume", "--data", records, "--output", tmp_path / "out")
    assert result.exit_code == 2  # the only failure is bad input
    for name in ("ada", "grace"):
        assert (tmp_path / "out" / name / "industry-resume.pdf").exists()
    assert "broken.yaml:2:3: person.nmae: unknown field 'nmae'" in result.output
    assert "1 failed: " in result.output


@pytest.mark.latex
def test_no_op_path_does_not_load_the_pipeline(repo_root, tmp_path):
    """With nothing changed, the answer comes before Jinja, pydantic or pypdf load."""
    out = tmp_path / "out"
    data = tmp_path / "cv.yaml"
    shutil.copy(repo_root / "data" / "cv.yaml", data)
    args = ["build", "industry-resume", "--data", str(data), "--output", str(out)]
    assert run(*args).exit_code == 0
    probe = ("import sys; from cv_builder.cli.commands import main; sys.argv = ['cv-builder', *"
             f"{args!r}]\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('jinja2', 'pydantic', 'pypdf') if m in sys.modules))")
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            cwd=repo_root, check=True).stdout
    assert "up to date" in output
    assert output.strip().endswith("[]")


@pytest.mark.latex
def test_preview_of_an_up_to_date_build_is_written_without_compiling(repo_root, tmp_path):
    """--preview makes a PNG from the PDF: asked for after a build, or with its PNG gone,
    it writes the PNG and compiles nothing, on the whole-record no-op path too."""
    out = tmp_path / "out"
    data = tmp_path / "cv.yaml"
    shutil.copy(repo_root / "data" / "cv.yaml", data)
    args = ["--data", data, "--output", out]
    assert run("build", "industry-resume", "academic-cv", *args).exit_code == 0
    pdf = out / "industry-resume.pdf"
    built = pdf.stat().st_mtime_ns
    for asked in (["industry-resume", "academic-cv"], ["industry-resume"]):
        (out / "industry-resume.png").unlink(missing_ok=True)
        result = run("build", *asked, "--preview", *args)
        assert result.exit_code == 0, result.output
        assert "built" not in result.output and "up to date" in result.output
        assert pdf.stat().st_mtime_ns == built
        png = (out / "industry-resume.png").read_bytes()
        assert png.startswith(b"\x89PNG") and len(png) > 1000


@pytest.mark.latex
def test_watch_rebuilds_on_save_and_survives_a_broken_one(repo_root, tmp_path, wait_for):
    data = tmp_path / "cv.yaml"
    shutil.copy(repo_root / "data" / "cv.yaml", data)
    log = tmp_path / "watch.log"
    with log.open("w") as sink:
        watcher = subprocess.Popen(
            [sys.executable, "-m", "cv_builder", "build", "industry-resume", "--watch",
             "--data", str(data), "--output", str(tmp_path / "out")],
            cwd=repo_root, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            wait_for(log, "built (ok)")
            text = data.read_text(encoding="utf-8")
            data.write_text(text.replace("Best paper award", "Best Paper Prize"), encoding="utf-8")
            wait_for(log, "rebuilt (ok)")
            data.write_text(text + "\nbroken: [\n", encoding="utf-8")
            # Nothing was rebuilt, and the line says so (it said "rebuilt (invalid record)").
            wait_for(log, "not rebuilt (invalid record; the PDFs are as they were)")
            assert watcher.poll() is None  # still watching
        finally:
            watcher.terminate()
            watcher.wait(timeout=10)
    output = log.read_text(encoding="utf-8")
    assert "YAML syntax error" in output and "Traceback" not in output


@pytest.mark.latex
def test_watch_catches_a_save_made_before_the_watcher_started(repo_root, tmp_path,
                                                              monkeypatch, capsys):
    """The watcher is armed after the first build: a save in that gap still rebuilds."""
    import watchfiles

    from cv_builder.cli import watch as watch_module
    from cv_builder.cli.commands import Report, run_build
    from cv_builder.options import BuildOptions

    data = tmp_path / "cv.yaml"
    shutil.copy(repo_root / "data" / "cv.yaml", data)
    real_watch = watchfiles.watch
    passes = []

    def watch_after_a_quick_save(*args, **kwargs):
        text = data.read_text(encoding="utf-8")  # saved just as the first build ended
        data.write_text(text.replace("Best paper award", "Best Paper Prize"), encoding="utf-8")
        for changes in real_watch(*args, **kwargs):
            passes.append(changes)
            yield changes
            if len(passes) == 2:
                raise KeyboardInterrupt

    monkeypatch.setattr(watchfiles, "watch", watch_after_a_quick_save)
    watch_module.watch_and_build([data], ["industry-resume"],
                                 BuildOptions(output=tmp_path / "out"),
                                 Report(quiet=False, verbose=False), run_build)
    output = capsys.readouterr().out
    assert "] built (ok)" in output and "] rebuilt (ok)" in output
    assert output.count("rebuilt") == 1  # the quiet timeout after it rebuilt nothing


def test_validate_counts_in_plain_words(tmp_path):
    """It said "1 publications" and "4 variants (..., cover-letter)" for a record with no
    letters, whose cover-letter variant makes nothing."""
    path = tmp_path / "cv.yaml"
    path.write_text("person:\n  name: Ada\npublications:\n  - {id: a, authors: [Ada], "
                    "title: T, year: 2020}\n", encoding="utf-8")
    result = run("validate", "--data", path)
    assert result.exit_code == 0, result.output
    assert result.output == (f"{path}: valid — 1 publication, 3 variants (academic-cv, "
                             "industry-resume, research-statement)\n")


@pytest.mark.parametrize("command, typed", [
    (["build"], "cv-builder build --data ada-lovelace.yaml"),
    (["validate"], "cv-builder validate --data ada-lovelace.yaml"),
    (["export", "--format", "text"], "add --data ada-lovelace.yaml"),
])
def test_without_data_cv_yaml_the_record_here_is_named(tmp_path, monkeypatch, command, typed):
    """`new` then `build` in the same folder said only "data/cv.yaml: file not found"."""
    monkeypatch.chdir(tmp_path)
    assert run("new", "Ada Lovelace").exit_code == 0
    result = run(*command)
    assert result.exit_code == 2
    assert f"there is no data/cv.yaml here, but ada-lovelace.yaml is: {typed}" in result.output
    (tmp_path / "grace.yaml").write_text("person: {name: Grace}\n", encoding="utf-8")
    assert "name a record with --data (here: ada-lovelace.yaml, grace.yaml)" in run(
        *command).output


def test_a_record_that_is_not_valid_leaves_no_folder_behind(tmp_path):
    """A folder build left an empty output/<record>/ (and its .build/.lock) for a record
    that built nothing; a single record a new --output folder, parents and all."""
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "good.yaml").write_text("person:\n  name: Jo\n", encoding="utf-8")
    (folder / "bad.yaml").write_text("person:\n  name: Jo\n  email: bad\n", encoding="utf-8")
    output = tmp_path / "out" / "deep"
    result = run("build", "--data", folder, "--output", output)
    # bad.yaml is refused; good.yaml has nothing to print (every document skipped).
    assert result.exit_code == 2 and "bad.yaml:3:3: person.email" in result.output, \
        result.output
    assert "good/industry-resume: skipped" in result.output
    assert not (tmp_path / "out").exists()
    alone = run("build", "--data", folder / "bad.yaml", "--output", output)
    assert alone.exit_code == 2 and not (tmp_path / "out").exists()


@pytest.mark.latex
def test_a_record_that_built_is_kept_beside_one_that_did_not(tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "bad.yaml").write_text("person:\n  name: Jo\n  email: bad\n", encoding="utf-8")
    (folder / "mine.yaml").write_text("person:\n  name: Jo\nabout: Hi.\n", encoding="utf-8")
    output = tmp_path / "out"
    result = run("build", "industry-resume", "--data", folder, "--output", output)
    assert result.exit_code == 2, result.output
    assert [p.name for p in output.iterdir()] == ["mine"]
    assert (output / "mine" / "industry-resume.pdf").is_file()


def test_a_folder_that_was_there_is_kept_with_what_it_holds(tmp_path):
    output = tmp_path / "out"
    (output / "bad").mkdir(parents=True)
    (output / "bad" / "mine.txt").write_text("kept", encoding="utf-8")
    record = tmp_path / "bad.yaml"
    record.write_text("person:\n  name: Jo\n  email: bad\n", encoding="utf-8")
    assert run("build", "--data", record, "--output", output / "bad").exit_code == 2
    assert (output / "bad" / "mine.txt").read_text(encoding="utf-8") == "kept"
    assert (output / "bad" / ".build").is_dir()  # as any build into it leaves it


def test_a_build_waiting_on_a_folder_its_holder_removes_locks_it_afresh(tmp_path):
    """folder_lock: a build waiting for the lock of a folder that the holder removes (its
    record built nothing) makes the folder again and holds the lock of the new file."""
    import os
    import threading

    from cv_builder.files import folder_lock, own_folder, unmake_output

    output = tmp_path / "out"
    build = own_folder(output / ".build")
    got = threading.Event()
    holds: list[bool] = []

    def second():
        with folder_lock(build):
            holds.append((build / ".lock").is_file())
            got.set()

    with folder_lock(build):
        waiter = threading.Thread(target=second)
        waiter.start()
        assert not got.wait(0.3)  # it waits for the lock
        unmake_output(output, build, output)
        assert not output.exists()
    waiter.join(10)
    assert holds == [True] and build.is_dir() and os.listdir(build) == [".lock"]


def test_records_building_nothing_side_by_side_leave_nothing_and_never_fail(tmp_path):
    """Eight records at once, half not valid, half with nothing to print, into a new
    nested folder: each removes its own folder and the build its --output, without one
    removing a parent another is making ('cannot make the output folder', seen under
    load before the output folder was made once for them all)."""
    folder = tmp_path / "records"
    folder.mkdir()
    for n in range(8):
        (folder / f"r{n}.yaml").write_text("person:\n  name: Jo\n" + "  email: bad\n" * (n % 2),
                                          encoding="utf-8")
    for _ in range(5):
        result = run("build", "--data", folder, "--output", tmp_path / "out" / "deep",
                     "--jobs", "8")
        assert result.exit_code == 2 and "cannot make" not in result.output, result.output
        assert not (tmp_path / "out").exists()


def test_a_folder_build_into_a_file_is_refused_as_input(tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    for n in range(2):
        (folder / f"r{n}.yaml").write_text("person:\n  name: Jo\n", encoding="utf-8")
    (tmp_path / "out").write_text("mine", encoding="utf-8")
    result = run("build", "--data", folder, "--output", tmp_path / "out")
    assert result.exit_code == 2 and "--output names a file" in result.output
    assert (tmp_path / "out").read_text(encoding="utf-8") == "mine"
