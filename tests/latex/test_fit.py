"""Auto-fit without TeX: the layout path, the search along it, the drop order, heights from
marks, cuts that leave nothing behind, and the whole loop against a simulated TeX whose
content height follows the layout (test_fit_pdf.py checks real PDFs)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from cv_builder.errors import BuildFailed
from cv_builder.latex.compile import Compiled
from cv_builder.latex.cuts import apply_drops, choose_drops, drop_candidates, mark_heights
from cv_builder.latex.fit import (FILL_LOW, FILL_TARGET, MAX_FIT_COMPILES, AutoFit, FitSearch,
                                  layout_at)
from cv_builder.latex.render import Layout
from cv_builder.record.model import Record, Variant
from cv_builder.select import select


def variant_with(*sections: dict, **fields) -> Variant:
    return Variant.model_validate({"template": "industry-resume.tex.j2", "title": "T",
                                   "font_size": 10.5, "page_limit": 1,
                                   "fit": {"min_font_size": 9.5, "min_spacing": 0.4},
                                   "sections": list(sections), **fields})


def view_of(record: dict, *sections: dict, **fields):
    record = Record.model_validate({"person": {"name": "Ada Lovelace"}, **record})
    return select(record, "test", variant_with(*sections, **fields))


# --- The path from the floors to the start ------------------------------------------

def test_layout_path_runs_from_the_floors_to_the_variants_own_layout():
    variant = variant_with({"kind": "skills"})
    assert layout_at(1.0, variant) == Layout(10.5, 1.0)
    assert layout_at(0.0, variant) == Layout(9.5, 0.4)
    assert layout_at(0.5, variant) == Layout(10.0, 0.7)  # both knobs move together


def test_a_floor_above_the_variants_font_size_never_grows_the_font():
    variant = variant_with({"kind": "skills"}, font_size=9, fit={"min_font_size": 9.5})
    assert {layout_at(p, variant).font_size for p in (0.0, 0.5, 1.0)} == {9.0}


# --- The search ---------------------------------------------------------------------

def search_until_full(fill, start_estimate: float, floor: float | None = None,
                      budget: int = 4) -> tuple[float, int]:
    """Drive FitSearch as AutoFit does, against fill(position): (position chosen, probes)."""
    search = FitSearch()
    search.record(1.0, start_estimate, exact=False)
    search.record(0.0, fill(0.0) if floor is None else floor, exact=True)
    for probes in range(1, budget + 1):
        position = search.next_position()
        assert position is not None and 0.0 <= position <= 1.0
        value = fill(position)
        search.record(position, value, exact=value <= 1.0)
        if FILL_LOW <= value <= 1.0:
            return position, probes
    raise AssertionError(f"no fill in [{FILL_LOW}, 1] after {budget} probes: {search.fills}")


def test_a_straight_fill_is_hit_in_one_probe():
    position, probes = search_until_full(lambda p: 0.85 + 0.27 * p, start_estimate=1.12)
    assert probes == 1 and abs(0.85 + 0.27 * position - FILL_TARGET) < 0.01


@pytest.mark.parametrize("seed", range(20))
def test_a_fill_that_jumps_with_line_breaks_still_converges_in_few_probes(seed):
    """Curved, with steps of about one line (1.5 %) where paragraphs rewrap: the search
    brackets the target and lands in the window within four compiles."""
    def fill(p: float) -> float:
        smooth = 0.80 + 0.20 * p + 0.10 * p * p
        jitter = 0.015 * math.floor((p * 37 + seed * 0.37) % 3) / 2  # deterministic steps
        return smooth + jitter
    _, probes = search_until_full(fill, start_estimate=fill(1.0) * 1.004)
    assert probes <= 4


def test_fuller_than_the_target_at_the_floors_compiles_the_floors():
    search = FitSearch()
    search.record(1.0, 1.3, exact=False)
    search.record(0.0, 0.99, exact=True, tried=False)  # measured on a tall page
    assert search.next_position() == 0.0
    search.record(0.0, 0.99, exact=True)  # compiled
    assert search.next_position() is None


def test_emptier_than_the_target_at_the_start_relaxes_all_the_way():
    """After cuts, the start layout itself may fit: it is tried, and nothing beyond."""
    search = FitSearch()
    search.record(1.0, 0.9, exact=False, tried=False)
    search.record(0.0, 0.7, exact=False, tried=False)
    assert search.next_position() == 1.0
    search.record(1.0, 0.9, exact=True)
    assert search.next_position() is None


def test_adjacent_layouts_end_the_search():
    search = FitSearch()
    search.record(0.40, 0.96, exact=True)
    search.record(0.41, 0.995, exact=False)
    assert search.next_position() is None


# --- The drop order ---------------------------------------------------------------------

SECTIONS = ({"kind": "about"}, {"kind": "experience"}, {"kind": "education"},
            {"kind": "publications"}, {"kind": "awards"}, {"kind": "skills"})


def job(name: str, start: str, end: str, bullets: int = 0, **more) -> dict:
    return {"organization": name, "position": "Engineer", "start": start, "end": end,
            "highlights": [f"{name} did thing {i}." for i in range(bullets)], **more}


def degree(name: str, year: int) -> dict:
    return {"institution": name, "degree": "B.A.", "start": f"{year - 4}-09",
            "end": f"{year}-06"}


def paper(key: str, year: int, **more) -> dict:
    return {"id": key, "authors": ["A. Lovelace"], "title": f"Paper {key}", "year": year,
            **more}


RECORD = {
    "about": "Mathematician.",
    "experience": [job("Engine Co", "2020-01", "present", 3, selected=True),
                   job("Mill", "2015-01", "2019-12", 3, selected=True, priority=2),
                   job("Loom", "2005-01", "2006-12", 3),
                   job("Shop", "2010-01", "2011-12", 2, priority=1)],
    "education": [degree("London", 1835), degree("Paris", 1840)],
    "publications": [paper("old", 2001), paper("new", 2019, selected=True),
                     paper("mid", 2010)],
    "awards": [{"name": "Medal", "year": 2018, "selected": True, "priority": 5},
               {"name": "Ribbon", "year": 2008}],
    "skills": [{"category": "Maths", "items": ["Bernoulli numbers"]}],
}


def labels(view) -> list[str]:
    return [drop.label.split(" (")[0] for drop in drop_candidates(view)]


def test_drop_order_detail_first_least_valuable_first_identity_never():
    assert labels(view_of(RECORD, *SECTIONS)) == [
        # not selected: bullets, the oldest job's last bullet first...
        "bullet 3 of experience 'Loom'", "bullet 2 of experience 'Loom'",
        "bullet 2 of experience 'Shop'",
        # ...then whole entries: papers and awards before jobs, older first
        "publications 'Paper old'", "awards 'Ribbon'", "publications 'Paper mid'",
        "experience 'Loom'", "experience 'Shop'",
        # selected: bullets, then entries (each section keeps its most valuable entry)
        "bullet 3 of experience 'Mill'", "bullet 2 of experience 'Mill'",
        # the current job's bullets only as a last resort; degrees and it never whole
        "bullet 3 of experience 'Engine Co'", "bullet 2 of experience 'Engine Co'",
    ]


def test_priority_and_selected_still_count():
    record = dict(RECORD, awards=[{"name": "Prize", "year": 1990, "priority": 9},
                                  {"name": "Ribbon", "year": 2020},
                                  {"name": "Star", "year": 2021, "selected": True}])
    order = labels(view_of(record, {"kind": "awards"}))
    # Star is kept (its section's most valuable); among the rest low priority goes first.
    assert order == ["awards 'Ribbon'", "awards 'Prize'"]


def test_a_cited_paper_is_never_cut():
    record = dict(RECORD, research=[{"title": "Engines", "projects": [
        {"title": "Notes", "papers": ["old"]}]}])
    order = labels(view_of(record, {"kind": "publications"}, {"kind": "research"}))
    assert "publications 'Paper old'" not in order and "publications 'Paper mid'" in order


def test_cuts_renumber_citations_and_leave_no_reference_behind():
    """The bug: a cut paper came back under a "References" heading, with the old numbers."""
    record = dict(RECORD, research=[{"title": "Engines", "projects": [
        {"title": "Notes", "papers": ["mid"]}]}])
    view = view_of(record, {"kind": "publications"}, {"kind": "research"})
    assert view.citations == {"old": 1, "new": 2, "mid": 3}
    old = next(d for d in drop_candidates(view) if d.label == "publications 'Paper old'")
    cut = apply_drops(view, [old])
    assert [p.id for p in cut.sections[0].entries] == ["new", "mid"]
    assert cut.citations == {"new": 1, "mid": 2}
    assert cut.references == []
    assert view.citations == {"old": 1, "new": 2, "mid": 3}  # the view it came from is untouched


def test_choose_drops_covers_the_overflow_and_says_what_it_frees():
    view = view_of(RECORD, *SECTIONS)
    heights = {"1.2.2": 12.0, "1.2.1": 12.0, "1.3.1": 12.0, "3.0": 14.0}
    drops, freed = choose_drops(view, 30.0, heights)
    assert [d.label.split(" (")[0] for d in drops] == [
        "bullet 3 of experience 'Loom'", "bullet 2 of experience 'Loom'",
        "bullet 2 of experience 'Shop'"]
    assert freed == 36.0
    # Not enough in all: every cut is offered, and the shortfall shows.
    drops, freed = choose_drops(view, 1000.0, heights)
    assert freed == 50.0 < 1000.0


def test_an_entry_that_frees_nothing_is_not_cut():
    """One of a run-in list (compact open source) frees no height, nor does an unmarked
    bullet (nor, as bullets go last-first, those above it): the next cut is taken."""
    view = view_of(RECORD, *SECTIONS)
    drops, _ = choose_drops(view, 10.0, {"1.2.2": 12.0, "3.0": 0.0, "4.1": 14.0})
    assert [d.label.split(" (")[0] for d in drops] == ["bullet 3 of experience 'Loom'"]
    drops, _ = choose_drops(view, 20.0, {"1.2.2": 12.0, "3.0": 0.0, "4.1": 14.0})
    assert [d.label.split(" (")[0] for d in drops] == ["bullet 3 of experience 'Loom'",
                                                       "awards 'Ribbon'"]


# --- Sub-bullets -------------------------------------------------------------------------

NESTED_JOB = {"organization": "Loom", "position": "Engineer", "start": "2005-01",
              "end": "2006-12", "highlights": [
                  {"text": "First bullet.", "highlights": ["first a.", "first b."]},
                  "Second bullet.",
                  {"text": "Third bullet.", "highlights": ["third a.", "third b."]}]}


def test_sub_bullets_go_before_bullets_each_last_first():
    """A sub-bullet is a detail of its bullet: an entry's sub-bullets are cut before any
    of its bullets, so none is ever cut after (or without) its parent."""
    view = view_of({"experience": [NESTED_JOB]}, {"kind": "experience"})
    assert labels(view) == [
        "sub-bullet 2 of bullet 3 of experience 'Loom'",
        "sub-bullet 1 of bullet 3 of experience 'Loom'",
        "sub-bullet 2 of bullet 1 of experience 'Loom'",
        "sub-bullet 1 of bullet 1 of experience 'Loom'",
        "bullet 3 of experience 'Loom'", "bullet 2 of experience 'Loom'"]
    drops = drop_candidates(view)
    def texts(view) -> list:
        return [item if isinstance(item, str) else item.model_dump()
                for item in view.sections[0].entries[0].highlights]

    assert texts(apply_drops(view, drops[:1])) == [
        NESTED_JOB["highlights"][0], "Second bullet.",
        {"text": "Third bullet.", "highlights": ["third a."]}]
    # A bullet left without sub-bullets is plain text again; nothing cut comes back.
    assert texts(apply_drops(view, drops[:3])) == [
        {"text": "First bullet.", "highlights": ["first a."]}, "Second bullet.",
        "Third bullet."]
    assert texts(apply_drops(view, drops)) == ["First bullet."]
    twice = apply_drops(apply_drops(view, drops[:2]), drop_candidates(
        apply_drops(view, drops[:2]))[:2])
    assert texts(twice) == texts(apply_drops(view, drops[:4]))
    assert texts(view) == NESTED_JOB["highlights"]  # the view it came from is untouched


def test_a_bullet_cut_takes_the_sub_bullets_it_still_has():
    """When a bullet's sub-bullets free nothing (unmarked), cutting the bullet frees its
    own height and theirs, and apply_drops removes them with it."""
    view = view_of({"experience": [NESTED_JOB]}, {"kind": "experience"})
    heights = {"0.0.2": 12.0, "0.0.2.0": 10.0, "0.0.2.1": 10.0, "0.0.1": 12.0}
    heights_unmarked_subs = {"0.0.2": 12.0, "0.0.1": 12.0, "0.0.2.1": 10.0}
    drops, freed = choose_drops(view, 15.0, heights)
    assert [d.label.split(" (")[0] for d in drops] == [
        "sub-bullet 2 of bullet 3 of experience 'Loom'",
        "sub-bullet 1 of bullet 3 of experience 'Loom'"] and freed == 20.0
    # bullet 3's first sub-bullet frees nothing: the bullet goes with it (12 + 0 + ...)
    drops, freed = choose_drops(view, 21.0, heights_unmarked_subs)
    assert [d.label.split(" (")[0] for d in drops] == [
        "sub-bullet 2 of bullet 3 of experience 'Loom'", "bullet 3 of experience 'Loom'"]
    assert freed == 22.0
    assert view.sections[0].entries[0].highlights[2].highlights == ["third a.", "third b."]
    cut = apply_drops(view, drops).sections[0].entries[0].highlights
    assert [cut[0].model_dump(), cut[1]] == [NESTED_JOB["highlights"][0], "Second bullet."]
    assert len(cut) == 2


# --- Heights from marks --------------------------------------------------------------------

def test_heights_run_from_mark_to_mark_and_stop_at_headings():
    marks = [("s", 0.0), ("1.0", 20.0), ("1.0.0", 32.0), ("1.0.1", 44.0), ("1.1", 60.0),
             ("1.2", 72.0), ("s", 78.0), ("2.0", 100.0), ("end", 130.0)]
    heights = mark_heights(marks)
    assert heights["1.0.0"] == 12.0 and heights["1.0.1"] == 16.0  # to the next entry
    assert heights["1.0"] == 40.0 and heights["1.1"] == 12.0
    # The last entry before a heading measures only to the heading's mark (6 pt): it
    # takes at least its shortest sibling's height, not the next section's.
    assert heights["1.2"] == 12.0
    assert heights["2.0"] == 30.0  # alone in its section: to the end


def test_a_bullet_measures_its_own_lines_and_each_sub_bullet_its_own():
    marks = [("s", 0.0), ("1.0", 20.0), ("1.0.0", 32.0), ("1.0.0.0", 56.0),
             ("1.0.0.1", 68.0), ("1.0.1", 80.0), ("1.1", 96.0), ("end", 120.0)]
    heights = mark_heights(marks)
    assert heights["1.0.0"] == 24.0  # two lines, to its first sub-bullet
    assert heights["1.0.0.0"] == 12.0 and heights["1.0.0.1"] == 12.0
    assert heights["1.0.1"] == 16.0 and heights["1.0"] == 76.0


def test_entries_on_one_line_take_no_height():
    marks = [("s", 0.0), ("3.0", 20.0), ("3.1", 20.0), ("3.2", 20.0), ("s", 26.0)]
    assert mark_heights(marks) == {"3.0": 0.0, "3.1": 0.0, "3.2": 0.0}


# --- The whole loop, against a simulated TeX ---------------------------------------------

PAGE = 700.0  # the text height of the simulated page, pt
ENTRY, BULLET = 40.0, 12.0  # heights at the variant's own layout


class FakeTex:
    """render() and compile() for AutoFit: the height is the view's items, scaled by the
    layout (spacing shares 19 %, font size to the power 1.2, as measured on the shipped
    résumé), with a line's worth of steps where paragraphs would rewrap."""

    def __init__(self, tmp_path: Path, fixed: float = 0.0):
        self.tmp_path, self.fixed, self.compiles = tmp_path, fixed, 0

    def render(self, view, layout=None) -> str:  # a Rendered's stand-in: the test's own format
        items = []
        for s, section in enumerate(view.sections):
            for e, entry in enumerate(section.entries):
                items.append((f"{s}.{e}", ENTRY))
                for b, _ in enumerate(getattr(entry, "highlights", ())):
                    items.append((f"{s}.{e}.{b}", BULLET))
        layout = layout or Layout(view.variant.font_size)
        return json.dumps({"font": layout.font_size, "spacing": layout.spacing,
                           "measuring": layout.measuring, "items": items})

    def compile(self, tex: str) -> Compiled:
        self.compiles += 1
        doc = json.loads(tex)
        scale = (1 - 0.19 * (1 - doc["spacing"])) * (doc["font"] / 10.5) ** 1.2
        scale += 0.01 * (int(doc["font"] * 10) % 3)  # lines that rewrap as the font changes
        lines, offset = [], 20.0 * scale
        for mark, height in doc["items"]:
            lines.append((mark, offset))
            offset += height * scale
        height = offset + self.fixed * scale
        tall = 200 * 72.27 - 11 * 72.27 + PAGE if doc["measuring"] else PAGE
        pages = max(1, math.ceil(height / tall))
        total = height - (pages - 1) * tall
        log = [f"CVB-FIT pages={pages} total={total:.5f}pt goal={tall:.5f}pt "
               f"width=500.0pt top={tall + 36:.5f}pt"]
        if doc["measuring"]:
            log.append(f"CVB-PAGE goal={PAGE:.5f}pt")
        for mark, at in [*lines, ("end", height)]:
            page = int(at // tall)
            y = (tall + 36 - (at - page * tall)) * 65536
            log.append(f"CVB-POS {mark} {page + 1} {int(y)}")
        return Compiled(self.tmp_path / "x.pdf", "\n".join(log) + "\n", 1, 0.0)

    def autofit(self, view) -> AutoFit:
        """AutoFit on this TeX, after the first compile (which must overflow)."""
        first = self.compile(self.render(view))
        assert first.fit["pages"] > 1
        return AutoFit(view, "cv", first, compile=self.compile, render=self.render)


def many_jobs(jobs: int, bullets: int) -> dict:
    return {"experience": [job(f"Company {i}", f"{2010 - i}-01", f"{2010 - i}-12", bullets)
                           for i in range(jobs)],
            "education": [degree("London", 1835)]}


@pytest.mark.parametrize("jobs,bullets,fixed", [(3, 4, 400), (9, 4, 0), (12, 6, 0), (8, 3, 300),
                                                 (30, 6, 0), (2, 2, 560), (2, 2, 700)])
def test_autofit_fills_the_page_within_the_compile_bound(tmp_path, jobs, bullets, fixed):
    tex = FakeTex(tmp_path, fixed)
    view = view_of(many_jobs(jobs, bullets), {"kind": "experience"}, {"kind": "education"})
    compiled, report = tex.autofit(view).run()
    assert report.compiles == tex.compiles <= MAX_FIT_COMPILES
    fit = compiled.fit
    assert fit["pages"] == 1 and fit["total"] / PAGE >= FILL_LOW, report.steps
    assert report.changes and "full" in report.changes[0]
    # Education is never cut, whatever the overflow.
    assert not any("education" in change for change in report.changes)


def test_autofit_gives_up_with_a_clear_error_not_a_loop(tmp_path):
    tex = FakeTex(tmp_path, fixed=5000)  # a text section no cut can shorten
    view = view_of(many_jobs(4, 3), {"kind": "experience"}, {"kind": "education"})
    fitting = tex.autofit(view)
    with pytest.raises(BuildFailed, match=r"does not fit in 1 page even at font 9.5pt and "
                                          r"spacing 40% and after every cut auto-fit may "
                                          r"make: about [\d.]+ cm over \(auto-fit stopped "
                                          r"after 2 compiles\)"):
        fitting.run()
    assert tex.compiles == 2  # the first compile, and one measure at the floors


def test_autofit_without_cuts_allowed_fails_at_the_floors(tmp_path):
    tex = FakeTex(tmp_path, fixed=900)
    view = view_of(many_jobs(4, 3), {"kind": "experience"}, {"kind": "education"},
                   fit={"min_font_size": 9.5, "min_spacing": 0.4, "drop_entries": False})
    fitting = tex.autofit(view)
    with pytest.raises(BuildFailed, match=r"does not fit in 1 page even at font 9.5pt"):
        fitting.run()
