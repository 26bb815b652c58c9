"""Template + seed → one problem with its solved keys (a `ProblemSpec` of the manifest).

Deterministic: parameters come from `random.Random(seed)`; a draw that fails a constraint or gives a
degenerate problem (zero or huge key, undefined at the point, stationary points not real or not in
closed form) is redrawn from the same generator, a bounded number of times.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import jinja2
import sympy

from generator.bank.choices import WrongOption, lettered, wrong_options
from generator.bank.loading import CompiledPart, CompiledTemplate
from generator.bank.prompts import default_prompt
from generator.bank.statements import render
from generator.bank.titles import title_in
from generator.errors import AuthorError
from generator.i18n import N_, Message
from generator.latex import house_str, plain_latex
from generator.model import Choice, PartSpec, ProblemSpec, TemplateMisconception
from generator.rules.task import Task, solved_task
from generator.solve import LABELS, TANGENT_SYMBOL, Key, Question, Unsolvable, solve

MAX_DRAWS = 200
MAX_INTEGER = 10**5
MAX_DENOMINATOR = 10**3


class Degenerate(Exception):
    """This draw gives a problem not worth printing; the reason is kept for the final error."""

    def __init__(self, reason: Message) -> None:
        self.reason = reason
        super().__init__(reason.render())


@dataclass(frozen=True)
class Instance:
    """The sympy side of an instance, kept for validation; `spec` is what the manifest holds."""

    spec: ProblemSpec
    values: dict[sympy.Symbol, sympy.Expr]
    function: sympy.Expr
    questions: tuple[Question, ...]
    keys: tuple[Key, ...]


def instantiate(
    template: CompiledTemplate, seed: int, *, lang: str = "en", number: int = 1
) -> ProblemSpec:
    """The problem of `template` for `seed`, solved; the same seed always gives the same problem."""
    return instantiate_full(template, seed, lang=lang, number=number).spec


def instantiate_full(
    template: CompiledTemplate, seed: int, *, lang: str = "en", number: int = 1
) -> Instance:
    """Like `instantiate`, keeping the sympy objects (validation checks them independently)."""
    rng = random.Random(seed)
    reason = Message(N_("every draw failed the constraints"))
    for _ in range(MAX_DRAWS):
        values = template.draw_params(rng)
        if not template.admits(values):
            continue
        try:
            return _build(template, values, seed, lang, number)
        except Degenerate as error:
            reason = error.reason
    raise AuthorError(
        template.file,
        template.id,
        N_("no acceptable instance in {count} draws from seed {seed}; the last failed: {reason}"),
        count=MAX_DRAWS,
        seed=seed,
        reason=reason,
    )


def question_for(
    template: CompiledTemplate, part: CompiledPart, function: sympy.Expr, values: dict[Any, Any]
) -> Question:
    """The part's question with parameter values put in."""

    def put(items: tuple[sympy.Expr, ...] | None) -> tuple[sympy.Expr, ...] | None:
        return None if items is None else tuple(item.xreplace(values) for item in items)

    between = put(part.between)
    return Question(
        function=function,
        variables=template.variables,
        ask=part.source.ask,
        wrt=part.wrt,
        order=part.source.order,
        at=put(part.at),
        direction=put(part.direction),
        between=(between[0], between[1]) if between else None,
    )


def _build(
    template: CompiledTemplate,
    values: dict[sympy.Symbol, sympy.Expr],
    seed: int,
    lang: str,
    number: int,
) -> Instance:
    inner = {name: expr.xreplace(values) for name, expr in template.functions}
    outer = template.function.xreplace(values)
    function = outer.xreplace(inner) if inner else outer
    if template.topic != "constant" and not function.free_symbols & set(template.variables):
        raise Degenerate(Message(N_("the function is constant")))
    questions = tuple(question_for(template, part, function, values) for part in template.parts)
    keys = tuple(_solve(template, question) for question in questions)
    context = _context(template, values, outer, inner)
    parts = [
        _part_spec(template, part, question, key, context, lang)
        for part, question, key in zip(template.parts, questions, keys, strict=True)
    ]
    own = _misconceptions(template, values, inner, context)
    parts = [
        part.model_copy(update={"misconceptions": [m for m, _ in own.get(part.label, [])]})
        for part in parts
    ]
    spec = ProblemSpec(
        number=number,
        template=template.id,
        topic=template.topic,
        seed=seed,
        title=title_in(template.source.title, lang),
        difficulty=template.source.difficulty,
        variables=_answer_variables(template, keys),
        function=house_str(outer),
        functions={str(name): house_str(expr) for name, expr in inner.items()},
        statement_latex=_render(template, template.statement, lang, context, "statement"),
        parts=parts,
        figure=template.source.figure,
    )
    if any(part.source.choices for part in template.parts):
        lettered_parts = [
            _with_choices(
                solved_task(spec, spec_part, question, outer, inner, key.value),
                seed,
                compiled,
                spec_part,
                key,
                own.get(spec_part.label, []),
            )
            for compiled, spec_part, question, key in zip(
                template.parts, spec.parts, questions, keys, strict=True
            )
        ]
        spec = spec.model_copy(update={"parts": lettered_parts})
    return Instance(spec, values, function, questions, keys)


def _misconceptions(
    template: CompiledTemplate,
    values: dict[sympy.Symbol, sympy.Expr],
    inner: dict[sympy.Symbol, sympy.Expr],
    context: dict[str, Any],
) -> dict[str, list[tuple[TemplateMisconception, sympy.Expr]]]:
    """The template's own misconceptions per part label, with their answers for this instance
    and their feedback in every language the author wrote."""
    found: dict[str, list[tuple[TemplateMisconception, sympy.Expr]]] = {}
    for index, item in enumerate(template.misconceptions):
        answer = item.answer.xreplace(values)
        answer = answer.xreplace(inner) if inner else answer
        feedback = {
            lang: _render(template, item.feedback, lang, context, f"misconceptions.{index}")
            for lang in item.feedback
        }
        spec = TemplateMisconception(id=item.source.id, answer=house_str(answer), feedback=feedback)
        found.setdefault(item.part, []).append((spec, answer))
    return found


def _with_choices(
    task: Task,
    seed: int,
    part: CompiledPart,
    spec: PartSpec,
    key: Key,
    own: list[tuple[TemplateMisconception, sympy.Expr]],
) -> PartSpec:
    """The part with its lettered options; too few distinct wrong answers redraws the instance."""
    count = part.source.choices
    if count is None or not isinstance(key.value, sympy.Expr):
        return spec
    mine = [WrongOption(item.id, answer) for item, answer in own]
    wrong = wrong_options(task, key.value, mine, count - 1)
    if len(wrong) < count - 1:
        raise Degenerate(
            Message(
                N_("part {label} has {found} distinct wrong answers, {wanted} are needed"),
                {"label": spec.label, "found": len(wrong), "wanted": count - 1},
            )
        )
    return spec.model_copy(update={"choices": lettered(key, wrong, seed, spec.label)})


def render_texts(template: CompiledTemplate, instance: Instance, lang: str) -> list[str]:
    """The statement and the template's own prompts in `lang` (validation renders each language)."""
    inner = {name: expr.xreplace(instance.values) for name, expr in template.functions}
    outer = template.function.xreplace(instance.values)
    context = _context(template, instance.values, outer, inner)
    texts = [_render(template, template.statement, lang, context, "statement")]
    for index, part in enumerate(template.parts):
        if part.prompt is not None:
            texts.append(_render(template, part.prompt, lang, context, f"parts.{index}.prompt"))
    return texts


def _answer_variables(template: CompiledTemplate, keys: tuple[Key, ...]) -> list[str]:
    """The names an answer may use: the variables, and `y` when a part's answer is a line."""
    names = [str(v) for v in template.variables]
    if any(key.kind == "equation" for key in keys) and str(TANGENT_SYMBOL) not in names:
        names.append(str(TANGENT_SYMBOL))
    return names


def _solve(template: CompiledTemplate, question: Question) -> Key:
    if question.at is not None:
        height = question.function.xreplace(question.point)
        if height.has(sympy.zoo, sympy.nan) or not height.is_finite or not height.is_real:
            raise Degenerate(Message(N_("the function is undefined at the point")))
    try:
        key = solve(question)
    except Unsolvable as error:
        raise Degenerate(error.reason) from error
    value = key.value
    if isinstance(value, sympy.Basic):
        if template.topic != "constant" and _trivial(value):
            raise Degenerate(Message(N_("the answer is zero")))
        if _ugly(value):
            raise Degenerate(Message(N_("the answer has huge numbers")))
    return key


def _trivial(value: sympy.Basic) -> bool:
    """Zero, or a vector of zeros: nothing for a student to find."""
    if isinstance(value, sympy.Tuple):
        return all(component == 0 for component in value)
    return value == 0


def _ugly(value: sympy.Basic) -> bool:
    return any(abs(r.p) > MAX_INTEGER or r.q > MAX_DENOMINATOR for r in value.atoms(sympy.Rational))


def _context(
    template: CompiledTemplate,
    values: dict[sympy.Symbol, sympy.Expr],
    outer: sympy.Expr,
    inner: dict[sympy.Symbol, sympy.Expr],
) -> dict[str, Any]:
    """What a statement may use: parameters, variables, f, inner functions, signature, inner."""
    arguments = list(inner) if inner else list(template.variables)
    context: dict[str, Any] = {str(v): v for v in template.variables}
    context.update({str(name): value for name, value in values.items()})
    context.update({str(name): expr for name, expr in inner.items()})
    context["f"] = outer
    context["signature"] = f"f({', '.join(plain_latex(a) for a in arguments)})"
    context["inner"] = ", ".join(
        f"\\( {plain_latex(name)} = {plain_latex(expr)} \\)" for name, expr in inner.items()
    )
    return context


def _render(
    template: CompiledTemplate,
    compiled: dict[str, jinja2.Template],
    lang: str,
    context: dict[str, Any],
    path: str,
) -> str:
    try:
        return render(compiled, lang, context)
    except jinja2.TemplateError as error:
        raise AuthorError(
            template.file,
            f"{template.id}: {path}",
            N_("the text cannot be rendered: {reason}"),
            reason=str(error),
        ) from error


def _part_spec(
    template: CompiledTemplate,
    part: CompiledPart,
    question: Question,
    key: Key,
    context: dict[str, Any],
    lang: str,
) -> PartSpec:
    names = [str(v) for v in question.variables]
    if part.prompt is not None:
        path = f"parts.{template.parts.index(part)}.prompt"
        prompt = _render(template, part.prompt, lang, context, path)
    else:
        prompt = default_prompt(question).render(lang)
    points_through = None
    if question.between is not None:
        (x,) = question.variables
        points_through = [
            [house_str(a), house_str(question.function.xreplace({x: a}))] for a in question.between
        ]
    choices = None
    if key.kind == "choice":
        choices = [
            Choice(
                label=label,
                answer=label,
                answer_latex=f"\\text{{{label}}}",
                correct=label == key.text,
            )
            for label in LABELS
        ]
    return PartSpec(
        label=part.label,
        ask=part.source.ask,
        wrt=[str(v) for v in question.wrt] or ([names[0]] if len(names) == 1 else []),
        order=part.source.order,
        at=None
        if question.at is None
        else dict(zip(names, map(house_str, question.at), strict=True)),
        direction=None
        if question.direction is None
        else [house_str(d) for d in question.direction],
        points_through=points_through,
        kind=key.kind,
        answer=key.text,
        answer_latex=key.latex,
        points=part.source.points,
        tolerance=part.source.tolerance,
        choices=choices,
        prompt_latex=prompt,
    )
