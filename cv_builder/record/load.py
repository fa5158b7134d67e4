"""Read a YAML file into plain data, remembering the line of every value.

Why not yaml.safe_load: it accepts duplicate keys silently, expands alias
bombs, and forgets positions; we build the data from PyYAML's node tree so
each of those becomes a clear error with file:line:column.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import InvalidInput, Problem
from ..files import Refused, read_regular

try:
    _Loader = yaml.CSafeLoader  # libyaml: ten times faster than the pure-Python loader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_BYTES = 5_000_000
# Budgets for the data a file expands to, an alias counted each time it is used: far
# above any CV, they stop "billion laughs" (many nodes) and a long value repeated by
# alias (few nodes, much text). A file without aliases never holds more text than bytes.
MAX_NODES = 200_000
MAX_TEXT = MAX_BYTES
MAX_WHOLE_NUMBER = 10**15  # a phone number written unquoted is 15 digits at most
MAX_DEPTH = 40  # a record is a few levels deep; each level is a recursion here

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
}
_SEQ_TAG = "tag:yaml.org,2002:seq"
BLOCK_STYLES = ("|", ">")  # a block scalar's style in PyYAML's node: literal, folded
_MAP_TAG = "tag:yaml.org,2002:map"

Path_ = tuple  # a field path: ("publications", 3, "title")


@dataclass
class Document:
    """Plain data from a YAML file, with the position of every key and value."""

    file: str
    data: object
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # Problems that do not stop the record, e.g. a .bib entry left out (with --strict they do).
    warnings: list[Problem] = field(default_factory=list)
    # Values given as nothing, each as written: "" (`email:`), the word (`null`, `~`),
    # the comment that took the place of the value (`accent: #8B1A1A`), or the header
    # of a block scalar holding no text (`body: |`), followed by the first comment line
    # under it if YAML read its text as comments (`body: | # Dear…`); validate reports them.
    empty: dict[Path_, str] = field(default_factory=dict)
    # Values YAML read as a number or yes/no, as written (`+15551234567`, `NO`): a hint
    # to quote them where text is wanted.
    raw: dict[Path_, str] = field(default_factory=dict)
    # A list written without brackets in a { } (`{items: Git, Docker, Linux}`): YAML reads
    # `items: Git` and the keys Docker and Linux with no value. By the path of the key
    # before them: its value and those keys, as written.
    spilled: dict[Path_, list[str]] = field(default_factory=dict)

    def where(self, path: Path_) -> tuple[int | None, int | None]:
        """Line and column of path, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (None, None))

    def problem(self, path: Path_, message: str) -> Problem:
        line, column = self.where(path)
        return Problem(self.file, line, column, dotted(path), message)


def dotted(path: Path_) -> str:
    """("publications", 3, "title") -> "publications[3].title"."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_document(path: str | Path) -> Document:
    """Read and parse path; every problem raises InvalidInput naming the file and line."""
    return parse_document(read_input(path, MAX_BYTES, "a YAML file"), str(path))


def read_input(path: str | Path, limit: int, what: str) -> bytes:
    """The bytes of an input file (a record, a .bib, a resume.json), read as the untrusted
    file it is: InvalidInput naming it if it is missing, not a regular file (a folder, a
    FIFO, /dev/zero), or larger than limit."""
    name = str(path)
    try:
        return read_regular(path, limit)
    except FileNotFoundError:
        raise InvalidInput([Problem(name, None, None, "", "file not found")]) from None
    except Refused as refused:
        reason = f"is {refused.reason}"
        if "(a folder)" in refused.reason:
            reason = f"is a folder, not {what}"
        elif refused.reason.startswith("larger"):
            reason += f"; cv-builder reads at most that much of {what}"
        raise InvalidInput([Problem(name, None, None, "", reason)]) from None
    except OSError as error:
        raise InvalidInput([Problem(name, None, None, "",
                                    f"cannot read it ({error.strerror})")]) from None


def parse_document(raw: bytes, name: str) -> Document:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise InvalidInput([Problem(name, line, column, "",
                                    f"byte 0x{raw[error.start]:02x} is not UTF-8; "
                                    "save the file as UTF-8")]) from None
    if not text.strip():
        raise InvalidInput([Problem(name, None, None, "", "file is empty; a record needs at "
                                    "least a person: section (try `cv-builder new`)")])
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(filter(None, [error.context, error.problem]))
        comment = _comment_in_flow(error, text)
        if comment is not None:
            line, column = comment
            message += (' (a " #" starts a comment, even inside { } and [ ]: quote a value '
                        'that starts with #, e.g. {accent: "#8B1A1A"})')
        else:
            line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
            message += _hint(error.problem or "", text, mark)
        raise InvalidInput([Problem(name, line, column, "",
                                    f"YAML syntax error: {message}")]) from None
    except yaml.YAMLError as error:
        raise InvalidInput([Problem(name, None, None, "", f"YAML error: {error}")]) from None
    finally:
        loader.dispose()
    if node is None:
        raise InvalidInput([Problem(name, None, None, "", "file holds no data")])
    builder = _Builder(name, loader, text)
    data = builder.build(node, ())
    if builder.problems:
        raise InvalidInput(builder.problems)
    return Document(name, data, builder.positions, builder.warnings, empty=builder.empty,
                    raw=builder.raw, spilled=builder.spilled)


def _paragraph_field(path: Path_) -> bool:
    """A field whose blank lines end paragraphs (a letter's body: letters.paragraphs)."""
    return len(path) == 3 and path[0] == "letters" and path[2] == "body"


def _hint(problem: str, text: str, mark) -> str:
    """What usually causes PyYAML's structure errors, in the user's terms."""
    if mark is None:
        return ""
    if _char_at(text, mark.line, mark.column) == "\t":
        return " (a tab: YAML is indented with spaces only)"
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    if "mapping values are not allowed" in problem:
        value = line.split(": ", 1)[1] if ": " in line else ""
        if ": " in value or value.rstrip().endswith(":"):
            return (' (a value that contains ": " must be quoted, e.g. '
                    'headline: "Note: this")')
        return " (check the indentation: this line is indented deeper than the one above it)"
    if "expected <block end>" in problem or "did not find expected key" in problem \
            or "did not find expected '-'" in problem:
        return (" (check the indentation: the items of one list, and the keys of one "
                "mapping, start in the same column)")
    if "could not find expected ':'" in problem:
        return (" (a key needs ': ' after it; text that runs over several lines needs "
                "quotes, or >- after the key)")
    if "that cannot start any token" in problem:
        return " (quote a value that starts with @, ` or %)"
    return ""


def _comment_in_flow(error, text: str) -> tuple[int, int] | None:
    """Where a comment cut a { } or [ ] short (`{accent: #8B1A1A}`): the line and column
    of its '#', if the error is in a flow collection and a line at or above the error
    opens one and then has a comment."""
    if not (error.context or "").startswith("while parsing a flow"):
        return None
    mark = error.problem_mark or error.context_mark
    lines = text.split("\n")
    last = min(mark.line, len(lines) - 1) if mark else len(lines) - 1
    for number in range(last, max(-1, last - 20), -1):
        column = _flow_comment(lines[number])
        if column is not None:
            return number + 1, column + 1
    return None


_FLOW_OPENER = re.compile(r"[{\[]")


def _flow_comment(line: str) -> int | None:
    """The column of the first '#' that starts a comment after a '{' or '[' of the line.
    A loop, not a regex: '[^#]*?' from every opener rescanned the line for each of them
    (quadratic on a line of 100,000 '[')."""
    start = 0
    while (opener := _FLOW_OPENER.search(line, start)) is not None:
        hash_at = line.find("#", opener.start() + 1)
        if hash_at < 0:
            return None
        before = line[hash_at - 1]
        if before.isspace() or before in ",{[":
            return hash_at
        start = hash_at + 1
    return None


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line][column:column + 1] if 0 <= line < len(lines) else ""


class _Builder:
    """Turns a node tree into dicts, lists and scalars, collecting every problem."""

    def __init__(self, name: str, loader, text: str = ""):
        self.name = name
        self.loader = loader
        self.lines = text.split("\n")
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.empty: dict[Path_, str] = {}
        self.raw: dict[Path_, str] = {}
        self.spilled: dict[Path_, list[str]] = {}
        self.warnings: list[Problem] = []
        self.problems: list[Problem] = []
        self.count = 0
        self.text = 0
        self.stopped = False

    def _problem(self, node, path, message):
        self.problems.append(Problem(self.name, node.start_mark.line + 1,
                                     node.start_mark.column + 1, dotted(path), message))

    def _stop(self, node, path, message):
        """Report a budget spent, and read no further."""
        self._problem(node, path, message + "; refusing to read further")
        self.stopped = True

    def build(self, node, path):
        if self.stopped:
            return None
        self.count += 1
        if self.count > MAX_NODES:
            return self._stop(node, path, f"more than {MAX_NODES} values (aliases expanding "
                                          "without end?)")
        if len(path) > MAX_DEPTH:
            self._problem(node, path, f"nested more than {MAX_DEPTH} levels deep; a record "
                                      "needs only a few")
            return None
        self.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP_TAG:
                self._problem(node, path, f"tag {node.tag} is not allowed")
                return None
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                self._problem(node, path, f"tag {node.tag} is not allowed")
                return None
            for i, item in enumerate(node.value):
                self._check_joined_item(item, path + (i,))
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag not in _PLAIN_TAGS:
            self._problem(node, path, f"tag {node.tag} is not allowed: a record holds only "
                                      "text, numbers, dates, lists and mappings")
            return None
        try:
            value = self.loader.construct_object(node, deep=True)
        except ValueError:  # YAML's date form for no day (2026-02-30): the model says so
            return node.value
        except yaml.YAMLError as error:
            self._problem(node, path, f"cannot read value: {error}")
            return None
        if isinstance(value, (_dt.date, _dt.datetime)):
            return value.isoformat()[:10]  # dates are parsed by the model, not by YAML
        if isinstance(value, int) and abs(value) >= MAX_WHOLE_NUMBER:
            # 0xfff…, 1:59:59:… and a year of 400 digits are numbers no field holds, and
            # Python cannot even print one of more than 4,300 digits.
            self._problem(node, path, "a whole number of more than 15 digits; no field of a "
                                      "record holds one (quote it to keep it as text)")
            return None
        if value is None:
            self.empty[path] = (self._comment_after(node) or "") if node.value == "" \
                else node.value
        elif isinstance(value, str):
            if node.style in BLOCK_STYLES and not value.strip():
                # `body: |` and nothing under it, or only lines YAML reads as comments:
                # an empty string to YAML, a value lost to the user.
                self.empty[path] = " ".join(filter(None, [self._indicator(node),
                                                          self._comment_under(node)]))
            if node.style == ">" and _paragraph_field(path):
                self._check_folded_paragraphs(node, path)
            self.text += len(value)
            if self.text > MAX_TEXT:
                return self._stop(node, path, f"more than {MAX_TEXT:,} characters of text "
                                              "with aliases expanded (an alias repeating a "
                                              "long value?)")
        else:
            self.raw[path] = node.value
        return value

    def _check_joined_item(self, node, path) -> None:
        """A list item YAML joined with the next line because that line's '-' is indented
        further (`- one` then ` - two` reads as "one - two"): a warning at that line. Only
        an unquoted item running over lines, one of which starts with '- ', is taken for
        it; text that wraps has no reason to start a line so."""
        if not isinstance(node, yaml.ScalarNode) or node.style not in (None, ""):  # plain
            return
        for number in range(node.start_mark.line + 1, node.end_mark.line + 1):
            line = self.lines[number] if number < len(self.lines) else ""
            if line.lstrip().startswith("- ") and line.strip() != "-":
                column = len(line) - len(line.lstrip()) + 1
                self.warnings.append(Problem(
                    self.name, number + 1, column, dotted(path),
                    f"{line.strip()!r} was read as part of the item above it "
                    f"({node.value!r}): its '-' is indented further than that item's, so "
                    "YAML joined the two lines; start it in the same column to make it an "
                    "item of its own"))
                return

    def _check_folded_paragraphs(self, node, path) -> None:
        """`body: >` with paragraphs one blank line apart: YAML folds that blank line into
        a line break, so the paragraphs run together; a warning at the first such line."""
        first, last = node.start_mark.line + 1, node.end_mark.line
        lines = self.lines[first:last + 1]
        for index in range(1, len(lines) - 1):
            if not lines[index].strip() and lines[index - 1].strip() and lines[index + 1].strip():
                self.warnings.append(Problem(
                    self.name, first + index + 1, None, dotted(path),
                    f"`{path[-1]}: >` folds lines, and YAML reads the one blank line here as "
                    "a line break, not a blank line: the paragraphs around it run together. "
                    f"Write `{path[-1]}: |` to keep the lines as written (or leave two blank "
                    "lines between paragraphs)"))
                return

    def _indicator(self, node) -> str:
        """A block scalar's header as written (`|`, `>-`, `|+2`)."""
        mark = node.start_mark
        line = self.lines[mark.line] if mark.line < len(self.lines) else ""
        header = line[mark.column:].split("#", 1)[0].split()
        return header[0] if header else node.style

    def _comment_under(self, node) -> str | None:
        """The first comment line right under a block scalar's header, before any line of
        data: text YAML dropped because it starts with '#' left of the block's indent."""
        for line in self.lines[node.start_mark.line + 1:]:
            if line.strip().startswith("#"):
                return line.strip()
            if line.strip():
                return None
        return None

    def _comment_after(self, node) -> str | None:
        """The comment on the line of an empty value, where its value was meant to be:
        YAML reads `accent: #8B1A1A` as a key with no value, then a comment."""
        mark = node.start_mark
        line = self.lines[mark.line] if mark.line < len(self.lines) else ""
        rest = line[mark.column:].strip()
        return rest if rest.startswith("#") else None

    def _note_spilled(self, node, path) -> None:
        """In a { }, keys with no value at all after a key with a plain value: the items
        of a list written without its brackets (`{category: Tools, items: Git, Docker}`)."""
        before = None
        for key_node, value_node in node.value:
            bare = (isinstance(key_node, yaml.ScalarNode) and not key_node.style  # plain
                    and isinstance(value_node, yaml.ScalarNode) and not value_node.style)
            if bare and value_node.value == "" and before is not None:
                self.spilled.setdefault(path + (before[0],), [before[1]]).append(key_node.value)
            elif bare and value_node.value != "":
                before = (key_node.value, value_node.value)
            else:
                before = None

    def _mapping(self, node, path):
        if node.flow_style:
            self._note_spilled(node, path)
        result: dict = {}
        for key_node, value_node in node.value:
            if self.stopped:
                break  # already reported; the keys left would only add noise
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(key_node, path, "merge keys (<<) are not supported; write the "
                                              "fields out")
                continue
            key = self.build(key_node, path + ("<key>",))
            if not isinstance(key, str):
                self._problem(key_node, path, f"key {key!r} must be text")
                continue
            if key in result:
                first = self.positions.get(path + (key,), (None, None))[0]
                self._problem(key_node, path + (key,),
                              f"duplicate key {key!r} (first given on line {first}); "
                              "keep one of them")
                continue
            self.positions[path + (key,)] = (key_node.start_mark.line + 1,
                                             key_node.start_mark.column + 1)
            result[key] = self.build(value_node, path + (key,))
        return result
