"""A cheap structural estimate, from the text alone, of whether reading and checking it is safe.

The parser bounds every number and power it builds, but sympy evaluates as it builds, and contrived
input (a hyperbolic function of an expression holding `x^664`, or of a power inside another
function, chains of inverse functions with complex values) can still keep its assumption system
busy for seconds or minutes. Such text looks unlike an
ordinary answer: it is long, deeply nested, calls many functions, or holds large numbers.
The checker reads text this estimate calls safe in-process (the fast path) and everything else in
the bounded worker (`generator.sandbox`), so a runaway is stopped by a hard limit, never awaited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.parsing.names import FUNCTIONS

_FUNCTION = re.compile(
    r"(?:arc|a)?(?:sin|cos|tan|sec|csc|cot)h?|exp|log|ln|sqrt|√|abs|factorial|!|\|",
)
_HYPERBOLIC = re.compile(r"(?:sin|cos|tan|sec|csc|cot)h")
_CALL = re.compile(
    "|".join(re.escape(name) for name in sorted(FUNCTIONS, key=len, reverse=True)) + r"|√|∛|e\s*\^"
)
"""Every function's name in any spelling (longest first: `arcsinh` before `arcsin`), and `e^`."""
_INVERSE = re.compile(r"(?:arc|a)(?:sin|cos|tan|sec|csc|cot)h?|\^\s*\(?\s*-\s*1\b")
_DIGITS = re.compile(r"\d+")
_MARKS = frozenset("|!")
"""Bars and factorial signs: they count wherever they stand, even before a bracket."""
_BRACKET = re.compile(r"[()\[\]{}]")
_OPENING = frozenset("([{")
_CLOSING = frozenset(")]}")


@dataclass(frozen=True)
class RiskBounds:
    """What an ordinary answer stays within; beyond any of these, text is read in the worker."""

    max_length: int = 1000
    """Length of text that calls a function. Fuzzed with 1,400 random texts of 400-2,000
    characters within the other bounds (up to 16 calls, some of 60-term arguments, hyperbolic
    ones among them), the slowest in-process check took 0.6 s with both cores busy; half that
    length is kept, as a margin for inputs searched out more cleverly than at random. An answer
    pasted from a CAS (an expanded product-rule derivative) is 500-700 characters."""
    max_plain_length: int = 2000
    """Length of text that calls no function (no name in any spelling, `e^`, root sign, bar or
    factorial): a polynomial or rational
    function, however long, is bounded by the parser alone (its numbers, powers and estimated
    sizes), and nothing in it sets sympy's assumptions recursing through a function's argument.
    Fuzzed up to this length (2,000 characters, the length of an answer), such text is read and
    checked in-process in at most about 0.1 s, where the worker adds 30 ms and more for the fork
    and the copies its writes cause."""
    max_depth: int = 6
    max_calls: int = 16
    """Different calls in the text: function names with their bracketed arguments (the same
    call written again, `sin(3x)` in every term of an expanded derivative, is built once),
    and each absolute-value bar, factorial and call without brackets."""
    max_inverse: int = 2
    """Inverse functions nested inside one another (they take complex values, and chains of
    them are costly); the same inverse function side by side, as in a second derivative of
    x²·atan(x), is ordinary."""
    max_digits: int = 2
    """Digits of one number in text that calls a function (`tanh(x^664)`, `tan 1500`); a
    polynomial's long coefficients are bounded by the parser alone."""
    max_hyperbolic_digits: int = 1
    """Digits of one number in text that calls a hyperbolic function. To settle whether sinh(u)
    is real, sympy splits u into real and imaginary parts: a power with a two-digit exponent
    (`cosh(y^-22)`) makes that a sum of thousands of terms, for seconds or minutes."""
    hyperbolic_nesting: bool = False
    """Whether a hyperbolic function may stand inside or around another function: the splitting
    compounds through each one (`e^(sinh(e^((y+1)^-9)))` takes seconds); an ordinary answer
    holds it alone (2x·sinh(x²))."""


SAFE = RiskBounds()


def is_risky(text: str, bounds: RiskBounds = SAFE) -> bool:
    """True when `text` is not plainly an ordinary answer, judged without parsing it."""
    if len(text) > bounds.max_plain_length:
        return True
    depth, closings = _brackets(text)
    if depth > bounds.max_depth:
        return True
    calls = _distinct_calls(text, closings)
    if calls > bounds.max_calls:
        return True
    if len(text) > bounds.max_length and (calls or _CALL.search(text)):
        return True
    if _inverse_nesting(text) > bounds.max_inverse:
        return True
    if calls == 0:
        return False
    longest = max((len(run) for run in _DIGITS.findall(text)), default=0)
    if longest > bounds.max_digits:
        return True
    if _HYPERBOLIC.search(text) is None:
        return False
    if longest > bounds.max_hyperbolic_digits:
        return True
    return not bounds.hyperbolic_nesting and _hyperbolic_nested(text)


def _distinct_calls(text: str, closings: dict[int, int]) -> int:
    """How many different calls the text makes: a name followed by a bracket counts once per
    different argument text (spaces aside); anything else counts wherever it stands."""
    seen: set[str] = set()
    others = 0
    for match in _FUNCTION.finditer(text):
        opening = match.end()
        while opening < len(text) and text[opening].isspace():
            opening += 1
        closing = closings.get(opening)
        if closing is None or match.group() in _MARKS:
            others += 1
        else:
            seen.add(match.group() + "".join(text[opening:closing].split()))
    return len(seen) + others


def _brackets(text: str) -> tuple[int, dict[int, int]]:
    """The deepest bracket nesting (unbalanced text still counts by its openings), and for each
    opening bracket that is closed, the index just past its closing one; one pass over the
    brackets alone."""
    stack: list[int] = []
    closings: dict[int, int] = {}
    deepest = 0
    for match in _BRACKET.finditer(text):
        if match.group() in _OPENING:
            stack.append(match.start())
            deepest = max(deepest, len(stack))
        elif stack:
            closings[stack.pop()] = match.end()
    return deepest, closings


def _hyperbolic_nested(text: str) -> bool:
    """Whether a hyperbolic function's call stands inside another function's call or holds one.

    A bracket opened right after a function's name (or after `e^`) holds its argument; a name
    followed by no bracket takes what follows it, so a function name right after a hyperbolic
    one's (`cosh sin x`), or a hyperbolic name right after another function's (`e^sinh x`), is
    nested too.
    """
    inside: list[str] = []  # per open bracket: "hyperbolic", "call" or "" (a plain bracket)
    position = 0
    previous = ""  # the function named just before (spaces between), when no bracket followed
    while position < len(text):
        match = _CALL.match(text, position)
        if match:
            kind = "hyperbolic" if _HYPERBOLIC.search(match.group()) else "call"
            enclosing = [k for k in inside if k]
            if kind == "hyperbolic" and (enclosing or previous):
                return True
            if "hyperbolic" in enclosing or previous == "hyperbolic":
                return True
            position = match.end()
            while position < len(text) and text[position].isspace():
                position += 1
            if position < len(text) and text[position] in _OPENING:
                inside.append(kind)
                position += 1
                previous = ""
            else:
                previous = kind
            continue
        character = text[position]
        if character in _OPENING:
            inside.append("")
        elif character in _CLOSING and inside:
            inside.pop()
        if not character.isspace():
            previous = ""
        position += 1
    return False


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
