"""A .bib file's @string macros are budgeted by what they expand to.

A 2 KB file of doubling macros (`@string{s1 = s0 # s0}` ... s59) asked for 2^60
characters: the import was killed for memory, and 22 levels took 26 s and 553 MB in
validate. Now one value may take at most 20,000 characters from macros, and a file's
values 5,000,000 together; a macro past that is left out with a warning at its line,
naming it, and so is every field that uses it.
"""

from __future__ import annotations

import resource
import subprocess
import sys

from cv_builder.record.bibtex import MAX_EXPANDED_TOTAL, MAX_EXPANDED_VALUE, read_bibtex


def doubling(levels: int) -> str:
    lines = ['@string{s0 = "xxxxxxxxxx"}']
    lines += [f"@string{{s{n} = s{n - 1} # s{n - 1}}}" for n in range(1, levels + 1)]
    lines.append(f"@article{{e, title = s{levels}, author = {{Ada Lovelace}}, journal = {{J}},"
                 " year = 2020}")
    return "\n".join(lines) + "\n"


def test_doubling_macros_are_left_out_at_the_first_too_long():
    bib = read_bibtex(doubling(60), "exp.bib")
    said = [str(w) for w in bib.warnings]
    # s11 is the first past 20,000 characters (10 * 2^11 = 20,480), at line 12.
    assert said[0].startswith("exp.bib:12: @string{s11}: its @string macros expand it to "
                              "20,480 characters; at most 20,000"), said
    assert any(w.startswith("exp.bib:62: @e.title: uses @string{s60}, built on "
                            "@string{s11} (line 12)") for w in said), said
    assert len(said) == 2, said  # not one warning per macro of the chain
    entry, = bib.entries
    assert "title" not in entry.fields and entry.get("journal") == "J"


def test_a_macro_within_the_budget_is_read_whole():
    bib = read_bibtex(doubling(10), "ok.bib")  # 10,240 characters
    assert not bib.warnings
    assert bib.entries[0].get("title") == "x" * 10 * 2 ** 10


def test_all_values_together_have_a_budget():
    size = MAX_EXPANDED_VALUE - 10
    uses = MAX_EXPANDED_TOTAL // size + 2
    text = f'@string{{big = "{"y" * size}"}}\n' + "".join(
        f"@misc{{k{n}, note = big}}\n" for n in range(uses))
    bib = read_bibtex(text, "many.bib")
    kept = [e for e in bib.entries if e.get("note")]
    assert len(kept) == MAX_EXPANDED_TOTAL // size
    assert bib.warnings and all("in this file's values together" in w.message
                                for w in bib.warnings)


def test_a_record_naming_such_a_bib_validates_in_bounded_memory(tmp_path):
    """The whole path, in a process that may use 1 GB: before, it asked for 2^60 bytes."""
    (tmp_path / "exp.bib").write_text(doubling(60), encoding="utf-8")
    (tmp_path / "cv.yaml").write_text("person:\n  name: Ada Lovelace\nabout: Hi.\n"
                                      "bibliography: exp.bib\n", encoding="utf-8")

    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run([sys.executable, "-m", "cv_builder", "validate", "--data",
                           str(tmp_path / "cv.yaml")], capture_output=True, text=True,
                          timeout=120, preexec_fn=limit_memory)
    assert done.returncode == 0, done.stderr
    assert "exp.bib:12: @string{s11}" in done.stderr
