"""Rendering: a manifest → a printable class set (worksheets, answer keys) in HTML, LaTeX and PDF.

What is printed is exactly what is graded: everything comes from the manifest's instances. Each
form (a letter, or one student of a roster) gets its own worksheet and key; a set of several forms
also gets `worksheets-all` / `keys-all` with a page break between sheets, to print in one go.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, TemplateError
from markupsafe import Markup

from generator.errors import UsageError
from generator.i18n import N_, normalize_language
from generator.model import FormSpec, Manifest, PartSpec, ProblemSpec, Solution
from generator.render.environment import Format, build_environment
from generator.render.parallel import Background
from generator.render.pdf import compile_pdf, engine_for, require_engine
from generator.render.views import (
    KEY_ONLY_MARKS,
    DocumentView,
    Explain,
    FigureView,
    document,
    figure_content,
    slug,
)

if TYPE_CHECKING:
    from generator.render.plots import Drawn

__all__ = ["FORMATS", "write_class_set"]

FORMATS: tuple[str, ...] = ("html", "latex", "pdf")
_EXTENSION: dict[Format, str] = {"html": "html", "latex": "tex"}


def write_class_set(
    manifest: Manifest,
    outdir: Path,
    formats: Iterable[str],
    *,
    key: bool = True,
    solutions: bool = False,
    templates_dir: Path | None = None,
) -> list[Path]:
    """Write every worksheet (and key) of the manifest in each format; return the files written."""
    wanted = _formats(formats)
    lang = normalize_language(manifest.lang)
    if "pdf" in wanted:
        require_engine(engine_for(lang))
    outdir.mkdir(parents=True, exist_ok=True)
    figure_jobs = _figure_jobs(manifest, key)
    parts = [
        (problem, part)
        for form in manifest.forms
        for problem in form.problems
        for part in problem.parts
        if solutions and key
    ]
    with Background(len(figure_jobs) + len(parts)) as background:
        svg, pdf = "html" in wanted, bool(wanted & {"latex", "pdf"})
        figures = _Figures(figure_jobs, background, lang=lang, svg=svg, pdf=pdf)
        explain = _Solutions(parts, background) if solutions else None
        return _write_all(manifest, outdir, wanted, lang, key, figures, explain, templates_dir)


def _write_all(
    manifest: Manifest,
    outdir: Path,
    wanted: set[str],
    lang: str,
    key: bool,
    figures: _Figures,
    explain: Explain | None,
    templates_dir: Path | None,
) -> list[Path]:
    files = _files(manifest, key)
    written: list[Path] = []
    if "html" in wanted:
        environment = build_environment("html", lang, templates_dir)
        for name, kind, forms in files:
            view = document(
                manifest, forms, lang=lang, key=kind == "key", figures=figures.html, explain=explain
            )
            written.append(_write(environment, "html", kind, view, outdir / f"{name}.html"))
    if "latex" in wanted or "pdf" in wanted:
        written.extend(
            _latex(manifest, outdir, wanted, lang, files, figures, explain, templates_dir)
        )
    return written


def _formats(formats: Iterable[str]) -> set[str]:
    wanted = set(formats)
    for unknown in sorted(wanted - set(FORMATS)):
        raise UsageError(
            N_("Unknown output format {format}; choose from {choices}."),
            format=unknown,
            choices=", ".join(FORMATS),
        )
    return wanted


def _files(manifest: Manifest, key: bool) -> list[tuple[str, str, list[FormSpec]]]:
    """(file name without extension, template kind, forms) of every file to write."""
    kinds = ["worksheet", "key"] if key else ["worksheet"]
    files = [(f"{kind}-{slug(form)}", kind, [form]) for kind in kinds for form in manifest.forms]
    if len(manifest.forms) > 1:
        files += [(f"{kind}s-all", kind, list(manifest.forms)) for kind in kinds]
    return files


def _latex(
    manifest: Manifest,
    outdir: Path,
    wanted: set[str],
    lang: str,
    files: list[tuple[str, str, list[FormSpec]]],
    figures: _Figures,
    explain: Explain | None,
    templates_dir: Path | None,
) -> list[Path]:
    """The .tex files (kept when `latex` is asked for) and their PDFs (compiled in parallel)."""
    environment = build_environment("latex", lang, templates_dir)
    written: list[Path] = []
    with ExitStack() as stack:
        keep = "latex" in wanted
        base = outdir if keep else Path(stack.enter_context(tempfile.TemporaryDirectory()))
        assets = base / "figures"
        sink = figures.latex_sink(assets)
        sources: list[tuple[str, str]] = []
        for name, kind, forms in files:
            view = document(
                manifest, forms, lang=lang, key=kind == "key", figures=sink, explain=explain
            )
            source = _render(environment, f"{kind}.tex", view)
            sources.append((name, source))
            if keep:
                path = outdir / f"{name}.tex"
                path.write_text(source, encoding="utf-8")
                written.append(path)
        if "pdf" in wanted:
            engine = engine_for(lang)
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
                written.extend(
                    pool.map(
                        lambda job: compile_pdf(
                            job[1], job[0], outdir, engine=engine, assets=assets
                        ),
                        sources,
                    )
                )
    return written


def _write(
    environment: Environment, fmt: Format, kind: str, view: DocumentView, path: Path
) -> Path:
    path.write_text(_render(environment, f"{kind}.{_EXTENSION[fmt]}", view), encoding="utf-8")
    return path


def _render(environment: Environment, template: str, view: DocumentView) -> str:
    """One template rendered; a broken (teacher's) template becomes a UsageError naming it."""
    try:
        return environment.get_template(template).render(doc=view)
    except TemplateError as error:
        raise UsageError(
            N_("The template {template} could not be rendered: {reason}"),
            template=template,
            reason=str(error),
        ) from error


FigureJobs = dict[tuple[str, bool], tuple[ProblemSpec, bool]]


def _figure_jobs(manifest: Manifest, key: bool) -> FigureJobs:
    """Each distinct figure of the set, once: students whose parameters coincide share drawings."""
    jobs: FigureJobs = {}
    for form in manifest.forms:
        for problem in form.problems:
            if problem.figure is not None:
                for marks in {False, key and problem.figure in KEY_ONLY_MARKS}:
                    jobs.setdefault((figure_content(problem), marks), (problem, marks))
    return jobs


class _Figures:
    """Every figure of the set, drawn once in the background and shared by all files and formats.

    Only SVG text and PDF bytes come back, so a class of 30 does not hold hundreds of matplotlib
    figures; the first file that shows a figure waits for all of them.
    """

    def __init__(
        self, jobs: FigureJobs, background: Background, *, lang: str, svg: bool, pdf: bool
    ) -> None:
        self._keys = list(jobs)
        self._results: Callable[[], list[Drawn]] = list
        if jobs:
            from generator.render.plots import render_figure  # matplotlib only when needed

            work = partial(render_figure, lang=lang, svg=svg, pdf=pdf)
            self._results = background.submit(work, list(jobs.values()))
        self._drawn: dict[tuple[int, bool], Drawn] | None = None

    def _get(self, problem: ProblemSpec, key: bool) -> Drawn | None:
        if problem.figure is None:
            return None
        if self._drawn is None:
            self._drawn = dict(zip(self._keys, self._results(), strict=True))
        marks = key and problem.figure in KEY_ONLY_MARKS
        return self._drawn[(figure_content(problem), marks)]

    def html(self, problem: ProblemSpec, key: bool) -> FigureView | None:
        drawn = self._get(problem, key)
        if drawn is None or drawn.svg is None:
            return None
        return FigureView(drawn.description, svg=Markup(drawn.svg))

    def latex_sink(self, folder: Path) -> Callable[[ProblemSpec, bool], FigureView | None]:
        def sink(problem: ProblemSpec, key: bool) -> FigureView | None:
            drawn = self._get(problem, key)
            if drawn is None or drawn.pdf is None:
                return None
            path = folder / f"fig-{drawn.salt}.pdf"
            if not path.is_file():
                folder.mkdir(parents=True, exist_ok=True)
                path.write_bytes(drawn.pdf)
            return FigureView(drawn.description, path=f"{folder.name}/{path.name}")

        return sink


class _Solutions:
    """Worked steps of every distinct part, computed once in the background; called like `explain`.

    Parts that differ only in number, seed, label or points (two students who drew the same
    parameters) share one solution.
    """

    def __init__(self, parts: list[tuple[ProblemSpec, PartSpec]], background: Background) -> None:
        unique = {_part_content(problem, part): (problem, part) for problem, part in parts}
        self._keys = list(unique)
        self._results = background.submit(_explain, list(unique.values()))
        self._solved: dict[str, Solution] | None = None

    def __call__(self, problem: ProblemSpec, part: PartSpec) -> Solution:
        if self._solved is None:
            self._solved = dict(zip(self._keys, self._results(), strict=True))
        return self._solved[_part_content(problem, part)]


def _part_content(problem: ProblemSpec, part: PartSpec) -> str:
    """What a worked solution depends on: the problem's function and the part's question."""
    return "|".join(
        (
            problem.model_dump_json(exclude={"number", "seed", "parts"}),
            part.model_dump_json(exclude={"label", "points"}),
        )
    )


def _explain(job: tuple[ProblemSpec, PartSpec]) -> Solution:
    from generator.rules import explain  # the rules stage is only loaded when steps are asked for

    return explain(*job)
