"""Hostile text in the text exports: what a record says stays text in every format.

- Markdown: $...$ math was written between dollars as it stood, and math may hold `<`,
  `!`, `[`, `(`: `$<img src=x onerror=alert(document.cookie)>$` validated and exported
  live HTML, `$![x](http://evil.org/p.png)$` a remote image. Math is now a code span
  ($`...`$, as GitHub and GitLab write math), checked with a CommonMark renderer.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from cv_builder.interop.markup import to_markdown
from cv_builder.record.markup import MATH_CHARS, MarkupError, validate

# What a Markdown export may become in HTML: its structure, never an image or a script.
ALLOWED_TAGS = {"h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "a", "code",
                "br"}

ATTACKS = [
    "Rate $<img src=x onerror=alert(document.cookie)>$ ok",
    "See $![x](http://evil.org/p.png)$ now",
    "$[click](http://evil.org)$",
    "$<script>alert(1)</script>$",
    r"$\text{<img src=x onerror=f()>}$",
    r"$\text{`<b>`}$ and $a<b>c$",
    r"$\text{![a](http://e.org/x.png)}$",
]


def html_of(markdown: str) -> str:
    return MarkdownIt("commonmark").render(markdown)


def tags(html: str) -> set[str]:
    return {name.lower() for name in re.findall(r"</?([A-Za-z][A-Za-z0-9]*)", html)}


def code_spans(html: str) -> list[str]:
    return re.findall(r"<code>(.*?)</code>", html, re.S)


@pytest.mark.parametrize("about", ATTACKS)
def test_math_is_code_in_the_markdown_export(write_record, cli, about):
    validate(about)  # each is accepted: it must come out as text
    path = write_record({"person": {"name": "Ada Lovelace"}, "about": about})
    result = cli("export", "--format", "markdown", "--data", path)
    assert result.code == 0, result.output
    html = html_of(result.out)
    assert tags(html) <= ALLOWED_TAGS, html
    assert "<img" not in html and "<script" not in html and 'src="http' not in html
    math = re.findall(r"\$(.*?)\$", about)
    shown = " ".join(code_spans(html))
    for source in math:  # the source is shown, escaped, inside a code span
        assert (source.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace('"', "&quot;")) in shown, (source, html)


def test_the_site_form_of_math():
    assert to_markdown("$x_1$") == "$`x_1`$"
    assert to_markdown(r"$\text{a`b}$") == r"$``\text{a`b}``$"
    assert to_markdown(r"$\text{`a}$") == r"$``\text{`a}``$"


MATH = st.lists(st.sampled_from(sorted(MATH_CHARS - {"{", "}", "^", "_", "'"})) | st.sampled_from(
    [r"\alpha", r"\frac{a}{b}", r"\text{<img src=x>}", r"\text{`}", r"\text{![a](b)}", "x^2"]),
    min_size=1, max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(MATH)
def test_any_math_renders_as_text(source):
    text = f"a ${source}$ b"
    try:
        validate(text)
    except MarkupError:
        return
    html = html_of(to_markdown(text))
    assert tags(html) <= ALLOWED_TAGS - {"a"}, html
