"""Properties of the rule engine over generated functions (hypothesis shrinks failures)."""

from __future__ import annotations

import random

import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.rules.asks import work
from generator.rules.diagnosis import diagnose_task, mal_answers_for
from generator.rules.selfcheck import line_holds
from generator.rules.task import Task

x, y = sp.symbols("x y")

LEAVES = st.sampled_from([x, y, x**2, 2 * x - 1, x * y, sp.Integer(3), sp.Rational(1, 2)])
UNARY = [
    sp.sin,
    sp.cos,
    sp.tan,
    sp.exp,
    lambda u: sp.log(u**2 + 1),
    lambda u: sp.sqrt(u**2 + 4),
    lambda u: u**3,
    lambda u: 2**u,
    lambda u: 1 / (u**2 + 1),
]
BINARY = [
    lambda a, b: a + b,
    lambda a, b: a * b,
    lambda a, b: a / (b**2 + 1),
    lambda a, b: a - 3 * b,
]


def _extend(children: st.SearchStrategy[sp.Expr]) -> st.SearchStrategy[sp.Expr]:
    unary = st.tuples(st.sampled_from(UNARY), children).map(lambda t: t[0](t[1]))
    binary = st.tuples(st.sampled_from(BINARY), children, children).map(lambda t: t[0](t[1], t[2]))
    return unary | binary


FUNCTIONS = st.recursive(LEAVES, _extend, max_leaves=4).filter(lambda f: f.has(x))
SETTINGS = settings(
    max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(FUNCTIONS, st.sampled_from(["auto", "quotient", "power"]))
def test_partial_derivative_steps_hold(function: sp.Expr, style: str) -> None:
    """∂/∂x of any generated f(x, y): every step is a true equality, the last is sympy's result."""
    task = Task(function=function, variables=(x, y), ask="partial", wrt=(x,))
    worked = work(task, style=style)  # type: ignore[arg-type]
    rng = random.Random(1)
    assert all(line_holds(line, rng) for line in worked.lines)
    assert worked.value == sp.diff(function, x)


@SETTINGS
@given(FUNCTIONS)
def test_each_misconception_answer_is_diagnosed_as_itself(function: sp.Expr) -> None:
    """A misconception's own answer is diagnosed as that misconception or an earlier-tried one
    giving the same answer; the key is never diagnosed."""
    task = Task(function=function, variables=(x, y), ask="partial", wrt=(x,))
    candidates = mal_answers_for(task)
    assert diagnose_task(task, sp.diff(function, x)) is None
    for candidate in candidates[:4]:
        diagnosis = diagnose_task(task, candidate.expr)
        assert diagnosis is not None
        earlier = [c.id for c in candidates[: candidates.index(candidate) + 1]]
        assert diagnosis.id in earlier
