"""What auto-fit cuts when even the smallest layout overflows: the drop order (least
valuable first, identity never), how much each item frees (from the marks TeX logged),
and a new view without them, its papers numbered again."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..record.base import bullet_text, sub_bullets
from ..record.markup import to_plain
from ..select import Section, View, entry_label, number_citations, preferred, recency

# Sections whose entries are never cut: they are text, or they say who the person is.
_NEVER_CUT = {"about", "statement", "skills", "research"}
_IDENTITY = {"education"}
# Among entries equally selected, the order kinds go in: supporting evidence first
# (talks, service, papers, awards, repositories), then projects, then past jobs; within a
# kind, priority and then age decide. A user's priorities rank entries within a section.
_KIND_ORDER = {"talks": 0, "service": 0, "publications": 0, "awards": 0, "open_source": 0,
               "projects": 1, "experience": 2}


# What a Drop cuts (its `bullet`): the entry whole, its last bullet (with what sub-bullets
# it still has), or its last sub-bullet. Small numbers, so that a remembered cut
# (fit_memory) is a plain [section, entry, bullet] and the first two read as a bool did.
ENTRY, BULLET, SUB_BULLET = 0, 1, 2


@dataclass(frozen=True)
class Drop:
    """One cut: a whole entry, or the last bullet or sub-bullet of one."""

    section: int
    entry: int
    bullet: int  # ENTRY, BULLET or SUB_BULLET
    label: str


def sub_bullet_places(highlights) -> list[tuple[int, int]]:
    """(bullet, sub-bullet) of every sub-bullet of an entry, in document order."""
    return [(bullet, sub) for bullet, item in enumerate(highlights)
            for sub in range(len(sub_bullets(item)))]


def is_identity(section: Section, entry) -> bool:
    """Entries that say who the person is: every degree, and the current job."""
    if section.kind in _IDENTITY:
        return True
    end = getattr(entry, "end", None)
    return section.kind == "experience" and end is not None and end.present


def value(section: Section, entry, index: int) -> tuple:
    """Sort key, least valuable first: supporting kinds before projects before jobs; then
    low priority, old (undated counts as oldest), late in its section."""
    return (_KIND_ORDER.get(section.kind, 1), entry.priority, recency(entry), -index)


def drop_candidates(view: View) -> list[Drop]:
    """Cuts in the order we would make them, each group least valuable entry first:

    1. bullets of entries not marked selected: an entry's sub-bullets first, then its
       bullets, each the last first (each entry keeps its first bullet), then those
       entries whole: papers, awards, talks, service and
       repositories first, then projects, then past jobs (see value);
    2. the same for selected entries: a selected entry keeps its details longer than
       an unselected one survives; an entry the document's application prefers (a
       tailored CV: build --for) counts as selected and goes after the others;
    3. bullets of the identity entries (degrees, the current job), as a last resort.

    Identity entries, text sections and skills are never cut whole; each section keeps
    its most valuable entry, and a paper the document cites stays (cut, it would come
    back as a reference).
    """
    cited = cited_papers(view)
    ranked = []
    for s_index, section in enumerate(view.sections):
        if section.kind in _NEVER_CUT:
            continue
        keys = [(preferred(entry, view.prefer), *value(section, entry, e_index))
                for e_index, entry in enumerate(section.entries)]
        chosen = [entry.selected or preferred(entry, view.prefer) for entry in section.entries]
        kept = max(range(len(keys)), key=lambda i: (chosen[i], keys[i]))
        for e_index, entry in enumerate(section.entries):
            label, identity = entry_label(section.kind, entry), is_identity(section, entry)
            group = 2 if identity else int(chosen[e_index])
            highlights = getattr(entry, "highlights", ())
            # A sub-bullet is a detail of its bullet: every one goes before any bullet,
            # so none outlives its parent (and a bullet cut takes those left with it).
            for order, (bullet, sub) in enumerate(reversed(sub_bullet_places(highlights))):
                text = sub_bullets(highlights[bullet])[sub]
                drop = Drop(s_index, e_index, SUB_BULLET, f"sub-bullet {sub + 1} of bullet "
                            f"{bullet + 1} of {label} ({_excerpt(text)})")
                ranked.append(((group, 0, keys[e_index], 0, order), drop))
            for bullet in range(len(highlights) - 1, 0, -1):  # keep each entry's first bullet
                text = bullet_text(highlights[bullet])
                drop = Drop(s_index, e_index, BULLET,
                            f"bullet {bullet + 1} of {label} ({_excerpt(text)})")
                ranked.append(((group, 0, keys[e_index], 1, -bullet), drop))
            if not identity and e_index != kept and getattr(entry, "id", None) not in cited:
                ranked.append(((group, 1, keys[e_index], 0, 0), Drop(s_index, e_index, ENTRY,
                                                                     label)))
    ranked.sort(key=lambda item: item[0])
    return [drop for _, drop in ranked]


def cited_papers(view: View) -> set[str]:
    """Papers the document's text cites (research projects), whether listed or not."""
    return {key for section in view.sections if section.kind == "research"
            for theme in section.entries for project in theme.projects
            for key in project.papers}


def _excerpt(text: str) -> str:
    return f"\u201c{_first_words(text, 6)}\u201d"


def _first_words(text: str, words: int) -> str:
    plain = to_plain(text).split()
    return " ".join(plain[:words]) + ("\u2026" if len(plain) > words else "")


def mark_heights(marks: list[tuple[str, float]]) -> dict[str, float]:
    """Height each entry and bullet takes, from the positions TeX logged (CVB-POS).

    marks are (id, offset down the document in pt) in document order: "end", "s" (a
    section heading, below the space above it), an entry "2.3", a bullet "2.3.1" or a
    sub-bullet "2.3.1.0" (a bullet runs to its first sub-bullet: its own lines). A
    mark sits on its first line's baseline, so an item runs to the next item's mark:
    its own lines, then the gap and the next item's first line above the baseline. The
    last item before a heading or the end has no next baseline; it takes at least the
    height of its shortest sibling (a one-line entry's). An entry sharing its line with
    another (a run-in list, such as compact open source) takes no height: cutting it
    shortens a line, not the page. (Without heading marks, from a template of one's
    own, the last entry of a section also counts the next heading: cuts are then a
    little too few, never wrong.)
    """
    entries = [offset for mark, offset in marks if mark.count(".") == 1]
    spans: dict[str, tuple[float, bool]] = {}  # mark -> (span, ends at a heading or the end)
    for index, (mark, offset) in enumerate(marks):
        if mark in ("end", "s"):
            continue
        following = marks[index + 1:]
        if mark.count(".") >= 2:
            stop = following[0] if following else (mark, offset)
        elif sum(abs(other - offset) < 0.01 for other in entries) > 1:
            stop = (mark, offset)
        else:
            stop = next(((m, o) for m, o in following if m in ("end", "s") or m.count(".") == 1),
                        (mark, offset))
        spans[mark] = (max(0.0, stop[1] - offset), stop[0] in ("end", "s"))
    heights = {}
    for mark, (span, last) in spans.items():
        parent = mark.rsplit(".", 1)[0]
        siblings = [other for key, (other, at_end) in spans.items() if key != mark and other > 0
                    and not at_end and key.rsplit(".", 1)[0] == parent
                    and key.count(".") == mark.count(".")]
        heights[mark] = max(span, min(siblings)) if last and span > 0 and siblings else span
    return heights


def choose_drops(view: View, overflow_pt: float, heights: dict[str, float]) -> tuple[
        list[Drop], float]:
    """The first cuts, in drop order, whose measured heights cover overflow_pt, and the
    height they free (less than overflow_pt if even every cut would not do)."""
    chosen: list[Drop] = []
    counted: dict[tuple[int, int], float] = {}  # height already freed by an entry's bullets
    # (place, kind): a bullet or sub-bullet that frees nothing: the ones above stay too
    stuck: set[tuple[tuple[int, int], int]] = set()
    freed = 0.0
    for drop in drop_candidates(view):
        if freed >= overflow_pt:
            break
        place = (drop.section, drop.entry)
        entry = view.sections[drop.section].entries[drop.entry]
        if drop.bullet:
            if (place, drop.bullet) in stuck or any(
                    not c.bullet and (c.section, c.entry) == place for c in chosen):
                continue
            # Each goes last-first: this cut removes the entry's current last sub-bullet,
            # or its current last bullet with the sub-bullets it still has.
            cut = [c.bullet for c in chosen if c.bullet and (c.section, c.entry) == place]
            subs = sub_bullet_places(entry.highlights)
            subs_left = subs[:len(subs) - cut.count(SUB_BULLET)]
            prefix = f"{place[0]}.{place[1]}"
            if drop.bullet == SUB_BULLET:
                bullet, sub = subs_left[-1]
                height = heights.get(f"{prefix}.{bullet}.{sub}", 0.0)
            else:
                bullet = len(entry.highlights) - 1 - cut.count(BULLET)
                height = heights.get(f"{prefix}.{bullet}", 0.0)
                if height > 0:  # it takes its sub-bullets still there
                    height += sum(heights.get(f"{prefix}.{b}.{s}", 0.0)
                                  for b, s in subs_left if b == bullet)
            if height <= 0:
                stuck.add((place, drop.bullet))
                continue
            counted[place] = counted.get(place, 0.0) + height
        else:
            height = heights.get(f"{place[0]}.{place[1]}", 0.0) - counted.get(place, 0.0)
            if height <= 0:
                continue  # one of a run-in list (or unmarked): the page would not notice
            chosen = [c for c in chosen if (c.section, c.entry) != place]  # it takes them
            counted.pop(place, None)
        freed += height
        chosen.append(drop)
    return chosen, freed


def apply_drops(view: View, drops: list[Drop]) -> View:
    """A new view without the cut bullets and entries (the record is untouched), its
    papers numbered again: a cut paper leaves no number and no reference behind."""
    sections = list(view.sections)
    for s_index in sorted({drop.section for drop in drops}):
        section_drops = [drop for drop in drops if drop.section == s_index]
        entries = list(sections[s_index].entries)
        removed = {drop.entry for drop in section_drops if not drop.bullet}
        for index in {drop.entry for drop in section_drops} - removed:
            kinds = [drop.bullet for drop in section_drops if drop.entry == index]
            entries[index] = without_last(entries[index], kinds.count(SUB_BULLET),
                                          kinds.count(BULLET))
        sections[s_index] = replace(sections[s_index], entries=tuple(
            entry for index, entry in enumerate(entries) if index not in removed))
    kept = tuple(section for section in sections if section.entries)
    return replace(view, sections=kept, citations=number_citations(kept))


def without_last(entry, subs: int, bullets: int):
    """The entry without its last `subs` sub-bullets, then its last `bullets` bullets (a
    bullet goes with its sub-bullets); one left with none is plain text again."""
    cut = set(sub_bullet_places(entry.highlights)[::-1][:subs])
    highlights = []
    for index, item in enumerate(entry.highlights[:len(entry.highlights) - bullets]):
        kept = [text for sub, text in enumerate(sub_bullets(item)) if (index, sub) not in cut]
        if isinstance(item, str) or kept == item.highlights:
            highlights.append(item)
        else:
            highlights.append(item.model_copy(update={"highlights": kept}) if kept
                              else item.text)
    return entry.model_copy(update={"highlights": highlights})
