"""The public face of the worked steps: `explain` for a manifest part, `explain_expression` for an
expression typed at the command line. Both build a `Task`, work it, and print the lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sympy as sp

from generator.i18n import DEFAULT_LANGUAGE, N_, translate
from generator.model import PartSpec, ProblemSpec, Solution
from generator.rules.asks import work
from generator.rules.differentiator import Style
from generator.rules.lines import plain_message
from generator.rules.printing import latex
from generator.rules.task import Task, read_expression, task_of


def explain(problem: ProblemSpec, part: PartSpec, *, style: Style = "auto") -> Solution:
    """The worked solution of one part of an instantiated problem; the last step is its key."""
    steps = solve_task(task_of(problem, part), style=style).steps
    return Solution(steps, part.answer, part.answer_latex)


def explain_expression(
    expr: sp.Expr,
    *,
    variables: Sequence[str | sp.Symbol],
    ask: str = "derivative",
    wrt: Sequence[str | sp.Symbol] | str | None = None,
    order: int = 1,
    at: Mapping[str, sp.Expr] | None = None,
    direction: Sequence[sp.Expr] | None = None,
    between: tuple[sp.Expr, sp.Expr] | None = None,
    functions: Mapping[str, sp.Expr] | None = None,
    style: Style = "auto",
) -> Solution:
    """The worked solution of an ask about expr (sympy), e.g. its derivative of some order.

    `style` picks how a quotient is done: `auto` (as the chapter would), `quotient` (always the
    quotient rule) or `power` (as u·v^(−1), by the product and chain rules).
    """
    symbols = tuple(sp.Symbol(str(v)) for v in variables)
    if isinstance(wrt, str | sp.Symbol):
        wrt = [wrt]
    task = Task(
        function=expr,
        variables=symbols,
        ask=ask,
        wrt=tuple(sp.Symbol(str(w)) for w in wrt or ()),
        order=order,
        at=None if at is None else tuple(at[str(v)] for v in symbols if str(v) in at),
        direction=None if direction is None else tuple(direction),
        between=between,
        inner={sp.Symbol(k): v for k, v in (functions or {}).items()},
    )
    return solve_task(task, style=style)


def explain_text(
    text: str,
    *,
    variables: Sequence[str],
    ask: str = "derivative",
    wrt: Sequence[str] = (),
    order: int = 1,
    at: Mapping[str, str] | None = None,
    direction: Sequence[str] | None = None,
    between: tuple[str, str] | None = None,
    style: Style = "auto",
) -> Solution:
    """`explain_expression` for text typed by a person, read with the safe parser."""
    return explain_expression(
        read_expression(text, variables),
        variables=variables,
        ask=ask,
        wrt=wrt,
        order=order,
        at=None if at is None else {k: read_expression(v, ()) for k, v in at.items()},
        direction=None if direction is None else [read_expression(d, ()) for d in direction],
        between=None
        if between is None
        else (read_expression(between[0], ()), read_expression(between[1], ())),
        style=style,
    )


def format_solution(
    solution: Solution, lang: str = DEFAULT_LANGUAGE, *, as_latex: bool = False
) -> str:
    """The steps as numbered lines (plain text, or LaTeX pieces), then the answer."""
    lines = []
    for number, step in enumerate(solution.steps, start=1):
        sentence = (
            step.explanation.render(lang) if as_latex else plain_message(step.explanation, lang)
        )
        lines.append(f"{number}. {sentence}")
        lines.append(f"   {step.latex if as_latex else step.text}")
    answer = solution.result_latex if as_latex else solution.result
    lines.append(translate(N_("Answer: {answer}"), lang, answer=answer))
    return "\n".join(lines)


def solve_task(task: Task, *, style: Style = "auto") -> Solution:
    """Work the task and print its lines as steps."""
    worked = work(task, style=style)
    text, shown = result_text(worked.value)
    return Solution(tuple(line.to_step() for line in worked.lines), text, shown)


def result_text(value: sp.Basic) -> tuple[str, str]:
    """The final value as the manifest writes a key (sympy text) and as LaTeX."""
    if isinstance(value, sp.Equality):
        return f"{sp.sstr(value.lhs)} = {sp.sstr(value.rhs)}", latex(value)
    if isinstance(value, sp.FiniteSet):
        items = sorted(value, key=lambda p: float(p))
        return "{" + ", ".join(sp.sstr(p) for p in items) + "}", latex(value)
    if isinstance(value, sp.Tuple):
        return "(" + ", ".join(sp.sstr(p) for p in value) + ")", latex(value)
    return sp.sstr(value), latex(value)
