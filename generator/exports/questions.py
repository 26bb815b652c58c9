"""Manifest → LMS-neutral questions: one per part of each distinct problem variant.

Moodle and Canvas writers only lay these out in their XML. Here is the decision of what each part
becomes: a numerical question (numbers, and expression parts asked "at a point" when the LMS cannot
grade expressions), a multiple-choice question with feedback per choice from the diagnosis, or a
STACK question with a Maxima teacher answer and one misconception per potential-response node.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass

import sympy

from generator.errors import StudentInputError
from generator.exports.maxima import maxima_code
from generator.exports.points import evaluation_point, numeric_value, point_latex
from generator.i18n import N_, Message, translate
from generator.model import Manifest, PartSpec, ProblemSpec
from generator.parsing import (
    KEY_LIMITS,
    ParsedEquation,
    ParsedExpression,
    ParsedSet,
    ParsedTuple,
    parse_answer,
)
from generator.rules import mal_answers

DEFAULT_RELATIVE_TOLERANCE = 1e-3
CLASS_LABELS: dict[str, str] = {
    "max": N_("local maximum"),
    "min": N_("local minimum"),
    "neither": N_("neither a maximum nor a minimum"),
}


@dataclass(frozen=True)
class Numerical:
    """A number within an absolute tolerance."""

    value: float
    tolerance: float


@dataclass(frozen=True)
class Option:
    """One choice of a multiple-choice question, with what a student who picks it is told."""

    html: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class MultipleChoice:
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Misconception:
    """A wrong answer the PRT recognises: its id, Maxima form and feedback."""

    id: str
    maxima: str
    feedback: str


@dataclass(frozen=True)
class Stack:
    """A STACK question: the Maxima teacher answer and the misconceptions to test for, in order."""

    teacher_answer: str
    misconceptions: tuple[Misconception, ...]


@dataclass(frozen=True)
class Question:
    """One gradable question of an export, in one category (the template, or template/part)."""

    ident: str
    category: str
    name: str
    text_html: str
    key_html: str
    points: float
    body: Numerical | MultipleChoice | Stack


@dataclass(frozen=True)
class Skipped:
    """A part that the chosen format cannot grade; the CLI lists these."""

    template: str
    seed: int
    label: str
    reason: Message


@dataclass(frozen=True)
class QuestionSet:
    title: str
    questions: tuple[Question, ...]
    skipped: tuple[Skipped, ...]


def variants(manifest: Manifest) -> Iterator[ProblemSpec]:
    """Every distinct (template, seed) problem of the manifest, in order of first appearance."""
    seen: set[tuple[str, int]] = set()
    for form in manifest.forms:
        for problem in form.problems:
            if (problem.template, problem.seed) not in seen:
                seen.add((problem.template, problem.seed))
                yield problem


def build_questions(manifest: Manifest, *, stack: bool, lang: str | None = None) -> QuestionSet:
    """The questions of every part of every variant; `stack=False` asks expressions at a point."""
    lang = lang or manifest.lang
    questions: list[Question] = []
    skipped: list[Skipped] = []
    for problem in variants(manifest):
        for part in problem.parts:
            made = _questions(problem, part, stack=stack, lang=lang)
            if isinstance(made, Message):
                skipped.append(Skipped(problem.template, problem.seed, part.label, made))
            else:
                questions.extend(made)
    title = manifest.title or translate(N_("Differentiation practice"), lang)
    return QuestionSet(title, tuple(questions), tuple(skipped))


def _questions(
    problem: ProblemSpec, part: PartSpec, *, stack: bool, lang: str
) -> list[Question] | Message:
    """The part's questions (a tuple without STACK: one per component), or why none fit."""
    base_text = _text_html(problem, part)
    key_html = html.escape(rf"\({part.answer_latex}\)", quote=False)
    single = len(problem.parts) == 1
    category = problem.template if single else f"{problem.template}/{part.label}"
    name = f"{problem.template} #{problem.seed}" + ("" if single else f" ({part.label})")
    ident = f"{problem.template}-{problem.seed}-{part.label}".replace(".", "_")

    def make(text: str, body: Numerical | MultipleChoice | Stack, suffix: str = "") -> Question:
        return Question(
            ident + suffix, category + suffix, name + suffix, text, key_html, part.points, body
        )

    if part.choices:
        return [make(base_text, _choices_from_spec(problem, part, lang))]
    if part.kind == "choice":
        if part.answer in CLASS_LABELS:
            return [make(base_text, _classification(part.answer, lang))]
        if stack:
            return [make(base_text, Stack(_label_list(part.answer), ()))]
        return Message(N_("a list of classifications needs STACK"))
    parsed = _parse_key(problem, part)
    if parsed is None:
        return Message(N_("the key could not be read back"))
    if stack and part.kind != "number":
        return [make(base_text, _stack(problem, part, parsed, lang))]
    if isinstance(parsed, ParsedTuple) and len(parsed.items) > 1:
        components: list[Question] = []
        for index, item in enumerate(parsed.items, 1):
            if not isinstance(item, sympy.Expr):
                return Message(N_("sets and tuples need STACK"))
            asked = translate(N_("Component {index} of your answer:"), lang, index=index)
            made = _at_a_point(problem, part, item, f"{base_text}<p>{asked}</p>", lang)
            if isinstance(made, Message):
                return made
            text, body = made
            components.append(make(text, body, f"-{index}"))
        return components
    expression = _as_expression(parsed)
    if expression is None:
        return Message(N_("sets and tuples need STACK"))
    made = _at_a_point(problem, part, expression, base_text, lang)
    return made if isinstance(made, Message) else [make(*made)]


def _at_a_point(
    problem: ProblemSpec, part: PartSpec, expression: sympy.Expr, text: str, lang: str
) -> tuple[str, Numerical] | Message:
    """A number as it is; an expression asked for its value at a point where it is defined."""
    symbols = sorted(expression.free_symbols, key=str)
    point = evaluation_point(problem, part, expression, symbols)
    if point is None:
        return Message(N_("no point was found where the key is defined"))
    value = numeric_value(expression, point)
    if value is None:
        return Message(N_("the key is not a real number"))
    if point:
        instruction = translate(
            N_("Enter the value of your answer at {point}, to at least 4 significant digits."),
            lang,
            point=html.escape(rf"\({point_latex(point)}\)", quote=False),
        )
        text = f"{text}<p>{instruction}</p>"
    return text, _numerical(value, part.tolerance)


def _text_html(problem: ProblemSpec, part: PartSpec) -> str:
    text = f"<p>{html.escape(problem.statement_latex, quote=False)}</p>"
    if part.prompt_latex:
        text += f"<p>{html.escape(part.prompt_latex, quote=False)}</p>"
    return text


def _parse_key(problem: ProblemSpec, part: PartSpec) -> object | None:
    try:
        return parse_answer(
            part.answer, problem.variables, functions=tuple(problem.functions), limits=KEY_LIMITS
        )
    except StudentInputError:
        return None


def _as_expression(parsed: object) -> sympy.Expr | None:
    if isinstance(parsed, ParsedExpression):
        return parsed.expr
    if isinstance(parsed, ParsedEquation) and isinstance(parsed.lhs, sympy.Symbol):
        return parsed.rhs
    return None


def sympy_value(parsed: object) -> object:
    """The parsed key as the sympy object the Maxima printer takes (expression, Eq, set, tuple)."""
    if isinstance(parsed, ParsedExpression):
        return parsed.expr
    if isinstance(parsed, ParsedEquation):
        return sympy.Eq(parsed.lhs, parsed.rhs, evaluate=False)
    if isinstance(parsed, ParsedSet):
        return sympy.FiniteSet(*parsed.items)
    if isinstance(parsed, ParsedTuple):
        return tuple(parsed.items)
    raise TypeError(type(parsed).__name__)


def _numerical(value: float, tolerance: float | None) -> Numerical:
    relative = DEFAULT_RELATIVE_TOLERANCE if tolerance is None else tolerance
    return Numerical(value, relative * max(abs(value), 1.0))


def _stack(problem: ProblemSpec, part: PartSpec, parsed: object, lang: str) -> Stack:
    teacher_answer = maxima_code(sympy_value(parsed))
    misconceptions: dict[str, Misconception] = {}
    for mal in mal_answers(problem, part):
        code = maxima_code(mal.expr)
        # Two mal-rules may give the same answer; the PRT's first node for it wins anyway.
        if code != teacher_answer and code not in misconceptions:
            misconceptions[code] = Misconception(mal.id, code, mal.feedback.render(lang))
    return Stack(teacher_answer, tuple(misconceptions.values()))


def _label_list(answer: str) -> str:
    labels = [label.strip() for label in answer.strip("()[]{} ").split(",") if label.strip()]
    return "[" + ", ".join(labels) + "]"


def _classification(answer: str, lang: str) -> MultipleChoice:
    correct = translate(N_("Correct."), lang)
    wrong = translate(N_("Not correct: look at the sign of the derivative on each side."), lang)
    return MultipleChoice(
        tuple(
            Option(
                html.escape(translate(text, lang), quote=False),
                label == answer,
                correct if label == answer else wrong,
            )
            for label, text in CLASS_LABELS.items()
        )
    )


def _choice_text(answer: str, latex: str, lang: str) -> str:
    """A classification label in words of the reader's language; any other choice as math."""
    if answer in CLASS_LABELS:
        return html.escape(translate(CLASS_LABELS[answer], lang), quote=False)
    return html.escape(rf"\({latex}\)", quote=False)


def _choices_from_spec(problem: ProblemSpec, part: PartSpec, lang: str) -> MultipleChoice:
    feedback = {mal.id: mal.feedback.render(lang) for mal in mal_answers(problem, part)}
    # The template's own feedback wins, as in the checker's diagnosis.
    feedback |= {m.id: m.feedback.get(lang) or m.feedback["en"] for m in part.misconceptions}
    correct = translate(N_("Correct."), lang)
    wrong = translate(N_("Not correct."), lang)
    return MultipleChoice(
        tuple(
            Option(
                _choice_text(choice.answer, choice.answer_latex, lang),
                choice.correct,
                correct if choice.correct else feedback.get(choice.diagnosis or "", wrong),
            )
            for choice in part.choices or ()
        )
    )
