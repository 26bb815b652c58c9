"""Why a wrong answer is wrong, for the asks beyond a derivative: the average rate of change, the
tangent line, the gradient, its length, a directional derivative and the stationary points.

Each ask lists the answers a recognisable mistake produces, cheapest first and each made only when
the ones before did not match: a slip in the ask's own formula (the secant's order, the line's
point, the unit vector), then a derivative from a misapplied rule (`diagnosis.py`) put into the
right formula. A wrong answer equal to one of them (by the checker's comparisons) gets its id and
feedback; any other gets none, and a diagnosis never changes a verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeAlias

import sympy as sp

from generator.equivalence import DEFAULT_NUMBER_TOLERANCE, Outcome, compare_equations
from generator.equivalence.kinds import compare_items
from generator.i18n import N_, Message
from generator.model import Diagnosis
from generator.rules.diagnosis import diagnose_number, diagnose_task, wrong_derivatives
from generator.rules.printing import Math, math
from generator.rules.task import Task
from generator.solve import TANGENT_SYMBOL, Question, differentiate, solve

Answer: TypeAlias = sp.Basic | tuple[sp.Basic, ...]
"""An answer in its ask's shape: a number or expression, a line (lhs, rhs), the gradient's
components, or the elements of a set."""

_MAX_DEGREE = 12  # bounds the numeric search for zeros
_DIGITS = 30
_CLOSE = 1e-9
_FAST_DIGITS = 15
_FAR = 1e-2  # ten times the checker's tolerance for decimals
# Mistakes about a whole derivative (its sign, its order): no explanation of one component.
_WHOLE_ANSWER = frozenset({"sign_error", "wrong_order"})
_LINE_POINTS = (sp.Rational(1, 3), sp.Rational(7, 5))

WRONG_SLOPE = N_("The slope of your line comes from a wrong derivative. {reason}")
WRONG_COMPONENT = N_("Your answer uses a wrong partial derivative with respect to {var}. {reason}")
WRONG_GRADIENT_COMPONENT = N_(
    "Component {index} of your gradient, the partial derivative with respect to {var}, is wrong. "
    "{reason}"
)
WRONG_ZEROS = N_("Your points are the zeros of a wrong derivative. {reason}")
SECANT_FORMULA = N_(
    "the average rate of change is (f(b) − f(a))/(b − a), here with a = {a}, b = {b}"
)


@dataclass(frozen=True)
class _Wrong:
    """What a student with mistake `id` answers, in the ask's shape, and the feedback for it."""

    id: str
    value: Answer
    feedback: Message


Same = Callable[[Answer, Answer, Sequence[sp.Symbol]], bool]


def _first_mistake(task: Task, answer: Answer) -> Diagnosis | None:
    """The mistake whose answer equals `answer` (and differs from the key), when no other mistake
    gives the same answer; else None."""
    ask = _ASKS.get(task.ask)
    if ask is None:
        return None
    wrongs, same = ask
    question = _question(task)
    symbols = (
        (*question.variables, TANGENT_SYMBOL) if task.ask == "tangent_line" else task.variables
    )
    matches = (
        wrong
        for wrong in wrongs(question)
        if _defined_value(wrong.value) and same(wrong.value, answer, symbols)
    )
    found = next(matches, None)
    if found is None or same(found.value, _shaped(solve(question).value), symbols):
        return None
    if any(wrong.id != found.id for wrong in matches):
        return None  # two mistakes give this answer: naming one would be a guess
    return Diagnosis(found.id, found.feedback)


def _question(task: Task) -> Question:
    """The solver's question of a task (the tangent's y is no variable of the function)."""
    variables = tuple(
        v for v in task.variables if v != TANGENT_SYMBOL or task.ask != "tangent_line"
    )
    return Question(
        function=task.substituted,
        variables=variables,
        ask=task.ask,
        at=task.at,
        direction=task.direction,
        between=task.between,
    )


def _shaped(key: object) -> Answer:
    """A solver's key in the shape answers are compared in."""
    if isinstance(key, sp.Eq):
        return (key.lhs, key.rhs)
    if isinstance(key, sp.FiniteSet | sp.Tuple):
        return tuple(key.args)
    assert isinstance(key, sp.Basic)
    return key


def _same_value(a: Answer, b: Answer, symbols: Sequence[sp.Symbol]) -> bool:
    """Two numbers or expressions; numbers far apart in floating point (by more than any
    tolerance the checker allows) are told apart without the exact comparison."""
    if isinstance(a, tuple) or isinstance(b, tuple):
        return False
    if a.is_number and b.is_number:
        left, right = complex(a.evalf(_FAST_DIGITS)), complex(b.evalf(_FAST_DIGITS))
        if abs(left - right) > _FAR * max(1.0, abs(left)):
            return False
    return compare_items(a, b, symbols) is Outcome.EQUIVALENT


def _same_components(a: Answer, b: Answer, symbols: Sequence[sp.Symbol]) -> bool:
    if not (isinstance(a, tuple) and isinstance(b, tuple)) or len(a) != len(b):
        return False
    return compare_items(sp.Tuple(*a), sp.Tuple(*b), symbols) is Outcome.EQUIVALENT


def _same_line(a: Answer, b: Answer, symbols: Sequence[sp.Symbol]) -> bool:
    """The line a = (y, r(x)) and the answer's equation b: the answer must hold at two points of
    the line (exact, cheap: most lines stop here) before the full comparison of equations."""
    if not (isinstance(a, tuple) and isinstance(b, tuple)) or len(a) != 2 or len(b) != 2:
        return False
    x = next(s for s in symbols if s != TANGENT_SYMBOL)
    residual = b[0] - b[1]
    for t in _LINE_POINTS:
        value = residual.xreplace({x: t, TANGENT_SYMBOL: a[1].xreplace({x: t})})
        if value.is_number and _defined(value) and abs(complex(value.evalf(_DIGITS))) > _CLOSE:
            return False
    return compare_equations((a[0], a[1]), (b[0], b[1]), symbols) is Outcome.EQUIVALENT


def _slope_wrongs(question: Question) -> Iterator[_Wrong]:
    """The average rate of change (f(b) − f(a))/(b − a) with its parts mixed up or left out."""
    assert question.between is not None
    (x,) = question.variables
    a, b = question.between
    rise = question.function.xreplace({x: b}) - question.function.xreplace({x: a})
    formula = Message(SECANT_FORMULA, {"a": math(a), "b": math(b)})
    yield _Wrong(
        "secant_order_mixed",
        rise / (a - b),
        Message(N_("Subtract in the same order above and below: {formula}."), {"formula": formula}),
    )
    yield _Wrong(
        "secant_not_divided",
        rise,
        Message(
            N_("This is the change in f; divide it by the change in x, from {a} to {b}."),
            {"a": math(a), "b": math(b)},
        ),
    )
    yield _Wrong(
        "secant_inverted",
        (b - a) / rise,
        Message(
            N_(
                "This is the change in x over the change in f; the average rate of change is "
                "the change in f over the change in x."
            )
        ),
    )
    slope = differentiate(question.function, x)
    for end in (a, b):
        yield _Wrong(
            "secant_tangent_slope",
            slope.xreplace({x: end}),
            Message(
                N_("This is f′({end}), the slope of the tangent at x = {end}; {formula}."),
                {"end": math(end), "formula": formula},
            ),
        )


def _tangent_wrongs(question: Question) -> Iterator[_Wrong]:
    """Lines with the wrong slope (f(a), f′(x), −1/f′(a), a misapplied rule) or through the
    wrong point (x = 0, x = −a)."""
    (x,) = question.variables
    (a,) = question.at or ()
    y = TANGENT_SYMBOL
    derivative = differentiate(question.function, x)
    slope = derivative.xreplace({x: a})
    height = question.function.xreplace({x: a})

    def line(m: sp.Expr, through: sp.Expr = a) -> tuple[sp.Expr, sp.Expr]:
        return (y, m * (x - through) + height)

    at = {"a": math(a)}
    yield _Wrong(
        "tangent_slope_is_height",
        line(height),
        Message(
            N_(
                "Your slope is f({a}), the height of the curve; the slope of the tangent is "
                "f′({a})."
            ),
            at,
        ),
    )
    yield _Wrong(
        "tangent_slope_not_evaluated",
        line(derivative),
        Message(
            N_(
                "Your slope still depends on x: the slope of the tangent is the number f′({a}), "
                "the derivative at x = {a}."
            ),
            at,
        ),
    )
    yield _Wrong(
        "tangent_wrong_point",
        (y, slope * x + height),
        Message(
            N_(
                "Your line has the right slope but does not pass through the point ({a}, f({a})): "
                "the tangent is y − f(a) = f′(a)(x − a)."
            ),
            at,
        ),
    )
    yield _Wrong(
        "tangent_point_sign",
        line(slope, -a),
        Message(
            N_(
                "Sign slip: your line passes through x = {wrong}, not x = {a}; the tangent is "
                "y − f(a) = f′(a)(x − a), with x − a."
            ),
            {**at, "wrong": math(-a)},
        ),
    )
    if slope != 0:
        yield _Wrong(
            "tangent_normal_line",
            line(-1 / slope),
            Message(
                N_(
                    "This is the normal line, with slope −1/f′({a}); the tangent has slope f′({a})."
                ),
                at,
            ),
        )
    for mal in wrong_derivatives(question.function, question.variables, x):
        if mal.expr == question.function:
            continue  # the slope f(a), named above
        yield _Wrong(
            mal.id, line(mal.expr.xreplace({x: a})), Message(WRONG_SLOPE, {"reason": mal.feedback})
        )


def _gradient_wrongs(question: Question) -> Iterator[_Wrong]:
    """The gradient swapped, left symbolic at a point, or evaluated where no point was given."""
    components = _gradient(question)
    variables = _names(question.variables)
    for i in range(len(components)):
        for j in range(i + 1, len(components)):
            swapped = list(components)
            swapped[i], swapped[j] = swapped[j], swapped[i]
            yield _Wrong(
                "gradient_swapped",
                tuple(swapped),
                Message(
                    N_(
                        "Your components are in the wrong order: the gradient lists the partial "
                        "derivatives in the order of the variables, {variables}."
                    ),
                    {"variables": variables},
                ),
            )
    if question.at is not None:
        yield _Wrong(
            "gradient_not_evaluated",
            tuple(differentiate(question.function, v) for v in question.variables),
            Message(
                N_("Your gradient still depends on {variables}: evaluate it at the point {point}."),
                {"variables": variables, "point": math(sp.Tuple(*question.at))},
            ),
        )


def _diagnose_gradient(task: Task, answer: Answer) -> Diagnosis | None:
    """A mistake about the whole gradient, else the partial-derivative diagnosis of the first
    wrong component that has one (naming the component)."""
    found = _first_mistake(task, answer)
    if found is not None or not isinstance(answer, tuple):
        return found
    question = _question(task)
    key = _gradient(question)
    if len(answer) != len(key):
        return None
    numbers = all(not c.free_symbols for c in answer)
    if question.at is None and numbers and any(k.free_symbols for k in key):
        return Diagnosis(
            "gradient_evaluated",
            Message(
                N_(
                    "No point is given: the gradient is asked as functions of {variables}, "
                    "not as numbers."
                ),
                {"variables": _names(question.variables)},
            ),
        )
    for index, (var, expected, given) in enumerate(
        zip(question.variables, key, answer, strict=True)
    ):
        if not isinstance(given, sp.Expr) or _same_value(expected, given, task.variables):
            continue
        component = Task(
            function=task.function,
            variables=task.variables,
            ask="partial",
            wrt=(var,),
            at=task.at,
            inner=task.inner,
        )
        diagnose = diagnose_task if task.at is None else diagnose_number
        diagnosis = diagnose(component, given)
        if diagnosis is not None:
            return Diagnosis(
                diagnosis.id,
                Message(
                    WRONG_GRADIENT_COMPONENT,
                    {"index": index + 1, "var": math(var), "reason": diagnosis.feedback},
                ),
            )
    return None


def _norm_wrongs(question: Question) -> Iterator[_Wrong]:
    """The length without its square root, the sum of the components, or one component from a
    misapplied rule."""
    components = _gradient(question)
    squares = sum(c**2 for c in components)
    yield _Wrong(
        "norm_no_square_root",
        _at(squares, question),
        Message(
            N_(
                "You forgot the square root: the length of the gradient is the square root of "
                "the sum of the squares of its components."
            )
        ),
    )
    sum_of_components = N_(
        "The length of the gradient is the square root of the sum of the squares of its "
        "components, not the sum of the components."
    )
    yield _Wrong(
        "norm_sum_of_components", _at(sum(components), question), Message(sum_of_components)
    )
    yield _Wrong(
        "norm_sum_of_components",
        _at(sum(sp.Abs(c) for c in components), question),
        Message(sum_of_components),
    )
    yield from _component_wrongs(
        question, lambda parts: _at(sp.sqrt(sum(p**2 for p in parts)), question)
    )


def _directional_wrongs(question: Question) -> Iterator[_Wrong]:
    """∇f · d with d not made a unit vector, the point used as the direction, |∇f| given, or
    one component from a misapplied rule."""
    assert question.direction is not None
    direction = sp.Matrix(question.direction)
    length = sp.sqrt(direction.dot(direction))
    gradient = sp.Matrix(_gradient(question))
    shown = {"direction": math(sp.Tuple(*question.direction))}
    yield _Wrong(
        "direction_not_unit",
        _at(gradient.dot(direction), question),
        Message(
            N_(
                "Divide the direction by its length, {length}: the directional derivative is "
                "∇f · u with the unit vector u."
            ),
            {"length": math(length)},
        ),
    )
    yield _Wrong(
        "directional_is_gradient_norm",
        _at(sp.sqrt(gradient.dot(gradient)), question),
        Message(
            N_(
                "This is the length of the gradient, the greatest rate of change; the rate along "
                "{direction} is ∇f · u, with u its unit vector."
            ),
            shown,
        ),
    )
    if question.at is not None:
        point = sp.Matrix(question.at)
        as_point = Message(
            N_(
                "You used the point {point} as the direction; the direction is {direction}: take "
                "∇f at the point, dotted with the unit vector of the direction."
            ),
            {**shown, "point": math(sp.Tuple(*question.at))},
        )
        yield _Wrong("direction_is_point", _at(gradient.dot(point), question), as_point)
        point_length = sp.sqrt(point.dot(point))
        if point_length != 0:
            yield _Wrong(
                "direction_is_point", _at(gradient.dot(point) / point_length, question), as_point
            )
    yield from _component_wrongs(
        question, lambda parts: _at(sp.Matrix(parts).dot(direction) / length, question)
    )


def _component_wrongs(
    question: Question, combine: Callable[[tuple[sp.Expr, ...]], sp.Expr]
) -> Iterator[_Wrong]:
    """`combine` of the gradient with one component from a misapplied rule (the costliest)."""
    components = _gradient(question)
    for index, var in enumerate(question.variables):
        for mal in wrong_derivatives(question.function, question.variables, var):
            if mal.id in _WHOLE_ANSWER:
                continue
            parts = (*components[:index], mal.expr, *components[index + 1 :])
            yield _Wrong(
                mal.id,
                combine(parts),
                Message(WRONG_COMPONENT, {"var": math(var), "reason": mal.feedback}),
            )


def _stationary_wrongs(question: Question) -> Iterator[_Wrong]:
    """The zeros of f or of f″ instead of f′, the values of f at the right points, or the zeros
    of a derivative from a misapplied rule."""
    (x,) = question.variables
    f = question.function
    points = _shaped(solve(question).value)
    assert isinstance(points, tuple)
    yield _Wrong(
        "stationary_values",
        tuple(f.xreplace({x: p}) for p in points),
        Message(
            N_(
                "These are values of f at the stationary points; the question asks for the "
                "x-values, where f′(x) = 0."
            )
        ),
    )
    candidates: list[tuple[str, sp.Expr, Message]] = [
        (
            "stationary_zeros_of_function",
            f,
            Message(
                N_(
                    "These are the zeros of f, where f(x) = 0; stationary points are where "
                    "f′(x) = 0."
                )
            ),
        ),
        (
            "stationary_zeros_of_second_derivative",
            differentiate(f, x, x),
            Message(N_("These are the zeros of f″(x); stationary points are where f′(x) = 0.")),
        ),
    ]
    for ident, expr, feedback in candidates:
        zeros = _real_zeros(expr, x, f)
        if zeros:
            yield _Wrong(ident, zeros, feedback)
    for mal in wrong_derivatives(f, question.variables, x):
        if mal.id in _WHOLE_ANSWER:
            continue  # f and f″ are named above; −f′ has the same zeros
        zeros = _real_zeros(mal.expr, x, f)
        if zeros:
            yield _Wrong(mal.id, zeros, Message(WRONG_ZEROS, {"reason": mal.feedback}))


@lru_cache(maxsize=1024)
def _real_zeros(expr: sp.Expr, x: sp.Symbol, f: sp.Expr) -> tuple[sp.Expr, ...] | None:
    """The real zeros of expr where f is defined, numerically, when its numerator (factors that
    never vanish, such as exponentials, left out) is a polynomial of bounded degree; else None.
    Numbers, because exact roots of a quartic can take seconds to write and to compare."""
    numerator = sp.fraction(sp.together(expr))[0]
    factors = [
        factor
        for factor in sp.Mul.make_args(numerator)
        if not factor.is_number and not isinstance(factor, sp.exp)
    ]
    polynomial = sp.Mul(*factors)
    if not factors or not polynomial.is_polynomial(x):
        return None
    poly = sp.Poly(sp.sqf_part(polynomial), x)
    if not 1 <= poly.degree() <= _MAX_DEGREE:
        return None
    zeros = [sp.re(z) for z in poly.nroots(n=_DIGITS) if abs(sp.im(z)) < _CLOSE]
    defined = [z for z in zeros if _defined(f.xreplace({x: z}))]
    return tuple(defined) or None


def _same_points(a: Answer, b: Answer, symbols: Sequence[sp.Symbol]) -> bool:
    """Two sets of numbers, compared numerically (zeros are found numerically); as loosely as the
    checker compares numbers when the answer `b` was written with decimals."""
    if not (isinstance(a, tuple) and isinstance(b, tuple)):
        return False
    left, right = _numbers(a), _numbers(b)
    if left is None or right is None or len(left) != len(right):
        return False
    written = any(element.has(sp.Float) for element in b)
    tolerance = DEFAULT_NUMBER_TOLERANCE.relative if written else _CLOSE
    return all(abs(p - q) <= tolerance * max(1.0, abs(p)) for p, q in zip(left, right, strict=True))


def _numbers(elements: tuple[sp.Basic, ...]) -> list[float] | None:
    """The distinct real values of the elements in increasing order, or None if one is not a
    real number."""
    values: list[float] = []
    for element in elements:
        if not isinstance(element, sp.Expr) or element.free_symbols:
            return None
        value = complex(element.evalf(_DIGITS))
        if abs(value.imag) > _CLOSE:
            return None
        values.append(value.real)
    values.sort()
    return [v for i, v in enumerate(values) if i == 0 or abs(v - values[i - 1]) > _CLOSE]


def _defined_value(value: Answer) -> bool:
    """Whether a mistake's answer is defined here (1/(f(b) − f(a)) is not when f(a) = f(b))."""
    parts = value if isinstance(value, tuple) else (value,)
    return not any(part.has(sp.zoo, sp.nan, sp.oo, -sp.oo) for part in parts)


def _defined(value: sp.Expr) -> bool:
    return bool(value.is_finite) and not value.has(sp.zoo, sp.nan)


@lru_cache(maxsize=256)
def _gradient(question: Question) -> tuple[sp.Expr, ...]:
    """The gradient, at the point when there is one (cached: a class answers the same part)."""
    parts = tuple(differentiate(question.function, v) for v in question.variables)
    return tuple(_at(p, question) for p in parts)


def _at(expr: sp.Expr, question: Question) -> sp.Expr:
    return expr.xreplace(question.point) if question.at is not None else expr


def _names(variables: Sequence[sp.Symbol]) -> Math:
    return Math(", ".join(map(str, variables)), ", ".join(map(str, variables)))


def diagnose_beyond_derivatives(task: Task, answer: Answer) -> Diagnosis | None:
    """The diagnosis of a wrong answer to one of the asks of this module."""
    if task.ask == "gradient":
        return _diagnose_gradient(task, answer)
    return _first_mistake(task, answer)


_ASKS: dict[str, tuple[Callable[[Question], Iterator[_Wrong]], Same]] = {
    "slope": (_slope_wrongs, _same_value),
    "tangent_line": (_tangent_wrongs, _same_line),
    "gradient": (_gradient_wrongs, _same_components),
    "gradient_norm": (_norm_wrongs, _same_value),
    "directional_derivative": (_directional_wrongs, _same_value),
    "stationary_points": (_stationary_wrongs, _same_points),
}
"""Each ask's wrong answers (cheapest first) and how its answers are compared."""
