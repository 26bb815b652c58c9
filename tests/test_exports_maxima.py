"""The sympy → Maxima printer behind STACK teacher answers."""

from __future__ import annotations

import pytest
import sympy

from generator.exports.maxima import maxima_code

x, y = sympy.symbols("x y")
PRINTED = [
    pytest.param(
        (3 * x**2 - 3) * sympy.cos(x**3 - 3 * x), "(3*x^2 - 3)*cos(x^3 - 3*x)", id="chain"
    ),
    pytest.param(sympy.exp(2 * x) / x**2, "exp(2*x)/x^2", id="quotient"),
    pytest.param(1 / sympy.sqrt(x) + x ** sympy.Rational(1, 3), "x^(1/3) + 1/sqrt(x)", id="roots"),
    pytest.param(2**x * sympy.log(2) * sympy.pi, "2^x*%pi*log(2)", id="constants"),
    pytest.param(sympy.Abs(x) ** -3, "1/abs(x)^3", id="abs"),
    pytest.param(sympy.Eq(y, 3 * x - 2), "y = 3*x - 2", id="equation"),
    pytest.param(sympy.FiniteSet(-1, 1), "{-1, 1}", id="set"),
    pytest.param((2 * x, sympy.Rational(-1, 2)), "[2*x, -1/2]", id="tuple"),
    pytest.param(sympy.sec(x) ** 2 * sympy.E, "%e*sec(x)^2", id="e"),
]


@pytest.mark.parametrize(("expr", "maxima"), PRINTED)
def test_maxima_printer(expr: object, maxima: str) -> None:
    """sympy prints as Maxima: `^`, `%e`, `%pi`, `abs`, `a = b`, `{…}` sets, `[…]` lists."""
    assert maxima_code(expr) == maxima
