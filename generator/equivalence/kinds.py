"""Equivalence for the structured answer kinds: numbers, sets, tuples and equations.

Each builds on `compare_expressions`; an undecided comparison inside a kind makes the whole answer
undecided unless another part already decides it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sympy

from generator.equivalence.expressions import Outcome, Tolerance, compare_expressions

DEFAULT_NUMBER_TOLERANCE = Tolerance(relative=1e-3)
# Bounds on the expressions the curve criteria rewrite or expand (`_expansion`).
MAX_TERMS = 400
MAX_DEGREE = 48
_TOO_BIG = (MAX_TERMS + 1, MAX_DEGREE + 1)
CURVE_ROUNDS = 2
# Functions with kinks or jumps, across which a locally constant ratio may change.
_PIECEWISE = (sympy.Abs, sympy.sign)


def compare_numbers(
    key: sympy.Expr, answer: sympy.Expr, *, tolerance: Tolerance | None = None
) -> Outcome:
    """Two numbers: exact, unless a tolerance is given or either was written with decimals.

    A decimal key is already rounded, and a student who types decimals rounds too, so both get the
    default relative tolerance of 1e-3.
    """
    if tolerance is None and (key.has(sympy.Float) or answer.has(sympy.Float)):
        tolerance = DEFAULT_NUMBER_TOLERANCE
    return compare_expressions(key, answer, (), tolerance=tolerance)


def compare_items(
    key: sympy.Basic,
    answer: sympy.Basic,
    symbols: Iterable[sympy.Symbol] = (),
    *,
    tolerance: Tolerance | None = None,
) -> Outcome:
    """One element of a set or tuple: an expression, a number or itself a tuple (a point)."""
    if isinstance(key, sympy.Tuple) or isinstance(answer, sympy.Tuple):
        if not (isinstance(key, sympy.Tuple) and isinstance(answer, sympy.Tuple)):
            return Outcome.DIFFERENT
        if len(key) != len(answer):
            return Outcome.DIFFERENT
        return combine(
            compare_items(k, a, symbols, tolerance=tolerance)
            for k, a in zip(key, answer, strict=True)
        )
    if not key.free_symbols and not answer.free_symbols:
        return compare_numbers(key, answer, tolerance=tolerance)
    return compare_expressions(key, answer, symbols, tolerance=tolerance)


def combine(outcomes: Iterable[Outcome]) -> Outcome:
    """All equivalent → equivalent; any different → different; otherwise undecided."""
    seen = set(outcomes)
    if Outcome.DIFFERENT in seen:
        return Outcome.DIFFERENT
    if Outcome.UNDECIDED in seen:
        return Outcome.UNDECIDED
    return Outcome.EQUIVALENT


@dataclass(frozen=True)
class SetMatch:
    """How a student's set meets the key: what is missing, what is extra, what stayed undecided."""

    matched: int
    missing: tuple[sympy.Basic, ...]
    extra: tuple[sympy.Basic, ...]
    undecided: bool

    @property
    def outcome(self) -> Outcome:
        if not self.missing and not self.extra:
            return Outcome.EQUIVALENT
        return Outcome.UNDECIDED if self.undecided else Outcome.DIFFERENT


def match_sets(
    key: Sequence[sympy.Basic],
    answer: Sequence[sympy.Basic],
    symbols: Iterable[sympy.Symbol] = (),
    *,
    tolerance: Tolerance | None = None,
) -> SetMatch:
    """Pair each answer element with an equal key element, ignoring order and repetitions."""
    symbols = tuple(symbols)
    unmatched = list(key)
    matched: list[sympy.Basic] = []
    extra: list[sympy.Basic] = []
    undecided = False
    for element in answer:
        found = None
        for candidate in [*unmatched, *matched]:
            outcome = compare_items(candidate, element, symbols, tolerance=tolerance)
            undecided = undecided or outcome is Outcome.UNDECIDED
            if outcome is Outcome.EQUIVALENT:
                found = candidate
                break
        if found is None:
            extra.append(element)
        elif any(found is item for item in unmatched):
            unmatched = [item for item in unmatched if item is not found]
            matched.append(found)
    return SetMatch(len(matched), tuple(unmatched), tuple(extra), undecided)


def compare_tuples(
    key: Sequence[sympy.Basic],
    answer: Sequence[sympy.Basic],
    symbols: Iterable[sympy.Symbol] = (),
    *,
    tolerance: Tolerance | None = None,
) -> tuple[Outcome, ...]:
    """The outcome of each component in order; the caller checks the lengths first."""
    symbols = tuple(symbols)
    return tuple(
        compare_items(k, a, symbols, tolerance=tolerance) for k, a in zip(key, answer, strict=True)
    )


def compare_equations(
    key: tuple[sympy.Expr, sympy.Expr],
    answer: tuple[sympy.Expr, sympy.Expr],
    symbols: Iterable[sympy.Symbol] = (),
) -> Outcome:
    """a = b matches c = d when a − b = k·(c − d) for a nonzero constant k, or when the numerators
    of a − b and c − d over common denominators are such multiples (points where a denominator
    vanishes aside); failing that, when both have the same real solutions by `_same_curve`
    (|x| = |y| and (x − y)(x + y) = 0, (y − 2x)² = 0 and y = 2x).

    f/g is constant exactly when every partial derivative of f/g vanishes, i.e. when
    ∂f/∂v · g = f · ∂g/∂v for each variable v: identities the expression comparison can decide.
    """
    # Real symbols, so that derivatives of |x| are sign(x) rather than expressions in re and im.
    names = {s.name for s in (*symbols, *_free(key), *_free(answer))}
    real = {name: sympy.Symbol(name, real=True) for name in sorted(names)}
    f = _as_real(key[0] - key[1], real)
    g = _as_real(answer[0] - answer[1], real)
    symbols = tuple(real.values())
    outcome = _constant_multiples(f, g, symbols)
    if outcome is not Outcome.DIFFERENT:
        return outcome
    # Cleared of denominators, 1/x + 1/y = 2 and y = x/(2x - 1) are one curve (away from the points
    # where a denominator vanishes), though their sides are no constant multiple of each other.
    cleared = _numerator(f), _numerator(g)
    if cleared != (f, g):
        outcome = _constant_multiples(*cleared, symbols)
    if outcome is not Outcome.DIFFERENT:
        return outcome
    return _same_curve(f, g, symbols)


def _same_curve(f: sympy.Expr, g: sympy.Expr, symbols: tuple[sympy.Symbol, ...]) -> Outcome:
    """f = 0 and g = 0 have one real solution set, shown on forms with the same zeros (`_curve`):
    as constant multiples, or as polynomials with one square-free part. What neither proves stays
    different, as the constant multiples said, unless the comparison of the rewritten forms could
    not decide.
    """
    curves = _curve(f), _curve(g)
    outcome = Outcome.DIFFERENT
    if curves != (f, g):
        outcome = _constant_multiples(*curves, symbols)
    if outcome is Outcome.EQUIVALENT or _same_square_free_part(*curves):
        return Outcome.EQUIVALENT
    return outcome


def _curve(f: sympy.Expr) -> sympy.Expr:
    """An expression with the same real zeros as `f` on its domain (points where a denominator
    vanishes aside), without absolute values of terms or factors, denominators or powers of factors
    (twice over: |x|³ is x²|x|, then x² and x), when `f` is small enough to rewrite."""
    if not _small_polynomial(f):
        return f
    for _ in range(CURVE_ROUNDS):
        f = _factors(_numerator(_without_absolute_values(f)))
    return f


def _without_absolute_values(f: sympy.Expr) -> sympy.Expr:
    """f = s·|A| + t·|B| (s, t signs; a constant term c is sign(c)·|c|) is zero exactly when
    A² = B² if s ≠ t (both sides of |A| = |B| are nonnegative: squaring them is reversible), and
    exactly when A = B = 0, i.e. A² + B² = 0, if s = t: with a nonzero constant among them nothing
    solves it (1 = 0). Any other `f` is returned as it is (s·|A| alone is one of `_factors`), and
    so is one with a radical in A or B, whose square would lose its domain (√x² is x).
    """
    if not f.has(sympy.Abs):
        return f
    terms = [_signed_absolute_value(term) for term in sympy.Add.make_args(f)]
    if len(terms) != 2 or terms[0] is None or terms[1] is None:
        return f
    (s, a), (t, b) = terms
    if _radicals(a) or _radicals(b):
        return f
    if s != t:
        return a**2 - b**2
    if not (a.free_symbols and b.free_symbols):
        return sympy.Integer(1)
    return a**2 + b**2


def _signed_absolute_value(term: sympy.Expr) -> tuple[int, sympy.Expr] | None:
    """(s, A) with `term` = s·|A|, for c·|A| or a constant c of known sign; otherwise None."""
    if not term.free_symbols:
        sign = _sign(term)
        return None if sign is None else (sign, sign * term)
    constant, rest = term.as_independent(*term.free_symbols, as_Add=False)
    sign = _sign(constant)
    if sign is None or not isinstance(rest, sympy.Abs):
        return None
    return sign, sign * constant * rest.args[0]


def _sign(constant: sympy.Expr) -> int | None:
    if constant.is_positive:
        return 1
    if constant.is_negative:
        return -1
    return None


def _factors(f: sympy.Expr) -> sympy.Expr:
    """f = c·∏ Fᵢ (c ≠ 0 constant) vanishes exactly where some Fᵢ does, so each Fᵢ may become an
    expression with the same zeros and domain: |A| becomes A, Bⁿ (n a positive integer) becomes B.
    A lone factor B^e with any constant e > 0 becomes B too, since 0^e = 0 and B^e ≠ 0 wherever it
    is defined and B ≠ 0; among other factors it stays, as B^e's domain (B ≥ 0) would be lost."""
    constant, rest = f.as_independent(*f.free_symbols, as_Add=False)
    if not (f.free_symbols and constant.is_nonzero):
        return f
    factors = sympy.Mul.make_args(rest)
    return sympy.Mul(*(_factor(factor, alone=len(factors) == 1) for factor in factors))


def _factor(factor: sympy.Expr, *, alone: bool) -> sympy.Expr:
    if isinstance(factor, sympy.Abs):
        return factor.args[0]
    if not isinstance(factor, sympy.Pow) or not (factor.exp.is_number and factor.exp.is_positive):
        return factor
    return factor.base if alone or factor.exp.is_integer else factor


def _same_square_free_part(f: sympy.Expr, g: sympy.Expr) -> bool:
    """Whether f and g, as rational polynomials in the same generators (variables, radicals,
    functions), have one square-free part: each vanishes exactly where it does, so f = 0 and g = 0
    have the same solutions wherever the generators are defined, complex or real. Only on small
    polynomials of small degree, where expanding and the gcds stay cheap, and with the same
    radicals and functions, which expanding may drop with their domains ((√x + 1)(√x − 1) is x − 1).
    """
    sizes = _expansion(f), _expansion(g)
    if _TOO_BIG in sizes or _generators(f) != _generators(g):
        return False
    if max(degree for _, degree in sizes) <= 1:
        return False  # square-free already: one square-free part is a constant multiple, compared
    try:
        (p, q), options = sympy.parallel_poly_from_expr([f, g])
    except (sympy.PolynomialError, sympy.GeneratorsNeeded):
        return False
    if not (options["domain"].is_ZZ or options["domain"].is_QQ):
        return False
    if p.is_ground or q.is_ground:
        return False
    return p.to_field().sqf_part() == q.to_field().sqf_part()


def _radicals(expr: sympy.Expr) -> set[sympy.Expr]:
    return {power for power in expr.atoms(sympy.Pow) if not power.exp.is_integer}


def _generators(expr: sympy.Expr) -> set[sympy.Expr]:
    return _radicals(expr) | expr.atoms(sympy.Function)


def _small_polynomial(expr: sympy.Expr) -> bool:
    """Whether expanding `expr` stays under MAX_TERMS terms of degree at most MAX_DEGREE, by an
    estimate that expands nothing (functions and radicals count as one term of degree one, after
    their arguments pass the same test)."""
    return _expansion(expr) != _TOO_BIG


def _expansion(expr: sympy.Expr) -> tuple[int, int]:
    """An upper bound on (terms, degree) of `expr` expanded; anything over a limit is `_TOO_BIG`."""
    if isinstance(expr, sympy.Add | sympy.Mul):
        parts = [_expansion(arg) for arg in expr.args]
        if _TOO_BIG in parts:
            return _TOO_BIG
        if isinstance(expr, sympy.Add):
            terms, degree = sum(t for t, _ in parts), max(d for _, d in parts)
        else:
            terms, degree = math.prod(t for t, _ in parts), sum(d for _, d in parts)
        return (terms, degree) if terms <= MAX_TERMS and degree <= MAX_DEGREE else _TOO_BIG
    if isinstance(expr, sympy.Pow) and expr.exp.is_Integer and expr.exp > 0:
        exponent = int(expr.exp)
        terms, degree = _expansion(expr.base)
        if exponent > MAX_DEGREE or degree * exponent > MAX_DEGREE:
            return _TOO_BIG
        terms = math.comb(exponent + terms - 1, terms - 1)
        return (terms, degree * exponent) if terms <= MAX_TERMS else _TOO_BIG
    if any(_expansion(arg) == _TOO_BIG for arg in expr.args):
        return _TOO_BIG
    return (1, 1) if expr.free_symbols else (1, 0)


def _constant_multiples(f: sympy.Expr, g: sympy.Expr, symbols: tuple[sympy.Symbol, ...]) -> Outcome:
    """Whether f = k·g for a nonzero constant k (f = 0 and g = 0 are then one equation)."""
    key_trivial = compare_expressions(f, sympy.Integer(0), symbols)
    answer_trivial = compare_expressions(g, sympy.Integer(0), symbols)
    if Outcome.UNDECIDED in (key_trivial, answer_trivial):
        return Outcome.UNDECIDED
    if key_trivial is Outcome.EQUIVALENT or answer_trivial is Outcome.EQUIVALENT:
        return Outcome.EQUIVALENT if key_trivial is answer_trivial else Outcome.DIFFERENT
    outcome = combine(
        compare_expressions(sympy.diff(f, v) * g, f * sympy.diff(g, v), symbols, common_domain=True)
        for v in symbols
    )
    if outcome is Outcome.EQUIVALENT and (f.has(*_PIECEWISE) or g.has(*_PIECEWISE)):
        return _vanish_together(f, g, symbols)
    return outcome


def _vanish_together(f: sympy.Expr, g: sympy.Expr, symbols: tuple[sympy.Symbol, ...]) -> Outcome:
    """Whether f and g vanish at the same points, once f/g is known to be locally constant: across
    a kink of |·| or sign the constant may change, and to 0 (x + |x| is 2x, then 0 for x < 0), so
    sign(f)² (0 where f = 0, 1 elsewhere) is compared with sign(g)² wherever both are defined."""
    return compare_expressions(sympy.sign(f) ** 2, sympy.sign(g) ** 2, symbols, common_domain=True)


def _numerator(expr: sympy.Expr) -> sympy.Expr:
    """The numerator of `expr` over one common denominator, or `expr` when no variable divides."""
    if not _may_divide(expr):
        return expr
    numerator, denominator = sympy.together(expr).as_numer_denom()
    return numerator if denominator.free_symbols else expr


def _may_divide(expr: sympy.Expr) -> bool:
    """Whether a variable may divide `expr`: only a power not known positive (x⁻¹, 2⁻ˣ) or exp
    (e⁻ˣ) makes a denominator, so `together`, the slow part, runs only then."""
    powers = expr.atoms(sympy.Pow)
    return expr.has(sympy.exp) or any(not (p.exp.is_number and p.exp.is_positive) for p in powers)


def _free(sides: tuple[sympy.Expr, sympy.Expr]) -> set[sympy.Symbol]:
    return sides[0].free_symbols | sides[1].free_symbols


def _as_real(expr: sympy.Expr, real: dict[str, sympy.Symbol]) -> sympy.Expr:
    return expr.xreplace({symbol: real[symbol.name] for symbol in expr.free_symbols})
