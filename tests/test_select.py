"""Selection: which entries a variant shows, in which order, and citation numbers; never a mutation."""

from __future__ import annotations

import pytest

from cv_builder.record.model import Record, SectionSpec, Variant
from cv_builder.select import (
    DEFAULT_TITLES,
    View,
    number_citations,
    recency,
    select,
    select_entries,
)


def record_with(**sections) -> Record:
    return Record.model_validate({"person": {"name": "Ada Lovelace"}, **sections})


def variant_with(*sections: dict, **fields) -> Variant:
    return Variant.model_validate({"template": "academic-cv.tex.j2", "title": "T",
                                   "sections": list(sections), **fields})


AWARDS = [
    {"name": "Old", "year": 2001, "tags": ["academic"]},
    {"name": "Newest", "year": 2010, "selected": True},
    {"name": "Middle", "year": 2005, "tags": ["industry"], "selected": True},
    {"name": "Newer", "year": 2008, "tags": ["industry", "academic"]},
]


def names(entries) -> list[str]:
    return [e.name for e in entries]


def spec(**fields) -> SectionSpec:
    return SectionSpec.model_validate({"kind": "awards", **fields})


@pytest.fixture
def awards():
    return list(record_with(awards=AWARDS).awards)


def test_everything_by_default_in_record_order(awards):
    assert names(select_entries(awards, spec())) == ["Old", "Newest", "Middle", "Newer"]


def test_only_selected(awards):
    assert names(select_entries(awards, spec(only_selected=True))) == ["Newest", "Middle"]


def test_tags_keep_entries_with_any_of_them(awards):
    assert names(select_entries(awards, spec(tags=["industry"]))) == ["Middle", "Newer"]
    assert names(select_entries(awards, spec(tags=["industry", "academic"]))) == \
        ["Old", "Middle", "Newer"]


def test_exclude_tags(awards):
    assert names(select_entries(awards, spec(exclude_tags=["academic"]))) == ["Newest", "Middle"]


def test_filters_combine(awards):
    chosen = select_entries(awards, spec(tags=["industry"], only_selected=True))
    assert names(chosen) == ["Middle"]


def test_limit_keeps_the_most_recent_in_record_order(awards):
    assert names(select_entries(awards, spec(limit=2))) == ["Newest", "Newer"]


def test_limit_larger_than_the_list(awards):
    assert names(select_entries(awards, spec(limit=10))) == names(awards)


def test_limit_ties_keep_the_earlier_entries():
    awards = record_with(awards=[{"name": n, "year": 2000} for n in "ABCD"]).awards
    assert names(select_entries(list(awards), spec(limit=2))) == ["A", "B"]


def test_limit_counts_identical_entries_separately():
    """Two equal entries are still two entries: a limit of 1 keeps one of them."""
    awards = record_with(awards=[{"name": "Same", "year": 2000}] * 3).awards
    assert len(select_entries(list(awards), spec(limit=1))) == 1


def test_statuses_filter_publications():
    record = record_with(publications=[
        {"id": "a", "authors": ["X"], "title": "A", "year": 2020},
        {"id": "b", "authors": ["X"], "title": "B", "year": 2021, "status": "in submission"},
        {"id": "c", "authors": ["X"], "title": "C", "year": 2022, "status": "accepted"},
    ])
    chosen = select_entries(list(record.publications),
                            SectionSpec(kind="publications", statuses=["published", "accepted"]))
    assert [p.id for p in chosen] == ["a", "c"]


def test_max_highlights_trims_a_copy_not_the_record():
    record = record_with(experience=[
        {"organization": "O", "position": "P", "highlights": ["one", "two", "three"]},
        {"organization": "Q", "position": "R", "highlights": ["only"]},
    ])
    chosen = select_entries(list(record.experience),
                            SectionSpec(kind="experience", max_highlights=2))
    assert [list(e.highlights) for e in chosen] == [["one", "two"], ["only"]]
    assert record.experience[0].highlights == ["one", "two", "three"]
    assert chosen[1] is record.experience[1]  # nothing to trim: the same object


def test_max_highlights_zero():
    record = record_with(experience=[{"organization": "O", "position": "P",
                                      "highlights": ["one"]}])
    (job,) = select_entries(list(record.experience),
                            SectionSpec(kind="experience", max_highlights=0))
    assert job.highlights == []


@pytest.mark.parametrize("entry, key", [
    ({"organization": "O", "position": "P", "start": "2019-06", "end": "2019-09"}, (2019, 9, 1)),
    ({"organization": "O", "position": "P", "start": "2019-06", "end": "present"}, (9999, 13, 1)),
    ({"organization": "O", "position": "P", "start": "2019-06"}, (2019, 6, 1)),
    ({"organization": "O", "position": "P", "start": 2019}, (2019, 0, 1)),
    ({"organization": "O", "position": "P"}, (0, 0, 0)),
])
def test_recency_of_dated_entries(entry, key):
    assert recency(record_with(experience=[entry]).experience[0]) == key


def test_recency_of_yearly_entries():
    award = record_with(awards=[{"name": "A", "year": 2004}]).awards[0]
    assert recency(award) == (2004, 0, 0)


def test_ongoing_jobs_are_most_recent():
    record = record_with(experience=[
        {"organization": "Old", "position": "P", "start": 2001, "end": 2003},
        {"organization": "Now", "position": "P", "start": 1990, "end": "present"},
        {"organization": "Mid", "position": "P", "start": "2010-01", "end": "2012-12"},
    ])
    chosen = select_entries(list(record.experience), SectionSpec(kind="experience", limit=1))
    assert [e.organization for e in chosen] == ["Now"]


def test_select_builds_sections_in_variant_order_with_titles():
    record = record_with(awards=AWARDS, about="Hello.",
                         skills=[{"category": "Code", "items": ["Python"]}])
    variant = variant_with({"kind": "skills"}, {"kind": "about", "title": "Summary"},
                           {"kind": "awards", "limit": 1})
    view = select(record, "v", variant)
    assert isinstance(view, View)
    assert [(s.kind, s.title) for s in view.sections] == [
        ("skills", DEFAULT_TITLES["skills"]), ("about", "Summary"),
        ("awards", DEFAULT_TITLES["awards"])]
    assert view.sections[1].entries == ("Hello.",)
    assert names(view.sections[2].entries) == ["Newest"]
    assert view.variant_name == "v" and view.variant is variant and view.record is record


def test_empty_sections_are_left_out():
    record = record_with(awards=AWARDS)
    variant = variant_with({"kind": "about"}, {"kind": "statement"}, {"kind": "talks"},
                           {"kind": "awards", "tags": ["nothing-has-this"]}, {"kind": "awards"})
    assert [s.kind for s in select(record, "v", variant).sections] == ["awards"]


def test_style_is_passed_on():
    view = select(record_with(awards=AWARDS), "v", variant_with({"kind": "awards",
                                                                 "style": "compact"}))
    assert view.sections[0].style == "compact"


def test_every_section_kind_has_a_default_title():
    from typing import get_args

    from cv_builder.record.model import SectionKind

    assert set(get_args(SectionKind)) == set(DEFAULT_TITLES)


def test_select_never_mutates_the_record(repo_root):
    from cv_builder.record.validate import load_record
    from cv_builder.record.variants import resolve_variants

    record, document = load_record(repo_root / "data" / "cv.yaml")
    before = record.model_dump()
    for name, variant in resolve_variants(record, document).items():
        select(record, name, variant)
    assert record.model_dump() == before


# --- citations ---------------------------------------------------------------

PAPERS = [{"id": key, "authors": ["Ada Lovelace"], "title": key.upper(), "year": year}
          for key, year in (("p1", 2021), ("p2", 2020), ("p3", 2019), ("p4", 2018))]
RESEARCH = [
    {"title": "Theme A", "projects": [{"title": "x", "papers": ["p3"]},
                                      {"title": "y", "papers": ["p1", "p3"]}]},
    {"title": "Theme B", "projects": [{"title": "z", "papers": ["p4"]}]},
]


def test_citations_numbered_in_order_of_first_citation():
    record = record_with(publications=PAPERS, research=RESEARCH)
    view = select(record, "v", variant_with({"kind": "research"}))
    assert view.citations == {"p3": 1, "p1": 2, "p4": 3}
    assert [(n, p.id) for n, p in view.references] == [(1, "p3"), (2, "p1"), (3, "p4")]


def test_citations_follow_the_publication_list_when_there_is_one():
    record = record_with(publications=PAPERS, research=RESEARCH)
    view = select(record, "v", variant_with({"kind": "research"}, {"kind": "publications"}))
    assert view.citations == {"p1": 1, "p2": 2, "p3": 3, "p4": 4}


def test_citations_outside_a_shortened_publication_list_come_after_it():
    record = record_with(publications=PAPERS, research=RESEARCH)
    view = select(record, "v", variant_with({"kind": "publications", "limit": 2},
                                            {"kind": "research"}))
    assert view.citations == {"p1": 1, "p2": 2, "p3": 3, "p4": 4}
    record = record_with(publications=PAPERS, research=RESEARCH)
    view = select(record, "v", variant_with({"kind": "publications", "tags": ["none"]},
                                            {"kind": "research"}))
    assert view.citations == {"p3": 1, "p1": 2, "p4": 3}


def test_no_citations_without_research_or_publications():
    view = select(record_with(publications=PAPERS, research=RESEARCH), "v",
                  variant_with({"kind": "awards"}))
    assert view.citations == {} and view.references == []


def test_number_citations_directly():
    from cv_builder.select import Section

    record = record_with(publications=PAPERS, research=RESEARCH)
    sections = [Section("research", "R", tuple(record.research))]
    assert number_citations(sections) == {"p3": 1, "p1": 2, "p4": 3}


# --- sections of the record's own ----------------------------------------------------------------

OWN = {
    "teaching": {"title": "Teaching", "entries": [
        {"title": "Fellow", "organization": "Yale", "start": "2019-01", "end": "2019-05"},
        {"title": "Tutor", "date": 2021, "tags": ["industry"]},
        {"title": "Grader", "date": 2015, "selected": True}]},
    "languages": {"entries": [{"title": "English", "details": "native"}, {"title": "Latin"}]},
    "interests": {"entries": [{"title": "Chess"}, {"title": "Go", "url": "https://example.org"}]},
}


def test_the_layout_follows_what_the_entries_hold():
    from cv_builder.select import custom_layout

    record = record_with(sections=OWN)
    layouts = {key: custom_layout(section.entries, None)
               for key, section in record.sections.items()}
    assert layouts == {"teaching": "entries", "languages": "lines", "interests": "list"}
    entries = record.sections["interests"].entries
    assert custom_layout(entries, "lines") == "lines"  # a style naming a layout wins
    assert custom_layout(entries, "compact") == "list"  # any other style: by shape


def test_a_variant_selects_the_records_own_section_like_any_other():
    record = record_with(sections=OWN)
    view = select(record, "v", variant_with({"kind": "teaching", "limit": 2, "title": "Taught"}))
    (section,) = view.sections
    assert (section.kind, section.title, section.layout) == ("teaching", "Taught", "entries")
    assert [e.title for e in section.entries] == ["Fellow", "Tutor"]  # the two most recent
    view = select(record, "v", variant_with({"kind": "teaching", "only_selected": True},
                                            {"kind": "teaching", "tags": ["industry"]}))
    assert [[e.title for e in s.entries] for s in view.sections] == [["Grader"], ["Tutor"]]


def test_all_the_records_own_sections_follow_unless_listed():
    record = record_with(sections=OWN, awards=AWARDS)
    variant = variant_with({"kind": "languages", "style": "list"}, {"kind": "awards"},
                           custom_sections="all")
    view = select(record, "v", variant)
    assert [(s.kind, s.title, s.layout) for s in view.sections] == [
        ("languages", "Languages", "list"), ("awards", "Awards", None),
        ("teaching", "Teaching", "entries"), ("interests", "Interests", "list")]
    listed = select(record, "v", variant_with({"kind": "awards"}))
    assert [s.kind for s in listed.sections] == ["awards"]


def test_an_empty_section_of_ones_own_is_not_shown():
    record = record_with(sections={"grants": {"title": "Grants"}})
    assert select(record, "v", variant_with(custom_sections="all")).sections == ()


# --- tailored to an application -----------------------------------------------------------------

def test_preferred_tags_count_as_selected_and_win_a_limit():
    record = record_with(awards=AWARDS)
    chosen = select_entries(record.awards, spec(only_selected=True, limit=2),
                            prefer=frozenset({"academic"}))
    assert names(chosen) == ["Old", "Newer"]  # both tagged academic, kept over Newest
    chosen = select_entries(record.awards, spec(limit=3), prefer=frozenset({"industry"}))
    assert names(chosen) == ["Newest", "Middle", "Newer"]  # preferred first, then newest
    chosen = select_entries(record.awards, spec(only_selected=True))
    assert names(chosen) == ["Newest", "Middle"]
    chosen = select_entries(record.awards, spec(exclude_tags=["academic"]),
                            prefer=frozenset({"academic"}))
    assert names(chosen) == ["Newest", "Middle"]  # a filter still filters


def test_a_tailored_view_carries_what_it_prefers_for_the_fit():
    from cv_builder.latex.cuts import drop_candidates

    record = record_with(awards=AWARDS)
    view = select(record, "v", variant_with(spec().model_dump()), frozenset({"academic"}))
    assert view.prefer == {"academic"}
    cut_first = [drop.label for drop in drop_candidates(view)]
    assert cut_first.index("awards 'Middle'") < cut_first.index("awards 'Old'")


def test_a_letters_view_takes_its_look_and_paper_from_its_resume(load, minimal):
    from cv_builder.record.documents import plan
    from cv_builder.record.variants import resolve_variants
    from cv_builder.select import view_of

    record = load({**minimal, "letters": [{"id": "acme", "body": "x", "company": "Acme",
                                           "position": "Analyst"}],
                   "variants": {"industry-resume": {"paper": "a4"}}})
    variants = resolve_variants(record)
    (job,) = plan(record, variants, ["cover-letter"])
    view = view_of(record, job, variants)
    assert view.letter.id == "acme" and view.sections == ()
    assert view.frame == "industry-resume.tex.j2" and view.variant.paper == "a4"
    assert view.variant.description == "Cover Letter: Analyst, Acme"



# --- publications grouped by type, numbered through or per group ------------------------

TYPED_PAPERS = [
    {"id": "w19", "authors": ["A"], "title": "W", "year": 2019, "type": "workshop"},
    {"id": "c20", "authors": ["A"], "title": "C", "year": 2020, "type": "conference"},
    {"id": "j18", "authors": ["A"], "title": "J", "year": 2018, "type": "journal"},
    {"id": "sub", "authors": ["A"], "title": "S", "year": 2022, "type": "conference",
     "status": "in submission"},
    {"id": "c22", "authors": ["A"], "title": "C2", "year": 2022, "type": "conference"},
    {"id": "book", "authors": ["A"], "title": "B", "year": 2015, "type": "book"},
    {"id": "phd", "authors": ["A"], "title": "T", "year": 2016, "type": "thesis"},
]


def test_grouped_publications_run_by_type_newest_first_in_each():
    record = record_with(publications=TYPED_PAPERS)
    view = select(record, "v", variant_with({"kind": "publications", "group_by_type": True}))
    ids = [p.id for p in view.sections[0].entries]
    # journal, conference (newest first), workshop, preprint (not yet accepted), thesis,
    # other (a book)
    assert ids == ["j18", "c22", "c20", "w19", "sub", "phd", "book"]
    assert view.citations == {key: n for n, key in enumerate(ids, 1)}
    assert view.labels["c22"] == "2"


def test_a_paper_with_no_year_yet_heads_its_group():
    papers = TYPED_PAPERS + [
        {"id": "soon", "authors": ["A"], "title": "J2", "type": "journal", "status": "to appear"},
        {"id": "draft", "authors": ["A"], "title": "D", "type": "conference",
         "status": "in preparation"}]
    view = select(record_with(publications=papers), "v",
                  variant_with({"kind": "publications", "group_by_type": True}))
    ids = [p.id for p in view.sections[0].entries]
    assert ids[:2] == ["soon", "j18"] and ids.index("draft") == ids.index("sub") - 1


def test_per_group_numbering_labels_with_a_letter():
    record = record_with(publications=TYPED_PAPERS)
    view = select(record, "v", variant_with(
        {"kind": "publications", "group_by_type": True, "numbering": "per-group"}))
    assert [view.labels[key] for key in ("j18", "c22", "c20", "w19", "sub", "phd", "book")] \
        == ["J1", "C1", "C2", "W1", "P1", "T1", "O1"]


def test_ungrouped_publications_keep_the_record_order():
    view = select(record_with(publications=TYPED_PAPERS), "v", variant_with({"kind": "publications"}))
    assert [p.id for p in view.sections[0].entries] == [p["id"] for p in TYPED_PAPERS]


# --- a job without bullets shows the projects done there --------------------------------

JOBS = [{"organization": "OpenAI", "position": "Scientist", "start": "2022-04", "end": "present"},
        {"organization": "Google", "position": "Intern", "start": 2021, "end": 2021,
         "highlights": ["Did research."]}]
PROJECTS = [{"name": "GPT*", "role": "**core** contributor", "organization": "openai",
             "selected": True},
            {"name": "Side", "organization": "Elsewhere", "selected": True},
            {"name": "Quiet", "organization": "OpenAI"}]


def test_a_job_without_bullets_shows_its_projects_and_they_are_not_listed_again():
    record = record_with(experience=JOBS, projects=PROJECTS)
    view = select(record, "v", variant_with({"kind": "experience"},
                                            {"kind": "projects", "only_selected": True}))
    openai, google = view.sections[0].entries
    # The variant's own project selection: "Quiet" is not selected, so not shown.
    assert openai.highlights == [r"**GPT\***: **core** contributor"]
    assert google.highlights == ["Did research."]  # a job with bullets keeps its own
    assert [p.name for p in view.sections[1].entries] == ["Side"]
    assert record.experience[0].highlights == []  # the record is untouched


def test_projects_all_folded_leave_no_empty_section():
    record = record_with(experience=JOBS, projects=PROJECTS[:1])
    view = select(record, "v", variant_with({"kind": "experience"}, {"kind": "projects"}))
    assert [s.kind for s in view.sections] == ["experience"]


def test_folding_can_be_turned_off_for_exports_of_the_record_shape():
    record = record_with(experience=JOBS, projects=PROJECTS)
    view = select(record, "v", variant_with({"kind": "experience"}, {"kind": "projects"}),
                  fold=False)
    assert view.sections[0].entries[0].highlights == []
    assert len(view.sections[1].entries) == 3


def test_the_academic_cv_shows_the_summary_of_a_record_with_no_statement():
    """A record imported from JSON Resume (an industry person: about, no statement) had
    an academic CV with no summary at all; one with a statement is unchanged."""
    from cv_builder.record.variants import resolve_variants

    about = "Data engineer with eight years of streaming pipelines."
    industry = record_with(about=about, education=[{"institution": "MIT", "degree": "BSc"}])
    academic = record_with(about=about, research_statement="I study solvers.",
                           education=[{"institution": "MIT", "degree": "BSc"}])
    for record, first in ((industry, ("about", "Summary", about)),
                          (academic, ("statement", "Research Interests", "I study solvers."))):
        view = select(record, "academic-cv", resolve_variants(record)["academic-cv"])
        shown = [(s.kind, s.title, s.entries[0]) for s in view.sections]
        assert shown[0] == first and shown[1][0] == "education"
        assert [kind for kind, _, _ in shown].count("about") == (record is industry)


def test_unless_names_a_known_kind(load, minimal):
    from cv_builder.errors import InvalidInput

    minimal["variants"] = {"academic-cv": {"sections": [
        {"kind": "about", "unless": "statment"}]}}
    record = load(minimal)
    from cv_builder.record.variants import resolve_variants

    with pytest.raises(InvalidInput, match="'statment' is not a built-in section .*did you "
                                           "mean 'statement'"):
        resolve_variants(record)
