"""Template text → sympy, through the same safe reader as student answers (not sympy's parser).

Authors write expressions and conditions over the template's variables and parameters; a text that
cannot be read becomes an `AuthorError` naming the file, the path inside it and the text.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy

from generator.errors import AuthorError, StudentInputError
from generator.i18n import N_
from generator.parsing import ParsedExpression, parse_answer

_COMPARISON = re.compile(r"(<=|>=|!=|==|<|>|=)")
_OPERATORS: dict[str, Callable[[object, object], object]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "!=": operator.ne,
    "==": operator.eq,
    "=": operator.eq,
    "<": operator.lt,
    ">": operator.gt,
}


@dataclass(frozen=True)
class Condition:
    """`lhs op rhs` over the parameters, e.g. `a != b` or `b**2 - 3*a*c > 0`."""

    lhs: sympy.Expr
    op: str
    rhs: sympy.Expr
    text: str

    def holds(self, values: dict[sympy.Symbol, sympy.Expr]) -> bool:
        """Whether the condition holds for these parameter values (exactly when possible)."""
        difference = self.lhs.xreplace(values) - self.rhs.xreplace(values)
        if not difference.is_number:  # e.g. `g != h` for two chosen functions of x
            same = sympy.expand(difference) == 0
            return same if self.op in ("==", "=") else self.op == "!=" and not same
        sign = _sign(difference)
        if sign is None:
            return False
        return bool(_OPERATORS[self.op](sign, 0))


def _sign(value: sympy.Expr) -> int | None:
    """-1, 0 or 1 for a real number; None when it is not a real number (then no condition holds)."""
    if value.is_zero:
        return 0
    if value.is_positive:
        return 1
    if value.is_negative:
        return -1
    approx = value.evalf(30)
    if not approx.is_real or not approx.is_finite:
        return None
    return 0 if abs(approx) < 1e-20 else (1 if approx > 0 else -1)


def parse_expression(text: str, names: Sequence[str], *, file: str, path: str) -> sympy.Expr:
    """Read one expression of a template; the names allowed are the template's symbols."""
    try:
        parsed = parse_answer(text, list(names))
    except StudentInputError as error:
        raise AuthorError(
            file, path, N_("cannot read '{value}': {reason}"), value=text, reason=error.message
        ) from error
    if not isinstance(parsed, ParsedExpression):
        raise AuthorError(file, path, N_("'{value}' is not a single expression"), value=text)
    return parsed.expr


def parse_condition(text: str, names: Sequence[str], *, file: str, path: str) -> Condition:
    """Read a constraint such as `a != b`: two expressions around one comparison."""
    pieces = _COMPARISON.split(text)
    if len(pieces) != 3:
        raise AuthorError(
            file,
            path,
            N_("'{value}' is not a condition: write one comparison such as 'a != b' or 'a > 0'"),
            value=text,
        )
    left, op, right = pieces
    return Condition(
        parse_expression(left.strip(), names, file=file, path=path),
        op,
        parse_expression(right.strip(), names, file=file, path=path),
        text,
    )
