"""Auto-fit: meet a page limit with the page 97–99 % full, by shrinking the layout, cutting
the least valuable items when even the smallest layout overflows, then relaxing back.

Why a search along one path: the two knobs (font size and spacing) move together from
the variant's own layout (position 1) to its floors (position 0), and measured on the
shipped résumé the content height is close to a straight line along that path. One
tall-page run at the floors gives its exact height (and every item's, for cuts); the
overflowing first compile gives the other end; the line between them places the fitted
layout, usually in one compile. Each compile after that narrows the bracket (a step at
that slope from the nearest exact fill, or between two exact ones), so a page whose
lines break unluckily still converges in a few.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..errors import BuildFailed
from ..record.model import Variant
from ..select import View
from .compile import Compiled
from .cuts import Drop, apply_drops, choose_drops, mark_heights
from .render import Layout, Rendered

FILL_TARGET = 0.98  # where the search aims: the middle of 97–99 %
FILL_LOW = 0.97  # a fitted page at least this full is done; a fuller one that fits, too
STEP = 0.01  # positions are whole hundredths: layouts print and compare cleanly
MAX_FIT_COMPILES = 6  # the first compile included


def layout_at(position: float, variant: Variant) -> Layout:
    """The layout `position` of the way from the variant's floors (0) to its own font size
    and full spacing (1): both knobs at once, so the page shrinks evenly instead of losing
    all its white space first."""
    start = variant.font_size
    floor_font = min(variant.fit.min_font_size, start)
    floor_spacing = min(variant.fit.min_spacing, 1.0)
    return Layout(round(floor_font + position * (start - floor_font), 2),
                  round(floor_spacing + position * (1.0 - floor_spacing), 2))


def describe_layout_change(before: Layout, after: Layout) -> list[str]:
    changes = []
    if after.font_size != before.font_size:
        changes.append(f"font {before.font_size:g}pt\u2192{after.font_size:g}pt")
    if after.spacing != before.spacing:
        changes.append(f"spacing {before.spacing:.0%}\u2192{after.spacing:.0%}")
    return changes


@dataclass
class FitSearch:
    """Where on the path the page is FILL_TARGET full, from the fills seen so far.

    A fill is the content height over what the page limit holds, at a position: exact
    when measured (a tall-page run, or a compile that fit), else an estimate (an
    overflowing compile; or, untried, the height left after cuts).
    """

    # position -> (fill, exact, tried: a compile of it was seen, so not worth another)
    fills: dict[float, tuple[float, bool, bool]] = field(default_factory=dict)

    def record(self, position: float, fill: float, exact: bool, tried: bool = True) -> None:
        known = self.fills.get(position)
        if known is None or exact or not known[1]:
            self.fills[position] = (fill, exact, tried)

    def tried(self, position: float) -> bool:
        return position in self.fills and self.fills[position][2]

    def next_position(self) -> float | None:
        """The next position to compile, or None when none is left between the fullest
        layout below the target and the emptiest above it."""
        below = [(p, f) for p, (f, _, _) in self.fills.items() if f < FILL_TARGET]
        above = [(p, f) for p, (f, _, _) in self.fills.items() if f >= FILL_TARGET]
        if not above:  # emptier than the target even at the start: relax all the way
            return None if self.tried(1.0) else 1.0
        if not below:  # fuller than the target even at the floors: nothing smaller to try
            return None if self.tried(0.0) else 0.0
        (lo, f_lo), (hi, f_hi) = max(below), min(above)
        if hi - lo <= STEP + 1e-9:  # adjacent, or not monotone (line breaks)
            return None
        if self.fills[lo][1] and self.fills[hi][1]:  # two exact ends: interpolate
            guess = lo + (FILL_TARGET - f_lo) * (hi - lo) / (f_hi - f_lo)
        else:
            # Step from the exact end, at the slope between floors and start: an estimate
            # far away says little about the fill near the target.
            anchor, f_anchor = (hi, f_hi) if self.fills[hi][1] and not self.fills[lo][1] \
                else (lo, f_lo)
            slope = self.slope()
            guess = anchor + (FILL_TARGET - f_anchor) / slope if slope > 0 else (lo + hi) / 2
        guess = round(guess / STEP) * STEP
        return round(min(max(guess, lo + STEP), hi - STEP), 2)

    def slope(self) -> float:
        """Fill gained from the floors (0) to the start (1), as far as known."""
        if 0.0 in self.fills and 1.0 in self.fills:
            return self.fills[1.0][0] - self.fills[0.0][0]
        return 0.0


@dataclass
class FitReport:
    """What auto-fit did: compiles in all, what changed (the build line), each step
    (--verbose)."""

    compiles: int = 1
    changes: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    # The decision, for fit_memory: the fitted position, and the cuts made, each batch
    # as (section, entry, bullet) places in the view as it was when cut.
    position: float | None = None
    cuts: list[list[tuple[int, int, int]]] = field(default_factory=list)

    @property
    def cut_anything(self) -> bool:
        """Whether the PDF lost entries or bullets of its view: each cut is a change
        "dropped …", whether made now or remembered (fit_memory)."""
        return any(change.startswith("dropped ") for change in self.changes)


class AutoFit:
    """Fit an overflowing document to its page limit, the page 97–99 % full, in at most
    MAX_FIT_COMPILES compiles (the first one included):

    1. one tall-page run at the floors (smallest font and spacing) measures the exact
       height and every item's; if even that overflows, cut the least valuable items
       whose heights cover the excess (cuts.drop_candidates);
    2. compile where the line between the floors and the start layout reaches 98 %,
       and narrow the bracket with each compile until a page that fits is 97 % full;
    3. out of compiles, keep the fullest layout that fit.
    """

    def __init__(self, view: View, name: str, first: Compiled,
                 compile: Callable[[Rendered], Compiled],
                 render: Callable[[View, Layout], Rendered]):
        """first: the compile that overflowed; compile(rendered): TeX on a document, in the
        variant's build folder; render(view, layout): a view's document at a layout."""
        self.view, self.name = view, name
        self.run_tex, self.render = compile, render
        self.variant, self.limit = view.variant, view.variant.page_limit
        self.start = Layout(self.variant.font_size)
        self.report = FitReport(compiles=1)
        self.cuts: list[str] = []
        self.search = FitSearch()
        self.start_fill = fill_of(first, self.limit)
        self.search.record(1.0, self.start_fill, exact=False)
        self.step(self.start, first, "over")
        self.fitted: tuple[float, float, Compiled] | None = None  # fill, position, compile
        self.floor_height = self.floor_capacity = 0.0

    def run(self) -> tuple[Compiled, FitReport]:
        floor_known, last = False, None
        while self.report.compiles < MAX_FIT_COMPILES - 1:
            if not floor_known:
                self.measure_floor()  # raises BuildFailed if nothing can make it fit
                floor_known = True
                continue
            position = self.search.next_position()
            if position is None:
                break
            last = self.compile(position)
            fill = fill_of(last, self.limit)
            if fits(last, self.limit):
                self.search.record(position, fill, exact=True)
                if self.fitted is None or fill > self.fitted[0]:
                    self.fitted = (fill, position, last)
                if fill >= FILL_LOW or position == 1.0:
                    return self.done(position, last)
            else:
                self.search.record(position, fill, exact=False)
                if position == 0.0:  # the cuts freed less than measured: measure again
                    floor_known = False
        return self.finish(last)

    def measure_floor(self) -> None:
        """The floors' exact height; cuts if even they overflow."""
        floor = layout_at(0.0, self.variant)
        measured = self.run_tex(self.render(self.view, replace(floor, measuring=True)))
        self.report.compiles += 1
        fill = fill_of(measured, self.limit)
        self.step(floor, measured, "measured on one tall page")
        self.floor_height = measured_height(measured)
        self.floor_capacity = self.floor_height / fill if fill else 0.0
        if fill <= 1.0:
            self.search.record(0.0, fill, exact=True, tried=False)  # measured, not compiled
            return
        over = self.floor_height - self.floor_capacity
        if not self.variant.fit.drop_entries:
            self.fail(over)
        drops, freed, excess = floor_drops(self.view, measured, self.limit)
        if freed < excess:
            self.fail(over - freed, " and after every cut auto-fit may make")
        self.view = apply_drops(self.view, drops)
        self.cuts += [f"dropped {drop.label}" for drop in drops]
        self.report.cuts.append([(drop.section, drop.entry, drop.bullet) for drop in drops])
        self.report.steps.append(f"cut {len(drops)} item{'s' if len(drops) != 1 else ''} "
                                 f"({freed:.0f}pt of {excess:.0f}pt over 98 %)")
        # The new view's fills, estimated: everything shrinks by the share cut.
        share = (self.floor_height - freed) / self.floor_height
        self.start_fill *= share
        self.search = FitSearch()
        self.search.record(0.0, fill * share, exact=False, tried=False)
        self.search.record(1.0, self.start_fill, exact=False, tried=False)

    def compile(self, position: float) -> Compiled:
        layout = layout_at(position, self.variant)
        compiled = self.run_tex(self.render(self.view, layout))
        self.report.compiles += 1
        self.step(layout, compiled, "fits" if fits(compiled, self.limit) else "over")
        return compiled

    def step(self, layout: Layout, compiled: Compiled, what: str) -> None:
        self.report.steps.append(f"font {layout.font_size:g}pt, spacing {layout.spacing:.0%}: "
                                 f"{fill_of(compiled, self.limit):.1%} of "
                                 f"{self.limit} page{'s' if self.limit > 1 else ''}, {what}")

    def done(self, position: float, compiled: Compiled) -> tuple[Compiled, FitReport]:
        self.report.changes = fitted_changes(self.variant, position, compiled, self.cuts)
        self.report.position = position
        return compiled, self.report

    def finish(self, last: Compiled | None) -> tuple[Compiled, FitReport]:
        """Out of compiles but one, or of layouts between two tried: the fullest layout that
        fit (compiled again unless it was the last); else one last try where the floor
        measure or the search says it will fit."""
        if self.fitted is not None:
            _, position, compiled = self.fitted
            if compiled is not last:
                compiled = self.compile(position)
            return self.done(position, compiled)
        fitting = [p for p, (f, exact, _) in self.search.fills.items() if exact and f <= 1.0]
        position = max(fitting) if fitting else self.search.next_position()
        if position is not None:
            last = self.compile(position)
            if fits(last, self.limit):
                return self.done(position, last)
        over = (fill_of(last, self.limit) - 1) * self.limit * last.fit["page_goal"] if last \
            else self.floor_height - self.floor_capacity
        self.fail(over, f" with {len(self.cuts)} items cut" if self.cuts else "")

    def fail(self, over_pt: float, how: str = ""):
        """Even the floors (and `how` else auto-fit tried) leave the document over_pt over."""
        floor = layout_at(0.0, self.variant)
        pages = f"{self.limit} page{'s' if self.limit > 1 else ''}"
        more, letter = self.limit + 1, self.view.letter
        # A letter's PDF is named <its variant>-<letter id> (record/documents.py).
        variant_name = self.view.variant_name.removesuffix(f"-{letter.id}") if letter else ""
        advice = (f"Shorten the letter, or let every letter run to {more} pages with "
                  f"`variants: {{{variant_name}: {{page_limit: {more}}}}}` in the "
                  "record." if self.variant.document == "letter" else
                  "Shorten the text sections, mark fewer entries selected, or raise the "
                  "variant's page_limit.")
        raise BuildFailed(
            f"{self.name}: does not fit in {pages} even at font {floor.font_size:g}pt and "
            f"spacing {floor.spacing:.0%}{how}: about {max(0.0, over_pt) / 72.27 * 2.54:.1f} "
            f"cm over (auto-fit stopped after {self.report.compiles} compiles). {advice}")


def fitted_changes(variant: Variant, position: float, compiled: Compiled,
                   cuts: list[str]) -> list[str]:
    """What the build line says a fit changed: the layout, how full the page is, the cuts."""
    layout = describe_layout_change(Layout(variant.font_size), layout_at(position, variant))
    full = f"{'the page' if variant.page_limit == 1 else 'its last page'} " \
           f"{fill_of_last_page(compiled):.0%} full"
    return [", ".join(layout) + f": {full}" if layout else full, *cuts]


def floor_drops(view: View, measured: Compiled, limit: int) -> tuple[list[Drop], float, float]:
    """The cuts auto-fit makes when a tall-page run of view at its floors (measured)
    overflows the limit: those choose_drops picks to bring the page to FILL_TARGET, the
    height they free and the height over it."""
    height = measured_height(measured)
    excess = height - FILL_TARGET * height / fill_of(measured, limit)
    drops, freed = choose_drops(view, excess, mark_heights(measured.marks))
    return drops, freed, excess


def confirmed_cuts(steps: list[tuple[View, list[Drop]]], variant: Variant,
                   measure: Callable[[View], Compiled]) -> bool:
    """Whether remembered cuts (each batch with the view it was cut from) are the very
    ones a search makes: each batch is made only where the view, measured at its floors
    on one tall page (measure, one compile), overflows, and is what floor_drops picks
    from that run. Why: the memory is a cache file, a hint; unchecked, a planted one
    made the build drop entries a search keeps."""
    for view, drops in steps:
        if not variant.fit.drop_entries:
            return False
        measured = measure(view)
        if fill_of(measured, variant.page_limit) <= 1.0:
            return False  # the floors fit: a search cuts nothing here
        expected, freed, excess = floor_drops(view, measured, variant.page_limit)
        if freed < excess or [(d.section, d.entry, d.bullet) for d in expected] != \
                [(d.section, d.entry, d.bullet) for d in drops]:
            return False
    return True


def remembered_fit(variant: Variant, position: float, compiled: Compiled,
                   cuts: list[str], compiles: int = 1) -> FitReport:
    """The report of a fit decided by an earlier build (latex.fit_memory): one compile,
    and one for each batch of cuts confirmed."""
    layout = layout_at(position, variant)
    return FitReport(compiles, fitted_changes(variant, position, compiled, cuts),
                     [f"font {layout.font_size:g}pt, spacing {layout.spacing:.0%}: as fitted "
                      f"by an earlier build of this very document (the user cache keeps it)"],
                     position)


def fill_of(compiled: Compiled, limit: int) -> float:
    """Content height over what `limit` real pages hold (exact from a measuring run, or
    from a compile that fits on one page)."""
    fit = compiled.fit
    return measured_height(compiled) / (limit * fit["page_goal"])


def fill_of_last_page(compiled: Compiled) -> float:
    fit = compiled.fit
    return fit["total"] / fit["page_goal"]


def measured_height(compiled: Compiled) -> float:
    """Content height from a measuring run (one tall page; more if it even spills that)."""
    fit = compiled.fit
    return (fit["pages"] - 1) * fit["goal"] + fit["total"]


def search_stops_at(compiled: Compiled, limit: int, position: float) -> bool:
    """Whether auto-fit's search would stop at this compile: it fits, and its page is at
    least FILL_LOW full (or it is the variant's own layout)."""
    return fits(compiled, limit) and (fill_of(compiled, limit) >= FILL_LOW or position == 1.0)


def fits(compiled: Compiled, limit: int) -> bool:
    fit = compiled.fit
    return not fit or fit["pages"] <= limit
