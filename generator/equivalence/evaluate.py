"""Evaluate a sympy expression at a point, exactly or with mpmath, under real-calculus rules.

The expression is compiled once into nested closures and then called at many points, which is much
faster than `subs`/`evalf` and never calls `eval`. Two backends:

- exact: rational functions with rational coefficients, in `Fraction` arithmetic (no rounding, no
  overflow: `(x - a)**6000` is computed exactly, with a bound on the size of the numbers);
- numeric: anything made of the elementary functions, in an mpmath context of a chosen precision.

The numeric backend follows the real functions a calculus student means: a value is defined only
when every intermediate value is real (`ln(-1)`, `asin(2)` and `sqrt(-1)` are undefined, not
complex), and an odd root of a negative number is the real root (`x**(1/3)` at -8 is -2).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from fractions import Fraction
from functools import lru_cache
from typing import Any

import mpmath
import sympy

# Numbers larger than 2**MAX_BITS (exact) or 2**MAX_MAGNITUDE (numeric) are not computed: the
# point is skipped instead, so no input can make the checker build a gigantic number.
MAX_BITS = 400_000
MAX_MAGNITUDE = 100_000
MAX_FACTORIAL = 10_000

Evaluator = Callable[[Sequence[Any]], Any]


class Undefined(Exception):
    """The expression has no real value at this point (outside its domain, or a pole)."""


class Unevaluable(Exception):
    """The value is too large to compute within the bounds; the point is skipped, not judged."""


class Unsupported(Exception):
    """The expression contains something this backend does not evaluate."""


def compile_exact(expr: sympy.Expr, symbols: Sequence[sympy.Symbol]) -> Evaluator:
    """An evaluator over Fractions; Unsupported unless `expr` is a rational function over Q."""
    compiled = _compiled_exact(expr, tuple(symbols))
    if isinstance(compiled, str):
        raise Unsupported(compiled)
    return compiled


@lru_cache(maxsize=1024)
def _compiled_exact(expr: sympy.Expr, symbols: tuple[sympy.Symbol, ...]) -> Evaluator | str:
    """Compiled once per expression: a key is compared with every answer to its part, and the
    evaluators are pure closures. The refusal (its reason) is cached too: most keys are not
    rational."""
    index = {symbol: position for position, symbol in enumerate(symbols)}
    try:
        return _exact(expr, index)
    except Unsupported as error:
        return str(error)


def _exact(expr: sympy.Basic, index: dict[sympy.Symbol, int]) -> Evaluator:
    if isinstance(expr, sympy.Symbol):
        position = index[expr]
        return lambda point: point[position]
    if isinstance(expr, sympy.Rational):
        value = Fraction(int(expr.p), int(expr.q))
        return lambda point: value
    if isinstance(expr, sympy.Add):
        terms = [_exact(arg, index) for arg in expr.args]
        return lambda point: sum((term(point) for term in terms), Fraction(0))
    if isinstance(expr, sympy.Mul):
        factors = [_exact(arg, index) for arg in expr.args]
        return lambda point: _product(factor(point) for factor in factors)
    if isinstance(expr, sympy.Pow) and isinstance(expr.exp, sympy.Integer):
        base = _exact(expr.base, index)
        exponent = int(expr.exp)
        return lambda point: _exact_power(base(point), exponent)
    raise Unsupported(type(expr).__name__)


def _product(values: Any) -> Fraction:
    result = Fraction(1)
    for value in values:
        result *= value
    return result


def _exact_power(base: Fraction, exponent: int) -> Fraction:
    if base == 0:
        if exponent < 0:
            raise Undefined
        return Fraction(0) if exponent else Fraction(1)
    bits = base.numerator.bit_length() + base.denominator.bit_length()
    if bits * abs(exponent) > MAX_BITS:
        raise Unevaluable
    return base**exponent


_contexts = threading.local()


def context(dps: int) -> mpmath.ctx_mp.MPContext:
    """A private mpmath context of `dps` digits for this thread (the global one is shared state)."""
    cache: dict[int, mpmath.ctx_mp.MPContext] = _contexts.__dict__.setdefault("by_dps", {})
    if dps not in cache:
        ctx = mpmath.MPContext()
        ctx.dps = dps
        cache[dps] = ctx
    return cache[dps]


def compile_numeric(
    expr: sympy.Expr, symbols: Sequence[sympy.Symbol], ctx: mpmath.ctx_mp.MPContext
) -> Evaluator:
    """An evaluator over mpf numbers of `ctx`; raises Unsupported for functions it does not know."""
    compiled = _compiled_numeric(expr, tuple(symbols), ctx)
    if isinstance(compiled, str):
        raise Unsupported(compiled)
    return compiled


@lru_cache(maxsize=1024)
def _compiled_numeric(
    expr: sympy.Expr, symbols: tuple[sympy.Symbol, ...], ctx: mpmath.ctx_mp.MPContext
) -> Evaluator | str:
    """Compiled once per expression and precision, as `_compiled_exact`."""
    index = {symbol: position for position, symbol in enumerate(symbols)}
    try:
        return _Numeric(ctx, index).build(expr)
    except Unsupported as error:
        return str(error)


class _Numeric:
    """Builds the numeric closures for one context; each closure raises Undefined off the domain."""

    def __init__(self, ctx: mpmath.ctx_mp.MPContext, index: dict[sympy.Symbol, int]) -> None:
        self.ctx = ctx
        self.index = index
        self.functions = _functions(ctx)

    def build(self, expr: sympy.Basic) -> Evaluator:
        ctx = self.ctx
        if isinstance(expr, sympy.Symbol):
            position = self.index[expr]
            return lambda point: point[position]
        if isinstance(expr, sympy.Number) or any(expr is c for c in _CONSTANTS):
            value = self.constant(expr)
            return lambda point: value
        if isinstance(expr, sympy.Add):
            terms = [self.build(arg) for arg in expr.args]
            return lambda point: self.real(ctx.fsum(term(point) for term in terms))
        if isinstance(expr, sympy.Mul):
            factors = [self.build(arg) for arg in expr.args]
            return lambda point: self.real(ctx.fprod(factor(point) for factor in factors))
        if isinstance(expr, sympy.Pow):
            return self.power(expr)
        if type(expr) in self.functions:
            return self.function(expr)
        raise Unsupported(type(expr).__name__)

    def constant(self, expr: sympy.Basic) -> Any:
        ctx = self.ctx
        if isinstance(expr, sympy.Rational):
            return ctx.mpf(int(expr.p)) / int(expr.q)
        if isinstance(expr, sympy.Float):
            return ctx.mpf(expr._mpf_)
        if expr is sympy.pi:
            return +ctx.pi
        if expr is sympy.E:
            return +ctx.e
        if expr is sympy.EulerGamma:
            return +ctx.euler
        if expr is sympy.GoldenRatio:
            return +ctx.phi
        raise Unsupported(type(expr).__name__)

    def real(self, value: Any) -> Any:
        """The value if it is a finite real number of this context; Undefined otherwise."""
        ctx = self.ctx
        if not isinstance(value, ctx.mpf):
            raise Undefined
        if ctx.isinf(value) or ctx.isnan(value):
            raise Undefined
        if value and ctx.mag(value) > MAX_MAGNITUDE:
            raise Unevaluable
        return value

    def power(self, expr: sympy.Pow) -> Evaluator:
        base = self.build(expr.base)
        exponent = expr.exp
        if isinstance(exponent, sympy.Integer):
            n = int(exponent)
            return lambda point: self.integer_power(base(point), n)
        if isinstance(exponent, sympy.Rational):
            p, q = int(exponent.p), int(exponent.q)
            return lambda point: self.rational_power(base(point), p, q)
        power = self.build(exponent)
        return lambda point: self.general_power(base(point), power(point))

    def integer_power(self, base: Any, n: int) -> Any:
        if not base:
            if n < 0:
                raise Undefined
            return self.ctx.mpf(0 if n else 1)
        self.bound(self.ctx.mag(base) * n)
        return self.real(self.ctx.power(base, n))

    def rational_power(self, base: Any, p: int, q: int) -> Any:
        ctx = self.ctx
        if not base:
            if p < 0:
                raise Undefined
            return ctx.mpf(0)
        self.bound(ctx.mag(base) * p / q)
        if base > 0:
            return self.real(ctx.power(base, ctx.mpf(p) / q))
        if q % 2 == 0:
            raise Undefined
        magnitude = ctx.power(-base, ctx.mpf(p) / q)
        return self.real(-magnitude if p % 2 else magnitude)

    def general_power(self, base: Any, exponent: Any) -> Any:
        ctx = self.ctx
        if not base:
            if exponent > 0:
                return ctx.mpf(0)
            raise Undefined
        self.bound(ctx.mag(base) * exponent)
        if base < 0 and not ctx.isint(exponent):
            raise Undefined
        return self.real(ctx.power(base, exponent))

    def bound(self, log2_magnitude: Any) -> None:
        if abs(log2_magnitude) > MAX_MAGNITUDE:
            raise Unevaluable

    def function(self, expr: sympy.Basic) -> Evaluator:
        implementation = self.functions[type(expr)]
        arguments = [self.build(arg) for arg in expr.args]

        def call(point: Sequence[Any]) -> Any:
            values = [argument(point) for argument in arguments]
            try:
                return self.real(implementation(*values))
            except (ZeroDivisionError, ValueError) as error:
                raise Undefined from error

        return call


_CONSTANTS = (sympy.pi, sympy.E, sympy.EulerGamma, sympy.GoldenRatio)


@lru_cache(maxsize=16)
def _functions(ctx: mpmath.ctx_mp.MPContext) -> dict[type, Callable[..., Any]]:
    def exp(value: Any) -> Any:
        if abs(value) > MAX_MAGNITUDE:
            raise Unevaluable
        return ctx.exp(value)

    def hyperbolic(function: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def bounded(value: Any) -> Any:
            if abs(value) > MAX_MAGNITUDE:
                raise Unevaluable
            return function(value)

        return bounded

    def log(value: Any, base: Any = None) -> Any:
        if value <= 0 or (base is not None and (base <= 0 or base == 1)):
            raise Undefined
        return ctx.log(value) if base is None else ctx.log(value) / ctx.log(base)

    def factorial(value: Any) -> Any:
        if value > MAX_FACTORIAL:
            raise Unevaluable
        return ctx.factorial(value)

    def binomial(n: Any, k: Any) -> Any:
        if abs(n) > MAX_FACTORIAL or abs(k) > MAX_FACTORIAL:
            raise Unevaluable
        # The gamma quotient, undefined at its poles, so n!/(k!(n-k)!) and binomial(n, k) agree.
        return ctx.gamma(n + 1) / (ctx.gamma(k + 1) * ctx.gamma(n - k + 1))

    def reciprocal(function: Callable[[Any], Any]) -> Callable[[Any], Any]:
        return lambda value: 1 / function(value)

    return {
        sympy.sin: ctx.sin,
        sympy.cos: ctx.cos,
        sympy.tan: ctx.tan,
        sympy.cot: ctx.cot,
        sympy.sec: reciprocal(ctx.cos),
        sympy.csc: reciprocal(ctx.sin),
        sympy.asin: ctx.asin,
        sympy.acos: ctx.acos,
        sympy.atan: ctx.atan,
        sympy.acot: ctx.acot,
        sympy.asec: lambda value: ctx.acos(1 / value),
        sympy.acsc: lambda value: ctx.asin(1 / value),
        sympy.atan2: ctx.atan2,
        sympy.sinh: hyperbolic(ctx.sinh),
        sympy.cosh: hyperbolic(ctx.cosh),
        sympy.tanh: ctx.tanh,
        sympy.coth: ctx.coth,
        sympy.sech: hyperbolic(ctx.sech),
        sympy.csch: hyperbolic(ctx.csch),
        sympy.asinh: ctx.asinh,
        sympy.acosh: ctx.acosh,
        sympy.atanh: ctx.atanh,
        sympy.acoth: ctx.acoth,
        sympy.asech: ctx.asech,
        sympy.acsch: ctx.acsch,
        sympy.exp: exp,
        sympy.log: log,
        sympy.Abs: abs,
        sympy.sign: ctx.sign,
        sympy.floor: ctx.floor,
        sympy.ceiling: ctx.ceil,
        sympy.factorial: factorial,
        sympy.binomial: binomial,
        sympy.gamma: hyperbolic(ctx.gamma),
        sympy.Max: lambda *values: max(values),
        sympy.Min: lambda *values: min(values),
    }
