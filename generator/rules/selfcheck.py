"""Self-check of worked steps: each line is a true equality, checked numerically at random points.

Used by the tests and by `bench/steps.py` over the shipped bank; independent of the printers.
"""

from __future__ import annotations

import random

import sympy as sp

from generator.rules.lines import Line

Y = sp.Symbol("y")
_POINTS = 3
_TRIES = 20


def numerically_equal(
    lhs: sp.Expr, rhs: sp.Expr, rng: random.Random, inner: dict[sp.Symbol, sp.Expr] | None = None
) -> bool:
    """lhs = rhs (derivatives and limits done) at three random points where both are defined."""
    left, right = lhs.doit(), rhs.doit()
    if inner:
        left, right = left.xreplace(inner), right.xreplace(inner)
    symbols = sorted(left.free_symbols | right.free_symbols, key=str)
    checked = 0
    for _ in range(_TRIES):
        point = {s: sp.Rational(rng.randint(3, 27), 10) for s in symbols}
        try:
            a = complex(left.xreplace(point).evalf(30))
            b = complex(right.xreplace(point).evalf(30))
        except (TypeError, ZeroDivisionError):
            continue
        if abs(a - b) > 1e-9 * max(abs(a), abs(b)) + 1e-25:
            return False
        checked += 1
        if checked == _POINTS:
            return True
    return checked > 0


def line_holds(
    line: Line, rng: random.Random, inner: dict[sp.Symbol, sp.Expr] | None = None
) -> bool:
    """One line holds: expressions numerically, tuples by component, solution sets exactly."""
    lhs, rhs = line.lhs, line.rhs
    if lhs == Y:  # "y = …" defines the tangent line; its right side is checked against the key
        return True
    if isinstance(lhs, sp.ConditionSet):
        found = sp.solveset(lhs.condition.lhs - lhs.condition.rhs, lhs.sym, sp.S.Reals)
        return bool(found == rhs)
    if isinstance(lhs, sp.Subs) and isinstance(lhs.expr, sp.Tuple):
        lhs = sp.Tuple(*[sp.Subs(item, *lhs.args[1:]) for item in lhs.expr])
    if isinstance(lhs, sp.Tuple):
        return all(numerically_equal(a, b, rng, inner) for a, b in zip(lhs, rhs, strict=True))
    return numerically_equal(lhs, rhs, rng, inner)
