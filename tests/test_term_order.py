"""`ordered_terms` is exactly sympy's `as_ordered_terms`, whatever the Add and the order."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.term_order import _complex_coefficient, ordered_terms

x, y, z, n = sympy.symbols("x y z n")
A, B = sympy.symbols("A B", commutative=False)
ORDERS = (None, "lex", "grlex", "grevlex", "rev-lex")


def _assert_same(add: sympy.Expr) -> None:
    assert add.is_Add
    for order in ORDERS:
        assert ordered_terms(add, order) == add.as_ordered_terms(order=order), (add, order)


def _unevaluated(*terms: sympy.Expr) -> sympy.Expr:
    return sympy.Add(*terms, evaluate=False)


CASES = {
    "polynomial": x**3 - 3 * x + 2,
    "number_first_special_case": 1 - x,
    "number_first_positive_product": 1 + 2 * x,
    "number_symbol_first": sympy.pi - 3 * x,
    "negative_number_then_product": -1 + 2 * x,
    "rational_coefficients": sympy.Rational(3, 7) * x**2 - sympy.Rational(5, 11) * x + 1,
    "float_coefficients": 0.5 * x**2 - 1.25 * x + 3.0,
    "high_precision_float": sympy.Float("0.1", 40) * x + sympy.Float("0.3", 40),
    "huge_integers": sympy.expand((x - 2) ** 60 * (x + 1)),
    "huge_rationals": sympy.Rational(2**80 + 1, 3**50) * x + sympy.Rational(1, 7**400),
    "pi_e_sqrt2_factors": sympy.pi * x + sympy.E * x**2 + sympy.sqrt(2) * y,
    "imaginary_coefficients": sympy.I * x + 2 * x**2 - 3 * sympy.I,
    "symbolic_exponents": x**n + x ** (2 * n) + x ** (-n) + x ** (n / 3),
    "rational_exponents": x ** sympy.Rational(1, 3) + x ** sympy.Rational(-5, 2) + sympy.sqrt(x),
    "exp_with_coefficient": sympy.exp(2 * x) + sympy.exp(x) + sympy.exp(-x / 3),
    "functions": sympy.sin(x) ** 2 * sympy.cos(x) + sympy.sin(x) ** 2 + sympy.log(x) + 1,
    "several_symbols": x**2 * y - y**2 * z + x * y * z - 4,
    "nested_sums": (x + 1) ** 2 * (y - 1) + (x - y) / (x + y) + 3,
    "unevaluated_number_factors": _unevaluated(2 * x, sympy.Mul(3, sympy.pi, x, evaluate=False)),
    "number_times_one_unevaluated": _unevaluated(sympy.Mul(2, 1, evaluate=False), x),
    "number_times_product_unevaluated": _unevaluated(
        sympy.Mul(2, sympy.Mul(y, x, evaluate=False), evaluate=False), x**2
    ),
    "lone_number_product": _unevaluated(sympy.Mul._from_args((sympy.Integer(3),)), x),
    "float_leading_product": _unevaluated(sympy.Mul(sympy.Float(2.5), x, y, evaluate=False), y),
    "order_term_falls_back": sympy.O(x**3) + x + 1,
    "non_commutative_falls_back": A * B + B * A + x,
    "undefined_number_falls_back": sympy.Function("g")(2) * x + x**2,
    "zoo_coefficient": sympy.Add(sympy.zoo * x, y, evaluate=False),
}


@pytest.mark.parametrize("add", CASES.values(), ids=CASES.keys())
def test_table_of_adds(add: sympy.Expr) -> None:
    """Each kind of term sympy treats specially is ordered as sympy orders it."""
    _assert_same(add)


def test_double_rounded_coefficient_decides_a_tie() -> None:
    """-42/19 evaluates one ulp above its correctly rounded float; that ulp orders these terms."""
    rational = sympy.Rational(-42, 19)
    assert complex(rational).real != -42 / 19
    add = _unevaluated(rational * x, sympy.Float(-42 / 19) * x)
    assert ordered_terms(add) == add.as_ordered_terms() == [add.args[1], add.args[0]]


def test_coefficients_are_sympys_floats_bit_for_bit() -> None:
    """`_complex_coefficient(r)` is `complex(r)` over rationals small, huge, tiny and dyadic."""
    rng = random.Random(7)
    numerators = [
        lambda: rng.randint(-100, 100),
        lambda: rng.randint(-(10**12), 10**12),
        lambda: rng.randint(-(2**70), 2**70),
        lambda: rng.choice([-1, 1]) * 2 ** rng.randint(0, 1100),
        lambda: rng.randint(-(10**400), 10**400),
    ]
    denominators = [
        lambda: 1,
        lambda: rng.randint(1, 60),
        lambda: rng.randint(1, 2**60),
        lambda: 2 ** rng.randint(0, 1200),
        lambda: rng.randint(1, 10**400),
    ]
    for _ in range(5_000):
        value = sympy.Rational(rng.choice(numerators)(), rng.choice(denominators)())
        assert repr(_complex_coefficient(value)) == repr(complex(value)), value


NUMBERS = st.one_of(
    st.integers(-50, 50).map(sympy.Integer),
    st.fractions(max_denominator=40).map(lambda f: sympy.Rational(f.numerator, f.denominator)),
    st.floats(-1e6, 1e6, allow_nan=False).map(sympy.Float),
    st.sampled_from([sympy.pi, sympy.E, sympy.sqrt(2), sympy.I, -sympy.I, sympy.S.NegativeOne]),
)
SYMBOLS = st.sampled_from([x, y, z])
EXPONENTS = st.one_of(
    st.integers(-3, 4).map(sympy.Integer),
    st.sampled_from([Fraction(1, 2), Fraction(-1, 3), Fraction(5, 2)]).map(
        lambda f: sympy.Rational(f.numerator, f.denominator)
    ),
    st.sampled_from([n, -n, 2 * n, x]),
)
FUNCTIONS = [sympy.sin, sympy.cos, sympy.exp, sympy.log, sympy.atan, sympy.sqrt]


def _extend(children: st.SearchStrategy[sympy.Expr]) -> st.SearchStrategy[sympy.Expr]:
    return st.one_of(
        st.builds(lambda f, a: f(a), st.sampled_from(FUNCTIONS), children),
        st.builds(lambda a, b: a + b, children, children),
        st.builds(lambda a, b: a - b, children, children),
        st.builds(lambda a, b: a * b, children, children),
        st.builds(lambda a, b: a if b.is_zero else a / b, children, children),
        st.builds(lambda a, e: a**e, children, EXPONENTS),
    )


EXPRESSIONS = st.recursive(st.one_of(NUMBERS, SYMBOLS), _extend, max_leaves=10)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS)
def test_generated_expressions(expr: sympy.Expr) -> None:
    """Every Add inside a generated expression is ordered exactly as sympy orders it."""
    for node in sympy.preorder_traversal(expr):
        if node.is_Add:
            _assert_same(node)
