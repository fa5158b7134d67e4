"""Text and dates as other formats' files hold them, made into record values.

Why one place: a resume.json and a RenderCV file both carry Markdown (and, from web
themes, a little HTML) in their text, and dates in whatever form their owner typed;
both importers turn them into our markup and our dates the same way. (Dates as typed are
read in record/dates.py, where a record's own typo gets the same reading as a hint.)
"""

from __future__ import annotations

import html
import re

from ..record.dates import parse_typed_date as parse_date  # noqa: F401  (the importers' name)
from ..record.fields import escape_markup
from ..record.markup import MarkupError, validate

# --- Markdown and inline HTML -> our markup ----------------------------------------------------

# Linear on any text: a tag's attributes stop at the next '<', and its content at the next
# tag of its own kind, so an unclosed '<a ' or '<b>' repeated 20,000 times is scanned once,
# not once from each (which took minutes for 100 kB).
_LINK_TAG = re.compile(r"<a\s[^<>]*?href\s*=\s*[\"']([^\"'<>]+)[\"'][^<>]*>"
                       r"((?:(?!</?a[\s>]).)*?)</a\s*>", re.I | re.S)
_BOLD_TAG = re.compile(r"<(strong|b)\s*>((?:(?!</?\1\s*>).)*?)</\1\s*>", re.I | re.S)
_ITALIC_TAG = re.compile(r"<(em|i)\s*>((?:(?!</?\1\s*>).)*?)</\1\s*>", re.I | re.S)
_BREAK_TAG = re.compile(r"<br\s*/?>", re.I)
_PARAGRAPH_TAG = re.compile(r"</?p\s*>", re.I)

# Markdown our markup shares, found in plain text: links, **bold**/__bold__, *it*/_it_.
# Bold ends at the next mark of its kind (as CommonMark's '**a **b**' -> '**a <b>b</b>'),
# so a line of unclosed '**a ' is scanned once, not from every mark to its end.
_TOKENS = re.compile(
    r"\[(?P<label>[^\[\]\n]+)\]\((?P<url>(?:https?://|mailto:)[^()\s]+)\)"
    r"|(?P<bmark>\*\*|__)(?=\S)(?P<bold>(?:(?!(?P=bmark)).)+?)(?<=\S)(?P=bmark)"
    r"|(?<![\w*])(?P<imark>[*_])(?=[^\s*_])(?P<italic>[^*_\n]+?)(?<=[^\s*_])(?P=imark)(?![\w*])")


def _convert(text: str) -> str:
    out, last = [], 0
    for match in _TOKENS.finditer(text):
        out.append(escape_markup(text[last:match.start()]))
        if match["label"] is not None:
            out.append(f"[{_convert(match['label'])}]({match['url']})")
        elif match["bold"] is not None:
            out.append(f"**{_convert(match['bold'])}**")
        else:
            out.append(f"*{_convert(match['italic'])}*")
        last = match.end()
    out.append(escape_markup(text[last:]))
    return "".join(out)


def to_markup(text: str) -> tuple[str, bool]:
    """Text from another format as our markup: Markdown links, bold and italic, and the
    HTML a web theme takes (<a href>, <strong>/<b>, <em>/<i>, <br>, <p>), become ours;
    anything else (a $, a stray *, other tags) stays literal. Returns the markup and
    whether any formatting was converted."""
    source = text
    if "<" in source:
        source = _LINK_TAG.sub(lambda m: f"[{m[2]}]({html.unescape(m[1])})", source)
        source = _BOLD_TAG.sub(lambda m: f"**{m[2]}**", source)
        source = _ITALIC_TAG.sub(lambda m: f"*{m[2]}*", source)
        source = _BREAK_TAG.sub("\n", source)
        source = _PARAGRAPH_TAG.sub("\n", source).strip("\n")
    if "&" in source and re.search(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", source, re.I):
        source = html.unescape(source)  # &amp; &nbsp; &#8211;: what a browser shows
    if "`" in source:  # `code`: our markup has no code font; the words stay
        source = re.sub(r"`([^`\n]+)`", r"\1", source)
    markup = _convert(source)
    try:
        validate(markup)
    except MarkupError:
        return escape_markup(text), False
    return markup, markup != escape_markup(text)


_BULLET = re.compile(r"^\s*(?:[-*•–·]|\d+[.)])\s+(?=\S)")


def split_bullets(text: str) -> tuple[str, list[str]]:
    """A text whose lines are a list ('- a\\n- b', or '• a • b' on one line) as (the text
    before it, the items); a text with fewer than two items is returned whole."""
    lines = text.splitlines()
    items = [_BULLET.sub("", line).strip() for line in lines if _BULLET.match(line)]
    if len(items) < 2 and text.count("•") >= 2:  # '• a • b • c' on one line
        before, *inline = text.split("•")
        return before.strip(), [item.strip() for item in inline if item.strip()]
    if len(items) < 2:
        return text, []
    rest, current = [], None
    merged: list[str] = []
    for line in lines:
        if _BULLET.match(line):
            current = _BULLET.sub("", line).strip()
            merged.append(current)
        elif line.strip() and current is not None:
            merged[-1] += " " + line.strip()  # a list item carried onto the next line
        elif line.strip():
            rest.append(line.strip())
    return " ".join(rest), merged
