"""What is accepted is shown as written (issue 9, item 12).

- A web address keeps every '#': https://example.org/p#a#b linked to p#a (hyperref's
  \\href drops what follows a second '#').
- Private-use and noncharacter code points are refused with their U+ code; they were
  dropped from the PDF without a word.
- A Markdown export never turns record text into an image (a '!' before a link made
  one, fetched from the address whenever the page is shown).
"""

from __future__ import annotations

import re

import pytest
from conftest import link_targets

ADDRESSES = ["https://example.org/p#a#b", "https://example.org/app#/route#section",
             "https://example.org/a%20b?q=1&r=~x#frag", "https://example.org/plain"]


@pytest.mark.latex
def test_every_fragment_of_an_address_is_linked(tmp_path, build_cv):
    record = {
        "person": {"name": "Ada Lovelace", "website": ADDRESSES[0],
                   "profiles": [{"label": "App", "url": ADDRESSES[1]}]},
        "about": f"See [the notes]({ADDRESSES[2]}) and [this]({ADDRESSES[3]}).",
    }
    built = build_cv(record, tmp_path, "industry-resume")
    assert built.code == 0, built.result.output
    assert set(ADDRESSES) <= set(link_targets(built.pdf))


def test_the_latex_for_an_address_with_two_fragments():
    from cv_builder.latex.escape import link

    assert link("https://e.org/p#a", "x") == r"\href{https://e.org/p\#a}{x}"
    two = link("https://e.org/p#a#b", "x")
    assert r"\href" not in two and two.count(r"\csname hyper@hash\endcsname") == 2


@pytest.mark.parametrize("char, words", [
    ("\ue000", "U+E000 private-use character"),
    ("\U000f0000", "U+F0000 private-use character"),
    ("\ufdd0", "U+FDD0 noncharacter"),
    ("\U0010ffff", "U+10FFFF noncharacter"),
    ("\u0378", "U+0378 unassigned code point"),
])
def test_invisible_code_points_are_refused_by_code(write_record, cli, char, words):
    path = write_record({"person": {"name": "Ada Lovelace"},
                         "awards": [{"name": f"Prize{char}", "year": 1843}]})
    result = cli("validate", "--data", path)
    assert result.code == 2, result.output
    assert "awards[0].name" in result.output and words in result.output


def unescaped_images(markdown: str) -> list[str]:
    """Every `![` a CommonMark reader would start an image at: a '!' not escaped by an
    odd run of backslashes, right before '['."""
    return [m[0] for m in re.finditer(r"(?<!\\)(?:\\\\)*!\[", markdown)]


def test_markdown_never_makes_an_image(write_record, cli):
    path = write_record({
        "person": {"name": "Ada Lovelace"},
        "about": "Look![pixel](https://evil.example/p.png) and a\\\\![z](https://e.org/z.png)",
        "experience": [{"organization": "Org", "position": "P",
                        "highlights": ["Pixel: ![x](https://evil.example/t.png)",
                                       "Wow! [ok](https://e.org)"]}],
    })
    result = cli("export", "industry-resume", "--format", "markdown", "--data", path)
    assert result.code == 0, result.output
    assert not unescaped_images(result.out), result.out
    assert "Look\\![pixel](https://evil.example/p.png)" in result.out
    assert "Wow! [ok](https://e.org)" in result.out  # a '!' elsewhere is left as it is
