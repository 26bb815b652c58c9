"""What a comparison needs to know about an expression before sampling it, in one walk.

A comparison needs each side's fingerprint (its seed), its free symbols, and whether it holds a
decimal or an abstract function (which are rewritten first). sympy answers these with three
walks (`atoms`, `free_symbols`, and the fingerprint); for the plain expressions students type —
numbers, symbols, sums, products, powers, applied functions — one walk gives the same answers.
Anything else (a decimal, f(x), or a node that may bind variables such as a derivative or an
integral) raises `Unusual`, and the caller takes sympy's general route.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import sympy
from sympy.core.function import AppliedUndef


class Unusual(Exception):
    """The expression needs sympy's general machinery (rewriting, or bound variables)."""


def survey(expr: sympy.Basic, symbols: set[sympy.Symbol]) -> str:
    """`fingerprint(expr)`, adding `expr.free_symbols` to `symbols`; Unusual if not plain."""
    args = expr.args
    if not args:
        if isinstance(expr, sympy.Symbol):
            symbols.add(expr)
            return f"Symbol:{expr.name}"
        if isinstance(expr, sympy.Rational):
            return f"{expr.p}/{expr.q}"
        if isinstance(expr, sympy.Float) or not isinstance(expr, _PLAIN_ATOMS):
            raise Unusual(type(expr).__name__)
        return type(expr).__name__
    kind = type(expr)
    if kind not in _PLAIN_NODES and (
        not isinstance(expr, sympy.Function) or isinstance(expr, AppliedUndef)
    ):
        raise Unusual(kind.__name__)
    children = ",".join([survey(arg, symbols) for arg in args])
    return f"{kind.__name__}({children})"


@lru_cache(maxsize=1024)
def surveyed(expr: sympy.Basic) -> tuple[str, frozenset[sympy.Symbol]]:
    """`survey` once per expression: a key meets every answer to its part (and a class types
    the same answer many times). Unusual is raised again on each call, never cached."""
    symbols: set[sympy.Symbol] = set()
    return survey(expr, symbols), frozenset(symbols)


def fingerprint(expr: sympy.Basic) -> str:
    """The tree as text (like `srepr`, at a fraction of its cost): type names, names and numbers."""
    if not expr.args:
        if isinstance(expr, sympy.Symbol):
            return f"Symbol:{expr.name}"
        if isinstance(expr, sympy.Rational):
            return f"{expr.p}/{expr.q}"
        return type(expr).__name__
    children = ",".join(fingerprint(arg) for arg in expr.args)
    return f"{type(expr).__name__}({children})"


def seed_of(key_print: str, answer_print: str) -> int:
    """A seed that depends only on the two fingerprints: every machine samples the same points."""
    text = f"{key_print}\0{answer_print}".encode()
    return int.from_bytes(hashlib.sha256(text).digest()[:8], "big")


# Atoms without free symbols (numbers, pi, E, I, oo …) and nodes whose free symbols are their
# arguments'.
_PLAIN_ATOMS = (sympy.Number, sympy.NumberSymbol, sympy.core.numbers.ImaginaryUnit)
_PLAIN_NODES = frozenset({sympy.Add, sympy.Mul, sympy.Pow})
