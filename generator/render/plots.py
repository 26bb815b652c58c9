"""Figures for worksheets and keys, drawn with matplotlib (Agg), byte-for-byte reproducible.

`ProblemSpec.figure` names the kind: `secant_tangent` (slope, tangent_line, limit_definition),
`stationary` (stationary_points, extrema: the key marks the points, the worksheet does not),
`surface` and `gradient_field` (gradient, directional_derivative). Points of interest come from the
parts as printed and graded (`at`, `points_through`, `direction`, the stationary-point keys), read
with the same safe reader as answers. Figures carry no words, only a translated description, so one
drawing serves every language.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import matplotlib
import numpy as np
import sympy
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from generator.i18n import N_, Message
from generator.model import PartSpec, ProblemSpec
from generator.parsing import ParsedSet, parse_answer
from generator.render.views import KEY_ONLY_MARKS, figure_content

matplotlib.use("Agg")

FIGURE_KINDS: tuple[str, ...] = ("secant_tangent", "stationary", "surface", "gradient_field")

_RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "lines.linewidth": 1.6,
    "path.simplify": True,
    "image.cmap": "viridis",
}
_SIZE = (4.4, 3.0)
_CURVE, _SECANT, _TANGENT, _MARK = "#1f4e9c", "#c05600", "#2a8c3a", "#b00020"


@dataclass(frozen=True)
class Plot:
    """One drawn figure and the sentence that describes it to someone who cannot see it."""

    figure: Figure
    description: Message
    salt: str

    def svg(self) -> str:
        """The figure as an `<svg>` element to inline in HTML (no XML prolog, unique ids)."""
        buffer = io.StringIO()
        with _style(svg_salt=self.salt):
            self.figure.savefig(buffer, format="svg", metadata={"Date": None})
        text = buffer.getvalue()
        return text[text.index("<svg") :]

    def pdf(self) -> bytes:
        """The figure as a PDF to include in LaTeX, with no creation date."""
        buffer = io.BytesIO()
        with _style(svg_salt=self.salt):
            self.figure.savefig(buffer, format="pdf", metadata={"CreationDate": None})
        return buffer.getvalue()


def draw(problem: ProblemSpec, *, key: bool) -> Plot | None:
    """The problem's figure (None when it asks for none); `key` adds the marks only keys show."""
    if problem.figure is None:
        return None
    marks = key and problem.figure in KEY_ONLY_MARKS
    salt = hashlib.sha256(f"{figure_content(problem)}|{marks}".encode()).hexdigest()[:12]
    with _style(svg_salt=salt):
        figure = Figure(figsize=_SIZE)
        if problem.figure != "surface":
            figure.subplots_adjust(left=0.12, right=0.97, bottom=0.15, top=0.96)
        description = _DRAWERS[problem.figure](figure, problem, marks)
    return Plot(figure, description, salt)


@dataclass(frozen=True)
class Drawn:
    """A figure as files hold it: its description in the reader's language, SVG text, PDF bytes."""

    description: str
    salt: str
    svg: str | None
    pdf: bytes | None


FigureJob = tuple[ProblemSpec, bool]


def render_figure(job: FigureJob, *, lang: str, svg: bool, pdf: bool) -> Drawn:
    """One (problem, key) figure in the formats asked for, and its description in `lang`."""
    problem, key = job
    plot = draw(problem, key=key)
    if plot is None:
        raise ValueError(f"problem {problem.number} asks for no figure")
    return Drawn(
        plot.description.render(lang),
        plot.salt,
        plot.svg() if svg else None,
        plot.pdf() if pdf else None,
    )


@contextmanager
def _style(*, svg_salt: str) -> Iterator[None]:
    with matplotlib.rc_context({**_RC, "svg.hashsalt": svg_salt}):
        yield


def _labels(axes: Any, x: str, y: str | None = None, *, ticks: int = 5) -> None:
    """Italic variable names as axis labels, and few ticks: ticks dominate drawing time."""
    axes.set_xlabel(x, fontstyle="italic")
    if y is not None:
        axes.set_ylabel(y, fontstyle="italic")
    for axis in (axes.xaxis, axes.yaxis, getattr(axes, "zaxis", None)):
        if axis is not None:
            axis.set_major_locator(MaxNLocator(ticks, steps=[1, 2, 2.5, 5, 10]))


def _expr(problem: ProblemSpec) -> tuple[sympy.Expr, list[sympy.Symbol]]:
    parsed = parse_answer(problem.function, problem.variables)
    return parsed.expr, [sympy.Symbol(name) for name in problem.variables]


def _number(text: str, problem: ProblemSpec) -> float:
    return float(parse_answer(text, problem.variables).expr)


def _numeric(expr: sympy.Expr, symbols: Sequence[sympy.Symbol]) -> Callable[..., np.ndarray]:
    # No docstring: sympy would print the expression twice into it, 7x the cost of the function.
    function = sympy.lambdify(symbols, expr, modules="numpy", docstring_limit=0)

    def evaluate(*arrays: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            values = np.asarray(function(*arrays), dtype=complex)
        real = np.where(np.abs(values.imag) < 1e-12, values.real, np.nan)
        return np.broadcast_to(real, np.broadcast(*arrays).shape).astype(float)

    return evaluate


def _window(points: Sequence[float], minimum: float = 4.0) -> tuple[float, float]:
    """An x-range around the points of interest, at least `minimum` wide."""
    low, high = (min(points), max(points)) if points else (0.0, 0.0)
    margin = max((minimum - (high - low)) / 2, 0.25 * (high - low), 1.0)
    return low - margin, high + margin


def _clip_y(values: np.ndarray, extra: Sequence[float]) -> tuple[float, float]:
    """A y-range that shows the curve without letting an asymptote flatten it."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return -1.0, 1.0
    low, high = np.percentile(finite, [2, 98])
    low, high = min([float(low), *extra]), max([float(high), *extra])
    pad = max(0.1 * (high - low), 0.5)
    return low - pad, high + pad


def _first_at(problem: ProblemSpec, variable: str) -> str | None:
    for part in problem.parts:
        if part.at and variable in part.at:
            return part.at[variable]
    return None


# Where to draw when the problem names no point (limit_definition asks for f'(x) everywhere):
# the first of these where f and f' are finite, and a second point close by.
_POINTS = ("1", "2", "1/2", "3", "-1", "0", "4", "-2")
_STEPS = (1.0, 0.5, -1.0, 2.0, -0.5)


def _secant_tangent(figure: Figure, problem: ProblemSpec, key: bool) -> Message:
    """f with a secant through two points and the tangent at the first (Figures 7-1, 7-2).

    The tangent is left out where f'(a) is not finite (e.g. √x at 0), and a point the problem
    does not name is chosen where f is defined.
    """
    expr, symbols = _expr(problem)
    x = symbols[0]
    f = _numeric(expr, [x])
    derivative = _numeric(sympy.diff(expr, x), [x])
    through = [point[0] for part in problem.parts for point in (part.points_through or [])]
    named = _first_at(problem, x.name) or (through[0] if through else None)
    candidates = (named,) if named is not None else _POINTS
    at_text = next(
        (text for text in candidates if _finite(f, derivative, _number(text, problem))),
        candidates[0],
    )
    a = _number(at_text, problem)
    b_text = through[1] if len(through) > 1 else None
    if b_text is not None:
        b = _number(b_text, problem)
    else:
        b = next((a + step for step in _STEPS if _finite(f, None, a + step)), a + 1.0)
    fa, fb = _value(f, a), _value(f, b)
    slope = _value(derivative, a)
    # Near the origin, show it too: the curve's shape, not only a nearly straight piece of it.
    low, high = _window([a, b, 0.0] if max(abs(a), abs(b)) <= 20 else [a, b])
    xs = np.linspace(low, high, 240)
    ys = f(xs)
    axes = figure.add_subplot()
    axes.plot(xs, ys, color=_CURVE)
    axes.plot(xs, fa + (fb - fa) / (b - a) * (xs - a), color=_SECANT, linestyle="--")
    tangent = bool(np.isfinite(slope))
    if tangent:
        axes.plot(xs, fa + slope * (xs - a), color=_TANGENT)
    axes.plot([a, b], [fa, fb], "o", color=_MARK, markersize=4)
    axes.set_xlim(low, high)
    axes.set_ylim(*_clip_y(ys, [v for v in (fa, fb) if np.isfinite(v)]))
    _labels(axes, x.name)
    params = {"a": at_text, "b": b_text if b_text is not None else sympy.nsimplify(b)}
    if not tangent:
        return Message(
            N_("Graph of the function with a dashed secant line through x = {a} and x = {b}."),
            params,
        )
    return Message(
        N_(
            "Graph of the function with a dashed secant line through x = {a} and x = {b} "
            "and the tangent line at x = {a}."
        ),
        params,
    )


def _value(function: Callable[..., np.ndarray], at: float) -> float:
    return float(function(np.array(at)))


def _finite(
    f: Callable[..., np.ndarray], derivative: Callable[..., np.ndarray] | None, at: float
) -> bool:
    values = [_value(f, at)] + ([_value(derivative, at)] if derivative is not None else [])
    return bool(np.all(np.isfinite(values)))


def _stationary_points(problem: ProblemSpec) -> list[tuple[str, float, str | None]]:
    """(text, value, classification) of each stationary point the keys name."""
    points: dict[str, tuple[str, float, str | None]] = {}
    for part in problem.parts:
        if part.ask == "stationary_points":
            parsed = parse_answer(part.answer, problem.variables)
            items = parsed.items if isinstance(parsed, ParsedSet) else [parsed.expr]
            for item in items:
                text = sympy.sstr(item)
                points.setdefault(text, (text, float(item), None))
        elif part.ask == "classify" and part.at:
            text = next(iter(part.at.values()))
            points[text] = (text, _number(text, problem), part.answer)
    return sorted(points.values(), key=lambda point: point[1])


def _stationary(figure: Figure, problem: ProblemSpec, key: bool) -> Message:
    """f with its stationary points marked on the key (Figure 7-3): ▲ max, ▼ min, ● other."""
    expr, symbols = _expr(problem)
    f = _numeric(expr, symbols[:1])
    points = _stationary_points(problem)
    low, high = _window([value for _, value, _ in points], minimum=5.0)
    xs = np.linspace(low, high, 240)
    ys = f(xs)
    marked = [(value, float(f(np.array(value))), kind) for _, value, kind in points] if key else []
    axes = figure.add_subplot()
    axes.plot(xs, ys, color=_CURVE)
    for value, height, kind in marked:
        marker = {"max": "^", "min": "v"}.get(kind or "", "o")
        axes.plot([value], [height], marker, color=_MARK, markersize=6)
    axes.set_xlim(low, high)
    axes.set_ylim(*_clip_y(ys, [height for _, height, _ in marked]))
    _labels(axes, symbols[0].name)
    if not marked:
        return Message(N_("Graph of the function."))
    return Message(
        N_("Graph of the function with its stationary points marked at x = {points}."),
        {"points": ", ".join(text for text, _, _ in points)},
    )


def _centre(problem: ProblemSpec) -> tuple[float, float, str, str]:
    x_text = _first_at(problem, problem.variables[0]) or "0"
    y_text = _first_at(problem, problem.variables[1]) or "0"
    return _number(x_text, problem), _number(y_text, problem), x_text, y_text


def _surface(figure: Figure, problem: ProblemSpec, key: bool) -> Message:
    """The surface z = f(x, y) around the point of the problem (Figure 7-4, left)."""
    expr, symbols = _expr(problem)
    f = _numeric(expr, symbols[:2])
    a, b, a_text, b_text = _centre(problem)
    grid_x, grid_y = np.meshgrid(np.linspace(a - 2, a + 2, 15), np.linspace(b - 2, b + 2, 15))
    heights = f(grid_x, grid_y)
    figure.subplots_adjust(left=0, right=0.93, bottom=0.06, top=1)
    axes: Any = figure.add_subplot(projection="3d")
    axes.plot_surface(
        grid_x, grid_y, heights, rcount=15, ccount=15, linewidth=0, alpha=0.85, cmap="viridis"
    )
    axes.set_box_aspect(None, zoom=0.95)
    axes.scatter([a], [b], [float(f(np.array(a), np.array(b)))], color=_MARK, s=18)
    axes.grid(False)
    _labels(axes, symbols[0].name, symbols[1].name, ticks=3)
    return Message(
        N_("Surface z = f({x}, {y}) near the marked point ({a}, {b})."),
        {"x": symbols[0].name, "y": symbols[1].name, "a": a_text, "b": b_text},
    )


def _gradient_field(figure: Figure, problem: ProblemSpec, key: bool) -> Message:
    """Level curves of f with the gradient field as arrows, and the direction u (Figure 7-4)."""
    expr, symbols = _expr(problem)
    x, y = symbols[:2]
    f = _numeric(expr, [x, y])
    fx, fy = _numeric(sympy.diff(expr, x), [x, y]), _numeric(sympy.diff(expr, y), [x, y])
    a, b, a_text, b_text = _centre(problem)
    grid_x, grid_y = np.meshgrid(np.linspace(a - 2, a + 2, 31), np.linspace(b - 2, b + 2, 31))
    arrows_x, arrows_y = np.meshgrid(np.linspace(a - 2, a + 2, 9), np.linspace(b - 2, b + 2, 9))
    axes = figure.add_subplot()
    axes.contour(grid_x, grid_y, f(grid_x, grid_y), levels=10, linewidths=0.8, cmap="viridis")
    # Arrows of one length show the direction; their colour shows the magnitude |∇f|.
    u, v = fx(arrows_x, arrows_y), fy(arrows_x, arrows_y)
    length = np.hypot(u, v)
    with np.errstate(all="ignore"):
        unit_u, unit_v = np.where(length > 0, u / length, 0), np.where(length > 0, v / length, 0)
    axes.quiver(
        arrows_x,
        arrows_y,
        unit_u,
        unit_v,
        length,
        angles="xy",
        scale_units="xy",
        scale=3.2,
        width=0.006,
        cmap="Greys",
        clim=(-0.3 * np.nanmax(length), np.nanmax(length)),
    )
    axes.plot([a], [b], "o", color=_MARK, markersize=5)
    axes.set_aspect("equal")
    _labels(axes, x.name, y.name)
    direction = _direction(problem)
    if direction is None:
        return Message(
            N_(
                "Level curves of f with arrows showing its gradient field; the point ({a}, {b}) "
                "is marked."
            ),
            {"a": a_text, "b": b_text},
        )
    u = np.array([_number(text, problem) for text in direction[:2]])
    u = u / np.linalg.norm(u)
    axes.annotate(
        "",
        xy=(a + u[0], b + u[1]),
        xytext=(a, b),
        arrowprops={"arrowstyle": "-|>", "color": _SECANT, "linewidth": 2},
    )
    return Message(
        N_(
            "Level curves of f with arrows showing its gradient field; the point ({a}, {b}) "
            "is marked and the direction u is the thick arrow from it."
        ),
        {"a": a_text, "b": b_text},
    )


def _direction(problem: ProblemSpec) -> list[str] | None:
    parts: list[PartSpec] = [part for part in problem.parts if part.direction]
    return parts[0].direction if parts else None


_DRAWERS: dict[str, Callable[[Figure, ProblemSpec, bool], Message]] = {
    "secant_tangent": _secant_tangent,
    "stationary": _stationary,
    "surface": _surface,
    "gradient_field": _gradient_field,
}
