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
from generator.parsing.notation import (
    column_vector,
    is_empty_set,
    with_decimal_points,
    without_label,
    without_stop,
)
from generator.parsing.results import (
    Parsed,
    ParsedEquation,
    ParsedExpression,
    ParsedSet,
    ParsedTuple,
)
from generator.parsing.shapes import (
    as_vector,
    function_notation,
    named_in_set,
    refuse_function_name,
    unit_vectors,
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
    kind: str | None = None,
) -> Parsed:
    """Read an answer in the given variables (names or sympy Symbols, used as given).

    `functions` declares extra function names (abstract `f`, `g`); raises StudentInputError.
    `kind` is the answer the checker asks for ("set", "tuple", "equation", …): a set is read
    however students write one (`x = ±1`, `1 or -1`), a tuple may use unit vectors i, j, k or a
    LaTeX `pmatrix`, an equation may start `y(x) =`, an expression or a number may follow a
    derivative's name (`dy/dx = 6x`) or use a decimal comma (`0,5`), and `∅` or `none` is an
    empty set. A single final full stop is a sentence's, not the answer's. Without `kind`, every
    answer is read by its own shape.
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
    units = unit_vectors(kind, {symbol.name for symbol in symbols})
    source = without_stop(normalize(text))
    if is_empty_set(source, kind):
        return ParsedSet(())
    vocab = vocabulary((*symbols, *units), tuple(functions))
    source = column_vector(without_label(source, kind, vocab), kind)
    named = named_in_set(kind, source, vocab)
    if named:
        vocab = vocabulary((*symbols, *named), tuple(functions))
    if kind == "equation":
        refuse_function_name(source, vocab)
    decimal = with_decimal_points(source, kind)
    tokens = tokenize(decimal, vocab, limits, semicolons=kind == "set")
    if decimal is not source and any(token.kind == "func" for token in tokens):
        tokens = tokenize(source, vocab, limits)  # `sin 0,5`: not a decimal comma's place
    else:
        source = decimal
    if kind == "equation":
        tokens = function_notation(tokens)
    parsed = parse_tokens(source, tokens, limits, kind=kind)
    return as_vector(parsed, units, source, len(symbols)) if units else parsed


def _symbol(variable: str | sympy.Symbol) -> sympy.Symbol:
    if isinstance(variable, sympy.Symbol):
        return variable
    if not (variable.isascii() and variable.isalnum() and variable[0].isalpha()):
        raise ValueError(f"a variable name is letters and digits, not {variable!r}")
    return sympy.Symbol(variable)
