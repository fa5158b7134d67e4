"""Record markup (a tree from record/markup.py) as LaTeX: every text node escaped, every
math command whitelisted and re-emitted with its arguments in braces."""

from __future__ import annotations

import re
from functools import lru_cache

from ..record.markup import (Bold, Command, Group, Italic, Link, Script, Text, Words, math_tree,
                             parse)
from .escape import escape_fragment, escape_latex, link, short_lines, trim_breaks

# Whitelisted commands that need amsmath, written in plain LaTeX so no package is needed.
MATH_REWRITES = {
    "dfrac": r"{\displaystyle\frac{%s}{%s}}",
    "tfrac": r"{\textstyle\frac{%s}{%s}}",
    "text": r"\mbox{%s}",
    "implies": r"\;\Longrightarrow\;",
    "argmin": r"\mathop{\mathrm{arg\,min}}",
    "argmax": r"\mathop{\mathrm{arg\,max}}",
}


def to_latex(text: str) -> str:
    """Markup source as LaTeX that prints it; no line break at its start or end."""
    nodes = parse(text)
    if nodes and isinstance(nodes[0], Text):  # no line break before the first word...
        nodes = (Text(trim_breaks(nodes[0].text, end=False)),) + nodes[1:]
    if nodes and isinstance(nodes[-1], Text):  # ...nor after the last
        nodes = nodes[:-1] + (Text(trim_breaks(nodes[-1].text, start=False)),)
    return short_lines("".join(_latex(node) for node in nodes))


def _latex(node) -> str:
    if isinstance(node, Text):
        return escape_fragment(node.text)
    if isinstance(node, Bold):
        return r"\textbf{" + "".join(map(_latex, node.children)) + "}"
    if isinstance(node, Italic):
        return r"\emph{" + "".join(map(_latex, node.children)) + "}"
    if isinstance(node, Link):
        return link(node.url, "".join(map(_latex, node.children)))
    return r"\ensuremath{" + math_to_latex(node.source) + "}"


def math_to_latex(source: str) -> str:
    """The LaTeX for the inside of $...$, or MarkupError.

    Only ASCII math is remembered: the words of \\text{中文} are escaped for the engine
    being rendered for (XeLaTeX switches fonts, pdflatex's pass finds that it cannot
    set them), and that pass must see them each time; reused from pdflatex's pass,
    XeLaTeX got no CJK font and failed."""
    if source.isascii():
        return _ascii_math_to_latex(source)
    return _math_sequence(math_tree(source))


@lru_cache(maxsize=4096)
def _ascii_math_to_latex(source: str) -> str:
    return _math_sequence(math_tree(source))


def _math_sequence(nodes: tuple) -> str:
    """Concatenate, with a space where a command name would run into a letter."""
    out: list[str] = []
    for piece in map(_math, nodes):
        # Only the last piece can end in a command name: one that ended in a command
        # and met a letter got its space here. (Searching all of out was quadratic.)
        if piece[:1].isalpha() and out and _ENDS_IN_COMMAND.search(out[-1]):
            out.append(" ")
        out.append(piece)
    return "".join(out)


_ENDS_IN_COMMAND = re.compile(r"\\[A-Za-z]+$")


def _math(node) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, Group):
        return "{" + _math_sequence(node.children) + "}"
    if isinstance(node, Script):
        body = _math_sequence(node.body)
        return node.mark + (body if len(body) == 1 and not node.braced else "{" + body + "}")
    if isinstance(node, Words):
        return escape_latex(node.text)
    assert isinstance(node, Command)
    arguments = [_math(a) if isinstance(a, Words) else _math_sequence(a)
                 for a in node.arguments]
    if node.name in MATH_REWRITES:
        return MATH_REWRITES[node.name] % tuple(arguments)
    # The optional argument braced: LaTeX ends it at the first ']', so \sqrt[\sqrt[3]{x}]{y}
    # read "\sqrt[3" as the index.
    optional = "" if node.optional is None else "[{" + _math_sequence(node.optional) + "}]"
    return "\\" + node.name + optional + "".join("{" + a + "}" for a in arguments)
