"""The house LaTeX style of keys and statements: a sympy `LatexPrinter` subclass, no regex.

House style: `\\ln` for the natural logarithm, `\\arcsin` rather than `\\operatorname{asin}`, and
tuples (gradients, points) and sets (stationary points) written as a reader writes them by hand:
`(1, 2)`, `\\{-1, 1\\}` sorted, with no extra spacing commands.
"""

from __future__ import annotations

from typing import Any, ClassVar

import sympy
from sympy.printing.latex import LatexPrinter


class HouseLatexPrinter(LatexPrinter):
    """sympy's LaTeX printer with derivquiz's house settings and tuple/set layout."""

    _default_settings: ClassVar[dict[str, Any]] = {
        **LatexPrinter._default_settings,
        "ln_notation": True,
        "inv_trig_style": "full",
    }

    def _print_Tuple(self, expr: sympy.Tuple) -> str:
        return r"\left(" + ", ".join(self._print(item) for item in expr) + r"\right)"

    def _print_tuple(self, expr: tuple[Any, ...]) -> str:
        return self._print_Tuple(sympy.Tuple(*expr))

    def _print_FiniteSet(self, expr: sympy.FiniteSet) -> str:
        items = sorted(expr.args, key=sympy.default_sort_key)
        return r"\left\{" + ", ".join(self._print(item) for item in items) + r"\right\}"


def house_latex(expr: Any, **settings: Any) -> str:
    """LaTeX of a sympy object in house style; unknown settings are rejected by sympy."""
    return HouseLatexPrinter(settings).doprint(expr)
