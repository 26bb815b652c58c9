"""Student (and key) text → sympy objects, through a whitelist grammar; never eval/sympify.

The pipeline is four visible steps: bound the length, normalise the notation (keeping a map back to
the student's characters), tokenize against the names this check declares, parse with a bounded
Pratt parser. Every failure is a `StudentInputError` whose offset points into the original text.
"""

from __future__ import annotations

from collections.abc import Iterable

import sympy

from generator.errors import StudentInputError
from generator.i18n import N_
from generator.parsing.grammar import parse_tokens
from generator.parsing.limits import DEFAULT_LIMITS, KEY_LIMITS, Limits
from generator.parsing.results import (
    Parsed,
    ParsedEquation,
    ParsedExpression,
    ParsedSet,
    ParsedTuple,
)
from generator.parsing.source import normalize
from generator.parsing.tokens import tokenize, vocabulary

__all__ = [
    "DEFAULT_LIMITS",
    "KEY_LIMITS",
    "Limits",
    "Parsed",
    "ParsedEquation",
    "ParsedExpression",
    "ParsedSet",
    "ParsedTuple",
    "parse_answer",
]


def parse_answer(
    text: str,
    variables: Iterable[str | sympy.Symbol],
    *,
    functions: Iterable[str] = (),
    limits: Limits = DEFAULT_LIMITS,
) -> Parsed:
    """Read an answer in the given variables (names or sympy Symbols, used as given).

    `functions` declares extra function names (abstract `f`, `g`); raises StudentInputError.
    """
    if len(text) > limits.max_length:
        raise StudentInputError(
            "too_long",
            N_("The answer is too long ({count} characters; at most {limit})."),
            text=text,
            offset=limits.max_length,
            count=len(text),
            limit=limits.max_length,
        )
    symbols = tuple(_symbol(variable) for variable in variables)
    source = normalize(text)
    tokens = tokenize(source, vocabulary(symbols, tuple(functions)), limits)
    return parse_tokens(source, tokens, limits)


def _symbol(variable: str | sympy.Symbol) -> sympy.Symbol:
    if isinstance(variable, sympy.Symbol):
        return variable
    if not (variable.isascii() and variable.isalnum() and variable[0].isalpha()):
        raise ValueError(f"a variable name is letters and digits, not {variable!r}")
    return sympy.Symbol(variable)
