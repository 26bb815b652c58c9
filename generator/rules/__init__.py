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
"""Every id the diagnosis of a derivative can return, in the order it tries them."""

ASK_MISCONCEPTIONS: tuple[str, ...] = (
    "secant_order_mixed",
    "secant_not_divided",
    "secant_inverted",
    "secant_tangent_slope",
    "tangent_slope_is_height",
    "tangent_slope_not_evaluated",
    "tangent_normal_line",
    "tangent_wrong_point",
    "tangent_point_sign",
    "gradient_swapped",
    "gradient_not_evaluated",
    "gradient_evaluated",
    "norm_no_square_root",
    "norm_sum_of_components",
    "direction_not_unit",
    "direction_is_point",
    "directional_is_gradient_norm",
    "stationary_zeros_of_function",
    "stationary_zeros_of_second_derivative",
    "stationary_values",
)
"""The ids of mistakes beyond differentiating (`answer_diagnosis`): a secant, tangent line,
gradient, its length, a directional derivative or stationary points built wrongly. A rule
misapplied on the way keeps the rule's id from MISCONCEPTIONS."""

__all__ = [
    "ASK_MISCONCEPTIONS",
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
