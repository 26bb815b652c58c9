"""The raw-libmp numeric backend gives exactly the values mpmath's own context methods give.

The reference below is the straightforward evaluator (`ctx.fsum`, `ctx.fprod`, `ctx.power`, the
context's functions, `real` checks on every node); the backend must agree with it bit for bit, or
raise the same exception, over a wide seeded corpus of expressions, points and both precisions.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import mpmath
import pytest
import sympy
from sympy.core.function import AppliedUndef

from generator.equivalence.evaluate import (
    MAX_MAGNITUDE,
    Undefined,
    Unevaluable,
    Unsupported,
    _functions,
    compile_exact,
    compile_numeric,
    context,
)
from generator.equivalence.survey import Unusual, fingerprint, survey
from generator.errors import StudentInputError
from generator.parsing import ParsedExpression, parse_answer

X, Y = sympy.symbols("x y")
UNARY = [
    sympy.sin, sympy.cos, sympy.tan, sympy.cot, sympy.sec, sympy.csc, sympy.asin, sympy.acos,
    sympy.atan, sympy.acot, sympy.asec, sympy.acsc, sympy.sinh, sympy.cosh, sympy.tanh,
    sympy.coth, sympy.sech, sympy.csch, sympy.asinh, sympy.acosh, sympy.atanh, sympy.acoth,
    sympy.asech, sympy.acsch, sympy.exp, sympy.log, sympy.Abs, sympy.sign, sympy.floor,
    sympy.ceiling, sympy.factorial, sympy.gamma,
]  # fmt: skip
EXPONENTS = [2, 3, -1, -2, 7, 60, sympy.Rational(1, 2), sympy.Rational(1, 3), sympy.Rational(-2, 3)]


def reference(expr: sympy.Basic, point: dict[sympy.Symbol, Any], ctx: Any) -> Any:
    """Today's semantics, spelled out with the context's own methods."""

    def real(value: Any) -> Any:
        if not isinstance(value, ctx.mpf) or ctx.isinf(value) or ctx.isnan(value):
            raise Undefined
        if value and ctx.mag(value) > MAX_MAGNITUDE:
            raise Unevaluable
        return value

    def bound(magnitude: Any) -> None:
        if abs(magnitude) > MAX_MAGNITUDE:
            raise Unevaluable

    def walk(node: sympy.Basic) -> Any:
        if isinstance(node, sympy.Symbol):
            return point[node]
        if isinstance(node, sympy.Rational):
            return ctx.mpf(int(node.p)) / int(node.q)
        named = {sympy.pi: ctx.pi, sympy.E: ctx.e, sympy.EulerGamma: ctx.euler}
        if node in (*named, sympy.GoldenRatio):
            return +named.get(node, ctx.phi)
        if isinstance(node, sympy.Add):
            return real(ctx.fsum(walk(arg) for arg in node.args))
        if isinstance(node, sympy.Mul):
            return real(ctx.fprod(walk(arg) for arg in node.args))
        if isinstance(node, sympy.Pow):
            return power(walk(node.base), node.exp)
        values = [walk(arg) for arg in node.args]
        try:
            return real(_functions(ctx)[type(node)](*values))
        except (ZeroDivisionError, ValueError) as error:
            raise Undefined from error

    def power(base: Any, exponent: sympy.Basic) -> Any:
        if isinstance(exponent, sympy.Integer):
            n = int(exponent)
            if not base:
                if n < 0:
                    raise Undefined
                return ctx.mpf(0 if n else 1)
            bound(ctx.mag(base) * n)
            return real(ctx.power(base, n))
        if isinstance(exponent, sympy.Rational):
            p, q = int(exponent.p), int(exponent.q)
            if not base:
                if p < 0:
                    raise Undefined
                return ctx.mpf(0)
            bound(ctx.mag(base) * p / q)
            if base > 0:
                return real(ctx.power(base, ctx.mpf(p) / q))
            if q % 2 == 0:
                raise Undefined
            magnitude = ctx.power(-base, ctx.mpf(p) / q)
            return real(-magnitude if p % 2 else magnitude)
        value = walk(exponent)
        if not base:
            if value > 0:
                return ctx.mpf(0)
            raise Undefined
        bound(ctx.mag(base) * value)
        if base < 0 and not ctx.isint(value):
            raise Undefined
        return real(ctx.power(base, value))

    return walk(expr)


def random_expression(rng: random.Random, depth: int) -> sympy.Expr:
    """A seeded expression mixing every node kind the backend knows."""
    if depth == 0 or rng.random() < 0.2:
        leaf = rng.choice([X, X, Y, sympy.pi, sympy.E, sympy.Rational(rng.randint(-9, 9), 7)])
        return leaf
    kind = rng.random()
    if kind < 0.3:
        parts = [random_expression(rng, depth - 1) for _ in range(rng.randint(2, 4))]
        return sympy.Add(*parts) if rng.random() < 0.5 else sympy.Mul(*parts)
    if kind < 0.45:
        return sympy.Pow(random_expression(rng, depth - 1), rng.choice(EXPONENTS))
    if kind < 0.55:
        return sympy.Pow(random_expression(rng, depth - 1), random_expression(rng, depth - 1))
    return rng.choice(UNARY)(random_expression(rng, depth - 1))


def outcome(evaluate: Callable[..., Any], *arguments: Any) -> object:
    """The value's raw tuple, or the exception's class."""
    try:
        return evaluate(*arguments)._mpf_
    except (Undefined, Unevaluable) as error:
        return type(error)


CORPUS_SEEDS = range(12)
HAND_PICKED = [
    "(x - 2)**60",
    "x**60 - 120*x**59 + 7080*x**58",
    "10**20 + x - 10**20",
    "exp(x**3)",
    "exp(-x**40)",
    "x**(1/3) + (x**2)**(1/3)",
    "x**x + log(Abs(x))",
    "sec(x)**2 - tan(x)**2 + csc(x)*cot(x)",
    "asin(2*x) + acos(x/3) + atan(x**2)",
    "sinh(x)*cosh(x)/tanh(x)",
    "binomial(x + 3, 2) + Max(x, y) - Min(x, 1/y)",
    "2**x * log(2) + log(x, 3)",
    "EulerGamma*x + GoldenRatio**x - pi/E",
]


@pytest.mark.parametrize("seed", CORPUS_SEEDS, ids=[f"seed {seed}" for seed in CORPUS_SEEDS])
@pytest.mark.parametrize("dps", [30, 90], ids=["30 digits", "90 digits"])
def test_backend_matches_the_context_bit_for_bit(seed: int, dps: int) -> None:
    """Random expressions at random points: same tuple or same exception, at both precisions."""
    rng = random.Random(seed)
    ctx = context(dps)
    checked = 0
    for _ in range(40):
        expr = random_expression(rng, 4)
        try:
            evaluator = compile_numeric(expr, [X, Y], ctx)
        except Unsupported:
            continue
        for _ in range(6):
            coordinates = [
                Fraction(rng.choice((-1, 1)) * rng.randint(1, 500), rng.randint(1, 120))
                for _ in range(2)
            ]
            point = [ctx.mpf(c.numerator) / c.denominator for c in coordinates]
            ours = outcome(evaluator, point)
            theirs = outcome(reference, expr, dict(zip((X, Y), point, strict=True)), ctx)
            assert ours == theirs, (expr, coordinates)
            checked += 1
    assert checked >= 200


@pytest.mark.parametrize("text", HAND_PICKED, ids=HAND_PICKED)
def test_backend_matches_the_context_on_hard_cases(text: str) -> None:
    """Cancellation, overflow, odd roots of negatives, symbolic powers, the rarer functions."""
    expr = sympy.sympify(text, locals={"x": X, "y": Y})
    for dps in (30, 90):
        ctx = context(dps)
        evaluator = compile_numeric(expr, [X, Y], ctx)
        for x in (-5, -2, Fraction(-1, 3), Fraction(1, 7), Fraction(3, 2), 5, 10):
            point = [ctx.mpf(Fraction(x).numerator) / Fraction(x).denominator, ctx.mpf(3) / 4]
            ours = outcome(evaluator, point)
            theirs = outcome(reference, expr, dict(zip((X, Y), point, strict=True)), ctx)
            assert ours == theirs, (text, x, dps)


def test_one_compiled_tree_serves_both_precisions() -> None:
    """One tree serves both precisions (compiled again or moved with `at`), each value its own."""
    low, high = context(30), context(90)
    expr = sympy.sin(X) + sympy.pi
    a = compile_numeric(expr, [X, Y], low)([low.mpf(1), low.mpf(0)])
    b = compile_numeric(expr, [X, Y], high)([high.mpf(1), high.mpf(0)])
    assert a._mpf_ != b._mpf_
    assert abs(mpmath.mpf(b) - mpmath.mpf(a)) < mpmath.mpf(10) ** -28
    moved = compile_numeric(expr, [X, Y], low).at(high)([high.mpf(1), high.mpf(0)])
    assert moved._mpf_ == b._mpf_


def random_rational_function(rng: random.Random, depth: int, integral: bool) -> sympy.Expr:
    """A seeded rational function over Q (over Z, without quotients, when `integral`)."""
    if depth == 0 or rng.random() < 0.25:
        if rng.random() < 0.6:
            return rng.choice([X, Y])
        return (
            sympy.Integer(rng.randint(-9, 9)) if integral else sympy.Rational(rng.randint(-9, 9), 4)
        )
    parts = [random_rational_function(rng, depth - 1, integral) for _ in range(rng.randint(2, 3))]
    kind = rng.random()
    if kind < 0.4:
        return sympy.Add(*parts)
    if kind < 0.8:
        return sympy.Mul(*parts)
    exponents = [2, 3, 5] if integral else [2, 3, -1, -2]
    return sympy.Pow(parts[0], rng.choice(exponents))


@pytest.mark.parametrize("integral", [True, False], ids=["polynomials over Z", "over Q"])
def test_exact_backend_gives_sympys_rational_values(integral: bool) -> None:
    """At integer points the exact backend returns the very rational sympy computes (plain ints
    for polynomials over Z), and Undefined exactly where sympy finds a pole."""
    rng = random.Random(7 if integral else 8)
    checked = 0
    for _ in range(150):
        expr = random_rational_function(rng, 4, integral)
        if expr.has(sympy.zoo, sympy.nan):  # a literal 1/0 folded by sympy while building
            continue
        evaluator = compile_exact(expr, [X, Y])
        for _ in range(4):
            x, y = rng.randint(-12, 12), rng.randint(-12, 12)
            expected = expr.xreplace({X: sympy.Integer(x), Y: sympy.Integer(y)})
            if expected.has(sympy.zoo, sympy.nan):
                with pytest.raises(Undefined):
                    evaluator((x, y))
                continue
            value = evaluator((x, y))
            assert value == Fraction(int(expected.p), int(expected.q)), (expr, x, y)
            assert not integral or type(value) is int
            checked += 1
    assert checked >= 400


def _bench_expressions() -> list[sympy.Expr]:
    """Keys and answers of the checker benchmark, read by the house parser."""
    from bench.checker import corpus

    expressions = []
    for case in corpus():
        try:
            parsed = parse_answer(case.answer, case.variables)
        except StudentInputError:
            continue
        if isinstance(parsed, ParsedExpression):
            expressions.append(parsed.expr)
    return expressions


@pytest.mark.parametrize("source", ["generated", "bench answers"])
def test_survey_gives_sympys_fingerprint_and_free_symbols(source: str) -> None:
    """One walk: the same fingerprint and free symbols as sympy's walks, for every plain tree."""
    if source == "generated":
        rng = random.Random(11)
        expressions = [random_expression(rng, 5) for _ in range(400)]
    else:
        expressions = _bench_expressions()
    surveyed = 0
    for expr in expressions:
        found: set[sympy.Symbol] = set()
        try:
            text = survey(expr, found)
        except Unusual:
            assert expr.atoms(sympy.Float, AppliedUndef) or not _plain(expr), expr
            continue
        assert text == fingerprint(expr)
        assert found == expr.free_symbols
        surveyed += 1
    assert surveyed >= 0.9 * len(expressions)


def _plain(expr: sympy.Basic) -> bool:
    """Sums, products, powers, applied functions over symbols, exact numbers and constants."""
    atoms = sympy.Symbol | sympy.Rational | sympy.NumberSymbol | sympy.core.numbers.ImaginaryUnit
    return all(
        isinstance(node, sympy.Add | sympy.Mul | sympy.Pow | sympy.Function | atoms)
        for node in sympy.preorder_traversal(expr)
    )


@pytest.mark.parametrize(
    "text",
    ["0.5*x", "f(x) + 1", "Derivative(f(x), x)", "Integral(x*y, (y, 0, 1))", "Max(x, y)"],
)
def test_survey_leaves_decimals_abstract_functions_and_binders_to_sympy(text: str) -> None:
    """Such trees raise Unusual, and compare_expressions takes sympy's general route."""
    expr = sympy.sympify(text, locals={"x": X, "y": Y, "f": sympy.Function("f")})
    with pytest.raises(Unusual):
        survey(expr, set())
