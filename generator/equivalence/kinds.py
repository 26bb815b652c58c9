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
    vanishes aside).

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
    if cleared == (f, g):
        return outcome
    return _constant_multiples(*cleared, symbols)


def _constant_multiples(f: sympy.Expr, g: sympy.Expr, symbols: tuple[sympy.Symbol, ...]) -> Outcome:
    """Whether f = k·g for a nonzero constant k (f = 0 and g = 0 are then one equation)."""
    key_trivial = compare_expressions(f, sympy.Integer(0), symbols)
    answer_trivial = compare_expressions(g, sympy.Integer(0), symbols)
    if Outcome.UNDECIDED in (key_trivial, answer_trivial):
        return Outcome.UNDECIDED
    if key_trivial is Outcome.EQUIVALENT or answer_trivial is Outcome.EQUIVALENT:
        return Outcome.EQUIVALENT if key_trivial is answer_trivial else Outcome.DIFFERENT
    return combine(
        compare_expressions(sympy.diff(f, v) * g, f * sympy.diff(g, v), symbols, common_domain=True)
        for v in symbols
    )


def _numerator(expr: sympy.Expr) -> sympy.Expr:
    """The numerator of `expr` over one common denominator, or `expr` when no variable divides."""
    numerator, denominator = sympy.together(expr).as_numer_denom()
    return numerator if denominator.free_symbols else expr


def _free(sides: tuple[sympy.Expr, sympy.Expr]) -> set[sympy.Symbol]:
    return sides[0].free_symbols | sides[1].free_symbols


def _as_real(expr: sympy.Expr, real: dict[str, sympy.Symbol]) -> sympy.Expr:
    return expr.xreplace({symbol: real[symbol.name] for symbol in expr.free_symbols})
