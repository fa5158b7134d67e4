"""What the words of a paper's venue say besides the venue: where the paper stands
("Submitted to ICASSP 2025", "NeurIPS 2024 (under review)", "arXiv preprint") and what
kind of publication it is (a journal, a conference, a workshop, a thesis, a preprint).

Why one place: the three importers (.bib, resume.json, RenderCV) all meet venues written
so, in journal, booktitle, note, howpublished and publisher fields; each must give the
record the same status, the same venue and the same type for the same words.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# The phrases that say where a paper stands, each with the status it gives. Before the
# venue they may end in a preposition ("Submitted to", "Under review at", "To appear in");
# after it, in parentheses or after a comma, they stand alone ("ICML 2025 (submitted)").
_STANDING = (
    (r"submitted", "in submission"),
    (r"under\s+review", "in submission"),
    (r"in\s+submission", "in submission"),
    (r"in\s+review", "in submission"),
    (r"to\s+appear", "to appear"),
    (r"forthcoming", "to appear"),
    (r"accepted(?:\s+for\s+publication)?", "accepted"),
    (r"in\s+press", "accepted"),
    (r"in\s+preparation", "in preparation"),
    (r"in\s+prep\.?", "in preparation"),
    (r"(?:a\s+)?pre-?print", "preprint"),
)
_PREPOSITION = r"(?:\s+(?:to|at|in|for|by|on|with))?"
_LEADING = [(re.compile(rf"^{phrase}{_PREPOSITION}\b[\s:,]*", re.I), status)
            for phrase, status in _STANDING]
_TRAILING = [(re.compile(rf"(?:^|[\s,;–—(\[]+){phrase}\s*[)\]]?\.?$", re.I), status)
             for phrase, status in _STANDING]
# Named in these words, the phrases list the fields they are looked for in; docs/interop.md
# says the same.
PHRASES = ("submitted (to, at, for)", "under review (at, for)", "in submission", "in review",
           "to appear (in, at)", "forthcoming (in)", "accepted (at, to, in, for publication in)",
           "in press", "in preparation", "in prep.", "preprint")


class Standing(NamedTuple):
    """A venue's text read: the venue itself ("" if the text was only the phrase), the
    status its words give (None if they give none)."""

    venue: str
    status: str | None


def standing(text: str) -> Standing:
    """'Submitted to ICASSP 2025' -> ('ICASSP 2025', 'in submission'); 'Nature, in press'
    -> ('Nature', 'accepted'); 'arXiv preprint arXiv:2305.01234' -> ('arXiv:2305.01234',
    'preprint'); 'Journal of Glaciology' -> (itself, None)."""
    text = " ".join(str(text).split())
    inner = text[1:-1].strip() if re.fullmatch(r"\(.*\)|\[.*\]", text) else text
    for pattern, status in _LEADING:
        match = pattern.match(inner)
        if match:
            rest = inner[match.end():]
            # 'Submitted and under revision, arXiv: 1909.01234': the second phrase too
            rest = re.sub(r"^(?:and|or)\b[^,;]{0,60}[,;]\s*", "", rest, flags=re.I)
            return Standing(_tidy(rest), status)
    for pattern, status in _TRAILING:
        match = pattern.search(text, max(0, len(text) - 80))  # a phrase is short: linear
        if match:
            return Standing(_tidy(text[:match.start()]), status)
    preprint = re.search(r"\bpre-?print\b", text, re.I)
    if preprint:  # 'arXiv preprint arXiv:2305.01234': the word in the middle
        venue = text[:preprint.start()] + text[preprint.end():]
        return Standing(_tidy(venue), "preprint")
    return Standing(text, None)


def status_named(text: str) -> str | None:
    """The status a phrase anywhere in a note gives ('Extended version submitted to
    JMLR'), the word 'preprint' aside (a published paper's note may name its preprint)."""
    for phrase, status in _STANDING:
        if status != "preprint" and re.search(rf"\b{phrase}(?!\w)", text, re.I):
            return status
    return None


def _tidy(venue: str) -> str:
    """What is left of a venue once its phrase is out: 'arXiv  arXiv:1234' -> 'arXiv:1234',
    stray punctuation at the ends off."""
    venue = " ".join(venue.split())
    venue = re.sub(r"^(\w+)\s+\1:", r"\1:", venue, flags=re.I)
    return venue.lstrip(". ").strip(" ,;:–—-").removesuffix(" (").strip()


def settled(status: str, year: int | None) -> str:
    """The record's status for a phrase's status and the paper's year: an accepted paper
    without a year is one to appear (the record dates an accepted paper); every other
    status stands as it is."""
    if status == "accepted" and year is None:
        return "to appear"
    return status


# --- The kind of publication --------------------------------------------------------------

_THESIS = re.compile(r"\b(thesis|dissertation|doktorarbeit|diplomarbeit|masterarbeit|"
                     r"habilitationsschrift|th[eè]se|tesis|tesi)\b", re.I)
_WORKSHOP = re.compile(r"\bworkshops?\b", re.I)
_PREPRINT = re.compile(r"^(arxiv|corr\b|e-?print)|\b(arxiv|biorxiv|medrxiv|chemrxiv|"
                       r"techrxiv|psyarxiv|ssrn|pre-?print)\b", re.I)
# Journals whose names say proceedings: checked before the conference words.
_JOURNAL_PROCEEDINGS = re.compile(
    r"\bproceedings of the (national academy|royal society|ieee\b|acm on|vldb endowment)|"
    r"\bpnas\b|\bpacm\b", re.I)
_JOURNAL = re.compile(
    r"\b(journal|transactions|letters|review|reviews|annals|magazine|bulletin|quarterly|"
    r"jmlr|tmlr|tacl|tpami|plos|elife|nature|science|cell)\b|^(j|ann|rev|phys|astron|"
    r"trans|proc\. r\.)\.\s|^(apj|apjl|apjs|mnras|a&a|aj|pasp|pasj|aap)\b", re.I)
_CONFERENCE = re.compile(
    r"\b(proceedings|proc\.|conference|conf\.|symposium|congress|colloquium)\b", re.I)
# Conference names written as their acronyms ("Interspeech 2020", "NeurIPS"); as written,
# so that words ("micro", "soda") are not taken for them.
_CONFERENCE_ACRONYMS = re.compile(r"\b(" + "|".join("""
    NeurIPS NIPS ICML ICLR CVPR ICCV ECCV WACV BMVC ACL EMNLP NAACL EACL AACL COLING CoNLL
    LREC Interspeech INTERSPEECH ICASSP AAAI IJCAI AISTATS UAI COLT KDD WWW WSDM SIGIR CIKM
    RecSys ICDM SDM SIGMOD VLDB ICDE PODS SIGGRAPH CHI UIST CSCW ICRA IROS CoRL MICCAI IPMI
    ISBI STOC FOCS SODA ICALP ITCS CCS NDSS USENIX OSDI SOSP NSDI EuroSys ASPLOS ISCA MICRO
    HPCA DAC ICCAD PLDI POPL OOPSLA ICFP ICSE FSE ISSTA CAV LICS SIGCOMM MobiCom INFOCOM ECML
    PKDD ECAI ACM\\s+MM ICMI""".split()) + r")\b")


def venue_kind(venue: str) -> str | None:
    """The publication type a venue's name says: 'arXiv...' -> preprint, 'Proceedings
    of...', 'Conference on...' or a well-known conference's acronym -> conference,
    'Journal of...', '...Transactions...', '...Letters' -> journal, '...Workshop...' ->
    workshop, '...thesis', 'dissertation' -> thesis; None if it says none of these."""
    if not venue or not venue.strip():
        return None
    for pattern, kind in ((_THESIS, "thesis"), (_WORKSHOP, "workshop"),
                          (_PREPRINT, "preprint"), (_JOURNAL_PROCEEDINGS, "journal"),
                          (_JOURNAL, "journal"), (_CONFERENCE, "conference"),
                          (_CONFERENCE_ACRONYMS, "conference")):
        if pattern.search(venue):
            return kind
    return None
