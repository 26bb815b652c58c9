"""The shortcuts generation takes give exactly what the longer way gives, over every shipped
template: the rule engine's task built from a solved problem's sympy objects (not re-read from
the manifest's text), and differentiator runs that record no steps (diagnosis and distractors)."""

from __future__ import annotations

import random

import pytest
import sympy as sp

from generator.bank import CompiledTemplate, load_banks
from generator.bank.instantiate import instantiate_full
from generator.rules.differentiator import STYLES, Differentiator, mal_derivative
from generator.rules.malrules import MAL_RULES
from generator.rules.task import solved_task, task_of
from generator.solve import (
    _clumsiness,
    _has_division,
    _integer_polynomial,
    _is_messy,
    differentiate,
    exact_number,
)

TEMPLATES = load_banks().templates
SEEDS = (0, 1, 7)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_solved_task_is_the_task_read_from_the_manifest(template: CompiledTemplate) -> None:
    """For every part, the task built from the sympy objects equals `task_of` of the spec."""
    for seed in SEEDS:
        instance = instantiate_full(template, seed)
        inner = {name: expr.xreplace(instance.values) for name, expr in template.functions}
        outer = template.function.xreplace(instance.values)
        parts = zip(instance.spec.parts, instance.questions, instance.keys, strict=True)
        for part, question, key in parts:
            built = solved_task(instance.spec, part, question, outer, inner, key.value)
            read = task_of(instance.spec, part)
            assert built == read, (seed, part.label)
            assert sp.srepr(built.substituted) == sp.srepr(read.substituted)
            if read.key is not None:
                assert sp.srepr(built.key) == sp.srepr(read.key)


def _runs(expr: sp.Expr, var: sp.Symbol, style: str, mal: object) -> list[object]:
    """(derivative, fired pieces as text, depth, rules used) with and without recording."""
    found = []
    for record in (True, False):
        engine = Differentiator(var, mal=mal, style=style, record=record)  # type: ignore[arg-type]
        result = engine.derivative(expr)
        fired = None if engine.fired is None else {k: v.text for k, v in engine.fired.items()}
        found.append((sp.srepr(result), fired, engine.fired_depth, engine.used))
    return found


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_differentiator_without_steps_gives_the_same_results(template: CompiledTemplate) -> None:
    """Correct and mal-rule runs agree, result and first bite, whether or not steps are kept."""
    function = instantiate_full(template, SEEDS[0]).function
    for var in sorted(function.free_symbols, key=str):
        for style in STYLES:
            for mal in (None, *MAL_RULES):
                recorded, unrecorded = _runs(function, var, style, mal)
                assert recorded == unrecorded, (var, style, mal and mal.id)


X = sp.Symbol("x")


def _random_polynomial(rng: random.Random, depth: int) -> sp.Expr:
    """A polynomial in x with integer coefficients, written with nested sums, products, powers."""
    if depth == 0 or rng.random() < 0.2:
        return X if rng.random() < 0.5 else sp.Integer(rng.randint(-6, 6))
    kind = rng.choice(("add", "mul", "pow"))
    if kind == "pow":
        return _random_polynomial(rng, depth - 1) ** rng.randint(0, 3)
    args = [_random_polynomial(rng, depth - 1) for _ in range(rng.randint(2, 3))]
    return sp.Add(*args) if kind == "add" else sp.Mul(*args)


def _stationary_slopes() -> list[sp.Expr]:
    """f' of every shipped single-variable template over a few seeds, and random polynomials."""
    slopes = []
    for template in TEMPLATES:
        if len(template.variables) == 1:
            for seed in SEEDS:
                function = instantiate_full(template, seed).function
                slopes.append(differentiate(function, template.variables[0]))
    rng = random.Random(2026)
    slopes += [_random_polynomial(rng, 4) for _ in range(400)]
    return slopes


def test_integer_polynomial_needs_no_together() -> None:
    """Where `_integer_polynomial` holds, `together`'s numerator has exactly the same Poly as the
    slope (so `roots` gives the same points)."""
    held = [slope for slope in _stationary_slopes() if _integer_polynomial(slope, X)]
    assert len(held) >= 300
    for slope in held:
        numerator, denominator = sp.fraction(sp.together(slope))
        assert denominator == 1, slope
        assert sp.Poly(numerator, X) == sp.Poly(slope, X), slope
        assert sp.Poly(slope, X).domain == sp.ZZ, slope


@pytest.mark.parametrize(
    "expr",
    [
        X / 2,
        1 / X,
        (X + 1) ** -2,
        sp.pi * X,
        sp.sqrt(2) * X,
        sp.sqrt(X),
        sp.sin(X),
        X * sp.Symbol("y"),
    ],
    ids=["half", "reciprocal", "negative-power", "pi", "radical-coefficient", "root", "sin", "y"],
)
def test_integer_polynomial_refuses_anything_else(expr: sp.Expr) -> None:
    """A denominator, a non-integer number or another name sends the slope through `together`."""
    assert not _integer_polynomial(expr, X)


def _preorder_clumsiness(expr: sp.Expr) -> tuple[int, bool]:
    """`_clumsiness` and `_has_division` as first written, over `preorder_traversal`."""
    total, division = 0, False
    for node in sp.preorder_traversal(expr):
        negative_power = bool(node.is_Pow and node.exp.is_negative)
        division = division or negative_power
        total += 1
        if negative_power or (
            node.is_Mul and node.args[0] == -1 and any(a.is_Add for a in node.args)
        ):
            total += 2
    return total, division


def test_clumsiness_counts_as_the_preorder_walk() -> None:
    """The stack walk counts the same nodes and divisions, rational or symbolic exponents."""
    y = sp.Symbol("y")
    written = [X**-y, 2**-X, X ** (-sp.pi), -(X + 1) / (X - 2), sp.sqrt(X) / (3 * X**2 + 1)]
    slopes = _stationary_slopes()
    for template in TEMPLATES:
        function = instantiate_full(template, SEEDS[0]).function
        slopes += [differentiate(function, v) for v in template.variables]
    for expr in [*written, *slopes]:
        assert (_clumsiness(expr), _has_division(expr)) == _preorder_clumsiness(expr), expr


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_mal_run_reusing_the_correct_run_is_a_full_mal_run(template: CompiledTemplate) -> None:
    """`mal_derivative` (unbitten subtrees taken from the correct run) gives exactly what a mal
    run differentiating every subtree gives: the answer, the first bite's pieces and depth."""
    function = instantiate_full(template, SEEDS[0]).function
    for var in sorted(function.free_symbols, key=str):
        for style in STYLES:
            for mal in MAL_RULES:
                engine = Differentiator(var, mal=mal, style=style, record=False)
                result = engine.derivative(function)
                fast = mal_derivative(function, var, mal, style=style)
                if engine.fired is None:
                    assert fast is None, (var, style, mal.id)
                    continue
                assert fast is not None, (var, style, mal.id)
                fired = {k: v.text for k, v in engine.fired.items()}
                assert sp.srepr(fast[0]) == sp.srepr(result), (var, style, mal.id)
                assert {k: v.text for k, v in fast[1].items()} == fired, (var, style, mal.id)
                assert fast[2] == engine.fired_depth, (var, style, mal.id)


def test_a_rational_is_already_an_exact_number() -> None:
    """radsimp leaves a rational unchanged and none is messy, so `exact_number` returns it."""
    rng = random.Random(3)
    numbers = [sp.Integer(n) for n in range(-12, 13)] + [
        sp.Rational(rng.randint(-(10**6), 10**6), rng.randint(1, 10**4)) for _ in range(500)
    ]
    for number in numbers:
        assert sp.srepr(sp.radsimp(number)) == sp.srepr(number), number
        assert not _is_messy(number), number
        assert exact_number(number) is number
