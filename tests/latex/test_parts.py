"""What documents print around the record's text: addresses, venues, groups, phrases."""

from __future__ import annotations

import pytest

from cv_builder.latex.parts import (contact_items, phrase, publication_groups, short_address,
                                    venue)
from cv_builder.latex.render import href
from cv_builder.record.language import language
from cv_builder.record.model import Person, Publication


@pytest.mark.parametrize("url, shown", [
    ("https://juntang-zhuang.github.io", "juntang-zhuang.github.io"),
    ("https://www.github.com/ada/", "github.com/ada"),
    ("https://scholar.google.com/citations?user=78_Vob4AAAAJ&hl=en",
     "scholar.google.com/citations?user=78_Vob4AAAAJ"),
    ("https://x.org/a?utm_source=mail&id=7#top", "x.org/a?id=7#top"),
    ("http://example.org/?q=$(touch%20/x)", "example.org/?q=$(touch%20/x)"),  # as written
    ("mailto:ada@example.org", "ada@example.org"),
])
def test_short_address(url, shown):
    assert short_address(url) == shown


def test_contact_line_links_show_their_addresses_with_an_icon_each():
    person = Person.model_validate({
        "name": "Ada", "email": "ada@example.org", "phone": "+44 (20) 7946-0000",
        "location": "London", "website": "https://example.org/~ada/",
        "profiles": [{"label": "GitHub", "url": "https://github.com/ada"},
                     {"label": "Scholar", "url": "https://scholar.google.com/c?user=A&hl=en"},
                     {"label": "Blog", "url": "https://blog.example.org"}]})
    items = contact_items(person, href)
    assert [i.icon for i in items] == ["email", "phone", "location", "website", "github",
                                       "scholar", "link"]
    assert [i.shown for i in items][3:] == ["example.org/~ada", "github.com/ada",
                                            "scholar.google.com/c?user=A", "blog.example.org"]
    assert items[1].text == r"\href{tel:+442079460000}{+44 (20) 7946-{}0000}"
    assert items[2].text == "London"  # no address: plain text


def paper(**fields) -> Publication:
    return Publication.model_validate({"id": "p", "authors": ["A"], "title": "T",
                                       "year": 2020, **fields})


@pytest.mark.parametrize("fields, printed", [
    ({"venue": "International Conference on Learning Representations",
      "venue_short": "ICLR 2022", "year": 2022, "notes": ["Oral"]},
     r"\emph{International Conference on Learning Representations} (ICLR 2022, Oral)"),
    ({"venue": "arXiv", "venue_short": "arXiv 2018", "year": 2018}, r"\emph{arXiv 2018}"),
    ({"venue": "Journal of Things"}, r"\emph{Journal of Things}, 2020"),
    ({"venue_short": "MLMI"}, r"\emph{MLMI}, 2020"),
    ({}, "2020"),
    ({"notes": ["Best paper"]}, "(Best paper), 2020"),
])
def test_venue_one_way_for_every_paper(fields, printed):
    assert venue(paper(**fields)) == printed


def test_publication_groups_have_their_headings():
    words = language("en").words
    papers = [paper(type="journal"), paper(type="journal"), paper(status="preprint")]
    groups = publication_groups(papers, words)
    assert [(heading, len(items)) for heading, items in groups] == \
        [("Journal Articles", 2), ("Preprints and Papers in Submission", 1)]


def test_phrase_fills_placeholders_with_tex_and_escapes_the_rest():
    words = {"page_x_of_y": "100% page {page} of {pages}"}
    assert phrase(words, "page_x_of_y", page=r"\thepage{}", pages="9") == \
        r"100\% page \thepage{} of 9"
