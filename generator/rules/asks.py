"""Worked steps for every ask of DESIGN.md, built on the step-by-step differentiator.

Each function returns the lines (equalities as sympy objects) and the final value; `solution.py`
prints them. The derivative parts always end on sympy's own derivative, so the last line is the key.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy as sp

from generator.i18n import N_, Message
from generator.rules.differentiator import Style, differentiate
from generator.rules.lines import Line
from generator.rules.printing import Math, equation, math
from generator.rules.task import Task

H = sp.Symbol("h")
Y = sp.Symbol("y")
LABELS = ("max", "min", "neither")


@dataclass(frozen=True)
class Worked:
    """The lines of a worked solution and the value they arrive at."""

    lines: tuple[Line, ...]
    value: sp.Basic


def _line(rule: str, template: str, lhs: sp.Basic, rhs: sp.Basic, **params: object) -> Line:
    shown = {k: v if isinstance(v, Math | Message) else math(v) for k, v in params.items()}
    return Line(rule, Message(template, shown), lhs, rhs)


def _names(symbols: Sequence[sp.Symbol]) -> Math:
    return Math(", ".join(sp.latex(s) for s in symbols), ", ".join(str(s) for s in symbols))


def derivative_lines(
    expr: sp.Expr,
    var: sp.Symbol,
    *,
    style: Style = "auto",
    key: sp.Expr | None = None,
    partial: bool = False,
) -> Worked:
    """d/dvar of expr by the rules, then the pieces put together, then the key if it differs."""
    result, lines = differentiate(expr, var, style=style, partial=partial)
    lhs = sp.Derivative(expr, var)
    lines.append(_line("result", N_("Put the pieces together."), lhs, result))
    final = sp.diff(expr, var) if key is None else key
    if final != result:
        lines.append(_line("simplify", N_("Simplify."), lhs, final))
    return Worked(tuple(lines), final)


def _partial_intro(expr: sp.Expr, var: sp.Symbol, variables: Sequence[sp.Symbol]) -> list[Line]:
    others = [v for v in variables if v != var and expr.has(v)]
    if not others:
        return []
    d = sp.Derivative(expr, var)
    template = (
        N_("Treat {others} as a constant and differentiate with respect to {var}.")
        if len(others) == 1
        else N_("Treat {others} as constants and differentiate with respect to {var}.")
    )
    return [
        _line(
            "partial",
            template,
            d,
            d,
            others=_names(others),
            var=var,
        )
    ]


def derivative(task: Task, *, style: Style = "auto") -> Worked:
    """Derivatives of any order, partial and mixed: one variable at a time, in order."""
    expr = task.substituted
    order = task.derivative_variables
    lines: list[Line] = []
    done: list[sp.Symbol] = []
    for index, var in enumerate(order):
        last = index == len(order) - 1
        key = task.key if last and task.at is None else None
        if done:
            lines.append(
                _line(
                    "higher_order",
                    N_("Differentiate the result again, with respect to {var}."),
                    sp.Derivative(task.substituted, *done, var),
                    sp.Derivative(expr, var),
                    var=var,
                )
            )
        lines += _partial_intro(expr, var, task.variables)
        worked = derivative_lines(expr, var, style=style, key=key, partial=len(task.variables) > 1)
        lines += worked.lines
        done.append(var)
        expr = worked.value
    if task.at is not None:
        return _at_point(lines, sp.Derivative(task.substituted, *done), expr, task)
    return Worked(tuple(lines), expr)


def _at_point(lines: list[Line], lhs: sp.Expr, expr: sp.Expr, task: Task) -> Worked:
    point = task.point
    value = _exact(expr.xreplace(point))
    lines.append(
        _line(
            "evaluate",
            N_("Evaluate at {point}."),
            sp.Subs(lhs, tuple(point), tuple(point.values())),
            value,
            point=_point(point),
        )
    )
    return Worked(tuple(lines), value)


def _point(point: dict[sp.Symbol, sp.Expr]) -> Math:
    return Math(
        ", ".join(f"{sp.latex(k)} = {sp.latex(v)}" for k, v in point.items()),
        ", ".join(f"{k} = {sp.sstr(v)}" for k, v in point.items()),
    )


def _exact(value: sp.Expr) -> sp.Expr:
    value = sp.nsimplify(value) if value.has(sp.Float) else value
    return sp.radsimp(sp.simplify(value)) if sp.count_ops(value) > 4 else value


def limit_definition(task: Task) -> Worked:
    """f′(x) = lim (f(x+h) − f(x))/h: write it, expand, cancel h, let h → 0."""
    (x,) = task.variables[:1]
    f = task.function
    lhs = sp.Derivative(f, x)
    shifted = f.xreplace({x: x + H})
    difference = sp.Add(shifted, sp.Mul(-1, f, evaluate=False), evaluate=False)
    quotient = sp.Mul(difference, sp.Pow(H, -1), evaluate=False)
    lines = [
        _line(
            "limit_definition",
            N_("Definition of the derivative: {formula}."),
            lhs,
            sp.Limit(quotient, H, 0, dir="+-"),
            formula=Math(
                r"f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}",
                "f'(x) = lim_(h → 0) (f(x + h) - f(x))/h",
            ),
        )
    ]
    root = _square_root(f, x)
    if root is None:
        numerator, denominator = sp.fraction(sp.together(shifted - f))
        expanded = sp.expand(numerator) / (H * sp.expand(denominator))
    else:
        c, g = root
        conjugate = sp.sqrt(g.xreplace({x: x + H})) + sp.sqrt(g)
        roots = sp.Add(
            sp.sqrt(g.xreplace({x: x + H})), sp.Mul(-1, sp.sqrt(g), evaluate=False), evaluate=False
        )
        factors = [sp.Mul(roots, conjugate, evaluate=False)]
        factors += [sp.Pow(sp.Mul(H, conjugate, evaluate=False), -1, evaluate=False)]
        written = sp.Mul(*([c] if c != 1 else []), *factors, evaluate=False)
        lines.append(
            _line(
                "conjugate",
                N_("Multiply the numerator and the denominator by the conjugate {conjugate}."),
                lhs,
                sp.Limit(written, H, 0, dir="+-"),
                conjugate=conjugate,
            )
        )
        expanded = c * sp.expand(g.xreplace({x: x + H}) - g) / (H * conjugate)
    lines.append(
        _line(
            "expand",
            N_("Expand the numerator; the terms without h cancel."),
            lhs,
            sp.Limit(expanded, H, 0, dir="+-"),
        )
    )
    cancelled = sp.cancel(expanded)
    if cancelled != expanded:
        lines.append(
            _line(
                "cancel",
                N_("Cancel the common factor h."),
                lhs,
                sp.Limit(cancelled, H, 0, dir="+-"),
            )
        )
    at_zero = cancelled.xreplace({H: 0})
    value = at_zero if at_zero.is_finite or at_zero.free_symbols else sp.limit(cancelled, H, 0)
    if value.has(sp.nan, sp.zoo):
        value = sp.limit(cancelled, H, 0)
    lines.append(_line("limit", N_("Let h → 0."), lhs, sp.factor_terms(value)))
    if task.at is not None:
        return _at_point(lines, lhs, lines[-1].rhs, task)
    key = task.key if task.key is not None else sp.diff(f, x)
    if key != lines[-1].rhs:
        lines.append(_line("simplify", N_("Simplify."), lhs, key))
    return Worked(tuple(lines), key)


def _square_root(f: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, sp.Expr] | None:
    """(c, g) when f = c·√g(x): the chapter multiplies by the conjugate before cancelling h."""
    c, rest = f.as_independent(x, as_Add=False)
    if rest.is_Pow and rest.exp == sp.S.Half and rest.base.is_polynomial(x):
        return c, rest.base
    return None


def slope(task: Task) -> Worked:
    """The secant slope (f(b) − f(a))/(b − a) through the two points on the graph."""
    (x,) = task.variables[:1]
    assert task.between is not None
    a, b = task.between
    fa, fb = task.function.xreplace({x: a}), task.function.xreplace({x: b})
    written = sp.Mul(
        sp.Add(fb, -fa, evaluate=False),
        sp.Pow(sp.Add(b, -a, evaluate=False), -1, evaluate=False),
        evaluate=False,
    )
    value = _exact((fb - fa) / (b - a))
    line = _line(
        "slope",
        N_("Slope of the secant through ({a}, {fa}) and ({b}, {fb}): {formula}."),
        written,
        value,
        a=a,
        fa=fa,
        b=b,
        fb=fb,
        formula=Math(r"m = \frac{y_2 - y_1}{x_2 - x_1}", "m = (y2 - y1)/(x2 - x1)"),
    )
    return Worked((line,), value)


def tangent_line(task: Task) -> Worked:
    """y = f(a) + f′(a)(x − a): the height, the slope from the derivative, then y = mx + b."""
    (x,) = task.variables[:1]
    (a,) = task.at or ()
    f = task.function
    height = _exact(f.xreplace({x: a}))
    lines = [
        _line(
            "evaluate",
            N_("The point of tangency: {point}."),
            sp.Subs(f, x, a),
            height,
            point=Math(f"({sp.latex(a)}, {sp.latex(height)})", f"({a}, {height})"),
        )
    ]
    worked = derivative_lines(f, x)
    lines += worked.lines
    m = _exact(worked.value.xreplace({x: a}))
    lines.append(
        _line(
            "evaluate",
            N_("The slope of the tangent is m = {m}."),
            sp.Subs(sp.Derivative(f, x), x, a),
            m,
            m=m,
        )
    )
    point_slope = sp.Add(
        height, sp.Mul(m, sp.Add(x, -a, evaluate=False), evaluate=False), evaluate=False
    )
    rhs = sp.expand(m * (x - a) + height)
    lines.append(
        _line(
            "tangent_line",
            N_("Point-slope form: {formula}."),
            Y,
            point_slope,
            formula=Math(r"y = f(a) + f'(a)(x - a)", "y = f(a) + f'(a)*(x - a)"),
        )
    )
    lines.append(_line("simplify", N_("Simplify."), Y, rhs))
    return Worked(tuple(lines), sp.Eq(Y, rhs, evaluate=False))


def stationary_points(task: Task) -> Worked:
    """Solve f′(x) = 0: the derivative, factored, then its real zeros."""
    (x,) = task.variables[:1]
    worked = derivative_lines(task.function, x)
    slope_ = worked.value
    factored = sp.factor(slope_)
    lines = list(worked.lines)
    if factored != slope_:
        lines.append(
            _line("factor", N_("Factor f′(x)."), sp.Derivative(task.function, x), factored)
        )
    points = _real_zeros(slope_, x)
    lines.append(
        _line(
            "stationary_points",
            N_("Stationary points: set f′(x) = 0 and solve."),
            sp.ConditionSet(x, sp.Eq(factored, 0), sp.S.Reals),
            sp.FiniteSet(*points),
        )
    )
    return Worked(tuple(lines), sp.FiniteSet(*points))


def _real_zeros(expr: sp.Expr, x: sp.Symbol) -> list[sp.Expr]:
    found = sp.solveset(expr, x, domain=sp.S.Reals)
    if not isinstance(found, sp.FiniteSet):
        return []
    return sorted(found, key=lambda p: float(p))


def classify(task: Task) -> Worked:
    """Second-derivative test at each stationary point; first-derivative test where f″ = 0."""
    (x,) = task.variables[:1]
    f = task.function
    first = stationary_points(task)
    lines = list(first.lines)
    points: list[sp.Expr] = sorted(first.value, key=lambda p: float(p))
    second = derivative_lines(sp.diff(f, x), x)
    lines.append(
        _line(
            "higher_order",
            N_("Differentiate again for the second-derivative test."),
            sp.Derivative(f, (x, 2)),
            sp.Derivative(sp.diff(f, x), x),
        )
    )
    lines += second.lines
    asked = points if task.at is None else [p for p in points if p == task.at[0]] or list(task.at)
    labels = []
    for point in asked:
        label, found = _classify_point(f, x, second.value, points, point)
        labels.append(label)
        lines += found
    value: sp.Basic = (
        sp.Symbol(labels[0]) if len(labels) == 1 else sp.Tuple(*map(sp.Symbol, labels))
    )
    return Worked(tuple(lines), value)


_LABEL_TEXT = {
    "max": N_("a local maximum"),
    "min": N_("a local minimum"),
    "neither": N_("neither a maximum nor a minimum"),
}


def _classify_point(
    f: sp.Expr, x: sp.Symbol, f2: sp.Expr, points: list[sp.Expr], point: sp.Expr
) -> tuple[str, list[Line]]:
    curvature = _exact(f2.xreplace({x: point}))
    at = sp.Subs(sp.Derivative(f, (x, 2)), x, point)
    if curvature != 0:
        label = "max" if curvature < 0 else "min"
        template = (
            N_("Second-derivative test: f″({point}) = {value} < 0, so x = {point} is {kind}.")
            if label == "max"
            else N_("Second-derivative test: f″({point}) = {value} > 0, so x = {point} is {kind}.")
        )
        line = _line(
            "second_derivative_test",
            template,
            at,
            curvature,
            point=point,
            value=curvature,
            kind=Message(_LABEL_TEXT[label]),
        )
        return label, [line]
    index = points.index(point) if point in points else 0
    left = (points[index - 1] + point) / 2 if index > 0 else point - 1
    right = (points[index + 1] + point) / 2 if index + 1 < len(points) else point + 1
    slope = sp.diff(f, x)
    before, after = _exact(slope.xreplace({x: left})), _exact(slope.xreplace({x: right}))
    lines = [
        _line(
            "second_derivative_test",
            N_("f″({point}) = 0: the second-derivative test says nothing; use the first."),
            at,
            curvature,
            point=point,
        )
    ]
    for t, v in ((left, before), (right, after)):
        lines.append(
            _line(
                "first_derivative_test",
                N_("The sign of f′ at x = {t}."),
                sp.Subs(sp.Derivative(f, x), x, t),
                v,
                t=t,
            )
        )
    if before > 0 > after:
        label = "max"
    elif before < 0 < after:
        label = "min"
    else:
        label = "neither"
    template = (
        N_("First-derivative test: f′ does not change sign at x = {point}, so it is {kind}.")
        if label == "neither"
        else N_("First-derivative test: f′ changes sign at x = {point}, so it is {kind}.")
    )
    lines.append(
        _line(
            "first_derivative_test",
            template,
            sp.Subs(sp.Derivative(f, x), x, point),
            _exact(slope.xreplace({x: point})),
            point=point,
            kind=Message(_LABEL_TEXT[label]),
        )
    )
    return label, lines


def _gradient_lines(task: Task) -> tuple[list[Line], sp.Tuple, sp.Tuple]:
    f = task.substituted
    lines: list[Line] = []
    parts = []
    for var in task.variables:
        lines += _partial_intro(f, var, task.variables)
        worked = derivative_lines(f, var, partial=len(task.variables) > 1)
        lines += worked.lines
        parts.append(worked.value)
    lhs = sp.Tuple(*[sp.Derivative(f, v) for v in task.variables])
    gradient_ = sp.Tuple(*parts)
    lines.append(
        _line(
            "gradient",
            N_("The gradient collects the partial derivatives: {formula}."),
            lhs,
            gradient_,
            formula=_gradient_formula(task.variables),
        )
    )
    return lines, lhs, gradient_


def _gradient_formula(variables: Sequence[sp.Symbol]) -> Math:
    parts = ", ".join(rf"\frac{{\partial f}}{{\partial {sp.latex(v)}}}" for v in variables)
    text_parts = ", ".join(f"∂f/∂{v}" for v in variables)
    return Math(rf"\nabla f = \left({parts}\right)", f"∇f = ({text_parts})")


def gradient(task: Task) -> Worked:
    """∇f symbolically, then at the point when one is given."""
    lines, lhs, value = _gradient_lines(task)
    if task.at is None:
        return Worked(tuple(lines), value)
    return _at_point(lines, lhs, value, task)


def _to_key(lines: list[Line], lhs: sp.Basic, value: sp.Basic, task: Task) -> Worked:
    """End on the manifest's key when it is written differently from the value reached."""
    if task.key is not None and task.key != value:
        lines.append(_line("simplify", N_("Simplify."), lhs, task.key))
        return Worked(tuple(lines), task.key)
    return Worked(tuple(lines), value)


def gradient_norm(task: Task) -> Worked:
    """|∇f| = √(f_x² + f_y² + …), at the point when one is given."""
    lines, lhs, value = _gradient_lines(task)
    norm_lhs = sp.sqrt(
        sp.Add(*[sp.Pow(d, 2, evaluate=False) for d in lhs], evaluate=False), evaluate=False
    )
    norm = sp.sqrt(sum(p**2 for p in value))
    lines.append(
        _line(
            "gradient_norm",
            N_("The magnitude of the gradient: {formula}."),
            norm_lhs,
            norm,
            formula=Math(
                r"\lvert\nabla f\rvert = \sqrt{f_x^2 + f_y^2 + \dots}",
                "|∇f| = sqrt(f_x^2 + f_y^2 + ...)",
            ),
        )
    )
    if task.at is None:
        return _to_key(lines, norm_lhs, norm, task)
    return _at_point(lines, norm_lhs, norm, task)


def directional_derivative(task: Task) -> Worked:
    """D_u f = ∇f · u with u the direction scaled to length 1."""
    lines, lhs, value = _gradient_lines(task)
    assert task.direction is not None
    length = sp.sqrt(sum(d**2 for d in task.direction))
    written = sp.Tuple(
        *[sp.Mul(d, sp.Pow(length, -1, evaluate=False), evaluate=False) for d in task.direction]
    )
    unit = sp.Tuple(*[sp.radsimp(d / length) for d in task.direction])
    lines.append(
        _line(
            "unit_vector",
            N_("Normalise the direction: u = {direction}/|{direction}|."),
            written,
            unit,
            direction=sp.Tuple(*task.direction),
        )
    )
    dot_lhs = sp.Add(
        *[sp.Mul(u, d, evaluate=False) for u, d in zip(unit, lhs, strict=True)], evaluate=False
    )
    dot = sp.Add(*[u * p for u, p in zip(unit, value, strict=True)])
    lines.append(
        _line(
            "directional_derivative",
            N_("Directional derivative: {formula}."),
            dot_lhs,
            dot,
            formula=Math(r"D_{u} f = \nabla f \cdot u", "D_u f = ∇f · u"),
        )
    )
    if task.at is None:
        return _to_key(lines, dot_lhs, dot, task)
    return _at_point(lines, dot_lhs, dot, task)


def multivariable_chain(task: Task) -> Worked:
    """∂f/∂r = ∂f/∂x·∂x/∂r + ∂f/∂y·∂y/∂r: the partials of f and of x, y, then combine."""
    f = task.function
    inner = list(task.inner)
    lines: list[Line] = []
    outer_partials = {}
    for name in inner:
        lines += _partial_intro(f, name, inner)
        worked = derivative_lines(f, name, partial=True)
        lines += worked.lines
        outer_partials[name] = worked.value
    inner_partials = {}
    for name in inner:
        for var in task.variables:
            d = sp.diff(task.inner[name], var)
            inner_partials[name, var] = d
            lines.append(
                _line(
                    "partial",
                    N_("Differentiate {inner} with respect to {var}."),
                    sp.Derivative(task.inner[name], var),
                    d,
                    inner=equation(name, task.inner[name]),
                    var=var,
                )
            )
    (var,) = task.wrt[:1] or task.variables[:1]
    total = sp.Derivative(task.substituted, var)
    formula = sp.Add(
        *[
            sp.Mul(sp.Derivative(f, n), sp.Derivative(task.inner[n], var), evaluate=False)
            for n in inner
        ],
        evaluate=False,
    )
    lines.append(
        _line(
            "multivariable_chain",
            N_("Chain rule: {formula}."),
            total,
            formula,
            formula=_chain_formula(inner, var),
        )
    )
    combined = sp.Add(*[outer_partials[n] * inner_partials[n, var] for n in inner])
    substituted = combined.xreplace(task.inner)
    lines.append(
        _line(
            "substitute",
            N_("Substitute {inner} to write the result in {variables}."),
            total,
            substituted,
            inner=Math(
                ", ".join(equation(n, task.inner[n]).latex for n in inner),
                ", ".join(equation(n, task.inner[n]).text for n in inner),
            ),
            variables=_names(task.variables),
        )
    )
    key = task.key if task.key is not None else sp.diff(task.substituted, var)
    if key != substituted:
        lines.append(_line("simplify", N_("Simplify."), total, key))
    return Worked(tuple(lines), key)


def _chain_formula(inner: Sequence[sp.Symbol], var: sp.Symbol) -> Math:
    latex = " + ".join(
        rf"\frac{{\partial f}}{{\partial {n}}}\frac{{\partial {n}}}{{\partial {var}}}"
        for n in inner
    )
    text = " + ".join(f"∂f/∂{n}·∂{n}/∂{var}" for n in inner)
    return Math(rf"\frac{{\partial f}}{{\partial {var}}} = {latex}", f"∂f/∂{var} = {text}")


def work(task: Task, *, style: Style = "auto") -> Worked:
    """The worked solution of the task's ask."""
    if task.inner and task.ask in ("derivative", "partial"):
        return multivariable_chain(task)
    return _ASKS[task.ask](task) if task.ask in _ASKS else derivative(task, style=style)


_ASKS: dict[str, Callable[[Task], Worked]] = {
    "limit_definition": limit_definition,
    "slope": slope,
    "tangent_line": tangent_line,
    "stationary_points": stationary_points,
    "classify": classify,
    "gradient": gradient,
    "gradient_norm": gradient_norm,
    "directional_derivative": directional_derivative,
}
