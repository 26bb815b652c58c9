"""The step printers (`generator.rules.printing`), built on the fast printers, print exactly what
the same printers built on sympy's `LatexPrinter` and `StrPrinter` print."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter
from test_fast_printing_mul import QUOTIENTS, TRICKY, _template_values

from generator.bank import load_banks
from generator.bank.instantiate import instantiate_full
from generator.rules.differentiator import differentiate
from generator.rules.printing import Math, _AsWritten, _StepLatexPrinter, _StepStrPrinter


def _own_methods(step: type) -> dict[str, Any]:
    """The step printer's own printing methods that do not call `super()` (copied as they are)."""
    return {
        name: method
        for name, method in vars(step).items()
        if name.startswith("_print_") and "__class__" not in method.__code__.co_freevars
    }


class _SympyLatex(_AsWritten, LatexPrinter):  # type: ignore[misc]
    _default_settings = _StepLatexPrinter._default_settings
    locals().update(_own_methods(_StepLatexPrinter))

    def _print_Add(self, expr: sp.Add, order: str | None = None) -> str:
        return self._in_order(expr, super()._print_Add)

    def _print_Mul(self, expr: sp.Mul) -> str:
        return self._in_order(expr, super()._print_Mul)


class _SympyStr(_AsWritten, StrPrinter):  # type: ignore[misc]
    _default_settings = _StepStrPrinter._default_settings
    locals().update(_own_methods(_StepStrPrinter))

    def _print_Add(self, expr: sp.Add, order: str | None = None) -> str:
        return self._in_order(expr, super()._print_Add)

    def _print_Mul(self, expr: sp.Mul) -> str:
        return self._in_order(expr, super()._print_Mul)


def _assert_alike(value: sp.Basic) -> None:
    for partial in (False, True):
        latex_settings = {"ln_notation": True, "partial": partial}
        expected = _SympyLatex(latex_settings).doprint(value)
        assert _StepLatexPrinter(latex_settings).doprint(value) == expected, value
        expected = _SympyStr({"partial": partial}).doprint(value)
        assert _StepStrPrinter({"partial": partial}).doprint(value) == expected, value


def test_reference_printers_are_the_step_printers_on_sympy() -> None:
    """The reference copies every printing method the step printers define themselves."""
    for step, reference in ((_StepLatexPrinter, _SympyLatex), (_StepStrPrinter, _SympyStr)):
        own = {name for name in vars(step) if name.startswith("_print_")}
        assert own == {name for name in vars(reference) if name.startswith("_print_")}
        assert len(_own_methods(step)) == len(own) - 2  # all but _print_Add and _print_Mul


def _step_values(seed: int) -> Iterator[sp.Basic]:
    """Both sides of every worked line, and the mathematics of its explanation, for each
    template's function differentiated by the chapter's rules."""
    for template in load_banks().templates:
        function = instantiate_full(template, seed).function
        if not function.free_symbols:
            continue
        for line in differentiate(function, sorted(function.free_symbols, key=str)[0])[1]:
            yield line.lhs
            yield line.rhs
            for param in line.explanation.params.values():
                if isinstance(param, Math) and param._expr is not None:
                    yield param._expr


@pytest.mark.parametrize("seed", [0, 5])
def test_worked_lines_of_every_template(seed: int) -> None:
    """The lines worked for every template's function (sums and products as written, and in
    sympy's order; derivatives; powers) print alike."""
    values = list(_step_values(seed))
    assert len(values) > 500
    for value in values:
        _assert_alike(value)


@pytest.mark.parametrize("seed", [0, 9])
def test_template_values(seed: int) -> None:
    """Functions, parameters, keys and misconception answers (multiple-choice options) of every
    template print alike."""
    for value in _template_values(seed):
        if isinstance(value, sp.Basic):
            _assert_alike(value)


@pytest.mark.parametrize("value", TRICKY.values(), ids=TRICKY.keys())
def test_tricky_products(value: sp.Expr) -> None:
    """Signs, units, unevaluated and non-commutative products, powers of one: alike."""
    _assert_alike(value)


x = sp.Symbol("x")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUOTIENTS, st.sampled_from(["sum", "product", "derivative"]))
def test_generated_formulas(value: sp.Expr, shape: str) -> None:
    """Generated quotients, inside formulas built unevaluated as rules build them, alike."""
    if shape == "sum":
        value = sp.Add(value, sp.Derivative(value, x), evaluate=False)
    elif shape == "product":
        value = sp.Mul(value, x + 1, evaluate=False)
    else:
        value = sp.Derivative(value, x)
    _assert_alike(value)
