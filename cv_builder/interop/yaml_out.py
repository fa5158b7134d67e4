"""Records written as YAML: one serializer, laid out like data/cv.yaml (lists indented,
long text folded, short lists inline), for every tool that writes a record, and the one
way to write a comment into one.

Why comments need care: YAML (1.1, as PyYAML and libyaml read it) ends a line at \\n,
\\r, U+0085, U+2028 and U+2029. A comment holding one of them from an imported file (a
field's name, its value, the file's own name) ends early, and what follows is live
YAML: a resume.json could write any key into the record it becomes.
"""

from __future__ import annotations

import yaml

LINE_BREAKS = "\n\r\x85\u2028\u2029"
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(ch: str) -> bool:
    """True if YAML allows ch as it is in a comment (YAML 1.1's printable set, line
    breaks excepted)."""
    code = ord(ch)
    if ch in LINE_BREAKS:
        return False
    return (ch == "\t" or 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD and code != 0xFEFF or 0x10000 <= code <= 0x10FFFF)


def comment_safe(text: str) -> str:
    """text for one comment line: every character YAML would not keep there (a line
    break, a control character, half a surrogate pair) written as its escape (\\n,
    \\u2028), so the comment shows it and cannot end early."""
    if all(printable(ch) and ch != "\t" for ch in text):
        return text
    return "".join(ch if printable(ch) and ch != "\t" else
                   _NAMED.get(ch) or f"\\u{ord(ch):04x}" for ch in text)


class _Dumper(yaml.SafeDumper):
    """YAML laid out like data/cv.yaml: lists indented, long text folded, short lists inline."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _represent_str(dumper, value: str):
    if any(ch in value for ch in LINE_BREAKS[1:]) or not all(
            printable(ch) or ch == "\n" for ch in value):
        # Written as escapes (\L, \N, \r, \0): PyYAML would put some of these raw in a
        # quoted or block scalar, where YAML reads them back as line breaks.
        style = '"'
    else:
        style = "|" if "\n" in value else (">" if len(value) > 70 else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper, value: list):
    short = all(isinstance(x, (str, int)) and not isinstance(x, bool) for x in value) and sum(
        len(str(x)) + 2 for x in value) < 60
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=short)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def dump_yaml(data: dict | list) -> str:
    """data as YAML that reads back as exactly data (keys included: the serializer quotes
    and escapes whatever needs it)."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=92)
