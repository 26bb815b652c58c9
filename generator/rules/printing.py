"""How worked steps show mathematics: LaTeX and plain text of (partly unevaluated) sympy trees.

Steps keep the pieces a rule acts on unevaluated (`Derivative(u, x)`, `v**2` before expansion), so
the printers keep the order of terms as built (`order="none"`) and bracket the operand of d/dx.
They are `generator.latex`'s fast printers (sympy's output, faster: steps and options are
printed for every generated problem).
"""

from __future__ import annotations

from typing import Any, ClassVar

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE, precedence
from sympy.printing.str import StrPrinter

from generator.latex import FastLatexPrinter, FastStrPrinter


def _is_partial(expr: sp.Derivative) -> bool:
    return len(expr.expr.free_symbols) > 1 or len(set(expr.variables)) > 1


def _as_written(expr: sp.Basic) -> bool:
    """A sum or product built unevaluated, or holding derivatives, is a rule's formula."""
    return bool(expr.has(sp.Derivative) or expr.args != expr.func(*expr.args).args)


class _AsWritten:
    """Print formulas with their terms and factors in the order the rule wrote them, and
    everything else (even inside a formula) in sympy's usual order."""

    _settings: dict[str, Any]

    def _in_order(self, expr: sp.Basic, print_: Any) -> str:
        saved = self._settings["order"]
        self._settings["order"] = "none" if _as_written(expr) else None
        try:
            return str(print_(expr))
        finally:
            self._settings["order"] = saved


class _StepLatexPrinter(_AsWritten, FastLatexPrinter):  # type: ignore[misc]
    """LaTeX with the operand of d/dx in brackets, so `d/dx [3x^2]` is never misread."""

    _default_settings: ClassVar[dict[str, Any]] = {
        **LatexPrinter._default_settings,
        "partial": False,
    }

    def _print_Add(self, expr: sp.Add, order: str | None = None) -> str:
        return self._in_order(expr, super()._print_Add)

    def _print_Mul(self, expr: sp.Mul) -> str:
        return self._in_order(expr, super()._print_Mul)

    def _print_Derivative(self, expr: sp.Derivative) -> str:
        symbol = r"\partial" if self._settings["partial"] or _is_partial(expr) else "d"
        order = len(expr.variables)
        top = symbol if order == 1 else f"{symbol}^{{{order}}}"
        bottom = " ".join(f"{symbol} {self._print(v)}" for v in reversed(expr.variables))
        if order > 1 and len(set(expr.variables)) == 1:
            bottom = f"{symbol} {self._print(expr.variables[0])}^{{{order}}}"
        return rf"\frac{{{top}}}{{{bottom}}}\left[{self._print(expr.expr)}\right]"


class _StepStrPrinter(_AsWritten, FastStrPrinter):  # type: ignore[misc]
    """Plain text as a student would type it: `^` for powers, `d/dx[…]` for derivatives."""

    _default_settings: ClassVar[dict[str, Any]] = {**StrPrinter._default_settings, "partial": False}

    def _print_Add(self, expr: sp.Add, order: str | None = None) -> str:
        return self._in_order(expr, super()._print_Add)

    def _print_Mul(self, expr: sp.Mul) -> str:
        return self._in_order(expr, super()._print_Mul)

    def _print_Derivative(self, expr: sp.Derivative) -> str:
        symbol = "∂" if self._settings["partial"] or _is_partial(expr) else "d"
        order = len(expr.variables)
        top = symbol if order == 1 else f"{symbol}^{order}"
        bottom = "".join(f"{symbol}{self._print(v)}" for v in reversed(expr.variables))
        if order > 1 and len(set(expr.variables)) == 1:
            bottom = f"{symbol}{self._print(expr.variables[0])}^{order}"
        return f"{top}/{bottom}[{self._print(expr.expr)}]"

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        base, exp = expr.args
        if exp is sp.S.Half:
            return f"sqrt({self._print(base)})"
        if exp.is_Number and exp.is_negative:
            positive = base if exp == -1 else sp.Pow(base, -exp, evaluate=False)
            shown = self.parenthesize(positive, PRECEDENCE["Mul"], strict=False)
            return f"1/{shown}"
        prec = PRECEDENCE["Pow"]
        left = self.parenthesize(base, prec, strict=False)
        right = self._print(exp)
        if precedence(exp) <= prec or (exp.is_Number and (exp.is_negative or not exp.is_Integer)):
            right = f"({right})"
        return f"{left}^{right}"

    def _print_Equality(self, expr: sp.Equality) -> str:
        return f"{self._print(expr.lhs)} = {self._print(expr.rhs)}"

    def _print_Subs(self, expr: sp.Subs) -> str:
        at = ", ".join(
            f"{self._print(v)} = {self._print(p)}" for v, p in zip(*expr.args[1:], strict=True)
        )
        return f"[{self._print(expr.expr)}] at {at}"

    def _print_Limit(self, expr: sp.Limit) -> str:
        body, var, point = expr.args[:3]
        shown = self.parenthesize(body, PRECEDENCE["Mul"], strict=False)
        return f"lim_({self._print(var)} → {self._print(point)}) {shown}"

    def _print_ConditionSet(self, expr: sp.ConditionSet) -> str:
        condition = expr.condition
        shown = f"{self._print(condition.lhs)} = {self._print(condition.rhs)}"
        return f"{{{self._print(expr.sym)} real : {shown}}}"

    def _print_log(self, expr: Any) -> str:
        return f"ln({self._print(expr.args[0])})"

    def _print_exp(self, expr: Any) -> str:
        return f"e^{self.parenthesize(expr.args[0], PRECEDENCE['Atom'], strict=True)}"


def latex(expr: sp.Basic, *, partial: bool = False) -> str:
    """LaTeX of a step's expression; a rule's formula keeps its terms in the order built.

    `partial`: the function has other variables, so every derivative is written with ∂.
    """
    return str(_StepLatexPrinter({"ln_notation": True, "partial": partial}).doprint(expr))


def text(expr: sp.Basic, *, partial: bool = False) -> str:
    """Plain text of a step's expression (what a student would type)."""
    return str(_StepStrPrinter({"partial": partial}).doprint(expr))


class Math:
    """A piece of mathematics inside an explanation: rendered as inline LaTeX `$…$` by default.

    Explanations are `Message`s whose parameters are `Math` values, so a LaTeX or HTML renderer gets
    `$…$` pieces from `message.render(lang)`, and plain-text output uses `plain_message`. A piece
    made from a sympy expression is printed only when read: diagnosis builds many feedback
    messages that are never shown.
    """

    __slots__ = ("_expr", "_latex", "_text")

    def __init__(self, latex: str | None = None, text: str | None = None, *, expr: Any = None):
        self._expr = expr
        self._latex = latex
        self._text = text

    @property
    def latex(self) -> str:
        if self._latex is None:
            self._latex = latex(self._expr)
        return self._latex

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = text(self._expr)
        return self._text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Math) and (self.latex, self.text) == (other.latex, other.text)

    def __hash__(self) -> int:
        return hash((self.latex, self.text))

    def __repr__(self) -> str:
        return f"Math({self.text!r})"

    def __str__(self) -> str:
        return f"\\({self.latex}\\)"


def math(expr: sp.Basic) -> Math:
    """The `Math` piece of a sympy expression (printed when first read)."""
    return Math(expr=expr)


def equation(lhs: sp.Basic, rhs: sp.Basic) -> Math:
    """The `Math` piece `lhs = rhs`."""
    return Math(expr=sp.Eq(lhs, rhs, evaluate=False))
