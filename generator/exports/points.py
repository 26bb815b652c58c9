"""Where to ask for the value of an expression answer when the LMS can only compare numbers.

The point comes from the part's own `at` when it has one; otherwise from a short list of small
values, shuffled by the problem's template, seed and part so each variant is asked at its own point,
and kept only where both the function and the key are real and finite (no `ln` of a negative).
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Mapping, Sequence

import sympy

from generator.errors import StudentInputError
from generator.model import PartSpec, ProblemSpec
from generator.parsing import KEY_LIMITS, ParsedExpression, parse_answer

CANDIDATES: tuple[sympy.Rational, ...] = tuple(
    sympy.Rational(value)
    for value in ("1", "2", "1/2", "3", "3/2", "-1", "-2", "-1/2", "5/2", "1/3", "4", "-3")
)
Point = Mapping[sympy.Symbol, sympy.Expr]


def evaluation_point(
    problem: ProblemSpec, part: PartSpec, key: sympy.Expr, symbols: Sequence[sympy.Symbol]
) -> dict[sympy.Symbol, sympy.Expr] | None:
    """A point where the key and the problem's function are both real and finite, or None."""
    if not symbols:
        return {}
    function = _function(problem)
    if part.at:
        given = _given_point(problem, part, symbols)
        if given is not None and _defined(key, given) and _defined(function, given):
            return given
    shuffled = list(CANDIDATES)
    random.Random(f"{problem.template}:{problem.seed}:{part.label}").shuffle(shuffled)
    for values in itertools.islice(itertools.product(shuffled, repeat=len(symbols)), 200):
        point = dict(zip(symbols, values, strict=True))
        if _defined(key, point) and _defined(function, point):
            return point
    return None


def numeric_value(expr: sympy.Expr, point: Point) -> float | None:
    """The real value of `expr` at `point` as a float, or None when it is complex or infinite."""
    try:
        value = sympy.N(expr.subs(point), 17)
        if not value.is_real or not value.is_finite:
            return None
        number = float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return number if math.isfinite(number) else None


def point_latex(point: Point) -> str:
    """`x = 2, y = -\\frac{1}{2}` for a point."""
    return ", ".join(
        f"{sympy.latex(symbol)} = {sympy.latex(value)}"
        for symbol, value in sorted(point.items(), key=lambda item: str(item[0]))
    )


def _defined(expr: sympy.Expr | None, point: Point) -> bool:
    """Real and finite at the point; an expression in other variables (x(r, s)) is not judged."""
    if expr is None or not expr.free_symbols <= set(point):
        return True
    return numeric_value(expr, point) is not None


def _function(problem: ProblemSpec) -> sympy.Expr | None:
    try:
        parsed = parse_answer(
            problem.function,
            problem.variables,
            functions=tuple(problem.functions),
            limits=KEY_LIMITS,
        )
    except StudentInputError:
        return None
    return parsed.expr if isinstance(parsed, ParsedExpression) else None


def _given_point(
    problem: ProblemSpec, part: PartSpec, symbols: Sequence[sympy.Symbol]
) -> dict[sympy.Symbol, sympy.Expr] | None:
    point: dict[sympy.Symbol, sympy.Expr] = {}
    for symbol in symbols:
        text = (part.at or {}).get(str(symbol))
        if text is None:
            return None
        try:
            parsed = parse_answer(text, problem.variables, limits=KEY_LIMITS)
        except StudentInputError:
            return None
        if not isinstance(parsed, ParsedExpression):
            return None
        point[symbol] = parsed.expr
    return point
