"""The pipeline, end to end: load → validate → select → render → compile → fit → check → publish."""

from __future__ import annotations

import errno
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from . import __version__
from .errors import CVBuilderError, InvalidInput, Problem
from .files import fresh_folder
from .latex.check import (check_pdf, missing_patterns, open_groups, overfull_lines,
                          section_finder)
from .latex.compile import Compiled, FormatUnusable, WaitingTex, engine_files, run_tex
from .latex.cuts import apply_drops
from .latex.fit import (AutoFit, FitReport, confirmed_cuts, fits, layout_at, remembered_fit,
                         search_stops_at)
from .latex.fit_memory import memory_key, recall, remember
from .latex.formats import discard_format, format_for, split_document
from .latex.render import Layout, Rendered, render_document, run_templates, template_problem
from .options import BuildOptions, Outcome
from .publish import ensure_preview, publish, write_preview
from .record.documents import Job, one_job, output_name_problems, plan, resume_of
from .record.model import Record, Variant
from .record.named_files import TEMPLATE_FOLDER_ADVICE, files_named, resolve
from .record.load import Document
from .record.problems import sorted_problems
from .record.variants import read_with_variants
from .select import View, missing_kinds, view_of
from .stamp import Stamp, files_signature, tex_identity


# Rendering holds the GIL throughout: one at a time, each document reaches TeX as soon
# as it is ready instead of all of them at the end.
_rendering = threading.Lock()


def render_job(record: Record, job: Job, variants: dict[str, Variant],
               options: BuildOptions) -> tuple[View, Rendered | None]:
    """The PDF's view and its LaTeX; no LaTeX when the view has nothing to print (a
    letter always has)."""
    with _rendering:
        view = view_of(record, job, variants)
        if not view.sections and view.letter is None:
            return view, None
        return view, render_document(view, template_dirs=options.template_dirs)


def nothing_to_print(view: View) -> str:
    """Why a variant is skipped, in the record's field names."""
    fields = missing_kinds(view)
    return ("skipped: nothing to print, the record has no "
            + (" or ".join(fields) if len(fields) <= 3 else "; ".join(fields)))


def render_again(view: View, layout: Layout, options: BuildOptions) -> Rendered:
    with _rendering:
        return render_document(view, layout, options.template_dirs)


def compile_source(rendered: Rendered, build_dir: Path, name: str, options: BuildOptions,
                   waiting: WaitingTex | None = None) -> Compiled:
    """A fresh build folder holding only the .tex, then TeX: the one already waiting
    there if it runs on this document's engine, format and head (and has not died, say
    on a format pruned meanwhile), else a new one."""
    tex, engine = rendered.tex, rendered.engine
    fmt = head = body = None
    if options.precompile and options.compiler == "pdflatex":
        fmt = format_for(tex, tex_identity(options.compiler, engine), engine=engine)
    if fmt:
        head, body = split_document(tex)
    if waiting and (fmt is None or (waiting.fmt, waiting.head, waiting.build_dir, waiting.engine)
                    != (fmt, head, build_dir, engine) or waiting.process.poll() is not None):
        waiting.cancel()
        waiting = None
    if not waiting:  # a waiting pdflatex was started in a fresh folder
        fresh_folder(build_dir)
    (build_dir / f"{name}.tex").write_text(tex, encoding="utf-8")
    if fmt:
        (build_dir / f"{name}-body.tex").write_text(body, encoding="utf-8")
    try:
        return replace(run_tex(build_dir, name, engine=engine, compiler=options.compiler,
                               fmt=fmt, head=head or "", waiting=waiting,
                               locate=rendered.source_of), locate=rendered.source_of)
    except FormatUnusable:
        # A damaged format in the cache: removed (the next build makes it again), and
        # this document compiled without it, to the same bytes.
        discard_format(fmt)
        return compile_source(rendered, build_dir, name, replace(options, precompile=False))


def fit_to_limit(view: View, rendered: Rendered, name: str, build_dir: Path,
                 options: BuildOptions, waiting: WaitingTex | None = None,
                 identity: str = "") -> tuple[Compiled, FitReport]:
    """Compile; if over the page limit, fit (latex.fit.AutoFit). A document that fits is
    compiled once, exactly as rendered. One fitted before (same source, view, TeX and
    fonts: identity) is compiled once, at the layout and with the cuts decided then
    (latex.fit_memory): the same PDF as a new search would make, without the search."""
    limit = view.variant.page_limit
    memory = None
    if limit is not None and not options.strict:
        memory = memory_key(rendered.tex, view, identity)
        decided = recall(memory, view)
        if decided:  # a hint from a cache file: used only where checked to be the search's
            position, steps = decided
            floors = replace(layout_at(0.0, view.variant), measuring=True)
            if steps and waiting:  # the measuring compiles empty the folder it waits in
                waiting.cancel()
                waiting = None
            if confirmed_cuts(steps, view.variant, lambda uncut: compile_source(
                    render_again(uncut, floors, options), build_dir, name, options)):
                fitted_view = apply_drops(*steps[-1]) if steps else view
                compiled = compile_source(render_again(fitted_view,
                                                       layout_at(position, view.variant),
                                                       options), build_dir, name, options,
                                          waiting)
                waiting = None  # used: fit from the start below if the hint was wrong
                if search_stops_at(compiled, limit, position):
                    cuts = [f"dropped {drop.label}" for _, drops in steps for drop in drops]
                    return compiled, remembered_fit(view.variant, position, compiled, cuts,
                                                    1 + len(steps))
    compiled = compile_source(rendered, build_dir, name, options, waiting)
    if limit is None or options.strict or fits(compiled, limit):
        return compiled, FitReport()
    compiled, report = AutoFit(
        view, name, compiled,
        compile=lambda again: compile_source(again, build_dir, name, options),
        render=lambda smaller, layout: render_again(smaller, layout, options)).run()
    remember(memory, report.position, report.cuts)
    return compiled, report


def build_job(record: Record, job: Job, variants: dict[str, Variant], options: BuildOptions,
              stamp: Stamp, waiting: WaitingTex | None = None) -> Outcome:
    """Render, and compile if anything changed; never touches the published PDF on failure.
    waiting: a pdflatex started early for this PDF, used or cancelled here."""
    started = time.perf_counter()
    name, variant = job.name, job.variant
    target = options.output / f"{name}.pdf"
    build_dir = options.build_folder(name)
    try:
        view, rendered = render_job(record, job, variants, options)
        if rendered is None:
            note = nothing_to_print(view)
            stamp.record(name, "", target, 0, [], skipped=note)
            return Outcome(name, "skipped", None, note=note)
        tools = engine_files(rendered.engine, rendered.slots)
        key = stamp.key_for(name, rendered.tex, options, tools,
                            f"{variant.page_limit}|{variant.fit.model_dump_json()}")
        if not options.force and stamp.is_current(name, key, target):
            if options.preview:  # a product of the PDF, not one of its inputs
                ensure_preview(target)
            return Outcome(name, "up to date", target, stamp.pages(name),
                           time.perf_counter() - started, tools=tools)
        identity = tex_identity(options.compiler, rendered.engine) + files_signature(tools)
        compiled, fitting = fit_to_limit(view, rendered, name, build_dir, options, waiting,
                                         identity)
        waiting = None
        facts = check_pdf(compiled.pdf, name, variant.page_limit, compiled.log)
        if options.preview:  # first: a preview that cannot be made leaves the old PDF
            write_preview(compiled.pdf, target.with_suffix(".png"))
        publish(compiled.pdf, target)
        if options.preview:
            os.utime(target.with_suffix(".png"))  # newer than its PDF: preview_is_current
        stamp.record(name, key, target, facts.pages, fitting.changes)
        in_section = section_finder(build_dir / f"{name}.tex", view.sections,
                                    entries=not fitting.cut_anything)
        early_start = (compiled.fmt, compiled.head, compiled.engine) if compiled.fmt else None
        return Outcome(name, "built", target, facts.pages, time.perf_counter() - started,
                       fitting.compiles, fitting.changes, fit_steps=fitting.steps,
                       early_start=early_start, engine=compiled.engine,
                       left_out=tuple(map(str, view.left_out)),
                       left_out_summary=view.left_out_summary, tools=tools,
                       notes=(*view.notes,
                              *missing_patterns(compiled.log, view.language.hyphenation)),
                       warnings=(*open_groups(compiled.log, name, compiled.locate),
                                 *overfull_lines(compiled.raw_log, section_of=in_section)))
    except CVBuilderError as error:
        return Outcome(name, "failed", None, 0, time.perf_counter() - started,
                       error=error.format_message(), invalid=isinstance(error, InvalidInput))
    except OSError as error:  # a full disk, a read-only output folder, a folder for a PDF
        return Outcome(name, "failed", None, 0, time.perf_counter() - started,
                       error=f"{name}: {file_error(error)}")
    finally:
        if waiting:
            waiting.cancel()


def file_error(error: OSError) -> str:
    """'cannot write output/cv.pdf: No space left on device' from an OSError. Of a rename
    (a file written beside its place, then put there) the place is named, not the
    temporary file, which the user never made and which is not what is wrong."""
    where = error.filename2 or error.filename or "a file"
    if error.errno == errno.EISDIR:
        return f"{where} is a folder, where cv-builder puts a file: remove or rename it"
    return f"cannot write {where}: {error.strerror or error}"


def own_template_dirs(data: Path, document, variants: dict[str, Variant], chosen,
                      options: BuildOptions) -> tuple[dict[str, Path], list[Problem]]:
    """Each chosen variant's own template folder, checked: in the record's folder (a record
    must not make TeX read files elsewhere). And each one's template: a *.tex.j2 document
    in a template folder, never a partial, the record, or a file the record names (else
    a record could run its own text as Jinja and LaTeX). Returns the folders and the
    problems found."""
    not_these = tuple(map(str, [Path(os.path.realpath(data)), *files_named(document)]))
    folders, problems = {}, []
    for name in chosen:
        variant = variants[name]
        search = options.template_dirs
        if variant.template_dir:
            try:
                folder = resolve(document, ("variants", name, "template_dir"),
                                 variant.template_dir, TEMPLATE_FOLDER_ADVICE, folder=True,
                                 what="template folder")
            except InvalidInput as error:
                problems += error.problems
                continue
            folders[name] = folder
            search = (str(folder), *search)
        problem = template_problem(variant.template, search, not_these)
        if problem:
            problems.append(document.problem(("variants", name, "template"), problem))
    return folders, problems


@dataclass(frozen=True)
class Prepared:
    """A record checked for a build: its variants, the PDFs to make and the variants' own
    template folders."""

    record: Record
    document: Document
    variants: dict[str, Variant]
    jobs: list[Job]
    own_templates: dict[str, Path]


def prepare(data: Path, options: BuildOptions, names: list[str] | None = None,
            letters=(), application: str | None = None) -> Prepared:
    """The record at data checked as a whole: the record, its variants and their template
    folders; raise InvalidInput with every problem in all three at once (a typo in the
    record does not hide one in a variant, nor a wrong `extends` a missing template)."""
    record, document, variants, problems = read_with_variants(data)
    jobs: list[Job] = []
    if record is not None and not problems:
        problems = output_name_problems(record, document, variants)
    if record is not None and not problems:
        jobs = plan(record, variants, names, letters, application)
        used = list(dict.fromkeys(name for job in jobs for name in variants_of(job, variants)))
    else:  # no plan without a valid record: check every variant it would build
        used = [name for name, variant in variants.items() if variant.enabled]
    own, more = own_template_dirs(data, document, variants, used, options)
    problems = problems + more
    if problems:
        raise InvalidInput(sorted_problems(problems))
    return Prepared(record, document, variants, jobs, own)


def variants_of(job: Job, variants: dict[str, Variant]) -> list[str]:
    """The variants a PDF renders from: its own, and a letter's résumé (its look)."""
    names = [job.variant_name]
    if job.letter is not None:
        names.append(resume_of(job.letter, variants))
    return list(dict.fromkeys(names))


def job_options(job: Job, variants: dict[str, Variant], own: dict[str, Path],
                options: BuildOptions) -> BuildOptions:
    """The options a PDF renders with: the own template folders of its variants first."""
    folders = [str(own[name]) for name in variants_of(job, variants) if name in own]
    if not folders:
        return options
    return replace(options, template_dirs=(*folders, *options.template_dirs))


def check_record(data: Path, options: BuildOptions = BuildOptions()
                 ) -> tuple[Record, dict[str, Variant], list]:
    """What `validate` checks: the record, its variants, and each PDF it builds rendered
    (not compiled) with its templates, so that a template's mistake is found without
    running TeX. Raises InvalidInput (TemplateError for a template). Returns the record,
    its variants and the warnings that did not stop it (a .bib entry left out)."""
    ready = prepare(data, options)
    for job in ready.jobs:
        view = view_of(ready.record, job, ready.variants)
        if view.sections or view.letter is not None:
            run_templates(view, template_dirs=job_options(job, ready.variants,
                                                          ready.own_templates,
                                                          options).template_dirs)
    return ready.record, ready.variants, ready.document.warnings


def tex_source(data: Path, name: str, options: BuildOptions = BuildOptions()) -> str:
    """The LaTeX one variant of the record at data renders to, not compiled (a letter
    variant: its one letter, or the one options.letters names)."""
    ready = prepare(data, options, [name], options.letters, options.application)
    job = one_job(ready.record, ready.variants, name, options.letters, options.application)
    options = job_options(job, ready.variants, ready.own_templates, options)
    return render_document(view_of(ready.record, job, ready.variants),
                           template_dirs=options.template_dirs).tex


def build(data: Path, names: list[str] | None, options: BuildOptions,
          inputs_for=None, waiting: dict[str, WaitingTex] | None = None) -> list[Outcome]:
    """Build the named variants (all by default) of the record at data: one PDF per
    letter for a letter variant (only options.letters, if given), CVs tailored to
    options.application (a letter id) if given.

    inputs_for(extra files, tools) gives the digest the cheap no-op check compares next time.
    waiting: pdflatex processes already started, by PDF name; the caller cancels any left.
    """
    waiting = waiting if waiting is not None else {}
    ready = prepare(data, options, names, options.letters, options.application)
    record, document, variants, jobs = ready.record, ready.document, ready.variants, ready.jobs
    if options.strict and document.warnings:
        raise InvalidInput(document.warnings)  # --strict: a .bib entry left out is an error
    stamp = Stamp.load(options.build_folder(), tex_identity(options.compiler),
                       __version__)
    # TeX waits on files part of the time: measured here, three documents on two
    # cores finish sooner all at once (0.39 s) than two at a time (0.47 s).
    workers = options.jobs or 2 * (os.cpu_count() or 1)
    own_templates = ready.own_templates

    def one(job: Job) -> Outcome:
        own = job_options(job, variants, own_templates, options)
        return build_job(record, job, variants, own, stamp, waiting.pop(job.name, None))

    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(jobs)))) as pool:
        outcomes = list(pool.map(one, jobs))
    if outcomes and document.warnings:
        outcomes[0].record_warnings = [str(warning) for warning in document.warnings]
    extra = sorted(set(own_templates.values()))
    if record.bibliography:
        extra.append((data.parent / record.bibliography).resolve())
    complete = inputs_for is not None and all(o.status != "failed" for o in outcomes)
    whole = not options.letters and not options.application  # every letter, untailored
    per_letter = {job.variant_name: [j.name for j in jobs if j.variant_name == job.variant_name]
                  for job in jobs if job.letter is not None} if whole else {}
    tools = sorted({path for outcome in outcomes for path in outcome.tools})
    stamp.remember_inputs(inputs_for(extra, tools) if complete else "",
                          [job.name for job in jobs], complete,
                          every_variant=whole and not names, extra=extra, expands=per_letter,
                          tools=tools)
    stamp.save()
    return outcomes

