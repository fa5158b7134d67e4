"""The links of a .bib entry: its addresses read as BibTeX tools write them, each page once."""

from __future__ import annotations

import re

from .bibtex import BibEntry
from .charset import URL_SAFE

# Fields that give a link, and its label.
LINK_FIELDS = {"url": "paper", "adsurl": "ADS", "pdf": "pdf", "html": "web", "code": "code",
               "slides": "slides", "poster": "poster", "video": "video", "website": "web"}


def link_address(value: str) -> str | None:
    """A .bib address: \\url{}, braces and TeX escapes off; https:// before a bare domain;
    None if what is left is not a web address."""
    value = value.strip()
    match = re.search(r"\\(?:url|href)\s*\{([^{}]*)\}", value)
    if match:
        value = match[1]
    value = re.sub(r"\\([_%&#~$])", r"\1", value).replace("{", "").replace("}", "").strip()
    if re.match(r"^[\w.-]+\.[a-z]{2,}(/\S*)?$", value, re.I) and not value.endswith(".pdf"):
        value = "https://" + value
    if not re.match(r"^(https?://|mailto:)\S+$", value) or any(c not in URL_SAFE
                                                               for c in value[:value.find(":")]):
        return None
    return "".join(c if c in URL_SAFE else _percent(c) for c in value)


def _percent(ch: str) -> str:
    return "".join(f"%{b:02X}" for b in ch.encode("utf-8"))


def same_page(url: str) -> str:
    """What two addresses of one page share: 'http://arxiv.org/pdf/2403.00001v2.pdf' and
    'https://arxiv.org/abs/2403.00001/' are both 'arxiv.org/abs/2403.00001' (scheme, www.,
    a trailing slash, case, and arXiv's abs/pdf and version aside)."""
    key = re.sub(r"^[a-z]+://(www\.)?", "", url.strip().casefold()).rstrip("/")
    arxiv = re.fullmatch(r"(?:export\.)?arxiv\.org/(?:abs|pdf)/(.+?)(?:v\d+)?(?:\.pdf)?", key)
    return f"arxiv.org/abs/{arxiv[1]}" if arxiv else key


def entry_links(entry: BibEntry, arxiv: bool, eprint: str, unused: dict[str, int]) -> list[dict]:
    """The entry's links, each page once: a url and an eprint that both lead to the arXiv
    page are one link, not '[paper] [arXiv]'."""
    links, seen = [], set()
    doi = entry.get("doi").strip().lower()
    candidates = [(label, entry.get(name), name) for name, label in LINK_FIELDS.items()]
    candidates += [("paper", entry.get(n), n) for n in sorted(entry.fields)
                   if re.fullmatch(r"bdsk-url-\d+", n)]
    if link_address(entry.get("howpublished")):
        candidates.append(("paper", entry.get("howpublished"), "howpublished"))
    for label, value, name in candidates:
        if not value.strip():
            continue
        address = link_address(value)
        if address is None:
            if name in LINK_FIELDS:  # e.g. pdf = {paper.pdf}: a file name, no address
                unused[name] = unused.get(name, 0) + 1
            continue
        if same_page(address) in seen or (doi and address.lower().endswith(doi)):
            continue
        seen.add(same_page(address))
        links.append({"label": label, "url": address})
    if arxiv:
        address = f"https://arxiv.org/abs/{eprint}"
        if same_page(address) not in seen:
            links.append({"label": "arXiv", "url": address})
    return links
