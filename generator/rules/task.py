"""What the rule engine works on: one part of a problem, as sympy objects.

A `Task` is read once from the manifest's strings (ProblemSpec/PartSpec) through the safe parser,
or built directly from sympy objects by `explain_expression`; nothing downstream re-reads text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import sympy as sp

from generator.errors import UsageError
from generator.i18n import N_
from generator.model import PartSpec, ProblemSpec
from generator.parsing import ParsedExpression, parse_answer
from generator.solve import Question


@dataclass(frozen=True)
class Task:
    """One part: `function` in the outer variables, `inner` gives x = x(r, s) for the chain rule."""

    function: sp.Expr
    variables: tuple[sp.Symbol, ...]
    ask: str = "derivative"
    wrt: tuple[sp.Symbol, ...] = ()
    order: int = 1
    at: tuple[sp.Expr, ...] | None = None
    direction: tuple[sp.Expr, ...] | None = None
    between: tuple[sp.Expr, sp.Expr] | None = None
    inner: dict[sp.Symbol, sp.Expr] = field(default_factory=dict)
    key: sp.Expr | None = None

    @property
    def substituted(self) -> sp.Expr:
        """The function in the answer's variables (inner functions put in)."""
        return self.function.xreplace(self.inner) if self.inner else self.function

    @property
    def derivative_variables(self) -> tuple[sp.Symbol, ...]:
        """The variables to differentiate by, in order (one name repeated `order` times)."""
        wrt = self.wrt or self.variables[:1]
        return tuple(wrt) if len(wrt) > 1 else (wrt[0],) * self.order

    @property
    def point(self) -> dict[sp.Symbol, sp.Expr]:
        return dict(zip(self.variables, self.at or (), strict=False))


def read_expression(text: str, variables: Sequence[str]) -> sp.Expr:
    """An expression in the variables, read with the safe parser (decimals made exact)."""
    parsed = parse_answer(text, list(variables))
    if not isinstance(parsed, ParsedExpression):
        raise UsageError(N_("'{text}' is not a single expression."), text=text)
    value: sp.Expr = parsed.expr
    return sp.nsimplify(value, rational=True) if value.has(sp.Float) else value


def task_of(problem: ProblemSpec, part: PartSpec) -> Task:
    """The part of the problem as sympy objects, read with the parser (never sympify)."""
    inner_names = list(problem.functions)
    outer_names = inner_names or problem.variables
    names = [*problem.variables, *inner_names]
    variables = tuple(sp.Symbol(v) for v in problem.variables)
    inner = {
        sp.Symbol(k): read_expression(v, problem.variables) for k, v in problem.functions.items()
    }
    at = None
    if part.at is not None:
        at = tuple(read_expression(part.at[str(v)], ()) for v in variables if str(v) in part.at)
    between = None
    if part.points_through:
        first, second = (read_expression(point[0], ()) for point in part.points_through[:2])
        between = (first, second)
    key = read_expression(part.answer, names) if part.kind == "expression" else None
    return Task(
        function=read_expression(problem.function, outer_names),
        variables=variables,
        ask=part.ask,
        wrt=tuple(sp.Symbol(w) for w in part.wrt),
        order=part.order,
        at=at,
        direction=None
        if part.direction is None
        else tuple(read_expression(d, ()) for d in part.direction),
        between=between,
        inner=inner,
        key=key,
    )


def solved_task(
    problem: ProblemSpec,
    part: PartSpec,
    question: Question,
    function: sp.Expr,
    inner: dict[sp.Symbol, sp.Expr],
    key: object,
) -> Task:
    """`task_of(problem, part)` for a problem just solved, from the sympy objects its text was
    printed from (they read back as these same trees), so nothing is parsed again."""
    return Task(
        function=function,
        variables=tuple(sp.Symbol(v) for v in problem.variables),
        ask=part.ask,
        wrt=tuple(sp.Symbol(w) for w in part.wrt),
        order=part.order,
        at=question.at,
        direction=question.direction,
        between=question.between,
        inner=inner,
        key=key if part.kind == "expression" and isinstance(key, sp.Expr) else None,
    )
