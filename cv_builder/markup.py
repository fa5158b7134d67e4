"""Our small inline markup: **bold**, *italic*, [label](url), $math$.

Why our own parser: the markup is the only way record text can shape the
output, so it is parsed into a tree and each node rendered safely; nothing
in a field is ever handed to LaTeX unescaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .escape import URL_SAFE, escape_latex, escape_url


class MarkupError(ValueError):
    """A field's markup cannot be rendered safely."""


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Bold:
    children: tuple


@dataclass(frozen=True)
class Italic:
    children: tuple


@dataclass(frozen=True)
class Link:
    url: str
    children: tuple


@dataclass(frozen=True)
class Math:
    source: str


ESCAPABLE = set("\\*[]()$_")

MATH_COMMANDS = frozenset("""
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi
pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega
Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega
frac dfrac tfrac sqrt mathbf mathrm mathit mathcal mathbb mathsf boldsymbol text
cdot cdots ldots dots times div pm mp ast star circ bullet
leq le geq ge neq ne approx sim simeq equiv propto ll gg
infty partial nabla sum prod int oint lim limsup liminf sup inf max min arg argmin argmax
log ln exp sin cos tan det dim ker Pr
in notin subset subseteq supset supseteq cup cap emptyset forall exists neg land lor
to rightarrow leftarrow Rightarrow Leftarrow leftrightarrow mapsto implies iff
hat bar tilde vec dot ddot widehat widetilde overline underline
langle rangle lfloor rfloor lceil rceil mid top bot ell hbar prime
quad qquad
""".split())
# One-character control symbols that are harmless in math: thin spaces, braces, norm.
MATH_SYMBOLS = frozenset(",;:!{}| ")
MATH_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                 " +-*/=<>()[]|,.;:!'^_{}")
_COMMAND = re.compile(r"\\([A-Za-z]+|.)", re.S)


def check_math(source: str) -> str:
    """Return source if every command is whitelisted and groups balance, else raise."""
    depth = 0
    i = 0
    expect_operand = False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            match = _COMMAND.match(source, i)
            name = match.group(1) if match else ""
            if name.isalpha() and name not in MATH_COMMANDS:
                raise MarkupError(f"math command \\{name} is not allowed in $...$ "
                                  "(allowed: Greek letters, \\frac, \\sqrt, relations, ...)")
            if not name.isalpha() and name not in MATH_SYMBOLS:
                raise MarkupError(f"math symbol \\{name or 'at the end'} is not allowed in $...$")
            i += 1 + len(name)
            expect_operand = False
            continue
        if ch not in MATH_CHARS:
            raise MarkupError(f"character {ch!r} is not allowed in $...$ math")
        if ch in "^_":
            if expect_operand or source[i + 1:i + 2] in ("", "}", "^", "_"):
                raise MarkupError(f"'{ch}' in $...$ math needs something after it")
            expect_operand = True
            i += 1
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                raise MarkupError("unbalanced '}' in $...$ math")
        if ch != " ":
            expect_operand = False
        i += 1
    if depth:
        raise MarkupError("unbalanced '{' in $...$ math")
    if not source.strip():
        raise MarkupError("empty $...$ math")
    return source


def _find_closing(text: str, start: int, delimiter: str) -> int:
    """Index of the next unescaped delimiter at or after start, or -1."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(delimiter, i):
            # A single * must not match the first star of a **.
            if delimiter == "*" and text.startswith("**", i):
                i += 2
                continue
            return i
        i += 1
    return -1


def _parse(text: str) -> tuple:
    nodes: list = []
    buffer: list[str] = []

    def flush():
        if buffer:
            nodes.append(Text("".join(buffer)))
            buffer.clear()

    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in ESCAPABLE:
            buffer.append(text[i + 1])
            i += 2
            continue
        if text.startswith("**", i):
            end = _find_closing(text, i + 2, "**")
            if end > i + 2:
                flush()
                nodes.append(Bold(_parse(text[i + 2:end])))
                i = end + 2
                continue
        elif ch == "*":
            end = _find_closing(text, i + 1, "*")
            if end > i + 1:
                flush()
                nodes.append(Italic(_parse(text[i + 1:end])))
                i = end + 1
                continue
        elif ch == "[":
            middle = _find_closing(text, i + 1, "](")
            end = _find_closing(text, middle + 2, ")") if middle > 0 else -1
            if end > 0:
                url = text[middle + 2:end].strip()
                if not re.match(r"^(https?://|mailto:)", url) or any(
                        c not in URL_SAFE for c in url):
                    raise MarkupError(f"link address {url!r} must be an http(s):// or mailto: "
                                      "address without spaces or braces")
                flush()
                nodes.append(Link(url, _parse(text[i + 1:middle])))
                i = end + 1
                continue
        elif ch == "$":
            end = _find_closing(text, i + 1, "$")
            if end > 0:
                flush()
                nodes.append(Math(check_math(text[i + 1:end])))
                i = end + 1
                continue
        buffer.append(ch)
        i += 1
    flush()
    return tuple(nodes)


@lru_cache(maxsize=4096)
def parse(text: str) -> tuple:
    """Parse markup into a tree of Text, Bold, Italic, Link and Math nodes."""
    return _parse(text)


def validate(text: str) -> str:
    """Pydantic hook: raise MarkupError for markup we would refuse to render."""
    parse(text)
    return text


def to_latex(text: str) -> str:
    return "".join(_latex(node) for node in parse(text))


def _latex(node) -> str:
    if isinstance(node, Text):
        return escape_latex(node.text)
    if isinstance(node, Bold):
        return r"\textbf{" + "".join(map(_latex, node.children)) + "}"
    if isinstance(node, Italic):
        return r"\emph{" + "".join(map(_latex, node.children)) + "}"
    if isinstance(node, Link):
        return (r"\href{" + escape_url(node.url) + "}{"
                + "".join(map(_latex, node.children)) + "}")
    return r"\ensuremath{" + node.source + "}"


def to_plain(text: str) -> str:
    """The text a reader sees, without markup (math keeps its source)."""
    return "".join(_plain(node) for node in parse(text))


def _plain(node) -> str:
    if isinstance(node, Text):
        return node.text
    if isinstance(node, Math):
        return node.source
    return "".join(map(_plain, node.children))
