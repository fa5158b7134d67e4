"""latex/markup.py: record markup as safe LaTeX.

Tables of markup and the LaTeX it must become, properties over random input, and
one compile that checks every whitelisted math command really typesets.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cv_builder.latex.markup import math_to_latex, to_latex
from cv_builder.record.markup import (
    MATH_ARGUMENTS,
    MATH_COMMANDS,
    MarkupError,
    check_math,
)

LATEX_CASES = [
    ("**Optimization** and *ODEs*", r"\textbf{Optimization} and \emph{ODEs}"),
    ("[page](https://e.org/a_b#c%20d)", r"\href{https://e.org/a_b\#c\%20d}{page}"),
    ("[a_b & c](https://e.org)", r"\href{https://e.org}{a\_b \& c}"),
    ("rate $O(1/\\sqrt{T})$.", r"rate \ensuremath{O(1/\sqrt{T})}."),
    (r"**\input{/etc/passwd}**", r"\textbf{\textbackslash{}input\{/etc/passwd\}}"),
    ("*^^5cinput*", r"\emph{\textasciicircum{}\textasciicircum{}5cinput}"),
    ("100% of #1", r"100\% of \#1"),
    # Line breaks: kept between pieces, dropped at the ends.
    ("\n**a**\nb\n", r"\textbf{a}\ifhmode\newline\else\space\fi{}b"),
]


@pytest.mark.parametrize("text, latex", LATEX_CASES, ids=[t[:30] for t, _ in LATEX_CASES])
def test_to_latex(text, latex):
    assert to_latex(text) == latex


MATH_CASES = [
    # (source, LaTeX we emit)
    (r"\alpha", r"\alpha"),
    ("x^2", "x^2"),
    (r"x^\alpha", r"x^{\alpha}"),
    (r"x_\ldots", r"x_{\ldots}"),
    (r"\alpha x", r"\alpha x"),
    (r"\frac12", r"\frac{1}{2}"),
    (r"\frac{a+b}{c}", r"\frac{a+b}{c}"),
    (r"\sqrt[3]{x}", r"\sqrt[{3}]{x}"),  # the index braced: a nested one has its own ]
    (r"O(1/\sqrt{T})", r"O(1/\sqrt{T})"),
    ("x'^2", "x'^2"),
    ("x''", "x''"),
    ("x_a'", "x_a'"),
    (r"\{a, b\} \| c \|", r"\{a,b\}\|c\|"),
    (r"a \, b \; c \! d \ e", r"a\,b\;c\!d\ e"),
    # Commands that need amsmath, written in plain LaTeX.
    (r"\text{if } x", r"\mbox{if }x"),
    (r"\text{a_b & c}", r"\mbox{a\_b \& c}"),
    (r"\dfrac{a}{b}", r"{\displaystyle\frac{a}{b}}"),
    (r"\tfrac12", r"{\textstyle\frac{1}{2}}"),
    (r"p \implies q", r"p\;\Longrightarrow\;q"),
    (r"\argmin_x f", r"\mathop{\mathrm{arg\,min}}_xf"),
]


@pytest.mark.parametrize("source, latex", MATH_CASES, ids=[s for s, _ in MATH_CASES])
def test_math_to_latex(source, latex):
    assert math_to_latex(source) == latex
    assert check_math(source) == source


# --- Properties -----------------------------------------------------------------------


_MARKUP_ALPHABET = st.sampled_from(list("*[]()$\\_^{}x ") + ["https://e.org", "](", "**"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_MARKUP_ALPHABET, max_size=20).map("".join))
def test_any_markup_is_refused_or_balanced(text):
    """Random markup either fails with MarkupError or gives LaTeX with balanced braces."""
    try:
        latex = to_latex(text)
    except MarkupError:
        return
    depth = 0
    i = 0
    while i < len(latex):
        if latex[i] == "\\":
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(latex[i], 0)
        assert depth >= 0, latex
        i += 1
    assert depth == 0, latex


_MATH_TOKENS = st.sampled_from(
    [f"\\{name}" for name in sorted(MATH_COMMANDS)] + list("xy2+-=()[]{}^_', ")
    + [r"\{", r"\}", r"\,", r"\|", r"\text{a b}", r"\sqrt[3]"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_MATH_TOKENS, min_size=1, max_size=8).map("".join))
def test_accepted_math_has_every_argument(source):
    """Whatever math is accepted, the LaTeX gives every command all its arguments."""
    try:
        latex = math_to_latex(source)
    except MarkupError:
        return
    for name, count in MATH_ARGUMENTS.items():
        index = latex.find("\\" + name)
        while index >= 0:
            rest = latex[index + len(name) + 1:]
            if not rest[:1].isalpha():  # not a longer name such as \dotsc
                if rest.startswith("["):
                    rest = rest[rest.index("]") + 1:]
                assert rest.startswith("{"), (source, latex)
            index = latex.find("\\" + name, index + 1)


# --- Every whitelisted command typesets -------------------------------------------------

_EXAMPLE_ARGUMENTS = {2: "{a}{b}", 1: "{x}"}


@pytest.mark.latex
def test_every_whitelisted_math_command_compiles(tmp_path, build_cv, pdf_text):
    """One formula per whitelisted command, all in one document: the build must pass."""
    formulas = []
    for name in sorted(MATH_COMMANDS):
        argument = _EXAMPLE_ARGUMENTS.get(MATH_ARGUMENTS.get(name, 0), "")
        formulas.append(f"${{\\{name}{argument}}}^2_i$")
    formulas += [r"$\sqrt[3]{x}$", r"$x'^2_a$", r"$\text{if a_b} \implies q$",
                 r"$x^\ldots$", r"$\frac\alpha\beta$", r"$\argmax_{\theta} L$"]
    statement = "Math: " + " ".join(formulas) + " **bold** *italic* [link](https://e.org/x_y)"
    built = build_cv({"person": {"name": "Ada Lovelace"}, "research_statement": statement},
                     tmp_path)
    assert built.code == 0, built.result.output
    poppler, pypdf = pdf_text(built.pdf)
    assert "Math:" in poppler and "bold italic link" in poppler
    assert "if a_b" in poppler
