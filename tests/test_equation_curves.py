"""Equations are equivalent when one's sides differ by a constant multiple of the other's, once
absolute values are squared away: |A| = |B| is A² = B² (STACK's fixture L548). Multiplicity counts,
as the issue defines equivalence and STACK decides it: (y − 2x)² = 0 is not the line y = 2x, though
its real solutions are the same. Near misses stay wrong."""

from __future__ import annotations

import time

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.checking import check
from generator.equivalence import Outcome, compare_equations

X, Y = sympy.symbols("x y")

SAME = [
    (
        "abs both sides",
        "(x - y)(x + y) = 0",
        "|x| = |y|",
        "\\left|{x}\\right| = \\left|{y}\\right|",
    ),
    ("abs vs squares", "x^2 = y^2", "abs(x) = abs(y)", "\\left|{x}\\right| = \\left|{y}\\right|"),
    ("abs scaled", "y^2 = 4x^2", "3|y| = |6x|", "3 \\left|{y}\\right| = \\left|{6 x}\\right|"),
    ("abs minus abs", "y^2 = x^2", "|x| - |y| = 0", "\\left|{x}\\right| - \\left|{y}\\right| = 0"),
    ("abs is constant", "(x - 3)(x + 1) = 0", "|x - 1| = 2", "\\left|{x - 1}\\right| = 2"),
    ("constant is abs", "x^2 = 4", "2 = |x|", "2 = \\left|{x}\\right|"),
    ("abs is zero", "y = x", "|x - y| = 0", "\\left|{x - y}\\right| = 0"),
    (
        "sum of abs is zero",
        "x^2 + y^2 = 0",
        "|x| + |y| = 0",
        "\\left|{x}\\right| + \\left|{y}\\right| = 0",
    ),
    ("no solutions either", "|x| = -1", "|y| + 2 = 0", "\\left|{y}\\right| + 2 = 0"),
    (
        "abs times a factor",
        "x (y - 1) = 0",
        "|x| (y - 1) = 0",
        "\\left(y - 1\\right) \\left|{x}\\right| = 0",
    ),
    ("abs plus twice the line", "x = 0", "|x| + 2x = 0", "2 x + \\left|{x}\\right| = 0"),
]

DIFFERENT = [
    ("abs on one side", "x = y", "|x| = y"),
    ("squares vs line", "x = y", "x^2 = y^2"),
    ("line vs squares", "y^2 = 4x^2", "y = 2x"),
    ("abs vs line", "x = y", "|x| = |y|"),
    ("abs vs one root", "x = 2", "|x| = 2"),
    ("square is one", "x = 2", "(x - 1)^2 = 1"),
    ("square of a line is one", "y = 2x", "(y - 2x)^2 = 1"),
    ("abs is negative", "x = 1", "|x| = -1"),
    ("abs plus line", "x = 0", "x + |x| = 0"),
    ("difference of abs is one", "x^2 - y^2 = 1", "|x| - |y| = 1"),
    ("reciprocal has no zero", "y = 2x", "1/(y - 2x)^2 = 0"),
    ("point vs line", "x = y", "(x - 1)^2 + (y - 1)^2 = 0"),
    ("root restricts the domain", "x y = 0", "x sqrt(y) = 0"),
    ("log drops out of the expansion", "y = 0", "(ln(x) + 1) y^2 - ln(x) y^2 = 0"),
    ("a root among factors", "x (y - x) = 0", "(y - x)^(3/2) x^2 = 0"),
    ("roots of both sides", "x = y", "sqrt(x) = sqrt(y)"),
    ("abs of roots", "x = y", "|sqrt(x)| = |sqrt(y)|"),
    # the same real solutions, but not the same equation: a power counts its base's zeros twice
    ("square of a line", "y = 2x", "(y - 2x)^2 = 0"),
    ("scaled cube of a line", "y = 2x", "-5(2x - y)^3 = 0"),
    ("expanded square", "y = 2x", "y^2 - 4xy + 4x^2 = 0"),
    ("root of a line", "y = 2x", "sqrt(y - 2x) = 0"),
    ("tangent squared", "y = 3x - 2", "(y - 3x + 2)^2 = 0"),
    ("curve cubed", "y = sin(x)", "(y - sin(x))^3 = 0"),
    ("level curve squared", "x^2 + y^2 = 1", "(x^2 + y^2 - 1)^2 = 0"),
    ("repeated factors", "x y = 0", "x^2 y^3 = 0"),
    ("cube of abs", "x = 0", "|x|^3 = 0"),
    ("line times its abs", "x = 0", "x |x| = 0"),
    ("abs and a square", "x (y - 1) = 0", "|x| (y - 1)^2 = 0"),
    ("one factor repeated", "x^2 = 1", "(x - 1)^2 (x + 1) = 0"),
]


@pytest.mark.parametrize(
    ("key", "answer", "latex"), [row[1:] for row in SAME], ids=[row[0] for row in SAME]
)
def test_same_solutions_are_correct(key: str, answer: str, latex: str) -> None:
    """An equation that is the key once absolute values are squared away is correct, read as the
    student wrote it."""
    verdict = check(key, answer, variables=["x", "y"], kind="equation")
    assert (verdict.status, verdict.interpreted) == ("correct", latex)


@pytest.mark.parametrize(
    ("key", "answer"), [row[1:] for row in DIFFERENT], ids=[row[0] for row in DIFFERENT]
)
def test_near_misses_stay_incorrect(key: str, answer: str) -> None:
    """An equation that is no multiple of the key, however alike its solutions, is incorrect."""
    verdict = check(key, answer, variables=["x", "y"], kind="equation")
    assert (verdict.status, verdict.feedback) == (
        "incorrect",
        "Not correct: your answer is not equal to the expected answer.",
    )


def test_stack_fixture_abs_both_sides() -> None:
    """STACK's own fixture (answertestfixtures L548): |x| = |y| is (x − y)(x + y) = 0."""
    key = ((X - Y) * (X + Y), sympy.Integer(0))
    assert compare_equations(key, (sympy.Abs(X), sympy.Abs(Y))) is Outcome.EQUIVALENT


@pytest.mark.parametrize(
    "answer",
    [
        "(x - y)^47 (x + y)^47 = 0",
        "(x - 1)^24 (x + 1)^24 = x^2 - 1",
        "(" + " + ".join(f"x^{i} y" for i in range(1, 40)) + ")^48 = 0",
        " * ".join(f"(x - {i})" for i in range(60)) + " = 0",
        "|" + " + ".join(f"x^{i}" for i in range(1, 30)) + "|^40 = |y|^40",
    ],
    ids=[
        "high degree",
        "high degree both sides",
        "power of a long sum",
        "many factors",
        "abs powers",
    ],
)
def test_large_equations_stay_fast(answer: str) -> None:
    """Large equations are answered at once, not expanded."""
    started = time.perf_counter()
    verdict = check("x^2 = y^2", answer, variables=["x", "y"], kind="equation")
    assert verdict.status == "incorrect"
    assert time.perf_counter() - started < 2.0


_COEFFICIENTS = st.integers(min_value=-6, max_value=6)
_LINES = st.tuples(_COEFFICIENTS, _COEFFICIENTS, _COEFFICIENTS).filter(lambda c: c[0] or c[1])


def _line(c: tuple[int, int, int]) -> str:
    return f"({c[0]})*x + ({c[1]})*y + ({c[2]})"


@settings(max_examples=40, deadline=None)
@given(
    _LINES,
    st.integers(min_value=-5, max_value=5).filter(bool),
    st.sampled_from(["1", "2", "3", "4", "1/2", "3/2"]),
)
def test_a_power_of_a_line_is_the_line_only_to_the_first(
    line: tuple[int, int, int], k: int, p: str
) -> None:
    """k·(line)^p = 0, for a constant k ≠ 0, is the line itself when p = 1, and not otherwise."""
    verdict = check(
        f"{_line(line)} = 0",
        f"{k}*({_line(line)})^({p}) = 0",
        variables=["x", "y"],
        kind="equation",
    )
    assert verdict.status == ("correct" if p == "1" else "incorrect")


@settings(max_examples=40, deadline=None)
@given(_LINES, _LINES, st.sampled_from(["1", "2", "3"]))
def test_different_lines_stay_different(
    key: tuple[int, int, int], answer: tuple[int, int, int], p: str
) -> None:
    """Lines that are no multiple of each other differ, and so does a power of the same line."""
    a, b, c = key
    d, e, f = answer
    proportional = a * e == b * d and a * f == c * d and b * f == c * e
    verdict = check(
        f"{_line(key)} = 0", f"({_line(answer)})^{p} = 0", variables=["x", "y"], kind="equation"
    )
    assert verdict.status == ("correct" if proportional and p == "1" else "incorrect")
