"""A soft hyphen (U+00AD) in a long word is where the word breaks, with a hyphen, on both
engines: it was dropped, and the word broke every 12 letters with none, extracted as two
half-words. pdftotext gives the word whole (it joins a hyphenated line end); pypdf keeps
the lines as set: the first part with its hyphen, then the rest."""

from __future__ import annotations

import re

import pytest

PARTS = ["Supercalifragilisticexpialidocious", "Antidisestablishmentarianism",
         "Pneumonoultramicroscopicsilicovolcanoconiosis"]
WORD = "\u00ad".join(PARTS)


@pytest.mark.latex
@pytest.mark.parametrize("script", ["", " Привет"], ids=["pdflatex", "xelatex"])
def test_a_soft_hyphen_breaks_the_word_with_a_hyphen(cli, write_record, minimal, tmp_path,
                                                     pdf_text, script):
    minimal["experience"] = [{"organization": "Acme" + script, "position": "Engineer",
                              "start": 2020, "highlights": [f"Wrote **{WORD}** tool.",
                                                            f"Short {PARTS[1]}\u00adword."]}]
    minimal["research_statement"] = f"I study the {WORD} problem in depth, " * 3
    result = cli("build", "industry-resume", "research-statement", "--data",
                 write_record(minimal), "--output", tmp_path / "out")
    assert result.code == 0, result.output
    for name in ("industry-resume", "research-statement"):
        poppler, pypdf = pdf_text(tmp_path / "out" / f"{name}.pdf")
        whole = "".join(PARTS)
        assert whole in poppler, (name, poppler)  # joined whole by pdftotext
        # pypdf: the line ends at a soft hyphen, with its hyphen, never inside a part.
        broken = re.findall(r"(\w+)-\s*\n\s*(\w+)", pypdf)
        assert broken and all(a.endswith(tuple(PARTS[:2])) and b.startswith(tuple(PARTS[1:]))
                              for a, b in broken if a.startswith("Super")), (name, pypdf)
        if name == "industry-resume":  # a soft hyphen where the line does not end: nothing
            assert f"Short {PARTS[1]}word." in poppler and f"Short {PARTS[1]}word." in pypdf
        assert "\u00ad" not in poppler and "\u00ad" not in pypdf
