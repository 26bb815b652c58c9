"""The rule engine: worked steps, mal-rules and diagnosis from one step-by-step differentiator.

`explain` / `explain_expression` give worked solutions; `mal_answers`, `diagnose` and
`distractors` give what a student with a known misconception answers, which misconception
explains a wrong answer, and the wrong options of a multiple-choice part.
"""

from __future__ import annotations

from generator.rules.diagnosis import (
    MalAnswer,
    coinciding_mal_rules,
    diagnose,
    diagnose_expression,
    distractors,
    mal_answers,
)
from generator.rules.differentiator import STYLES, Style
from generator.rules.lines import plain_message
from generator.rules.malrules import MAL_RULES
from generator.rules.solution import (
    explain,
    explain_expression,
    explain_text,
    format_solution,
)

MISCONCEPTIONS: tuple[str, ...] = (
    *dict.fromkeys(rule.id for rule in MAL_RULES),
    "partial_wrong_variable",
    "partial_other_variable_not_constant",
    "wrong_order",
    "sign_error",
    "constant_factor",
)
"""Every id diagnosis can return, in the order it tries them."""

__all__ = [
    "MAL_RULES",
    "MISCONCEPTIONS",
    "STYLES",
    "MalAnswer",
    "Style",
    "coinciding_mal_rules",
    "diagnose",
    "diagnose_expression",
    "distractors",
    "explain",
    "explain_expression",
    "explain_text",
    "format_solution",
    "mal_answers",
    "plain_message",
]
