"""Decide whether two sympy expressions are the same function, in layers from cheap to strong.

1. structure: identical trees (or a difference sympy cancels by itself) are equivalent;
2. exact: when both sides are rational functions over Q, evaluate them in exact rational arithmetic
   at seeded random points (a polynomial identity test: no rounding, no expansion);
3. numeric: evaluate both with mpmath at seeded random points on both sides of zero; a point where
   one side is defined and the other is not, or where the values differ, is a witness of difference;
   a near-agreement is re-evaluated at higher precision to tell rounding from a real difference;
   once the first few points agree at 30 digits, a float agreement may confirm a further point
   (`screen`: it can only confirm, never refute);
4. symbolic: when the numeric evidence is thin or close, `simplify` confirms, in a bounded worker.

Whatever cannot be settled is `UNDECIDED`, which is never reported as correct.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from functools import lru_cache
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from generator.equivalence.evaluate import (
    Evaluator,
    NumericEvaluator,
    Undefined,
    Unevaluable,
    Unsupported,
    compile_exact,
    compile_numeric,
    context,
)
from generator.equivalence.screen import SCREEN_AFTER, FloatEvaluator, agree, compile_float
from generator.equivalence.survey import Unusual, fingerprint, seed_of, surveyed
from generator.sandbox import SandboxError, run_bounded


class Outcome(Enum):
    """The decision on a pair of expressions; only EQUIVALENT may ever become "correct"."""

    EQUIVALENT = "equivalent"
    DIFFERENT = "different"
    UNDECIDED = "undecided"


@dataclass(frozen=True)
class Tolerance:
    """How far an answer may be from the key: |answer − key| ≤ relative·|key| + absolute."""

    relative: float = 0.0
    absolute: float = 0.0

    def accepts(self, key: Any, answer: Any) -> bool:
        return bool(abs(answer - key) <= self.relative * abs(key) + self.absolute)


EXACT_POINTS = 6
NUMERIC_POINTS = 8
MIN_POINTS = 4
MAX_TRIES = 48
LOW_DPS = 30
HIGH_DPS = 90
SYMBOLIC_SECONDS = 3.0
NARROW = Fraction(1, 8)


def compare_expressions(
    key: sympy.Expr,
    answer: sympy.Expr,
    symbols: Iterable[sympy.Symbol] = (),
    *,
    tolerance: Tolerance | None = None,
    common_domain: bool = False,
) -> Outcome:
    """Whether `answer` is the same function as `key` wherever either is defined (real values).

    With `common_domain`, only where both are defined: a point where one side alone is defined
    is then no witness (equations compare so: their sides' domains do not change the solutions).
    """
    prepared = _prepare(key, answer)
    if prepared is None:
        return Outcome.EQUIVALENT
    key, answer, free, seed = prepared
    variables = sorted(set(symbols) | free, key=lambda symbol: symbol.name)
    sampler = _Sampler(seed, len(variables))
    if tolerance is None:
        outcome = _compare_exactly(key, answer, variables, sampler)
        if outcome is not None:
            return outcome
    evidence = _compare_numerically(key, answer, variables, sampler, tolerance, common_domain)
    if evidence.different:
        return Outcome.DIFFERENT
    if evidence.conclusive:
        return Outcome.EQUIVALENT
    outcome = confirm_symbolically(key, answer)
    if outcome is Outcome.UNDECIDED and evidence.agreed >= MIN_POINTS and not evidence.close:
        return Outcome.EQUIVALENT
    return outcome


def _prepare(
    key: sympy.Expr, answer: sympy.Expr
) -> tuple[sympy.Expr, sympy.Expr, set[sympy.Symbol], int] | None:
    """Both sides ready to sample, with their free symbols and seed; None when they are identical.

    Decimals become exact rationals and abstract functions concrete ones first; plain sides (the
    usual case) are surveyed in one walk each instead of sympy's three.
    """
    try:
        (key_print, key_free), (answer_print, answer_free) = surveyed(key), surveyed(answer)
    except Unusual:
        marked = key.atoms(sympy.Float, AppliedUndef) | answer.atoms(sympy.Float, AppliedUndef)
        if marked:
            key, answer = exact_numbers(key), exact_numbers(answer)
        if key == answer:
            return None
        if any(isinstance(item, AppliedUndef) for item in marked):
            key, answer = _concrete_functions(key, answer)
        return key, answer, key.free_symbols | answer.free_symbols, _seed(key, answer)
    if key == answer:
        return None
    return key, answer, set(key_free | answer_free), seed_of(key_print, answer_print)


def equivalent(a: sympy.Expr, b: sympy.Expr, symbols: Iterable[sympy.Symbol] = ()) -> bool:
    """True only when `a` and `b` are decided equivalent (undecided counts as not)."""
    return compare_expressions(a, b, symbols) is Outcome.EQUIVALENT


def exact_numbers(expr: sympy.Expr) -> sympy.Expr:
    """`expr` with each decimal replaced by the exact rational the student wrote (0.1 → 1/10)."""
    floats = expr.atoms(sympy.Float)
    if not floats:
        return expr
    return expr.xreplace({number: sympy.Rational(str(number)) for number in floats})


def _concrete_functions(key: sympy.Expr, answer: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr]:
    """Both sides with each abstract function (f(x), g'(x) …) replaced by one seeded concrete
    function, so they can be evaluated; two different formulas in f almost never agree for it."""
    applied = key.atoms(AppliedUndef) | answer.atoms(AppliedUndef)
    rng = random.Random(_seed(key, answer))
    arities = {application.func: len(application.args) for application in applied}
    mapping = {
        function: _random_function(arities[function], rng)
        for function in sorted(arities, key=lambda function: function.__name__)
    }
    return key.subs(mapping).doit(), answer.subs(mapping).doit()


def _random_function(arity: int, rng: random.Random) -> sympy.Lambda:
    def small() -> sympy.Rational:
        return sympy.Rational(rng.choice((-1, 1)) * rng.randint(1, 9), rng.randint(2, 7))

    arguments = sympy.symbols(f"u0:{arity}")
    body = sympy.exp(small() * arguments[0]) + small()
    for argument in arguments:
        body += small() * argument**2 + sympy.sin(small() * argument + small())
    return sympy.Lambda(arguments, body)


def _seed(key: sympy.Expr, answer: sympy.Expr) -> int:
    """The seed of a pair of (possibly rewritten) expressions, from their fingerprints."""
    return seed_of(fingerprint(key), fingerprint(answer))


class _Sampler:
    """Seeded random points: small integers, fractions in (−1, 1) and in (−5, 5).

    Signs are not left to chance: the first three variables run through every combination of
    signs every eight points, so a difference on a half-line or a quadrant (sqrt(x²) against x)
    is always met.
    """

    def __init__(self, seed: int, dimension: int) -> None:
        self.random = random.Random(seed)
        self.dimension = dimension
        self.count = 0

    def point(self, scale: Fraction = Fraction(1)) -> tuple[Fraction, ...]:
        self.count += 1
        point = tuple([self.coordinate(index) for index in range(self.dimension)])
        return point if scale == 1 else tuple(scale * coordinate for coordinate in point)

    def integer_point(self) -> tuple[int, ...]:
        """A point for exact evaluation: integers from a wide range keep the arithmetic cheap."""
        return tuple(
            self.random.choice((-1, 1)) * self.random.randint(1, 10_000)
            for _ in range(self.dimension)
        )

    def coordinate(self, index: int) -> Fraction:
        draw = self.random.random()
        flip = (self.count >> index) & 1 if index < 3 else self.random.getrandbits(1)
        sign = -1 if flip else 1
        if draw < 0.2:
            return Fraction(sign * self.random.randint(1, 4))
        denominator = self.random.randint(50, 199)
        if draw < 0.55:
            return Fraction(sign * self.random.randint(1, denominator - 1), denominator)
        return Fraction(sign * self.random.randint(denominator + 1, 5 * denominator), denominator)


def _compare_exactly(
    key: sympy.Expr, answer: sympy.Expr, variables: Sequence[sympy.Symbol], sampler: _Sampler
) -> Outcome | None:
    """Exact verdict for two rational functions over Q, or None when this layer does not apply."""
    try:
        left, right = compile_exact(key, variables), compile_exact(answer, variables)
    except Unsupported:
        return None
    needed = EXACT_POINTS if variables else 1
    agreed = 0
    for _ in range(MAX_TRIES):
        point = sampler.integer_point()
        try:
            a, b = left(point), right(point)
        except Undefined:
            continue
        except Unevaluable:
            return None
        if a != b:
            return Outcome.DIFFERENT
        agreed += 1
        if agreed >= needed:
            return Outcome.EQUIVALENT
    return None


@dataclass
class _Evidence:
    agreed: int = 0
    close: int = 0
    different: bool = False
    conclusive: bool = False


_UNDEFINED = object()
_SKIP = object()


class _Pair:
    """Both expressions compiled once, evaluated together at a point in one context."""

    def __init__(self, left: NumericEvaluator, right: NumericEvaluator) -> None:
        self.left, self.right, self.ctx = left, right, left.ctx

    @classmethod
    def compiled(
        cls, key: sympy.Expr, answer: sympy.Expr, variables: Sequence[Any], dps: int
    ) -> _Pair:
        ctx = context(dps)
        return cls(compile_numeric(key, variables, ctx), compile_numeric(answer, variables, ctx))

    def at(self, dps: int) -> _Pair:
        """The same pair at another precision: the compiled trees serve every precision."""
        ctx = context(dps)
        return _Pair(self.left.at(ctx), self.right.at(ctx))

    def values(self, point: Sequence[Fraction]) -> tuple[Any, Any]:
        numbers = [self.ctx.mpf(c.numerator) / c.denominator for c in point]
        return _value(self.left, numbers), _value(self.right, numbers)


def _value(evaluator: Evaluator, point: Sequence[Any]) -> Any:
    try:
        return evaluator(point)
    except Undefined:
        return _UNDEFINED
    except Unevaluable:
        return _SKIP


def _compare_numerically(
    key: sympy.Expr,
    answer: sympy.Expr,
    variables: Sequence[sympy.Symbol],
    sampler: _Sampler,
    tolerance: Tolerance | None,
    common_domain: bool,
) -> _Evidence:
    evidence = _Evidence()
    try:
        low = _Pair.compiled(key, answer, variables, LOW_DPS)
    except Unsupported:
        return evidence
    high = low.at(HIGH_DPS)
    screen: _Screen | None = None  # compiled when first needed: most differences show earlier
    needed = NUMERIC_POINTS if variables else 1
    for attempt in range(MAX_TRIES):
        # Answers defined only on a narrow interval (asin(2x), sqrt(1 - 4x²)) get a second chance
        # at points closer to zero once the first half of the attempts found little to compare.
        narrow = attempt >= MAX_TRIES // 2 and evidence.agreed < needed
        point = sampler.point(NARROW if narrow else Fraction(1))
        # Floats are consulted only once SCREEN_AFTER agreements were confirmed at 30 digits (no
        # float agreement counts before that, so `agreed` is then the number of confirmed ones).
        if tolerance is None and evidence.agreed >= SCREEN_AFTER:
            screen = _screen(key, answer, variables) if screen is None else screen
        if screen and agree(*screen, point):
            judged: Outcome | None = Outcome.EQUIVALENT
        else:
            judged = _judge(point, low, high, tolerance, common_domain)
        if judged is Outcome.DIFFERENT:
            evidence.different = True
            return evidence
        if judged is Outcome.EQUIVALENT:
            evidence.agreed += 1
        elif judged is Outcome.UNDECIDED:
            evidence.close += 1
        if evidence.agreed >= needed:
            evidence.conclusive = not evidence.close
            return evidence
    return evidence


_Screen = tuple[FloatEvaluator, FloatEvaluator] | tuple[()]


def _screen(key: sympy.Expr, answer: sympy.Expr, variables: Sequence[sympy.Symbol]) -> _Screen:
    """Both sides in floats, or () when either has a part the screen does not evaluate."""
    left, right = compile_float(key, variables), compile_float(answer, variables)
    return () if left is None or right is None else (left, right)


def _judge(
    point: Sequence[Fraction],
    low: _Pair,
    high: _Pair,
    tolerance: Tolerance | None,
    common_domain: bool,
) -> Outcome | None:
    """What one point says: a witness of difference, an agreement, a close call, or nothing."""
    a, b = low.values(point)
    if a is _SKIP or b is _SKIP or (a is _UNDEFINED and b is _UNDEFINED):
        return None
    if common_domain and (a is _UNDEFINED or b is _UNDEFINED):
        return None
    if a is not _UNDEFINED and b is not _UNDEFINED:
        if tolerance is not None:
            return Outcome.EQUIVALENT if tolerance.accepts(a, b) else Outcome.DIFFERENT
        if abs(a - b) <= _tenth_power(low.ctx, LOW_DPS - 6) * max(abs(a), abs(b)):
            return Outcome.EQUIVALENT
    # A domain mismatch or a visible difference: confirm it with more digits before believing it.
    c, d = high.values(point)
    if c is _SKIP or d is _SKIP or (c is _UNDEFINED and d is _UNDEFINED):
        return Outcome.UNDECIDED
    if c is _UNDEFINED or d is _UNDEFINED:
        confirmed = (a is _UNDEFINED, b is _UNDEFINED) == (c is _UNDEFINED, d is _UNDEFINED)
        if not confirmed:
            return Outcome.UNDECIDED
        return Outcome.DIFFERENT if _domains_differ_nearby(point, low) else None
    if a is _UNDEFINED or b is _UNDEFINED:
        return Outcome.UNDECIDED
    rough, fine = a - b, c - d
    scale = max(abs(c), abs(d))
    if abs(fine) <= _tenth_power(high.ctx, HIGH_DPS - 10) * scale:
        return Outcome.EQUIVALENT
    if abs(fine) <= _tenth_power(high.ctx, 20) * abs(rough):
        return Outcome.EQUIVALENT
    if abs(fine - rough) <= _tenth_power(high.ctx, 6) * abs(fine):
        return Outcome.DIFFERENT
    return Outcome.UNDECIDED


@lru_cache(maxsize=64)
def _tenth_power(ctx: Any, digits: int) -> Any:
    """10**-digits in `ctx`, the same number on every call (the thresholds of `_judge`)."""
    return ctx.mpf(10) ** -digits


NUDGE = Fraction(1, 1_000_003)


def _domains_differ_nearby(point: Sequence[Fraction], pair: _Pair) -> bool:
    """Whether the domains still differ a little way off: an isolated pole or hole is no witness.

    `x - 1` and `(x**2 - 1)/(x + 1)` differ only at x = -1; `ln x` and `ln|x|` on a whole half-line.
    """
    nudged = [coordinate + NUDGE * (index + 1) for index, coordinate in enumerate(point)]
    a, b = pair.values(nudged)
    return _SKIP not in (a, b) and (a is _UNDEFINED) != (b is _UNDEFINED)


def confirm_symbolically(key: sympy.Expr, answer: sympy.Expr) -> Outcome:
    """Ask sympy's `simplify` whether key − answer is zero, in a worker with hard limits."""
    try:
        verdict = run_bounded(_simplified_difference, key, answer, seconds=SYMBOLIC_SECONDS)
    except SandboxError:
        return Outcome.UNDECIDED
    return Outcome(verdict)


def _simplified_difference(key: sympy.Expr, answer: sympy.Expr) -> str:
    difference = sympy.simplify(key - answer)
    if difference == 0:
        return Outcome.EQUIVALENT.value
    if difference.is_number and difference.is_zero is False:
        return Outcome.DIFFERENT.value
    return Outcome.UNDECIDED.value
