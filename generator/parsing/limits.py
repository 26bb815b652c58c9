"""Bounds on the work one parse may cause, checked before the work is done.

A student's text is hostile until read: every number, power and factorial is sized from its operands
before sympy is asked to compute it, so no input can make the parser (or a later numeric check) run
away with time or memory.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """The bounds of one parse; keys from a trusted bank may use a roomier instance (KEY_LIMITS)."""

    max_length: int = 2000
    """Characters of input, checked before anything else."""
    max_depth: int = 60
    """Nesting of brackets, absolute values, function arguments and powers."""
    max_literal_digits: int = 100
    """Digits of one number as typed."""
    max_result_digits: int = 4000
    """Digits of a number the parser computes (below Python's 4300-digit int-to-text limit)."""
    max_exponent: int = 10_000
    """Largest |numeric exponent| (x^6000 is fine, x^(10^100) is not)."""
    max_factorial: int = 1000
    """Largest integer whose factorial is computed."""


DEFAULT_LIMITS = Limits()
KEY_LIMITS = Limits(max_length=20_000, max_depth=80)


def integer_digits(value: int) -> int:
    """Decimal digits of |value|, from its bit length (no conversion to text)."""
    return max(1, math.ceil(abs(value).bit_length() * math.log10(2)))
