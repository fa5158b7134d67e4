"""Records written as YAML: one serializer, laid out like data/cv.yaml (lists indented,
long text folded, short lists inline), for every tool that writes a record."""

from __future__ import annotations

import yaml


class _Dumper(yaml.SafeDumper):
    """YAML laid out like data/cv.yaml: lists indented, long text folded, short lists inline."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _represent_str(dumper, value: str):
    style = "|" if "\n" in value else (">" if len(value) > 70 else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper, value: list):
    short = all(isinstance(x, (str, int)) and not isinstance(x, bool) for x in value) and sum(
        len(str(x)) + 2 for x in value) < 60
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=short)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


# Characters YAML reads as a line break: none may reach a comment, or the text after it
# would be read as live YAML.
_LINE_BREAKS = {"\n": "\\n", "\r": "\\r", "\x85": "\\x85", "\u2028": "\\u2028",
                "\u2029": "\\u2029"}


def comment_safe(text: str) -> str:
    """text made safe to write as one YAML comment line: line breaks written as escapes."""
    return "".join(_LINE_BREAKS.get(ch, ch) for ch in text)


def dump_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=92)
