"""record/markup.py: **bold**, *italic*, [label](url) and $math$, parsed by us into a tree.

Tables of markup and the tree it must become, math and links that must be refused
(with the reason in the message), and a property over random input.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cv_builder.latex.markup import math_to_latex, to_latex
from cv_builder.record.fields import escape_markup
from cv_builder.record.markup import (
    Bold,
    Italic,
    Link,
    MarkupError,
    Math,
    Text,
    parse,
    to_plain,
)

PARSE_CASES = [
    ("plain", (Text("plain"),)),
    ("**b**", (Bold((Text("b"),)),)),
    ("*i*", (Italic((Text("i"),)),)),
    ("a **b *c* d** e", (Text("a "), Bold((Text("b "), Italic((Text("c"),)), Text(" d"))),
                         Text(" e"))),
    ("[label](https://example.org)", (Link("https://example.org", (Text("label"),)),)),
    ("[**b**](mailto:a@b.org)", (Link("mailto:a@b.org", (Bold((Text("b"),)),)),)),
    ("$x^2$", (Math("x^2"),)),
    # Unclosed or empty delimiters are just characters.
    ("2 * 3 = 6", (Text("2 * 3 = 6"),)),
    ("**", (Text("**"),)),
    ("****", (Text("****"),)),
    ("costs $5", (Text("costs $5"),)),
    ("[not a link]", (Text("[not a link]"),)),
    # A backslash keeps the next markup character literal; any other backslash stays.
    (r"\*not italic\*", (Text("*not italic*"),)),
    (r"\$5 and \$6", (Text("$5 and $6"),)),
    (r"\[x\](https://e.org)", (Text("[x](https://e.org)"),)),
    (r"a \\ b", (Text("a \\ b"),)),
    (r"\input{/etc/passwd}", (Text(r"\input{/etc/passwd}"),)),
    (r"**\write18{x}**", (Bold((Text(r"\write18{x}"),)),)),
]


@pytest.mark.parametrize("text, tree", PARSE_CASES, ids=[t for t, _ in PARSE_CASES])
def test_parse(text, tree):
    assert parse(text) == tree


# Pandoc's rule for $...$: an opening $ followed by a non-space, a closing $ preceded by
# a non-space and not followed by a digit; any other $ is a dollar sign.
DOLLAR_CASES = [
    ("$x$", (Math("x"),)),
    ("rate $O(1/\\sqrt{T})$.", (Text("rate "), Math("O(1/\\sqrt{T})"), Text("."))),
    ("$a + b$ and $c$", (Math("a + b"), Text(" and "), Math("c"))),
    ("$x$, $y$;", (Math("x"), Text(", "), Math("y"), Text(";"))),
    ("(${n}$)", (Text("("), Math("{n}"), Text(")"))),
    ("**$x$**", (Bold((Math("x"),)),)),
    # Dollars, not math.
    ("Saved $2M/year and cut costs by $500k in Q3.",
     (Text("Saved $2M/year and cut costs by $500k in Q3."),)),
    ("$20,000 to $30,000", (Text("$20,000 to $30,000"),)),
    ("$5 and $10 each", (Text("$5 and $10 each"),)),
    ("costs $ 5 $ total", (Text("costs $ 5 $ total"),)),    # a space after the opener
    ("$x $ here", (Text("$x $ here"),)),                      # a space before the closer
    ("$x$5", (Text("$x$5"),)),                                # a digit after the closer
    ("US$ 10", (Text("US$ 10"),)),
    ("$", (Text("$"),)),
    ("$$", (Text("$$"),)),
    ("a $ sign", (Text("a $ sign"),)),
    # A dollar that is none, then math.
    ("$5 bonus for $x$ and more", (Text("$5 bonus for "), Math("x"), Text(" and more"))),
    (r"\$5 for $x$", (Text("$5 for "), Math("x"))),
]


@pytest.mark.parametrize("text, tree", DOLLAR_CASES, ids=[t for t, _ in DOLLAR_CASES])
def test_dollars_follow_pandocs_rule(text, tree):
    assert parse(text) == tree


def test_a_dollar_amount_prints_as_written_in_latex():
    """It printed as math italic, spaces lost; validate said valid."""
    text = "Saved $2M/year and cut costs by $500k in Q3."
    assert to_plain(text) == text
    assert to_latex(text) == r"Saved \$2M/year and cut costs by \$500k in Q3."


@pytest.mark.parametrize("text, plain", [
    ("**a** *b* [c](https://e.org) $x$", "a b c x"),
    (r"\*x\* \$ \\", r"*x* $ \ "[:-1]),
    ("[**bold** label](https://e.org)", "bold label"),
])
def test_to_plain(text, plain):
    assert to_plain(text) == plain


MATH_ERRORS = [
    # (source, fragment of the message)
    (r"\input{/etc/passwd}", r"\input is not allowed"),
    (r"\csname input\endcsname", r"\csname is not allowed"),
    (r"\catcode`\@=0", r"\catcode is not allowed"),
    (r"\def\x{\x}\x", r"\def is not allowed"),
    (r"\write18{touch x}", r"\write is not allowed"),
    (r"\openin5", r"\openin is not allowed"),
    (r"\mathbb{R}", r"\mathbb is not allowed"),
    (r"\text{\input{x}}", "plain words"),
    (r"\text x", "in braces"),
    ("^^5cinput", "needs something after it"),
    ("x^", "needs something after it"),
    ("x_{a}^", "needs something after it"),
    ("x^'", "needs something after it"),
    ("x^a^b", "two '^' on one base"),
    ("x_a_b", "two '_' on one base"),
    ("x^2'", "prime (') after a superscript"),
    ("x'^a'", "prime (') after a superscript"),
    (r"\frac{a}", r"\frac in $...$ math needs something after it"),
    (r"\sqrt", r"\sqrt in $...$ math needs something after it"),
    (r"\sqrt[3", "without its closing ']'"),
    ("{x", "unbalanced '{'"),
    ("x}", "unbalanced '}'"),
    (r"}\input{", "unbalanced '}'"),
    ("#1", "character '#' is not allowed"),
    ("%", "character '%' is not allowed"),
    ("&", "character '&' is not allowed"),
    ("~", "character '~' is not allowed"),
    ('"', "character '\"' is not allowed"),
    ("α", "character 'α' is not allowed"),
    ("\\\\", r"math symbol \\ is not allowed"),
    ("\\", "is not allowed"),
    ("   ", "empty $...$ math"),
]


@pytest.mark.parametrize("source, message", MATH_ERRORS, ids=[s for s, _ in MATH_ERRORS])
def test_math_refused(source, message):
    with pytest.raises(MarkupError) as error:
        math_to_latex(source)
    assert message in str(error.value)
    if not source.endswith("\\") and source == source.strip():
        # (a final backslash would escape the closing $; spaces inside make it dollars)
        with pytest.raises(MarkupError):
            parse(f"see ${source}$ here")


@pytest.mark.parametrize("text", [
    "[x](file:///etc/passwd)",
    "[x](javascript:alert(1))",
    r"[x](https://e.org/\input{/etc/passwd})",
    "[x](https://e.org/a b)",
    "[x](https://e.org/^^5c)",
    '[x](https://e.org/"onclick)',
    "[x](ftp://e.org)",
    "[x]( )",
    "[no address]()",
])
def test_link_address_refused(text):
    with pytest.raises(MarkupError, match="must be an http"):
        parse(text)


# --- Properties -----------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_escaped_text_reads_back_exactly(text):
    """fields.escape_markup is how plain text goes into a markup field: it must read
    back as exactly the same characters, whatever they are."""
    assert to_plain(escape_markup(text)) == text
    to_latex(escape_markup(text))  # and it renders
