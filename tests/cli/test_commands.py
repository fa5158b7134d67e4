"""The command line keeps its word: one set of exit statuses, said on each command; whole
summaries in --help; list, tex and validate behave as their help says."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

import cv_builder
from cv_builder.cli.commands import EXIT_STATUS, cli

REPO = Path(__file__).resolve().parents[2]
COMMANDS = sorted(cli.commands)


def every_command():
    for name, command in sorted(cli.commands.items()):
        yield (name,), command
        if isinstance(command, click.Group):
            for sub, inner in sorted(command.commands.items()):
                yield (name, sub), inner


def test_version_is_the_package_version(cli_result):
    result = cli_result("--version")
    assert result.code == 0
    assert result.out.strip() == f"cv-builder, version {cv_builder.__version__}"


def test_help_summaries_are_whole(cli_result):
    """Each command's summary is its docstring's first paragraph, never cut with '...'."""
    listing = cli_result("--help").out.split("Commands:")[1]
    assert "..." not in listing
    text = " ".join(listing.split())
    for name, command in cli.commands.items():
        summary = " ".join((command.help or "").split("\n\n")[0].split())
        assert summary and summary in text.replace("- ", "-"), name


@pytest.mark.parametrize("path, command", list(every_command()),
                         ids=[" ".join(p) for p, _ in every_command()])
def test_every_command_lists_its_exit_statuses(cli_result, path, command):
    help_text = cli_result(*path, "--help").out
    codes = re.findall(r"^\s+(\d)  ", help_text.split("Exit status:")[1], re.M)
    assert codes and codes[0] == "0" and codes[-1] == "3", help_text
    assert set(map(int, codes)) <= set(EXIT_STATUS)


def test_the_readme_lists_the_same_exit_statuses():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `(\d)` \| (.+?) \|$", readme, re.M))
    assert {int(code): meaning for code, meaning in table.items()} == EXIT_STATUS


def test_import_jsonresume_help_does_not_contradict_itself(cli_result):
    text = " ".join(cli_result("import", "jsonresume", "--help").out.split())
    assert "never overwritten" not in text
    assert "an existing file is kept unless --force" in text


def test_list_shows_headers_and_page_limits(cli_result, tmp_path, write_record, minimal):
    minimal["variants"] = {"short-cv": {"extends": "academic-cv", "page_limit": 2},
                           "research-statement": {"enabled": False}}
    result = cli_result("list", "--data", write_record(minimal))
    assert result.code == 0, result.output
    header, *rows = result.out.splitlines()
    assert header.split() == ["variant", "template", "page", "limit", "paper", "from"]
    by_name = {row.split()[0]: row for row in rows}
    assert "1 page " in by_name["industry-resume"] and "none" in by_name["academic-cv"]
    assert by_name["short-cv"].rstrip().endswith("the record")
    assert "2 pages" in by_name["short-cv"]
    assert by_name["research-statement"].rstrip().endswith(
        "shipped, changed by the record; off (enabled: false)")


@pytest.mark.parametrize("resumes, paper", [((None,), "a4"), (("short-cv",), "letter"),
                                            ((None, "short-cv"), "a4, letter")])
def test_list_shows_a_letter_on_the_paper_of_its_resume(cli_result, write_record, minimal,
                                                        resumes, paper):
    """The résumé on A4: the letters follow it (as the build makes them), and list said
    'letter'."""
    minimal["variants"] = {"industry-resume": {"paper": "a4"},
                           "short-cv": {"extends": "industry-resume", "paper": "letter"}}
    minimal["letters"] = [{"id": f"l{n}", "company": "Acme", "position": "Engineer",
                           "body": "Text.", **({"resume": resume} if resume else {})}
                          for n, resume in enumerate(resumes)]
    result = cli_result("list", "--data", write_record(minimal))
    assert result.code == 0, result.output
    row = next(r for r in result.out.splitlines() if r.startswith("cover-letter "))
    assert re.search(rf"1 page\s+{re.escape(paper)}\s+shipped", row), row


def test_list_of_a_missing_record_is_exit_2(cli_result, tmp_path):
    result = cli_result("list", "--data", tmp_path / "missing.yaml")
    assert result.code == 2
    assert "missing.yaml: file not found" in result.output


def test_list_without_a_record_here_shows_the_shipped_variants(cli_result, tmp_path,
                                                                monkeypatch):
    monkeypatch.chdir(tmp_path)  # no data/cv.yaml here, as after `pip install`
    result = cli_result("list")
    assert result.code == 0
    assert "the shipped variants" in result.err
    assert [row.split()[0] for row in result.out.splitlines()[1:]] == [
        "academic-cv", "industry-resume", "research-statement", "cover-letter"]


def own_templates(folder: Path, body: str) -> Path:
    (folder / "sections").mkdir(parents=True)
    (folder / "sections" / "skills.tex.j2").write_text(body, encoding="utf-8")
    return folder


def test_tex_and_validate_take_templates(cli_result, tmp_path, write_record, minimal):
    minimal["skills"] = [{"category": "Languages", "items": ["Python"]}]
    record = write_record(minimal)
    mine = own_templates(tmp_path / "mine", "\\cvsection{((( section.title )))}\n"
                                            "%% mine\nMY-SKILLS\n")
    tex = cli_result("tex", "academic-cv", "--data", record, "--templates", mine)
    assert tex.code == 0, tex.output
    assert "MY-SKILLS" in tex.out
    assert cli_result("validate", "--data", record, "--templates", mine).code == 0


def test_validate_finds_a_mistake_in_a_template_of_ones_own(cli_result, tmp_path,
                                                            write_record, minimal):
    minimal["skills"] = [{"category": "Languages", "items": ["Python"]}]
    record = write_record(minimal)
    mine = own_templates(tmp_path / "mine", "((* for group in section.entries *))\n"
                                            "((( group.categroy )))\n((* endfor *))\n")
    result = cli_result("validate", "--data", record, "--templates", mine)
    assert result.code == 2
    assert ("mine/sections/skills.tex.j2:2: 'SkillGroup' has no field 'categroy'; did you "
            "mean 'category'?") in result.output


def test_a_misspelt_variant_name_on_the_command_line_gets_a_guess(cli_result, tmp_path,
                                                                  write_record, minimal):
    result = cli_result("build", "industy-resume", "--data", write_record(minimal),
                        "--output", tmp_path / "out")
    assert result.code == 2
    assert "unknown variant 'industy-resume' (did you mean 'industry-resume'?)" in result.err


@pytest.fixture
def cli_result(cli):
    return cli


LETTERS = [{"id": "acme", "company": "Acme", "position": "Research Scientist",
            "body": "Hello.", "prefer_tags": ["ml", "python"]},
           {"id": "globex", "body": "Hello."}]


@pytest.mark.parametrize("command", [["build"], ["tex", "academic-cv"],
                                     ["export", "--format", "text"]])
def test_for_without_an_id_lists_the_letters_to_tailor_for(cli, write_record, minimal,
                                                           command):
    """`--for` alone, even before another option, is answered with the record's letter
    ids (exit 2, nothing built), not taken to be an id itself."""
    record = write_record({**minimal, "letters": LETTERS})
    result = cli(*command, "--for", "--data", record)
    assert result.code == 2, result.output
    assert ("--for needs the id of a letter to tailor for; the record's letters: acme "
            "(Research Scientist at Acme; prefers ml, python); globex") in result.err
    assert result.out == ""
    bare = cli(command[0], *command[1:], "--data", write_record(minimal, "bare.yaml"), "--for")
    assert bare.code == 2 and "has no letters: add a letters: list" in bare.err, bare.output


def test_list_shows_the_records_letters(cli, write_record, minimal):
    result = cli("list", "--data", write_record({**minimal, "letters": LETTERS}))
    assert result.code == 0, result.output
    assert result.out.endswith("\nletters (--letter ID, --for ID):\n"
                               "  acme (Research Scientist at Acme; prefers ml, python)\n"
                               "  globex\n")
    assert "letters (" not in cli("list", "--data", write_record(minimal, "b.yaml")).out


def test_one_failure_of_every_document_is_said_once(tmp_path, cli, monkeypatch):
    """pdflatex missing failed every document of every record (a folder of 500 records:
    1,000 copies of the install advice); the reason is printed once, the others point
    at it, and each still has its line."""
    folder = tmp_path / "subs"
    folder.mkdir()
    for name in ("alice", "bob"):
        (folder / f"{name}.yaml").write_text(
            f"person:\n  name: {name.title()}\nabout: Hello.\n", encoding="utf-8")
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
    result = cli("build", "--data", folder, "--output", tmp_path / "out")
    assert result.code == 1, result.output
    assert result.output.count("pdflatex is not installed") == 1, result.output
    for document in ("alice/academic-cv", "alice/industry-resume", "bob/academic-cv",
                     "bob/industry-resume"):
        assert f"✗ {document}: failed" in result.output, result.output
    assert "bob/industry-resume: failed, as alice/academic-cv above" in result.output


def value_options(command: click.Command):
    """The options of a command that take a value (not flags), by their first name."""
    return [param for param in command.params
            if isinstance(param, click.Option) and not param.is_flag and not param.count]


def following_option(command: click.Command, option: click.Option) -> list[str]:
    """Another option of the command, with a value if it takes one ('--help' if none)."""
    for other in command.params:
        if isinstance(other, click.Option) and other is not option:
            value = other.type.choices[0] if isinstance(other.type, click.Choice) else "x"
            return [other.opts[-1]] + ([] if other.is_flag or other.opts[-1] == "--data"
                                       else [value])
    return ["--help"]


SWALLOWING = [(path, option.opts[0], following_option(command, option))
              for path, command in every_command() if not isinstance(command, click.Group)
              for option in value_options(command)]


@pytest.mark.parametrize("path, option, following", SWALLOWING,
                         ids=[" ".join([*p, o, f[0]]) for p, o, f in SWALLOWING])
def test_an_option_given_no_value_never_takes_the_next_option_as_its_value(
        cli, write_record, minimal, tmp_path, monkeypatch, path, option, following):
    """`OPTION --OTHER`: OPTION has no value, whatever option follows it; it is an error
    naming OPTION (exit 2, nothing written), or, for a letter id, the record's letters."""
    monkeypatch.chdir(tmp_path)  # what a swallowed name would write lands here
    record = write_record({**minimal, "letters": LETTERS})
    arguments = {("build",): [], ("tex",): ["academic-cv"], ("new",): ["Ada Lovelace"],
                 ("import", "bibtex"): ["papers.bib"], ("import", "jsonresume"): ["r.json"],
                 ("import", "rendercv"): ["r.yaml"]}.get(path, [])
    data = [str(record)] if following[0] == "--data" else (
        ["--data", str(record)] if option != "--data" and "--data" in dict(
            (o.opts[-1], o) for o in dict(every_command())[path].params
            if isinstance(o, click.Option)) else [])
    result = cli(*path, *arguments, option, *following, *data)
    assert result.code == 2, result.output
    assert "Traceback" not in result.output and result.out == ""
    if option in ("--letter", "--for"):
        assert (f"{option} needs the id of a letter" in result.err
                and "acme (Research Scientist at Acme; prefers ml, python); globex"
                in result.err), result.err
    else:
        assert f"'{option}' needs a value" in result.err, result.err
        assert f"'{following[0]}'" in result.err, result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cv.yaml"], result.output


def test_letter_without_an_id_lists_the_letters(cli, write_record, minimal, tmp_path):
    """The brief's case: `build --letter --data x.yaml` read data/cv.yaml before."""
    record = write_record({**minimal, "letters": LETTERS})
    result = cli("build", "--letter", "--data", record, "--output", tmp_path / "out")
    assert result.code == 2, result.output
    assert ("--letter needs the id of a letter; the record's letters: acme (Research "
            "Scientist at Acme; prefers ml, python); globex") in result.err
    assert not (tmp_path / "out").exists()
    alone = cli("build", "--data", record, "--letter")
    assert alone.code == 2 and "--letter needs the id of a letter" in alone.err, alone.output


def test_a_value_that_looks_like_an_option_but_is_none_is_still_a_value(cli, write_record,
                                                                       minimal):
    """Only the command's own option names count as 'the next option': a file named
    '-cv.yaml' is a value, and so is anything written OPTION=VALUE."""
    record = write_record(minimal, "-cv.yaml")
    result = cli("validate", "--data", record)
    assert result.code == 0, result.output
    assert cli("tex", "academic-cv", f"--data={record}").code == 0
