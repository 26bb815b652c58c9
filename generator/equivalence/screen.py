"""A double-precision screen in front of the 30-digit comparison: it may only confirm agreement.

The numeric layer needs several agreeing points; after the first `SCREEN_AFTER` of them have been
confirmed at 30 digits exactly as always, a further point may be confirmed in floats instead, when
both sides are defined there in floats, every intermediate value is a finite normal non-zero
float, no sum cancels more than `MAX_CANCELLATION` (so each value keeps ≳ 40 of its 53 bits), and
the two values agree to `RELATIVE` (10⁻¹², tighter than the 10⁻⁹ the design allows). Anything
else — a float disagreement, a domain error, an overflow or underflow, a zero, a heavy
cancellation, a function the screen does not know — sends the point to the 30/90-digit logic
unchanged, so the screen never produces a difference, a close call or a domain witness, and never
decides a verdict alone.

What is caught where: a relative difference above 10⁻²⁴ at any of the first `SCREEN_AFTER` agreeing
points is caught at 30 digits as before (so 1/3 against 0.33333333333, key·(1 + 10⁻¹²) and
key + 10⁻¹⁵ stay different); at a screened point, only relative differences above `RELATIVE`
(plus float rounding, ≲ 10⁻¹³) are caught. An answer could slip through only by agreeing with the
key to 24 digits at the first seeded points and to 12 digits at the rest.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from functools import lru_cache

import sympy

SCREEN_AFTER = 3
RELATIVE = 1e-12
MAX_CANCELLATION = 2.0**10
# Integer powers beyond this amplify the base's rounding error past what the screen accepts.
MAX_EXPONENT = 1024
_TINY = 2.2250738585072014e-308  # the smallest normal float
_HUGE = 1.7976931348623157e308

FloatEvaluator = Callable[[Sequence[float]], float]


class Rejected(Exception):
    """The floats cannot vouch for this point; the 30-digit logic decides it."""


class _Unscreened(Exception):
    """The expression has a part the screen does not evaluate (discontinuous, rare, or huge)."""


def compile_float(expr: sympy.Expr, symbols: Sequence[sympy.Symbol]) -> FloatEvaluator | None:
    """A float evaluator of `expr`, or None when the screen does not apply to it."""
    return _compiled_float(expr, tuple(symbols))


@lru_cache(maxsize=1024)
def _compiled_float(expr: sympy.Expr, symbols: tuple[sympy.Symbol, ...]) -> FloatEvaluator | None:
    """Compiled once per expression, like the exact and numeric backends."""
    index = {symbol: position for position, symbol in enumerate(symbols)}
    try:
        return _build(expr, index)
    except (_Unscreened, OverflowError, ZeroDivisionError):
        return None


def agree(left: FloatEvaluator, right: FloatEvaluator, point: Sequence[Fraction]) -> bool:
    """Whether both sides are trustworthy floats at `point` that agree to RELATIVE."""
    numbers = [coordinate.numerator / coordinate.denominator for coordinate in point]
    try:
        a, b = left(numbers), right(numbers)
    except (Rejected, ArithmeticError, ValueError):
        return False
    return abs(a - b) <= RELATIVE * max(abs(a), abs(b))


def _normal(value: float) -> float:
    if not _TINY <= abs(value) <= _HUGE:
        raise Rejected
    return value


def _build(expr: sympy.Basic, index: dict[sympy.Symbol, int]) -> FloatEvaluator:
    if isinstance(expr, sympy.Symbol):
        position = index[expr]
        return lambda point: point[position]
    if isinstance(expr, sympy.Rational) or type(expr) in _CONSTANTS:
        value = _constant(expr)
        return lambda point: value
    if isinstance(expr, sympy.Add):
        return _sum([_build(arg, index) for arg in expr.args])
    if isinstance(expr, sympy.Mul):
        return _product([_build(arg, index) for arg in expr.args])
    if isinstance(expr, sympy.Pow):
        return _power(_build(expr.base, index), expr.exp, index)
    function = _FUNCTIONS.get(type(expr))
    if function is None or len(expr.args) != 1:
        raise _Unscreened(type(expr).__name__)
    argument = _build(expr.args[0], index)

    def call(point: Sequence[float]) -> float:
        value = function(argument(point))
        if not _TINY <= abs(value) <= _HUGE:
            raise Rejected
        return value

    return call


def _constant(expr: sympy.Basic) -> float:
    rational = isinstance(expr, sympy.Rational)
    value = int(expr.p) / int(expr.q) if rational else _CONSTANTS[type(expr)]
    if not _TINY <= abs(value) <= _HUGE:
        raise _Unscreened("constant")
    return value


def _sum(terms: list[FloatEvaluator]) -> FloatEvaluator:
    """`math.fsum` adds exactly and rounds once; heavy cancellation is left to 30 digits."""

    def evaluate(point: Sequence[float]) -> float:
        values = [term(point) for term in terms]
        total = math.fsum(values)
        if abs(total) * MAX_CANCELLATION < max(map(abs, values)):
            raise Rejected
        return _normal(total)

    return evaluate


def _product(factors: list[FloatEvaluator]) -> FloatEvaluator:
    """Checked after every factor, so no partial product underflows unseen."""
    first, rest = factors[0], factors[1:]

    def evaluate(point: Sequence[float]) -> float:
        value = first(point)
        for factor in rest:
            value *= factor(point)
            if not _TINY <= abs(value) <= _HUGE:
                raise Rejected
        return value

    return evaluate


def _power(
    base: FloatEvaluator, exponent: sympy.Basic, index: dict[sympy.Symbol, int]
) -> FloatEvaluator:
    if isinstance(exponent, sympy.Integer):
        n = int(exponent)
        if abs(n) > MAX_EXPONENT:
            raise _Unscreened("exponent")

        def integer(point: Sequence[float]) -> float:
            value = base(point) ** n
            if not _TINY <= abs(value) <= _HUGE:
                raise Rejected
            return value

        return integer
    if isinstance(exponent, sympy.Rational):
        p, q = int(exponent.p), int(exponent.q)
        ratio = p / q

        def rational(point: Sequence[float]) -> float:
            value = base(point)
            if value > 0:
                return _normal(value**ratio)
            if q % 2 == 0:
                raise Rejected
            magnitude = (-value) ** ratio
            return _normal(-magnitude if p % 2 else magnitude)

        return rational
    power = _build(exponent, index)

    def general(point: Sequence[float]) -> float:
        value = base(point)
        if value < 0:
            raise Rejected
        return _normal(value ** power(point))

    return general


def _log(value: float) -> float:
    if value <= 0:
        raise Rejected
    return math.log(value)


# The named constants by type (each is a singleton).
_CONSTANTS: dict[type, float] = {
    type(sympy.pi): math.pi,
    type(sympy.E): math.e,
    type(sympy.EulerGamma): 0.5772156649015329,
    type(sympy.GoldenRatio): (1 + math.sqrt(5)) / 2,
}

# Continuous functions only: a discontinuous one (floor, sign …) could jump on a rounding error.
_FUNCTIONS: dict[type, Callable[[float], float]] = {
    sympy.sin: math.sin,
    sympy.cos: math.cos,
    sympy.tan: math.tan,
    sympy.cot: lambda value: 1 / math.tan(value),
    sympy.sec: lambda value: 1 / math.cos(value),
    sympy.csc: lambda value: 1 / math.sin(value),
    sympy.asin: math.asin,
    sympy.acos: math.acos,
    sympy.atan: math.atan,
    sympy.sinh: math.sinh,
    sympy.cosh: math.cosh,
    sympy.tanh: math.tanh,
    sympy.asinh: math.asinh,
    sympy.acosh: math.acosh,
    sympy.atanh: math.atanh,
    sympy.exp: math.exp,
    sympy.log: _log,
    sympy.Abs: abs,
}
