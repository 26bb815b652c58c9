"""Equivalence of sympy objects, kind by kind (the layer under `check`).

Expressions here are written as trusted sympy strings (`parse_expr` is fine for test fixtures; the
checker never uses it on student text).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from fractions import Fraction

import pytest
import sympy
from sympy.parsing.sympy_parser import parse_expr

from generator.equivalence import (
    Outcome,
    Tolerance,
    canonical_label,
    compare_choices,
    compare_equations,
    compare_expressions,
    compare_numbers,
    compare_tuples,
    equivalent,
    match_sets,
)
from generator.equivalence.evaluate import (
    Undefined,
    Unevaluable,
    Unsupported,
    compile_exact,
    compile_numeric,
    context,
)

EQ, DIFF, UND = Outcome.EQUIVALENT, Outcome.DIFFERENT, Outcome.UNDECIDED
LOCALS = {name: sympy.Symbol(name) for name in ("x", "y", "z", "a", "b", "k", "n", "t")}


def e(text: str) -> sympy.Expr:
    parsed = parse_expr(text, local_dict=dict(LOCALS))
    return sympy.Tuple(*parsed) if isinstance(parsed, tuple) else parsed


EXPRESSIONS = [
    # identical and rewritten polynomials / rational functions (exact layer)
    ("same", "3*x**2", "3*x**2", EQ),
    ("expanded square", "(x-1)**2", "x**2-2*x+1", EQ),
    ("cube difference", "(x-1)*(x**2+x+1)", "x**3-1", EQ),
    ("removable hole", "x-1", "(x**2-1)/(x+1)", EQ),
    ("partial fractions", "1/(x*(x+1))", "1/x-1/(x+1)", EQ),
    ("huge power, sign flip", "(x-a)**6000", "(a-x)**6000", EQ),
    ("huge power derivative", "6000*(x-a)**5999", "-6000*(a-x)**5999", EQ),
    ("huge power, wrong exponent", "(x-a)**6000", "(x-a)**5999", DIFF),
    ("huge power, wrong coefficient", "6000*(x-a)**5999", "5999*(x-a)**5999", DIFF),
    ("quotient rule form", "(x**2+2*x)/(x+1)**2", "1-1/(x+1)**2", EQ),
    ("two variables commuted", "2*x*y**3", "y**3*x*2", EQ),
    ("wrong power", "3*x**2", "3*x**3", DIFF),
    ("tiny constant added (exact)", "3*x**2", "3*x**2+1/1000000000", DIFF),
    ("missing constant", "x**2-2*x+1", "x**2-2*x", DIFF),
    ("other variable", "x**2-2*x+1", "y**2-2*y+1", DIFF),
    ("decimal half", "x**2/2", "0.5*x**2", EQ),
    ("decimal in a factor", "2*x+1", "(0.5+x)*2", EQ),
    ("rounded third is not a third", "x**2/3", "0.333333333333333*x**2", DIFF),
    ("decimals in a quotient", "(2*t**2+6*t-25)/(10*t)", "0.1*(2.0*t**2+6.0*t-25.0)/t", EQ),
    ("decimals slightly off", "(2*t**2+6*t-25)/(10*t)", "0.1*(2.0*t**2+6.0*t-25.00001)/t", DIFF),
    # transcendental identities (numeric layer)
    ("pythagoras", "sin(x)**2", "1-cos(x)**2", EQ),
    ("double angle", "sin(2*x)", "2*sin(x)*cos(x)", EQ),
    ("double angle cos", "cos(2*x)", "2*cos(x)**2-1", EQ),
    ("angle sum", "cos(x+y)", "cos(x)*cos(y)-sin(x)*sin(y)", EQ),
    ("angle sum, wrong sign", "cos(x+y)", "cos(x)*cos(y)+sin(x)*sin(y)", DIFF),
    ("tan as quotient", "tan(x)", "sin(x)/cos(x)", EQ),
    ("sec squared", "sec(x)**2", "1+tan(x)**2", EQ),
    ("d tan is not sec", "sec(x)**2", "sec(x)", DIFF),
    ("logistic and tanh", "tanh(x)/2+1/2", "1/(1+exp(-2*x))", EQ),
    ("hyperbolic pythagoras", "cosh(x)**2-sinh(x)**2", "1", EQ),
    ("exp squared", "exp(2*x)", "exp(x)**2", EQ),
    ("a^x derivative", "2**x*log(2)", "exp(x*log(2))*log(2)", EQ),
    ("a^x without ln", "2**x*log(2)", "2**x", DIFF),
    ("product rule e^x", "x*exp(x)+exp(x)", "exp(x)*(x+1)", EQ),
    ("exp power rule", "exp(x)", "x*exp(x-1)", DIFF),
    ("chain with trig", "(3*x**2-3)*cos(x**3-3*x)", "3*(x**2-1)*cos(x*(x**2-3))", EQ),
    ("chain missing inner", "(3*x**2-3)*cos(x**3-3*x)", "cos(x**3-3*x)", DIFF),
    ("sign error", "-sin(x)", "sin(x)", DIFF),
    ("log base change", "1/(x*log(10))", "1/(x*log(10))", EQ),
    ("log of product", "log(2*x)", "log(2)+log(x)", EQ),
    ("arcsin derivative", "1/sqrt(1-x**2)", "(1-x**2)**(-1/2)", EQ),
    ("arctan identity", "atan(x)+atan(1/x)", "pi/2*sign(x)", EQ),
    ("sqrt derivative", "1/(2*sqrt(x))", "x**(-1/2)/2", EQ),
    ("real cube root", "x**(-2/3)/3", "1/(3*(x**2)**(1/3))", EQ),
    ("cube root of x cubed", "(x**3)**(1/3)", "x", EQ),
    ("sqrt of a product", "sqrt(x**2+2*x+1)", "Abs(x+1)", EQ),
    ("factorial recursion", "factorial(n+1)", "(n+1)*factorial(n)", EQ),
    ("binomial as factorials", "binomial(n,k)", "factorial(n)/(factorial(k)*factorial(n-k))", EQ),
    ("pascal", "binomial(n+1,k+1)", "binomial(n,k)+binomial(n,k+1)", EQ),
    # domains: defined on different sets, or different values off the positive axis
    ("ln x vs ln|x|", "log(x)", "log(Abs(x))", DIFF),
    ("sqrt(x^2) vs x", "sqrt(x**2)", "x", DIFF),
    ("1/|x| vs 1/x", "1/Abs(x)", "1/x", DIFF),
    ("|x| vs sqrt(x^2)", "Abs(x)", "sqrt(x**2)", EQ),
    ("split sqrt", "sqrt((x-3)*(x-5))", "sqrt(x-3)*sqrt(x-5)", DIFF),
    ("1/sqrt x vs sqrt 1/x", "1/sqrt(x)", "sqrt(1/x)", EQ),
    ("ln x^2 vs 2 ln x", "log(x**2)", "2*log(x)", DIFF),
    ("ln x^2 vs 2 ln|x|", "log(x**2)", "2*log(Abs(x))", EQ),
    # numbers written as expressions
    ("sqrt 12", "2*sqrt(3)", "sqrt(12)", EQ),
    ("nested radical", "3+sqrt(2)", "sqrt(11+6*sqrt(2))", EQ),
    ("radical power", "(5*sqrt(2)-7)**7", "(19601-13860*sqrt(2))**(7/4)", EQ),
    ("radical power off by one", "(5*sqrt(2)-7)**7", "(19601-13861*sqrt(2))**(7/4)", DIFF),
    ("cardano", "2", "(sqrt(108)+10)**(1/3)-(sqrt(108)-10)**(1/3)", EQ),
    (
        "gauss 17-gon",
        "cos(2*pi/17)",
        "(-1+sqrt(17)+sqrt(34-2*sqrt(17)))/16"
        "+(2*sqrt(17+3*sqrt(17)-sqrt(34-2*sqrt(17))-2*sqrt(34+2*sqrt(17))))/16",
        EQ,
    ),
    ("e minus 1/e", "2*sinh(1)", "E**1-E**(-1)", EQ),
    ("large argument", "cos(1200*pi*x)", "1.0*cos(1200*pi*x)", EQ),
]


@pytest.mark.parametrize(
    ("key", "answer", "expected"),
    [case[1:] for case in EXPRESSIONS],
    ids=[case[0] for case in EXPRESSIONS],
)
def test_compare_expressions(key: str, answer: str, expected: Outcome) -> None:
    """Each pair gets the verdict a careful teacher would give, in well under a second."""
    started = time.perf_counter()
    assert compare_expressions(e(key), e(answer), [LOCALS["x"]]) is expected
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize(
    ("key", "answer"), [("x**2", "x*x"), ("sin(x)", "cos(x - pi/2)")], ids=["power", "phase"]
)
def test_comparison_is_symmetric_and_deterministic(key: str, answer: str) -> None:
    """The same pair gives the same verdict both ways round and on every run."""
    outcomes = {compare_expressions(e(k), e(a)) for k, a in [(key, answer), (answer, key)] * 3}
    assert outcomes == {EQ}


def test_equivalent_never_treats_undecided_as_true() -> None:
    """`equivalent` is True only for EQUIVALENT; an undecidable pair is False."""
    undecidable = (sympy.sqrt(-1 - LOCALS["x"] ** 2), sympy.I * sympy.sqrt(1 + LOCALS["x"] ** 2))
    assert compare_expressions(*undecidable) is UND
    assert equivalent(*undecidable) is False
    assert equivalent(e("x**2"), e("x*x")) is True


def test_huge_powers_are_fast() -> None:
    """(x−a)^6000 against (x−a)^5999 is decided exactly, without expanding, in milliseconds."""
    started = time.perf_counter()
    assert compare_expressions(e("(x-a)**6000"), e("(x-a)**5999")) is DIFF
    assert compare_expressions(e("(x-a)**6000"), e("(a-x)**6000")) is EQ
    assert time.perf_counter() - started < 0.5


def test_unsupported_function_falls_back_to_bounded_symbolic_check() -> None:
    """A function the evaluators do not know is still decided, by sympy in the sandbox."""
    assert compare_expressions(e("erf(x)*sin(x)**2"), e("erf(x)*(1-cos(x)**2)")) is EQ


NUMBERS = [
    ("exact half", "1/2", "2/4", None, EQ),
    ("decimal half", "1/2", "0.5", None, EQ),
    ("third to three places", "1/3", "0.333", None, EQ),
    ("third to two places", "1/3", "0.33", None, DIFF),
    ("sqrt 2 rounded", "sqrt(2)", "1.414", None, EQ),
    ("sqrt 2 badly rounded", "sqrt(2)", "1.41", None, DIFF),
    ("exact third is exact", "1/3", "1/3+1/1000000000", None, DIFF),
    ("decimal key", "0.25", "1/4", None, EQ),
    ("pi with absolute tolerance", "pi", "3.14", Tolerance(absolute=0.01), EQ),
    ("pi outside absolute tolerance", "pi", "3.1", Tolerance(absolute=0.01), DIFF),
    ("relative tolerance 5%", "100", "104", Tolerance(relative=0.05), EQ),
    ("relative tolerance 5% exceeded", "100", "106", Tolerance(relative=0.05), DIFF),
    ("negative", "-3/2", "-1.5", None, EQ),
    ("wrong sign", "-3/2", "1.5", None, DIFF),
    ("e", "E", "2.718", None, EQ),
]


@pytest.mark.parametrize(
    ("key", "answer", "tolerance", "expected"),
    [case[1:] for case in NUMBERS],
    ids=[case[0] for case in NUMBERS],
)
def test_compare_numbers(
    key: str, answer: str, tolerance: Tolerance | None, expected: Outcome
) -> None:
    """Numbers are exact unless decimals or an explicit tolerance are involved."""
    assert compare_numbers(e(key), e(answer), tolerance=tolerance) is expected


SETS = [
    ("same order", ["1", "2"], ["1", "2"], 2, [], []),
    ("other order", ["1", "2"], ["2", "1"], 2, [], []),
    ("one missing", ["-1", "1"], ["1"], 1, ["-1"], []),
    ("one extra", ["-1", "1"], ["1", "-1", "0"], 2, [], ["0"]),
    ("repeated element", ["-1", "1"], ["1", "1", "-1"], 2, [], []),
    ("equal forms", ["sqrt(2)", "-sqrt(2)"], ["-2**(1/2)", "sqrt(8)/2"], 2, [], []),
    ("rounded decimals", ["1/3", "2/3"], ["0.667", "0.333"], 2, [], []),
    ("points", ["(0, 0)", "(1, -1)"], ["(1, -1)", "(0, 0)"], 2, [], []),
    (
        "point wrong component",
        ["(0, 0)", "(1, -1)"],
        ["(1, 1)", "(0, 0)"],
        1,
        ["(1, -1)"],
        ["(1, 1)"],
    ),
    ("point against number", ["(0, 0)"], ["0"], 0, ["(0, 0)"], ["0"]),
    ("empty answer", ["1"], [], 0, ["1"], []),
    ("expressions", ["pi/4 + k*pi"], ["(4*k+1)*pi/4"], 1, [], []),
]


@pytest.mark.parametrize(
    ("key", "answer", "matched", "missing", "extra"),
    [case[1:] for case in SETS],
    ids=[case[0] for case in SETS],
)
def test_match_sets(
    key: list[str], answer: list[str], matched: int, missing: list[str], extra: list[str]
) -> None:
    """Sets match without order or repetition, and say what is missing and what is extra."""
    result = match_sets([e(k) for k in key], [e(a) for a in answer], [LOCALS["x"]])
    assert result.matched == matched
    assert list(result.missing) == [e(m) for m in missing]
    assert list(result.extra) == [e(x) for x in extra]
    assert result.outcome is (EQ if not missing and not extra else DIFF)


TUPLES = [
    ("gradient", ["2*x", "2*y"], ["x*2", "y+y"], (EQ, EQ)),
    ("second wrong", ["2*x", "2*y"], ["2*x", "2*x"], (EQ, DIFF)),
    ("swapped", ["2*x*y", "x**2"], ["x**2", "2*x*y"], (DIFF, DIFF)),
    ("numbers", ["3/5", "4/5"], ["0.6", "0.8"], (EQ, EQ)),
]


@pytest.mark.parametrize(
    ("key", "answer", "expected"), [c[1:] for c in TUPLES], ids=[c[0] for c in TUPLES]
)
def test_compare_tuples(key: list[str], answer: list[str], expected: tuple[Outcome, ...]) -> None:
    """Tuples are compared in order, one outcome per component."""
    assert compare_tuples([e(k) for k in key], [e(a) for a in answer]) == expected


EQUATIONS = [
    ("same", ("y", "3*x-2"), ("y", "3*x-2"), EQ),
    ("rearranged", ("y", "3*x-2"), ("3*x-y", "2"), EQ),
    ("scaled", ("y", "3*x-2"), ("2*y", "6*x-4"), EQ),
    ("sides swapped", ("y", "3*x-2"), ("3*x-2", "y"), EQ),
    ("zero on the right", ("y", "3*x-2"), ("y-3*x+2", "0"), EQ),
    ("fractions", ("y", "x/2+1"), ("2*y-x", "2"), EQ),
    ("wrong intercept", ("y", "3*x-2"), ("y", "3*x+2"), DIFF),
    ("wrong slope", ("y", "3*x-2"), ("y", "2*x-2"), DIFF),
    ("circle", ("x**2+y**2", "1"), ("y**2", "1-x**2"), EQ),
    ("not a multiple", ("y", "x"), ("y**2", "x**2"), DIFF),
    ("identity answer", ("y", "x"), ("x", "x"), DIFF),
    ("vertical line", ("x", "2"), ("2*x-4", "0"), EQ),
    ("denominators cleared", ("y", "x/(2*x-1)"), ("1/x+1/y", "2"), EQ),
    ("reciprocals", ("y", "x"), ("1/x", "1/y"), EQ),
    ("hyperbola as a product", ("y", "1/x"), ("x*y", "1"), EQ),
    ("quotient multiplied out", ("y", "(x+1)/(x-1)"), ("y*(x-1)", "x+1"), EQ),
    ("cleared but different", ("y", "x/(2*x-1)"), ("y", "x/(2*x+1)"), DIFF),
    ("wrong numerator", ("y", "(x+1)/(x-1)"), ("y*(x-1)", "x-1"), DIFF),
    ("extra factor is no denominator", ("y", "3*x-2"), ("(y-3*x+2)*(x-1)", "0"), DIFF),
]


@pytest.mark.parametrize(
    ("key", "answer", "expected"), [c[1:] for c in EQUATIONS], ids=[c[0] for c in EQUATIONS]
)
def test_compare_equations(
    key: tuple[str, str], answer: tuple[str, str], expected: Outcome
) -> None:
    """a = b matches c = d when a − b is a nonzero constant multiple of c − d, or their numerators
    over common denominators are."""
    k = (e(key[0]), e(key[1]))
    a = (e(answer[0]), e(answer[1]))
    assert compare_equations(k, a) is expected


CHOICES = [
    ("same", "max", "max", EQ),
    ("capitals", "max", "MAX", EQ),
    ("long form", "max", "Local Maximum", EQ),
    ("article and dot", "min", "a minimum.", EQ),
    ("relative", "min", "relative min", EQ),
    ("hyphen", "max", "local-maximum", EQ),
    ("chinese max", "max", "极大值", EQ),
    ("chinese min", "min", "极小值", EQ),
    ("chinese neither", "neither", "都不是", EQ),
    ("saddle", "neither", "saddle point", EQ),
    ("none", "neither", "None", EQ),
    ("full width", "max", "ＭＡＸ", EQ),
    ("wrong", "max", "min", DIFF),
    ("wrong chinese", "min", "极大值", DIFF),
    ("letter label", "B", "b", EQ),
    ("other letter", "B", "c", DIFF),
]


@pytest.mark.parametrize(
    ("expected", "answer", "outcome"), [c[1:] for c in CHOICES], ids=[c[0] for c in CHOICES]
)
def test_compare_choices(expected: str, answer: str, outcome: Outcome) -> None:
    """Labels match without case, spacing or punctuation, through synonyms in both languages."""
    assert compare_choices(expected, answer) is outcome


def test_canonical_label_keeps_unknown_text_normalised() -> None:
    """Text that is no known synonym is returned normalised, so labels like `B` still compare."""
    assert canonical_label("  Increasing!  ") == "increasing"


F, G = sympy.Function("f"), sympy.Function("g")
X = LOCALS["x"]

ABSTRACT = [
    ("product rule", sympy.diff(F(X) * G(X), X), F(X).diff(X) * G(X) + F(X) * G(X).diff(X), EQ),
    ("product of derivatives", sympy.diff(F(X) * G(X), X), F(X).diff(X) * G(X).diff(X), DIFF),
    ("chain rule", sympy.diff(F(X**2), X), 2 * X * F(X).diff(X).subs(X, X**2), EQ),
    ("chain missing inner", sympy.diff(F(X**2), X), F(X).diff(X).subs(X, X**2), DIFF),
    (
        "quotient rule",
        sympy.diff(F(X) / G(X), X),
        (F(X).diff(X) * G(X) - F(X) * G(X).diff(X)) / G(X) ** 2,
        EQ,
    ),
]


@pytest.mark.parametrize(
    ("key", "answer", "expected"), [c[1:] for c in ABSTRACT], ids=[c[0] for c in ABSTRACT]
)
def test_abstract_functions(key: sympy.Expr, answer: sympy.Expr, expected: Outcome) -> None:
    """Answers in f(x), g(x) are compared by standing in seeded concrete functions for f and g."""
    assert compare_expressions(key, answer) is expected


NARROW = [
    ("factored radicand", "2/sqrt(1-4*x**2)", "2/sqrt(-(2*x-1)*(2*x+1))", EQ),
    ("doubled", "2/sqrt(1-4*x**2)", "4/sqrt(1-4*x**2)", DIFF),
    ("arcsin of 3x", "3/sqrt(1-9*x**2)", "3*(1-9*x**2)**(-1/2)", EQ),
]


@pytest.mark.parametrize(
    ("key", "answer", "expected"), [c[1:] for c in NARROW], ids=[c[0] for c in NARROW]
)
def test_answers_defined_on_a_narrow_interval(key: str, answer: str, expected: Outcome) -> None:
    """Functions defined only near zero are still sampled enough to decide, quickly."""
    started = time.perf_counter()
    assert compare_expressions(e(key), e(answer)) is expected
    assert time.perf_counter() - started < 0.5


def test_common_domain_ignores_where_one_side_is_undefined() -> None:
    """With common_domain, ln x and ln|x| agree (they do on x > 0); by default they differ."""
    assert compare_expressions(e("log(x)"), e("log(Abs(x))")) is DIFF
    assert compare_expressions(e("log(x)"), e("log(Abs(x))"), common_domain=True) is EQ


@pytest.mark.parametrize(
    ("key", "answer", "expected"),
    [
        (("Abs(x)", "Abs(y)"), ("(x-y)*(x+y)", "0"), EQ),
        (("x", "y"), ("Abs(x)", "Abs(y)"), DIFF),
        (("x**2", "a"), ("(x-sqrt(a))*(x+sqrt(a))", "0"), EQ),
        (("y", "(a-x)**6000"), ("y", "(x-a)**6000"), EQ),
    ],
    ids=["absolute values squared away", "abs", "radicals", "huge powers"],
)
def test_equations_with_absolute_values_and_radicals(
    key: tuple[str, str], answer: tuple[str, str], expected: Outcome
) -> None:
    """Equations compare on their common domain, with real variables (d|x|/dx = sign x)."""
    assert compare_equations((e(key[0]), e(key[1])), (e(answer[0]), e(answer[1]))) is expected


EVALUATIONS = [
    # (id, expression, x, value or exception name)
    ("real cube root of a negative", "x**(1/3)", -8, -2),
    ("real root, even numerator", "x**(2/3)", -8, 4),
    ("square root of a negative", "sqrt(x)", -4, "Undefined"),
    ("log of a negative", "log(x)", -1, "Undefined"),
    ("log of zero", "log(x)", 0, "Undefined"),
    ("arcsin outside [-1, 1]", "asin(x)", 2, "Undefined"),
    ("pole", "1/x", 0, "Undefined"),
    ("negative base, integer power", "x**3", -2, -8),
    ("negative base, symbolic power", "x**(x/3)", -2, "Undefined"),
    ("factorial pole", "factorial(x)", -2, "Undefined"),
    ("sec", "sec(x)", 0, 1),
    ("huge exponential", "exp(x**10)", 10, "Unevaluable"),
    ("huge power", "x**60000", 10, "Unevaluable"),
    ("huge factorial", "factorial(x)", 100000, "Unevaluable"),
]


@pytest.mark.parametrize(
    ("text", "at", "expected"), [c[1:] for c in EVALUATIONS], ids=[c[0] for c in EVALUATIONS]
)
def test_numeric_evaluation_follows_real_calculus(text: str, at: int, expected: object) -> None:
    """Values are real (odd roots of negatives included); off the domain is Undefined; numbers too
    large to compute are Unevaluable (the point is skipped, never judged)."""
    ctx = context(30)
    evaluator = compile_numeric(e(text), [LOCALS["x"]], ctx)
    if isinstance(expected, str):
        with pytest.raises({"Undefined": Undefined, "Unevaluable": Unevaluable}[expected]):
            evaluator([ctx.mpf(at)])
    else:
        assert abs(evaluator([ctx.mpf(at)]) - expected) < 1e-20


def test_exact_evaluation_refuses_gigantic_numbers() -> None:
    """The exact backend computes (x−a)^6000 but refuses numbers beyond its bound."""
    evaluator = compile_exact(e("x**6000"), [LOCALS["x"]])
    assert evaluator([Fraction(3)]) == Fraction(3) ** 6000
    with pytest.raises(Unevaluable):
        compile_exact(e("x**500000"), [LOCALS["x"]])([Fraction(3)])
    with pytest.raises(Unsupported):
        compile_exact(e("sin(x)"), [LOCALS["x"]])


def test_combine_stops_at_the_first_difference() -> None:
    """A difference decides: the comparisons after it are never made."""
    from generator.equivalence.kinds import combine

    def outcomes() -> Iterator[Outcome]:
        yield EQ
        yield UND
        yield DIFF
        raise AssertionError("compared after the verdict was known")

    assert combine(outcomes()) is DIFF
    assert combine([EQ, UND, EQ]) is UND
    assert combine([EQ, EQ]) is EQ
