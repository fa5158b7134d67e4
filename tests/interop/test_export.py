"""Text, Markdown and HTML exports: the PDF's selection, escaped, one self-contained HTML page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cv_builder.cli.commands import cli
from cv_builder.interop.export import export, export_record_file, outline
from cv_builder.interop.markup import math_text, to_html, to_markdown, to_text
from cv_builder.publish import save_text
from cv_builder.record.fields import escape_markup
from cv_builder.record.markup import to_plain
from cv_builder.record.model import Record
from cv_builder.record.validate import load_record
from cv_builder.record.variants import resolve_variants
from cv_builder.select import select

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data" / "cv.yaml"


@pytest.fixture(scope="module")
def project():
    record, document = load_record(DATA)
    return record, resolve_variants(record, document)


def exported(project, fmt: str, name: str = "academic-cv") -> str:
    record, variants = project
    return export(record, fmt, name, variants[name])[0]


def squash(text: str) -> str:
    return " ".join(text.split())


HOSTILE = Record.model_validate({
    "person": {"name": "Eve <script>alert(1)</script> & Co", "headline": '"quoted" <b>',
               "website": "https://example.org/?a=1&b='x'"},
    "research_statement": "A *real* [link](https://example.org/x?y=1&z=2) and "
                          "<img src=x onerror=alert(1)>",
    "experience": [{"organization": "</h3><script>x</script>", "position": "# Not a heading",
                    "highlights": ["1. not a list", "- nor this", "`code` | pipe _under_ "
                                   "&amp; \\*star\\*"]}],
})


def hostile(fmt: str) -> str:
    variant = resolve_variants(HOSTILE)["academic-cv"]
    return export(HOSTILE, fmt, "academic-cv", variant)[0]


# --- Same facts as the PDF -----------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_publication_title_is_exported(project, fmt):
    record, _ = project
    out = squash(exported(project, fmt))
    for paper in record.publications:
        assert squash(paper.title) in out


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_the_resume_shows_only_what_its_pdf_shows(project, fmt):
    record, variants = project
    view = select(record, "industry-resume", variants["industry-resume"])
    out = exported(project, fmt, "industry-resume")
    shown = {p.name for s in view.sections if s.kind == "projects" for p in s.entries}
    # A job without bullets shows its projects as bullets (select.fold_projects).
    shown |= {p.name for s in view.sections if s.kind == "experience" for job in s.entries
              for p in record.projects if any(p.name in bullet for bullet in job.highlights)}
    for project_ in record.projects:
        assert (project_.name in out) == (project_.name in shown), project_.name
    assert "Research Experience" not in out and "RESEARCH EXPERIENCE" not in out


def test_section_order_follows_the_variant(project):
    record, variants = project
    text = exported(project, "text")
    titles = [s.title.upper() for s in select(record, "academic-cv",
                                              variants["academic-cv"]).sections]
    positions = [text.index("\n" + t + "\n") for t in titles]
    assert positions == sorted(positions)


def test_the_research_statement_lists_its_references(project):
    text = exported(project, "text", "research-statement")
    assert "REFERENCES" in text
    assert "[1] J. Zhuang, Boqing Gong, et al. Surrogate gap minimization" in text


# --- Plain text ----------------------------------------------------------------------------------

def test_text_has_no_markup_and_no_hard_wrapping(project):
    text = exported(project, "text")
    assert "**" not in text and "](" not in text and "\\" not in text
    assert "O(1/√(T))" in text  # math made readable
    statement = next(line for line in text.splitlines() if line.startswith("My research aims"))
    assert statement.endswith("Medical Image Analysis.")  # one line per paragraph


def test_text_keeps_link_addresses():
    assert to_text("see [the page](https://example.org)") == "see the page <https://example.org>"
    assert to_text("[https://example.org](https://example.org)") == "https://example.org"


# --- Markdown ------------------------------------------------------------------------------------

def test_markdown_structure(project):
    md = exported(project, "markdown")
    assert md.startswith("# Juntang Zhuang\n")
    assert "\n## Publications\n" in md
    assert "1. **J. Zhuang**, Boqing Gong, et al. **Surrogate gap minimization" in md
    assert "[Google Scholar](https://scholar.google.com/citations?user=78_Vob4AAAAJ&hl=en)" in md
    assert "$`O(1/\\sqrt{T})`$" in md


@pytest.mark.parametrize("source, markdown", [
    (escape_markup("a*b_c [x] `y` <z> $5"), "a\\*b_c \\[x\\] \\`y\\` \\<z> \\$5"),
    (escape_markup("_lead and trail_ snake_case"), "\\_lead and trail\\_ snake_case"),
    (escape_markup("AT&T &amp;"), "AT&T \\&amp;"),
    ("**bold** *it* [l](https://e.org/a_(b))", "**bold** *it* [l](<https://e.org/a_(b>))"),
    ("$x_1$", "$`x_1`$"),
])
def test_markdown_escaping(source, markdown):
    assert to_markdown(source) == markdown


def test_markdown_of_a_hostile_record_stays_text():
    md = hostile("markdown")
    assert "\\<script>alert(1)\\</script>" in md
    assert "\n- 1\\. not a list" in md  # '- 1. x' is a list inside the bullet
    assert "\n- \\- nor this" in md
    assert "\\# Not a heading" not in md  # mid-line # is text already
    assert "\\`code\\`" in md


# --- HTML ----------------------------------------------------------------------------------------

class Checker(HTMLParser):
    """Collects headings, tags and attributes; fails on unbalanced tags."""

    VOID = {"meta", "link", "br", "img", "hr", "input"}

    def __init__(self):
        super().__init__()
        self.stack, self.headings, self.attrs, self.tags = [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()


def check(html: str) -> Checker:
    checker = Checker()
    checker.feed(html)
    checker.close()
    assert checker.stack == []
    return checker


@pytest.mark.parametrize("name", ["academic-cv", "industry-resume", "research-statement"])
def test_html_is_one_accessible_self_contained_page(project, name):
    html = exported(project, "html", name)
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    checker = check(html)
    assert checker.headings[0] == 1 and checker.headings.count(1) == 1
    for before, after in zip(checker.headings, checker.headings[1:]):
        assert after <= before + 1, "a heading level is skipped"
    assert {"header", "main", "section", "title", "style"} <= set(checker.tags)
    assert not {"script", "link", "img", "iframe"} & set(checker.tags)
    assert "src" not in {key for key, _ in checker.attrs}
    assert "@import" not in html and "url(" not in html


def test_html_escapes_everything_from_the_record():
    html = hostile("html")
    checker = check(html)
    assert "script" not in checker.tags and "img" not in checker.tags
    assert "Eve &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert '<a href="https://example.org/x?y=1&amp;z=2">link</a>' in html
    assert "&amp;amp;" in html


def test_html_math_is_readable_and_keeps_its_source():
    assert str(to_html("rate $O(1/\\sqrt{T})$")) == (
        'rate <span class="math" title="O(1/\\sqrt{T})">O(1/√(T))</span>')


def test_math_that_cannot_be_converted_keeps_its_source():
    assert math_text("\\alpha") == "α"
    assert math_text("\\frac{a}{b}") == "a/b"


# --- Outline -------------------------------------------------------------------------------------

def test_outline_numbers_papers_as_the_pdf_does(project):
    record, variants = project
    view = select(record, "academic-cv", variants["academic-cv"])
    doc = outline(view)
    papers = next(p for p in doc.parts if p.title == "Publications")
    assert [item.number for item in papers.items] == list(range(1, len(record.publications) + 1))


def test_plain_fields_are_escaped_into_markup():
    record = Record.model_validate({"person": {"name": "A B"}, "awards": [
        {"name": "Prize for *stars* [sic]", "year": 2020}]})
    view = select(record, "academic-cv", resolve_variants(record)["academic-cv"])
    item = next(p for p in outline(view).parts if p.items).items[0]
    assert to_plain(item.title) == "Prize for *stars* [sic]"


# --- Command line and files ----------------------------------------------------------------------

def run(*args) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("fmt, start", [("text", "JUNTANG ZHUANG\n"),
                                        ("markdown", "# Juntang Zhuang\n"),
                                        ("html", "<!DOCTYPE html>")])
def test_cli_prints_to_stdout(fmt, start):
    result = run("export", "--format", fmt, "--data", DATA)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(start)
    assert result.stderr == ""


def test_cli_writes_a_file_with_o(tmp_path):
    target = tmp_path / "cv.html"
    result = run("export", "industry-resume", "--format", "html", "--data", DATA, "-o", target)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "Résumé" in target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["cv.html"]  # no temporary left
    # Made again after an edit: -o replaces the file, as docs/interop.md says.
    assert run("export", "--format", "text", "--data", DATA, "-o", target).exit_code == 0
    assert "Résumé" not in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [
    ["export", "nope", "--format", "text"],
    ["export", "--format", "pdf"],
    ["export"],
])
def test_cli_user_errors_exit_2(args):
    assert run(*args, "--data", DATA).exit_code == 2


def test_cli_missing_record_exits_2(tmp_path):
    result = run("export", "--format", "text", "--data", tmp_path / "none.yaml")
    assert result.exit_code == 2
    assert "file not found" in result.output


def test_export_record_file_defaults_to_the_academic_cv():
    text, warnings = export_record_file(DATA, "text")
    assert "RESEARCH EXPERIENCE" in text and warnings == []


def test_save_text_keeps_permissions_and_replaces_whole(tmp_path):
    target = tmp_path / "out.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    save_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o600


# --- Sections of the record's own, and letters ---------------------------------------------------

OWN_AND_LETTERS = """\
person: {name: Ada Lovelace, email: ada@example.org}
sections:
  teaching:
    title: Teaching
    entries:
      - title: "Tutor, *Calculus*"
        organization: University of London
        location: London
        start: "1841-01"
        end: "1841-06"
        details: Weekly tutorials & 100% attendance
        highlights: [Wrote the problems]
      - {title: Guest lecture, date: 1843, url: "https://example.org/lecture"}
  languages:
    entries:
      - {title: English, details: native}
      - {title: Latin}
  interests:
    entries:
      - {title: Poetry}
      - {title: "Horses [and odds](https://example.org/odds)", url: "https://example.org/h"}
letters:
  - id: engine
    recipient: Mr. Babbage
    position: Programmer
    date: 1843-07-10
    body: |
      I write to offer my **notes**,
      all of them: 100% & more.

      See [Note G](https://example.org/g); $B_n$ too.
    closing: Yours faithfully
  - {id: other, body: Short.}
"""


@pytest.fixture
def own_record(write_record):
    return write_record(OWN_AND_LETTERS)


def test_own_sections_in_text_as_in_the_pdf(own_record):
    text = export_record_file(own_record, "text")[0]
    assert "TEACHING\n========\nTutor, Calculus, University of London (London · Jan 1841 – Jun 1841)\n" \
           "  Weekly tutorials & 100% attendance\n  - Wrote the problems\n" in text
    assert "Guest lecture <https://example.org/lecture> (1843)" in text
    assert "LANGUAGES\n=========\n- English: native\n- Latin\n" in text
    assert "- Horses and odds <https://example.org/odds> https://example.org/h" in text


def test_own_sections_in_markdown_and_html(own_record):
    markdown = export_record_file(own_record, "markdown")[0]
    assert "### Tutor, *Calculus*, University of London" in markdown
    assert "- **English:** native" in markdown and "- Poetry" in markdown
    assert "[Guest lecture](https://example.org/lecture)" in markdown
    html = export_record_file(own_record, "html")[0]
    assert "<h2 id=\"s2\">Languages</h2>" in html or ">Languages</h2>" in html
    assert "<li><strong>English:</strong> native</li>" in html


def test_a_letter_as_plain_text_for_a_web_form(own_record):
    text, warnings = export_record_file(own_record, "text", "cover-letter", ["engine"])
    assert warnings == []
    assert text == ("Dear Mr. Babbage,\n\n"
                    "I write to offer my notes, all of them: 100% & more.\n\n"
                    "See Note G <https://example.org/g>; B_n too.\n\n"
                    "Yours faithfully,\nAda Lovelace\n")
    other = export_record_file(own_record, "text", "cover-letter", ["other"])[0]
    assert other == "Dear Hiring Manager,\n\nShort.\n\nSincerely,\nAda Lovelace\n"


def test_a_letter_exports_as_text_only_and_one_at_a_time(own_record):
    from cv_builder.errors import InvalidInput

    with pytest.raises(InvalidInput, match="plain text"):
        export_record_file(own_record, "markdown", "cover-letter", ["engine"])
    with pytest.raises(InvalidInput, match=r"name one with --letter \(engine, other\)"):
        export_record_file(own_record, "text", "cover-letter")


def test_a_jsonresume_of_one_variant_keeps_its_own_sections(own_record):
    import json

    data = json.loads(export_record_file(own_record, "jsonresume", "academic-cv")[0])
    assert data["languages"] == [{"language": "English", "fluency": "native"},
                                 {"language": "Latin"}]
    assert data["interests"][0] == {"name": "Poetry"}


def test_cli_export_of_a_letter(own_record):
    result = CliRunner().invoke(cli, ["export", "cover-letter", "--letter", "other",
                                      "--format", "text", "--data", str(own_record)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Dear Hiring Manager,")
def test_export_letter_without_a_variant_exports_that_letter(own_record):
    """`export --letter ID` (help: "without VARIANT, of the record's letter variant")
    failed: --letter picked letters of the academic CV."""
    alone = export_record_file(own_record, "text", None, ["engine"])
    assert alone == export_record_file(own_record, "text", "cover-letter", ["engine"])
    result = CliRunner().invoke(cli, ["export", "--letter", "other", "--format", "text",
                                      "--data", str(own_record)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Dear Hiring Manager,")


def test_two_letters_are_refused_saying_one_per_export(own_record):
    """It said "name one with --letter (engine, other)" to someone who had named two."""
    from cv_builder.errors import InvalidInput

    for variant in ("cover-letter", None):
        with pytest.raises(InvalidInput, match=r"one letter with --letter.*named: engine, other"):
            export_record_file(own_record, "text", variant, ["engine", "other"])


def test_export_for_without_a_variant_is_the_letters_resume(own_record):
    """`export --for ID` printed the academic CV; as with build, it is the résumé made
    for that application."""
    for fmt in ("text", "jsonresume"):
        tailored = export_record_file(own_record, fmt, None, (), "engine")
        assert tailored == export_record_file(own_record, fmt, "industry-resume", (), "engine")
    assert export_record_file(own_record, "text", None, (), "engine") != \
        export_record_file(own_record, "text")


def test_export_help_says_what_export_does():
    text = CliRunner().invoke(cli, ["export", "--help"]).output
    assert "VARIANTS" not in text and "just the letter" not in text
    assert "One letter per export" in text and "the résumé that letter goes with" in text


# --- In the reader's language, as the PDF ---------------------------------------------------------

@pytest.fixture(scope="module")
def german(tmp_path_factory):
    path = tmp_path_factory.mktemp("de") / "cv.yaml"
    text = DATA.read_text(encoding="utf-8").replace("status: published", "status: preprint", 1)
    path.write_text(text + "\nlocale: de\n", encoding="utf-8")
    record, document = load_record(path)
    return record, resolve_variants(record, document)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_exports_use_the_records_locale_for_dates_and_words(german, fmt):
    text = squash(exported(german, fmt))
    assert "Sept. 2016 – Apr. 2022" in text and "Sep 2016" not in text  # CLDR, as the PDF
    assert "AUSBILDUNG" in text.upper() and "Betreuung: James S. Duncan" in text
    assert "1.000 Sterne auf GitHub" in text and "stars on GitHub" not in text
    assert "(Preprint)" in text and "preprint)" not in text
    if fmt == "html":
        assert '<html lang="de">' in text


def test_the_pdf_and_the_exports_write_the_same_dates(german):
    from cv_builder.latex.render import render

    record, variants = german
    # The PDF ties each date of a range together (Sept.~2016): the same words and spaces.
    tex = render(select(record, "academic-cv", variants["academic-cv"])).replace("~", " ")
    for when in re.findall(r"Sept\. \d{4} – \S+ \d{4}", squash(exported(german, "text"))):
        assert when in tex


def test_json_resume_names_an_untitled_talk_in_the_records_language(german):
    import json

    record, _ = german
    text, warnings = export(record, "jsonresume")
    names = [p["name"] for p in json.loads(text)["projects"] if p.get("type") == "talk"]
    assert "Vortrag bei Computational Neuroscience Laboratory at Stanford University" in names
    assert any("named 'Vortrag bei" in w for w in warnings)


# --- The same facts as the PDF ----------------------------------------------------------------

SHOWN_OR_NOT = """\
person: {name: Ada Lovelace, email: ada@example.org}
about: Analyst of engines.
research_statement: Engines compute.
education:
  - institution: University of London
    degree: Ph.D.
    location: Bloomsbury
    start: 1840
    end: 1843
    highlights: [Thesis on the difference engine]
open_source:
  - {name: notes, url: "https://example.org/notes", stars: 12, description: Annotated notes}
publications:
  - {id: p1, authors: [Ada Lovelace], title: Sketch of the engine, venue: Memoirs, year: 1843,
     venue_short: SM 1843, status: in submission, selected: true}
research:
  - title: Engines
    narrative: How engines compute.
    projects:
      - title: Note G
        mentors: [Charles Babbage]
        institution: Royal Society
        start: "1842-10"
        end: "1843-07"
        papers: [p1]
"""

# Facts the résumé's and the statement's PDFs do not print (their compact and prose
# partials), and the academic CV does.
NOT_IN_RESUME = ("Bloomsbury", "Thesis on the difference engine", "Annotated notes", "Memoirs")
NOT_IN_STATEMENT = ("Charles Babbage", "Royal Society", "1842", "In submission")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_exports_leave_out_what_the_pdf_leaves_out(write_record, fmt):
    """The résumé's Markdown had the education bullet and place its PDF leaves out; the
    statement's text had mentors, institution and dates."""
    path = write_record(SHOWN_OR_NOT)
    resume = export_record_file(path, fmt, "industry-resume")[0]
    statement = export_record_file(path, fmt, "research-statement")[0]
    cv = export_record_file(path, fmt, "academic-cv")[0]
    assert "University of London" in resume and "Note G" in statement
    for fact in NOT_IN_RESUME:
        assert fact not in resume and fact in cv, fact
    for fact in NOT_IN_STATEMENT:
        assert fact not in statement, fact
    assert "Babbage" in cv and "Royal Society" in cv


@pytest.mark.latex
def test_exports_and_pdfs_agree_on_those_facts(write_record, tmp_path):
    from pypdf import PdfReader

    path = write_record(SHOWN_OR_NOT)
    output = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--data", str(path), "--output", str(output)])
    assert result.exit_code == 0, result.output
    for name in ("industry-resume", "research-statement", "academic-cv"):
        pdf = " ".join(page.extract_text() for page in PdfReader(output / f"{name}.pdf").pages)
        pdf = re.sub(r"\s+", " ", pdf)
        text = re.sub(r"\s+", " ", export_record_file(path, "text", name)[0])
        for fact in (*NOT_IN_RESUME, *NOT_IN_STATEMENT, "University of London", "Note G"):
            assert (fact in pdf) == (fact in text), (name, fact)


def test_a_variants_json_resume_has_the_same_basics_as_the_whole_records():
    """Without a variant basics.summary was the record's about; with academic-cv (which
    prints the statement, not the about) it was missing."""
    import json

    whole = json.loads(export_record_file(DATA, "jsonresume")[0])["basics"]
    for variant in ("academic-cv", "industry-resume", "research-statement"):
        assert json.loads(export_record_file(DATA, "jsonresume", variant)[0])["basics"] == whole
    assert whole["summary"].startswith("I am")


# --- Sub-bullets ---------------------------------------------------------------------------------

NESTED = Record.model_validate({
    "person": {"name": "Ada Lovelace"},
    "experience": [{"organization": "Acme", "position": "Engineer", "highlights": [
        "Led the storage team",
        {"text": "Shipped the **new** engine", "highlights": [
            "3x write throughput", "zero-downtime migration"]},
        "Wrote the on-call guide"]}],
    "sections": {"teaching": {"entries": [{"title": "Fellow", "start": 2019, "highlights": [
        {"text": "Taught loops", "highlights": ["- not a list item"]}]}]}},
})


def nested(fmt: str) -> str:
    variant = resolve_variants(NESTED)["academic-cv"]
    return export(NESTED, fmt, "academic-cv", variant)[0]


def test_text_indents_sub_bullets_under_their_bullet():
    lines = nested("text").splitlines()
    at = lines.index("  - Shipped the new engine")
    assert lines[at - 1:at + 4] == ["  - Led the storage team", "  - Shipped the new engine",
                                    "    - 3x write throughput", "    - zero-downtime migration",
                                    "  - Wrote the on-call guide"]
    assert "    - - not a list item" in lines


def test_markdown_sub_bullets_are_a_nested_list():
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(nested("markdown"))
    assert ("<li>Shipped the <strong>new</strong> engine\n<ul>\n<li>3x write throughput</li>\n"
            "<li>zero-downtime migration</li>\n</ul>\n</li>\n<li>Wrote the on-call guide</li>"
            ) in html
    assert "<li>Taught loops\n<ul>\n<li>- not a list item</li>" in html  # text, not a list


def test_html_sub_bullets_are_a_list_inside_their_bullet():
    html = nested("html")
    check(html)
    assert ("<li>Shipped the <strong>new</strong> engine\n<ul>\n<li>3x write throughput</li>\n"
            "<li>zero-downtime migration</li>\n</ul></li>\n<li>Wrote the on-call guide</li>"
            ) in html
