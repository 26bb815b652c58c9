"""Printing sympy objects: the house LaTeX style, and sympy's own LaTeX and text, printed faster.

House style: `\\ln` for the natural logarithm, `\\arcsin` rather than `\\operatorname{asin}`, and
tuples (gradients, points) and sets (stationary points) written as a reader writes them by hand:
`(1, 2)`, `\\{-1, 1\\}` sorted, with no extra spacing commands.

`plain_latex` and `house_str` print exactly what `sympy.latex` and `sympy.sstr` print. Printing
is a large share of checking an answer and of generating a problem, and most of it was sympy
ordering each Add's terms (see `generator.term_order`) and, on every node, work that depends on
that node alone: choosing the printing method, splitting a name into super- and subscripts,
deciding brackets. Here that work is done once per distinct type, name or subexpression (bounded
LRU caches), the output unchanged.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, ClassVar

import sympy
from sympy.core.function import AppliedUndef, Function, UndefinedFunction
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import precedence
from sympy.printing.printer import Printer
from sympy.printing.str import StrPrinter

from generator.term_order import ordered_terms

_UNORDERED = ("old", "none")
"""The printer's own orderings (sympy's compatibility order, and none at all)."""


class _FastPrinter(Printer):
    """A printer whose Adds take their terms from `ordered_terms` (sympy's order, faster), and
    which finds the method printing a type once per type rather than on every node."""

    def _print(self, expr: Any, **kwargs: Any) -> str:
        method = _method_name(type(self), type(expr))
        printmethod = self.printmethod
        if method is None or (printmethod and hasattr(expr, printmethod)):
            return super()._print(expr, **kwargs)  # the object prints itself, or emptyPrinter
        self._print_level += 1
        try:
            return getattr(self, method)(expr, **kwargs)
        finally:
            self._print_level -= 1

    def _as_ordered_terms(self, expr: Any, order: Any = None) -> list[Any]:
        chosen = order or self.order
        if expr.is_Add and (
            chosen is None or (isinstance(chosen, str) and chosen not in _UNORDERED)
        ):
            return ordered_terms(expr, chosen)
        return super()._as_ordered_terms(expr, order)


@lru_cache(maxsize=1024)
def _method_name(printer: type[Printer], cls: type) -> str | None:
    """The `_print_<Class>` method `Printer._print` picks for `cls`: the nearest class of its MRO
    the printer has a method for, skipping a Function subclass's renamed parents as sympy does."""
    classes = cls.__mro__
    if AppliedUndef in classes:
        classes = classes[classes.index(AppliedUndef) :]
    if UndefinedFunction in classes:
        classes = classes[classes.index(UndefinedFunction) :]
    if Function in classes:
        i = classes.index(Function)
        own = classes[0].__name__
        kept = (c for c in classes[:i] if c.__name__ == own or c.__name__.endswith("Base"))
        classes = (*kept, *classes[i:])
    for candidate in classes:
        name = "_print_" + candidate.__name__
        if getattr(printer, name, None) is not None:
            return name
    return None


class FastLatexPrinter(_FastPrinter, LatexPrinter):
    """sympy's LaTeX printer, output unchanged. A name's super/subscripts are split once per name,
    and whether a factor or term needs brackets is decided once per subexpression (sympy's test
    walks the whole subexpression looking for `Mod` and integrals, for every factor printed)."""

    def _deal_with_super_sub(self, string: str, style: str = "plain") -> str:
        return _name_latex(string, style, self._settings["disable_split_super_sub"])

    def _needs_mul_brackets(self, expr: Any, first: bool = False, last: bool = False) -> bool:
        return _mul_brackets(expr, first, last)

    def _needs_add_brackets(self, expr: Any) -> bool:
        return _add_brackets(expr)


_SYMPY_LATEX = LatexPrinter()
"""For the bracket tests, which read nothing of the printer (no setting, no state)."""


@lru_cache(maxsize=8192)
def _mul_brackets(expr: Any, first: bool, last: bool) -> bool:
    return _SYMPY_LATEX._needs_mul_brackets(expr, first=first, last=last)


@lru_cache(maxsize=8192)
def _add_brackets(expr: Any) -> bool:
    return _SYMPY_LATEX._needs_add_brackets(expr)


@lru_cache(maxsize=4096)
def _name_latex(string: str, style: str, disable_split: bool) -> str:
    """A symbol's (or function's) name in LaTeX; depends on nothing else, so it is memoised."""
    printer = LatexPrinter({"disable_split_super_sub": disable_split})
    return printer._deal_with_super_sub(string, style=style)


class HouseLatexPrinter(FastLatexPrinter):
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


_precedence = lru_cache(maxsize=8192)(precedence)
"""sympy's precedence of an expression (a function of it alone), memoised."""


class FastStrPrinter(_FastPrinter, StrPrinter):
    """sympy's text printer (`sympy.sstr`), output unchanged; a factor's precedence, which decides
    its brackets, is found once per subexpression."""

    def parenthesize(self, item: Any, level: int, strict: bool = False) -> str:
        rank = _precedence(item) if isinstance(item, sympy.Basic) else precedence(item)
        if rank < level or (not strict and rank <= level):
            return f"({self._print(item)})"
        return self._print(item)


def house_latex(expr: Any, **settings: Any) -> str:
    """LaTeX of a sympy object in house style; unknown settings are rejected by sympy."""
    return HouseLatexPrinter(settings).doprint(expr)


def plain_latex(expr: Any, **settings: Any) -> str:
    """Exactly `sympy.latex(expr, **settings)`, faster."""
    return FastLatexPrinter(settings).doprint(expr)


def house_str(expr: Any, **settings: Any) -> str:
    """Exactly `sympy.sstr(expr, **settings)`, faster: the text of keys and manifests."""
    return FastStrPrinter(settings).doprint(expr)
