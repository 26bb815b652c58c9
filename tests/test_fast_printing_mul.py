"""Products and negative powers print exactly as sympy's own `_print_Mul` prints them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy.physics.units import meter, second, speed_of_light
from sympy.printing.latex import LatexPrinter
from sympy.printing.printer import Printer
from test_fast_printing import BRACKETED, _corpus_values, _instance_values

from generator.bank import load_banks
from generator.bank.instantiate import instantiate_full
from generator.latex import (
    FastLatexPrinter,
    HouseLatexPrinter,
    _add_brackets,
    _factor_key,
    _lead_key,
    _leads_with_minus,
    _mul_brackets,
    fraction_parts,
    house_latex,
    plain_latex,
)


class _ReferenceHouse(HouseLatexPrinter):
    """The house printer through sympy's own code for products, brackets, terms and names."""

    _print_Mul = LatexPrinter._print_Mul
    parenthesize = LatexPrinter.parenthesize
    _as_ordered_terms = Printer._as_ordered_terms
    _deal_with_super_sub = LatexPrinter._deal_with_super_sub


ORDERS: tuple[dict[str, Any], ...] = ({}, {"order": "lex"}, {"order": "none"}, {"order": "old"})


def _assert_alike(value: Any, options: tuple[dict[str, Any], ...] = ORDERS) -> None:
    for option in options:
        assert plain_latex(value, **option) == sympy.latex(value, **option), (value, option)
        expected = _ReferenceHouse(option).doprint(value)
        assert house_latex(value, **option) == expected, (value, option)


def test_checker_bench_corpus() -> None:
    """Every answer and key of the checker bench prints as sympy prints it, plainly and in
    house style."""
    values = set(_corpus_values())
    assert len(values) > 300
    for value in values:
        _assert_alike(value, ORDERS[:1])


def corpus_products() -> set[sympy.Mul]:
    """Every product inside the checker bench corpus (fast-path tests measure their reach on it)."""
    return {
        node
        for value in _corpus_values()
        for node in sympy.preorder_traversal(value)
        if isinstance(node, sympy.Mul)
    }


def test_corpus_products_take_the_fast_path() -> None:
    """Every product in the bench corpus is laid out by the fast path, so the comparison
    above tests it rather than sympy against itself."""
    products = corpus_products()
    assert len(products) > 500
    assert all(fraction_parts(node, ordered=True) is not None for node in products)


def _template_values(seed: int) -> Iterator[Any]:
    for template in load_banks().templates:
        yield from _instance_values(template, seed)
        values = instantiate_full(template, seed).values
        for misconception in template.misconceptions:
            yield misconception.answer.xreplace(values)


@pytest.mark.parametrize("seed", [0, 5, 9])
def test_every_shipped_template(seed: int) -> None:
    """Functions, parameters, keys and misconception answers of every template print alike."""
    for value in _template_values(seed):
        _assert_alike(value, ORDERS[:2])


x, y, z = sympy.symbols("x y z")
f = sympy.Function("f")
A, B = sympy.symbols("A B", commutative=False)
TRICKY = {
    "minus_one_times_symbol": -x,
    "minus_one_times_sum_unevaluated": sympy.Mul(-1, x + y, evaluate=False),
    "minus_one_times_power_of_one": sympy.Mul(-1, sympy.Pow(1, -1, evaluate=False)),
    "power_of_one_factor": sympy.Mul(x, sympy.Pow(1, -1, evaluate=False), evaluate=False),
    "negative_rational_coefficient": -sympy.Rational(3, 4) * x / y,
    "rational_with_unit_numerator": sympy.Rational(1, 3) * x,
    "negative_float_coefficient": -2.5 * x / y,
    "minus_one_float": -1.0 * x,
    "reciprocal": 1 / x,
    "inverse_square": x**-2,
    "sqrt_denominator": 3 / sympy.sqrt(x + 1),
    "cube_root_denominator": x / sympy.root(y, 3),
    "exp_negative": 2 * sympy.exp(-x),
    "exp_negative_constant": x * sympy.exp(-2),
    "e_to_negative_constant": x * sympy.Pow(sympy.E, -3, evaluate=False),
    "power_negative_symbolic": x * y ** (-z),
    "power_negative_pi": x * y ** (-sympy.pi),
    "sum_over_sum": (x + 1) / (x - 1),
    "nested_sums": (x + 1) ** 2 * (y - 2) / ((x - y) * (z + 3) ** 3),
    "number_times_power_of_number": 2 * 3**x,
    "numbers_unevaluated": sympy.Mul(2, 3, x, evaluate=False),
    "one_first_unevaluated": sympy.Mul(1, x, evaluate=False),
    "nested_mul_unevaluated": sympy.Mul(x, sympy.Mul(2, y, evaluate=False), evaluate=False),
    "reciprocal_of_product": sympy.Pow(x * y, -1, evaluate=False),
    "sqrt_of_product_denominator": 1 / sympy.sqrt(x * y),
    "pi_e_i": -sympy.pi * sympy.E * sympy.I * x / 7,
    "imaginary_over_symbol": sympy.I / x,
    "functions_and_powers": sympy.sin(x) ** 2 * sympy.cos(x) ** -3 * sympy.log(x),
    "undefined_function_power": f(x) ** 2 / f(y),
    "infinity_coefficient": -sympy.oo * x,
    "complex_infinity": sympy.zoo * x,
    "nan_coefficient": sympy.nan * x,
    "non_commutative": 2 * A * B * x,
    "units": 3 * meter / second**2,
    "physical_constant": 2 * speed_of_light * x,
    "rational_base_power": sympy.Rational(1, 2) ** x * y,
    "same_class_factors": x**2 * y * z**-1 * sympy.Symbol("a"),
    "derivative_factor": 2 * sympy.Derivative(f(x), x) / y,
    "mod_and_integral": sympy.Mod(x, 3) * sympy.Integral(x, x) / y,
    "power_of_float": y * sympy.Pow(sympy.Float("1.5"), 2, evaluate=False),
    "power_of_derivative": sympy.Derivative(f(x), x) ** 2 * y,
    "power_of_dotted_derivative": sympy.Derivative(f(sympy.Symbol("t")), "t") ** 3,
    "first_power_unevaluated": sympy.Pow(x, 1, evaluate=False) * y,
    "zeroth_power_unevaluated": sympy.Pow(x, 0, evaluate=False) * y,
    "power_of_function": 3 * sympy.sin(x) ** 3,
    "power_of_sum": (x + 1) ** 4 * x,
    "power_of_superscripted_name": sympy.Symbol("x^a") ** 2 * y,
    "power_of_rational": sympy.Pow(sympy.Rational(2, 3), 2, evaluate=False) * x,
    "power_of_negative_number": sympy.Pow(-2, 3, evaluate=False) * x,
    "power_of_product": sympy.Pow(2 * x, 5, evaluate=False) / y,
    "huge_power": x**123456789 * y,
}


@pytest.mark.parametrize("value", TRICKY.values(), ids=TRICKY.keys())
def test_tricky_products(value: sympy.Expr) -> None:
    """Signs, units, unevaluated and non-commutative products, powers of one, numbers side by
    side: printed as sympy prints them under every order."""
    _assert_alike(value)


FALLBACKS = {
    "unevaluated_numbers": sympy.Mul(2, 3, x, evaluate=False),
    "unevaluated_one": sympy.Mul(1, x, evaluate=False),
    "non_commutative": 2 * A * B,
    "units": 3 * meter / second,
    "power_of_one": sympy.Mul(x, sympy.Pow(1, -1, evaluate=False), evaluate=False),
    "nested_product": sympy.Mul(x, sympy.Mul(2, y, evaluate=False), evaluate=False),
    "minus_sum": sympy.Mul(-1, x + y, evaluate=False),
}


@pytest.mark.parametrize("value", FALLBACKS.values(), ids=FALLBACKS.keys())
def test_unhandled_products_go_to_sympy(value: sympy.Expr) -> None:
    """Products the fast path cannot prove it lays out as sympy does are left to sympy."""
    assert fraction_parts(value, ordered=True) is None


def test_folded_fractions_go_to_sympy() -> None:
    """Settings the fast path does not handle (short or long fractions) print through sympy."""
    value = -3 * x**2 / (y + 1)
    for option in ({"fold_short_frac": True}, {"long_frac_ratio": 1}, {"mode": "inline"}):
        assert FastLatexPrinter(option).doprint(value) == sympy.latex(value, **option)
    assert plain_latex(value, mul_symbol="times") == sympy.latex(value, mul_symbol="times")


_atoms = st.sampled_from(
    [x, y, z, sympy.pi, sympy.E, sympy.I, sympy.Symbol("alpha"), f(x), sympy.sin(x)]
)
_numbers = st.one_of(
    st.integers(-12, 12).map(sympy.Integer),
    st.tuples(st.integers(-9, 9), st.integers(1, 9)).map(lambda pq: sympy.Rational(*pq)),
    st.sampled_from([sympy.Float("0.5"), sympy.Float("-2.25"), sympy.sqrt(2), sympy.sqrt(3)]),
)
_sums = st.tuples(_atoms, _numbers).map(lambda pair: pair[0] + pair[1])
_bases = st.one_of(_atoms, _sums, _atoms.map(sympy.exp), _atoms.map(sympy.cos))
_exponents = st.sampled_from([-3, -2, -1, 2, 3, sympy.Rational(1, 2), sympy.Rational(-1, 2), -x])
_powers = st.tuples(_bases, _exponents).map(lambda pair: pair[0] ** pair[1])
_factors = st.one_of(_atoms, _numbers, _sums, _powers)
PRODUCTS = st.lists(_factors, min_size=1, max_size=5).map(lambda items: sympy.Mul(*items))
QUOTIENTS = st.tuples(PRODUCTS, PRODUCTS.filter(lambda product: product != 0)).map(
    lambda pair: pair[0] / pair[1]
)
"""Finite quotients: a zero denominator makes nan or zoo, which no formula printed holds."""


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(PRODUCTS, QUOTIENTS, QUOTIENTS.map(lambda q: -q)))
def test_generated_products(value: sympy.Expr) -> None:
    """Generated products and quotients (signed and rational coefficients, floats, surds,
    reciprocals, negative and fractional powers, exponentials, sums, functions) print as
    sympy prints them."""
    _assert_alike(value, ORDERS[:3])


@settings(max_examples=200, deadline=None)
@given(QUOTIENTS)
def test_lead_key_is_first_item_of_sort_key(value: sympy.Expr) -> None:
    """The cheap first item of a product's factor's sort key is that of `sort_key()` (or
    unknown), and the whole key is `sort_key()`."""
    for factor in sympy.Mul.make_args(value):
        if factor.is_Mul:
            continue  # a nested product (a float times a sum can stay one) is left to sympy
        lead = _lead_key(factor)
        assert lead is None or lead == factor.sort_key()[0], factor
        assert _factor_key(factor) == factor.sort_key(), factor


def test_sort_key_of_corpus_factors() -> None:
    """Every factor of every corpus product (sums and powers of sums among them) is keyed as
    `sort_key()` keys it."""
    for value in _corpus_values():
        for node in sympy.preorder_traversal(value):
            for factor in sympy.Mul.make_args(node) if isinstance(node, sympy.Mul) else ():
                if factor.is_Mul:
                    continue
                assert _factor_key(factor) == factor.sort_key(), factor


_SYMPY = LatexPrinter()


def _assert_same_decisions(value: sympy.Basic) -> None:
    for node in sympy.preorder_traversal(value):
        if not isinstance(node, sympy.Basic):
            continue
        assert _add_brackets(node) == _SYMPY._needs_add_brackets(node), node
        for first in (False, True):
            for last in (False, True):
                expected = _SYMPY._needs_mul_brackets(node, first=first, last=last)
                assert _mul_brackets(node, first, last) == expected, (node, first, last)
        if isinstance(node, sympy.Mul):
            assert _leads_with_minus(node) == node.could_extract_minus_sign(), node


def test_bracket_decisions_of_corpus_subexpressions() -> None:
    """Every subexpression of the bench corpus and of the tricky cases gets sympy's bracket
    decisions (in a product, in a sum) and sympy's answer to `could_extract_minus_sign`."""
    for value in (*_corpus_values(), *TRICKY.values(), *BRACKETED.values()):
        _assert_same_decisions(value)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(QUOTIENTS, QUOTIENTS.map(lambda q: -q), QUOTIENTS.map(lambda q: q + x)))
def test_generated_bracket_decisions(value: sympy.Expr) -> None:
    """Generated products, quotients and sums get sympy's bracket decisions throughout."""
    _assert_same_decisions(value)
