"""Record markup (a tree from record/markup.py) as plain text, Markdown and HTML, for the
exports and the JSON Resume writer."""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup, escape

from ..record.markup import Bold, Italic, Link, Math, Text, parse


@lru_cache(maxsize=1)
def _math_converter():
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text")


def math_text(source: str) -> str:
    """$...$ math as readable Unicode (O(1/√T)); its source if it cannot be converted."""
    try:
        text = _math_converter().latex_to_text(source).strip()
    except Exception:  # pylatexenc is lenient; any failure keeps the source
        return source
    return text if text and "\\" not in text else source


def to_text(source: str) -> str:
    """Markup as the words a reader sees; links keep their address after the label."""
    return "".join(_text(node) for node in parse(source))


def _text(node) -> str:
    if isinstance(node, Text):
        return node.text
    if isinstance(node, Math):
        return math_text(node.source)
    inner = "".join(map(_text, node.children))
    if isinstance(node, Link) and node.url not in (inner, "mailto:" + inner):
        return f"{inner} <{node.url}>"
    return inner


# Characters Markdown reads anywhere in a line; `_` and `&` only where they would act.
_MD_SPECIALS = set("\\`*[]<$~")
_MD_ACTIVE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|&(?=#?[A-Za-z0-9]+;)")


def to_markdown(source: str) -> str:
    out: list[str] = []
    for node in parse(source):
        piece = _md(node)
        if piece.startswith("[") and out and out[-1].endswith("!"):
            # "!" right before a link makes it an image, fetched from the address when
            # the page is shown: a tracking pixel. Escaped, it is the "!" the text holds.
            out[-1] = out[-1][:-1] + "\\!"
        out.append(piece)
    return "".join(out)


def _md(node) -> str:
    if isinstance(node, Text):
        text = "".join("\\" + ch if ch in _MD_SPECIALS else ch for ch in node.text)
        return _MD_ACTIVE.sub(lambda m: "\\" + m[0], text)
    if isinstance(node, Math):
        return md_math(node.source)
    inner = "".join(map(_md, node.children))
    if isinstance(node, Bold):
        return f"**{inner}**"
    if isinstance(node, Italic):
        return f"*{inner}*"
    return f"[{inner}]({md_url(node.url)})"


def md_math(source: str) -> str:
    """$...$ math as GitHub and GitLab write it, $`...`$: the source in a code span, which
    a site that sets math sets, and any other CommonMark renderer shows as code. Written
    raw between dollars, math's `<`, `!`, `[` and `(` were Markdown's: live HTML
    (`$<img onerror=...>$`) or a remote image (`$![x](http://...)$`)."""
    source = " ".join(source.split("\n"))  # a code span may not hold a blank line
    fence = "`" * (max(map(len, re.findall("`+", source)), default=0) + 1)
    pad = " " if source[:1] == "`" or source[-1:] == "`" else ""
    return f"${fence}{pad}{source}{pad}{fence}$"


def md_url(url: str) -> str:
    """A link destination; in <...> when it holds characters that would end it early."""
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


def to_html(source: str) -> Markup:
    return Markup("".join(_html(node) for node in parse(source)))


def _html(node) -> str:
    if isinstance(node, Text):
        return str(escape(node.text))
    if isinstance(node, Math):
        return str(Markup('<span class="math" title="{}">{}</span>').format(
            node.source, math_text(node.source)))
    inner = Markup("".join(map(_html, node.children)))
    if isinstance(node, Bold):
        return str(Markup("<strong>{}</strong>").format(inner))
    if isinstance(node, Italic):
        return str(Markup("<em>{}</em>").format(inner))
    return str(Markup('<a href="{}">{}</a>').format(node.url, inner))
