"""No two PDFs of one record share a file name (issue 9 round 2, item 5).

Letters (output/<letter variant>-<id>.pdf), variants (output/<name>.pdf) and CVs
tailored to a letter (output/<variant>-<id>.pdf, `--for`) are all named by joining names
with '-': the variant cover-letter-x with letter b and cover-letter with letter x-b both
made output/cover-letter-x-b.pdf, and the second silently replaced the first. Every name
a record can make is now checked by validate and build before anything is built: exit
2, one problem naming both fields with their lines.
"""

from __future__ import annotations

import re

import pytest

PERSON = "person:\n  name: Ada Lovelace\n  email: ada@example.org\nabout: Hello.\n"

CLASHES = {
    # two letter variants, two letters: one name
    "letter-letter": (PERSON + "letters:\n  - id: b\n    body: Letter B.\n"
                      "  - id: x-b\n    body: Letter X-B.\n"
                      "variants:\n  cover-letter-x:\n    extends: cover-letter\n",
                      "cover-letter-x-b", ["line 6", "line 8", "line 11"]),
    # a letter of a letter variant, and a résumé tailored to another letter (--for)
    "letter-tailored": (PERSON + "letters:\n  - id: acme\n    body: To Acme.\n"
                        "  - id: resume-acme\n    body: To Resume Corp.\n"
                        "variants:\n  industry:\n    extends: cover-letter\n",
                        "industry-resume-acme", ["line 6", "line 8", "line 11"]),
    # a variant of the record's, and a letter (names differing only in case: one file
    # on macOS and on most USB sticks)
    "variant-letter-case": (PERSON + "letters:\n  - id: acme\n    body: To Acme.\n"
                            "variants:\n  Cover-Letter-Acme:\n    extends: academic-cv\n",
                            "cover-letter-acme", ["line 6", "line 9"]),
}


@pytest.mark.parametrize("case", CLASHES)
def test_two_pdfs_of_one_name_are_refused_naming_both_fields(tmp_path, cli, case):
    text, pdf, lines = CLASHES[case]
    record = tmp_path / "cv.yaml"
    record.write_text(text, encoding="utf-8")
    for command in (["validate"], ["build", "--output", tmp_path / "out"],
                    ["build", "--for", "acme" if "acme" in text else "b",
                     "--output", tmp_path / "out"]):
        result = cli(*command, "--data", record)
        assert result.code == 2, result.output
        said = [line for line in result.output.splitlines() if "would be made by both" in line]
        assert len(said) == 1, result.output  # one problem, said once
        assert re.search(rf"cv\.yaml:\d+:\d+: letters\[\d\]\.id: output/{pdf}\.pdf", said[0],
                         re.IGNORECASE), said[0]
        assert all(line in said[0] for line in lines), said[0]
    assert not list((tmp_path / "out").glob("*.pdf"))  # nothing built


def test_the_shipped_record_and_letters_of_distinct_names_pass(tmp_path, cli, repo_root):
    assert cli("validate", "--data", repo_root / "data" / "cv.yaml").code == 0
    record = tmp_path / "cv.yaml"
    record.write_text(PERSON + "letters:\n  - id: acme\n    body: A.\n"
                      "  - id: globex-2\n    body: B.\n", encoding="utf-8")
    assert cli("validate", "--data", record).code == 0
