"""Check a compiled PDF before it is published: page count and metadata.

The facts come from what pdfTeX itself reports: the page count from its log's
"Output written" line, the metadata from the document information dictionary,
which pdfTeX always writes uncompressed. That costs a millisecond; pypdf,
which reads any PDF, costs 0.13 s to import alone, a sixth of a whole clean
build here, so it is only the fallback for output shaped otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import BuildFailed

FIELDS = ("title", "author", "subject", "keywords")


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    title: str
    author: str
    subject: str
    keywords: str


# pdfTeX: "(4 pages, 123 bytes)."; XeTeX: "(4 pages)."
_WRITTEN = re.compile(r"^Output written on .*\((\d+) pages?(?:, \d+ bytes)?\)\.$", re.M)
_INFO_REF = re.compile(rb"/Info\s+(\d+)\s+(\d+)\s+R")
_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b",
            ord("f"): b"\f", ord("("): b"(", ord(")"): b")", ord("\\"): b"\\"}


def read_facts(pdf: Path, log: str = "") -> PdfFacts:
    """Pages and metadata of a PDF, from pdfTeX's own report where it gave one."""
    written = _WRITTEN.findall(log)
    info = _pdftex_info(pdf.read_bytes()) if written else None
    if info is None:
        return _read_with_pypdf(pdf)
    return PdfFacts(int(written[-1]), *(info.get(field, "") for field in FIELDS))


def _read_with_pypdf(pdf: Path) -> PdfFacts:
    from pypdf import PdfReader  # imported here: only output not from pdfTeX needs it

    reader = PdfReader(pdf)
    info = reader.metadata or {}
    return PdfFacts(len(reader.pages), *(str(info.get(f"/{field.title()}", ""))
                                         for field in FIELDS))


def _pdftex_info(data: bytes) -> dict[str, str] | None:
    """The text fields of the information dictionary, as pdfTeX writes it (a direct
    dictionary of names, literal or hex strings); None if this PDF is shaped otherwise.

    Read entry by entry, so a ">>" inside a string (a name "Ada >> Lovelace") is text,
    not the dictionary's end."""
    refs = _INFO_REF.findall(data)
    if not refs:
        return None
    number, generation = refs[-1]
    start = re.search(rb"(?<!\d)" + number + rb"\s+" + generation + rb"\s+obj\s*<<", data)
    if not start:
        return None
    fields, i = {}, start.end()
    while True:
        i = _skip_space(data, i)
        if data.startswith(b">>", i):
            return fields
        key = _NAME.match(data, i)
        if not key:
            return None
        i = _skip_space(data, key.end())
        if data.startswith(b"(", i) or (data.startswith(b"<", i)
                                        and not data.startswith(b"<<", i)):
            value, i = _read_string(data, i)
            field = key[1].decode("latin-1").lower()
            if field in FIELDS:
                fields[field] = _decode(value)
        else:
            other = _TOKEN.match(data, i)  # a name, a number, true, a reference...
            if not other or not other[0]:
                return None
            i = other.end()


_NAME = re.compile(rb"/([^\s/<>()\[\]{}%]+)")
_TOKEN = re.compile(rb"/?[^\s/<>()\[\]{}%]*")


def _skip_space(data: bytes, i: int) -> int:
    while i < len(data) and data[i] in b" \t\r\n\f\0":
        i += 1
    return i


def _string_at(body: bytes, index: int) -> bytes:
    """The bytes of the literal (…) or hex <…> string starting at body[index]."""
    return _read_string(body, index)[0]


def _read_string(body: bytes, index: int) -> tuple[bytes, int]:
    """The bytes of the literal (…) or hex <…> string starting at body[index], and the
    index just after it."""
    if body[index:index + 1] == b"<":
        close = body.find(b">", index)
        close = len(body) if close < 0 else close
        digits = re.sub(rb"[^0-9A-Fa-f]", b"", body[index + 1:close])
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii")), close + 1
    out, depth, i = bytearray(), 0, index + 1
    while i < len(body):
        byte = body[i]
        if byte == ord("\\") and i + 1 < len(body):
            octal = re.match(rb"[0-7]{1,3}", body[i + 1:i + 4])
            if octal:
                out.append(int(octal[0], 8) & 0xFF)
                i += 1 + len(octal[0])
                continue
            out += _ESCAPES.get(body[i + 1], b"")  # a backslash before a newline joins lines
            i += 2
            continue
        if byte == ord("("):
            depth += 1
        elif byte == ord(")"):
            if depth == 0:
                return bytes(out), i + 1
            depth -= 1
        out.append(byte)
        i += 1
    return bytes(out), i


# PDFDocEncoding is Latin-1 except for these code points (PDF 32000, annex D).
_PDFDOC = str.maketrans(dict(zip(
    [*range(0x18, 0x20), *range(0x80, 0x9F), 0xA0],
    "˘ˇˆ˙˝˛˚˜•†‡…—–ƒ⁄‹›−‰„“”‘’‚™ﬁﬂŁŒŠŸŽıłœšž€")))


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", errors="replace")
    return raw.decode("latin-1").translate(_PDFDOC)


def check_pdf(pdf: Path, name: str, page_limit: int | None, log: str = "") -> PdfFacts:
    """Raise BuildFailed if the PDF breaks its variant's page limit or lacks metadata."""
    facts = read_facts(pdf, log)
    if page_limit is not None and facts.pages > page_limit:
        over = facts.pages - page_limit
        raise BuildFailed(f"{name}: {facts.pages} pages, {over} more than its limit of "
                          f"{page_limit}; cut entries, or let auto-fit adjust (drop --strict)")
    missing = [field for field in FIELDS if not getattr(facts, field).strip()]
    if missing:
        raise BuildFailed(f"{name}: the PDF has no {', '.join(missing)} in its metadata")
    return facts


def missing_patterns(log: str, hyphenation) -> list[str]:
    """A note for a document that allows hyphens but whose language's patterns this TeX
    lacks (base.tex.j2 logs CVB-NO-PATTERNS): its words are then not broken at all."""
    if f"CVB-NO-PATTERNS {hyphenation.patterns}" not in log:
        return []
    from .toolchain import advice

    return [f"words are not hyphenated: TeX has no {hyphenation.patterns} hyphenation "
            f"patterns ({hyphenation.file}). " + advice(hyphenation.file)]


# TeX ends a document still inside a group (a { never closed) without an error: it
# only logs where each group still open began (e-TeX's "### simple group (level 1)
# entered at line 225 ({)"). The PDF is made, often with the rest in bold or the wrong size.
_OPEN_AT_END = "(\\end occurred inside a group at level"
_OPEN_GROUP = re.compile(r"^### (.+?) group \(level \d+\) entered at line (\d+)(?: \((.*)\))?",
                         re.M)


def open_groups(log: str, jobname: str,
                locate: Callable[[int], str | None] | None = None) -> list[str]:
    """A warning for each group the document opened and never closed, at the template line
    that opened it (locate) and the .tex line."""
    at = log.find(_OPEN_AT_END)
    if at < 0:
        return []
    warnings = []
    for group in _OPEN_GROUP.finditer(log, at):
        line = int(group[2])
        where = locate(line) if locate else None
        opened = f"a {group[3]}" if group[3] else f"a {group[1]} group"
        said = (f"{opened} opened here is never closed: TeX ends the document inside it, "
                f"so what follows may print in the wrong style ({jobname}.tex line {line})")
        warnings.append(f"{where}: {said}" if where else f"{jobname}.tex line {line}: {said}")
    return warnings or [f"{jobname}: a group ({{ or \\begingroup) is never closed"]


# A line wider than the text by more than this is worth telling the user: it runs
# visibly into the margin (a point or two is a glyph's optical overhang at most).
OVERFULL_WARNING_PT = 3.0
# The most of them named one by one: a template that sets every line too wide makes
# hundreds, and a screenful says as much.
MAX_OVERFULL_WARNINGS = 10


def overfull_lines(log: bytes, threshold: float = OVERFULL_WARNING_PT,
                   section_of: Callable[[int], str | None] | None = None) -> list[str]:
    """A warning for each line TeX set wider than the text by more than threshold: the
    section it is in (section_of a .tex line, when known), its first words as they
    print (read from the log's bytes: see log_text.py), and what to do about it."""
    from .log_text import overfull_boxes

    warnings, more = [], 0
    for width, text, line in overfull_boxes(log):
        if width <= threshold:
            continue
        if len(warnings) == MAX_OVERFULL_WARNINGS:
            more += 1
            continue
        where = section_of(line) if section_of and line else None
        excerpt = text if len(text) <= 70 else text[:69].rstrip() + "…"
        warnings.append(f"a line{f' in {where}' if where else ''} runs {width:.0f} pt into "
                        "the right margin: " + (
                            f"“{excerpt}”; shorten it, or give it a place to break (TeX "
                            "breaks a line only at a space or a hyphen)" if excerpt else
                            "a box or rule, no text; a template of yours sets it wider "
                            "than the text"))
    if more:
        warnings.append(f"and {more} more line{'s' if more > 1 else ''} into the right margin "
                        "(the log in the build folder lists them: search it for 'Overfull')")
    return warnings


def section_finder(tex: Path, sections, entries: bool = True) -> Callable[[int], str | None]:
    """section_of(line) for overfull_lines: where in the document a line of the .tex is,
    by its section's title (each section's template starts with a \\cvsection line, in
    the view's order; "the header" above the first) and, when entries is true (the PDF
    printed the view's entries, nothing cut), by the entry whose \\cvmark is the last
    above it. The .tex is read on the first call only (most builds warn of nothing)."""
    import bisect
    from functools import cache

    from ..select import entry_label

    @cache
    def lines() -> list[str]:
        return tex.read_text(encoding="utf-8", errors="replace").splitlines()

    @cache
    def starts() -> list[int]:
        return [n for n, source in enumerate(lines(), 1) if source.startswith("\\cvsection{")]

    def entry_at(line: int, section_index: int) -> str | None:
        section = sections[section_index]
        for source in reversed(lines()[starts()[section_index] - 1:line]):
            for mark in reversed(_MARK.findall(source)):
                if int(mark[0]) == section_index and int(mark[1]) < len(section.entries):
                    return entry_label(section.kind, section.entries[int(mark[1])])
        return None

    def section_of(line: int) -> str | None:
        index = bisect.bisect_right(starts(), line)
        if not starts() or index > len(sections):  # a letter; the references after them
            return None
        if index == 0:
            return "the header"
        entry = entry_at(line, index - 1) if entries else None
        return f"“{sections[index - 1].title}”" + (f" ({entry})" if entry else "")
    return section_of


# Where render.py's mark() put an entry: \cvmark{section.entry} or {section.entry.bullet}.
_MARK = re.compile(r"\\cvmark\{(\d+)\.(\d+)")
