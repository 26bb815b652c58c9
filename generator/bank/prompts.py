"""The default prompt of each part: one marked sentence per ask, LaTeX pieces as parameters."""

from __future__ import annotations

import sympy

from generator.i18n import N_, Message
from generator.latex import plain_latex
from generator.solve import Question

_PRIMES = {1: "'", 2: "''", 3: "'''"}


def _point(values: tuple[sympy.Expr, ...]) -> str:
    inner = ", ".join(plain_latex(v) for v in values)
    return inner if len(values) == 1 else f"\\left({inner}\\right)"


def derivative_symbol(question: Question) -> str:
    """f'(x), f^{(4)}(2), ∂²f/∂y∂x … as LaTeX."""
    values = question.at if question.at is not None else question.variables
    at = ", ".join(plain_latex(v) for v in values)
    if question.ask != "partial":
        primes = _PRIMES.get(question.order, f"^{{({question.order})}}")
        return f"f{primes}({at})"
    wrt = question.wrt if len(question.wrt) > 1 else question.wrt * question.order
    order = len(wrt)
    top = "\\partial f" if order == 1 else f"\\partial^{{{order}}} f"
    bottom = " ".join(f"\\partial {plain_latex(v)}" for v in reversed(wrt))
    symbol = f"\\frac{{{top}}}{{{bottom}}}"
    return symbol if question.at is None else f"{symbol}\\left({at}\\right)"


def default_prompt(question: Question) -> Message:
    """The sentence asking for this part when the template gives no prompt of its own."""
    ask = question.ask
    var = plain_latex(question.variables[0])
    if ask in ("derivative", "partial"):
        return Message(N_("Find \\( {symbol} \\)."), {"symbol": derivative_symbol(question)})
    if ask == "limit_definition":
        definition = f"f'({var}) = \\lim_{{h \\to 0}} \\frac{{f({var} + h) - f({var})}}{{h}}"
        return Message(
            N_("Use the definition \\( {definition} \\) to find \\( {symbol} \\)."),
            {"definition": definition, "symbol": derivative_symbol(question)},
        )
    if ask == "slope":
        a, b = question.between or (0, 0)
        return Message(
            N_(
                "Find the average rate of change of \\( f \\) from \\( {var} = {a} \\) to "
                "\\( {var} = {b} \\), the slope of the secant line."
            ),
            {"var": var, "a": plain_latex(a), "b": plain_latex(b)},
        )
    if ask == "tangent_line":
        return Message(
            N_("Find the tangent line to the graph of \\( f \\) at \\( {var} = {a} \\)."),
            {"var": var, "a": _point(question.at or ())},
        )
    if ask == "stationary_points":
        return Message(
            N_(
                "Find every stationary point of \\( f \\): the values of \\( {var} \\) where "
                "\\( f'({var}) = 0 \\)."
            ),
            {"var": var},
        )
    if ask == "classify":
        if question.at is not None:
            return Message(
                N_("Is the stationary point \\( {var} = {a} \\) a max, a min or neither?"),
                {"var": var, "a": _point(question.at)},
            )
        return Message(N_("Is the stationary point a max, a min or neither?"), {})
    if ask == "gradient":
        if question.at is None:
            return Message(N_("Find \\( \\nabla f \\)."), {})
        return Message(
            N_("Find \\( \\nabla f \\) at \\( {point} \\)."), {"point": _point(question.at)}
        )
    if ask == "gradient_norm":
        if question.at is None:
            return Message(N_("Find \\( \\lVert \\nabla f \\rVert \\)."), {})
        return Message(
            N_("Find \\( \\lVert \\nabla f \\rVert \\) at \\( {point} \\)."),
            {"point": _point(question.at)},
        )
    direction = _point(question.direction or ())
    if question.at is None:
        return Message(
            N_(
                "Find the directional derivative of \\( f \\) in the direction \\( {direction} \\)."
            ),
            {"direction": direction},
        )
    return Message(
        N_(
            "Find the directional derivative of \\( f \\) at \\( {point} \\) in the direction of "
            "\\( {direction} \\)."
        ),
        {"point": _point(question.at), "direction": direction},
    )
