"""`cv-builder new`: a starter record that validates and builds at once, with commented examples.

Why examples as data: each section's example is kept here as YAML text, written out
commented; tests uncomment every one of them and build, so the examples never rot.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
import unicodedata
from pathlib import Path

from .. import SCHEMA_FILE
from ..errors import InvalidInput, Problem
from .yaml_out import comment_safe, dump_yaml

HEADER = """\
#
# The record of {name}, started by `cv-builder new`. Every document (the academic CV,
# the one-page résumé, the research statement) is made from this one file:
#
#     cv-builder build --data {file}
#
# Replace the two paragraphs below (about, research_statement) with your own words. Each
# other section has a commented example: remove the "# " in front of its lines (keep the
# indentation), then make it yours. `cv-builder validate --data {file}`
# lists every problem at once, with its line.
#
# Fields marked "markup" accept **bold**, *italic*, [label](https://address) and $math$;
# a backslash keeps the next character literal (\\*). Other fields are plain text.
"""

# (heading, explanation, example YAML). The person section is special: `name` is live.
# So are the sections in LIVE: text to replace, written uncommented so that the first
# build already makes all three documents (a document with nothing to show is skipped).
SECTIONS: list[tuple[str, str, str]] = [
    ("About", "A short paragraph (markup); the résumé prints it as the summary.", """\
about: >-
  Replace this with a sentence or two about you: the résumé opens with it. Markup
  works here: **bold**, *italic* and [a link](https://example.org).
"""),
    ("Research statement", "A paragraph (markup) for the CV and the research statement.", """\
research_statement: >-
  Replace this with a paragraph on your research: the questions you work on, what
  you found and what comes next. The academic CV and the research statement print
  it; math such as $O(1/\\sqrt{T})$ works too.
"""),
    ("Education", "Newest first. Dates: a year (2016), a year-month (\"2016-09\") or present.", """\
education:
  - institution: University of Somewhere
    degree: Ph.D.
    field: Computer Science
    advisor: Grace Hopper
    location: Somewhere, CA
    start: "2018-09"
    end: present
    expected: false
    highlights:
      - "Thesis: *Solvers for continuous-time neural networks*"
"""),
    ("Experience", "Jobs, newest first. `tags`, `selected` and `priority` steer the variants; "
                   "a bullet with `text` and `highlights` has sub-bullets.", """\
experience:
  - organization: Example Labs
    position: Research Intern
    location: Remote
    url: https://example.org
    start: "2021-06"
    end: "2021-09"
    tags: [industry]
    selected: true
    priority: 2
    highlights:
      - Cut training time by **30%** with a new optimizer.
      - text: Shipped the solver used by three product teams.
        highlights:
          - Adopted in the nightly simulations.
"""),
    ("Projects", "Industry or personal projects; `role` is markup.", """\
projects:
  - name: Fast Solver
    role: lead developer
    organization: Example Labs
    year: 2021
    url: https://example.org/solver
    selected: true
    highlights:
      - Ten times faster than the previous solver.
"""),
    ("Open source", "Repositories, with their stars as last counted.", """\
open_source:
  - name: tiny-ode
    url: https://github.com/example/tiny-ode
    stars: 120
    description: A small ODE solver library (markup).
    selected: true
"""),
    ("Awards", "Awards and scholarships; higher `priority` is kept longer on the résumé.", """\
awards:
  - name: Best Paper Award
    detail: one of 400 papers
    issuer: Example Conference
    year: 2022
    selected: true
    priority: 3
"""),
    ("Publications", "Your name, or a form of it listed in person.name_forms, is bolded.", """\
publications:
  - id: lastname2022solver
    authors: [{name}, "G. Hopper"]
    et_al: false
    title: Accurate solvers for neural ODEs
    venue: International Conference on Learning Representations
    venue_short: ICLR 2022
    type: conference
    year: 2022
    status: published
    notes: [Spotlight]
    selected: true
    links:
      - label: project page
        url: https://example.org/solver
    doi: 10.0000/example.2022
"""),
    ("Bibliography", "Or keep papers in a .bib file beside this one (Google Scholar, Zotero, "
     "DBLP, ADS and doi.org exports all work): `cv-builder new` wrote an example papers.bib "
     "here to try it, unless you had one; put your own in its place. Entries above with the "
     "same id win, and an entry above may give only `id` plus notes or selected.", """\
bibliography: papers.bib
"""),
    ("Research", "Themes for the research statement; `papers` cite publication ids above.", """\
research:
  - title: Solvers for continuous-time networks
    summary: Accurate and memory-efficient numerical methods (markup).
    narrative: >-
      The theme told as a paragraph for the research statement (markup): the
      question, what the projects found, how they connect.
    projects:
      - title: Accurate solvers for neural ODEs
        mentors: [Grace Hopper]
        institution: University of Somewhere
        start: "2020-01"
        end: "2021-05"
        highlights:
          - Proposed a reverse-accurate integrator with constant memory.
        papers: [lastname2022solver]
        links:
          - label: project page
            url: https://example.org/solver
"""),
    ("Future directions", "Where the research goes next (markup): the research statement "
     "ends with it.", """\
future_directions: >-
  Next I want to bring these solvers to *large* models.
"""),
    ("Service", "Reviewing and other professional activity.", """\
service:
  - role: Reviewer
    venues: [ICLR 2023, NeurIPS 2023]
"""),
    ("Talks", "Invited talks.", """\
talks:
  - title: Solvers for neural ODEs
    host: Example University
    year: 2023
    links:
      - label: video
        url: https://example.org/video
"""),
    ("Skills", "Groups of skills, one line each.", """\
skills:
  - category: Programming
    items: [Python, C++, Julia]
  - category: Frameworks
    items: [PyTorch, JAX]
"""),
    ("Language", "The reader's language (BCP 47: en, en-GB, de, fr, es, it, pt-BR, nl, pl, "
     "tr, ru, el, zh-Hans, zh-Hant, ja, ko): dates, titles and cv-builder's own words; "
     "`words` rewords any of them (keys in cv_builder/record/locales/en.yaml).", """\
locale: en
words:
  present: now
"""),
    ("Paper", "The paper size of every document: letter (the default) or a4.", """\
paper: a4
"""),
    ("Sections of your own", "Teaching, grants, languages... under keys of your choosing. "
     "Each entry has a title (markup) and any of organization, location, start/end or "
     "date, details (markup), highlights, url; the layout follows: dated entries with "
     "bullets, 'title: details' lines, or a plain list. The academic CV shows them all "
     "after its own sections; list a key in a variant's sections to place it "
     "({kind: teaching}).", """\
sections:
  teaching:
    title: Teaching
    entries:
      - title: Teaching Fellow, Numerical Methods (CS 101)
        organization: University of Somewhere
        start: "2020-01"
        end: "2020-05"
        highlights:
          - Led weekly sections for 40 students.
  languages:
    title: Languages
    entries:
      - {title: English, details: native}
      - {title: Spanish, details: professional}
"""),
    ("Letters", "Cover letters: `cv-builder build` writes output/cover-letter-<id>.pdf "
     "for each, one page with the résumé's header. `build industry-resume --for <id>` "
     "writes a résumé preferring the letter's prefer_tags; `export cover-letter --letter "
     "<id> --format text` gives the letter for a web form. The body is markup, written "
     "as a literal block (body: |); inside it, a blank line starts a new paragraph.", """\
letters:
  - id: example-labs
    company: Example Labs
    position: Research Scientist
    recipient: Dr. Grace Hopper
    address: [1 Example Way, "Somewhere, CA 94000"]
    date: 2024-01-15
    prefer_tags: [industry]
    body: |
      I am writing to apply for the **Research Scientist** position at Example Labs.
      My work on fast solvers is used by three product teams. Thank you for your
      consideration.
    closing: Sincerely
"""),
    ("Design", "How every document looks: a look (default, classic, awesome), an accent "
     "colour, a font, links; a variant may override it.", """\
design:
  look: default
  accent: "#1F4E79"
  font: latin-modern
  link_style: color
"""),
    ("Variants", "Change a shipped document, switch one off ({enabled: false}), or add one "
     "(see `cv-builder list`).", """\
variants:
  academic-cv:
    design: {look: classic}
"""),
]

LIVE = ("About", "Research statement")

PERSON_EXAMPLE = """\
name_forms: ["{initials}"]
headline: Research Scientist
email: you@example.org
phone: "+1 555-0100"
website: https://example.org
location: Somewhere, CA
profiles:
  - label: GitHub
    url: https://github.com/example
"""


def slug(name: str) -> str:
    """'Ada María Lovelace' -> 'ada-maria-lovelace', '李雷' -> '李雷': Latin letters lose
    their accents, letters of other scripts stay, anything else becomes one '-'."""
    letters = "".join(ch.lower() if ch.isalnum() else "-"
                      for ch in unicodedata.normalize("NFKD", name)
                      if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", re.sub(r"-+", "-", letters)).strip("-") or "cv"


def initials_form(name: str) -> str:
    """'Ada King Lovelace' -> 'A. K. Lovelace': the usual form in author lists."""
    words = name.split()
    if len(words) < 2:
        return name
    return " ".join(w[0] + "." for w in words[:-1]) + " " + words[-1]


def schema_line(target: Path) -> str:
    """The yaml-language-server line, pointing at the schema from target's folder: relative
    inside this project (it moves with the checkout), else the installed schema's file:
    address; no line at all if the package came without its schema."""
    if not SCHEMA_FILE.is_file():
        return ""
    folder = Path(target).resolve().parent
    root = SCHEMA_FILE.parent.parent
    if folder == root or root in folder.parents:
        where = Path(os.path.relpath(SCHEMA_FILE, folder)).as_posix()
    else:
        where = SCHEMA_FILE.as_uri()
    return f"# yaml-language-server: $schema={where}"


def _commented(text: str) -> str:
    """Each line behind "# ": removing exactly that gives the example back. (So no example
    has a blank line: "#" alone would not uncomment, and "# " is trailing space an editor
    strips.)"""
    return "".join(f"# {line}\n" for line in text.splitlines())


def _indented(text: str, spaces: int) -> str:
    return "".join(" " * spaces + line + "\n" for line in text.splitlines())


def starter_text(name: str, file: str, schema: str = "", examples_live: bool = False) -> str:
    """The starter record; with examples_live the examples are not commented (for tests)."""
    show = (lambda text: text) if examples_live else _commented
    out = [comment_safe(schema) + "\n" if schema else "",
           HEADER.format(name=comment_safe(name), file=comment_safe(file)), "\n"]
    out.append("# --- Person " + "-" * 67 + "\n\n")
    out.append(dump_yaml({"person": {"name": name}}))
    initials = initials_form(name).replace('"', "")
    # The example paper names the person as person.name does, so it is bolded even with
    # name_forms left commented out; JSON's quoting is YAML's.
    quoted_name = json.dumps(name, ensure_ascii=False)
    person = PERSON_EXAMPLE.format(initials=initials)
    out.append(_indented(show(person), 2) if examples_live else
               "".join("  " + line + "\n" for line in _commented(person).splitlines()))
    for heading, explanation, example in SECTIONS:
        out.append(f"\n# --- {heading} " + "-" * max(3, 72 - len(heading)) + "\n")
        # Unbroken at hyphens: "`cv-builder list`" stays one piece to copy.
        out.extend(f"# {line}\n" for line in textwrap.wrap(explanation, 86,
                                                           break_on_hyphens=False))
        example = example.replace("{initials}", initials).replace("{name}", quoted_name)
        out.append(example if heading in LIVE else show(example))
    return "".join(out)


# The example .bib `new` writes beside the record, so that its commented `bibliography:`
# line works once uncommented. {author} is the person's name as the .bib's owner.
EXAMPLE_BIB = """\
% An example for the record's `bibliography: papers.bib` line, written by `cv-builder new`.
% Replace it with your own .bib (Google Scholar, Zotero, DBLP, ADS, doi.org exports).
@article{{example2024bib,
  author  = {{{author} and Hopper, Grace}},
  title   = {{An Example Paper Read from a {{.bib}} File}},
  journal = {{Journal of Examples}},
  year    = {{2024}},
  doi     = {{10.0000/example.2024}},
}}
"""


def example_bib(name: str) -> str:
    """The example .bib with name as its first author (BibTeX's own characters out of
    it, so the entry reads as written; a name that is all such characters: 'Lastname')."""
    author = " ".join(re.sub(r"[{}\\%@#&$~^_,]", " ", name).split()) or "Lastname"
    return EXAMPLE_BIB.format(author=author)


def write_example_bib(folder: Path, name: str) -> Path | None:
    """papers.bib in folder, unless one is there already (the person's own: kept)."""
    path = folder / "papers.bib"
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(example_bib(name))
    except OSError:  # there already (or the folder is read-only): the record still stands
        return None
    return path


def starter_path(name: str, target: str | Path | None = None) -> Path:
    """Where `new` writes: full-name.yaml here; inside target if it is a folder or ends
    with a slash (cv/ -> cv/full-name.yaml, the folder made if need be); else target."""
    file = f"{slug(name)}.yaml"
    if target is None or str(target) == "":
        return Path(file)
    if str(target).endswith(("/", os.sep)) or Path(target).is_dir():
        return Path(target) / file
    return Path(target)


def write_starter(name: str, target: str | Path | None = None) -> Path:
    """Write the starter record for name, making its folder if need be; never over an
    existing file, and nothing at all if the record would not build."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("give the person's full name, e.g. cv-builder new \"Ada Lovelace\"")
    path = starter_path(name, target)
    schema = schema_line(path)
    text = starter_text(name, path.name, schema)
    check_starter(text, name)
    if path.exists() or path.is_symlink():
        raise InvalidInput([Problem(str(path), None, None, "",
                                    "already exists; not overwritten (choose another path "
                                    "with -o, or remove the file)")])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise InvalidInput([Problem(str(path), None, None, "",
                                    "already exists; not overwritten (choose another path "
                                    "with -o, or remove the file)")]) from None
    except OSError as error:
        raise InvalidInput([Problem(str(path), None, None, "",
                                    f"cannot write it: {error.strerror or error}")]) from None
    return path


def check_starter(text: str, name: str) -> None:
    """Raise InvalidInput if the starter would not validate (e.g. a name pdflatex cannot
    set), in words about the name given: the file it names was never written."""
    from ..record.load import parse_document
    from ..record.validate import validate_record

    try:
        validate_record(parse_document(text.encode("utf-8"), "starter.yaml"))
    except InvalidInput as error:
        reasons = "; ".join(f"{p.path}: {p.message}" if p.path else p.message
                            for p in error.problems) or error.format_message()
        raise InvalidInput(f"cannot start a record for {name!r}, nothing written: "
                           f"{reasons}") from None
