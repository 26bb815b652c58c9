"""Multiple-choice options of a part: the key and wrong answers from misconceptions, lettered.

The wrong options are the template's own misconceptions for the part first (the author chose them
for this problem), then the rule engine's distractors (those of the outermost rule first). No two
options are equivalent, and none but the key is right. The order is shuffled from the instance's
seed, so the same seed always letters the same option A.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import sympy

from generator.equivalence import equivalent
from generator.model import Choice, PartSpec, ProblemSpec
from generator.rules import distractors
from generator.rules.printing import latex
from generator.solve import Key

CHOICE_LABELS = "ABCDEF"


@dataclass(frozen=True)
class WrongOption:
    """A wrong answer to offer, with the misconception it comes from."""

    diagnosis: str
    expr: sympy.Expr


def wrong_options(
    problem: ProblemSpec,
    part: PartSpec,
    key: sympy.Expr,
    own: Sequence[WrongOption],
    count: int,
) -> list[WrongOption]:
    """Up to `count` wrong answers, pairwise non-equivalent and none equivalent to the key."""
    chosen: list[WrongOption] = []
    candidates = [
        *own,
        *(WrongOption(mal.id, mal.expr) for mal in distractors(problem, part, count + len(own))),
    ]
    for candidate in candidates:
        if len(chosen) == count:
            break
        if not any(_same(candidate.expr, other) for other in [key, *(c.expr for c in chosen)]):
            chosen.append(candidate)
    return chosen


def _same(a: sympy.Expr, b: sympy.Expr) -> bool:
    return equivalent(a, b, sorted(a.free_symbols | b.free_symbols, key=str))


def lettered(key: Key, wrong: Sequence[WrongOption], seed: int, part_label: str) -> list[Choice]:
    """The key and the wrong options in a seeded order, labelled A, B, C, …"""
    options: list[Choice] = [
        Choice(label="", answer=key.text, answer_latex=key.latex, correct=True)
    ]
    options += [
        Choice(
            label="",
            answer=sympy.sstr(option.expr),
            answer_latex=latex(option.expr),
            diagnosis=option.diagnosis,
        )
        for option in wrong
    ]
    random.Random(f"choices:{seed}:{part_label}").shuffle(options)
    return [
        option.model_copy(update={"label": label})
        for label, option in zip(CHOICE_LABELS, options, strict=False)
    ]
