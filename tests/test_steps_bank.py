"""The worked steps of every shipped template hold and end on the manifest's key (issue 4)."""

from __future__ import annotations

import random

import pytest
import sympy as sp

from generator.bank import instantiate, load_banks
from generator.model import PartSpec, ProblemSpec
from generator.parsing import Parsed, ParsedEquation, ParsedSet, parse_answer
from generator.rules.asks import work
from generator.rules.diagnosis import key_of, mal_answers_for
from generator.rules.selfcheck import line_holds, numerically_equal
from generator.rules.task import read_expression, task_of

SEEDS = (1,)  # bench/steps.py runs many more
BANK = load_banks()
PARTS = [
    pytest.param(problem, part, id=f"{problem.template}#{seed}.{part.label}")
    for template in BANK.templates
    for seed in SEEDS
    for problem in [instantiate(template, seed)]
    for part in problem.parts
]


@pytest.mark.parametrize(("problem", "part"), PARTS)
def test_shipped_parts_have_true_steps_ending_on_the_key(
    problem: ProblemSpec, part: PartSpec
) -> None:
    """Every step holds and the steps arrive at the manifest's key (an expression key is the
    right side of the last step itself)."""
    task = task_of(problem, part)
    worked = work(task)
    rng = random.Random(problem.seed)
    for line in worked.lines:
        assert line_holds(line, rng, task.inner), line.to_step().text
    if part.kind == "expression":
        assert worked.lines[-1].rhs == task.key
    elif part.kind == "number":
        assert numerically_equal(worked.value, read_expression(part.answer, ()), rng)
    elif part.kind == "choice":
        assert str(worked.value) == part.answer
    else:
        assert _same(worked.value, parse_answer(part.answer, problem.variables), rng)


def _same(value: sp.Basic, parsed: Parsed, rng: random.Random) -> bool:
    """The value reached equals the key as the parser reads it (sets in any order)."""
    if isinstance(parsed, ParsedEquation):
        return numerically_equal(value.rhs, parsed.rhs, rng)  # type: ignore[attr-defined]
    items = parsed.items  # type: ignore[union-attr]
    if isinstance(parsed, ParsedSet):
        return len(value.args) == len(items) and all(
            any(numerically_equal(v, item, rng) for item in items) for v in value.args
        )
    if all(isinstance(item, sp.Symbol) for item in items):
        return tuple(map(str, value.args)) == tuple(map(str, items))
    return all(numerically_equal(v, item, rng) for v, item in zip(value.args, items, strict=True))


@pytest.mark.parametrize(("problem", "part"), PARTS)
def test_shipped_mal_answers_differ_from_the_key(problem: ProblemSpec, part: PartSpec) -> None:
    """No misconception's answer is the key (a choice built from them is never a second key)."""
    task = task_of(problem, part)
    if part.kind not in ("expression", "number"):
        assert mal_answers_for(task) == []
        return
    key = key_of(task)
    rng = random.Random(problem.seed)
    for candidate in mal_answers_for(task):
        assert not numerically_equal(candidate.expr, key, rng), candidate.id
