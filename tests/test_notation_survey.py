"""Notation other systems read, collected from their published parser tests and notation docs.

Each row is our own example of a notation a student may bring from another system (math-expressions,
Numbas, WeBWorK, STACK, PrairieLearn, textbooks): read as the key, with the LaTeX the student is
shown, or refused with a hint when the text is ambiguous or means another thing elsewhere.
"""

from __future__ import annotations

import time

import pytest
import sympy

from generator import check
from generator.errors import StudentInputError
from generator.parsing import Limits, ParsedExpression, parse_answer

# (answer, variables, kind, key, interpreted LaTeX): read as the key.
READ = [
    # math-expressions (text): signs, powers, implicit products, bars, decimal exponents
    ("1 + - x", "x", "expression", "1 - x", "1 - x"),
    ("-3^2", "x", "number", "-9", "-9"),
    ("x^y^z", "xyz", "expression", "x**(y**z)", "x^{y^{z}}"),
    ("xyz", "xyz", "expression", "x*y*z", "x y z"),
    ("3|x|", "x", "expression", "3*Abs(x)", "3 \\left|{x}\\right|"),
    (
        "|sin(|x|)|",
        "x",
        "expression",
        "Abs(sin(Abs(x)))",
        "\\left|{\\sin{\\left(\\left|{x}\\right| \\right)}}\\right|",
    ),
    ("2[z-(x+1)]", "xz", "expression", "2*(z - x - 1)", "- 2 x + 2 z - 2"),
    ("a+-2b", "ab", "expression", "a - 2*b", "a - 2 b"),
    ("1.2E3", "x", "number", "1200", "1200.0"),
    ("sin((3.1E-3)x)", "x", "expression", "sin(0.0031*x)", "\\sin{\\left(0.0031 x \\right)}"),
    # math-expressions (LaTeX): spacing commands, bars named left and right, nested bars
    ("a b\\,c\\;d\\quad e", "abcde", "expression", "a*b*c*d*e", "a b c d e"),
    (
        "\\left|a\\left|b\\right|c\\right|",
        "abc",
        "expression",
        "Abs(a*Abs(b)*c)",
        "\\left|{a c \\left|{b}\\right|}\\right|",
    ),
    (
        "\\lvert x\\lvert y\\rvert\\rvert",
        "xy",
        "expression",
        "Abs(x*Abs(y))",
        "\\left|{x \\left|{y}\\right|}\\right|",
    ),
    ("\\left\\vert x-1\\right\\vert", "x", "expression", "Abs(x - 1)", "\\left|{x - 1}\\right|"),
    ("\\bigl|x\\bigr|+1", "x", "expression", "Abs(x) + 1", "\\left|{x}\\right| + 1"),
    (
        "\\left(\\left|x\\right|+1\\right)^2",
        "x",
        "expression",
        "(Abs(x) + 1)**2",
        "\\left(\\left|{x}\\right| + 1\\right)^{2}",
    ),
    (
        "\\ln\\left|x\\right|",
        "x",
        "expression",
        "log(Abs(x))",
        "\\log{\\left(\\left|{x}\\right| \\right)}",
    ),
    ("\\sin2", "x", "number", "sin(2)", "\\sin{\\left(2 \\right)}"),
    ("3 \\div 1", "x", "number", "3", "3"),
    ("\\sqrt[3]8", "x", "number", "2", "2"),
    ("\\sqrt 2 x", "x", "expression", "sqrt(2)*x", "\\sqrt{2} x"),
    # equation editors that brace every base: a group before a power, not a set
    ("{x}^{2}", "x", "expression", "x**2", "x^{2}"),
    ("{\\left(x+1\\right)}^{2}", "x", "expression", "(x + 1)**2", "\\left(x + 1\\right)^{2}"),
    ("{e}^{-x}", "x", "expression", "exp(-x)", "e^{- x}"),
    # Numbas JME: its function names
    ("fact(5)", "x", "number", "120", "120"),
    ("comb(5, 2)", "x", "number", "10", "10"),
    ("sgn(x)", "x", "expression", "sign(x)", "\\operatorname{sign}{\\left(x \\right)}"),
    ("cosec(x)", "x", "expression", "csc(x)", "\\csc{\\left(x \\right)}"),
    ("arcsinh(x)", "x", "expression", "asinh(x)", "\\operatorname{asinh}{\\left(x \\right)}"),
    # WeBWorK MathObjects
    (
        "logten(x)",
        "x",
        "expression",
        "log(x)/log(10)",
        "\\frac{\\log{\\left(x \\right)}}{\\log{\\left(10 \\right)}}",
    ),
    ("ln|x|", "x", "expression", "log(Abs(x))", "\\log{\\left(\\left|{x}\\right| \\right)}"),
    ("sin^(-1)(x)", "x", "expression", "asin(x)", "\\operatorname{asin}{\\left(x \\right)}"),
    ("[x+1]^2", "x", "expression", "(x + 1)**2", "\\left(x + 1\\right)^{2}"),
    # GeoGebra and calculators: nCr as a function of two arguments
    ("nCr(5, 2)", "x", "number", "10", "10"),
    ("nCr(n, k)", "nk", "expression", "binomial(n, k)", "{\\binom{n}{k}}"),
    # STACK / Maxima: %e and %pi, logbase, lg
    ("%e^x", "x", "expression", "exp(x)", "e^{x}"),
    ("%pi/2", "x", "number", "pi/2", "\\frac{\\pi}{2}"),
    ("2%pi x", "x", "expression", "2*pi*x", "2 \\pi x"),
    (
        "logbase(x, 2)",
        "x",
        "expression",
        "log(x)/log(2)",
        "\\frac{\\log{\\left(x \\right)}}{\\log{\\left(2 \\right)}}",
    ),
    (
        "lg(x)",
        "x",
        "expression",
        "log(x)/log(10)",
        "\\frac{\\log{\\left(x \\right)}}{\\log{\\left(10 \\right)}}",
    ),
    # PrairieLearn symbolic input, unicode keyboards
    ("arctanh(x)", "x", "expression", "atanh(x)", "\\operatorname{atanh}{\\left(x \\right)}"),
    ("x·eˣ", "x", "expression", "x*exp(x)", "x e^{x}"),
    ("∛(x²)", "x", "expression", "x**(2/3)", "\\sqrt[3]{x^{2}}"),
    ("sin⁻¹x", "x", "expression", "asin(x)", "\\operatorname{asin}{\\left(x \\right)}"),
    # textbooks: ISO 80000-2 and Chinese, Russian spellings (lg is base 10; tg, ctg)
    (
        "\\lg x",
        "x",
        "expression",
        "log(x)/log(10)",
        "\\frac{\\log{\\left(x \\right)}}{\\log{\\left(10 \\right)}}",
    ),
    ("tg x", "x", "expression", "tan(x)", "\\tan{\\left(x \\right)}"),
    ("ctg 2x", "x", "expression", "cot(2*x)", "\\cot{\\left(2 x \\right)}"),
    ("arctg x", "x", "expression", "atan(x)", "\\operatorname{atan}{\\left(x \\right)}"),
    ("arcctg x", "x", "expression", "acot(x)", "\\operatorname{acot}{\\left(x \\right)}"),
]


@pytest.mark.parametrize("answer, variables, kind, key, latex", READ, ids=[row[0] for row in READ])
def test_other_systems_notation_is_read(
    answer: str, variables: str, kind: str, key: str, latex: str
) -> None:
    """The notation is read as the key, and the student sees what was read."""
    verdict = check(key, answer, variables=list(variables), kind=kind)
    assert verdict.status == "correct", verdict
    assert verdict.interpreted == latex


# (answer, key, variables): the new names keep their own meaning, so a near miss stays wrong.
WRONG = [
    ("lg x", "log(x)", "x"),
    ("nCr(5, 2)", "20", "x"),
    ("comb(n, k)", "binomial(n, k + 1)", "nk"),
    ("fact(4)", "120", "x"),
    ("tg x", "cot(x)", "x"),
    ("\\left|x\\right|-1", "Abs(x - 1)", "x"),
]


@pytest.mark.parametrize("answer, key, variables", WRONG, ids=[row[0] for row in WRONG])
def test_near_misses_stay_incorrect(answer: str, key: str, variables: str) -> None:
    """lg is base 10, not e; nCr is not nPr; a named bar closes where it says."""
    assert check(key, answer, variables=list(variables)).status == "incorrect"


def test_sympy_nested_absolute_values_read_back() -> None:
    """sympy braces its nested bars, |a·|b|·c| + 1; the key still reads back as itself."""
    a, b, c = sympy.symbols("a b c")
    expr = sympy.Abs(a * sympy.Abs(b) * c + 1)
    parsed = parse_answer(sympy.latex(expr), ["a", "b", "c"])
    assert isinstance(parsed, ParsedExpression)
    assert parsed.expr == expr


# (answer, variables, error code, words in the message): ambiguous, or another system's meaning.
REFUSED = [
    # TeX puts one character under an unbraced root: what runs on after it is ambiguous
    ("\\sqrt23", "x", "ambiguous", "write \\sqrt{23} or \\sqrt{2}\\cdot 3"),
    # TeX squares the root of a one-token argument: (√x)², which is no √(x²)
    ("\\sqrt x^2", "x", "ambiguous", "write \\sqrt{x^2} or (\\sqrt{x})^2"),
    ("\\sqrt[3]x^{2}", "x", "ambiguous", "write \\sqrt[3]{x^{2}} or (\\sqrt[3]{x})^{2}"),
    ("\\sqrt 23", "x", "ambiguous", "write \\sqrt{23} or \\sqrt{2}\\cdot 3"),
    ("\\sqrt2x", "x", "ambiguous", "write \\sqrt{2x} or \\sqrt{2}\\cdot x"),
    ("\\sqrt xy", "xy", "ambiguous", "write \\sqrt{xy} or \\sqrt{x}\\cdot y"),
    ("\\sqrt[3]27", "x", "ambiguous", "write \\sqrt[3]{27} or \\sqrt[3]{2}\\cdot 7"),
    ("\\sqrt2.5", "x", "ambiguous", "\\sqrt{2.5}"),
    # binomial coefficients as other systems write them: the spelling to use instead
    ("5C2", "x", "unknown_name", "'C' is not read here; write binomial(n, k)"),
    ("C(5, 2)", "x", "unknown_name", "'C' is not read here; write binomial(n, k)"),
    ("n choose k", "nk", "unknown_name", "'choose' is not read here; write binomial(n, k)"),
    ("5 nCr 2", "x", "arguments", "'nCr' takes two arguments, as in nCr(n, k)"),
    ("nCr(5)", "x", "arguments", "two arguments"),
    # root(x, n) in Numbas is root(n, x) elsewhere
    ("root(x, 3)", "x", "unknown_name", "'root' is not read here; write x^(1/n)"),
    ("root(8, 3)", "x", "unknown_name", "write x^(1/n)"),
    # a whole-number mantissa: 300 in WeBWorK and STACK, 3·e·2 with Euler's e
    ("3E2", "x", "ambiguous", "write 3*10^2 or 3*E*2"),
    ("2e5", "x", "ambiguous", "write 2*10^5 or 2*e*5"),
    ("3e-2", "x", "ambiguous", "write 3*10^-2 or 3e - 2"),
    ("2e+1", "x", "ambiguous", "write 2*10^1 or 2e + 1"),
    ("x^2e3", "x", "ambiguous", "'2e3' is ambiguous"),
    # bars named left and right must pair
    ("\\left|x\\right)", "x", "unbalanced", "'\\left|' is closed by '\\right)'"),
    ("\\left(x\\right|", "x", "unbalanced", "'\\left(' is closed by '\\right|'"),
    ("\\lvert x", "x", "unbalanced", "'\\lvert' is never closed"),
    # near misses keep today's messages: a constant C, Maxima's %i, a set to a power
    ("C(x + 1)", "x", "unknown_name", "Unknown name 'C'; the variables here are x"),
    ("2C", "x", "unknown_name", "Unknown name 'C'; the variables here are x"),
    ("%i", "x", "unexpected", "The character '%' cannot be read here"),
    ("{1, 2}^2", "x", "unexpected", "can only be the whole answer"),
]


@pytest.mark.parametrize("answer, variables, code, words", REFUSED, ids=[row[0] for row in REFUSED])
def test_ambiguous_or_foreign_notation_is_refused_with_a_hint(
    answer: str, variables: str, code: str, words: str
) -> None:
    """Refused with the error code and a message that says what to write."""
    with pytest.raises(StudentInputError) as raised:
        parse_answer(answer, list(variables))
    assert raised.value.code == code
    assert words in raised.value.message.render("en")


def test_refusals_are_invalid_verdicts_in_chinese() -> None:
    """Through check(): invalid, with the hint translated."""
    verdict = check("binomial(5, 2)", "5C2", variables=["x"], lang="zh")
    assert verdict.status == "invalid"
    assert "binomial(n, k)" in verdict.feedback and "请写成" in verdict.feedback


@pytest.mark.parametrize(
    "answer, code",
    [
        ("\\left|" * 30_000, "too_deep"),
        ("\\lvert" * 30_000, "too_deep"),
        ("\\left(" * 15_000 + "\\right|" * 15_000, "unbalanced"),
        ("\\sqrt" + "2" * 190_000, "ambiguous"),
        ("\\sqrt[" * 30_000, "too_deep"),
        ("3e3" * 60_000, "ambiguous"),
        ("{" * 90_000 + "x" + "}" * 90_000 + "^2", "too_deep"),
        ("C(" + "1," * 90_000, "unknown_name"),
        ("5C" * 90_000, "unknown_name"),
        ("%e" * 5_000, None),
    ],
    ids=[
        "left-bars",
        "lvert",
        "mismatched",
        "sqrt-run",
        "sqrt-index",
        "sci",
        "braces",
        "C",
        "5C",
        "%e",
    ],
)
def test_hostile_survey_notation_is_bounded(answer: str, code: str | None) -> None:
    """Long or deeply nested new notation meets the limits: a clear message, no time."""
    started = time.process_time()
    limits = Limits(max_length=200_000)
    if code is None:
        parse_answer(answer, ["x"], limits=limits)
    else:
        with pytest.raises(StudentInputError) as raised:
            parse_answer(answer, ["x"], limits=limits)
        assert raised.value.code == code
    assert time.process_time() - started < 1.0
