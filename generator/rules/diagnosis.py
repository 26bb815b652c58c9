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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

import sympy as sp

from generator.equivalence import Outcome, compare_numbers, equivalent
from generator.i18n import N_, Message
from generator.latex import house_str, plain_latex
from generator.model import Diagnosis, PartSpec, ProblemSpec
from generator.rules.differentiator import (
    STYLES,
    Application,
    MalRule,
    Style,
    bites,
    correct_run,
    mal_derivative,
)
from generator.rules.malrules import MAL_RULES
from generator.rules.printing import Math, latex, math
from generator.rules.task import Task, task_of

DIAGNOSED_ASKS = ("derivative", "partial", "limit_definition")
GENERIC_DEPTH = 1_000  # misconceptions about the whole answer rather than one rule
_FACTOR_POINTS = 4
_UNDEFINED = (sp.zoo, sp.nan, sp.oo, -sp.oo)  # a mistake's value where it is undefined
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
    depth: int = GENERIC_DEPTH
    """How deep in the function the misconception bites (1: its outermost rule)."""

    @property
    def answer(self) -> str:
        """The answer as the manifest writes a key (sympy text, read back by the parser)."""
        return house_str(self.expr)

    @property
    def answer_latex(self) -> str:
        """The answer in LaTeX, e.g. for a multiple-choice option."""
        return latex(self.expr)


def mal_answers(problem: ProblemSpec, part: PartSpec) -> list[MalAnswer]:
    """The misconceptions' answers to one part, each different from the key."""
    return mal_answers_for(task_of(problem, part))


def diagnose(
    problem: ProblemSpec, part: PartSpec, answer: sp.Basic | tuple[sp.Basic, ...]
) -> Diagnosis | None:
    """The misconception behind a wrong answer to one part, or None when none explains it; an
    answer in its ask's shape (`answer_diagnosis.Answer`: a line, components, set elements)."""
    task = task_of(problem, part)
    if task.ask in DIAGNOSED_ASKS:
        if not isinstance(answer, sp.Expr):
            return None
        return (
            diagnose_number(task, answer) if part.kind == "number" else diagnose_task(task, answer)
        )
    from generator.rules.answer_diagnosis import diagnose_beyond_derivatives  # builds on this one

    return diagnose_beyond_derivatives(task, answer)


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


Signature = tuple[sp.Expr, tuple[sp.Symbol, ...], tuple[sp.Symbol, ...], tuple[sp.Expr, ...] | None]


def _signature(task: Task) -> Signature:
    """What the candidates depend on, hashable (the task's function after substitution)."""
    return (task.substituted, task.variables, task.derivative_variables, task.at)


def mal_answers_for(task: Task) -> list[MalAnswer]:
    """Candidate wrong answers in the order diagnosis tries them (specific ids first)."""
    if task.ask not in DIAGNOSED_ASKS:
        return []
    return list(_mal_answers(*_signature(task))[0])


def wrong_derivatives(
    function: sp.Expr, variables: Sequence[sp.Symbol], var: sp.Symbol
) -> tuple[MalAnswer, ...]:
    """The misconceptions' answers to d function / d var that differ from it (cached): what a
    slope, a gradient component or a stationary point is computed from."""
    return _mal_answers(function, tuple(variables), (var,), None)[0]


def coinciding_mal_rules(problem: ProblemSpec, part: PartSpec) -> list[str]:
    """Ids of misconceptions whose answer to this part is the key itself (for `validate`: such a
    variant cannot tell the misconception from a right answer)."""
    return coinciding_for(task_of(problem, part))


def coinciding_for(task: Task) -> list[str]:
    """`coinciding_mal_rules` of a task."""
    if task.ask not in DIAGNOSED_ASKS:
        return []
    return list(_mal_answers(*_signature(task))[1])


@lru_cache(maxsize=512)
def _mal_answers(
    function: sp.Expr,
    variables: tuple[sp.Symbol, ...],
    order: tuple[sp.Symbol, ...],
    at: tuple[sp.Expr, ...] | None,
) -> tuple[tuple[MalAnswer, ...], tuple[str, ...]]:
    """(candidates that differ from the key, ids of those that do not)."""
    key = _key(function, variables, order, at)
    symbols = tuple(sorted(key.free_symbols | function.free_symbols, key=str))
    kept: list[MalAnswer] = []
    coinciding: list[str] = []
    for candidate in _candidates(function, variables, order, at):
        if any(c.id == candidate.id and c.expr == candidate.expr for c in kept):
            continue
        if equivalent(candidate.expr, key, symbols):
            coinciding.append(candidate.id)
        else:
            kept.append(candidate)
    return tuple(kept), tuple(dict.fromkeys(coinciding))


def _key(
    function: sp.Expr,
    variables: tuple[sp.Symbol, ...],
    order: tuple[sp.Symbol, ...],
    at: tuple[sp.Expr, ...] | None,
) -> sp.Expr:
    key = _diff(function, order)
    return key.xreplace(dict(zip(variables, at, strict=False))) if at else key


def _candidates(
    function: sp.Expr,
    variables: tuple[sp.Symbol, ...],
    order: tuple[sp.Symbol, ...],
    at: tuple[sp.Expr, ...] | None,
) -> Iterator[MalAnswer]:
    """Every misconception's answer, lazily, in the order diagnosis tries them."""
    point = dict(zip(variables, at or (), strict=False))
    yield from _at_point(_rule_candidates(function, order), point)
    yield from _at_point(_generic_candidates(function, variables, order), point)


def _ranked_candidates(
    function: sp.Expr,
    variables: tuple[sp.Symbol, ...],
    order: tuple[sp.Symbol, ...],
    at: tuple[sp.Expr, ...] | None,
) -> Iterator[MalAnswer]:
    """The candidates outermost rule first (stable by depth), each made only when asked for: where
    each mal-rule bites is read off the correct run, so only the answers used are computed."""
    point = dict(zip(variables, at or (), strict=False))
    bites = sorted(_bites(function, order), key=lambda bite: bite[0])
    ranked = (_mal_answer(function, order, mal, style) for _, style, mal in bites)
    yield from _at_point(ranked, point)
    yield from _at_point(_generic_candidates(function, variables, order), point)


def _at_point(
    candidates: Iterable[MalAnswer], point: dict[sp.Symbol, sp.Expr]
) -> Iterator[MalAnswer]:
    for candidate in candidates:
        expr = candidate.expr.xreplace(point) if point else candidate.expr
        yield MalAnswer(candidate.id, expr, candidate.feedback, candidate.depth)


def _rule_candidates(function: sp.Expr, order: tuple[sp.Symbol, ...]) -> Iterator[MalAnswer]:
    """Each mal-rule's answer in each style where it makes a difference."""
    for _, style, mal in _bites(function, order):
        yield _mal_answer(function, order, mal, style)


def _bites(function: sp.Expr, order: tuple[sp.Symbol, ...]) -> list[tuple[int, Style, MalRule]]:
    """(depth, style, mal-rule) of each mal-rule that makes a difference, in the order tried."""
    found: list[tuple[int, Style, MalRule]] = []
    for style in _styles(function):
        for mal in MAL_RULES:
            if style != "auto" and not mal.rules & _STYLE_RULES[style]:
                continue
            depth = _first_bite(function, order, mal, style)
            if depth is not None:
                found.append((depth, style, mal))
    return found


def _mal_answer(
    function: sp.Expr, order: tuple[sp.Symbol, ...], mal: MalRule, style: Style
) -> MalAnswer:
    wrong = _mal_run(function, order, mal, style)
    if wrong is None:
        raise AssertionError(f"{mal.id} was to bite in {function}")
    return MalAnswer(mal.id, wrong[0], Message(mal.feedback, wrong[1]), wrong[2])


def _generic_candidates(
    function: sp.Expr, variables: tuple[sp.Symbol, ...], order: tuple[sp.Symbol, ...]
) -> Iterator[MalAnswer]:
    """The misconceptions about the whole answer (depth GENERIC_DEPTH), the costliest last."""
    yield from _partial_answers(function, variables, order)
    yield MalAnswer(
        "sign_error",
        -_diff(function, order),
        Message(N_("Check the sign: your answer is the negative of the derivative.")),
    )
    yield from _order_answers(function, order)


def _styles(function: sp.Expr) -> tuple[Style, ...]:
    has_quotient = any(
        node.is_Pow and node.exp.is_negative and not node.base.is_number
        for node in sp.preorder_traversal(function)
    )
    return STYLES if has_quotient else ("auto",)


def _mal_run(
    function: sp.Expr, order: tuple[sp.Symbol, ...], mal: MalRule, style: Style
) -> tuple[sp.Expr, dict[str, Math], int] | None:
    """Differentiate in order with the mal-rule at every stage; None if it never bit."""
    expr, fired, depth = function, None, 0
    for var in order:
        result = None
        if _bite_depth(mal, _applications(expr, var, style)) is not None:
            result = mal_derivative(expr, var, mal, style=style)
        if result is None:
            expr = _diff(expr, (var,))
        else:
            expr = result[0]
            if fired is None:
                fired, depth = result[1], result[2]
    return None if fired is None else (expr, fired, depth)


def _first_bite(
    function: sp.Expr, order: tuple[sp.Symbol, ...], mal: MalRule, style: Style
) -> int | None:
    """How deep `_mal_run` will find the mal-rule biting first, or None if it never does."""
    for stage, var in enumerate(order):
        depth = _bite_depth(mal, _applications(_diff(function, order[:stage]), var, style))
        if depth is not None:
            return depth
    return None


def _bite_depth(mal: MalRule, applications: tuple[Application, ...]) -> int | None:
    """Up to its first bite a mal-rule's run is the correct run, so the first application where
    its formula differs from the correct one is where it bites."""
    for application in applications:
        if bites(mal, application):
            return application[0]
    return None


def _applications(expr: sp.Expr, var: sp.Symbol, style: Style) -> tuple[Application, ...]:
    """Every rule application of the correct run (one run stands in for one per mal-rule)."""
    return correct_run(expr, var, style).applications


@lru_cache(maxsize=2048)
def _diff(expr: sp.Expr, order: tuple[sp.Symbol, ...]) -> sp.Expr:
    """The derivative in order, one variable at a time (each stage cached for the next order)."""
    if not order:
        return expr
    return sp.diff(_diff(expr, order[:-1]), order[-1])


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
            _diff(function, (other,)),
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
            sp.Add(*[_diff(function, (v,)) for v in (var, *others)]),
            Message(
                N_(
                    "For the partial derivative with respect to {var}, hold {others} constant: "
                    "differentiating them with respect to {var} gives 0."
                ),
                {
                    "var": math(var),
                    "others": Math(*(", ".join(map(f, others)) for f in (plain_latex, str))),
                },
            ),
        )
    )
    return found


def _order_answers(function: sp.Expr, order: tuple[sp.Symbol, ...]) -> Iterator[MalAnswer]:
    """The function itself, one derivative short, one too many (the costliest last)."""
    yield MalAnswer(
        "wrong_order",
        function,
        Message(N_("This is the function itself; the question asks for its derivative.")),
    )
    if len(order) > 1:
        yield MalAnswer(
            "wrong_order",
            _diff(function, order[:-1]),
            Message(
                N_(
                    "You stopped one derivative short: this is the derivative of order "
                    "{given}, the question asks for order {asked}."
                ),
                {"given": len(order) - 1, "asked": len(order)},
            ),
        )
    yield MalAnswer(
        "wrong_order",
        _diff(function, (*order, order[-1])),
        Message(
            N_(
                "You differentiated once too often: this is the derivative of order {given}, "
                "the question asks for order {asked}."
            ),
            {"given": len(order) + 1, "asked": len(order)},
        ),
    )


def diagnose_task(task: Task, answer: sp.Expr) -> Diagnosis | None:
    """The first candidate equivalent to the answer, else a constant multiple of the key.

    Candidates are made lazily: the common misconceptions come first, so most wrong answers are
    recognised before the costlier candidates (higher orders, other styles) are computed.
    """
    if task.ask not in DIAGNOSED_ASKS:
        return None
    key = key_of(task)
    symbols = tuple(sorted(key.free_symbols | answer.free_symbols | set(task.variables), key=str))
    if equivalent(answer, key, symbols):
        return None
    for candidate in _candidates(*_signature(task)):
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


def diagnose_number(task: Task, answer: sp.Expr) -> Diagnosis | None:
    """`diagnose_task` for a derivative at a point, where different mistakes can give the same
    number: the diagnosis only when one mistake alone explains the answer, and never a constant
    factor (every number is a multiple of a nonzero number). All candidates are compared, so
    they come from the cache a class's answers to the part share."""
    if (
        task.ask not in DIAGNOSED_ASKS
        or compare_numbers(key_of(task), answer) is Outcome.EQUIVALENT
    ):
        return None
    found = [
        c
        for c in _mal_answers(*_signature(task))[0]
        if not c.expr.has(*_UNDEFINED) and compare_numbers(c.expr, answer) is Outcome.EQUIVALENT
    ]
    if not found or any(c.id != found[0].id for c in found):
        return None
    return Diagnosis(found[0].id, found[0].feedback)


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
    """n misconception answers that differ from each other and from the key, those about the
    outermost rules first."""
    return list(islice(distractor_stream(task), n))


def distractor_stream(task: Task) -> Iterator[MalAnswer]:
    """The distractors one at a time (`distractors_for` is a prefix of this), each made and
    checked only when the caller asks for the next, so a caller needing few pays for few."""
    if task.ask not in DIAGNOSED_ASKS:
        return
    function, variables, order, at = _signature(task)
    key = task.key if task.key is not None else _key(function, variables, order, at)
    symbols = tuple(sorted(key.free_symbols | function.free_symbols, key=str))
    chosen: list[MalAnswer] = []
    for candidate in _ranked_candidates(function, variables, order, at):
        if equivalent(candidate.expr, key, symbols):
            continue
        pair = tuple(sorted(candidate.expr.free_symbols | key.free_symbols, key=str))
        if not any(equivalent(candidate.expr, c.expr, pair) for c in chosen):
            chosen.append(candidate)
            yield candidate
