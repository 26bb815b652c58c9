"""Evaluate a sympy expression at a point, exactly or with mpmath, under real-calculus rules.

The expression is compiled once into nested closures and then called at many points, which is much
faster than `subs`/`evalf` and never calls `eval`. Two backends:

- exact: rational functions with rational coefficients, in exact arithmetic (ints, Fractions only
  where a quotient needs one; no rounding, no overflow: `(x - a)**6000` is computed exactly, with a
  bound on the size of the numbers);
- numeric: anything made of the elementary functions, with mpmath's own libmp routines on raw
  tuples, at any precision from one compiled tree (the values of an mpmath context, bit for bit).

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
from mpmath import libmp

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
    """An evaluator over ints and Fractions; Unsupported unless `expr` is rational over Q.

    Values stay plain ints while they are integers (a polynomial with integer coefficients at an
    integer point never leaves them) and become Fractions only where a quotient needs one: the same
    rational numbers, without Fraction's per-operation cost.
    """
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


Exact = int | Fraction


def _exact(expr: sympy.Basic, index: dict[sympy.Symbol, int]) -> Evaluator:
    if isinstance(expr, sympy.Symbol):
        position = index[expr]
        return lambda point: point[position]
    if isinstance(expr, sympy.Rational):
        p, q = int(expr.p), int(expr.q)
        value: Exact = p if q == 1 else Fraction(p, q)
        return lambda point: value
    if isinstance(expr, sympy.Add):
        terms = [_exact(arg, index) for arg in expr.args]
        return lambda point: _sum([term(point) for term in terms])
    if isinstance(expr, sympy.Mul):
        factors = [_exact(arg, index) for arg in expr.args]
        return lambda point: _product([factor(point) for factor in factors])
    if isinstance(expr, sympy.Pow) and isinstance(expr.exp, sympy.Integer):
        base = _exact(expr.base, index)
        exponent = int(expr.exp)
        return lambda point: _exact_power(base(point), exponent)
    raise Unsupported(type(expr).__name__)


def _sum(values: list[Exact]) -> Exact:
    """The sum, refused (Unevaluable) once it outgrows MAX_BITS: fractions over many different
    large denominators, 1/(x+1)^9999 + 1/(x+2)^9999 + …, would grow their common denominator."""
    result: Exact = 0
    for value in values:
        result += value
        if _bits(result) > MAX_BITS:
            raise Unevaluable
    return result


def _product(values: list[Exact]) -> Exact:
    """The product, refused before it outgrows MAX_BITS: each factor of (x+1)^9999 (x+2)^9999 …
    is within the bound, their product is not."""
    result: Exact = 1
    for value in values:
        if _bits(result) + _bits(value) > MAX_BITS:
            raise Unevaluable
        result *= value
    return result


def _bits(value: Exact) -> int:
    return value.numerator.bit_length() + value.denominator.bit_length()


def _exact_power(base: Exact, exponent: int) -> Exact:
    if base == 0:
        if exponent < 0:
            raise Undefined
        return 0 if exponent else 1
    if _bits(base) * abs(exponent) > MAX_BITS:
        raise Unevaluable
    if exponent < 0:
        return Fraction(1, base**-exponent) if isinstance(base, int) else base**exponent
    return base**exponent


_contexts = threading.local()


def context(dps: int) -> mpmath.ctx_mp.MPContext:
    """A private mpmath context of `dps` digits for this thread (the global one is shared state)."""
    return _context_of(libmp.dps_to_prec(dps))


def _context_of(prec: int) -> mpmath.ctx_mp.MPContext:
    cache: dict[int, mpmath.ctx_mp.MPContext] = _contexts.__dict__.setdefault("by_prec", {})
    if prec not in cache:
        ctx = mpmath.MPContext()
        ctx.prec = prec
        cache[prec] = ctx
    return cache[prec]


def compile_numeric(
    expr: sympy.Expr, symbols: Sequence[sympy.Symbol], ctx: mpmath.ctx_mp.MPContext
) -> NumericEvaluator:
    """An evaluator over mpf numbers of `ctx`; raises Unsupported for functions it does not know.

    Its values are exactly those of mpmath's own functions at the precision of `ctx` (`fsum` for
    sums, one rounding per product, the same libmp routine for each function), computed on raw
    libmp tuples to spare mpmath's per-call wrapping; one compiled tree serves every precision.
    """
    compiled = _compiled_numeric(expr, tuple(symbols))
    if isinstance(compiled, str):
        raise Unsupported(compiled)
    return NumericEvaluator(compiled, ctx)


class NumericEvaluator:
    """A compiled tree evaluated over mpf numbers of one context; `at` moves it to another."""

    __slots__ = ("compiled", "ctx", "prec")

    def __init__(self, compiled: RawEvaluator, ctx: mpmath.ctx_mp.MPContext) -> None:
        self.compiled = compiled
        self.ctx = ctx
        self.prec = ctx.prec

    def __call__(self, point: Sequence[Any]) -> Any:
        return self.ctx.make_mpf(self.compiled([value._mpf_ for value in point], self.prec))

    def at(self, ctx: mpmath.ctx_mp.MPContext) -> NumericEvaluator:
        """The same tree in `ctx` (no recompiling, no cache look-up of the expression)."""
        return NumericEvaluator(self.compiled, ctx)


MPF = tuple[int, int, int, int]
RawEvaluator = Callable[[Sequence[MPF], int], MPF]

_ROUND = libmp.round_nearest
_ZERO = libmp.fzero
_ONE = libmp.fone
_LIMIT = libmp.from_int(MAX_MAGNITUDE)


@lru_cache(maxsize=1024)
def _compiled_numeric(expr: sympy.Expr, symbols: tuple[sympy.Symbol, ...]) -> RawEvaluator | str:
    """Compiled once per expression for every precision, as `_compiled_exact`."""
    index = {symbol: position for position, symbol in enumerate(symbols)}
    try:
        return _Numeric(index).build(expr)
    except Unsupported as error:
        return str(error)


def _real(value: MPF) -> MPF:
    """The value if it is finite and within the magnitude bound; Undefined or Unevaluable else."""
    if value[1]:
        if value[2] + value[3] > MAX_MAGNITUDE:
            raise Unevaluable
        return value
    if value != _ZERO:
        raise Undefined
    return value


class _Numeric:
    """Builds closures `(point, prec) -> mpf tuple`; each raises Undefined off the domain.

    Every node rounds as mpmath's context methods do at `prec` bits (round to nearest).
    """

    def __init__(self, index: dict[sympy.Symbol, int]) -> None:
        self.index = index

    def build(self, expr: sympy.Basic) -> RawEvaluator:
        if isinstance(expr, sympy.Symbol):
            position = self.index[expr]
            return lambda point, prec: point[position]
        if isinstance(expr, sympy.Number) or type(expr) in _CONSTANTS:
            return _constant(expr)
        if isinstance(expr, sympy.Add):
            return _fsum([self.build(arg) for arg in expr.args])
        if isinstance(expr, sympy.Mul):
            return _fprod([self.build(arg) for arg in expr.args])
        if isinstance(expr, sympy.Pow):
            return self.power(expr)
        if type(expr) in _FUNCTIONS:
            return self.function(expr)
        raise Unsupported(type(expr).__name__)

    def power(self, expr: sympy.Pow) -> RawEvaluator:
        base = self.build(expr.base)
        exponent = expr.exp
        if isinstance(exponent, sympy.Integer):
            n = int(exponent)
            return lambda point, prec: _integer_power(base(point, prec), n, prec)
        if isinstance(exponent, sympy.Rational):
            p, q = int(exponent.p), int(exponent.q)
            ratio = _constant(exponent)
            return lambda point, prec: _rational_power(
                base(point, prec), p, q, ratio(point, prec), prec
            )
        power = self.build(exponent)
        return lambda point, prec: _general_power(base(point, prec), power(point, prec), prec)

    def function(self, expr: sympy.Basic) -> RawEvaluator:
        arguments = [self.build(arg) for arg in expr.args]
        direct = _DIRECT.get(type(expr))
        if direct is not None and len(arguments) == 1:
            return _direct_call(direct, arguments[0])
        return _context_call(type(expr), arguments)


def _constant(expr: sympy.Basic) -> RawEvaluator:
    """A number, worked out once per precision exactly as the context would."""
    make = _constant_maker(expr)
    values: dict[int, MPF] = {}

    def value(point: Sequence[MPF], prec: int) -> MPF:
        known = values.get(prec)
        if known is None:
            known = values[prec] = make(prec)
        return known

    return value


def _constant_maker(expr: sympy.Basic) -> Callable[[int], MPF]:
    if isinstance(expr, sympy.Rational):
        p, q = int(expr.p), int(expr.q)
        # ctx.mpf(p) / q: p rounded to the precision, then one correctly rounded division.
        return lambda prec: libmp.mpf_div(
            libmp.from_int(p, prec, _ROUND), libmp.from_int(q), prec, _ROUND
        )
    if isinstance(expr, sympy.Float):
        return lambda prec: _context_of(prec).mpf(expr._mpf_)._mpf_
    constant = _CONSTANTS.get(type(expr))
    if constant is None:
        raise Unsupported(type(expr).__name__)
    return lambda prec: constant(prec, _ROUND)


def _fsum(terms: list[RawEvaluator]) -> RawEvaluator:
    """`fsum`: the terms added exactly and rounded once, so cancellation costs no digits."""

    def evaluate(point: Sequence[MPF], prec: int) -> MPF:
        value = libmp.mpf_sum([term(point, prec) for term in terms], prec, _ROUND)
        if value[2] + value[3] > MAX_MAGNITUDE:
            raise Unevaluable
        return value

    return evaluate


def _fprod(factors: list[RawEvaluator]) -> RawEvaluator:
    """`fprod`: rounded after each factor, left to right (its first step, 1·a, is exact)."""
    first, rest = factors[0], factors[1:]
    multiply = libmp.mpf_mul

    def evaluate(point: Sequence[MPF], prec: int) -> MPF:
        value = first(point, prec)
        for factor in rest:
            value = multiply(value, factor(point, prec), prec, _ROUND)
        if value[2] + value[3] > MAX_MAGNITUDE:
            raise Unevaluable
        return value

    return evaluate


def _magnitude(value: MPF) -> int:
    """mpmath's `mag` of a non-zero finite value: |value| ≤ 2**mag."""
    return value[2] + value[3]


def _bound(log2_magnitude: Any) -> None:
    if abs(log2_magnitude) > MAX_MAGNITUDE:
        raise Unevaluable


def _integer_power(base: MPF, n: int, prec: int) -> MPF:
    if base == _ZERO:
        if n < 0:
            raise Undefined
        return _ONE if n == 0 else _ZERO
    _bound(_magnitude(base) * n)
    return _real(libmp.mpf_pow_int(base, n, prec, _ROUND))


def _rational_power(base: MPF, p: int, q: int, ratio: MPF, prec: int) -> MPF:
    if base == _ZERO:
        if p < 0:
            raise Undefined
        return _ZERO
    _bound(_magnitude(base) * p / q)
    if not base[0]:
        return _real(libmp.mpf_pow(base, ratio, prec, _ROUND))
    if q % 2 == 0:
        raise Undefined
    magnitude = libmp.mpf_pow(libmp.mpf_neg(base), ratio, prec, _ROUND)
    return _real(libmp.mpf_neg(magnitude) if p % 2 else magnitude)


def _general_power(base: MPF, exponent: MPF, prec: int) -> MPF:
    if base == _ZERO:
        if libmp.mpf_gt(exponent, _ZERO):
            return _ZERO
        raise Undefined
    scaled = libmp.mpf_mul_int(exponent, _magnitude(base), prec, _ROUND)
    if libmp.mpf_gt(libmp.mpf_abs(scaled), _LIMIT):
        raise Unevaluable
    integral = (exponent[1] and exponent[2] >= 0) or exponent == _ZERO
    if base[0] and not integral:
        raise Undefined
    try:
        return _real(libmp.mpf_pow(base, exponent, prec, _ROUND))
    except libmp.ComplexResult as error:
        raise Undefined from error


def _direct_call(function: Callable[[MPF, int], MPF], argument: RawEvaluator) -> RawEvaluator:
    def call(point: Sequence[MPF], prec: int) -> MPF:
        value = argument(point, prec)
        try:
            return _real(function(value, prec))
        except (ZeroDivisionError, ValueError) as error:
            raise Undefined from error

    return call


def _context_call(kind: type, arguments: list[RawEvaluator]) -> RawEvaluator:
    """The rarer functions, through the mpmath context of the precision (same values, slower)."""

    def call(point: Sequence[MPF], prec: int) -> MPF:
        ctx = _context_of(prec)
        values = [ctx.make_mpf(argument(point, prec)) for argument in arguments]
        try:
            result = _functions(ctx)[kind](*values)
        except (ZeroDivisionError, ValueError) as error:
            raise Undefined from error
        if not isinstance(result, ctx.mpf):
            raise Undefined
        return _real(result._mpf_)

    return call


def _bounded(function: Callable[[MPF, int, str], MPF]) -> Callable[[MPF, int], MPF]:
    """exp, sinh and cosh refuse arguments beyond ±MAX_MAGNITUDE (their values would be huge)."""

    def bounded(value: MPF, prec: int) -> MPF:
        if libmp.mpf_gt(libmp.mpf_abs(value), _LIMIT):
            raise Unevaluable
        return function(value, prec, _ROUND)

    return bounded


def _plain(function: Callable[[MPF, int, str], MPF]) -> Callable[[MPF, int], MPF]:
    return lambda value, prec: function(value, prec, _ROUND)


def _reciprocal(function: Callable[[MPF, int, str], MPF]) -> Callable[[MPF, int], MPF]:
    """`1 / f(x)` as the context computes it (an int over an mpf)."""
    return lambda value, prec: libmp.mpf_rdiv_int(1, function(value, prec, _ROUND), prec, _ROUND)


def _log(value: MPF, prec: int) -> MPF:
    if not value[1] or value[0]:
        raise Undefined
    return libmp.mpf_log(value, prec, _ROUND)


# The named constants, by type (each is a singleton), with the libmp routine of the context's own.
_CONSTANTS: dict[type, Callable[[int, str], MPF]] = {
    type(sympy.pi): libmp.mpf_pi,
    type(sympy.E): libmp.mpf_e,
    type(sympy.EulerGamma): libmp.mpf_euler,
    type(sympy.GoldenRatio): libmp.mpf_phi,
}


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


# The functions computed straight by their libmp routine, exactly as the context's wrapper does.
_DIRECT: dict[type, Callable[[MPF, int], MPF]] = {
    sympy.sin: _plain(libmp.mpf_sin),
    sympy.cos: _plain(libmp.mpf_cos),
    sympy.tan: _plain(libmp.mpf_tan),
    sympy.sec: _reciprocal(libmp.mpf_cos),
    sympy.csc: _reciprocal(libmp.mpf_sin),
    sympy.asin: _plain(libmp.mpf_asin),
    sympy.acos: _plain(libmp.mpf_acos),
    sympy.atan: _plain(libmp.mpf_atan),
    sympy.sinh: _bounded(libmp.mpf_sinh),
    sympy.cosh: _bounded(libmp.mpf_cosh),
    sympy.tanh: _plain(libmp.mpf_tanh),
    sympy.exp: _bounded(libmp.mpf_exp),
    sympy.log: _log,
    sympy.Abs: _plain(libmp.mpf_abs),
}
# The kinds of function the backend knows (the table's keys do not depend on the context).
_FUNCTIONS = frozenset(_functions(mpmath.mp))
