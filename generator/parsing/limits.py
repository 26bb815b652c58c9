"""Bounds on the work one parse may cause, checked before the work is done.

A student's text is hostile until read: every number, power and factorial is sized from its operands
before sympy is asked to compute it, so no input can make the parser (or a later numeric check) run
away with time or memory.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sympy

_LOG10_2 = math.log10(2)
_LOG10_E = math.log10(math.e)
_HUGE = 300.0
"""Beyond this many digits a size is too large whatever the limit; keeps the floats finite."""
_EXPONENTIAL = (sympy.exp, sympy.sinh, sympy.cosh)
"""Functions that grow like e^|x|: cosh(2^68) has about 10^20 digits."""
_BOUNDED = (sympy.sin, sympy.cos, sympy.tanh, sympy.atan, sympy.acot, sympy.sign)
"""Functions whose values stay within [-π/2, π/2] or [-1, 1], whatever their argument."""


@dataclass(frozen=True)
class Limits:
    """The bounds of one parse; keys from a trusted bank may use a roomier instance (KEY_LIMITS)."""

    max_length: int = 2000
    """Characters of input, checked before anything else."""
    max_depth: int = 60
    """Nesting of brackets, absolute values, function arguments and powers."""
    max_literal_digits: int = 100
    """Digits of one number as typed."""
    max_result_digits: int = 4000
    """Digits of a number the parser computes (below Python's 4300-digit int-to-text limit)."""
    max_exponent: int = 10_000
    """Largest |numeric exponent| (x^6000 is fine, x^(10^100) is not)."""
    max_factorial: int = 1000
    """Largest integer whose factorial is computed."""
    max_argument_digits: int = 30
    """Size (digits) of a number a function is applied to: sin(e^9999) needs 4342 digits of π."""
    max_root_index: int = 1000
    """Denominator of a rational power of a number: 9^(1/10^6) takes sympy a minute."""
    max_radicand_digits: int = 30
    """Digits of a number under a root: sympy factors it (a 1,200-digit one takes a second)."""


DEFAULT_LIMITS = Limits()
KEY_LIMITS = Limits(max_length=20_000, max_depth=80)


def integer_digits(value: int) -> int:
    """Decimal digits of |value|, from its bit length (no conversion to text)."""
    return max(1, math.ceil(abs(value).bit_length() * math.log10(2)))


def coefficient_digits(expr: sympy.Basic) -> float:
    """Upper estimate of the digits of the rational coefficient sympy multiplies out (0 for ±1)."""
    if not isinstance(expr, sympy.Expr):
        return 0.0
    if expr.is_Mul:  # sympy keeps a product's number first; as_coeff_Mul also rebuilds the rest
        coefficient = expr.args[0]
    elif expr.is_Atom:  # a number is its own coefficient; a name, π, e and i are not rational
        coefficient = expr
    else:
        coefficient = expr.as_coeff_Mul()[0]
    if not coefficient.is_Rational or (coefficient.q == 1 and coefficient.p in (1, -1)):
        return 0.0  # ±1 read from p and q: no sympy abs() and __eq__ on every factor
    return max(abs(coefficient.p).bit_length(), coefficient.q.bit_length()) * _LOG10_2


def radicand_digits(expr: sympy.Basic) -> float:
    """Digits under the numeric roots of a product: sympy merges √a·√b into √(ab) and factors it."""
    if expr.is_Pow and expr.base.is_Rational and expr.exp.is_Rational and not expr.exp.is_Integer:
        return coefficient_digits(expr.base)
    if expr.is_Mul:
        return sum(radicand_digits(factor) for factor in expr.args)
    return 0.0


def magnitude(expr: sympy.Basic) -> float:
    """Upper estimate of |log10 |value|| of a numeric expression, read from its structure alone.

    Nothing is evaluated: `sin(exp(9999)^9999)` is sized in microseconds, where evalf would need
    tens of millions of digits. The estimate is generous (sin is not assumed bounded).
    """
    if expr.is_Rational:
        return max(abs(expr.p).bit_length(), expr.q.bit_length()) * _LOG10_2
    if expr.is_Float:
        _sign, mantissa, exponent, bits = expr._mpf_
        return abs((exponent + bits) * _LOG10_2) + 1 if mantissa else 0.0
    if not expr.args:
        return 0.5  # π, e, i; a symbol counts as a number of that size

    sizes = [magnitude(arg) for arg in expr.args]
    if expr.is_Add:
        return max(sizes) + math.log10(len(sizes))
    if expr.is_Mul:
        return sum(sizes)
    if expr.is_Pow:
        exponent = expr.exp
        scale = float(abs(exponent)) if exponent.is_Number else 10 ** min(sizes[1], _HUGE)
        return sizes[0] * scale
    if isinstance(expr, _EXPONENTIAL):
        return 10 ** min(sizes[0], _HUGE) * _LOG10_E
    if isinstance(expr, _BOUNDED):
        return 1.0
    if isinstance(expr, sympy.factorial):
        count = 10 ** min(sizes[0], _HUGE)
        return count * math.log10(count + 1) + 1
    return max(sizes) + 1
