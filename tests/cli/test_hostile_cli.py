"""No internal errors from any input or environment (issue 9, item 10).

Each of these ended in exit 3 ("internal error") or a traceback; now each is exit 1 or
2 with a message in words, or (where nothing was wrong with the input) a build. And
--watch survives every one of them and builds the next good save.
"""

from __future__ import annotations

import errno
import os

import pytest

PERSON = ("person:\n  name: Ada Lovelace\n  email: ada@example.org\n"
          "awards:\n  - {name: Best paper, year: 1843}\n")
LONG_NAME = "a" * 400


def hostile_records() -> dict[str, str]:
    chain = "".join(f"  v{i}:\n    extends: {f'v{i + 1}' if i < 999 else 'industry-resume'}\n"
                    for i in range(1000))
    return {
        "variant named stamps.json": PERSON + "variants:\n  stamps.json:\n"
                                              "    extends: industry-resume\n",
        "400-character variant name": PERSON + f"variants:\n  {LONG_NAME}:\n"
                                               "    extends: industry-resume\n",
        "YAML nested 700 deep": PERSON + "about: " + "[" * 700 + "]" * 700 + "\n",
        "200 nested sqrt": PERSON + 'about: "$' + "\\\\sqrt{" * 200 + "x" + "}" * 200 + '$"\n',
        "1,000 variants extending each other in reverse": PERSON + "variants:\n" + chain,
    }


def assert_clean_failure(result, codes=(1, 2)) -> None:
    assert result.code in codes, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert result.output.strip(), "no message"


@pytest.mark.parametrize("name", list(hostile_records()))
def test_hostile_records_are_input_errors(tmp_path, cli, name):
    path = tmp_path / "cv.yaml"
    path.write_text(hostile_records()[name], encoding="utf-8")
    assert_clean_failure(cli("validate", "--data", path), codes=(2,))
    assert_clean_failure(cli("build", "--data", path, "--output", tmp_path / "out"), codes=(2,))


def test_output_naming_a_file_is_an_input_error(tmp_path, cli):
    path = tmp_path / "cv.yaml"
    path.write_text(PERSON, encoding="utf-8")
    (tmp_path / "afile").write_text("x")
    result = cli("build", "--data", path, "--output", tmp_path / "afile")
    assert_clean_failure(result, codes=(2,))
    assert "--output names a file" in result.output


@pytest.mark.latex
@pytest.mark.parametrize("failure", [errno.EACCES, errno.ENOSPC, errno.EROFS])
def test_an_output_folder_that_cannot_be_written_is_a_build_failure(tmp_path, cli,
                                                                    monkeypatch, failure):
    """Read-only, full or on a read-only file system (made so here: chmod does not stop
    root, who may run the tests): exit 1 naming the file, the old PDF intact."""
    from cv_builder import publish

    path = tmp_path / "cv.yaml"
    path.write_text(PERSON, encoding="utf-8")
    output = tmp_path / "out"

    def refuse(target, *args, **kwargs):
        raise OSError(failure, os.strerror(failure), str(target))

    monkeypatch.setattr(publish, "replace_atomically", refuse)
    result = cli("build", "industry-resume", "--data", path, "--output", output)
    assert_clean_failure(result, codes=(1,))
    assert os.strerror(failure) in result.output and "industry-resume.pdf" in result.output
    assert not (output / "industry-resume.pdf").exists()


@pytest.mark.latex
def test_a_symlinked_variant_build_folder_and_garbage_epoch_build(tmp_path, cli, monkeypatch):
    path = tmp_path / "cv.yaml"
    path.write_text(PERSON, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out" / ".build").mkdir(parents=True)
    (tmp_path / "out" / ".build" / "industry-resume").symlink_to(elsewhere)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "garbage")
    result = cli("build", "industry-resume", "--data", path, "--output", tmp_path / "out")
    assert result.code == 0, result.output
    assert list(elsewhere.iterdir()) == []


@pytest.mark.latex
def test_watch_survives_every_hostile_save(tmp_path, monkeypatch, capsys):
    """--watch, fed each hostile save in turn and then a good one: every failure is
    reported in words (none is an internal error) and watching goes on; the good save
    is built."""
    import watchfiles

    from cv_builder.cli.commands import Report, run_build
    from cv_builder.cli.watch import watch_and_build
    from cv_builder.options import BuildOptions

    record = tmp_path / "cv.yaml"
    record.write_text(PERSON, encoding="utf-8")
    output = tmp_path / "out"
    saves = [*hostile_records().values(), "person: [unclosed\n",
             PERSON.replace("Ada Lovelace", "Ada King")]
    (tmp_path / "afile").write_text("x")

    def fake_watch(*paths, **kwargs):
        for text in saves:
            record.write_text(text, encoding="utf-8")
            yield {(watchfiles.Change.modified, str(record))}

    monkeypatch.setattr(watchfiles, "watch", fake_watch)
    watch_and_build([record], ["industry-resume"], BuildOptions(output=output),
                    Report(quiet=True, verbose=False), run_build)
    printed = capsys.readouterr()
    assert "internal error" not in printed.out + printed.err
    assert printed.out.count("(invalid record") == len(saves) - 1
    assert (output / "industry-resume.pdf").exists()
    from cv_builder.latex.check import read_facts

    assert "Ada King" in read_facts(output / "industry-resume.pdf").author
