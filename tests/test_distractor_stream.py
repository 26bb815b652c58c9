"""The lazy distractor stream picks exactly what the full candidate list would (issue 3 speed)."""

from __future__ import annotations

from itertools import islice

import pytest
import sympy as sp

from generator.equivalence import equivalent
from generator.rules.diagnosis import (
    _first_bite,
    distractor_stream,
    distractors_for,
    key_of,
    mal_answers_for,
)
from generator.rules.differentiator import STYLES, mal_derivative
from generator.rules.malrules import MAL_RULES
from generator.rules.task import Task

x, y = sp.symbols("x y")

TASKS = {
    "chain": Task(function=sp.sin(x**3 - 3 * x), variables=(x,)),
    "quotient": Task(function=(x**2 + 1) / (x - 1), variables=(x,)),
    "second order": Task(function=x**3 * sp.exp(x), variables=(x,), order=2),
    "partial": Task(function=x**2 * y + sp.sin(y), variables=(x, y), ask="partial", wrt=(x,)),
    "at a point": Task(function=x**4 - 2 * x, variables=(x,), at=(sp.Integer(2),)),
}


def _greedy(task: Task, n: int) -> list[tuple[str, sp.Expr]]:
    """The old definition: every candidate made, sorted by depth, then chosen greedily."""
    key = key_of(task)
    chosen: list[tuple[str, sp.Expr]] = []
    for candidate in sorted(mal_answers_for(task), key=lambda m: m.depth):
        if len(chosen) == n:
            break
        pair = tuple(sorted(candidate.expr.free_symbols | key.free_symbols, key=str))
        if not any(equivalent(candidate.expr, expr, pair) for _, expr in chosen):
            chosen.append((candidate.id, candidate.expr))
    return chosen


@pytest.mark.parametrize("task", TASKS.values(), ids=TASKS.keys())
def test_stream_matches_the_full_list(task: Task) -> None:
    expected = _greedy(task, 5)
    assert [(m.id, m.expr) for m in distractors_for(task, 5)] == expected
    assert [(m.id, m.expr) for m in islice(distractor_stream(task), 2)] == expected[:2]


def test_stream_of_an_undiagnosed_ask_is_empty() -> None:
    task = Task(function=x**2, variables=(x,), ask="tangent_line", at=(sp.Integer(1),))
    assert list(distractor_stream(task)) == []


BITTEN = [
    x**3 * sp.sin(2 * x + 1),
    (x**2 + 1) / (x - 1) ** 2,
    sp.exp(3 * x) / x + 5,
    sp.log(x**2 + 1, 2) - 2**x,
    sp.tan(x) ** 2 + sp.cos(1 / x),
]


@pytest.mark.parametrize("function", BITTEN, ids=str)
def test_where_a_mal_rule_bites_is_read_off_the_correct_run(function: sp.Expr) -> None:
    """The depth predicted without running a mal-rule is the depth its own run reports."""
    for style in STYLES:
        for mal in MAL_RULES:
            run = mal_derivative(function, x, mal, style=style)
            assert _first_bite(function, (x,), mal, style) == (None if run is None else run[2])
