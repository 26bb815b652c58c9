"""Diagnosis: which misconception explains a wrong derivative, and distractors for multiple choice.

The candidate wrong answers come from re-running the differentiator with one mal-rule at a time
(`malrules.py`), plus answers that need no rule: the derivative with respect to another variable,
the other variables not held constant, the function or a derivative of another order, the key with
its sign flipped. A wrong answer equivalent (by the checker's own equivalence) to a candidate gets
that candidate's id and feedback; one that is a constant multiple of the key gets
`constant_factor`; anything else gets no diagnosis.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from generator.equivalence import equivalent
from generator.i18n import N_, Message
from generator.model import Diagnosis, PartSpec, ProblemSpec
from generator.rules.differentiator import STYLES, MalRule, Style, mal_derivative, rules_used
from generator.rules.malrules import MAL_RULES
from generator.rules.printing import Math, math
from generator.rules.task import Task, task_of

DIAGNOSED_ASKS = ("derivative", "partial", "limit_definition")
_FACTOR_POINTS = 4
# Only these rules can answer differently when quotients are done another way.
_STYLE_RULES: dict[str, frozenset[str]] = {
    "quotient": frozenset({"quotient", "constant"}),
    "power": frozenset({"power", "chain", "product"}),
}


@dataclass(frozen=True)
class MalAnswer:
    """What a student with misconception `id` answers, and the feedback that explains it."""

    id: str
    expr: sp.Expr
    feedback: Message


def mal_answers(problem: ProblemSpec, part: PartSpec) -> list[MalAnswer]:
    """The misconceptions' answers to one part, each different from the key."""
    return mal_answers_for(task_of(problem, part))


def diagnose(problem: ProblemSpec, part: PartSpec, answer_expr: sp.Expr) -> Diagnosis | None:
    """The misconception behind a wrong answer to one part, or None when none explains it."""
    return diagnose_task(task_of(problem, part), answer_expr)


def distractors(problem: ProblemSpec, part: PartSpec, n: int) -> list[MalAnswer]:
    """Up to n misconception answers for a multiple-choice part: distinct, none the key."""
    return distractors_for(task_of(problem, part), n)


def diagnose_expression(
    function: sp.Expr,
    answer: sp.Expr,
    *,
    variables: Sequence[str | sp.Symbol],
    ask: str = "derivative",
    wrt: Sequence[str | sp.Symbol] | None = None,
    order: int = 1,
) -> Diagnosis | None:
    """`diagnose` for a function given directly (the checker's `function` + `ask` lines)."""
    task = Task(
        function=function,
        variables=tuple(sp.Symbol(str(v)) for v in variables),
        ask=ask,
        wrt=tuple(sp.Symbol(str(w)) for w in wrt or ()),
        order=order,
    )
    return diagnose_task(task, answer)


def key_of(task: Task) -> sp.Expr:
    """The exact answer of a derivative task (at the point, when it has one)."""
    key = (
        task.key if task.key is not None else sp.diff(task.substituted, *task.derivative_variables)
    )
    return key.xreplace(task.point) if task.at is not None and task.key is None else key


def mal_answers_for(task: Task) -> list[MalAnswer]:
    """Candidate wrong answers in the order diagnosis tries them (specific ids first)."""
    if task.ask not in DIAGNOSED_ASKS:
        return []
    inner = tuple(sorted(task.inner.items(), key=str))
    return list(
        _mal_answers(task.substituted, task.variables, task.derivative_variables, task.at, inner)
    )


@lru_cache(maxsize=512)
def _mal_answers(
    function: sp.Expr,
    variables: tuple[sp.Symbol, ...],
    order: tuple[sp.Symbol, ...],
    at: tuple[sp.Expr, ...] | None,
    inner: tuple[tuple[sp.Symbol, sp.Expr], ...],
) -> tuple[MalAnswer, ...]:
    point = dict(zip(variables, at or (), strict=False))
    key = sp.diff(function, *order)
    found: list[MalAnswer] = []
    for style in _styles(function):
        for mal in MAL_RULES:
            if style != "auto" and not mal.rules & _STYLE_RULES[style]:
                continue
            wrong = _mal_run(function, order, mal, style)
            if wrong is not None:
                found.append(MalAnswer(mal.id, wrong[0], Message(mal.feedback, wrong[1])))
    found += _partial_answers(function, variables, order)
    found += _order_answers(function, order)
    found.append(
        MalAnswer(
            "sign_error",
            -key,
            Message(N_("Check the sign: your answer is the negative of the derivative.")),
        )
    )
    if point:
        found = [MalAnswer(m.id, m.expr.xreplace(point), m.feedback) for m in found]
        key = key.xreplace(point)
    symbols = tuple(sorted(key.free_symbols | function.free_symbols, key=str))
    kept: list[MalAnswer] = []
    for candidate in found:
        if any(c.id == candidate.id and c.expr == candidate.expr for c in kept):
            continue
        if not equivalent(candidate.expr, key, symbols):
            kept.append(candidate)
    return tuple(kept)


def _styles(function: sp.Expr) -> tuple[Style, ...]:
    has_quotient = any(
        node.is_Pow and node.exp.is_negative and not node.base.is_number
        for node in sp.preorder_traversal(function)
    )
    return STYLES if has_quotient else ("auto",)


def _mal_run(
    function: sp.Expr, order: tuple[sp.Symbol, ...], mal: MalRule, style: Style
) -> tuple[sp.Expr, dict[str, Math]] | None:
    """Differentiate in order with the mal-rule at every stage; None if it never bit."""
    expr, fired = function, None
    for var in order:
        result = None
        if mal.rules & rules_used(expr, var, style):
            result = mal_derivative(expr, var, mal, style=style)
        if result is None:
            expr = _diff(expr, var)
        else:
            expr, fired = result[0], fired or result[1]
    return None if fired is None else (expr, fired)


@lru_cache(maxsize=2048)
def _diff(expr: sp.Expr, var: sp.Symbol) -> sp.Expr:
    return sp.diff(expr, var)


def _partial_answers(
    function: sp.Expr, variables: tuple[sp.Symbol, ...], order: tuple[sp.Symbol, ...]
) -> list[MalAnswer]:
    if len(order) != 1:
        return []
    (var,) = order
    others = [v for v in variables if v != var and function.has(v)]
    if not others:
        return []
    found = [
        MalAnswer(
            "partial_wrong_variable",
            sp.diff(function, other),
            Message(
                N_(
                    "You differentiated with respect to {other}; this asks for the derivative "
                    "with respect to {var}."
                ),
                {"other": math(other), "var": math(var)},
            ),
        )
        for other in others
    ]
    found.append(
        MalAnswer(
            "partial_other_variable_not_constant",
            sum((sp.diff(function, v) for v in (var, *others)), sp.S.Zero),
            Message(
                N_(
                    "For the partial derivative with respect to {var}, hold {others} constant: "
                    "differentiating them with respect to {var} gives 0."
                ),
                {
                    "var": math(var),
                    "others": Math(*(", ".join(map(f, others)) for f in (sp.latex, str))),
                },
            ),
        )
    )
    return found


def _order_answers(function: sp.Expr, order: tuple[sp.Symbol, ...]) -> list[MalAnswer]:
    var = order[-1]
    found = [
        MalAnswer(
            "wrong_order",
            function,
            Message(N_("This is the function itself; the question asks for its derivative.")),
        ),
        MalAnswer(
            "wrong_order",
            sp.diff(function, *order, var),
            Message(
                N_(
                    "You differentiated once too often: this is the derivative of order {given}, "
                    "the question asks for order {asked}."
                ),
                {"given": len(order) + 1, "asked": len(order)},
            ),
        ),
    ]
    if len(order) > 1:
        found.append(
            MalAnswer(
                "wrong_order",
                sp.diff(function, *order[:-1]),
                Message(
                    N_(
                        "You stopped one derivative short: this is the derivative of order "
                        "{given}, the question asks for order {asked}."
                    ),
                    {"given": len(order) - 1, "asked": len(order)},
                ),
            )
        )
    return found


def diagnose_task(task: Task, answer: sp.Expr) -> Diagnosis | None:
    """The first candidate equivalent to the answer, else a constant multiple of the key."""
    if task.ask not in DIAGNOSED_ASKS:
        return None
    key = key_of(task)
    symbols = tuple(sorted(key.free_symbols | answer.free_symbols | set(task.variables), key=str))
    if equivalent(answer, key, symbols):
        return None
    for candidate in mal_answers_for(task):
        if equivalent(answer, candidate.expr, symbols):
            return Diagnosis(candidate.id, candidate.feedback)
    factor = _constant_factor(key, answer, symbols)
    if factor is None:
        return None
    return Diagnosis(
        "constant_factor",
        Message(
            N_("Your answer is {factor} times the derivative: check the constant factors."),
            {"factor": math(factor)},
        ),
    )


def _constant_factor(key: sp.Expr, answer: sp.Expr, symbols: Sequence[sp.Symbol]) -> sp.Expr | None:
    """c when answer = c·key for a constant c other than 0 and ±1."""
    if key == 0:
        return None
    ratio = sp.cancel(answer / key) if not symbols else None
    if ratio is None:
        rng = random.Random(sp.srepr(answer))
        values = []
        for _ in range(_FACTOR_POINTS):
            point = {s: sp.Rational(rng.randint(11, 29), 10) for s in symbols}
            try:
                denominator = complex(key.xreplace(point).evalf(30))
                numerator = complex(answer.xreplace(point).evalf(30))
            except TypeError:
                return None
            if denominator == 0:
                continue
            values.append(numerator / denominator)
        if not values or any(abs(v - values[0]) > 1e-9 * max(1.0, abs(values[0])) for v in values):
            return None
        ratio = sp.nsimplify(values[0].real, rational=True, tolerance=1e-10)
    if not ratio.is_number or ratio in (0, 1, -1):
        return None
    return ratio if equivalent(answer, ratio * key, symbols) else None


def distractors_for(task: Task, n: int) -> list[MalAnswer]:
    """The first n misconception answers that differ from each other (and from the key)."""
    key = key_of(task)
    chosen: list[MalAnswer] = []
    for candidate in mal_answers_for(task):
        if len(chosen) == n:
            break
        symbols = tuple(sorted(candidate.expr.free_symbols | key.free_symbols, key=str))
        if not any(equivalent(candidate.expr, c.expr, symbols) for c in chosen):
            chosen.append(candidate)
    return chosen
