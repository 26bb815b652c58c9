"""Products and sums print as text (`house_str`) exactly as `sympy.sstr` prints them."""

from __future__ import annotations

from typing import Any

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy.printing.precedence import precedence
from test_fast_printing import BRACKETED, _corpus_values
from test_fast_printing_mul import (
    PRODUCTS,
    QUOTIENTS,
    TRICKY,
    _template_values,
    corpus_products,
)

from generator.latex import _precedence, _str_layout, house_str

ORDERS: tuple[dict[str, Any], ...] = (
    {},
    {"order": "grlex"},
    {"order": "lex"},
    {"order": "none"},
    {"order": "old"},
)


def _assert_alike(value: Any, options: tuple[dict[str, Any], ...] = ORDERS) -> None:
    for option in options:
        assert house_str(value, **option) == sympy.sstr(value, **option), (value, option)


def test_checker_bench_corpus() -> None:
    """Every answer and key of the checker bench prints as sympy prints it."""
    values = set(_corpus_values())
    assert len(values) > 300
    for value in values:
        _assert_alike(value, ORDERS[:2])


def test_corpus_products_take_the_fast_path() -> None:
    """Nearly every product in the bench corpus is laid out by the fast path, so the comparison
    above tests it rather than sympy against itself."""
    products = corpus_products()
    fast = [node for node in products if _str_layout(node) is not None]
    assert len(products) > 500
    assert len(fast) > 0.9 * len(products)


@pytest.mark.parametrize("seed", [0, 5, 9])
def test_every_shipped_template(seed: int) -> None:
    """Functions, parameters, keys and misconception answers of every template print alike."""
    for value in _template_values(seed):
        _assert_alike(value, ORDERS[:3])


x, y = sympy.symbols("x y")
A, B = sympy.symbols("A B", commutative=False)
STR_TRICKY = {
    "minus_two_times_sum": sympy.Mul(-2, x + 1, evaluate=False),
    "minus_two_times_surd": sympy.Mul(-2, sympy.root(2, 3), evaluate=False),
    "minus_half_over_power": -(x ** sympy.Rational(-3, 2)) / 2,
    "reciprocal_of_power": sympy.Mul(y, sympy.Pow(x**2, -1, evaluate=False), evaluate=False),
    "reciprocal_of_product": sympy.Mul(y, sympy.Pow(x * y, -1, evaluate=False), evaluate=False),
    "negative_symbolic_exponent": 3 * x ** (-2 * y),
    "exp_negative": -sympy.exp(-x) / x,
    "power_of_integer_unevaluated": sympy.Mul(x, sympy.Pow(2, 3, evaluate=False)),
    "non_commutative_negated": -3 * A * B / x,
    "minus_infinity": -sympy.oo * x * y,
}


@pytest.mark.parametrize(
    "value",
    [*TRICKY.values(), *STR_TRICKY.values()],
    ids=[*TRICKY.keys(), *STR_TRICKY.keys()],
)
def test_tricky_products(value: sympy.Expr) -> None:
    """Signs, units, unevaluated and non-commutative products, reciprocals of products and
    powers, floats and infinities: printed as sympy prints them under every order."""
    _assert_alike(value)


FALLBACKS = {
    "unevaluated_one": sympy.Mul(1, x, evaluate=False),
    "unevaluated_numbers": sympy.Mul(2, 3, x, evaluate=False),
    "float_coefficient": -2.5 * x / y,
    "non_commutative": 2 * A * B,
    "nested_product": sympy.Mul(x, sympy.Mul(2, y, evaluate=False), evaluate=False),
    "reciprocal_of_product": sympy.Mul(y, sympy.Pow(x * y, -1, evaluate=False), evaluate=False),
}


@pytest.mark.parametrize("value", FALLBACKS.values(), ids=FALLBACKS.keys())
def test_unhandled_products_go_to_sympy(value: sympy.Expr) -> None:
    """Products the fast path cannot prove it lays out as sympy does are left to sympy."""
    assert _str_layout(value) is None


SUMS = st.lists(st.one_of(PRODUCTS, QUOTIENTS), min_size=2, max_size=4).map(
    lambda items: sympy.Add(*items)
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(PRODUCTS, QUOTIENTS, QUOTIENTS.map(lambda q: -q), SUMS))
def test_generated_products_and_sums(value: sympy.Expr) -> None:
    """Generated products, quotients and sums of them (signed and rational coefficients,
    floats, surds, reciprocals, negative and fractional powers, exponentials, functions) print
    as sympy prints them."""
    _assert_alike(value, ORDERS[:4])


def test_precedence_of_corpus_subexpressions() -> None:
    """Every subexpression of the bench corpus and of the tricky cases has sympy's precedence."""
    values = (*_corpus_values(), *TRICKY.values(), *STR_TRICKY.values(), *BRACKETED.values())
    for value in values:
        for node in sympy.preorder_traversal(value):
            assert _precedence(node) == precedence(node), node


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(QUOTIENTS.map(lambda q: -q), SUMS))
def test_generated_precedence(value: sympy.Expr) -> None:
    """Generated signed products and sums have sympy's precedence throughout."""
    for node in sympy.preorder_traversal(value):
        assert _precedence(node) == precedence(node), node
