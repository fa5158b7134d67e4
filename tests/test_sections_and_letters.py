"""End to end with real TeX Live: the seed record plus three sections of its own and two
cover letters validates, builds every variant and two one-page letters, and every string
of them comes out of the PDFs (pdftotext and pypdf); a letter edit recompiles only that
letter; --for tailors a résumé to a letter's application.

The record is built once per module into a temporary folder; tests that edit it work on
copies of the record and the output folder.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import DATA_RECORD, pdf_texts, run_cli, shown

pytestmark = pytest.mark.latex

# Three sections of the record's own, one per layout, and two letters: every kind of
# field, with characters TeX would otherwise interpret.
OWN_AND_LETTERS = """
sections:
  teaching:
    title: Teaching & Mentoring
    entries:
      - title: "Teaching Fellow, Deep Learning (CPSC 452)"
        organization: Yale University
        location: New Haven, CT
        start: "2019-01"
        end: "2019-05"
        details: Head fellow for 120 students; 100% of problem sets rewritten
        highlights:
          - "Ran weekly sections on *adaptive* optimizers"
          - "Wrote the convergence notes {all of them} #1"
      - title: Guest lecture on Neural ODEs
        organization: Stanford University
        date: 2020
        url: https://example.org/lecture
  languages:
    title: Languages
    entries:
      - {title: Mandarin Chinese, details: native}
      - {title: English, details: "fluent (TOEFL 115/120)"}
      - {title: Français}
  interests:
    title: Interests
    entries:
      - {title: "Rock climbing & hiking"}
      - {title: "Go, the board game [(OGS)](https://online-go.com)"}
letters:
  - id: acme
    company: Acme Corporation
    position: Research Scientist, Optimization
    recipient: Dr. Jane Smith
    address: [100 Main Street, "Springfield, IL 62701"]
    date: 2026-11-27
    prefer_tags: [acme]
    body: |
      I am writing to apply for the **Research Scientist** position on the
      optimization team at Acme. My AdaBelief optimizer has been used by thousands of
      practitioners and was added to DeepMind's optax and Google's Flax.

      At OpenAI I improved long-context training for GPT-4 Turbo; at Yale I proved
      $O(1/\\sqrt{T})$ rates for adaptive methods and taught deep learning to 120 students.

      I would welcome the chance to discuss how I can help Acme's research & products
      (see [my page](https://juntang-zhuang.github.io)). Thank you for your consideration.
    closing: Best regards
  - id: globex
    resume: academic-cv
    body: |
      Please accept my application for the postdoctoral position in your group.

      My work spans optimization, Neural ODEs and medical imaging: 15 papers, 2 patents.
"""

TAILORED_PAPER = "LadderNet: Multi-path networks based on U-Net for medical image segmentation"
LETTERS = {"acme": ["Dr. Jane Smith", "Acme Corporation", "100 Main Street",
                    "Springfield, IL 62701", "November 27, 2026",
                    "Application for Research Scientist, Optimization", "Dear Dr. Jane Smith,",
                    "Best regards,"],
           "globex": ["Dear Hiring Manager,", "Sincerely,"]}


def seed_with_own_sections_and_letters(folder: Path) -> Path:
    """data/cv.yaml, a paper tagged for acme, the résumé listing a section of its own, and
    the sections and letters above."""
    text = DATA_RECORD.read_text(encoding="utf-8")
    text = text.replace("    title: \"LadderNet", "    tags: [acme]\n    title: \"LadderNet", 1)
    assert "tags: [acme]" in text
    text += OWN_AND_LETTERS + """
variants:
  industry-resume:
    sections:
      - {kind: about, title: Summary}
      - {kind: experience, max_highlights: 2}
      - {kind: projects, title: Selected Projects, only_selected: true}
      - {kind: education, style: compact}
      - {kind: publications, title: Selected Publications, only_selected: true, limit: 5, style: compact}
      - {kind: awards, limit: 4, style: compact}
      - {kind: skills}
      - {kind: languages}
"""
    path = folder / "cv.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@dataclass(frozen=True)
class Built:
    data: Path
    output: Path
    log: str

    def text(self, name: str) -> tuple[str, str]:
        return pdf_texts(self.output / f"{name}.pdf")

    def pages(self, name: str) -> int:
        from pypdf import PdfReader

        return len(PdfReader(self.output / f"{name}.pdf").pages)


def statuses(log: str) -> dict[str, str]:
    return dict(re.findall(r"^\S+ ([\w-]+): (built|up to date|failed)", log, re.M))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    folder = tmp_path_factory.mktemp("letters")
    data = seed_with_own_sections_and_letters(folder)
    result = run_cli("build", "--data", data, "--output", folder / "output")
    assert result.code == 0, result.output
    return Built(data, folder / "output", result.out)


def copy_of(built: Built, tmp_path: Path) -> tuple[Path, Path]:
    data, output = tmp_path / "cv.yaml", tmp_path / "output"
    shutil.copyfile(built.data, data)
    shutil.copytree(built.output, output)
    return data, output


def assert_shown(strings, texts) -> None:
    for text in texts:  # pdftotext's and pypdf's
        missing = [s for s in strings if not shown(s, text)]
        assert not missing, missing


def test_it_validates_and_builds_every_variant_and_a_letter_each(built):
    result = run_cli("validate", "--data", built.data)
    assert result.code == 0 and "3 sections of its own, 2 letters" in result.out
    assert statuses(built.log) == dict.fromkeys(
        ["academic-cv", "industry-resume", "research-statement", "cover-letter-acme",
         "cover-letter-globex"], "built")
    assert built.pages("cover-letter-acme") == built.pages("cover-letter-globex") == 1
    assert built.pages("industry-resume") == 1


def test_the_academic_cv_shows_every_string_of_the_records_own_sections(built):
    from cv_builder.record.markup import to_plain
    from cv_builder.record.validate import load_record

    record, _ = load_record(built.data)
    strings = []
    for section in record.sections.values():
        strings.append(section.title)
        for entry in section.entries:
            strings += [to_plain(entry.title), entry.organization, entry.location,
                        to_plain(entry.details or ""), *map(to_plain, entry.highlights)]
    strings = [s for s in strings if s]
    strings += ["Jan 2019 – May 2019", "2020", "Mandarin Chinese: native", "adaptive optimizers"]
    assert_shown(strings, built.text("academic-cv"))
    poppler, _ = built.text("academic-cv")
    # Headings on lines of their own ("Interests" is also in "Research Interests").
    order = [re.search(rf"(?m)^\f?{re.escape(title)}$", poppler).start()
             for title in ("Skills", "Teaching & Mentoring", "Languages", "Interests")]
    assert order == sorted(order)  # after the built-in sections, in the record's order


def test_a_variant_shows_a_section_it_names(built):
    assert_shown(["Languages", "Mandarin Chinese: native", "English: fluent (TOEFL 115/120)",
                  "Français"], built.text("industry-resume"))
    assert not shown("Teaching & Mentoring", built.text("industry-resume")[0])


@pytest.mark.parametrize("letter", sorted(LETTERS))
def test_each_letter_is_one_page_with_every_string(built, letter):
    from cv_builder.record.letters import paragraphs
    from cv_builder.record.markup import to_plain
    from cv_builder.record.validate import load_record

    record, _ = load_record(built.data)
    (source,) = [item for item in record.letters if item.id == letter]
    body = [to_plain(p) for p in paragraphs(source.body) if "$" not in p]
    assert_shown(["Juntang Zhuang", "zhuangjt12@gmail.com", *LETTERS[letter], *body],
                 built.text(f"cover-letter-{letter}"))


def header_words(pdf: Path, until: str) -> list[str]:
    """The words of a page before the first word `until` (the header, in reading order)."""
    text = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text[:text.index(until)].split()


def test_a_letter_has_its_resumes_header(built):
    letter = header_words(built.output / "cover-letter-acme.pdf", "November")
    resume = header_words(built.output / "industry-resume.pdf", "Summary")
    assert letter == resume and letter[:2] == ["Juntang", "Zhuang"]
    # globex goes with the academic CV: its look (Latin Modern), not the résumé's.
    fonts = subprocess.run(["pdffonts", str(built.output / "cover-letter-globex.pdf")],
                           check=True, capture_output=True, text=True).stdout
    assert "LMRoman" in fonts or "LMSans" not in fonts


def line_boxes(pdf: Path) -> list[tuple[float, float, str]]:
    """(xMin, xMax, text) of every line of page 1, from pdftotext -bbox-layout."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", "-l", "1", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    lines = []
    for match in re.finditer(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</line>',
                             xml, re.S):
        words = re.findall(r">([^<]*)</word>", match[3])
        lines.append((float(match[1]), float(match[2]), " ".join(words)))
    return lines


def test_a_letters_paragraphs_are_justified(built):
    lines = line_boxes(built.output / "cover-letter-acme.pdf")
    first = next(i for i, line in enumerate(lines) if line[2].startswith("I am writing"))
    paragraph = lines[first:first + 3]  # the first paragraph runs over three lines
    left, right = {round(x) for x, _, _ in paragraph}, [x for _, x, _ in paragraph[:2]]
    assert len(left) == 1 and abs(right[0] - right[1]) < 1.0, paragraph
    assert right[0] == pytest.approx(612 - 72, abs=1.5)  # flush with the 1-inch margin


def test_a_letter_edit_recompiles_only_that_letter(built, tmp_path):
    data, output = copy_of(built, tmp_path)
    data.write_text(data.read_text(encoding="utf-8").replace(
        "Thank you for your consideration.", "Thank you for reading.", 1), encoding="utf-8")
    result = run_cli("build", "--data", data, "--output", output)
    assert result.code == 0, result.output
    assert statuses(result.out) == {"academic-cv": "up to date", "industry-resume": "up to date",
                                    "research-statement": "up to date",
                                    "cover-letter-acme": "built",
                                    "cover-letter-globex": "up to date"}
    assert shown("Thank you for reading.", pdf_texts(output / "cover-letter-acme.pdf")[0])


def test_nothing_changed_is_answered_before_the_cli(built, capsys):
    """The quick no-op answer knows the PDFs a letter variant made (it writes nothing)."""
    from cv_builder.cli.entry import answer_up_to_date

    for argv in (["build"], ["build", "cover-letter"]):
        assert answer_up_to_date([*argv, "--data", str(built.data), "--output",
                                  str(built.output)])
    printed = capsys.readouterr().out
    assert printed.count("cover-letter-acme: up to date") == 2
    assert printed.count("academic-cv: up to date") == 1


def test_a_resume_tailored_to_an_application(built, tmp_path):
    data, output = copy_of(built, tmp_path)
    result = run_cli("build", "industry-resume", "--for", "acme", "--data", data,
                     "--output", output)
    assert result.code == 0, result.output
    assert statuses(result.out) == {"industry-resume-acme": "built"}
    tailored = pdf_texts(output / "industry-resume-acme.pdf")
    assert_shown([TAILORED_PAPER], tailored)  # tagged acme: kept though not selected
    assert not shown(TAILORED_PAPER, built.text("industry-resume")[0])
    both = run_cli("build", "--for", "acme", "--data", data, "--output", output)
    assert statuses(both.out) == {"industry-resume-acme": "up to date",
                                  "cover-letter-acme": "up to date"}


def test_one_letter_only(built, tmp_path):
    data, output = copy_of(built, tmp_path)
    result = run_cli("build", "--letter", "globex", "--data", data, "--output", output, "--force")
    assert statuses(result.out) == {"cover-letter-globex": "built"}
    wrong = run_cli("build", "--letter", "acm", "--data", data, "--output", output)
    assert wrong.code == 2 and "did you mean 'acme'" in wrong.err


def test_a_long_letter_is_fitted_to_one_page_and_a_novel_is_refused(built, tmp_path):
    data, output = copy_of(built, tmp_path)
    paragraph = ("My research develops fast and accurate optimizers for deep learning, "
                 "and I have shipped them to products used by millions of people. ") * 4
    long_body = "\n\n      ".join([paragraph] * 7)  # seven paragraphs, in the YAML block
    text = data.read_text(encoding="utf-8").replace(
        "Please accept my application", long_body + "\n\n      Please accept my application", 1)
    data.write_text(text, encoding="utf-8")
    result = run_cli("build", "cover-letter", "--letter", "globex", "--data", data,
                     "--output", output)
    assert result.code == 0, result.output
    assert "fitted: " in result.out
    from pypdf import PdfReader

    assert len(PdfReader(output / "cover-letter-globex.pdf").pages) == 1
    assert_shown(["Please accept my application"], pdf_texts(output / "cover-letter-globex.pdf"))
    data.write_text(text.replace(long_body, "\n\n      ".join([paragraph] * 30), 1),
                    encoding="utf-8")
    before = (output / "cover-letter-globex.pdf").read_bytes()
    novel = run_cli("build", "cover-letter", "--letter", "globex", "--data", data,
                    "--output", output)
    assert novel.code == 1 and "Shorten the letter" in novel.err
    assert (output / "cover-letter-globex.pdf").read_bytes() == before  # left as it was


@pytest.mark.latex
def test_a_letter_over_its_page_says_how_to_allow_two_and_that_works(tmp_path):
    """"Shorten the letter." was all it said; the form it now names builds two pages."""
    from pypdf import PdfReader

    paragraph = ("I have spent five years building reliable distributed systems, and I "
                 "would bring that experience to the team. ") * 5
    body = "\n\n".join([paragraph] * 11)
    record = tmp_path / "cv.yaml"
    text = ("person:\n  name: Priya Raman\nletters:\n  - id: acme\n    company: Acme\n"
            "    body: |\n" + "".join(f"      {line}\n" if line else "\n"
                                     for line in body.split("\n")))
    record.write_text(text, encoding="utf-8")
    failed = run_cli("build", "cover-letter", "--data", record, "--output", tmp_path / "out")
    assert failed.code == 1, failed.output
    form = "variants: {cover-letter: {page_limit: 2}}"
    assert f"Shorten the letter, or let every letter run to 2 pages with `{form}`" in failed.err
    record.write_text(text + form + "\n", encoding="utf-8")
    built = run_cli("build", "cover-letter", "--data", record, "--output", tmp_path / "out")
    assert built.code == 0, built.output
    assert len(PdfReader(tmp_path / "out" / "cover-letter-acme.pdf").pages) == 2


@pytest.mark.parametrize("locale, name, expected", [
    ("de", "Jürgen Müller", ["27. November 2026", "Sehr geehrte Damen und Herren,",
                             "Bewerbung als Entwickler", "Mit freundlichen Grüßen"]),
    ("zh-Hans", "庄钧堂", ["2026年11月27日", "尊敬的招聘负责人：", "应聘Entwickler职位", "此致", "敬礼！"]),
])
def test_a_letter_in_its_readers_language(tmp_path, locale, name, expected):
    """The date and the words a letter adds follow the locale; a name in Chinese takes
    the XeLaTeX path like any document."""
    data = tmp_path / "cv.yaml"
    data.write_text(f"locale: {locale}\nperson: {{name: {name}, email: a@example.org}}\n"
                    "letters:\n  - id: job\n    position: Entwickler\n    date: 2026-11-27\n"
                    "    body: |\n      Ein Brief.\n", encoding="utf-8")
    result = run_cli("build", "cover-letter", "--data", data, "--output", tmp_path / "out")
    assert result.code == 0, result.output
    assert_shown([name, *expected, "Ein Brief."], pdf_texts(tmp_path / "out" /
                                                           "cover-letter-job.pdf"))


def test_a_letter_in_the_classic_look_keeps_its_header_on_the_page(tmp_path):
    """The classic look sets its header into the margin and indents everything after it
    (a left skip ending the header's paragraph): the letter ends that paragraph first, and
    like the research statement (prose) it keeps the full measure, no date column."""
    data = tmp_path / "cv.yaml"
    data.write_text("person: {name: Ada Lovelace, email: ada@example.org}\n"
                    "variants:\n  industry-resume: {template: classic.tex.j2}\n"
                    "letters:\n  - {id: a, recipient: Mr. Babbage, body: Notes on the engine.}\n",
                    encoding="utf-8")
    result = run_cli("build", "cover-letter", "--data", data, "--output", tmp_path / "out")
    assert result.code == 0, result.output
    lines = line_boxes(tmp_path / "out" / "cover-letter-a.pdf")
    name = next(line for line in lines if line[2] == "Ada Lovelace")
    body = next(line for line in lines if line[2].startswith("Notes on the engine"))
    assert name[0] == pytest.approx(72, abs=2)  # at the 1-inch margin, as in the résumé
    assert body[0] == pytest.approx(name[0], abs=2)  # prose: no empty date column
