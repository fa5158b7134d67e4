"""The words of a venue: where a paper stands ('Submitted to ICASSP 2025') and what kind
of publication it is ('Proceedings of...' -> conference), table-driven."""

from __future__ import annotations

import pytest

from cv_builder.record.bibliography import parse_bib
from cv_builder.record.venue_text import settled, standing, venue_kind


@pytest.mark.parametrize("text, venue, status", [
    ("Submitted to ICASSP 2025", "ICASSP 2025", "in submission"),
    ("submitted at CHI", "CHI", "in submission"),
    ("Under review at NeurIPS", "NeurIPS", "in submission"),
    ("NeurIPS 2024 (under review)", "NeurIPS 2024", "in submission"),
    ("In submission to CHI 2025", "CHI 2025", "in submission"),
    ("ICASSP 2025 (submitted)", "ICASSP 2025", "in submission"),
    ("(Submitted to ICML 2025)", "ICML 2025", "in submission"),
    ("Submitted", "", "in submission"),
    ("Submitted and under revision, arXiv: 1909.01234", "arXiv: 1909.01234", "in submission"),
    ("To appear in ICML 2025", "ICML 2025", "to appear"),
    ("Forthcoming in Econometrica", "Econometrica", "to appear"),
    ("Accepted at ICLR 2024", "ICLR 2024", "accepted"),
    ("Accepted for publication in Nature", "Nature", "accepted"),
    ("Nature, in press", "Nature", "accepted"),
    ("In press", "", "accepted"),
    ("In preparation", "", "in preparation"),
    ("in prep.", "", "in preparation"),
    ("arXiv preprint arXiv:2305.01234", "arXiv:2305.01234", "preprint"),
    ("arXiv preprint", "arXiv", "preprint"),
    ("bioRxiv preprint", "bioRxiv", "preprint"),
    # Venues that only look like it.
    ("Journal of Glaciology", "Journal of Glaciology", None),
    ("MIT Press", "MIT Press", None),
    ("Physical Review Letters", "Physical Review Letters", None),
    ("Annual Review of Astronomy", "Annual Review of Astronomy", None),
])
def test_standing(text, venue, status):
    assert standing(text) == (venue, status)


def test_a_long_venue_is_read_in_linear_time():
    import time

    started = time.perf_counter()
    standing("," * 200_000 + "x")
    standing(" ," * 100_000 + "submitted")
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("status, year, expected", [
    ("accepted", None, "to appear"), ("accepted", 2024, "accepted"),
    ("to appear", 2024, "to appear"), ("in submission", 2024, "in submission"),
])
def test_settled(status, year, expected):
    assert settled(status, year) == expected


@pytest.mark.parametrize("venue, kind", [
    ("arXiv:2305.01234", "preprint"),
    ("arXiv preprint arXiv:2305.01234", "preprint"),
    ("bioRxiv", "preprint"),
    ("Proceedings of the 40th International Conference on Machine Learning", "conference"),
    ("International Conference on Learning Representations", "conference"),
    ("Interspeech 2020", "conference"),
    ("ICASSP 2025", "conference"),
    ("NeurIPS", "conference"),
    ("USENIX SREcon Americas", "conference"),
    ("Journal of Machine Learning Research", "journal"),
    ("IEEE Transactions on Pattern Analysis and Machine Intelligence", "journal"),
    ("Physical Review Letters", "journal"),
    ("Proceedings of the National Academy of Sciences", "journal"),
    ("Nature Communications", "journal"),
    ("ICML 2023 Workshop on Efficient Systems", "workshop"),
    ("PhD thesis, ETH Zürich", "thesis"),
    ("Computational Linguistics and Intellectual Technologies", None),
    ("Podcast", None),
    ("", None),
])
def test_venue_kind(venue, kind):
    assert venue_kind(venue) == kind


def test_a_bib_note_says_it_once():
    """'Diffusion models meet Langevin dynamics. (Submitted to ICML 2025), 2024. (in
    submission).': the note gives the status and the venue, and is not kept as a note;
    'arXiv preprint arXiv:2305.01234, 2023. (preprint).': the venue loses its word."""
    bib = parse_bib(r"""@misc{m2024,
  author = {M\"uller, Hans and Nakamura, Yui},
  title = {Diffusion models meet {Langevin} dynamics},
  year = {2024},
  note = {Submitted to ICML 2025}
}
@article{m2023,
  author = {M{\"u}ller, Hans and Chen, Li and others},
  title = {Scaling laws for {T}ransformer-based surrogates},
  journal = {arXiv preprint arXiv:2305.01234},
  year = {2023}
}""", "papers.bib", [])
    submitted, preprint = bib.publications
    assert submitted["venue"] == "ICML 2025" and submitted["status"] == "in submission"
    assert submitted["type"] == "conference" and "notes" not in submitted
    assert preprint["venue"] == "arXiv:2305.01234" and preprint["status"] == "preprint"
    assert preprint["type"] == "preprint"
