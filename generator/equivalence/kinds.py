"""Equivalence for the structured answer kinds: numbers, sets, tuples and equations.

Each builds on `compare_expressions`; an undecided comparison inside a kind makes the whole answer
undecided unless another part already decides it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sympy

from generator.equivalence.expressions import Outcome, Tolerance, compare_expressions

DEFAULT_NUMBER_TOLERANCE = Tolerance(relative=1e-3)
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
    """All equivalent → equivalent; any different → different; otherwise undecided.

    Read lazily, stopping at the first difference: what follows cannot change the verdict, and
    each outcome left unread is a comparison (perhaps a bounded worker's seconds) not made.
    """
    undecided = False
    for outcome in outcomes:
        if outcome is Outcome.DIFFERENT:
            return Outcome.DIFFERENT
        undecided = undecided or outcome is Outcome.UNDECIDED
    return Outcome.UNDECIDED if undecided else Outcome.EQUIVALENT


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
    vanishes aside), or when they are once absolute values are squared away (`_squared`: |x| = |y|
    and (x − y)(x + y) = 0). Multiplicity counts, as in the issue and in STACK: (y − 2x)² = 0 is
    no multiple of y = 2x, though its real solutions are the same.

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
    squared = _squared(f), _squared(g)
    if squared == (f, g):
        return outcome
    return _constant_multiples(*squared, symbols)


def _squared(f: sympy.Expr) -> sympy.Expr:
    """f = s·|A| + t·|B| (s, t signs; a constant term c is sign(c)·|c|) is zero exactly when
    A² = B² if s ≠ t (both sides of |A| = |B| are nonnegative: squaring them is reversible), and
    exactly when A = B = 0, i.e. A² + B² = 0, if s = t: with a nonzero constant among them nothing
    solves it (1 = 0). Any other `f` is returned as it is (s·|A| alone needs nothing: |A|/A is
    locally constant), and so is one with a radical in A or B, whose square would lose its domain
    (√x² is x).
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


def _radicals(expr: sympy.Expr) -> set[sympy.Expr]:
    return {power for power in expr.atoms(sympy.Pow) if not power.exp.is_integer}


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
