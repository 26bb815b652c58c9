"""Decide equivalence of sympy objects, by answer kind (DESIGN.md, "Answer kinds").

`expressions` holds the layered comparison of two expressions that everything else builds on;
`kinds` the numbers, sets, tuples and equations; `choice` the labels such as max / min / neither.
"""

from __future__ import annotations

from generator.equivalence.choice import canonical_label, compare_choices
from generator.equivalence.expressions import (
    Outcome,
    Tolerance,
    compare_expressions,
    equivalent,
)
from generator.equivalence.kinds import (
    DEFAULT_NUMBER_TOLERANCE,
    SetMatch,
    combine,
    compare_equations,
    compare_items,
    compare_numbers,
    compare_tuples,
    match_sets,
)

__all__ = [
    "DEFAULT_NUMBER_TOLERANCE",
    "Outcome",
    "SetMatch",
    "Tolerance",
    "canonical_label",
    "combine",
    "compare_choices",
    "compare_equations",
    "compare_expressions",
    "compare_items",
    "compare_numbers",
    "compare_tuples",
    "equivalent",
    "match_sets",
]
