"""sympy → Maxima, the language of STACK teacher answers and answer tests.

A subclass of sympy's `StrPrinter`: the infix syntax is the same except powers (`^`), the constants
(`%e`, `%pi`, `%i`), `abs`, equations (`a = b`), sets (`{…}`) and ordered tuples (Maxima lists).
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.printing.precedence import precedence
from sympy.printing.str import StrPrinter


class MaximaPrinter(StrPrinter):  # type: ignore[misc]
    """Prints sympy expressions as Maxima code that STACK evaluates to the same value."""

    printmethod = "_maxima"

    def _print_Pow(self, expr: sympy.Pow, rational: bool = False) -> str:
        base, exponent = expr.args
        level = precedence(expr)
        if exponent is sympy.S.Half:
            return f"sqrt({self._print(base)})"
        if expr.is_commutative and exponent.is_Number and exponent.is_negative:
            if exponent is sympy.S.NegativeOne:
                return f"1/{self.parenthesize(base, level, strict=False)}"
            return f"1/{self._print(sympy.Pow(base, -exponent, evaluate=False))}"
        shown = self.parenthesize(exponent, level, strict=False)
        if exponent.is_Rational and not exponent.is_Integer:
            shown = f"({self._print(exponent)})"
        return f"{self.parenthesize(base, level, strict=False)}^{shown}"

    def _print_Exp1(self, expr: Any) -> str:
        return "%e"

    def _print_Pi(self, expr: Any) -> str:
        return "%pi"

    def _print_ImaginaryUnit(self, expr: Any) -> str:
        return "%i"

    def _print_Infinity(self, expr: Any) -> str:
        return "inf"

    def _print_NegativeInfinity(self, expr: Any) -> str:
        return "minf"

    def _print_Abs(self, expr: sympy.Abs) -> str:
        return f"abs({self._print(expr.args[0])})"

    def _print_Equality(self, expr: sympy.Eq) -> str:
        return f"{self._print(expr.lhs)} = {self._print(expr.rhs)}"

    def _print_FiniteSet(self, expr: sympy.FiniteSet) -> str:
        return "{" + ", ".join(self._print(item) for item in expr.args) + "}"

    def _print_tuple(self, expr: tuple[Any, ...]) -> str:
        return "[" + ", ".join(self._print(item) for item in expr) + "]"

    _print_Tuple = _print_tuple

    def _print_list(self, expr: list[Any]) -> str:
        return "[" + ", ".join(self._print(item) for item in expr) + "]"


def maxima_code(expr: Any) -> str:
    """The Maxima text of a sympy expression, equation, set (FiniteSet) or tuple."""
    return str(MaximaPrinter().doprint(expr))
