"""Diagnosis: a wrong answer is matched to the misconception that produces it (issue 4)."""

from __future__ import annotations

import pytest
import sympy as sp

from generator.equivalence import equivalent
from generator.model import PartSpec, ProblemSpec
from generator.parsing import ParsedExpression, parse_answer
from generator.rules import (
    MISCONCEPTIONS,
    diagnose,
    diagnose_expression,
    distractors,
    mal_answers,
    plain_message,
)
from generator.rules.diagnosis import coinciding_for, distractors_for, key_of, mal_answers_for
from generator.rules.task import Task, read_expression

x, y = sp.symbols("x y")
E = sp.E

DESIGN_IDS = [
    "power_no_decrement",
    "power_no_coefficient",
    "power_negative_exponent",
    "constant_not_zero",
    "product_of_derivatives",
    "product_one_term",
    "quotient_sign_swapped",
    "quotient_no_square",
    "quotient_ratio_of_derivatives",
    "chain_missing_inner",
    "trig_sign",
    "trig_tan_sec",
    "exp_power_rule",
    "exp_missing_ln",
    "log_missing_inner",
    "log_base_missing_ln",
    "partial_wrong_variable",
    "partial_other_variable_not_constant",
    "wrong_order",
    "sign_error",
    "constant_factor",
]


def _case(
    id_: str, function: sp.Expr, answer: sp.Expr, *, wrt: tuple[sp.Symbol, ...] = (), order: int = 1
) -> object:
    variables = ("x", "y") if function.has(y) else ("x",)
    return pytest.param(function, answer, variables, wrt, order, id_, id=f"{id_}: {answer}")


CASES = [
    _case("power_no_decrement", x**3, 3 * x**3),
    _case("power_no_decrement", 5 * x**4, 20 * x**4),
    _case("power_no_decrement", x**3 - 3 * x, 3 * x**3 - 3),
    _case("power_no_coefficient", x**3, x**2),
    _case("power_no_coefficient", 2 * x**5, 2 * x**4),
    _case("power_no_coefficient", x**4 + x**2, x**3 + x),
    _case("power_negative_exponent", x**-2, -2 / x),
    _case("power_negative_exponent", 3 / x**3, -9 / x**2),
    _case("power_negative_exponent", 1 / (3 * x**2), -2 / (3 * x)),
    _case("constant_not_zero", x**2 + 5, 2 * x + 5),
    _case("constant_not_zero", x**3 + 2, 3 * x**2 + 2),
    _case("constant_not_zero", sp.sin(x) + 4, sp.cos(x) + 4),
    _case("product_of_derivatives", x**2 * sp.sin(x), 2 * x * sp.cos(x)),
    _case("product_of_derivatives", x**3 * sp.exp(x), 3 * x**2 * sp.exp(x)),
    _case("product_of_derivatives", x**2 * sp.cos(x), -2 * x * sp.sin(x)),
    _case("product_one_term", x**2 * sp.sin(x), 2 * x * sp.sin(x)),
    _case("product_one_term", x**2 * sp.sin(x), x**2 * sp.cos(x)),
    _case("product_one_term", x**3 * sp.log(x), 3 * x**2 * sp.log(x)),
    _case("quotient_sign_swapped", x / (x + 1), -1 / (x + 1) ** 2),
    _case("quotient_sign_swapped", sp.sin(x) / x, (sp.sin(x) - x * sp.cos(x)) / x**2),
    _case(
        "quotient_sign_swapped", (x**2 + 1) / (x - 1), ((x**2 + 1) - 2 * x * (x - 1)) / (x - 1) ** 2
    ),
    _case("quotient_no_square", x / (x + 1), 1 / (x + 1)),
    _case("quotient_no_square", sp.sin(x) / x, (x * sp.cos(x) - sp.sin(x)) / x),
    _case("quotient_no_square", x**2 / (x + 2), (2 * x * (x + 2) - x**2) / (x + 2)),
    _case("quotient_ratio_of_derivatives", x / (x + 1), sp.Integer(1)),
    _case("quotient_ratio_of_derivatives", sp.sin(x) / x**2, sp.cos(x) / (2 * x)),
    _case("quotient_ratio_of_derivatives", (x**2 + 1) / (x**3 + 2), 2 / (3 * x)),
    _case("chain_missing_inner", sp.sin(x**3 - 3 * x), sp.cos(x**3 - 3 * x)),
    _case("chain_missing_inner", (x**2 + 2 * x + 3) ** 2, 2 * (x**2 + 2 * x + 3)),
    _case("chain_missing_inner", sp.cos(5 * x), -sp.sin(5 * x)),
    _case("quotient_plus_sign", x**2 / (x + 1), (2 * x * (x + 1) + x**2) / (x + 1) ** 2),
    _case("quotient_plus_sign", sp.sin(x) / x, (x * sp.cos(x) + sp.sin(x)) / x**2),
    _case(
        "quotient_plus_sign", (x + 2) / (x**2 + 1), ((x**2 + 1) + 2 * x * (x + 2)) / (x**2 + 1) ** 2
    ),
    _case(
        "chain_outer_at_inner_derivative",
        sp.sin(x**3 - 3 * x),
        (3 * x**2 - 3) * sp.cos(3 * x**2 - 3),
    ),
    _case("chain_outer_at_inner_derivative", sp.exp(x**2), 2 * x * sp.exp(2 * x)),
    _case("chain_outer_at_inner_derivative", (x**2 + 1) ** 3, 3 * (2 * x) ** 2 * 2 * x),
    _case("chain_outer_at_x", sp.sin(x**2), 2 * x * sp.cos(x)),
    _case("chain_outer_at_x", (x**2 + 1) ** 3, 6 * x**3),
    _case("chain_outer_at_x", sp.sin(3 * x), 3 * sp.cos(x)),
    _case("trig_sign", sp.cos(x), sp.sin(x)),
    _case("trig_sign", sp.cos(x**2), 2 * x * sp.sin(x**2)),
    _case("trig_sign", sp.sin(x) + sp.cos(x), sp.cos(x) + sp.sin(x)),
    _case("trig_tan_sec", sp.tan(x), sp.sec(x)),
    _case("trig_tan_sec", sp.tan(3 * x), 3 * sp.sec(3 * x)),
    _case("trig_tan_sec", x + sp.tan(x), 1 + sp.sec(x)),
    _case("exp_power_rule", sp.exp(x), x * sp.exp(x - 1)),
    _case("exp_power_rule", 2**x, x * 2 ** (x - 1)),
    _case("exp_power_rule", sp.exp(3 * x), 9 * x * sp.exp(3 * x - 1)),
    _case("exp_missing_ln", 2**x, 2**x),
    _case("exp_missing_ln", 5 ** (x**2), 2 * x * 5 ** (x**2)),
    _case("exp_missing_ln", 3 * 10**x, 3 * 10**x),
    _case("log_missing_inner", sp.log(x**2 + 1), 1 / (x**2 + 1)),
    _case("log_missing_inner", sp.log(3 * x), 1 / (3 * x)),
    _case("log_missing_inner", sp.log(sp.sin(x)), 1 / sp.sin(x)),
    _case("log_base_missing_ln", sp.log(x, 2), 1 / x),
    _case("log_base_missing_ln", sp.log(x**2 + 1, 10), 2 * x / (x**2 + 1)),
    _case("log_base_missing_ln", 3 * sp.log(x, 5), 3 / x),
    _case("partial_wrong_variable", x * y + x / y, x - x / y**2, wrt=(x,)),
    _case("partial_wrong_variable", x**2 * y**3, 3 * x**2 * y**2, wrt=(x,)),
    _case("partial_wrong_variable", sp.exp(x * y), y * sp.exp(x * y), wrt=(y,)),
    _case("partial_other_variable_not_constant", x**2 + y**2, 2 * x + 2 * y, wrt=(x,)),
    _case("partial_other_variable_not_constant", x**2 * y, 2 * x * y + x**2, wrt=(x,)),
    _case(
        "partial_other_variable_not_constant",
        x * y + x / y,
        y + 1 / y + x - x / y**2,
        wrt=(x,),
    ),
    _case("wrong_order", x**3, 6 * x),
    _case("wrong_order", x**3 + x, x**3 + x),
    _case("wrong_order", x**4, 4 * x**3, order=2),
    _case("sign_error", x**3, -3 * x**2),
    _case("sign_error", sp.exp(2 * x), -2 * sp.exp(2 * x)),
    _case("sign_error", x**2 + x, -2 * x - 1),
    _case("constant_factor", x**3, 6 * x**2),
    _case("constant_factor", sp.sin(2 * x), 4 * sp.cos(2 * x)),
    _case("constant_factor", x**2 + x, 4 * x + 2),
]


@pytest.mark.parametrize(("function", "answer", "variables", "wrt", "order", "expected"), CASES)
def test_wrong_answer_gets_its_misconception(
    function: sp.Expr,
    answer: sp.Expr,
    variables: tuple[str, ...],
    wrt: tuple[sp.Symbol, ...],
    order: int,
    expected: str,
) -> None:
    """The answer a student with the misconception writes is diagnosed as that misconception."""
    ask = "partial" if wrt else "derivative"
    diagnosis = diagnose_expression(
        function, answer, variables=variables, ask=ask, wrt=wrt, order=order
    )
    assert diagnosis is not None
    assert diagnosis.id == expected
    assert plain_message(diagnosis.feedback, "zh") != plain_message(diagnosis.feedback)


def test_every_id_has_three_cases() -> None:
    """The table covers every misconception id (DESIGN.md's and the added ones) three times."""
    counts = {id_: sum(1 for case in CASES if case.values[-1] == id_) for id_ in MISCONCEPTIONS}
    assert {id_: n for id_, n in counts.items() if n < 3} == {}
    assert set(DESIGN_IDS) <= set(MISCONCEPTIONS)


CORRECT = [
    pytest.param(x**3, 3 * x**2, id="3x²"),
    pytest.param(sp.sin(x**3 - 3 * x), (3 * x**2 - 3) * sp.cos(x**3 - 3 * x), id="chain"),
    pytest.param(x / (x + 1), 1 / (x + 1) ** 2, id="quotient simplified"),
    pytest.param(1 / (3 * x**2), -2 * x**-3 / 3, id="as a power"),
    pytest.param(2**x, 2**x * sp.log(2), id="a^x"),
]


@pytest.mark.parametrize(("function", "answer"), CORRECT)
def test_correct_answers_get_no_diagnosis(function: sp.Expr, answer: sp.Expr) -> None:
    """A right answer, in any equivalent form, is never diagnosed."""
    assert diagnose_expression(function, answer, variables=["x"]) is None


UNEXPLAINED = [
    pytest.param(x**3, 3 * x**2 + 1, id="3x²+1"),
    pytest.param(sp.sin(x), sp.cos(x) + x, id="cos x + x"),
    pytest.param(x**2 * sp.exp(x), sp.exp(x), id="e^x for x²e^x"),
    pytest.param(sp.log(x**2 + 1), x, id="x for ln(x²+1)"),
]


@pytest.mark.parametrize(("function", "answer"), UNEXPLAINED)
def test_wrong_answers_matching_no_misconception_get_none(
    function: sp.Expr, answer: sp.Expr
) -> None:
    """A wrong answer no mal-rule produces gets no diagnosis (the checker's generic feedback)."""
    assert diagnose_expression(function, answer, variables=["x"]) is None


def test_chain_feedback_names_the_outer_and_inner_functions() -> None:
    """The feedback says which outer function and which inner function u = g(x)."""
    diagnosis = diagnose_expression(sp.sin(x**3 - 3 * x), sp.cos(x**3 - 3 * x), variables=["x"])
    assert diagnosis is not None
    assert plain_message(diagnosis.feedback) == (
        "You differentiated the outer function sin(u) but did not multiply by the derivative "
        "of the inner function u = x^3 - 3*x."
    )
    assert plain_message(diagnosis.feedback, "zh") == (
        "你对外层函数 sin(u) 求了导，但没有乘以内层函数 u = x^3 - 3*x 的导数。"
    )


FUNCTIONS = [
    sp.sin(x**3 - 3 * x),
    x**2 * sp.sin(x),
    (x**2 + 1) / (x - 1),
    sp.exp(x) * sp.cos(x),
    sp.log(x**2 + 1, 2),
]


@pytest.mark.parametrize("function", FUNCTIONS, ids=str)
def test_distractors_are_distinct_and_never_the_key(function: sp.Expr) -> None:
    """Multiple-choice distractors: pairwise non-equivalent mal-rule answers, none the key."""
    task = Task(function=function, variables=(x,))
    chosen = distractors_for(task, 4)
    key = key_of(task)
    assert len(chosen) == 4
    assert all(c.answer and c.answer_latex for c in chosen)
    assert not any(equivalent(c.expr, key, (x,)) for c in chosen)
    for i, first in enumerate(chosen):
        for second in chosen[i + 1 :]:
            assert not equivalent(first.expr, second.expr, (x,))


def test_mal_answers_of_a_point_are_numbers() -> None:
    """With a point, the misconceptions' answers are the wrong derivatives evaluated there."""
    task = Task(function=x**3, variables=(x,), at=(sp.Integer(2),))
    answers = {m.id: m.expr for m in mal_answers_for(task)}
    assert answers["power_no_decrement"] == 24
    assert answers["power_no_coefficient"] == 4
    assert answers["sign_error"] == -12


def test_misconceptions_that_give_the_key_are_reported_not_offered() -> None:
    """For e^x the function is its own derivative: `wrong_order` is reported, never a candidate."""
    task = Task(function=sp.exp(x), variables=(x,))
    assert coinciding_for(task) == ["wrong_order"]
    assert all(not equivalent(m.expr, sp.exp(x), (x,)) for m in mal_answers_for(task))


def _problem(function: str, part: PartSpec, variables: list[str], **fields: object) -> ProblemSpec:
    return ProblemSpec(
        number=1,
        template="test.template",
        topic="chain",
        seed=1,
        variables=variables,
        function=function,
        statement_latex="",
        parts=[part],
        **fields,  # type: ignore[arg-type]
    )


PROBLEMS = [
    pytest.param(
        _problem(
            "sin(x**3 - 3*x)",
            PartSpec(
                label="1",
                ask="derivative",
                wrt=["x"],
                answer="(3*x**2 - 3)*cos(x**3 - 3*x)",
                answer_latex="",
            ),
            ["x"],
        ),
        "cos(x^3 - 3x)",
        "chain_missing_inner",
        id="typed derivative",
    ),
    pytest.param(
        _problem(
            "x**3",
            PartSpec(
                label="1",
                ask="derivative",
                wrt=["x"],
                at={"x": "2"},
                kind="number",
                answer="12",
                answer_latex="12",
            ),
            ["x"],
        ),
        "24",
        "power_no_decrement",
        id="derivative at a point",
    ),
    pytest.param(
        _problem(
            "x**3 + y**3",
            PartSpec(
                label="a",
                ask="partial",
                wrt=["r"],
                answer="9*(3*r + 2*s)**2 + 6*r*(r**2 - 3*s)**2",
                answer_latex="",
            ),
            ["r", "s"],
            functions={"x": "3*r + 2*s", "y": "r**2 - 3*s"},
        ),
        "6(3r + 2s)^2 - 9(r^2 - 3s)^2",
        "partial_wrong_variable",
        id="multivariable chain, ∂/∂s given for ∂/∂r",
    ),
]


@pytest.mark.parametrize(("problem", "typed", "expected"), PROBLEMS)
def test_diagnose_reads_the_part_of_a_manifest(
    problem: ProblemSpec, typed: str, expected: str
) -> None:
    """`diagnose(problem, part, answer)` works from the manifest's strings, as `check` calls it."""
    part = problem.parts[0]
    answer = parse_answer(typed, problem.variables)
    assert isinstance(answer, ParsedExpression)
    diagnosis = diagnose(problem, part, answer.expr)
    assert diagnosis is not None
    assert diagnosis.id == expected
    assert diagnose(problem, part, read_expression(part.answer, problem.variables)) is None
    chosen = distractors(problem, part, 3)
    assert len({c.id for c in chosen}) >= 2
    assert expected in {m.id for m in mal_answers(problem, part)}


def test_distractors_start_with_the_main_rule() -> None:
    """For a chain-rule problem the first distractors are chain-rule misconceptions."""
    chosen = distractors_for(Task(function=sp.sin(x**3 - 3 * x), variables=(x,)), 2)
    assert [c.id for c in chosen] == ["chain_missing_inner", "chain_outer_at_x"]
