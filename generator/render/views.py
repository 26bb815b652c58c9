"""What the templates see: the manifest as printed, points, dates and numbers formatted.

Templates stay free of logic a teacher would have to reproduce when overriding one: they receive a
`DocumentView` whose sheets, problems and parts carry display-ready values and raw LaTeX, and the
environment's filters turn that LaTeX into MathML (HTML) or keep it (LaTeX).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from babel.dates import format_date
from babel.numbers import format_decimal

from generator.i18n import babel_locale
from generator.model import FormSpec, Manifest, PartSpec, ProblemSpec, Solution

# Figure kinds whose key shows marks the worksheet does not (the answers, drawn).
KEY_ONLY_MARKS: frozenset[str] = frozenset({"stationary"})


@dataclass(frozen=True)
class FigureView:
    """A figure as one format needs it: inline SVG for HTML, a PDF path for LaTeX."""

    description: str
    svg: str | None = None
    path: str | None = None


@dataclass(frozen=True)
class StepView:
    """One worked step: what was done (text with inline LaTeX) and the equality it gives."""

    explanation: str
    latex: str


@dataclass(frozen=True)
class ChoiceView:
    label: str
    latex: str
    correct: bool


@dataclass(frozen=True)
class PartView:
    """A part; `label` is empty when the problem has only one part, so nothing says "(1)".

    Multiple-choice parts are `lettered` (A, B, C, D); choices that are their own labels (classify:
    max / min / neither) are listed inline instead, not as "(max) max"."""

    label: str
    prompt: str | None
    points: str
    kind: str
    choices: tuple[ChoiceView, ...]
    lettered: bool
    answer_latex: str
    correct_labels: str
    steps: tuple[StepView, ...]


@dataclass(frozen=True)
class ProblemView:
    number: int
    statement: str
    points: str
    parts: tuple[PartView, ...]
    figure: FigureView | None


@dataclass(frozen=True)
class SheetView:
    """One form: its letter, or the student it was made for, with the total of its points."""

    slug: str
    form: str
    student: str | None
    student_name: str | None
    total: str
    problems: tuple[ProblemView, ...]


@dataclass(frozen=True)
class DocumentView:
    """A worksheet or key file: one sheet per form or student, a page break between sheets."""

    course: str
    title: str
    date: str
    sheets: tuple[SheetView, ...]
    solutions: bool


FigureSink = Callable[[ProblemSpec, bool], FigureView | None]
Explain = Callable[[ProblemSpec, PartSpec], Solution]


def slug(form: FormSpec) -> str:
    """The part of a file name that says whose sheet it is: the student id, or the form letter."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", form.student or form.form).strip("._") or "form"


def figure_content(problem: ProblemSpec) -> str:
    """What a problem's figure depends on, without its number or seed: equal text, equal drawing."""
    return problem.model_dump_json(include={"figure", "function", "variables", "parts"})


def document(
    manifest: Manifest,
    forms: list[FormSpec],
    *,
    lang: str,
    key: bool,
    figures: FigureSink,
    explain: Explain | None,
) -> DocumentView:
    """The view of one file: `forms` as worksheets, or as keys when `key` (steps if `explain`)."""
    locale = babel_locale(lang)
    sheets = tuple(
        SheetView(
            slug=slug(form),
            form=form.form,
            student=form.student,
            student_name=form.student_name,
            total=_points(sum(part.points for p in form.problems for part in p.parts), locale),
            problems=tuple(_problem(p, lang, key, figures, explain) for p in form.problems),
        )
        for form in forms
    )
    return DocumentView(
        course=manifest.course,
        title=manifest.title,
        date=_date(manifest.date, locale),
        sheets=sheets,
        solutions=explain is not None,
    )


def _problem(
    problem: ProblemSpec, lang: str, key: bool, figures: FigureSink, explain: Explain | None
) -> ProblemView:
    several = len(problem.parts) > 1
    locale = babel_locale(lang)
    return ProblemView(
        number=problem.number,
        statement=problem.statement_latex,
        points=_points(sum(part.points for part in problem.parts), locale),
        parts=tuple(
            _part(problem, part, several, lang, explain if key else None) for part in problem.parts
        ),
        figure=figures(problem, key),
    )


def _part(
    problem: ProblemSpec, part: PartSpec, several: bool, lang: str, explain: Explain | None
) -> PartView:
    choices = tuple(
        ChoiceView(choice.label, choice.answer_latex, choice.correct)
        for choice in part.choices or ()
    )
    steps = (
        tuple(
            StepView(step.explanation.render(lang), step.latex)
            for step in explain(problem, part).steps
        )
        if explain is not None
        else ()
    )
    return PartView(
        label=part.label if several else "",
        prompt=part.prompt_latex,
        points=_points(part.points, babel_locale(lang)),
        kind=part.kind,
        choices=choices,
        lettered=any(choice.label != choice.answer for choice in part.choices or ()),
        answer_latex=part.answer_latex,
        correct_labels=", ".join(choice.label for choice in choices if choice.correct),
        steps=steps,
    )


def _points(value: float, locale: str) -> str:
    return format_decimal(value, format="#,##0.##", locale=locale)


def _date(text: str, locale: str) -> str:
    """An ISO date in the reader's long format; other text is printed as the teacher wrote it."""
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        return text
    return format_date(day, format="long", locale=locale)
