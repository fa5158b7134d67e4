"""Injection corpus: no record field can make TeX read a file, run a command or stop.

tests/data/injection/payloads.yaml holds the payloads. Every one goes into several
kinds of field at once (plain text, markup, addresses); each group is one build, and
the PDF must show every payload literally (pdftotext and pypdf), with no line of
/etc/passwd anywhere and no marker file written. Payloads that cannot be shown
safely (math outside the whitelist, addresses that are not http(s) or mailto) must
be refused by validation instead, exit status 2, naming the field.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import link_targets, shown, squash
from pypdf import PdfReader

from cv_builder.latex.escape import LONG_RUN
from cv_builder.record.fields import escape_markup
from cv_builder.record.markup import MarkupError, Math, parse, to_plain

CORPUS_FILE = Path(__file__).resolve().parents[1] / "data" / "injection" / "payloads.yaml"
CORPUS = yaml.safe_load(CORPUS_FILE.read_text(encoding="utf-8"))
PERSON = {"name": "Ada Lovelace", "email": "ada@example.org"}

pytestmark = pytest.mark.latex


def with_marker(text: str, marker: Path) -> str:
    return text.replace("@MARKER@", str(marker))


def secret_lines() -> list[str]:
    """Lines of /etc/passwd that must never reach a PDF, log or message."""
    try:
        lines = Path("/etc/passwd").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    return [line for line in lines if line.strip()][:5] or ["root:x:0:0"]


def assert_nothing_leaked(folder: Path, *texts: str) -> None:
    """No line of /etc/passwd in any text, nor in the TeX logs under folder; no marker."""
    logs = [path.read_text(encoding="utf-8", errors="replace")
            for path in folder.rglob("*.log")]
    for secret in secret_lines():
        for text in [*texts, *logs]:
            assert secret not in text, f"a line of /etc/passwd leaked: {secret!r}"
    assert not list(folder.rglob("PWNED*")), "a payload wrote a file"


def assert_all_shown(cases: list[tuple[str, str]], texts: tuple[str, str]) -> None:
    """Every (label, expected) pair is shown, by both extractors; all failures at once."""
    missing = [(label, expected, extractor)
               for label, expected in cases
               for extractor, text in zip(("pdftotext", "pypdf"), texts)
               if not shown(expected, text)]
    assert not missing, "\n".join(f"{label} not shown by {extractor}: {expected!r}"
                                  for label, expected, extractor in missing)




def test_corpus_size():
    """The issue asks for at least 30 payloads; each kind is represented."""
    total = sum(len(CORPUS[key]) for key in ("literal", "markup", "refused", "urls",
                                             "refused_urls"))
    assert total >= 30
    assert len(CORPUS["literal"]) >= 30


def test_literal_payloads_in_plain_fields(tmp_path, build_cv, pdf_text):
    """Award names, publication titles and venues, skills, person fields: one build."""
    marker = tmp_path / "PWNED"
    payloads = [with_marker(p, marker) for p in CORPUS["literal"]]
    record = {
        "person": {**PERSON, "headline": payloads[0], "location": payloads[1],
                   "phone": payloads[2]},
        "awards": [{"name": p, "detail": p, "year": 2000 + i % 20}
                   for i, p in enumerate(payloads)],
        # Titles take markup (for math): escaped as a user would to print it literally.
        "publications": [{"id": f"p{i}", "authors": [f"A. Tester{i}"],
                          "title": escape_markup(p), "venue": p, "year": 2020}
                         for i, p in enumerate(payloads)],
        "skills": [{"category": f"S{i}", "items": [p, "Python"]}
                   for i, p in enumerate(payloads)],
        "service": [{"role": "Reviewer", "venues": payloads[:10]}],
    }
    built = build_cv(record, tmp_path)
    assert built.code == 0, built.result.output
    texts = pdf_text(built.pdf)
    cases = []
    for i, payload in enumerate(payloads):
        cases += [(f"skills[{i}]", f"S{i}: {payload}, Python"),
                  (f"publications[{i}].title", f"Tester{i}. {payload}."),
                  (f"awards[{i}].name", payload)]
    cases += [("person.headline", payloads[0]), ("person.location", payloads[1]),
              ("person.phone", payloads[2])]
    assert_all_shown(cases, texts)
    for i, payload in enumerate(payloads):  # name, detail, title, venue, skill: 5 times
        assert min(squash(text).count(squash(payload)) for text in texts) >= 5 or \
            any(len(word) >= LONG_RUN for word in payload.split()), payload
    assert_nothing_leaked(tmp_path, *texts, built.result.output)


def test_literal_payloads_in_markup_fields(tmp_path, build_cv, pdf_text):
    """Highlights, descriptions, the statement: plain payloads print as written, and the
    markup payloads (inside bold, italic, link labels, \\text{}) print as their text."""
    marker = tmp_path / "PWNED"
    items = []  # (markup source, what it must show)
    for payload in CORPUS["literal"]:
        payload = with_marker(payload, marker)
        try:
            tree = parse(payload)
        except MarkupError:
            continue  # refused as markup: covered by the `refused` group
        if not any(isinstance(node, Math) for node in tree):
            items.append((payload, to_plain(payload)))
    assert len(items) >= 30
    # The literal payloads, one after another, make the statement; markup payloads are
    # kept out of it, as an unclosed * in one would pair with the next one's.
    statement = " ".join(f"M{i}: {text}" for i, (text, _) in enumerate(items))
    statement_cases = [(f"research_statement M{i}", f"M{i}: {shows}")
                       for i, (_, shows) in enumerate(items)]
    # Formulas last: pdftotext may put a tall glyph (a radical) into the line above.
    for entry in sorted(CORPUS["markup"], key=lambda entry: "$" in entry["text"]):
        text = with_marker(entry["text"], marker)
        items.append((text, entry.get("shows") or to_plain(text)))
    record = {
        "person": PERSON,
        "research_statement": statement,
        "experience": [{"organization": "Org", "position": "Role",
                        "highlights": [f"H{i}: {text}" for i, (text, _) in enumerate(items)]}],
        "open_source": [{"name": f"O{i}", "description": text}
                        for i, (text, _) in enumerate(items)],
    }
    built = build_cv(record, tmp_path)
    assert built.code == 0, built.result.output
    texts = pdf_text(built.pdf)
    cases = list(statement_cases)
    for i, (text, shows) in enumerate(items):
        if "$" in text:  # math renders as glyphs: check the words around it
            cases.append((f"highlights[{i}]", shows))
            continue
        cases += [(f"highlights[{i}]", f"H{i}: {shows}"),
                  (f"open_source[{i}]", f"O{i}: {shows}")]
    assert_all_shown(cases, texts)
    assert_nothing_leaked(tmp_path, *texts, built.result.output)


def test_refused_markup_names_each_field(tmp_path, cli):
    """Math outside the whitelist and non-web links: exit 2, every field named at once."""
    marker = tmp_path / "PWNED"
    refused = CORPUS["refused"]
    record = {"person": PERSON,
              "experience": [{"organization": "Org", "position": "Role",
                              "highlights": [with_marker(entry["text"], marker)
                                             for entry in refused]}]}
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    for command in (["validate"], ["build", "--output", str(tmp_path / "out")]):
        result = cli(*command, "--data", path)
        assert result.code == 2, result.output
        assert "Traceback" not in result.output
        lines = result.output.splitlines()
        for i, entry in enumerate(refused):
            field = f"experience[0].highlights[{i}]:"
            matching = [line for line in lines if field in line]
            assert matching, f"{field} not named:\n{result.output}"
            assert entry["message"] in matching[0], (entry, matching[0])
            assert re.search(rf"cv\.yaml:\d+:\d+: {re.escape(field)}", matching[0])
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.pdf"))
    assert_nothing_leaked(tmp_path, result.output)


def test_addresses_link_exactly_where_written(tmp_path, build_cv, pdf_text):
    """Accepted addresses become links to exactly that address, in every URL field."""
    marker = tmp_path / "PWNED"
    urls = [with_marker(url, marker) for url in CORPUS["urls"]]
    record = {
        "person": {**PERSON, "website": urls[0],
                   "profiles": [{"label": f"P{i}", "url": url} for i, url in enumerate(urls)],
                   "email": r"\input{/etc/passwd}@example.org"},
        "experience": [{"organization": f"E{i}", "position": "Role", "url": url}
                       for i, url in enumerate(urls)],
        "open_source": [{"name": f"O{i}", "url": url} for i, url in enumerate(urls)],
        "publications": [{"id": "p", "authors": ["A. Lovelace"], "title": "T", "year": 2020,
                          "links": [{"label": f"L{i}", "url": url}
                                    for i, url in enumerate(urls)]}],
        "talks": [{"host": "Host", "year": 2020,
                   "links": [{"label": f"K{i}", "url": url} for i, url in enumerate(urls)]}],
    }
    built = build_cv(record, tmp_path)
    assert built.code == 0, built.result.output
    targets = link_targets(built.pdf)
    for url in urls:
        # profiles, experience, open source, publication links, talk links (+ website)
        assert targets.count(url) >= 5, (url, targets)
    assert "mailto:%5Cinput%7B/etc/passwd%7D@example.org" in targets
    texts = pdf_text(built.pdf)
    # The website shows without its scheme (and a trailing slash), every other character
    # as written.
    shown_website = re.sub(r"^https?://(www\.)?", "", urls[0]).removesuffix("/")
    assert_all_shown([("person.website", shown_website),
                      ("person.email", r"\input{/etc/passwd}@example.org")], texts)
    assert_nothing_leaked(tmp_path, *texts, built.result.output)


def test_refused_addresses_name_each_field(tmp_path, cli):
    urls = CORPUS["refused_urls"]
    record = {"person": {**PERSON, "website": urls[0]},
              "experience": [{"organization": f"E{i}", "position": "Role", "url": url}
                             for i, url in enumerate(urls)]}
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    result = cli("validate", "--data", path)
    assert result.code == 2, result.output
    assert "Traceback" not in result.output
    assert re.search(r"cv\.yaml:\d+:\d+: person\.website:", result.output)
    for i in range(len(urls)):
        assert re.search(rf"cv\.yaml:\d+:\d+: experience\[{i}\]\.url:", result.output), \
            result.output


def test_payload_as_the_name_stays_text_in_the_metadata(tmp_path, build_cv):
    """The name is also the PDF's author and part of its title (hyperref's strings)."""
    name = r"Ada \input{/etc/passwd} ^^5c \def\x{\x}\x {} % $ # & _ ~"
    built = build_cv({"person": {"name": name}, "research_statement": "Notes."}, tmp_path)
    assert built.code == 0, built.result.output
    metadata = PdfReader(built.pdf).metadata
    assert metadata["/Author"] == name
    assert metadata["/Title"].startswith(name)
