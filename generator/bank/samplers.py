"""Parameter domains: every parameter kind is a finite list of exact values, drawn uniformly.

Finite domains keep draws exact (no floats ever enter a key) and make the size of a template's
parameter space countable.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import sympy

from generator.bank.schema import ChoiceParam, IntParam, RationalParam, SignParam

Domain = tuple[sympy.Expr, ...]


def int_domain(param: IntParam) -> Domain:
    """min..max without the excluded integers."""
    excluded = set(param.exclude)
    return tuple(sympy.Integer(n) for n in range(param.min, param.max + 1) if n not in excluded)


def rational_domain(param: RationalParam, excluded: Sequence[sympy.Expr]) -> Domain:
    """Distinct p/q in lowest terms, in increasing order; whole numbers skipped when `proper`."""
    values = {
        sympy.Rational(p, q) for p in range(param.min, param.max + 1) for q in param.denominators
    }
    kept = (v for v in values if not (param.proper and v.is_integer) and v not in set(excluded))
    return tuple(sorted(kept))


def sign_domain(_param: SignParam) -> Domain:
    """+1 and -1."""
    return (sympy.Integer(1), sympy.Integer(-1))


def choice_domain(_param: ChoiceParam, values: Sequence[sympy.Expr]) -> Domain:
    """The listed values, each once, in the author's order."""
    return tuple(dict.fromkeys(values))


def draw(domain: Domain, rng: random.Random) -> sympy.Expr:
    """One value of the domain, uniformly."""
    return domain[rng.randrange(len(domain))]
