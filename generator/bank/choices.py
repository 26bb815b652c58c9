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
from itertools import islice

import sympy

from generator.equivalence import equivalent
from generator.latex import house_str
from generator.model import Choice
from generator.rules.diagnosis import distractor_stream
from generator.rules.printing import latex
from generator.rules.task import Task
from generator.solve import Key

CHOICE_LABELS = "ABCDEF"


@dataclass(frozen=True)
class WrongOption:
    """A wrong answer to offer, with the misconception it comes from."""

    diagnosis: str
    expr: sympy.Expr


def wrong_options(
    task: Task, key: sympy.Expr, own: Sequence[WrongOption], count: int
) -> list[WrongOption]:
    """Up to `count` wrong answers to the task, pairwise non-equivalent and none equivalent to
    the key."""
    chosen: list[WrongOption] = []
    for candidate in own:
        if len(chosen) < count and not _same_as_any(candidate.expr, [key, *_exprs(chosen)]):
            chosen.append(candidate)
    authored = _exprs(chosen)
    # Up to count + len(own) distractors, made one at a time and only while options are missing
    # (the later ones cost the most); they already differ from the key and from each other.
    stream = islice(distractor_stream(task), count + len(own))
    while len(chosen) < count:
        mal = next(stream, None)
        if mal is None:
            break
        if not _same_as_any(mal.expr, authored):
            chosen.append(WrongOption(mal.id, mal.expr))
    return chosen


def _exprs(options: Sequence[WrongOption]) -> list[sympy.Expr]:
    return [option.expr for option in options]


def _same_as_any(a: sympy.Expr, others: Sequence[sympy.Expr]) -> bool:
    return any(_same(a, other) for other in others)


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
            answer=house_str(option.expr),
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
