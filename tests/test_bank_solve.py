"""The solver: one exact key per ask, in the form a teacher writes, for the chapter's examples."""

from __future__ import annotations

import pytest
import sympy

from generator.bank import load_banks
from generator.bank.instantiate import instantiate_full
from generator.parsing import parse_answer
from generator.solve import Question, Unsolvable, solve

x, y, z, r, s = sympy.symbols("x y z r s")
half, two_fifths = sympy.Rational(1, 2), sympy.Rational(-2, 5)

CASES = [
    # (id, function, variables, ask, options, key text, kind)
    (
        "power_chain",
        (x**2 + 2 * x + 3) ** 2,
        (x,),
        "derivative",
        {},
        "4*(x + 1)*(x**2 + 2*x + 3)",
        "expression",
    ),
    (
        "sin_of_cubic",
        sympy.sin(x**3 - 3 * x),
        (x,),
        "derivative",
        {},
        "(3*x**2 - 3)*cos(x**3 - 3*x)",
        "expression",
    ),
    ("quotient_cancels", x / (x + 1), (x,), "derivative", {}, "(x + 1)**(-2)", "expression"),
    (
        "minus_goes_inside",
        (x - 5) / (x**2 + 2),
        (x,),
        "derivative",
        {},
        "(-x**2 + 10*x + 2)/(x**2 + 2)**2",
        "expression",
    ),
    (
        "quotient_one_fraction",
        sympy.sin(x) / x,
        (x,),
        "derivative",
        {},
        "(x*cos(x) - sin(x))/x**2",
        "expression",
    ),
    ("reciprocal", 1 / (3 * x**2), (x,), "derivative", {}, "-2/(3*x**3)", "expression"),
    (
        "tan_is_sec_squared",
        sympy.tan(x**2),
        (x,),
        "derivative",
        {},
        "2*x*sec(x**2)**2",
        "expression",
    ),
    ("cot_is_minus_csc_squared", sympy.cot(x), (x,), "derivative", {}, "-csc(x)**2", "expression"),
    (
        "no_factored_minus",
        -5 * x**3 - 7 * x**2,
        (x,),
        "derivative",
        {},
        "-15*x**2 - 14*x",
        "expression",
    ),
    ("base_a", 2**x, (x,), "derivative", {}, "2**x*log(2)", "expression"),
    ("third_derivative", x**5, (x,), "derivative", {"order": 3}, "60*x**2", "expression"),
    ("derivative_at_point", x**3, (x,), "derivative", {"at": (2,)}, "12", "number"),
    ("limit_definition", 3 * x**2 - x, (x,), "limit_definition", {}, "6*x - 1", "expression"),
    ("secant_slope", x**3, (x,), "slope", {"between": (1, 3)}, "13", "number"),
    ("tangent_line", x**3, (x,), "tangent_line", {"at": (2,)}, "y = 12*x - 16", "equation"),
    (
        "stationary_quintic",
        x**5 - 2 * x**3 + x + 2,
        (x,),
        "stationary_points",
        {},
        "{-1, -sqrt(5)/5, sqrt(5)/5, 1}",
        "set",
    ),
    ("stationary_exp", x**4 * sympy.exp(x), (x,), "stationary_points", {}, "{-4, 0}", "set"),
    ("classify_min_at", x**5 - 2 * x**3 + x + 2, (x,), "classify", {"at": (1,)}, "min", "choice"),
    ("classify_max_at", x**5 - 2 * x**3 + x + 2, (x,), "classify", {"at": (-1,)}, "max", "choice"),
    ("first_test_neither", x**3, (x,), "classify", {}, "neither", "choice"),
    ("first_test_min", x**4, (x,), "classify", {}, "min", "choice"),
    ("first_test_max", -(x**6), (x,), "classify", {}, "max", "choice"),
    ("partial_x", x * y + x / y, (x, y), "partial", {"wrt": (x,)}, "y + 1/y", "expression"),
    ("partial_y", x * y + x / y, (x, y), "partial", {"wrt": (y,)}, "x - x/y**2", "expression"),
    (
        "three_variables",
        x**2 + y**2 + z**2 + 3 * x * y * z,
        (x, y, z),
        "partial",
        {"wrt": (z,)},
        "3*x*y + 2*z",
        "expression",
    ),
    ("mixed_partial", x**3 * y**2, (x, y), "partial", {"wrt": (x, y)}, "6*x**2*y", "expression"),
    (
        "second_partial",
        x**3 * y**2,
        (x, y),
        "partial",
        {"wrt": (x,), "order": 2},
        "6*x*y**2",
        "expression",
    ),
    (
        "chain_in_r_s",
        (3 * r + 2 * s) ** 3 + (r**2 - 3 * s) ** 3,
        (r, s),
        "partial",
        {"wrt": (r,)},
        "6*r*(r**2 - 3*s)**2 + 9*(3*r + 2*s)**2",
        "expression",
    ),
    ("gradient", x**2 + x * y + y**2, (x, y), "gradient", {}, "(2*x + y, x + 2*y)", "tuple"),
    (
        "gradient_at",
        x**2 + x * y + y**2,
        (x, y),
        "gradient",
        {"at": (half, two_fifths)},
        "(3/5, -3/10)",
        "tuple",
    ),
    (
        "gradient_norm",
        x**2 + x * y + y**2,
        (x, y),
        "gradient_norm",
        {"at": (half, two_fifths)},
        "3*sqrt(5)/10",
        "number",
    ),
    (
        "directional_normalised",
        x**2 + x * y + y**2,
        (x, y),
        "directional_derivative",
        {"at": (1, 2), "direction": (3, 4)},
        "32/5",
        "number",
    ),
    (
        "directional_radical",
        x * y,
        (x, y),
        "directional_derivative",
        {"at": (1, 1), "direction": (1, 1)},
        "sqrt(2)",
        "number",
    ),
]


def _exact(value: int | sympy.Rational) -> sympy.Expr:
    return sympy.Integer(value) if isinstance(value, int) else value


@pytest.mark.parametrize(
    ("function", "variables", "ask", "options", "text", "kind"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_key(function, variables, ask, options, text, kind) -> None:  # type: ignore[no-untyped-def]
    """The key is exact, printed as a teacher would write it, with the kind of its ask."""
    at = options.get("at")
    direction = options.get("direction")
    between = options.get("between")
    question = Question(
        function,
        variables,
        ask,
        wrt=options.get("wrt", ()),
        order=options.get("order", 1),
        at=None if at is None else tuple(_exact(v) for v in at),
        direction=None if direction is None else tuple(sympy.Integer(v) for v in direction),
        between=None if between is None else tuple(sympy.Integer(v) for v in between),
    )
    key = solve(question)
    assert (key.text, key.kind) == (text, kind)
    assert "." not in key.text  # exact: no floats


UNSOLVABLE = [
    (
        "no_real_stationary_points",
        x**3 + x,
        "stationary_points",
        {},
        "there are no real stationary points",
    ),
    (
        "pole_at_point",
        1 / x,
        "derivative",
        {"at": (0,)},
        "the function is not differentiable at the point",
    ),
    (
        "not_stationary",
        x**2,
        "classify",
        {"at": (1,)},
        "the point asked about is not a stationary point",
    ),
    (
        "several_points_need_at",
        x**3 - 3 * x,
        "classify",
        {},
        "there are several stationary points: say which with 'at'",
    ),
    (
        "not_closed_form",
        x**5 - 5 * x + 1 + x**4,
        "stationary_points",
        {},
        "a stationary point is not a simple closed form",
    ),
]


@pytest.mark.parametrize(
    ("function", "ask", "options", "reason"),
    [case[1:] for case in UNSOLVABLE],
    ids=[case[0] for case in UNSOLVABLE],
)
def test_unsolvable(function, ask, options, reason) -> None:  # type: ignore[no-untyped-def]
    """A question with no presentable answer says why, so the bank draws again."""
    at = options.get("at")
    question = Question(
        function, (x,), ask, at=None if at is None else tuple(sympy.Integer(v) for v in at)
    )
    with pytest.raises(Unsolvable) as caught:
        solve(question)
    assert str(caught.value) == reason


def test_zero_direction_is_unsolvable() -> None:
    """A directional derivative needs a direction that can be normalised."""
    question = Question(
        x * y, (x, y), "directional_derivative", direction=(sympy.Integer(0), sympy.Integer(0))
    )
    with pytest.raises(Unsolvable, match="zero vector"):
        solve(question)


exp, sin, cos, log, sqrt = sympy.exp, sympy.sin, sympy.cos, sympy.log, sympy.sqrt

TIDY = [
    # (id, function, variables, options, key before the tidy step's rework, key now)
    (
        "content_cancels_with_denominator",
        sqrt(3 * x**2 + 2 * x + 7),
        (x,),
        {},
        "(6*x + 2)/(2*sqrt(3*x**2 + 2*x + 7))",
        "(3*x + 1)/sqrt(3*x**2 + 2*x + 7)",
    ),
    (
        "content_joins_coefficient",
        -4 * log(4 * x**2 + 6 * x + 7),
        (x,),
        {},
        "-4*(8*x + 6)/(4*x**2 + 6*x + 7)",
        "-8*(4*x + 3)/(4*x**2 + 6*x + 7)",
    ),
    (
        "double_minus_cancels",
        -6 * exp(-3 * x**2 - 4 * x),
        (x,),
        {},
        "-6*(-6*x - 4)*exp(-3*x**2 - 4*x)",
        "12*(3*x + 2)*exp(-3*x**2 - 4*x)",
    ),
    (
        "content_between_two_sums",
        (x**2 - 3 * x + 1) ** 2,
        (x,),
        {},
        "(2*x - 3)*(2*x**2 - 6*x + 2)",
        "2*(2*x - 3)*(x**2 - 3*x + 1)",
    ),
    (
        "fraction_leaves_the_sum",
        -(x ** sympy.Rational(3, 2)) * log(x),
        (x,),
        {},
        "-3*sqrt(x)*log(x)/2 - sqrt(x)",
        "-sqrt(x)*(3*log(x) + 2)/2",
    ),
    (
        "exponential_factored_out",
        4 * x**2 * exp(x),
        (x,),
        {"order": 2},
        "4*x**2*exp(x) + 16*x*exp(x) + 8*exp(x)",
        "4*(x**2 + 4*x + 2)*exp(x)",
    ),
    (
        "exponential_and_number_out",
        3 * exp(2 * x) * sin(x),
        (x,),
        {},
        "6*exp(2*x)*sin(x) + 3*exp(2*x)*cos(x)",
        "3*(2*sin(x) + cos(x))*exp(2*x)",
    ),
    (
        "exponential_and_power_out",
        x**4 * exp(2 * x) * cos(x),
        (x,),
        {},
        "-x**4*exp(2*x)*sin(x) + 2*x**4*exp(2*x)*cos(x) + 4*x**3*exp(2*x)*cos(x)",
        "x**3*(-x*sin(x) + 2*x*cos(x) + 4*cos(x))*exp(2*x)",
    ),
    (
        "partial_common_factors",
        exp(x * y) * sin(x) * cos(y),
        (x, y),
        {"wrt": (x,)},
        "y*exp(x*y)*sin(x)*cos(y) + exp(x*y)*cos(x)*cos(y)",
        "(y*sin(x) + cos(x))*exp(x*y)*cos(y)",
    ),
    (
        "mixed_partial_leading_term_positive",
        exp(-x * y) * cos(x) * sin(y),
        (x, y),
        {"wrt": (x, y)},
        "x*y*exp(-x*y)*sin(y)*cos(x) + x*exp(-x*y)*sin(x)*sin(y) - y*exp(-x*y)*cos(x)*cos(y)"
        " - exp(-x*y)*sin(x)*cos(y) - exp(-x*y)*sin(y)*cos(x)",
        "(x*y*sin(y)*cos(x) + x*sin(x)*sin(y) - y*cos(x)*cos(y) - sin(x)*cos(y)"
        " - sin(y)*cos(x))*exp(-x*y)",
    ),
    (
        "exponent_as_written",
        exp(x**2 - 5 * x),
        (x,),
        {},
        "(2*x - 5)*exp(x*(x - 5))",
        "(2*x - 5)*exp(x**2 - 5*x)",
    ),
    (
        "power_base_exponent_as_written",
        2 ** (-3 * x**2 - 3 * x) * x**2,
        (x,),
        {},
        "x*(-3*x*(2*x + 1)*log(2) + 2)/2**(3*x*(x + 1))",
        "-2**(-3*x**2 - 3*x)*x*(3*x*(2*x + 1)*log(2) - 2)",
    ),
    (
        "minus_out_of_negative_sum",
        cos(4 * x) / x,
        (x,),
        {},
        "(-4*x*sin(4*x) - cos(4*x))/x**2",
        "-(4*x*sin(4*x) + cos(4*x))/x**2",
    ),
    (
        "minus_out_over_denominator",
        exp(-2 * x) / (x**2 - x + 2),
        (x,),
        {},
        "(-2*x**2 - 3)*exp(-2*x)/(x**2 - x + 2)**2",
        "-(2*x**2 + 3)*exp(-2*x)/(x**2 - x + 2)**2",
    ),
    (
        "no_number_pulled_out_of_a_sum",
        (4 * r + 4 * s) ** 3 + (r**2 - 4 * s) ** 3,
        (r, s),
        {"wrt": (r,)},
        "6*(r*(r**2 - 4*s)**2 + 32*(r + s)**2)",
        "6*r*(r**2 - 4*s)**2 + 192*(r + s)**2",
    ),
    (
        "mixed_sign_sum_kept",
        (x**2 - 4 * x - 7) ** 4,
        (x,),
        {},
        "8*(x - 2)*(x**2 - 4*x - 7)**3",
        "8*(x - 2)*(x**2 - 4*x - 7)**3",
    ),
    (
        "chain_factor_kept",
        sin(2 * x**3 + 4 * x),
        (x,),
        {},
        "(6*x**2 + 4)*cos(2*x**3 + 4*x)",
        "(6*x**2 + 4)*cos(2*x**3 + 4*x)",
    ),
    (
        "polynomial_expanded",
        (x + 2) * (x**2 - 6),
        (x,),
        {},
        "3*x**2 + 4*x - 6",
        "3*x**2 + 4*x - 6",
    ),
]


@pytest.mark.parametrize(
    ("function", "variables", "options", "before", "after"),
    [case[1:] for case in TIDY],
    ids=[case[0] for case in TIDY],
)
def test_tidy_pattern(function, variables, options, before, after) -> None:  # type: ignore[no-untyped-def]
    """Each ugly pattern comes out as a teacher writes it, still exactly sympy's derivative."""
    wrt = options.get("wrt", variables[:1])
    order = list(wrt) if len(wrt) > 1 else [wrt[0]] * options.get("order", 1)
    key = solve(Question(function, variables, "derivative", **options))
    expected = sympy.diff(function, *order)
    assert key.text == after
    assert sympy.simplify(key.value - expected) == 0
    for text in (before, after):  # both read back as the same derivative
        assert sympy.simplify(parse_answer(text, variables).expr - expected) == 0


SYMBOLIC_ASKS = {"derivative", "partial", "limit_definition"}
POINTS = [sympy.Rational(7, 5), sympy.Rational(-13, 10), sympy.Rational(5, 2)]


def _same_value(key: sympy.Expr, expected: sympy.Expr, variables: tuple[sympy.Symbol, ...]) -> bool:
    """Equal at a few exact points (complex values allowed), as 30-digit numbers."""
    compared = 0
    for shift in range(len(POINTS)):
        point = {v: POINTS[(i + shift) % len(POINTS)] for i, v in enumerate(variables)}
        want = sympy.N(expected.xreplace(point), 30)
        if not want.is_finite:
            continue
        got = sympy.N(key.xreplace(point), 30)
        assert abs(got - want) <= sympy.Float("1e-20") * (1 + abs(want)), (point, got, want)
        compared += 1
    return compared > 0


@pytest.mark.parametrize("template", load_banks().templates, ids=lambda t: t.id)
def test_every_shipped_key_is_sympys_derivative(template) -> None:  # type: ignore[no-untyped-def]
    """Tidying never changes a value: every symbolic key of every shipped template (two seeds)
    equals plain `sympy.diff`, reads back through the parser, and has no float."""
    for seed in (0, 1):
        instance = instantiate_full(template, seed)
        for question, key in zip(instance.questions, instance.keys, strict=True):
            if question.ask not in SYMBOLIC_ASKS or question.at is not None:
                continue
            wrt = question.wrt or question.variables[:1]
            order = list(wrt) if len(wrt) > 1 else [wrt[0]] * question.order
            expected = sympy.diff(question.function, *order)
            assert "." not in key.text
            assert _same_value(key.value, expected, question.variables)
            parsed = parse_answer(key.text, question.variables).expr
            assert _same_value(parsed, expected, question.variables)
