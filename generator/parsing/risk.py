"""A cheap structural estimate, from the text alone, of whether reading and checking it is safe.

The parser bounds every number and power it builds, but sympy evaluates as it builds, and contrived
input (a hyperbolic function of an expression holding `x^664`, chains of inverse functions with
complex values) can still keep its assumption system busy for seconds. Such text looks unlike an
ordinary answer: it is long, deeply nested, calls many functions, or holds large numbers.
The checker reads text this estimate calls safe in-process (the fast path) and everything else in
the bounded worker (`generator.sandbox`), so a runaway is stopped by a hard limit, never awaited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FUNCTION = re.compile(
    r"(?:arc|a)?(?:sin|cos|tan|sec|csc|cot)h?|exp|log|ln|sqrt|√|abs|factorial|!|\|",
)
_INVERSE = re.compile(r"(?:arc|a)(?:sin|cos|tan|sec|csc|cot)h?|\^\s*\(?\s*-\s*1\b")
_DIGITS = re.compile(r"\d+")
_OPENING = frozenset("([{")
_CLOSING = frozenset(")]}")


@dataclass(frozen=True)
class RiskBounds:
    """What an ordinary answer stays within; beyond any of these, text is read in the worker."""

    max_length: int = 400
    max_depth: int = 6
    max_calls: int = 16
    """Function names (and absolute-value bars, factorials) in the text."""
    max_inverse: int = 2
    """Inverse functions nested inside one another (they take complex values, and chains of
    them are costly); the same inverse function side by side, as in a second derivative of
    x²·atan(x), is ordinary."""
    max_digits: int = 2
    """Digits of one number in text that calls a function (`tanh(x^664)`, `tan 1500`); a
    polynomial's long coefficients are bounded by the parser alone."""


SAFE = RiskBounds()


def is_risky(text: str, bounds: RiskBounds = SAFE) -> bool:
    """True when `text` is not plainly an ordinary answer, judged without parsing it."""
    if len(text) > bounds.max_length:
        return True
    if _depth(text) > bounds.max_depth:
        return True
    calls = len(_FUNCTION.findall(text))
    if calls > bounds.max_calls:
        return True
    if _inverse_nesting(text) > bounds.max_inverse:
        return True
    return calls > 0 and any(len(run) > bounds.max_digits for run in _DIGITS.findall(text))


def _depth(text: str) -> int:
    """The deepest bracket nesting (unbalanced text still counts by its openings)."""
    depth = deepest = 0
    for character in text:
        if character in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
        elif character in _CLOSING:
            depth = max(0, depth - 1)
    return deepest


def _inverse_nesting(text: str) -> int:
    """How many inverse functions stand inside one another at the deepest point of the text.

    A bracket opened right after an inverse function's name holds its argument; an inverse name
    met while n such brackets are open is the (n + 1)-th link of a chain.
    """
    if _INVERSE.search(text) is None:
        return 0  # most answers hold no inverse function: no walk over their characters
    inside: list[bool] = []
    deepest = 0
    position = 0
    while position < len(text):
        match = _INVERSE.match(text, position)
        if match:
            link = sum(inside) + 1
            deepest = max(deepest, link)
            position = match.end()
            while position < len(text) and text[position].isspace():
                position += 1
            if position < len(text) and text[position] in _OPENING:
                inside.append(True)
                position += 1
            continue
        character = text[position]
        if character in _OPENING:
            inside.append(False)
        elif character in _CLOSING and inside:
            inside.pop()
        position += 1
    return deepest
