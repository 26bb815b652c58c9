"""Worked steps: every step is a true equality, and the steps end on the key (issue 4)."""

from __future__ import annotations

import random

import pytest
import sympy as sp

from generator.i18n import Message
from generator.rules import explain_expression, plain_message
from generator.rules.asks import work
from generator.rules.differentiator import Style, differentiate
from generator.rules.selfcheck import line_holds
from generator.rules.task import Task

x, y, z, r, s, a = sp.symbols("x y z r s a")


def _task(function: sp.Expr, variables: tuple[sp.Symbol, ...] = (x,), **fields: object) -> Task:
    return Task(function=function, variables=variables, **fields)  # type: ignore[arg-type]


def _assert_all_true(task: Task, style: Style = "auto") -> list[str]:
    worked = work(task, style=style)
    rng = random.Random(7)
    for line in worked.lines:
        assert line_holds(line, rng, task.inner), line.to_step().text
    return [line.rule for line in worked.lines]


CHAPTER = [
    pytest.param((x**2 + 2 * x + 3) ** 2, "auto", ["chain", "sum", "power"], id="(x²+2x+3)²"),
    pytest.param(
        2 * (4 * x - 5) ** 2 + 3, "auto", ["sum", "constant_multiple", "chain"], id="2(4x−5)²+3"
    ),
    pytest.param(
        1 / (3 * x**2), "quotient", ["quotient", "constant", "power"], id="1/(3x²) quotient"
    ),
    pytest.param(1 / (3 * x**2), "power", ["chain", "power"], id="1/(3x²) as (3x²)^−1"),
    pytest.param(sp.sin(x**3 - 3 * x), "auto", ["chain", "sum", "power"], id="sin(x³−3x)"),
    pytest.param(sp.sin(x**3 - 3 * x) ** 2, "auto", ["chain", "chain"], id="sin²(x³−3x)"),
    pytest.param(sp.exp(x), "auto", ["exponential"], id="e^x"),
    pytest.param(sp.exp(x**2 - 1), "auto", ["chain", "sum"], id="e^g(x)"),
    pytest.param(a**x, "auto", ["exponential_base"], id="a^x"),
    pytest.param(sp.log(x), "auto", ["logarithm"], id="ln x"),
    pytest.param(sp.log(x, 2), "auto", ["logarithm_base"], id="log_2 x"),
    pytest.param(sp.log(x, sp.Symbol("b")), "auto", ["logarithm_base"], id="log_b x"),
    pytest.param(sp.log(x**2 + 1, 10), "auto", ["chain", "sum"], id="log_10 (x²+1)"),
    pytest.param(x / (x + 1), "auto", ["quotient"], id="quotient"),
    pytest.param(x**3 * sp.cos(x), "auto", ["product", "power", "trig"], id="product"),
]


@pytest.mark.parametrize(("function", "style", "rules"), CHAPTER)
def test_chapter_examples_use_the_chapter_rules(
    function: sp.Expr, style: Style, rules: list[str]
) -> None:
    """Each chapter example is done by the chapter's rules, in its order, and every step holds."""
    used = _assert_all_true(_task(function), style)
    positions = [used.index(rule) for rule in dict.fromkeys(rules)]
    assert positions == sorted(positions), used
    result, _ = differentiate(function, x, style=style)
    assert sp.simplify(result - sp.diff(function, x)) == 0


def test_chain_rule_names_the_outer_and_the_inner_function() -> None:
    """sin(x³ − 3x): f(u) = sin u and u = x³ − 3x, in plain text and LaTeX."""
    solution = explain_expression(sp.sin(x**3 - 3 * x), variables=["x"])
    first = solution.steps[0]
    assert first.rule == "chain"
    assert plain_message(first.explanation) == (
        "Chain rule: the outer function is f(u) = sin(u) with f′(u) = cos(u), and the inner "
        "function is u = x^3 - 3*x; multiply f′(u) by u′."
    )
    assert r"\(\sin{\left(u \right)}\)" in first.explanation.render()
    assert first.text == "d/dx[sin(x^3 - 3*x)] = cos(x^3 - 3*x)*d/dx[x^3 - 3*x]"
    assert first.latex.startswith(r"\frac{d}{d x}\left[\sin{\left(x^{3} - 3 x \right)}\right] =")
    assert solution.result == "(3*x**2 - 3)*cos(x**3 - 3*x)"


def test_quotient_rule_names_u_and_v() -> None:
    """1/(3x²) by the quotient rule: u = 1, v = 3x², and the formula (vu′ − uv′)/v²."""
    solution = explain_expression(1 / (3 * x**2), variables=["x"], style="quotient")
    assert plain_message(solution.steps[0].explanation) == (
        "Quotient rule with u = 1 and v = 3*x^2: (u/v)′ = (vu′ − uv′)/v²."
    )
    assert solution.result == "-2/(3*x**3)"


def test_explanations_are_translated() -> None:
    """Rule names come out in Chinese (幂法则, 链式法则 …) with the same pieces."""
    steps = explain_expression(sp.sin(x**3), variables=["x"]).steps
    chinese = [plain_message(step.explanation, "zh") for step in steps]
    assert chinese[0].startswith("链式法则")
    assert chinese[1].startswith("幂法则")
    assert all(isinstance(step.explanation, Message) for step in steps)


def _random_function(rng: random.Random, depth: int) -> sp.Expr:
    if depth == 0:
        return rng.choice([x, x**2, 2 * x + 1, x**3 - x, sp.Integer(rng.randint(2, 5))])
    a_, b_ = _random_function(rng, depth - 1), _random_function(rng, depth - 1)
    return rng.choice(
        [
            a_ + b_,
            a_ * b_,
            a_ / (b_ + x**2 + 1),
            sp.sin(a_),
            sp.cos(a_),
            sp.tan(a_),
            sp.exp(a_),
            sp.log(a_**2 + 1),
            sp.sqrt(a_**2 + 1),
            3**a_,
            a_**3,
            sp.sec(a_),
            sp.atan(a_),
            sp.log(a_**2 + 2, 10),
        ]
    )


def _has_quotient(function: sp.Expr) -> bool:
    return any(
        node.is_Pow and node.exp.is_negative and not node.base.is_number
        for node in sp.preorder_traversal(function)
    )


RANDOM = [
    pytest.param(function, style, id=f"{style}-{str(function)[:40]}")
    for function in (_random_function(random.Random(seed), 2) for seed in range(20))
    for style in ("auto", "power", "quotient")
    if style == "auto" or _has_quotient(function)
]


@pytest.mark.parametrize(("function", "style"), RANDOM)
def test_random_functions_steps_hold_and_end_on_the_key(function: sp.Expr, style: Style) -> None:
    """Every step of a random nested function holds; the last step is sympy's derivative."""
    task = _task(function)
    _assert_all_true(task, style)
    worked = work(task, style=style)
    assert worked.value == sp.diff(function, x)
    assert worked.lines[-1].rhs == sp.diff(function, x)


ASKS = [
    pytest.param(_task(x**4 - x, order=3), 24 * x, id="third derivative"),
    pytest.param(
        _task(x * y + x / y, (x, y), ask="partial", wrt=(y,)), x - x / y**2, id="∂/∂y (xy + x/y)"
    ),
    pytest.param(
        _task(x * y + x / y, (x, y), ask="partial", wrt=(x, y)), 1 - 1 / y**2, id="∂²/∂y∂x"
    ),
    pytest.param(
        _task(x**2 + y**2 + z**2 + 3 * x * y * z, (x, y, z), ask="partial", wrt=(z,)),
        2 * z + 3 * x * y,
        id="∂/∂z (x²+y²+z²+3xyz)",
    ),
    pytest.param(
        _task(sp.exp(x * y) * sp.cos(x) * sp.sin(y), (x, y), ask="partial", wrt=(x, y)),
        sp.diff(sp.exp(x * y) * sp.cos(x) * sp.sin(y), x, y),
        id="mixed e^{xy} cos x sin y",
    ),
    pytest.param(
        _task(
            x**3 + y**3, (r, s), ask="partial", wrt=(r,), inner={x: 3 * r + 2 * s, y: r**2 - 3 * s}
        ),
        sp.diff((3 * r + 2 * s) ** 3 + (r**2 - 3 * s) ** 3, r),
        id="multivariable chain ∂/∂r",
    ),
    pytest.param(_task(x**2 + 3 * x, ask="limit_definition"), 2 * x + 3, id="limit x²+3x"),
    pytest.param(_task(1 / x, ask="limit_definition"), -1 / x**2, id="limit 1/x"),
    pytest.param(_task(sp.sqrt(x), ask="limit_definition"), 1 / (2 * sp.sqrt(x)), id="limit √x"),
    pytest.param(
        _task(x**2, ask="slope", between=(sp.Integer(1), sp.Integer(3))), 4, id="secant slope"
    ),
    pytest.param(
        _task(
            x**2 + x * y + y**2, (x, y), ask="gradient", at=(sp.Rational(1, 2), sp.Rational(-2, 5))
        ),
        sp.Tuple(sp.Rational(3, 5), sp.Rational(-3, 10)),
        id="∇(x²+xy+y²) at (0.5, −0.4)",
    ),
    pytest.param(
        _task(
            x**2 + x * y + y**2,
            (x, y),
            ask="gradient_norm",
            at=(sp.Rational(1, 2), sp.Rational(-2, 5)),
        ),
        3 * sp.sqrt(5) / 10,
        id="|∇f| at (0.5, −0.4)",
    ),
    pytest.param(
        _task(
            x**2 + x * y + y**2,
            (x, y),
            ask="directional_derivative",
            at=(sp.Integer(1), sp.Integer(2)),
            direction=(sp.Integer(3), sp.Integer(4)),
        ),
        sp.Rational(32, 5),
        id="D_u f, u = (3, 4)/5",
    ),
    pytest.param(
        _task(x**5 - 2 * x**3 + x + 2, ask="stationary_points"),
        sp.FiniteSet(-1, 1, -1 / sp.sqrt(5), 1 / sp.sqrt(5)),
        id="stationary x⁵−2x³+x+2",
    ),
    pytest.param(
        _task(x**3 - 2 * x + 4, ask="stationary_points"),
        sp.FiniteSet(-sp.sqrt(6) / 3, sp.sqrt(6) / 3),
        id="stationary x³−2x+4",
    ),
    pytest.param(
        _task(x**5 - 2 * x**3 + x + 2, ask="classify"),
        sp.Tuple(*map(sp.Symbol, ["max", "min", "max", "min"])),
        id="classify x⁵−2x³+x+2",
    ),
    pytest.param(
        _task(x**3 - 2 * x + 4, ask="classify", at=(sp.sqrt(6) / 3,)),
        sp.Symbol("min"),
        id="classify x³−2x+4 at √6/3",
    ),
    pytest.param(_task(x**4, ask="classify"), sp.Symbol("min"), id="first-derivative test x⁴"),
    pytest.param(_task(x**3, ask="classify"), sp.Symbol("neither"), id="first-derivative test x³"),
]


@pytest.mark.parametrize(("task", "expected"), ASKS)
def test_every_ask_has_true_steps_and_the_right_answer(task: Task, expected: sp.Basic) -> None:
    """Each ask's steps hold and arrive at the known answer."""
    _assert_all_true(task)
    value = work(task).value
    if isinstance(expected, sp.Expr) and not isinstance(expected, sp.Symbol):
        assert sp.simplify(value - expected) == 0  # type: ignore[operator]
    else:
        assert value == expected


def test_limit_definition_of_a_root_uses_the_conjugate() -> None:
    """√(2x + 1) from the definition: multiply by the conjugate, then h cancels, then h → 0."""
    rules = _assert_all_true(_task(sp.sqrt(2 * x + 1), ask="limit_definition"))
    assert rules[:4] == ["limit_definition", "conjugate", "expand", "limit"]


def test_tangent_line_ends_on_y_equals_mx_plus_b() -> None:
    """Tangent to x³ at x = 2: height, slope from the derivative, point-slope, then y = 12x − 16."""
    task = _task(x**3, ask="tangent_line", at=(sp.Integer(2),))
    rules = _assert_all_true(task)
    assert rules[0] == "evaluate" and rules[-2:] == ["tangent_line", "simplify"]
    assert work(task).value == sp.Eq(sp.Symbol("y"), 12 * x - 16)
    solution = explain_expression(
        x**3, variables=["x"], ask="tangent_line", at={"x": sp.Integer(2)}
    )
    assert solution.result == "y = 12*x - 16"


def test_partial_derivative_says_which_variables_are_constant() -> None:
    """∂/∂x of xy + x/y begins "treat y as a constant"."""
    steps = explain_expression(x * y + x / y, variables=["x", "y"], ask="partial", wrt="x").steps
    assert plain_message(steps[0].explanation) == (
        "Treat y as a constant and differentiate with respect to x."
    )
    assert plain_message(steps[0].explanation, "zh") == "把 y 看作常数，对 x 求导。"


def test_multivariable_chain_shows_the_six_partials_and_the_combination() -> None:
    """x³ + y³ with x = 3r + 2s, y = r² − 3s: ∂f/∂x, ∂f/∂y, four inner partials, the formula."""
    solution = explain_expression(
        x**3 + y**3,
        variables=["r", "s"],
        ask="partial",
        wrt=["r"],
        functions={"x": 3 * r + 2 * s, "y": r**2 - 3 * s},
    )
    results = [step for step in solution.steps if step.rule in ("result", "partial")]
    shown = [
        step.text.split(" = ")[-1] for step in results if "[" not in step.text.split(" = ")[-1]
    ]
    assert shown[:6] == ["3*x^2", "3*y^2", "3", "2", "2*r", "-3"]
    combination = next(step for step in solution.steps if step.rule == "multivariable_chain")
    assert (
        plain_message(combination.explanation) == "Chain rule: ∂f/∂r = ∂f/∂x·∂x/∂r + ∂f/∂y·∂y/∂r."
    )
