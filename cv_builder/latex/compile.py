"""Run TeX on a rendered document, locked down: no shell, no file reads, a time limit.

Why pdflatex directly by default: we resolve citations ourselves and keep
bookmarks off, so one pass gives the final PDF; latexmk always runs two
(0.66 s against 0.23 s here). latexmk stays available (--compiler latexmk),
run with -norc so no latexmkrc found on disk can run.

With a precompiled format, pdflatex can start before the document exists
(WaitingTex), so that loading the format and typesetting the head overlap
Python's own start-up instead of following it.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildFailed, MissingTool

DEFAULT_TIMEOUT = 60.0
MAX_PASSES = 3
_SOURCE_DATE_EPOCH = "1704067200"  # fixed, so output never depends on the clock


class FormatUnusable(BuildFailed):
    """pdflatex could not load the precompiled format (a damaged cache file)."""


@dataclass(frozen=True)
class Compiled:
    """A finished compile: the PDF in the build folder and what TeX reported."""

    pdf: Path
    log: str
    passes: int
    seconds: float
    fmt: str | None = None  # the precompiled format it was built on
    head: str | None = None  # and the head TeX read after it (see WaitingTex)
    engine: str = "pdflatex"
    # The log's bytes: pdfTeX logs a line's characters in its fonts' 8-bit encodings,
    # which log_text.py reads (the str above has them replaced where not UTF-8).
    raw_log: bytes = b""
    # The template line that wrote a line of the .tex compiled (render.Rendered.source_of).
    locate: Callable[[int], str | None] | None = None

    @property
    def fit(self) -> dict[str, float]:
        """Pages, the height used on the last page, and the page geometry, in pt.

        The CVB-FIT line gives the geometry; the end mark, written at shipout, gives
        where the text really ends (at \\typeout time the last lines may not have
        reached the page builder yet). page_goal is the text height of a real page:
        in a measuring run (one tall page) the CVB-PAGE line gives it, else it is goal.
        """
        match = re.search(r"^CVB-FIT pages=(\d+) total=([\d.]+)pt goal=([\d.]+)pt "
                          r"width=([\d.]+)pt top=([\d.]+)pt", self.log, re.M)
        if not match:
            return {}
        fit = {"pages": int(match[1]), "total": float(match[2]), "goal": float(match[3]),
               "width": float(match[4]), "top": float(match[5])}
        real = re.search(r"^CVB-PAGE goal=([\d.]+)pt", self.log, re.M)
        fit["page_goal"] = float(real[1]) if real else fit["goal"]
        end = re.findall(r"^CVB-POS end (\d+) (-?\d+)$", self.log, re.M)
        if end:
            page, y_sp = end[-1]
            fit["pages"] = int(page)
            fit["total"] = fit["top"] - int(y_sp) / 65536
        return fit

    @property
    def marks(self) -> list[tuple[str, float]]:
        """Entry and bullet positions (CVB-POS lines) as offsets down the document, in pt."""
        fit = self.fit
        if not fit:
            return []
        marks = []
        for mark, page, y_sp in re.findall(r"^CVB-POS ([\w.]+) (\d+) (-?\d+)$", self.log, re.M):
            offset = (int(page) - 1) * fit["goal"] + fit["top"] - int(y_sp) / 65536
            marks.append((mark, offset))
        return marks


def tex_environment() -> dict[str, str]:
    """The environment TeX runs in: paranoid file access, fixed dates, long log lines."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("TEXMF", "TEXINPUTS", "openin", "openout"))}
    env.update(openin_any="p", openout_any="p", shell_escape="f",
               # Always ours: the user's (any number, or garbage, which stops pdfTeX)
               # would make the bytes depend on the shell a build ran in.
               SOURCE_DATE_EPOCH=_SOURCE_DATE_EPOCH,
               FORCE_SOURCE_DATE="1", max_print_line="1000", error_line="254",
               half_error_line="238")
    return env


def require(program: str) -> str:
    path = shutil.which(program)
    if path is None and program == "xelatex":
        from .fonts import require_xelatex

        require_xelatex()
    if path is None:
        raise MissingTool(f"{program} is not installed, so no PDF can be made. "
                          + missing_advice(program))
    return path


def missing_advice(name: str) -> str:
    """How to install a missing program or TeX file here, and where to see the rest."""
    from .toolchain import advice

    return advice(name)


def engine_files(engine: str, slots=frozenset()) -> tuple[str, ...]:
    """The programs and font files outside TeX's format that a document on this engine
    is made with: an update of any of them must rebuild it (stamp.files_signature).
    XeLaTeX: xetex, xdvipdfmx, the Latin fonts and the fallback fonts its text uses."""
    programs = ("xelatex", "xdvipdfmx") if engine == "xelatex" else (engine,)
    files = [os.path.realpath(path) for path in map(shutil.which, programs) if path]
    if engine == "xelatex":
        from .fonts import coverage

        files += [path for path, _, _ in coverage().files_used(set(slots))]
    return tuple(files)


FLAGS = ["-halt-on-error", "-file-line-error", "-no-shell-escape"]
# XeTeX writes an .xdv and pipes it to this driver. `-D ''`: no PostScript converter,
# so an EPS special cannot make xdvipdfmx run ghostscript (it does even under
# -no-shell-escape); -C 0x40: no object streams, so the information dictionary stays
# readable without pypdf (see check.py).
XDVIPDFMX = "xdvipdfmx -q -E -C 0x40 -D ''"


def engine_flags(engine: str) -> list[str]:
    """Flags every run of engine gets."""
    if engine == "xelatex":
        return [*FLAGS, f"-output-driver={XDVIPDFMX}"]
    return FLAGS
# What a waiting pdflatex runs once its format is loaded: end mylatexformat's preamble
# scan on this line, typeset the head (the rest of the preamble and \begin{document}),
# read one line (the file with the rest) from stdin, then typeset that with no further
# terminal input (a \read16 in the document is then a fatal error).
READ_SOURCE = (r"\csname endofdump\endcsname\nonstopmode\input{{{head}}}\scrollmode"
               r"{{\endlinechar=-1 \global\read16 to\cvbsource}}\nonstopmode\input{{\cvbsource}}")


def command(engine: str, jobname: str, compiler: str) -> list[str]:
    if compiler == "latexmk":
        if engine == "xelatex":
            return [require("latexmk"), "-norc", "-xelatex", f'-xelatex=xelatex %O "-output-'
                    f'driver={XDVIPDFMX}" %S', "-silent", "-interaction=nonstopmode", *FLAGS,
                    f"{jobname}.tex"]
        return [require("latexmk"), "-norc", "-pdf", f"-pdflatex={engine} %O %S", "-silent",
                "-interaction=nonstopmode", *FLAGS, f"{jobname}.tex"]
    return [require(engine), "-interaction=nonstopmode", *engine_flags(engine),
            f"{jobname}.tex"]


class WaitingTex:
    """pdflatex (or xelatex) started on a precompiled format in build_dir, which typesets a document's
    head (what follows the format's preamble, through \begin{document}) and then waits
    for the name of the file holding the rest.

    Started before the document is rendered, with the head of the last build (the
    caller checks it is still the same), it has done most of its work by the time
    the body comes: here the résumé then takes 53 ms instead of 124 ms, the CV 138
    instead of 235.
    """

    def __init__(self, build_dir: Path, jobname: str, fmt: str, head: str,
                 engine: str = "pdflatex"):
        self.build_dir, self.jobname, self.fmt, self.head = build_dir, jobname, fmt, head
        self.engine = engine
        (build_dir / f"{jobname}-head.tex").write_text(head, encoding="utf-8")
        load = fmt
        if engine == "xelatex" and not fmt.isascii():
            # XeTeX cannot open a format by a path that is not ASCII (a home folder such
            # as /home/庄钧堂): it opens ./cvb-format.fmt, a link to it, by that name.
            (build_dir / "cvb-format.fmt").symlink_to(f"{fmt}.fmt")
            load = "cvb-format"
        # READ_SOURCE allows the terminal (scrollmode) only for its own \read: nonstopmode
        # forbids it. A new session, so that a timeout can kill the whole group.
        self.process = subprocess.Popen(
            [require(engine), f"-fmt={load}", "-interaction=nonstopmode", *engine_flags(engine),
             f"-jobname={jobname}", READ_SOURCE.format(head=f"{jobname}-head")],
            cwd=build_dir, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, env=tex_environment(), start_new_session=True)
        # Until it is fed, keep it off one core: that core is Python's, which is still
        # importing and rendering, and the work TeX waits for.
        self.cores = _cores()
        if len(self.cores) > 1:
            _set_cores(self.process.pid, self.cores[:-1])

    def typeset(self, source: str, timeout: float, locate: Locate | None = None) -> None:
        if len(self.cores) > 1:
            _set_cores(self.process.pid, self.cores)
        _wait(self.process, timeout, self.jobname, self.build_dir, f"{source}\n".encode(),
              locate)

    def cancel(self) -> None:
        """Stop it unused (its document turned out up to date, or on another format)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.communicate()


def _cores() -> list[int]:
    getter = getattr(os, "sched_getaffinity", None)  # Linux only
    return sorted(getter(0)) if getter else []


def _set_cores(pid: int, cores: list[int]) -> None:
    try:
        os.sched_setaffinity(pid, cores)
    except OSError:  # it has already exited: its exit status tells
        pass


def run_tex(build_dir: Path, jobname: str, *, engine: str = "pdflatex",
            compiler: str = "pdflatex", fmt: str | None = None, head: str = "",
            timeout: float = DEFAULT_TIMEOUT, waiting: WaitingTex | None = None,
            locate: Locate | None = None) -> Compiled:
    """Compile build_dir/jobname.tex; rerun only when TeX asks; raise BuildFailed on error,
    naming for each .tex line the template line locate(line) says wrote it.

    With fmt, TeX reads head and then build_dir/jobname-body.tex instead (see
    formats.split_document), in a pdflatex that may have been started already
    (waiting); the caller has checked it runs on fmt, in build_dir, with this head.
    """
    started = time.perf_counter()
    passes = 0
    log, raw_log = "", b""
    use_format = fmt is not None and compiler == "pdflatex"
    while passes < MAX_PASSES:
        passes += 1
        if use_format:
            tex = waiting if passes == 1 and waiting else WaitingTex(build_dir, jobname, fmt,
                                                                      head, engine)
            try:
                tex.typeset(f"{jobname}-body.tex", timeout, locate)
            except BuildFailed:
                # TeX opens the log once the format is loaded: none means it was not.
                if not (build_dir / f"{jobname}.log").exists():
                    raise FormatUnusable(f"{jobname}: the precompiled format {fmt}.fmt "
                                         "could not be loaded") from None
                raise
        else:
            process = subprocess.Popen(command(engine, jobname, compiler), cwd=build_dir,
                                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, env=tex_environment(),
                                       start_new_session=True)
            _wait(process, timeout, jobname, build_dir, locate=locate)
        try:
            raw_log = (build_dir / f"{jobname}.log").read_bytes()
            log = raw_log.decode("utf-8", errors="replace")
        except FileNotFoundError:
            raise BuildFailed(f"{jobname}: TeX wrote no log (build folder: {build_dir})") \
                from None
        if compiler == "latexmk" or "Rerun to get" not in log:
            break
    pdf = build_dir / f"{jobname}.pdf"
    if not pdf.exists():
        raise BuildFailed(f"{jobname}: TeX finished without writing a PDF.\n"
                          + summarize_errors(log, jobname, locate=locate))
    return Compiled(pdf, log, passes, time.perf_counter() - started,
                    fmt if use_format else None, head if use_format else None, engine, raw_log)


def _wait(process: subprocess.Popen, timeout: float, jobname: str, cwd: Path,
          feed: bytes | None = None, locate: Locate | None = None) -> None:
    try:
        process.communicate(feed, timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise BuildFailed(f"{jobname}: TeX ran for more than {timeout:.0f} s and was stopped "
                          "(an endless loop in a template?).") from None
    if process.returncode != 0:
        log_file = cwd / f"{jobname}.log"
        log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
        missing = _MISSING_FILE.search(log)
        if missing:
            raise MissingTool(f"{jobname}: the LaTeX file {missing[1]} is not installed. "
                              + missing_advice(missing[1]))
        if "fontspec Error: The font" in log:
            raise MissingTool(f"{jobname}: a font of the XeLaTeX path is not installed. "
                              + missing_advice("xelatex fonts"))
        font = _MISSING_FONT.search(log)
        if font:
            raise MissingTool(f"{jobname}: the font {font[1]} is not installed. "
                              + missing_advice(_font_file(font[1])))
        raise BuildFailed(f"{jobname}: LaTeX failed (build folder: {cwd}).\n"
                          + summarize_errors(log, jobname, locate=locate,
                                             source=cwd / f"{jobname}.tex"))


# A package, class or font definition file TeX could not find. Names with a folder in
# them are not packages: that is \input{/some/path} refused by openin_any=p.
_MISSING_FILE = re.compile(r"LaTeX Error: File `([^'/]+\.(?:sty|cls|fd|def|cfg|clo))' "
                           r"not found")
_MISSING_FONT = re.compile(r"Font \\?\S+=([\w-]+)(?: at [\d.]+pt)? not loadable: "
                           r"Metric \(TFM\) file not found")
# Font name prefixes (TeX's Berry names) and a file of the package that brings them.
FONT_FILES = (("ec-q", "ec-qhvr.tfm"), ("ts1-q", "ec-qhvr.tfm"), ("ec-lm", "ec-lmr10.tfm"),
              ("rm-lm", "ec-lmr10.tfm"), ("ts1-lm", "ec-lmr10.tfm"))


def _font_file(font: str) -> str:
    return next((file for prefix, file in FONT_FILES if font.startswith(prefix)), font + ".tfm")


# "file.tex:LINE: message" (-file-line-error), or a line starting with "!" from elsewhere:
# TeX's "! Emergency stop." and pdfTeX's "!pdfTeX error: ..." (no space after the "!");
# then TeX's context: "l.LINE <the line up to the error>".
_ERROR_LINE = re.compile(r"^(?:\./)?([^:\n]*)\.tex:(\d+): (.*)$|^!(?: |(?=\w))(.*)$", re.M)
_CONTEXT = re.compile(r"^l\.(\d+) (.*)$", re.M)
# Where a line of the .tex came from: "my-templates/sections/skills.tex.j2:2", or None.
Locate = Callable[[int], "str | None"]


# LaTeX's messages that name a second line ("\\begin{itemize} on input line 221 ended
# by \\end{document}"), and TeX's for an argument never closed: it read to the end of
# the file, so the error has no line; the argument's start, logged above it, finds one.
_INPUT_LINE = re.compile(r"on input line (\d+)")
_RUNAWAY = re.compile(r"^Runaway argument\?\n(.*)$", re.M)
_FILE_ENDED = re.compile(r"File ended while scanning use of (\\[^\s.]+)")


def _runaway_line(log: str, at: int, message: str, source: Path | None) -> int | None:
    """The .tex line where the argument that ran to the end of the file began: the one
    line holding the command and the argument's first words, or None."""
    command, runaway = _FILE_ENDED.match(message), None
    for runaway in _RUNAWAY.finditer(log, 0, at):
        pass  # the last one before the error
    if not command or runaway is None or source is None or not runaway[1].strip():
        return None
    try:
        lines = source.read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        return None
    # TeX shows the argument as it read it: a space after each command word, cut at
    # \ETC.; so the line and the argument are compared without their spaces.
    argument = "".join(runaway[1].removesuffix("\\ETC.").split())
    found = [number for number, text in enumerate(lines, 1)
             if any(argument.startswith(after[:len(argument)]) and after
                    for after in ("".join(rest.split())
                                  for rest in text.split(command[1])[1:]))]
    # Alike lines after the first are inside the argument it ran away with.
    return found[0] if found else None


def summarize_errors(log: str, jobname: str, limit: int = 3,
                     locate: Locate | None = None, source: Path | None = None) -> str:
    """The few lines of a TeX log that matter: each error, the source line it names, and
    the template line that wrote it when locate knows (a .tex line means little to
    someone who wrote a template).

    Why not the whole log: it is long, and a failed \\input can copy a line of
    the file it tried to read into it.
    """
    def and_template(found: re.Match) -> str:
        where = locate(int(found[1])) if locate else None
        return f"{found[0]} ({where})" if where else found[0]

    lines = []
    for match in _ERROR_LINE.finditer(log):
        message = _INPUT_LINE.sub(and_template, (match[3] if match[2] else match[4]).strip())
        if message.startswith("==>"):  # "Fatal error occurred": said by failing at all
            continue
        runaway = None if match[2] else _runaway_line(log, match.start(), message, source)
        if runaway:  # TeX's "use of \textbf ." says little to someone who wrote a template
            message = (_FILE_ENDED.match(message)[0] + ": an argument's { on that line is "
                       "never closed by its }")
        if (match[2] and Path(match[1]).name.startswith(jobname)) or runaway:
            number = int(match[2]) if match[2] else runaway
            if message.startswith("Undefined control sequence"):
                context = _CONTEXT.search(log, match.end(), match.end() + 2000)
                culprit = context[2].split()[-1] if context and context[2].split() else ""
                message = f"Undefined control sequence {culprit[-60:]}".strip()
            where = locate(number) if locate else None
            lines.append(f"  {where}: {message[:200]} ({jobname}.tex line {number})" if where
                         else f"  {jobname}.tex line {number}: {message[:200]}")
        elif match[2]:
            lines.append(f"  {Path(match[1]).name}.tex line {match[2]}: {message[:200]}")
        else:
            lines.append(f"  {message[:200]}")
        if len(lines) >= limit:
            break
    if not lines:
        lines.append("  (no error message in the log)")
    return "\n".join(dict.fromkeys(lines))
