"""Check a compiled PDF before it is published: page count and metadata."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import BuildFailed


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    title: str
    author: str
    subject: str
    keywords: str


def read_facts(pdf: Path) -> PdfFacts:
    from pypdf import PdfReader  # imported here: the up-to-date path never needs it

    reader = PdfReader(pdf)
    info = reader.metadata or {}
    return PdfFacts(len(reader.pages), str(info.get("/Title", "")), str(info.get("/Author", "")),
                    str(info.get("/Subject", "")), str(info.get("/Keywords", "")))


def check_pdf(pdf: Path, name: str, page_limit: int | None) -> PdfFacts:
    """Raise BuildFailed if the PDF breaks its variant's page limit or lacks metadata."""
    facts = read_facts(pdf)
    if page_limit is not None and facts.pages > page_limit:
        over = facts.pages - page_limit
        raise BuildFailed(f"{name}: {facts.pages} pages, {over} more than its limit of "
                          f"{page_limit}; cut entries, or let auto-fit adjust (drop --strict)")
    missing = [field for field in ("title", "author", "subject", "keywords")
               if not getattr(facts, field).strip()]
    if missing:
        raise BuildFailed(f"{name}: the PDF has no {', '.join(missing)} in its metadata")
    return facts
