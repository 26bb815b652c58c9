"""Keys checked without sympy's `diff`: mpmath finite differences at random points, substitution.

The solver and this module share no code path for derivatives, so a wrong key (a solver bug, a
template that asks what it does not mean) shows up as a disagreement.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Callable, Sequence

import mpmath
import sympy

from generator.i18n import N_, Message
from generator.solve import Key, Question, stationary_points

DPS = 30
TOLERANCE = mpmath.mpf("1e-8")
POINTS = 3
_GRID = 120
Number = mpmath.mpf


def numeric(expr: sympy.Expr, values: dict[sympy.Symbol, object]) -> Number | None:
    """The real value of expr at the point, or None where it is undefined or not real."""
    dps = mpmath.mp.dps + 10
    point = {
        s: sympy.Float(str(v), dps) if isinstance(v, mpmath.mpf) else sympy.N(v, dps)
        for s, v in values.items()
    }
    result = expr.evalf(dps, subs=point)
    if not result.is_number or result.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        return None
    real, imaginary = result.as_real_imag()
    if abs(imaginary) > 10 ** (-dps // 2) or not real.is_finite:
        return None
    return mpmath.mpf(str(real))


def _close(a: Number, b: Number) -> bool:
    return bool(abs(a - b) <= TOLERANCE * max(1, abs(a), abs(b)))


def _partial(
    question: Question, wrt: Sequence[sympy.Symbol], point: Sequence[Number]
) -> Number | None:
    """∂f/∂wrt at the point by mpmath's finite differences (mixed partials commute here)."""
    counts = Counter(wrt)
    orders = tuple(counts.get(v, 0) for v in question.variables)
    undefined: list[bool] = []

    def f(*args: Number) -> Number:
        value = numeric(question.function, dict(zip(question.variables, args, strict=True)))
        if value is None:
            undefined.append(True)
            return mpmath.mpf(0)
        return value

    with mpmath.workdps(DPS):
        result = mpmath.diff(f, tuple(point), orders)
    return None if undefined else result


def _random_points(question: Question, rng: random.Random) -> list[tuple[Number, ...]]:
    """Candidate points: first in (0.3, 2.2), where logs and roots are defined, then wider.

    The widest band reaches |x| = 30 so a domain such as 3x - 9 > 0 still has test points.
    """
    near = [(30, 220)] * (2 * POINTS)
    wide = [(-300, 300)] * (3 * POINTS)
    far = [(-3000, 3000)] * (3 * POINTS)
    return [
        tuple(mpmath.mpf(rng.randint(low, high)) / 100 for _ in question.variables)
        for low, high in near + wide + far
    ]


def _wrt(question: Question) -> list[sympy.Symbol]:
    wrt = list(question.wrt or question.variables[:1])
    return wrt if len(wrt) > 1 else wrt * question.order


def _at(question: Question) -> tuple[Number, ...]:
    return tuple(mpmath.mpf(str(sympy.N(v, DPS))) for v in question.at or ())


def _compare_functions(
    expected: Callable[[tuple[Number, ...]], Number | None],
    key: sympy.Expr,
    question: Question,
    rng: random.Random,
) -> Message | None:
    points = [_at(question)] if question.at is not None else _random_points(question, rng)
    checked = 0
    for point in points:
        truth = expected(point)
        mapping = dict(zip(question.variables, point, strict=True))
        value = numeric(key, {} if question.at is not None else mapping)
        if truth is None or value is None:
            continue
        checked += 1
        if checked > POINTS:
            break
        if not _close(truth, value):
            return Message(
                N_("the key is {key} but numerically the answer is {value} at {point}"),
                {
                    "key": sympy.sstr(key),
                    "value": mpmath.nstr(truth, 8),
                    "point": ", ".join(mpmath.nstr(p, 6) for p in point),
                },
            )
    if not checked:
        return Message(N_("the key could not be evaluated at any test point"))
    return None


def verify(question: Question, key: Key, rng: random.Random) -> Message | None:
    """None when the key agrees with an independent computation; else what disagrees."""
    ask = question.ask
    if ask in ("derivative", "partial", "limit_definition"):
        assert isinstance(key.value, sympy.Expr)
        wrt = _wrt(question)
        return _compare_functions(lambda p: _partial(question, wrt, p), key.value, question, rng)
    if ask in ("gradient", "gradient_norm", "directional_derivative"):
        return _verify_vector(question, key, rng)
    if ask == "slope":
        return _verify_slope(question, key)
    if ask == "tangent_line":
        return _verify_tangent(question, key)
    if ask == "stationary_points":
        assert isinstance(key.value, sympy.FiniteSet)
        return _verify_stationary(question, list(key.value))
    return _verify_classify(question, key)


def _verify_vector(question: Question, key: Key, rng: random.Random) -> Message | None:
    def gradient(point: tuple[Number, ...]) -> list[Number] | None:
        parts = [_partial(question, [v], point) for v in question.variables]
        return None if any(p is None for p in parts) else [p for p in parts if p is not None]

    def combine(point: tuple[Number, ...], index: int) -> Number | None:
        grad = gradient(point)
        if grad is None:
            return None
        if question.ask == "gradient":
            return grad[index]
        if question.ask == "gradient_norm":
            return mpmath.sqrt(sum(g**2 for g in grad))
        direction = [mpmath.mpf(str(sympy.N(d, DPS))) for d in question.direction or ()]
        length = mpmath.sqrt(sum(d**2 for d in direction))
        return sum(g * d / length for g, d in zip(grad, direction, strict=True))

    components = list(key.value) if question.ask == "gradient" else [key.value]
    for index, component in enumerate(components):
        assert isinstance(component, sympy.Expr)
        problem = _compare_functions(lambda p, i=index: combine(p, i), component, question, rng)
        if problem is not None:
            return problem
    return None


def _value_at(question: Question, x: sympy.Expr) -> Number | None:
    return numeric(question.function, {question.variables[0]: sympy.N(x, DPS)})


def _verify_slope(question: Question, key: Key) -> Message | None:
    a, b = question.between or (0, 0)
    fa, fb = _value_at(question, a), _value_at(question, b)
    truth = None if fa is None or fb is None else (fb - fa) / (mpmath.mpf(str(sympy.N(b - a, DPS))))
    assert isinstance(key.value, sympy.Expr)
    value = numeric(key.value, {})
    if truth is None or value is None or not _close(truth, value):
        return Message(N_("the key {key} is not the slope of the secant line"), {"key": key.text})
    return None


def _verify_tangent(question: Question, key: Key) -> Message | None:
    """The line passes through (a, f(a)) and its slope is the numeric f'(a)."""
    assert isinstance(key.value, sympy.Equality)
    (x,) = question.variables
    rhs = key.value.rhs
    (a,) = _at(question)
    slope = _partial(question, [x], (a,))
    height = _value_at(question, question.at[0] if question.at else sympy.Integer(0))
    line_at = numeric(rhs, {x: a})
    line_slope = numeric(sympy.diff(rhs, x), {})
    if None in (slope, height, line_at, line_slope):
        return Message(N_("the tangent line could not be checked at the point"))
    assert slope is not None and height is not None and line_at is not None
    assert line_slope is not None
    if not (_close(line_at, height) and _close(line_slope, slope)):
        return Message(N_("the key {key} is not the tangent line at the point"), {"key": key.text})
    return None


def _verify_stationary(question: Question, points: list[sympy.Expr]) -> Message | None:
    """f' vanishes at every point, and f turns nowhere else on a fine grid around them."""
    (x,) = question.variables
    values = sorted(mpmath.mpf(str(sympy.N(p, DPS))) for p in points)
    for value in values:
        slope = _partial(question, [x], (value,))
        if slope is None or abs(slope) > TOLERANCE:
            return Message(
                N_("f' is not zero at the stationary point {point}"),
                {"point": mpmath.nstr(value, 8)},
            )
    low, high = values[0] - 3, values[-1] + 3
    grid = [low + (high - low) * i / _GRID for i in range(_GRID + 1)]
    heights = [_value_at(question, sympy.Float(str(t), DPS)) for t in grid]
    rises = [
        None if a is None or b is None else mpmath.sign(b - a)
        for a, b in itertools.pairwise(heights)
    ]
    for i, (before, after) in enumerate(itertools.pairwise(rises)):
        if (
            before
            and after
            and before != after
            and not any(grid[i] <= v <= grid[i + 2] for v in values)
        ):
            return Message(
                N_("f' changes sign between {low} and {high}, where the key has no point"),
                {"low": mpmath.nstr(grid[i], 6), "high": mpmath.nstr(grid[i + 2], 6)},
            )
    return None


def _verify_classify(question: Question, key: Key) -> Message | None:
    """f a little to each side of each point: both lower means a max, both higher a min."""
    points = stationary_points(question)
    points = tuple(p for p in points if question.at is None or p == question.at[0])
    labels = [key.value]
    values = [mpmath.mpf(str(sympy.N(p, DPS))) for p in points]
    gaps = [b - a for a, b in itertools.pairwise(values)]
    step = min([mpmath.mpf("1e-4"), *(g / 4 for g in gaps)])
    for value, label in zip(values, labels, strict=True):
        centre, left, right = (
            _value_at(question, sympy.Float(str(v), DPS))
            for v in (value, value - step, value + step)
        )
        if centre is None or left is None or right is None:
            return Message(N_("f is undefined next to a stationary point"))
        truth = "max" if left < centre > right else "min" if left > centre < right else "neither"
        if truth != label:
            return Message(
                N_("the key says {label} at {point}, but f there is a {truth}"),
                {"label": label, "point": mpmath.nstr(value, 8), "truth": truth},
            )
    return None
