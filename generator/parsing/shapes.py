"""Kind-aware readings: what a notation means depends on the answer the checker asks for.

A gradient typed with unit vectors (`2x i + 2y j`) is a vector only where a tuple is asked and
i, j, k are not variables of the problem; `y(x) = 3x - 2` names the line y only where an
equation is asked. Sets are read by the grammar itself (`_Parser.set_answer`).
"""

from __future__ import annotations

import re

import sympy

from generator.i18n import N_
from generator.parsing.results import Parsed, ParsedEquation, ParsedExpression, ParsedTuple
from generator.parsing.source import Source
from generator.parsing.tokens import Token, Vocabulary

UNIT_NAMES = ("i", "j", "k")
_FUNCTION_LHS = re.compile(r" *([A-Za-z]) *\( *([A-Za-z]) *\) *=")
_NAMED_LHS = re.compile(
    r"(?:^|[,;{和或]|\band\b|\bor\b) *(\( *[A-Za-z](?: *, *[A-Za-z])* *\)|[A-Za-z]) *=(?!=)",
    re.IGNORECASE,
)


def unit_vectors(kind: str | None, declared: set[str]) -> tuple[sympy.Symbol, ...]:
    """The unit vectors this reading knows: i, j, k for a tuple answer that does not use them."""
    if kind != "tuple" or declared & set(UNIT_NAMES):
        return ()
    return tuple(sympy.Symbol(name) for name in UNIT_NAMES)


def named_in_set(kind: str | None, source: Source, vocab: Vocabulary) -> tuple[sympy.Symbol, ...]:
    """The letters a set answer names before `=` (`x = ±1`) that the problem did not declare.

    A key such as `{-1, 1}` has no variables, yet students name the one they solved for.
    """
    if kind != "set":
        return ()
    letters = {
        letter
        for match in _NAMED_LHS.finditer(source.text)
        for letter in re.findall(r"[A-Za-z]", match.group(1))
    }
    return tuple(sympy.Symbol(letter) for letter in sorted(letters) if not vocab.knows(letter))


def as_vector(
    parsed: Parsed, units: tuple[sympy.Symbol, ...], source: Source, dimension: int
) -> Parsed:
    """`2x i + 2y j` → ⟨2x, 2y⟩: each term is a component times one unit vector.

    The vector lives in the problem's space (`dimension`, its number of variables, at most 3) or
    reaches the last unit vector used: with x, y, z, `2x i + 2y j` is ⟨2x, 2y, 0⟩; `3 k` is
    ⟨0, 0, 3⟩ in any problem.
    """
    found = {unit for unit in units if _mentions(parsed, unit)}
    if not found:
        return parsed
    whole = (0, len(source.text))
    if not isinstance(parsed, ParsedExpression):
        source.fail(
            "unexpected",
            N_(
                "Write a vector either with unit vectors, such as 2x i + 2y j, or as a list, "
                "such as <2x, 2y>; not both."
            ),
            *whole,
        )
    components = dict.fromkeys(units, sympy.S.Zero)
    for term in sympy.Add.make_args(parsed.expr):
        coefficient, unit = term.as_independent(*units, as_Add=False)
        if unit not in components:
            source.fail(
                "unexpected",
                N_(
                    "Each term of a vector written with unit vectors is a component times one "
                    "of i, j, k; '{term}' is not."
                ),
                *whole,
                term=sympy.sstr(term),
            )
        components[unit] += coefficient
    size = max(min(dimension, len(units)), *(units.index(unit) + 1 for unit in found))
    return ParsedTuple(tuple(components[unit] for unit in units[:size]), brackets="<>")


def _mentions(parsed: Parsed, unit: sympy.Symbol) -> bool:
    if isinstance(parsed, ParsedExpression):
        values: tuple[sympy.Basic, ...] = (parsed.expr,)
    elif isinstance(parsed, ParsedEquation):
        values = (parsed.lhs, parsed.rhs)
    else:
        values = parsed.items  # a set or list, possibly empty: `{}` for a vector
    return any(value.has(unit) for value in values)


def function_notation(tokens: list[Token]) -> list[Token]:
    """`y(x) = 3x - 2` in an equation answer: `y(x)` names the variable y, not y·x."""
    if [token.kind for token in tokens[:5]] != ["var", "op", "var", "op", "op"]:
        return tokens
    if [token.text for token in tokens[1:5:2]] + [tokens[4].text] != ["(", ")", "="]:
        return tokens
    if tokens[0].text == tokens[2].text:
        return tokens
    return [tokens[0], *tokens[4:]]


def refuse_function_name(source: Source, vocab: Vocabulary) -> None:
    """`f(x) = …` where f is no variable: say how to write the equation instead of 'unknown f'."""
    match = _FUNCTION_LHS.match(source.text)
    if match is None or vocab.knows(match.group(1)) or not vocab.knows(match.group(2)):
        return
    source.fail(
        "unexpected",
        N_(
            "'{written}' names a function; write the equation with the variables of the "
            "problem ({variables}), such as y = 3x - 2."
        ),
        match.start(1),
        match.end(),
        written=source.excerpt(match.start(1), match.end()).strip(),
        variables=", ".join(sorted(vocab.variables)),
    )
