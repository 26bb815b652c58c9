"""The fast printers print exactly what sympy's printers (and the house printer before) print."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from sympy.printing.latex import LatexPrinter
from sympy.printing.printer import Printer
from test_term_order import EXPRESSIONS

from generator.bank import load_banks
from generator.bank.instantiate import instantiate_full
from generator.errors import StudentInputError
from generator.latex import HouseLatexPrinter, house_latex, house_str, plain_latex
from generator.parsing import KEY_LIMITS, ParsedEquation, ParsedExpression, parse_answer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import checker


class _SympyHouse(HouseLatexPrinter):
    """The house printer as it was: sympy's own term order, name splitting, products and
    brackets."""

    _print_Mul = LatexPrinter._print_Mul
    parenthesize = LatexPrinter.parenthesize

    def _as_ordered_terms(self, expr: Any, order: Any = None) -> list[Any]:
        return Printer._as_ordered_terms(self, expr, order)

    def _deal_with_super_sub(self, string: str, style: str = "plain") -> str:
        return LatexPrinter._deal_with_super_sub(self, string, style=style)


SETTINGS: dict[str, dict[str, Any]] = {
    "default": {},
    "lex": {"order": "lex"},
    "grlex": {"order": "grlex"},
    "none": {"order": "none"},
}


def _outcome(printer: Callable[..., str], value: Any, options: dict[str, Any]) -> str:
    """The text printed, or the exception's class (sympy's printer raises for some numbers)."""
    try:
        return printer(value, **options)
    except (ArithmeticError, TypeError, ValueError) as error:
        return f"raised {type(error).__name__}"


def _sympy_house(value: Any, **options: Any) -> str:
    return _SympyHouse(options).doprint(value)


PAIRS = (
    (plain_latex, sympy.latex),
    (house_str, sympy.sstr),
    (house_latex, _sympy_house),
)


def _assert_prints_alike(
    value: Any, names: tuple[str, ...] = tuple(SETTINGS), pairs: tuple[Any, ...] = PAIRS
) -> None:
    for name in names:
        options = SETTINGS[name]
        for fast, reference in pairs:
            expected = _outcome(reference, value, options)
            assert _outcome(fast, value, options) == expected, (value, name, fast.__name__)


def _corpus_values() -> Iterator[sympy.Basic]:
    for case in checker.corpus():
        if case.group == "hostile":  # built to exhaust the parser, not to be printed
            continue
        for text, limits in ((case.answer, None), (case.expected, KEY_LIMITS)):
            try:
                parsed = parse_answer(text, case.variables, limits=limits or KEY_LIMITS)
            except StudentInputError:
                continue
            if isinstance(parsed, ParsedExpression):
                yield parsed.expr
            elif isinstance(parsed, ParsedEquation):
                yield from (parsed.lhs, parsed.rhs)
            else:
                yield from parsed.items


def test_checker_bench_corpus() -> None:
    """Every answer and key of the checker bench prints as sympy prints it (order as a check)."""
    values = set(_corpus_values())
    assert len(values) > 300
    for value in values:
        _assert_prints_alike(value, ("default",), PAIRS[:2])


def _instance_values(template: Any, seed: int) -> Iterator[Any]:
    instance = instantiate_full(template, seed)
    yield instance.function
    yield from instance.values.values()
    for question, key in zip(instance.questions, instance.keys, strict=True):
        yield question.function
        yield key.value


@pytest.mark.parametrize("template", load_banks().templates, ids=lambda t: t.id)
def test_every_shipped_template(template: Any) -> None:
    """Functions, parameters and keys of every shipped template (two seeds) print alike under
    each order a key, a manifest or a statement uses."""
    for seed in (0, 1):
        for value in _instance_values(template, seed):
            _assert_prints_alike(value, ("default", "lex", "grlex"))


NAMES = ["x", "alpha", "Theta", "x_1", "x^2_a", "alphahat", "xdot_12", "a_{b}", "beta12", "lamda"]


@pytest.mark.parametrize("name", NAMES)
def test_symbol_names(name: str) -> None:
    """Greek letters, sub/superscripts and accents are split as sympy splits them, whichever
    `disable_split_super_sub` the printer had before (the memo is keyed on it)."""
    symbol = sympy.Symbol(name)
    for disable in (True, False, True):
        options = {"disable_split_super_sub": disable}
        assert plain_latex(symbol**2 + 1, **options) == sympy.latex(symbol**2 + 1, **options)
    matrix = sympy.MatrixSymbol(name, 2, 2)
    assert plain_latex(matrix, mat_symbol_style="bold") == sympy.latex(
        matrix, mat_symbol_style="bold"
    )


_x, _y, _k = sympy.symbols("x y k")
BRACKETED = {
    "mod_factor": 3 * sympy.Mod(_x, 4) * _y,
    "mod_term": sympy.Mod(_x, 4) + _y,
    "integral_not_last": sympy.Integral(_x**2, _x) * sympy.sin(_x),
    "integral_last": _y * sympy.Integral(_x**2, _x),
    "sum_and_product": sympy.Sum(_x**_k, (_k, 0, 5)) * sympy.Product(_k, (_k, 1, _x)) * _y,
    "piecewise": _y * sympy.Piecewise((_x, _x > 0), (-_x, True)),
    "negative_factor": _y * sympy.Mul(-2, _x, evaluate=False) * sympy.cos(_x),
    "sum_factor": (_x + 1) * (_y - 1) * sympy.exp(_x),
    "same_factor_first_and_last": sympy.Mul(_x + 1, _y, _x + 1, evaluate=False),
}


@pytest.mark.parametrize("value", BRACKETED.values(), ids=BRACKETED.keys())
def test_bracketed_factors_and_terms(value: sympy.Expr) -> None:
    """Factors and terms that need brackets (sums, Mod, integrals, negatives) get them wherever
    they stand: the memo of that decision is keyed on the position too."""
    _assert_prints_alike(value)
    _assert_prints_alike(sympy.Add(value, -value / 3, evaluate=False))


class _Sine(sympy.sin):
    """A renamed subclass of a known function: sympy skips `_print_sin` for it."""


class _SelfPrinted(sympy.Symbol):
    """An object printing itself through the printers' `printmethod`."""

    def _latex(self, printer: Any) -> str:
        return r"\star"

    def _sympystr(self, printer: Any) -> str:
        return "star"


DISPATCHED = {
    "undefined_function": sympy.Function("f")(_x) + sympy.Function("gamma")(_y),
    "renamed_known_function": _Sine(_x) * 2,
    "self_printed": _SelfPrinted("s") + _x,
    "derivative_and_subs": sympy.Derivative(sympy.Function("f")(_x), _x) + sympy.Subs(_x, _x, 1),
    "matrix": sympy.Matrix([[_x, 1], [0, _y]]),
    "python_containers": [1, (_x, 2.5), {_x: "text"}],
    "python_objects": ["plain % text", None, 3, int],
    "relational": sympy.Eq(_x**2, _y + 1),
}


@pytest.mark.parametrize("value", DISPATCHED.values(), ids=DISPATCHED.keys())
def test_printing_method_chosen_as_sympy_chooses(value: Any) -> None:
    """Each object reaches the printing method sympy's dispatch gives it (looked up once per type
    here): undefined and renamed functions, objects printing themselves, plain Python values."""
    _assert_prints_alike(value)


def test_unorderable_terms_raise_as_sympy_raises() -> None:
    """A term whose numeric value divides by zero when evaluated makes ordering fail exactly as
    sympy's does, every time (a failure is not memoised), so callers can fall back alike."""
    value = sympy.asec(sympy.asech(sympy.tanh(10**28))) + _x
    for _ in range(2):
        assert _outcome(plain_latex, value, {}) == "raised ZeroDivisionError"
        _assert_prints_alike(value)


def test_house_layout_kept() -> None:
    """The house printer still writes \\ln, \\arcsin, plain tuples and sorted sets."""
    x = sympy.Symbol("x")
    assert (
        house_latex(sympy.log(x) + sympy.asin(x))
        == r"\ln{\left(x \right)} + \arcsin{\left(x \right)}"
    )
    assert house_latex(sympy.Tuple(1, 2 * x)) == r"\left(1, 2 x\right)"
    assert house_latex(sympy.FiniteSet(1, -1)) == r"\left\{-1, 1\right\}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS)
def test_generated_expressions(expr: sympy.Expr) -> None:
    """Generated expressions (rationals, floats, pi, E, sqrt(2), I, powers, functions) print
    exactly as sympy prints them, under every order."""
    _assert_prints_alike(expr)
