"""sympy's order of an Add's terms (`Expr.as_ordered_terms`), the same list computed faster.

Every printed Add orders its terms, and sympy spends most of that turning each coefficient into a
Python complex through evalf, rebuilding powers in `decompose_power` and sorting the generators by
`default_sort_key`. Here a rational coefficient goes straight through the mpmath roundings evalf
applies to it (no evalf machinery, no Float objects), and the per-factor work is memoised on the
factor (bounded LRU caches keyed by sympy's structural equality): `x`, `sin(x)` and `exp(2*x)`
recur across expressions. Anything unusual (Order terms, non-commutative factors) goes through
sympy itself.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import sympy
from mpmath.libmp import dps_to_prec, from_int, from_rational, to_float
from sympy.core.exprtools import decompose_power
from sympy.core.numbers import Number, NumberSymbol, mpf_norm
from sympy.core.sorting import default_sort_key

_EXACT = 2**53
"""Integers below this are floats exactly, whatever the rounding."""

_FLOAT_BITS = dps_to_prec(15)
_EVALF_BITS = _FLOAT_BITS + 4
"""`complex(expr)` is `expr.evalf()`: 15 digits, computed with 4 guard bits, then rounded."""

_CACHE = 8192

TermData = tuple[tuple[float, float], tuple[int, ...], tuple[()]]
OrderKey = Callable[[tuple[sympy.Expr, TermData]], Any]


def ordered_terms(add: sympy.Expr, order: str | None = None) -> list[sympy.Expr]:
    """Exactly `add.as_ordered_terms(order=order)` for an Add and a monomial order name."""
    if order is None:
        special = _number_then_negative(add)
        if special is not None:
            return special
    terms = _as_terms(add)
    if terms is None:
        return add.as_ordered_terms(order=order)
    if order is None or order == "lex":
        return [term for term, _ in sorted(terms, key=_lex_key)]
    key, reverse = _order_key(order)
    return [term for term, _ in sorted(terms, key=key, reverse=reverse)]


def _lex_key(item: tuple[sympy.Expr, TermData]) -> Any:
    """sympy's key for the default (lex) order, as `Expr._parse_order(None)` builds it: higher
    powers of the earlier generators first, then the coefficient."""
    _, ((re, im), monom, ncpart) = item
    return tuple([-m for m in monom]), ncpart, ((bool(im), im), (re, im))


def _is_number(expr: sympy.Basic) -> bool:
    return isinstance(expr, (Number, NumberSymbol))


def _not_number(expr: sympy.Basic) -> bool:
    return not _is_number(expr)


def _number_then_negative(add: sympy.Expr) -> list[sympy.Expr] | None:
    """sympy's special case: `Number + (negative Number)*expr` keeps the number first (`1 - x`)."""
    if len(add.args) != 2:
        return None
    add_args = sorted(add.args, key=_not_number)
    first, second = add_args
    if not (_is_number(first) and isinstance(second, sympy.Mul)):
        return None
    mul_args = sorted(sympy.Mul.make_args(second), key=_not_number)
    if (
        len(mul_args) == 2
        and isinstance(mul_args[0], Number)
        and first.is_positive
        and mul_args[0].is_negative
    ):
        return add_args
    return None


def _as_terms(add: sympy.Expr) -> list[tuple[sympy.Expr, TermData]] | None:
    """`Expr.as_terms()`'s first value (each term with its coefficient and monomial), or None
    when a term needs sympy's own path (an Order term, a non-commutative factor)."""
    gens: set[sympy.Expr] = set()
    parts: list[tuple[sympy.Expr, complex, dict[sympy.Expr, int]]] = []
    for term in add.args:
        if term.is_Order:
            return None
        coeff, factors = _coeff_factors(term)
        value = _complex_coefficient(coeff)
        powers: dict[sympy.Expr, int] = {}
        for factor in factors:
            part = _factor_part(factor)
            if part is None:
                return None
            if isinstance(part, complex):
                value *= part
            else:
                base, exponent = part
                powers[base] = exponent
                gens.add(base)
        parts.append((term, value, powers))
    index = {gen: i for i, gen in enumerate(sorted(gens, key=_gen_key))}
    result = []
    for term, value, powers in parts:
        monom = [0] * len(index)
        for base, exponent in powers.items():
            monom[index[base]] = exponent
        result.append((term, ((value.real, value.imag), tuple(monom), ())))
    return result


def _coeff_factors(term: sympy.Expr) -> tuple[sympy.Expr, tuple[sympy.Expr, ...]]:
    """`term.as_coeff_Mul()` with the rest split into its factors, without building the rest
    of a product as a new Mul first."""
    if type(term) is sympy.Mul:
        args = term.args
        if not args[0].is_Number:
            return sympy.S.One, args
        rest = args[1:]
        if len(rest) == 1:
            rest = () if rest[0] is sympy.S.One else sympy.Mul.make_args(rest[0])
        return args[0], rest
    coeff, rest = term.as_coeff_Mul()
    return coeff, () if rest is sympy.S.One else sympy.Mul.make_args(rest)


def _complex_coefficient(coeff: sympy.Expr) -> complex:
    """`complex(coeff)`, bit for bit, without evalf for a rational.

    Not `p / q`: evalf truncates to its working precision before rounding to a float, and that
    double rounding differs from the correctly rounded quotient for about 3% of fractions
    (`-42/19`), which can reorder terms of equal monomial.
    """
    if not coeff.is_Rational:
        return complex(coeff)
    p, q = coeff.p, coeff.q
    if q == 1 and abs(p) < _EXACT:
        return complex(float(p), 0.0)
    raw = from_int(p, _EVALF_BITS) if q == 1 else from_rational(p, q, _EVALF_BITS)
    return complex(to_float(mpf_norm(raw, _FLOAT_BITS)), 0.0)


@lru_cache(maxsize=_CACHE)
def _factor_part(factor: sympy.Expr) -> complex | tuple[sympy.Expr, int] | None:
    """What a factor adds to its term, as `Expr.as_terms` reads it: a number's complex value
    (`pi`, `sqrt(2)`), else its generator and integer power (`decompose_power`), or None for a
    non-commutative factor, which only sympy's own path orders."""
    if factor.is_number:
        try:
            return complex(factor)
        except (TypeError, ValueError):
            pass
    if not factor.is_commutative:
        return None
    return decompose_power(factor)


@lru_cache(maxsize=_CACHE)
def _gen_key(gen: sympy.Expr) -> Any:
    return default_sort_key(gen)


@lru_cache(maxsize=32)
def _order_key(order: str | None) -> tuple[OrderKey, bool]:
    """sympy's own sort key of `(term, data)` pairs for a monomial order, built once per name."""
    return sympy.Expr._parse_order(order)
