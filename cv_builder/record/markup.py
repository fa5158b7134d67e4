"""Our small inline markup: **bold**, *italic*, [label](url), $math$, parsed into a tree.

Why our own parser: the markup is the only way record text can shape the
output, so it is parsed into a tree (math included) that each output renders
safely in its own wing: latex/markup.py, interop/markup.py. Nothing in a field
is ever handed to LaTeX unescaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .charset import URL_SAFE


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


# The tree of a $...$ formula (math_tree): single characters as str, and these.
@dataclass(frozen=True)
class Group:
    """{...}"""
    children: tuple


@dataclass(frozen=True)
class Script:
    """^... or _...; braced if the record wrote braces (x^{2} stays x^{2})."""
    mark: str
    body: tuple
    braced: bool


@dataclass(frozen=True)
class Command:
    """\\name[optional]{argument}...; a control symbol such as \\, has no arguments."""
    name: str
    optional: tuple | None = None
    arguments: tuple = ()  # each a tuple of nodes; \\text has one Words instead


@dataclass(frozen=True)
class Words:
    """The plain words of \\text{...}."""
    text: str


ESCAPABLE = set("\\*[]()$_")

MATH_COMMANDS = frozenset("""
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi
pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega
Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega
frac dfrac tfrac sqrt mathbf mathrm mathit mathcal mathsf text
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
# How many {arguments} a whitelisted command takes (\sqrt also takes an optional [n]).
MATH_ARGUMENTS = {"frac": 2, "dfrac": 2, "tfrac": 2, "sqrt": 1, "text": 1,
                  **dict.fromkeys("mathbf mathrm mathit mathcal mathsf hat bar tilde vec dot "
                                  "ddot widehat widetilde overline underline".split(), 1)}
# One-character control symbols that are harmless in math: thin spaces, braces, norm.
MATH_SYMBOLS = frozenset(",;:!{}| ")
MATH_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                 " +-*/=<>()[]|,.;:!'^_{}")
_COMMAND = re.compile(r"\\([A-Za-z]+|.?)", re.S)
# Groups, arguments and scripts nested deeper than this are refused: no formula needs
# it, and each level is a recursion here and a group in TeX (which allows 255).
MAX_MATH_DEPTH = 50
# TeX sets \text{...} in math as one box it cannot break: 19,000 letters ran off the page,
# 102 of them shown and no warning. 24 characters is the longest run text is left without a
# break point (latex/escape.LONG_RUN): the most a line of the narrowest page holds whole.
MAX_TEXT_IN_MATH = 24




class _MathParser:
    r"""Reads $...$ source into a tree that renders to LaTeX which cannot fail: every
    command is whitelisted, every argument and script is given explicitly.

    Why a tree instead of passing the source through: TeX accepts `x^\alpha` but not
    `x^\ldots`, `\frac` at the end of a formula, or `x^a^b`; counted arguments and
    scripts turn all of those into errors here, before TeX runs, and the LaTeX
    renderer re-emits every argument in braces.
    """

    def __init__(self, source: str):
        self.source = source
        self.i = 0
        self.depth = 0

    def parse(self) -> tuple:
        if not self.source.strip():
            raise MarkupError("empty $...$ math")
        return self.sequence(None)

    def _peek(self) -> str:
        while self.source.startswith(" ", self.i):
            self.i += 1
        return self.source[self.i:self.i + 1]

    def sequence(self, closing: str | None) -> tuple:
        """Items up to `closing` (consumed) or the end; at most one ^ and one _ per base."""
        return self._nested(self._sequence, closing)

    def _nested(self, read, *args):
        """read(*args) one level deeper: every group, argument and script is."""
        self.depth += 1
        if self.depth > MAX_MATH_DEPTH:
            raise MarkupError(f"$...$ math nested more than {MAX_MATH_DEPTH} deep (groups, "
                              "arguments and scripts inside each other)")
        try:
            return read(*args)
        finally:
            self.depth -= 1

    def _sequence(self, closing: str | None) -> tuple:
        out: list = []
        scripts: set[str] = set()
        while True:
            ch = self._peek()
            if not ch:
                if closing:
                    raise MarkupError("unbalanced '{' in $...$ math" if closing == "}" else
                                      "\\sqrt[ without its closing ']' in $...$ math")
                return tuple(out)
            if ch == closing:
                self.i += 1
                return tuple(out)
            if ch == "}":
                raise MarkupError("unbalanced '}' in $...$ math")
            if ch in "^_":
                self.i += 1
                if ch in scripts:
                    raise MarkupError(f"two '{ch}' on one base in $...$ math; group them: "
                                      f"x{ch}{{ab}}")
                scripts.add(ch)
                out.append(self.script(ch, f"'{ch}'"))
                continue
            if ch == "'":
                if "^" in scripts:
                    raise MarkupError("a prime (') after a superscript in $...$ math; write "
                                      "x'^{2}")
                while self._peek() == "'":
                    self.i += 1
                    out.append("'")
                scripts.add("^")  # primes are a superscript...
                if self._peek() == "^":  # ...that LaTeX merges with one right after: x'^2
                    self.i += 1
                    out.append(self.script("^", "'^'"))
                continue
            scripts = set()
            out.append(self.atom())

    def atom(self):
        ch = self._peek()
        if ch == "{":
            self.i += 1
            return Group(self.sequence("}"))
        if ch == "\\":
            return self.command()
        if ch not in MATH_CHARS:
            raise MarkupError(f"character {ch!r} is not allowed in $...$ math")
        self.i += 1
        return ch

    def script(self, mark: str, after: str) -> Script:
        """What follows ^ or _."""
        braced = self._peek() == "{"
        return Script(mark, self.argument(after), braced)

    def argument(self, after: str) -> tuple:
        """One argument: the inside of a {group}, or a single character or command."""
        return self._nested(self._argument, after)

    def _argument(self, after: str) -> tuple:
        ch = self._peek()
        if ch == "{":
            self.i += 1
            return self.sequence("}")
        if ch in ("", "}", "^", "_", "'"):
            raise MarkupError(f"{after} in $...$ math needs something after it")
        return (self.atom(),)

    def command(self) -> Command:
        match = _COMMAND.match(self.source, self.i)
        name = match.group(1)
        self.i = match.end()
        if not name.isalpha():
            if name not in MATH_SYMBOLS:
                raise MarkupError(f"math symbol \\{name or ' at the end'} is not allowed in "
                                  "$...$")
            return Command(name)
        if name not in MATH_COMMANDS:
            raise MarkupError(f"math command \\{name} is not allowed in $...$ "
                              "(allowed: Greek letters, \\frac, \\sqrt, relations, ...)")
        optional = None
        if name == "sqrt" and self._peek() == "[":
            self.i += 1
            optional = self.sequence("]")
        if name == "text":
            arguments = (self.text_argument(),)
        else:
            arguments = tuple(self.argument(f"\\{name}")
                              for _ in range(MATH_ARGUMENTS.get(name, 0)))
        return Command(name, optional, arguments)

    def text_argument(self) -> Words:
        """\\text{...}: plain words."""
        if self._peek() != "{":
            raise MarkupError("\\text in $...$ math needs its words in braces: \\text{words}")
        end = self.source.find("}", self.i + 1)
        words = self.source[self.i + 1:end] if end > 0 else ""
        if end < 0 or "{" in words or "\\" in words:
            raise MarkupError("\\text{...} in $...$ math takes plain words, without braces "
                              "or backslashes")
        if len(words) > MAX_TEXT_IN_MATH:
            raise MarkupError(f"\\text{{...}} in $...$ math holds {len(words)} characters; "
                              f"TeX cannot break a line inside it, so it is at most "
                              f"{MAX_TEXT_IN_MATH}: write longer words outside the $...$")
        self.i = end + 1
        return Words(words)


@lru_cache(maxsize=4096)
def math_tree(source: str) -> tuple:
    """The tree of the inside of $...$, or MarkupError."""
    return _MathParser(source).parse()


def check_math(source: str) -> str:
    """Return source if it is math we can render safely, else raise MarkupError."""
    math_tree(source)
    return source


class Closers:
    """Where each closing delimiter is next found from any start, as a left-to-right search
    that skips backslash pairs (and, for *, the stars of a **) finds it; one table per
    delimiter, made right to left in one pass when first asked for.

    Why tables: the parser looks for a closer after every opener, and searching the rest
    of the text each time made a run of unclosed openers quadratic (60,000 `[`: minutes).
    """

    def __init__(self, text: str):
        self.text = text
        self._tables: dict[str, list[int]] = {}

    def find(self, start: int, delimiter: str) -> int:
        """Index of the next unescaped delimiter at or after start, or -1."""
        table = self._tables.get(delimiter)
        if table is None:
            table = self._tables[delimiter] = self._table(delimiter)
        return table[start] if 0 <= start < len(table) else -1

    def _table(self, delimiter: str) -> list[int]:
        text = self.text
        found = [-1] * (len(text) + 2)
        for i in range(len(text) - 1, -1, -1):
            if text[i] == "\\":
                found[i] = found[i + 2]
            elif text.startswith(delimiter, i):
                # A single * must not match the first star of a **.
                pair = delimiter == "*" and text.startswith("**", i)
                found[i] = found[i + 2] if pair else i
            else:
                found[i] = found[i + 1]
        return found


def is_math(text: str, start: int, end: int) -> bool:
    """Whether the $ at start and the next unescaped $ (at end, -1 for none) enclose math,
    by pandoc's rule: the opening $ is followed by a non-space, the closing one preceded
    by a non-space and not followed by a digit. Otherwise the $ is a dollar sign: in
    "Saved $2M and cut $500k" or "$20,000 to $30,000" no dollar is math."""
    return (end > start + 1 and not text[start + 1].isspace() and not text[end - 1].isspace()
            and not text[end + 1:end + 2].isdigit())


def _parse(text: str) -> tuple:
    nodes: list = []
    buffer: list[str] = []

    def flush():
        if buffer:
            nodes.append(Text("".join(buffer)))
            buffer.clear()

    closers = Closers(text)
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in ESCAPABLE:
            buffer.append(text[i + 1])
            i += 2
            continue
        if text.startswith("**", i):
            end = closers.find(i + 2, "**")
            if end > i + 2:
                flush()
                nodes.append(Bold(_parse(text[i + 2:end])))
                i = end + 2
                continue
        elif ch == "*":
            end = closers.find(i + 1, "*")
            if end > i + 1:
                flush()
                nodes.append(Italic(_parse(text[i + 1:end])))
                i = end + 1
                continue
        elif ch == "[":
            middle = closers.find(i + 1, "](")
            end = closers.find(middle + 2, ")") if middle > 0 else -1
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
            end = closers.find(i + 1, "$")
            if is_math(text, i, end):
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


def to_plain(text: str) -> str:
    """The text a reader sees, without markup (math keeps its source)."""
    return "".join(_plain(node) for node in parse(text))


def _plain(node) -> str:
    if isinstance(node, Text):
        return node.text
    if isinstance(node, Math):
        return node.source
    return "".join(map(_plain, node.children))
