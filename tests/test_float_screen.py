"""The float screen only ever confirms agreement, and only after SCREEN_AFTER 30-digit agreements.

Expressions are trusted sympy strings (test fixtures, never student text).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from fractions import Fraction

import pytest
import sympy

from generator.checking import check
from generator.equivalence import Outcome, compare_expressions
from generator.equivalence import expressions as layers
from generator.equivalence.screen import SCREEN_AFTER, agree, compile_float

X, Y = sympy.symbols("x y")
EQ, DIFF = Outcome.EQUIVALENT, Outcome.DIFFERENT


def e(text: str) -> sympy.Expr:
    return sympy.sympify(text, locals={"x": X, "y": Y})


CANCELLING = "(x**2 + 10**20)*sin(x) - 10**20*sin(x)"
# (id, key, answer, verdict): every pair goes through the numeric layer (not rational functions).
PAIRS = [
    ("third written as decimals", "sin(x)/3", "0.33333333333*sin(x)", DIFF),
    ("relative 1e-12 off", "exp(x)*cos(x)", "exp(x)*cos(x)*(1 + 10**-12)", DIFF),
    ("absolute 1e-15 off", "log(x**2 + 1)", "log(x**2 + 1) + 10**-15", DIFF),
    ("relative 1e-10 off, chain rule", "3*x**2*cos(x**3)", "3*x**2*cos(x**3)*(1 + 10**-10)", DIFF),
    ("expanded 60th power", "sin(x)*(x - 2)**60", "sin(x)*expand((x - 2)**60)", EQ),
    ("huge terms cancelling", CANCELLING, "x**2*sin(x)", EQ),
    ("huge terms, 1e-15 off", CANCELLING, "x**2*sin(x) + 10**-15", DIFF),
    ("exp of a cube overflows floats", "exp(x**3)*(1 + x)", "exp(x**3) + x*exp(x**3)", EQ),
    ("exp(-x^40) underflows", "exp(-x**40)*sin(x)", "sin(x)/exp(x**40)", EQ),
    ("exp(-x^40) dropped", "exp(-x**40) + sin(x)", "sin(x)", DIFF),
    ("ln x vs ln|x|", "log(x)", "log(Abs(x))", DIFF),
    ("sqrt(x^2) vs x", "sqrt(x**2)", "x", DIFF),
    ("pythagoras", "sin(x)**2 + cos(x)**2 + tan(x)", "1 + tan(x)", EQ),
    ("sec squared", "sec(x)**2", "1 + tan(x)**2", EQ),
    ("two variables", "cos(x + y)", "cos(x)*cos(y) - sin(x)*sin(y)", EQ),
    ("two variables, sign slip", "cos(x + y)", "cos(x)*cos(y) + sin(x)*sin(y)", DIFF),
]


@pytest.mark.parametrize(
    ("key", "answer", "expected"), [p[1:] for p in PAIRS], ids=[p[0] for p in PAIRS]
)
def test_verdicts_with_the_screen(key: str, answer: str, expected: Outcome) -> None:
    """Near-equal answers stay different; cancellation, overflow and underflow stay equivalent."""
    assert compare_expressions(e(key), e(answer)) is expected


@pytest.mark.parametrize(
    ("expected", "answer", "status"),
    [
        ("x/3", "0.33333333333x", "incorrect"),
        ("sin(x)/3", "0.33333333333 sin(x)", "incorrect"),
        ("cos(x)", "cos(x) + 0.000000000000001", "incorrect"),
        ("cos(x)", "cos(x)*1.000000000001", "incorrect"),
        ("1/x", "ln|x|'", "invalid"),
        ("sqrt(x^2)", "x", "incorrect"),
        ("ln(x)", "ln|x|", "incorrect"),
        ("e^(x^3)", "e^(x^3)", "correct"),
    ],
    ids=["decimal third", "decimal third, sin", "plus 1e-15", "times 1+1e-12", "prime mark",
         "sqrt(x^2) vs x", "ln x vs ln|x|", "exp of a cube"],
)  # fmt: skip
def test_checker_verdicts_near_equal_answers(expected: str, answer: str, status: str) -> None:
    """Through `check`, as a student sees it."""
    assert check(expected, answer, variables=["x"]).status == status


def _counting_judge(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    original = layers._judge

    def judge(*arguments: object, **options: object) -> object:
        calls[0] += 1
        return original(*arguments, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(layers, "_judge", judge)
    return calls


def test_screen_confirms_only_after_the_first_points_agree_at_30_digits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An equivalent pair is judged at 30 digits exactly SCREEN_AFTER times, then in floats."""
    calls = _counting_judge(monkeypatch)
    assert compare_expressions(e("sin(2*x)"), e("2*sin(x)*cos(x)")) is EQ
    assert calls[0] == SCREEN_AFTER


def test_screen_is_bypassed_when_floats_disagree(monkeypatch: pytest.MonkeyPatch) -> None:
    """Heavy cancellation makes the floats useless: every point goes to 30 digits."""
    calls = _counting_judge(monkeypatch)
    key, answer = e(CANCELLING), e("x**2*sin(x)")
    assert compare_expressions(key, answer) is EQ
    assert calls[0] == layers.NUMERIC_POINTS


def test_screen_is_not_used_with_a_tolerance(monkeypatch: pytest.MonkeyPatch) -> None:
    """A tolerance comparison keeps every point at 30 digits."""
    calls = _counting_judge(monkeypatch)
    tolerance = layers.Tolerance(relative=1e-3)
    assert compare_expressions(e("sin(x)"), e("sin(x)*1001/1000"), tolerance=tolerance) is EQ
    assert calls[0] == layers.NUMERIC_POINTS


POINT = [Fraction(5)]


@pytest.mark.parametrize(
    ("left", "right", "at", "agrees"),
    [
        ("sin(x)", "sin(x)", 5, True),
        ("sin(x)", "sin(x)*(1 + 10**-8)", 5, False),
        ("sin(x)", "sin(x)*(1 + 10**-11)", 5, False),
        ("sin(x)", "sin(x)*(1 + 10**-14)", 5, True),
        ("exp(x**3)", "exp(x**3)", 5, True),
        ("exp(x**3)", "exp(x**3)", 10, False),
        ("exp(-x**40)", "exp(-x**40)", 5, False),
        ("log(x)", "log(Abs(x))", -2, False),
        ("sqrt(x)", "sqrt(x)", -2, False),
        ("x - 5", "x - 5", 5, False),
        ("asin(x)", "asin(x)", 2, False),
        ("1/(x - 5)", "1/(x - 5)", 5, False),
        ("x**(1/3)", "-(-x)**(1/3)", -8, True),
        ("x**x", "exp(x*log(x))", -2, False),
    ],
    ids=["equal", "1e-8 apart", "1e-11 apart", "1e-14 apart", "exp of cube at 5", "overflow",
         "underflow", "log domain", "sqrt domain", "zero", "asin domain", "pole", "odd root",
         "negative base"],
)  # fmt: skip
def test_agree_at_a_point(left: str, right: str, at: int, agrees: bool) -> None:
    """Agreement only for trustworthy floats within RELATIVE; every doubt is a refusal."""
    a, b = compile_float(e(left), [X]), compile_float(e(right), [X])
    assert a is not None and b is not None
    assert agree(a, b, [Fraction(at)]) is agrees


@pytest.mark.parametrize(
    "text", ["floor(x)", "sign(x)", "factorial(x)", "x**5000", "Max(x, 1)", "acot(x)"]
)
def test_screen_declines_discontinuous_rare_or_huge_parts(text: str) -> None:
    """Such expressions are never screened: their points all go to 30 digits."""
    assert compile_float(e(text), [X]) is None


def _generated_pairs() -> Iterator[tuple[str, sympy.Expr, sympy.Expr]]:
    """Keys built from calculus pieces, each with rewritten and slightly perturbed answers."""
    rng = random.Random(2026)
    pieces = ["sin(x)", "cos(2*x)", "exp(x)", "log(x**2 + 1)", "atan(x)", "sqrt(x**2 + 3)",
              "tan(x)", "x**3", "cosh(x)", "exp(-x**2)", "(x - 1)**7", "1/(x + 5)"]  # fmt: skip
    for number in range(60):
        a, b, c = (e(rng.choice(pieces)) for _ in range(3))
        key = sympy.diff(a * b + c, X)
        yield f"{number} rewritten", key, sympy.expand(sympy.expand_trig(key))
        yield f"{number} relative 1e-11", key, key * (1 + sympy.Rational(1, 10**11))
        yield f"{number} absolute 1e-13", key, key + sympy.Rational(1, 10**13)
        yield f"{number} plus a bump", key, key + sympy.Rational(1, 10**6) * (X - 3) ** 2
        # Wrong only for x > 3, so the difference may first show at a screened point.
        bump = (sympy.Abs(X - 3) + X - 3) / 1000
        yield f"{number} off beyond x = 3", key, key * (1 + bump)


GENERATED = list(_generated_pairs())


@pytest.mark.parametrize(
    ("key", "answer"), [p[1:] for p in GENERATED], ids=[p[0] for p in GENERATED]
)
def test_screen_never_changes_a_verdict(
    key: sympy.Expr, answer: sympy.Expr, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The verdict with the screen equals the verdict with every point at 30 digits, for answers
    that are equivalent or differ by more than RELATIVE (relatively) wherever they differ."""
    screened = compare_expressions(key, answer)
    monkeypatch.setattr(layers, "_screen", lambda *arguments: ())
    assert compare_expressions(key, answer) is screened
