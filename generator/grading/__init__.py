"""Grading a class: manifest + submissions → gradebook, feedback pages and item analysis.

The stages, each in its own module: `submissions` reads the teacher's file, `layout` maps the
manifest's parts to submission columns, `matching` pairs rows with forms and lists what cannot be
graded as given, `engine` checks every distinct answer once (in parallel), `analysis` sums up the
class, and `outputs`/`feedback` write the files. `api.grade` composes them in that order.
"""

from __future__ import annotations

from generator.grading.api import grade
from generator.grading.policy import Policy, read_policy
from generator.grading.records import GradeReport

__all__ = ["GradeReport", "Policy", "grade", "read_policy"]
