"""The hard bound on a check: text beyond the cheap risk estimate is read, compared and diagnosed in
the bounded worker, and a runaway there is "could not be checked", never a verdict."""

from __future__ import annotations

import time

import pytest
import sympy

import generator.checking as checking
from generator.checking import CHECK_SECONDS, UNDECIDED, check
from generator.errors import UsageError
from generator.parsing.risk import is_risky

SLACK = 2.0
"""Seconds beyond the worker's limit a check may take on this shared machine (fork, reap)."""


@pytest.mark.parametrize(
    ("text", "risky"),
    [
        pytest.param("3x^2 - 3", False, id="polynomial"),
        pytest.param("cos(x^3 - 3x)(3x^2 - 3)", False, id="chain-rule"),
        pytest.param(r"\frac{2x}{x^2+1}", False, id="latex-fraction"),
        pytest.param("2xe^x + x^2e^x", False, id="product-rule"),
        pytest.param("2/sqrt(1-4x^2)", False, id="root"),
        pytest.param("0.5x", False, id="decimal"),
        pytest.param("tanh(x^664 + 1)", True, id="large-exponent"),
        pytest.param("(atanh(acos(tan 1500)*562))^(x+3)", True, id="inverse-chain"),
        pytest.param("asin(acos(atan(x)))", True, id="three-inverse-functions"),
        pytest.param("acos(x)/x^2 - 1/(x sqrt(1-x^2))", False, id="one-inverse"),
        pytest.param(
            "x^2atan(x)/(x^2 + 1) - 4x^2atan(x)/(x^2 + 1) + atan(x)",
            False,
            id="inverse-functions-side-by-side",
        ),
        pytest.param("120(x - 2)^59(x + 1)", False, id="polynomial-coefficients"),
        pytest.param("sin(" * 17 + "x" + ")" * 17, True, id="many-nested-calls"),
        pytest.param(" + ".join(f"sin({n}x)" for n in range(1, 18)), True, id="many-calls"),
        pytest.param(
            " + ".join(f"{n}x^{n} sin(3 x)" for n in range(1, 30)),
            False,
            id="one-call-written-in-every-term",
        ),
        pytest.param("|x| " * 17, True, id="many-bars"),
        pytest.param("|(x+1)| " * 9, True, id="many-bars-around-brackets"),
        pytest.param("(((((((x)))))))", True, id="deep-nesting"),
        pytest.param("x+" * 200 + "x", False, id="long-polynomial"),
        pytest.param("(x+1)^2/(x-3)" * 150, False, id="long-rational-function"),
        pytest.param("x+" * 1000 + "x", True, id="longer-than-an-answer"),
        pytest.param("sin(x)+" * 150, True, id="long-with-functions"),
        pytest.param("x+" * 500 + "e^x", True, id="long-with-an-exponential"),
        pytest.param("x+" * 500 + "√x", True, id="long-with-a-root-sign"),
        pytest.param(
            "(x^2 + 1)^4(" + " + ".join(f"{n}x^{n}" for n in range(1, 60)) + ")sin(3x)",
            False,
            id="pasted-expansion-with-a-function",
        ),
        pytest.param("2x sinh(x^2)", False, id="hyperbolic-alone"),
        pytest.param("sinh(x)cosh(x) + e^x sinh x", False, id="hyperbolics-side-by-side"),
        pytest.param("sinh x cos x", False, id="hyperbolic-beside-a-function"),
        pytest.param("e^(cosh(y^-99))", True, id="hyperbolic-two-digit-exponent"),
        pytest.param("e^(sinh((y+1)^-12))", True, id="hyperbolic-of-a-power"),
        pytest.param("e^(sinh(e^((y+1)^-9)))", True, id="hyperbolic-nested"),
        pytest.param("cbrt((y+1)sinh((x-y)^(-9)))", True, id="hyperbolic-inside-a-root"),
        pytest.param("ln cosh x", True, id="hyperbolic-without-brackets"),
        pytest.param("e^sinh x", True, id="exponential-of-a-hyperbolic"),
    ],
)
def test_risk_estimate(text: str, risky: bool) -> None:
    assert is_risky(text) is risky


REPORTED = [
    "tanh(x^664 + 1)",
    "tanh(2x^664 - 3)",
    "asech(|x+1| tan(x^664 * 3))",
    "asech(|x-2|tan(x^664*7))",
    "(atanh(acos(tan 1500)*562))^(x+3)",
    "(atanh(acos(tan 1500)*562))^(x^664)",
    "cosh((asin(2)+1)^664)",
    "tanh((acos(3)+x)^664)",
    "e^(cosh(y^-99))",  # 7 s in-process before hyperbolic functions counted in the estimate
    "e^(sinh(e^((y+1)^-9)))",  # 5 s
    "cbrt((y+1)sinh((x-y)^(-9)))",  # 99 s
]


@pytest.mark.parametrize("answer", REPORTED, ids=range(len(REPORTED)))
def test_reported_inputs_come_back_within_the_bound(answer: str) -> None:
    started = time.monotonic()
    verdict = check("3*x**2", answer, variables=["x"])
    assert time.monotonic() - started < CHECK_SECONDS + SLACK
    assert verdict.status in {"incorrect", "invalid"}  # none of them is 3x^2
    if verdict.status == "invalid":
        assert verdict.error is not None and verdict.error.code and verdict.error.message


BIG_RATIONAL = [
    pytest.param("".join(f"(x+{i})^9999" for i in range(1, 37)), id="product-of-big-powers"),
    pytest.param("+".join(f"1/(x+{i})^9999" for i in range(1, 30)), id="sum-over-big-denominators"),
]


@pytest.mark.parametrize("answer", BIG_RATIONAL)
def test_exact_arithmetic_stops_at_its_bound(answer: str) -> None:
    """Each power is within the exact layer's bound and the text looks ordinary (no function), so
    it is read in-process; the product or the sum of them is refused by size, not computed for a
    second, and the numeric layer decides instead."""
    assert not is_risky(answer)
    started = time.monotonic()
    verdict = check("3*x**2", answer, variables=["x"])
    assert time.monotonic() - started < 0.5  # ~0.1 s alone; was over 1 s before the bound
    assert verdict.status == "incorrect"


def test_a_long_expanded_polynomial_is_checked_in_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """(x − 2)^60 (x + 1) differentiated and expanded: about 1,800 characters, no function, read
    in-process (the worker is never asked) and decided right."""
    x = sympy.Symbol("x")
    key = sympy.diff((x - 2) ** 60 * (x + 1), x)
    answer = sympy.sstr(sympy.expand(key)).replace("**", "^").replace("*", "")
    assert 1500 < len(answer) <= 2000 and not is_risky(answer)
    monkeypatch.setattr(checking, "run_bounded", _never_returns)
    assert check(sympy.sstr(key), answer, variables=["x"]).status == "correct"
    assert check(sympy.sstr(key), answer + " + 1", variables=["x"]).status == "incorrect"


@pytest.mark.parametrize(
    ("expected", "answer", "status"),
    [
        pytest.param("600*cos(x**600)", "600cos(x^600)", "correct", id="large-power-right"),
        pytest.param("600*cos(x**600)", "599cos(x^600)", "incorrect", id="large-power-wrong"),
        pytest.param("-sin(exp(x))*exp(x)", "acos(asin(atan(x)))", "incorrect", id="inverse-chain"),
    ],
)
def test_worker_decides_like_the_fast_path(expected: str, answer: str, status: str) -> None:
    assert is_risky(answer)
    assert check(expected, answer, variables=["x"]).status == status


def test_the_key_is_read_once_for_the_worker_and_the_next_answer() -> None:
    """The key is read before the worker starts, so the worker inherits it read and it stays
    cached for the next student's answer (before, the worker read it and its copy was lost)."""
    checking._parse_key.cache_clear()
    assert check("600*cos(x**600)", "600cos(x^600)", variables=["x"]).status == "correct"
    assert checking._parse_key.cache_info().currsize == 1
    assert check("600*cos(x**600)", "600cos(x^600) + 1", variables=["x"]).status == "incorrect"
    assert checking._parse_key.cache_info().hits >= 1


def _never_returns(*args: object, **kwargs: object) -> object:
    while True:
        time.sleep(0.05)


def test_a_runaway_in_the_worker_is_undecided(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checking, "compare_expressions", _never_returns)
    started = time.monotonic()
    verdict = check("3*x**2", "tanh(x^664 + 1)", variables=["x"], lang="en")
    assert time.monotonic() - started < CHECK_SECONDS + SLACK
    assert verdict.status == "invalid"
    assert verdict.score == 0.0
    assert verdict.error is not None and verdict.error.code == "undecided"
    assert verdict.feedback == UNDECIDED


def test_a_usage_error_in_the_worker_reaches_the_caller() -> None:
    with pytest.raises(UsageError, match="The expected answer cannot be read"):
        check("tanh(x^664 +", "x", variables=["x"])


def test_undecided_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checking, "compare_expressions", _never_returns)
    verdict = check("3*x**2", "sin(x^664)", variables=["x"], lang="zh")
    assert verdict.error is not None and verdict.error.code == "undecided"
    assert verdict.feedback != UNDECIDED and verdict.feedback
