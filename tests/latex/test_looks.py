"""Every shipped look builds every shipped variant, for the seed record and a sparse one,
and its pages are laid out as promised: read back from the PDF's geometry
(pdftotext -bbox-layout), not from the LaTeX source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import DATA_RECORD, run_cli
from cv_builder.record.variants import shipped_looks, shipped_variants
from pdf_boxes import TEX_PT, Page, pages, text_area

pytestmark = pytest.mark.latex

LOOKS = sorted(shipped_looks())
# The documents a record without letters makes (a letter variant makes one PDF per letter;
# tests/test_sections_and_letters.py builds those).
VARIANTS = sorted(name for name, spec in shipped_variants().items()
                  if spec.get("document", "cv") == "cv")
SPARSE = {"person": {"name": "Ada Lovelace", "email": "ada@example.org"},
          "education": [{"institution": "University of London", "degree": "B.A."}],
          "publications": [{"id": "notes", "authors": ["A. Lovelace"],
                            "title": "Notes on the Analytical Engine", "year": 1843}]}


def build_all(folder: Path, data: dict, look: str):
    """Write data (with the look) as a record in folder and build every variant."""
    folder.mkdir(parents=True)
    record = folder / "cv.yaml"
    design = {**data.get("design", {}), "look": look}
    record.write_text(yaml.safe_dump({**data, "design": design}, allow_unicode=True,
                                     sort_keys=False), encoding="utf-8")
    result = run_cli("build", "--data", record, "--output", folder / "out")
    return result, folder / "out"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """{(look, record): (CLI result, output folder)}, built once for the module."""
    seed = yaml.safe_load(DATA_RECORD.read_text(encoding="utf-8"))
    out = {}
    for look in LOOKS:
        for name, data in (("seed", seed), ("sparse", SPARSE)):
            out[look, name] = build_all(tmp_path_factory.mktemp(f"{look}-{name}") / "x",
                                        data, look)
    return out


def log_of(output: Path, variant: str) -> str:
    return (output / ".build" / variant / f"{variant}.log").read_text(encoding="utf-8",
                                                                      errors="replace")


@pytest.mark.parametrize("record", ["seed", "sparse"])
@pytest.mark.parametrize("look", LOOKS)
def test_every_look_builds_every_variant(built, look, record):
    result, output = built[look, record]
    assert result.code == 0, result.output
    for variant in VARIANTS:
        if f"{variant}: skipped: nothing to print" in result.output:
            assert record == "sparse"  # a record with no research has no statement
            continue
        found = pages(output / f"{variant}.pdf")
        limit = shipped_variants()[variant].get("page_limit")
        assert found and (limit is None or len(found) <= limit), variant
        first = " ".join(line.text for line in found[0].lines)
        name = "Juntang Zhuang" if record == "seed" else "Ada Lovelace"
        assert name in first or name.split()[-1] in first, (variant, first[:200])
        if variant == "research-statement":
            assert "Research Statement" in first  # the statement keeps its title
        # No line runs into the margin (TeX would say so in the log).
        overfull = re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log_of(output, variant))
        assert not [width for width in overfull if float(width) > 1], (variant, overfull)


@pytest.mark.parametrize("look", LOOKS)
def test_footer_with_name_and_page_x_of_y_on_every_page(built, look):
    _, output = built[look, "seed"]
    for variant in VARIANTS:
        found = pages(output / f"{variant}.pdf")
        for number, page in enumerate(found, 1):
            area = text_area(log_of(output, variant), page)
            foot = [line.text for line in page.lines if line.y0 > area.bottom]
            if len(found) == 1:
                assert not foot, (variant, foot)  # a one-page document needs none
                continue
            assert any(f"page {number} of {len(found)}" in text for text in foot), (variant,
                                                                                     foot)
            assert any("Juntang Zhuang" in text for text in foot), (variant, foot)


def seed_pages(built, look: str, variant: str) -> tuple[list[Page], str]:
    _, output = built[look, "seed"]
    return pages(output / f"{variant}.pdf"), log_of(output, variant)


PROTRUSION = 3.0  # pt: microtype's largest, a hyphen or a period at the line's end


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("look", LOOKS)
def test_nothing_in_the_margins(built, look, variant):
    """Nothing outside the text block but the footer; microtype lets a line's first and
    last glyphs hang a little into the margin (optical alignment), never more."""
    found, log = seed_pages(built, look, variant)
    for number, page in enumerate(found, 1):
        area = text_area(log, page)
        for line in page.lines:
            for word in line.words:
                assert area.left - PROTRUSION <= word.x0 and word.x1 <= area.right + PROTRUSION, \
                    (number, word)
            # Above the text block only a large name's ascenders; below it only the footer
            # (a last line's descenders may reach under its baseline, the block's end).
            assert line.y0 > area.top / 2, (number, line.text)
            if line.y0 > area.bottom:
                assert re.search(r"^page \d+ of \d+$|^Juntang Zhuang · ", line.text), \
                    (number, line.text)


MARKERS = re.compile(r"^(•|\[[A-Z]?\d+\])$")
# Lines to measure: those starting with a letter microtype hangs into the margin by 1 pt
# at most (parentheses, digits, A J T V W X Y v w x hang further, even after a mark). A
# stray space after the mark would put the first line a word space (3 pt) to the right.
UNPROTRUDED = re.compile(r"^[B-IK-SUZa-uyz]")


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("look", LOOKS)
def test_bullet_and_reference_text_is_flush(built, look, variant):
    """The first line of a bullet (or a numbered reference) starts at the same x as its
    turnover lines: no stray space after the mark."""
    found, _ = seed_pages(built, look, variant)
    checked = 0
    for page in found:
        lines = page.lines
        for index, line in enumerate(lines):
            if len(line.words) < 2 or not MARKERS.match(line.words[0].text):
                continue
            mark, text_x = line.words[0], line.words[1].x0
            if not UNPROTRUDED.match(line.words[1].text):
                continue
            height = line.y1 - line.y0
            previous = line
            for turnover in lines[index + 1:]:
                if turnover.y0 - previous.y1 > 0.6 * height or turnover.x0 <= mark.x1 \
                        or MARKERS.match(turnover.words[0].text):
                    break  # the next item, or the end of the list
                if turnover.x0 > text_x + 20 or not UNPROTRUDED.match(turnover.words[0].text):
                    previous = turnover  # a right column's text on its own line, or a
                    continue             # line whose first glyph hangs into the margin
                assert -0.3 < text_x - turnover.x0 < 1.0, (line.text, turnover.text,
                                                           text_x, turnover.x0)
                checked += 1
                previous = turnover
    if variant != "research-statement":
        assert checked, "no turnover line found to check"


DATE_RANGE = re.compile(r"(?:[A-Z][a-z]{2} )?\d{4} – (?:(?:[A-Z][a-z]{2} )?\d{4}|Present)")


@pytest.mark.parametrize("variant", ["academic-cv", "industry-resume"])
@pytest.mark.parametrize("look", LOOKS)
def test_dates_end_at_one_x(built, look, variant):
    """Every date range of an entry head ends at the same x: flush right in the default
    and awesome looks, at the left column's edge in the classic one (within microtype's
    optical margin: a final 1 hangs out by 0.8 pt)."""
    found, _ = seed_pages(built, look, variant)
    ends = []
    for page in found:
        for line in page.lines:
            text = line.text
            for match in DATE_RANGE.finditer(text):
                if match.end() != len(text) and look != "classic":
                    continue  # a date inside prose, not a column
                # The word that ends the range: count words up to the match's end.
                last = len(text[:match.end()].split()) - 1
                ends.append(round(line.words[last].x1, 1))
    assert len(ends) >= 6, ends
    assert max(ends) - min(ends) < 1.0, sorted(set(ends))


FONTS = {"heros": "TeXGyreHeros", "latin-modern": "LMRoman", "latin-modern-sans": "LMSans",
         "pagella": "TeXGyrePagella", "termes": "TeXGyreTermes", "charter": "Charter"}


@pytest.mark.parametrize("font, face", sorted(FONTS.items()))
def test_every_shipped_font_sets_the_text_and_extracts_it_exactly(tmp_path, font, face):
    """A font named in the design is the one the PDF embeds, and its text layer is exact
    (accents, a middle dot inside a word and between spaces, a hyphenated compound)."""
    import subprocess

    data = {"person": {"name": "Zoë Łukasz-Ærø", "headline": "DALL·E, naïve café · Zürich"},
            "about": "Résumé of a state-of-the-art «engineer».",
            "design": {"font": font, "link_style": "underline"}}
    result, output = build_all(tmp_path / "x", data, "default")
    assert result.code == 0, result.output
    pdf = output / "industry-resume.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert face in fonts, fonts
    text = " ".join(" ".join(line.text for line in page.lines) for page in pages(pdf))
    for expected in ("Zoë Łukasz-Ærø", "DALL·E, naïve café · Zürich",
                     "Résumé of a state-of-the-art «engineer»."):
        assert expected in text, (expected, text)


@pytest.mark.parametrize("style", ["color", "underline", "plain"])
def test_every_link_style_keeps_odd_labels_whole(tmp_path, style):
    """Underlining goes word by word: empty, spaced, braced and marked-up labels, and one
    long word, still build and print exactly."""
    data = {"person": {"name": "Ada Lovelace"}, "design": {"link_style": style},
            "about": "See [a b](https://x.org) and [**bold** *it*](https://x.org/2) or "
                     "[50% off #1 {x} \\\\ y](https://x.org/3) and "
                     "[averyveryverylongwordwithoutanyspacethatmustwrapsomewhere]"
                     "(https://x.org/4).",
            "publications": [{"id": "p", "authors": ["A. Lovelace"], "title": "T", "year": 2020,
                              "links": [{"label": "", "url": "https://x.org/5"},
                                        {"label": "two words", "url": "https://x.org/7"}]}]}
    result, output = build_all(tmp_path / "x", data, "default")
    assert result.code == 0, result.output
    text = " ".join(line.text for page in pages(output / "industry-resume.pdf")
                    for line in page.lines)
    assert "See a b and bold it or 50% off #1 {x} \\ y and" in text
    assert "averyveryverylongwordwithoutanyspacethatmustwrapsomewhere" in text.replace(" ", "")
    cv = " ".join(line.text for page in pages(output / "academic-cv.pdf") for line in page.lines)
    assert "[two words]" in cv and "[https://x.org/5]" in cv  # no label: the address


@pytest.mark.parametrize("variant", ["academic-cv", "research-statement"])
def test_citations_link_to_their_entries(built, variant):
    """Every citation number is a link to a destination that exists: its entry in the
    publication list (the CV) or in the references (the statement)."""
    from pypdf import PdfReader

    _, output = built["default", "seed"]
    reader = PdfReader(output / f"{variant}.pdf")
    destinations = set(reader.named_destinations)
    targets = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if action.get("/S") == "/GoTo":
                targets.append(str(action["/D"]))
    cited = [target for target in targets if target.startswith("cvb.pub.")]
    assert len(cited) >= 10, targets
    assert set(cited) <= destinations


def sub_bullets(parent: str, *subs: str) -> dict:
    return {"text": parent, "highlights": list(subs)}


NESTED = {"person": {"name": "Ada Lovelace"},
          "education": [{"institution": "University of London", "degree": "Ph.D.",
                         "start": 2015, "end": 2020, "highlights": [
                             sub_bullets("Parent Degree bullet.", "Nested bullet of a degree.")]}],
          "experience": [{"organization": "Example Labs", "position": "Engineer",
                          "start": "2020-01", "end": "present", "highlights": [
                              "A plain bullet of a job.",
                              sub_bullets("Parent Job bullet, long enough to run onto a second "
                                          "line in every look, so that its turnover line shows "
                                          "where its text starts: and then Zanzibar.",
                                          "Nested bullet of a job.", "Second nested bullet."),
                              "Last bullet of a job."]}],
          "projects": [{"name": "Parent Project", "role": "lead developer",
                        "organization": "Example Labs", "year": 2021,
                        "highlights": [sub_bullets("Nested bullet of a project.",
                                                   "Deeper bullet of a project.")]}],
          "sections": {"volunteering": {"title": "Volunteering", "entries": [
              {"title": "Parent Listing", "highlights": ["Nested bullet of a listing."]}]},
              "teaching": {"title": "Teaching", "entries": [
                  {"title": "Fellow", "start": 2019, "end": 2020, "highlights": [
                      sub_bullets("Parent Teaching bullet.", "Nested bullet of teaching.")]}]}},
          "variants": {"academic-cv": {"sections": [
              {"kind": "education"}, {"kind": "experience"}, {"kind": "projects"},
              {"kind": "volunteering", "style": "list"}, {"kind": "teaching"}]}}}


@pytest.mark.parametrize("look", LOOKS)
def test_a_nested_list_indents_one_step_from_its_parent(tmp_path, look, build_cv):
    """A bullet inside a bullet (a project's highlights, a listed entry's, the sub-bullets
    of a job's, a degree's, an entry's of a section of one's own) starts one list indent
    (1.3em) right of its parent's text, in every look, below it and before the next
    bullet: the classic look's content column is added once, by the outer list only."""
    built = build_cv({**NESTED, "design": {"look": look}}, tmp_path)
    assert built.code == 0, built.result.output
    lines = [line for page in pages(built.pdf) for line in page.lines]

    def line_of(phrase: str):
        return next(line for line in lines if phrase in line.text)

    def text_x(phrase: str) -> float:
        """Where the phrase starts: the x of its first word, past any bullet."""
        first = phrase.split()[0]
        return next(word.x0 for word in line_of(phrase).words if word.text == first)

    em = 11  # the academic CV's font size, in pt
    for parent, nested in (("Parent Project", "Nested bullet of a project."),
                           ("Nested bullet of a project.", "Deeper bullet of a project."),
                           ("Parent Listing", "Nested bullet of a listing."),
                           ("Parent Degree bullet.", "Nested bullet of a degree."),
                           ("Parent Job bullet,", "Nested bullet of a job."),
                           ("Parent Job bullet,", "Second nested bullet."),
                           ("Parent Teaching bullet.", "Nested bullet of teaching.")):
        step = text_x(nested) - text_x(parent)
        assert 1.0 * em < step < 1.6 * em, (look, parent, nested, step)
        assert line_of(nested).y0 > line_of(parent).y0, (look, nested)
    # The job's bullets are one list: the parent's turnover line starts at its text, the
    # bullets around it at the parent's x, in order down the page.
    order = [line_of(phrase) for phrase in ("A plain bullet of a job.", "Parent Job bullet,",
                                            "Zanzibar.",
                                            "Nested bullet of a job.", "Second nested bullet.",
                                            "Last bullet of a job.")]
    assert [line.y0 for line in order] == sorted(line.y0 for line in order), look
    for phrase in ("A plain bullet of a job.", "Last bullet of a job."):
        assert abs(text_x(phrase) - text_x("Parent Job bullet,")) < 0.5, (look, phrase)
    turnover = line_of("Zanzibar.")
    assert abs(turnover.words[0].x0 - text_x("Parent Job bullet,")) < 0.5, look
    assert "Parent Job bullet" not in turnover.text, "the parent runs onto a second line"


def filler_record(bullets: int, look: str) -> dict:
    """A job with one-line bullets, then papers grouped under "Journal Articles": the
    more bullets, the lower the Publications heading lands."""
    return {"person": {"name": "Ada Lovelace"}, "design": {"look": look},
            "experience": [{"organization": "Example Labs", "position": "Engineer",
                            "start": "2020-01", "end": "2021-01",
                            "highlights": [f"Filler bullet {n}." for n in range(bullets)]}],
            "publications": [{"id": f"p{n}", "authors": ["A. Lovelace"], "type": "journal",
                              "title": f"Paper number {n}", "venue": "JMLR", "year": 2020}
                             for n in range(3)],
            "variants": {"academic-cv": {"sections": [
                {"kind": "experience"}, {"kind": "publications", "group_by_type": True}]}}}


@pytest.mark.parametrize("look", LOOKS)
def test_a_heading_and_its_sub_heading_stay_with_the_first_entry(tmp_path, look, build_cv):
    """Wherever the page breaks near "Publications", the heading, its first group's
    heading ("Journal Articles") and the first paper share a page: the bullets above
    push the heading down line by line through the foot of page 1."""
    def layout(bullets: int) -> tuple[list[Page], str]:
        built = build_cv(filler_record(bullets, look), tmp_path / str(bullets))
        assert built.code == 0, built.result.output
        return pages(built.pdf), log_of(built.pdf.parent, "academic-cv")

    def page_of(found: list[Page], text: str) -> int:
        return next(number for number, page in enumerate(found)
                    for line in page.lines if line.text.startswith(text))

    # Where the heading lands with 30 bullets tells how many put it at the page's foot.
    found, log = layout(30)
    first = found[0]
    heading = next(line for line in first.lines if line.text == "Publications")
    bullets = [line for line in first.lines if "Filler bullet" in line.text]
    pitch = (bullets[-1].y0 - bullets[0].y0) / (len(bullets) - 1)
    at_foot = 30 + round((text_area(log, first).bottom - heading.y1) / pitch)
    crossed = set()
    for count in range(at_foot - 4, at_foot + 2):
        found, _ = layout(count)
        heading_page = page_of(found, "Publications")
        crossed.add(heading_page)
        assert heading_page == page_of(found, "Journal Articles") == page_of(found, "[1]"), \
            (look, count)
    assert crossed == {0, 1}, crossed  # the heading did move across the page break



# The foot of a page may stay empty only by what could not start there: the next block
# that must not split (a heading with its sub-heading and two lines; an entry's head rows
# with two lines of its first bullet; a reference). Six body lines is more than any of
# those in the shipped documents.
MOST_EMPTY_LINES = 6
GAP_VARIANTS = ["academic-cv", "research-statement"]


def long_record() -> dict:
    """Many research themes, their summaries, narratives, projects and bullets of uneven
    lengths, and the papers they cite: page breaks land in every kind of place."""
    sentence = ("The method {n} was measured against the strongest baselines on every "
                "benchmark we could find, and the gap held. ")
    papers = [{"id": f"p{n}", "authors": ["A. Lovelace", "C. Babbage"], "type": "conference",
               "title": f"A study of analytical engines, part {n}",
               "venue": "Conference on Engines", "year": 2000 + n} for n in range(24)]
    themes = []
    for t in range(7):
        projects = [{"title": f"Engine project {t}.{p}", "institution": "University of London",
                     "start": f"{2010 + t}-0{p + 1}", "end": f"{2010 + t}-1{p}",
                     "mentors": ["C. Babbage"], "papers": [f"p{(3 * t + p) % 24}"],
                     "highlights": [sentence.format(n=f"{t}.{p}.{b}") * (1 + (t + b) % 4)
                                    for b in range(2 + (t + p) % 2)]}
                    for p in range(1 + t % 3)]
        themes.append({"title": f"Theme number {t} on engines",
                       "summary": sentence.format(n=t) * (1 + t % 2),
                       "narrative": sentence.format(n=t) * (4 + 3 * (t % 4)),
                       "projects": projects})
    return {"person": {"name": "Ada Lovelace", "name_forms": ["A. Lovelace"]},
            "research_statement": sentence.format(n="overall") * 5,
            "future_directions": sentence.format(n="next") * 3,
            "experience": [{"organization": f"Engine Works {n}", "position": "Engineer",
                            "start": f"{2000 + n}-01", "end": f"{2001 + n}-01",
                            "highlights": [sentence.format(n=f"e{n}.{b}") * (1 + (n + b) % 3)
                                           for b in range(1 + n % 4)]} for n in range(8)],
            "publications": papers, "research": themes}


@pytest.fixture(scope="module")
def long_built(tmp_path_factory) -> dict:
    """{look: output folder} of the long record's academic CV and statement."""
    out = {}
    for look in LOOKS:
        folder = tmp_path_factory.mktemp(f"long-{look}")
        record = folder / "cv.yaml"
        record.write_text(yaml.safe_dump({**long_record(), "design": {"look": look}},
                                         sort_keys=False), encoding="utf-8")
        result = run_cli("build", *GAP_VARIANTS, "--data", record, "--output", folder / "out")
        assert result.code == 0, result.output
        out[look] = folder / "out"
    return out


def empty_lines_at_foot(output: Path, variant: str) -> list[float]:
    """Per page but the last: how many body lines' height is left empty under its text."""
    found = pages(output / f"{variant}.pdf")
    log = log_of(output, variant)
    pitch = shipped_variants()[variant]["font_size"] * 1.22 * TEX_PT  # base.tex.j2's \normalsize
    gaps = []
    for page in found[:-1]:
        bottom = text_area(log, page).bottom
        last = max(line.y1 for line in page.lines if line.y0 < bottom)
        gaps.append(round((bottom - last) / pitch, 1))
    return gaps


@pytest.mark.parametrize("record", ["seed", "long"])
@pytest.mark.parametrize("look", LOOKS)
def test_no_page_ends_with_more_than_a_few_empty_lines(built, long_built, look, record):
    """A heading keeps with it only its sub-heading and two lines (a theme's prose or
    summary splits after them), and an entry splits after its first bullet's two lines:
    so no page but the last leaves a big blank at its foot (the classic look's CV left
    seven lines before "Research Experience", which held its whole first project)."""
    output = built[look, "seed"][1] if record == "seed" else long_built[look]
    for variant in GAP_VARIANTS:
        gaps = empty_lines_at_foot(output, variant)
        assert gaps and max(gaps) <= MOST_EMPTY_LINES, (variant, gaps)


def test_a_research_themes_prose_splits_across_pages(long_built):
    """In every look, some page of the long statement starts inside a theme's narrative:
    the prose runs on from the page before, it is not moved whole."""
    for look, output in long_built.items():
        found = pages(output / "research-statement.pdf")
        starts = [page.lines[0].text for page in found[1:]]
        assert any(text.split()[0].islower() or text.startswith("the gap held")
                   for text in starts), (look, starts)

def many_citations(look: str) -> dict:
    """Ninety papers: one project cites the even ones, one the odd ones, one every
    third (numbers that never follow each other: thirty of them, nothing to compress)."""
    papers = [{"id": f"p{n}", "authors": ["A. Lovelace"], "title": f"Paper number {n}",
               "venue": "JMLR", "year": 2020} for n in range(90)]
    return {"person": {"name": "Ada Lovelace", "name_forms": ["A. Lovelace"]},
            "design": {"look": look},
            "research_statement": "I study engines.", "publications": papers,
            "research": [{"title": "Engines", "projects": [
                {"title": "Scalable optimisation methods for large language model pretraining",
                 "papers": [f"p{n}" for n in range(0, 90, 2)]},
                {"title": "Odd ones", "papers": [f"p{n}" for n in range(1, 90, 2)]},
                {"title": "All the things", "papers": [f"p{n}" for n in range(0, 90, 3)]}]}]}


@pytest.mark.parametrize("look", LOOKS)
def test_long_citations_compress_and_wrap_inside_the_text(tmp_path, look, build_cv, pdf_text):
    """Papers cited in a row print as a range ([1–45]); thirty numbers that do not follow
    each other wrap after a comma: no line runs into the margin, in the CV and in the
    statement, and every extractor reads the citations as printed."""
    for variant in ("research-statement", "academic-cv"):
        built = build_cv(many_citations(look), tmp_path / variant, variant)
        assert built.code == 0, built.result.output
        log = log_of(built.pdf.parent, variant)
        overfull = re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)
        assert not [width for width in overfull if float(width) > 1], (variant, overfull)
        assert "warning" not in built.result.output
        if variant == "research-statement":  # numbered as first cited
            scattered = ", ".join(map(str, [*range(1, 45, 3), *range(47, 90, 3)]))
            for text in pdf_text(built.pdf):
                flat = " ".join(text.split())
                assert "pretraining [1–45]. Odd ones [46–90]." in flat, flat
                assert f"All the things [{scattered}]." in flat, flat


LINKED = {"person": {"name": "Ada Lovelace", "email": "ada@example.org", "phone": "+44 20 7946",
                     "website": "https://ada.example.org",
                     "profiles": [{"label": "GitHub", "url": "https://github.com/ada"}]},
          "about": "Notes on [the engine](https://example.org/notes), with a *link*.",
          "projects": [{"name": "Difference Engine", "url": "https://example.org/engine",
                        "selected": True}],
          "publications": [{"id": "notes", "authors": ["A. Lovelace"], "title": "Notes",
                            "year": 1843, "selected": True, "doi": "10.1000/notes"}]}


@pytest.mark.parametrize("style", ["color", "underline"])
@pytest.mark.parametrize("look", LOOKS)
def test_every_link_looks_like_one(tmp_path, look, style, build_cv):
    """Every web link on the page (the header's addresses too) is coloured or underlined,
    as the design's link style says, in every look: read from the rendered pixels under
    each link's clickable area."""
    from pdf_boxes import link_areas, looks_like_a_link, raster

    built = build_cv({**LINKED, "design": {"look": look, "link_style": style}}, tmp_path,
                     "industry-resume")
    assert built.code == 0, built.result.output
    image, height = raster(built.pdf), pages(built.pdf)[0].height
    links = link_areas(built.pdf)
    assert len(links) >= 6, links  # email, phone, website, GitHub, the about's, the project's
    expected = "colour" if style == "color" else "underline"
    shown = {address: looks_like_a_link(image, rect, height) for address, rect in links}
    assert all(how == expected for how in shown.values()), shown


LONG_DATES = {"person": {"name": "Ada Lovelace"}, "locale": "fr",
              "design": {"date_format": "long"},
              "education": [{"institution": "Université Paris-Saclay", "degree": "Doctorat",
                             "field": "Informatique", "start": "2018-09", "end": "2024-12",
                             "expected": True, "location": "Gif-sur-Yvette"}],
              "experience": [
                  {"organization": "Laboratoire de Recherche en Informatique",
                   "position": "Chercheuse invitée", "start": "2021-09", "end": "present",
                   "highlights": ["Développé un solveur."]},
                  {"organization": "Inria", "position": "Stagiaire",
                   "summary": "Stage de recherche.", "start": "2017-02", "end": "2017-08"},
                  {"organization": "CNRS", "position": "Stagiaire",
                   "start": "2016-02", "end": "2016-09"}]}


@pytest.mark.parametrize("look", LOOKS)
def test_a_two_line_date_leaves_no_blank_line_under_its_head(tmp_path, look, build_cv):
    """A date long enough to take two lines of the classic look's left column: the degree
    follows the institution, and the first bullet the job, on the next line, as with a
    short date; dates of entries with nothing under them still never overlap."""
    built = build_cv({**LONG_DATES, "design": {**LONG_DATES["design"], "look": look}},
                     tmp_path)
    assert built.code == 0, built.result.output
    page = pages(built.pdf)[0]

    def line_with(text: str):
        return next(line for line in page.lines if text in line.text)

    def gap_above(text: str) -> float:
        """From the text above in the same column (not a date beside it) to the word
        text (lines are 13.4 pt apart; a word's box is its font's, an italic one's
        starts higher)."""
        word = next(word for word in page.words if word.text == text)
        return word.y0 - max(other.y0 for other in page.words
                             if other.y0 < word.y0 - 2 and other.x0 > word.x0 - 3)

    gaps = [gap_above(first) for first in ("Doctorat", "Développé", "Stage")]
    assert all(gap < 15.5 for gap in gaps), gaps  # 10 to 13.5 pt; a blank line: 17.8 and more
    if look == "classic":  # the dates really took two lines there
        assert "2018 –" in line_with("Paris-Saclay").text
        assert "décembre 2024 (prévu)" in line_with("Doctorat").text
    # Every word of the page: no two overlap (a date and the next entry's date).
    words = page.words
    for index, a in enumerate(words):
        for b in words[index + 1:]:
            overlap_x = min(a.x1, b.x1) - max(a.x0, b.x0)
            overlap_y = min(a.y1, b.y1) - max(a.y0, b.y0)
            assert overlap_x <= 0.5 or overlap_y <= 1.5, (a, b)


def test_a_three_line_date_keeps_its_entry_below_it(tmp_path, build_cv):
    """The classic look lets one line rise beside a two-line date, never more: under a
    date of three lines ("(voraussichtlich)" on its own) the degree starts below it, so
    the next heading's bar keeps its distance."""
    data = {"person": {"name": "Ada Lovelace"}, "locale": "de",
            "design": {"look": "classic", "date_format": "long"},
            "education": [{"institution": "Universität Wien", "degree": "Doktorat",
                           "start": "2018-09", "end": "2024-12", "expected": True}],
            "experience": [{"organization": "Inria", "position": "Praktikantin",
                            "start": "2016-02", "end": "2016-09"}]}
    built = build_cv(data, tmp_path)
    assert built.code == 0, built.result.output
    words = {word.text: word for word in pages(built.pdf)[0].words}
    assert words["Dezember"].y0 < words["(voraussichtlich)"].y0 < words["Doktorat"].y0


# A record whose widest date ("September 2016 – Juni 2021 (voraussichtlich)" in German)
# is wider than the 40% of a row a date may take.
WIDE_DATES = {"person": {"name": "Ada Lovelace"}, "design": {"date_format": "long"},
              "education": [{"institution": "University of London", "degree": "Ph.D.",
                             "start": "2016-09", "end": "2021-06", "expected": True}],
              "experience": [{"organization": "Analytical Engine Ltd.", "position": "Programmer",
                              "start": "2021-06", "end": "present"},
                             {"organization": "Difference Co.", "position": "Intern",
                              "start": "2019-05", "end": "2019-08"}]}


@pytest.mark.parametrize("locale, look", [("de", "default"), ("de", "classic"),
                                          ("de", "awesome"), ("es", "default"),
                                          ("pt-BR", "default"), ("ru", "default"),
                                          ("el", "default")])
def test_a_date_wider_than_its_column_wraps_inside_the_text(tmp_path, locale, look, build_cv):
    """Every dated row ends inside the text block, the widest date wrapping in its column
    rather than running into the margin, and the build warns of nothing."""
    data = {**WIDE_DATES, "locale": locale, "design": {**WIDE_DATES["design"], "look": look}}
    built = build_cv(data, tmp_path)
    assert built.code == 0, built.result.output
    assert "warning" not in built.result.output, built.result.output
    page = pages(built.pdf)[0]
    area = text_area(log_of(built.pdf.parent, "academic-cv"), page)
    for line in page.lines:
        assert line.words[-1].x1 <= area.right + PROTRUSION, (line.text, area.right)
    text = " ".join(line.text for line in page.lines)
    for year in ("2016", "2019", "2021"):
        assert year in text


@pytest.mark.parametrize("font", sorted(FONTS))
def test_the_awesome_looks_small_caps_extract_as_written(tmp_path, font, build_cv):
    """The headline and a role, in small caps in the awesome look, read back as written
    in both extractors, whatever the font (Charter's psnfss small caps are scaled
    capitals, so it sets them in italics)."""
    import pypdf

    data = {"person": {"name": "Ada Lovelace", "headline": "Research Scientist"},
            "design": {"look": "awesome", "font": font},
            "experience": [{"organization": "Analytical Engine Ltd.",
                            "position": "Senior Programmer", "start": "2021-06",
                            "end": "present"}]}
    built = build_cv(data, tmp_path)
    assert built.code == 0, built.result.output
    poppler = "\n".join(line.text for line in pages(built.pdf)[0].lines)
    extracted = pypdf.PdfReader(built.pdf).pages[0].extract_text()
    for written in ("Research Scientist", "Senior Programmer"):
        for text in (poppler, extracted):
            assert re.search(rf"(^|\n){written}\b", text), (written, text)


@pytest.mark.parametrize("look", ["default", "classic", "awesome"])
def test_missing_parts_leave_no_stray_separators(tmp_path, look, build_cv):
    """A project with a year and no organization shows its year; one with neither, no
    parentheses; a service role without venues, no colon."""
    data = {"person": {"name": "Ada Lovelace"}, "design": {"look": look},
            "projects": [{"name": "Engine", "year": 2020}, {"name": "Loom",
                                                             "organization": "Jacquard"},
                         {"name": "Bare"}],
            "service": [{"role": "Reviewer"}, {"role": "Chair", "venues": ["ICML 2021"]}]}
    built = build_cv(data, tmp_path)
    assert built.code == 0, built.result.output
    lines = [line.text for line in pages(built.pdf)[0].lines]
    for expected in ("• Engine (2020)", "• Loom (Jacquard)", "• Bare", "Reviewer"):
        assert expected in lines, (expected, lines)
    assert not any(mark in " ".join(lines) for mark in ("()", "( ", " )", ":  ", "Reviewer:"))


@pytest.mark.parametrize("look", ["default", "classic", "awesome"])
def test_every_look_prints_renamed_and_localized_titles(tmp_path, look, build_cv):
    """A title reworded under `words:` and one a variant gives its section, beside the
    locale's own titles, in every look."""
    data = {"person": {"name": "Ada Lovelace"}, "locale": "de",
            "design": {"look": look}, "words": {"Skills": "Werkzeuge & Tricks"},
            "education": [{"institution": "Uni Wien", "degree": "PhD", "start": "2016"}],
            "experience": [{"organization": "X", "position": "Y", "start": "2020"}],
            "skills": [{"category": "Sprachen", "items": ["Python"]}],
            "variants": {"academic-cv": {"sections": [
                {"kind": "education", "title": "Studium"}, {"kind": "experience"},
                {"kind": "skills"}]}}}
    built = build_cv(data, tmp_path)
    assert built.code == 0, built.result.output
    lines = [line.text for line in pages(built.pdf)[0].lines]
    for title in ("Studium", "Berufserfahrung", "Werkzeuge & Tricks"):
        assert any(line.strip() == title for line in lines), (title, lines)


def overlapping(words) -> list[tuple[str, str]]:
    """Pairs of words whose boxes cross (sharing more than a third of their height and
    half a point of width)."""
    found = []
    for index, one in enumerate(words):
        for other in words[index + 1:]:
            high = min(one.y1, other.y1) - max(one.y0, other.y0)
            wide = min(one.x1, other.x1) - max(one.x0, other.x0)
            if high > (one.y1 - one.y0) / 3 and wide > 0.5:
                found.append((one.text, other.text))
    return found


@pytest.mark.parametrize("look", ["default", "classic", "awesome"])
@pytest.mark.parametrize("locale, start", [("de", "September"), ("pt-BR", "setembro"),
                                           ("ru", "сентябрь"), ("el", "Σεπτέμβριος")])
def test_compact_education_wraps_clear_of_its_dates(tmp_path, look, locale, start, build_cv):
    """The résumé's one-row degrees with a long localized date: no word crosses another,
    the date stands at least 0.8 em clear of the degree on its line, and the next degree
    starts below the last line of the one before, date included."""
    data = {"person": {"name": "Ada Lovelace"}, "locale": locale,
            "design": {"look": look, "date_format": "long"},
            "education": [{"institution": "Technische Universität München",
                           "degree": "Doctor of Philosophy",
                           "field": "Computational Neuroscience and Applied Mathematics",
                           "advisor": "Augustus De Morgan", "start": "2016-09",
                           "end": "2021-12", "expected": True},
                          {"institution": "Zeta", "degree": "B.Sc.", "start": "2012-10",
                           "end": "2016-07"}],
            "experience": [{"organization": "X", "position": "Y", "start": "2021-06"}]}
    built = build_cv(data, tmp_path, "industry-resume")
    assert built.code == 0, built.result.output
    words = pages(built.pdf)[0].words
    assert overlapping(words) == []
    date = next(word for word in words if word.text == start)
    before = [word for word in words if word.x1 <= date.x0 and abs(word.y0 - date.y0) < 2]
    if before and look != "classic":  # classic: the date is alone in its left column
        assert date.x0 - max(word.x1 for word in before) >= 8, before[-1]
    zeta = next(word for word in words if word.text.startswith("Zeta"))
    # By baselines (a box's foot): Cyrillic and Greek boxes reach higher than Latin ones.
    in_date_column = ((lambda word: word.x1 < zeta.x0) if look == "classic"
                      else (lambda word: word.x0 >= date.x0 - 2))
    first_date = [word for word in words if date.y1 - 2 <= word.y1 < zeta.y1 - 2
                  and in_date_column(word)]
    assert all(word.y1 <= zeta.y0 + 1 for word in first_date), (first_date, zeta)
    # Its turnover lines hang under its first: where each degree starts stays plain.
    first = next(word for word in words if word.text == "Technische")
    turnover = [word for word in words if first.y1 < word.y0 and word.y1 < zeta.y0 + 1
                and word.x0 >= first.x0 - 1 and (look == "classic" or word.x0 < date.x0)]
    assert turnover and min(word.x0 for word in turnover) >= zeta.x0 + 5, (turnover, zeta)
    # A date that ran deeper than its degree's text is set off from the next row's by
    # more than its own lines are from each other: they stack in classic's left column.
    feet = []
    for foot in sorted(word.y1 for word in first_date):
        if not feet or foot - feet[-1] > 3:  # a line's words end within a point or two
            feet.append(foot)
    if look == "classic" and len(feet) > 1 and feet[-1] > max(w.y1 for w in turnover) + 3:
        pitch = min(b - a for a, b in zip(feet, feet[1:]))
        assert zeta.y1 - feet[-1] >= pitch + 2, (feet, zeta)
