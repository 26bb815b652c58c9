"""What a parse returns: one frozen value per answer shape, each able to show how it was read."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import sympy

from generator.latex import plain_latex


@lru_cache(maxsize=4096)
def _latex(expr: sympy.Basic) -> str:
    """Exactly `sympy.latex` of a value (printed faster, see `generator.latex`); if ordering its
    terms fails (the order evaluates numeric factors, and `asec(asech(tanh(10^28)))` divides by
    zero there), the terms are printed in sympy's own order.

    Memoised by the (structurally compared) expression: a class types the same answer in many
    notations.
    """
    try:
        return plain_latex(expr)
    except (ArithmeticError, TypeError, ValueError):
        return plain_latex(expr, order="none")


@dataclass(frozen=True)
class ParsedExpression:
    """A single expression, e.g. `3x^2 - 2`."""

    expr: sympy.Expr

    @cached_property
    def latex(self) -> str:
        """LaTeX of what was read, for "we read your answer as …"."""
        return _latex(self.expr)


@dataclass(frozen=True)
class ParsedSet:
    """An unordered collection in braces, e.g. `{-1, 1}` or `{(0, 0), (1, 1)}`, as typed."""

    items: tuple[sympy.Basic, ...]

    @cached_property
    def latex(self) -> str:
        return r"\left\{" + ", ".join(_latex(item) for item in self.items) + r"\right\}"


@dataclass(frozen=True)
class ParsedTuple:
    """An ordered collection: `(2x, 2y)`, `[2x, 2y]`, a vector `<2x, 2y>`, or a bare `1, 2`.

    `brackets` says which were typed ("()", "[]", "<>", or "" for a bare list), so a checker may
    accept a bare list where a set is asked.
    """

    items: tuple[sympy.Basic, ...]
    brackets: str = "()"

    @cached_property
    def latex(self) -> str:
        inner = ", ".join(_latex(item) for item in self.items)
        if self.brackets == "<>":
            return rf"\left\langle {inner}\right\rangle"
        if self.brackets == "":
            return inner
        return rf"\left{self.brackets[0]}{inner}\right{self.brackets[1]}"


@dataclass(frozen=True)
class ParsedEquation:
    """An equation `lhs = rhs`, e.g. the tangent line `y = 3x - 2`."""

    lhs: sympy.Expr
    rhs: sympy.Expr

    @cached_property
    def latex(self) -> str:
        return f"{_latex(self.lhs)} = {_latex(self.rhs)}"


Parsed = ParsedExpression | ParsedSet | ParsedTuple | ParsedEquation
