"""Benchmark of the importers: a 300-entry .bib into a record, and every file of the wild
corpus (tests/data/wild/), each as a whole command a user waits for.

Run with `make bench-imports` (or `.venv/bin/python bench/imports.py [--runs N]`). The
.bib is made here from six entry shapes the corpus has (ADS with journal macros and
math, BibDesk with bold owners, Zotero with double braces, DBLP with crossref, JabRef
with @string macros, al-folio with links), 50 of each, every title and DOI distinct.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WILD = ROOT / "tests" / "data" / "wild"
CLI = [sys.executable, "-m", "cv_builder"]

SHAPES = [
    """@ARTICLE{{20{y:02d}MNRAS.{n:03d}..{n}K,
       author = {{{{Kowalczyk}}, M.~A. and {{Br{{\\"u}}ggemann}}, L. and {{O'Brien}}, S.}},
        title = "{{Radio halos at z {{\\ensuremath{{\\sim}}}} 0.{n} in cluster {n}}}",
      journal = {{\\mnras}},
         year = 20{y:02d},
        month = jul,
          doi = {{10.1093/mnras/{n:05d}}},
       eprint = {{2{y:02d}1.{n:05d}}},
archivePrefix = {{arXiv}},
       adsurl = {{https://ui.adsabs.harvard.edu/abs/20{y:02d}MNRAS.{n:03d}..{n}K}},
      adsnote = {{Provided by the SAO/NASA Astrophysics Data System}}
}}
""",
    """@inproceedings{{quintero{n}crowds,
	Author = {{P. Lindqvist and {{\\bf T. Quintero}} and H. Okafor}},
	Booktitle = {{European Conference on Computer Vision (ECCV)}},
	Date-Added = {{2019-03-01 10:00:00 +0100}},
	Title = {{Counting Crowds, Part {n}}},
	Year = {{20{y:02d}}},
	Bdsk-Url-1 = {{https://example.org/papers/crowds{n}.pdf}}}}
""",
    """@article{{Okafor{n},
  title = {{Seasonal {{{{Variation}}}} in {{{{Coastal Fog}}}}, Study {n}}},
  author = {{Okafor, Hannah and Abebe, M and {{Mar{{\\'i}}n-Ortega}}, Luc{{\\'i}}a}},
  year = {{20{y:02d}}},
  month = may,
  journal = {{Ecology \\& Evolution}},
  doi = {{10.1002/ece3.{n:05d}}},
  file = {{/Users/hannah/Zotero/storage/ABCD{n}/paper.pdf}}
}}
""",
    """@inproceedings{{DBLP:conf/stoc/Varga{n},
  author    = {{Ilona Varga and
               J{{\\"{{u}}}}rgen M{{\\"{{u}}}}ller}},
  title     = {{Lower bounds for depth-{n} circuits over \\(\\mathbb{{F}}_2\\)}},
  crossref  = {{DBLP:conf/stoc/20{y:02d}}},
  pages     = {{1--{n}}},
  doi       = {{10.1145/{n:07d}}}
}}
""",
    """@Article{{haddad{n}plumes,
  Author  = {{Haddad, Samir and Wren, Olive}},
  Title   = {{Ash Plumes over the {{Atlantic}}, Year {n}}},
  Journal = JGR # ": Atmospheres",
  Year    = 20{y:02d},
  Month   = sep
}}
""",
    """@article{{okonkwo{n}meaning,
  abbr={{AJP}},
  bibtex_show={{true}},
  title={{The Meaning of Relativity, Revisited {n} Times}},
  author={{Okonkwo*, A. and Taylor, Brenda}},
  journal={{American Journal of Physics}},
  year={{20{y:02d}}},
  html={{https://example.org/meaning{n}}},
  code={{https://github.com/example/meaning{n}}},
  selected={{true}}
}}
""",
]


def big_bib(entries: int = 300) -> str:
    parts = ['@string{ JGR = "Journal of Geophysical Research" }\n']
    parents = set()
    for n in range(entries):
        year = n % 25
        parts.append(SHAPES[n % len(SHAPES)].format(n=n, y=year))
        if n % len(SHAPES) == 3 and year not in parents:
            parents.add(year)
    for year in sorted(parents):
        parts.append(f"@proceedings{{DBLP:conf/stoc/20{year:02d},\n  title = {{Proceedings "
                     f"of STOC 20{year:02d}}},\n  year = {{20{year:02d}}},\n  publisher = "
                     "{ACM}\n}\n")
    return "\n".join(parts)


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"command failed: {' '.join(command)}\n{result.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    work = Path(tempfile.mkdtemp(prefix="cv-bench-imports-"))
    bib = work / "papers.bib"
    bib.write_text(big_bib(), encoding="utf-8")
    times = []
    for run in range(runs):
        record = work / f"cv{run}.yaml"
        record.write_text("person:\n  name: Marta A. Kowalczyk\n", encoding="utf-8")
        times.append(timed([*CLI, "import", "bibtex", str(bib), "--into", str(record)], work))
    added = record.read_text(encoding="utf-8").count("\n  - id: ")
    print(f"import bibtex, 300 entries ({added} papers written): "
          f"median {statistics.median(times):.2f} s of {runs} runs")
    kinds = {".bib": "bibtex", ".json": "jsonresume", ".yaml": "rendercv"}
    per_kind: dict[str, list[float]] = {}
    for source in sorted(WILD.iterdir()):
        kind = kinds.get(source.suffix)
        if kind is None or source.name == "expected.yaml" or "merge-conflict" in source.name:
            continue
        record = work / f"{source.stem}.yaml"
        if kind == "bibtex":
            record.write_text("person:\n  name: Someone Else\n", encoding="utf-8")
            command = [*CLI, "import", "bibtex", str(source), "--into", str(record)]
        else:
            record.unlink(missing_ok=True)
            command = [*CLI, "import", kind, str(source), "-o", str(record)]
        per_kind.setdefault(kind, []).append(timed(command, work))
    for kind, values in per_kind.items():
        print(f"import {kind}, the wild corpus: {len(values)} files, median "
              f"{statistics.median(values):.2f} s, slowest {max(values):.2f} s")


if __name__ == "__main__":
    main()
