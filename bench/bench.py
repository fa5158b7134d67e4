"""Benchmark: medians of the build paths users meet, and the ratios between them, in one run.

Run with `make bench` (or `.venv/bin/python bench/bench.py [--runs N]`). Every
figure is wall-clock time of a whole command, Python start-up included, as a
user would wait for it.

A clean build starts with no output folder; the user cache (~/.cache/cv-builder:
precompiled formats, compiled templates, which format each document used) stays
warm, as it is for every build after a machine's first. The cold-cache line
shows that first build.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from overfull import overfull, six_bullets  # noqa: E402

CLI = [sys.executable, "-m", "cv_builder"]
VARIANTS = ["academic-cv", "industry-resume", "research-statement"]
TEX_ENV = {**os.environ, "openin_any": "p", "openout_any": "p"}


def timed(command: list[str], cwd: Path, env=None) -> tuple[float, int, str]:
    """Seconds, peak resident memory (KB) of the command and its children, and stdout."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, env=env, text=True)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"command failed: {' '.join(command)}\n{out}")
    return seconds, usage.ru_maxrss, out


def tree_peak_kb(command: list[str], cwd: Path) -> int:
    """Peak resident memory (KB) of the command and every process it starts, summed at
    each moment: Python and the three TeX runs are alive together. (wait4's ru_maxrss is
    the largest single process, which undercounts a build.) Sampled from /proc every
    2 ms; Linux only (0 elsewhere)."""
    if not Path("/proc/self/status").exists():
        return 0
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        parents, rss = {}, {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                status = Path(entry.path, "status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            parents[int(entry.name)] = int(fields.get("PPid", "0"))
            rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
        tree, grew = {process.pid}, True
        while grew:
            grew = False
            for pid, parent in parents.items():
                if parent in tree and pid not in tree:
                    tree.add(pid)
                    grew = True
        peak = max(peak, sum(rss.get(pid, 0) for pid in tree))
        time.sleep(0.002)
    return peak


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    work = Path(tempfile.mkdtemp(prefix="cv-bench-"))
    record = work / "cv.yaml"
    shutil.copy(ROOT / "data" / "cv.yaml", record)
    out = work / "out"
    build = [*CLI, "build", "--data", str(record), "--output", str(out)]
    results: dict[str, list[float]] = {k: [] for k in
                                       ("clean", "noop", "edit", "latexmk", "floor")}
    peak_kb = 0
    rebuilt_after_edit = ""
    original = record.read_text(encoding="utf-8")
    for run in range(runs):
        # Clean build of all three variants.
        shutil.rmtree(out, ignore_errors=True)
        seconds, kb, _ = timed(build, ROOT)
        results["clean"].append(seconds)
        peak_kb = max(peak_kb, kb)
        # No-op rebuild.
        seconds, kb, _ = timed(build, ROOT)
        results["noop"].append(seconds)
        # One-field edit: rename an award (not in the research statement).
        edited = original.replace("Best paper award", f"Best paper award {run}", 1)
        record.write_text(edited, encoding="utf-8")
        seconds, kb, text = timed(build, ROOT)
        results["edit"].append(seconds)
        rebuilt_after_edit = ", ".join(re.findall(r"✓ ([\w-]+): built", text))
        record.write_text(original, encoding="utf-8")
        timed(build, ROOT)

    # A clean build with an empty user cache, as on a machine's very first build: the
    # format is made, no pdflatex starts early, no template is precompiled.
    cold = []
    for _ in range(3):
        shutil.rmtree(out, ignore_errors=True)
        cache = Path(tempfile.mkdtemp(prefix="cv-bench-cache-"))
        cold.append(timed(build, ROOT, env={**os.environ, "XDG_CACHE_HOME": str(cache)})[0])
        shutil.rmtree(cache, ignore_errors=True)

    # The same .tex files, by hand: plain latexmk -pdf, one after another, from clean.
    sources = work / "tex"
    for name in VARIANTS:
        folder = sources / name
        folder.mkdir(parents=True, exist_ok=True)
        tex = subprocess.run([*CLI, "tex", name, "--data", str(record)], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
        (folder / f"{name}.tex").write_text(tex, encoding="utf-8")

    def clean_folder(name: str) -> Path:
        folder = sources / name
        for path in folder.iterdir():
            if path.suffix != ".tex":
                path.unlink()
        return folder

    for _ in range(runs):
        started = time.perf_counter()
        for name in VARIANTS:
            subprocess.run(["latexmk", "-pdf", "-norc", "-interaction=nonstopmode", f"{name}.tex"],
                           cwd=clean_folder(name), capture_output=True, env=TEX_ENV, check=True)
        results["latexmk"].append(time.perf_counter() - started)

        # The floor: one pdflatex pass of each, all at once.
        folders = [clean_folder(name) for name in VARIANTS]
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=len(VARIANTS)) as pool:
            list(pool.map(lambda pair: subprocess.run(
                ["pdflatex", "-interaction=nonstopmode", f"{pair[1]}.tex"], cwd=pair[0],
                capture_output=True, env=TEX_ENV, check=True), zip(folders, VARIANTS)))
        results["floor"].append(time.perf_counter() - started)

    # Memory of the whole process tree of a clean build (sampling slows it: apart).
    record.write_text(original, encoding="utf-8")
    tree_kb = 0
    for _ in range(3):
        shutil.rmtree(out, ignore_errors=True)
        tree_kb = max(tree_kb, tree_peak_kb(build, ROOT))

    # Auto-fit: compiles (and how full the fitted page is) for the seed résumé and for
    # over-full records, searched afresh (an empty user cache remembers no fit), then
    # the last one built again (its fit remembered: latex/fit_memory.py).
    fit_lines = []
    fresh = {**os.environ, "XDG_CACHE_HOME": tempfile.mkdtemp(prefix="cv-bench-fit-")}
    for label, path in (("seed record", record),
                        ("6 extra bullets", six_bullets(record, work / "six.yaml")),
                        ("9 extra jobs x 6 bullets", overfull(record, work / "overfull.yaml")),
                        ("the same, built again", work / "overfull.yaml")):
        _, _, text = timed([*CLI, "build", "industry-resume", "--force", "--data", str(path),
                            "--output", str(work / "fit")], ROOT, env=fresh)
        compiles = re.search(r"(\d+) compiles?", text)
        full = re.search(r"the page (\d+)% full", text)
        fit_lines.append(f"  résumé compiles, {label}: {compiles[1] if compiles else '?'}"
                         + (f" (page {full[1]}% full)" if full else ""))
    shutil.rmtree(fresh["XDG_CACHE_HOME"], ignore_errors=True)

    # A record with its name in Chinese characters: every document takes the XeLaTeX path.
    # Its floor is one xelatex pass of each (no format), in parallel.
    cjk_record = work / "cjk.yaml"
    cjk_record.write_text(original.replace("name: Juntang Zhuang", "name: 庄钧堂", 1),
                          encoding="utf-8")
    cjk_out = work / "cjk-out"
    cjk_build = [*CLI, "build", "--data", str(cjk_record), "--output", str(cjk_out)]
    shutil.rmtree(cjk_out, ignore_errors=True)
    timed(cjk_build, ROOT)  # makes the XeLaTeX format once
    cjk_sources = work / "cjk-tex"
    for name in VARIANTS:
        folder = cjk_sources / name
        folder.mkdir(parents=True, exist_ok=True)
        tex = subprocess.run([*CLI, "tex", name, "--data", str(cjk_record)], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
        (folder / f"{name}.tex").write_text(tex, encoding="utf-8")
    for key in ("cjk clean", "cjk noop", "cjk edit", "cjk floor"):
        results[key] = []
    cjk_original = cjk_record.read_text(encoding="utf-8")
    for run in range(runs):
        shutil.rmtree(cjk_out, ignore_errors=True)
        results["cjk clean"].append(timed(cjk_build, ROOT)[0])
        results["cjk noop"].append(timed(cjk_build, ROOT)[0])
        # The same one-field edit: the CV and the résumé again, the résumé fitted afresh.
        cjk_record.write_text(cjk_original.replace("Best paper award", f"Best paper award {run}",
                                                   1), encoding="utf-8")
        results["cjk edit"].append(timed(cjk_build, ROOT)[0])
        cjk_record.write_text(cjk_original, encoding="utf-8")
        timed(cjk_build, ROOT)
        folders = []
        for name in VARIANTS:
            folder = cjk_sources / name
            for path in folder.iterdir():
                if path.suffix != ".tex":
                    path.unlink()
            folders.append(folder)
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=len(VARIANTS)) as pool:
            list(pool.map(lambda pair: subprocess.run(
                ["xelatex", "-interaction=nonstopmode", "-output-driver=xdvipdfmx -q -E -D ''",
                 f"{pair[1]}.tex"], cwd=pair[0], capture_output=True, env=TEX_ENV, check=True),
                zip(folders, VARIANTS)))
        results["cjk floor"].append(time.perf_counter() - started)

    m = {key: median(values) for key, values in results.items()}
    print(f"cv-builder benchmark: medians of {runs} runs on {os.cpu_count()} cores "
          f"(Python {sys.version.split()[0]})")
    print(f"  clean build, 3 variants          {m['clean']:.3f} s   (output folder removed; "
          "user cache warm)")
    print(f"  clean build, cold user cache     {median(cold):.3f} s   (first build on a machine: "
          "makes the format)")
    print(f"  no-op rebuild                    {m['noop']:.3f} s")
    print(f"  rebuild after a one-field edit   {m['edit']:.3f} s   (recompiled: "
          f"{rebuilt_after_edit or 'none'})")
    print(f"  hand-run latexmk -pdf, in turn   {m['latexmk']:.3f} s")
    print(f"  floor: 1 pdflatex pass each, parallel {m['floor']:.3f} s")
    print("ratios:")
    print(f"  clean / floor                    {m['clean'] / m['floor']:.2f}   (target <= 1.0)")
    print(f"  latexmk / clean                  {m['latexmk'] / m['clean']:.2f}   (target >= 3)")
    print(f"  no-op / clean                    {m['noop'] / m['clean']:.3f}  (target <= 0.15)")
    print(f"  edit / clean                     {m['edit'] / m['clean']:.2f}")
    print("record with a Chinese name (XeLaTeX path):")
    print(f"  clean build, 3 variants          {m['cjk clean']:.3f} s")
    print(f"  no-op rebuild                    {m['cjk noop']:.3f} s")
    print(f"  rebuild after a one-field edit   {m['cjk edit']:.3f} s")
    print(f"  floor: 1 xelatex pass each, parallel {m['cjk floor']:.3f} s")
    print(f"  clean / floor                    {m['cjk clean'] / m['cjk floor']:.2f}   "
          "(target <= 1.0)")
    print(f"peak memory of a clean build: {tree_kb / 1024:.0f} MB, the whole process tree "
          f"(Python and the TeX runs); the largest process alone {peak_kb / 1024:.0f} MB "
          "(target < 200 MB)")
    print("\n".join(fit_lines))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
