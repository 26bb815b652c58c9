"""Student notation is read as a teacher would read it (DESIGN.md, "Student notation")."""

from __future__ import annotations

import pytest
import sympy
from sympy import (
    Abs,
    E,
    Float,
    Function,
    Integer,
    Rational,
    Symbol,
    Tuple,
    acos,
    acot,
    asin,
    asinh,
    atan,
    cbrt,
    cos,
    cosh,
    cot,
    csc,
    exp,
    factorial,
    log,
    pi,
    sec,
    sign,
    sin,
    sinh,
    sqrt,
    tan,
    tanh,
)

from generator.parsing import (
    KEY_LIMITS,
    ParsedEquation,
    ParsedExpression,
    ParsedSet,
    ParsedTuple,
    parse_answer,
)

x, y, z, t, r, s = (Symbol(name) for name in "xyztrs")
theta = Symbol("theta")
XY = ("x", "y")

NOTATION = [
    # implicit multiplication
    ("2x", 2 * x),
    ("3xy", 3 * x * y),
    ("xy", x * y),
    ("yx", x * y),
    ("x(x+1)", x * (x + 1)),
    ("(x+1)(x-1)", (x + 1) * (x - 1)),
    ("2(x+1)", 2 * (x + 1)),
    ("(x+1)2", 2 * (x + 1)),
    ("2 x", 2 * x),
    ("x y", x * y),
    ("2sin x", 2 * sin(x)),
    ("xsin(x)", x * sin(x)),
    ("x sin x", x * sin(x)),
    ("2sinxcosx", 2 * sin(x) * cos(x)),
    ("sin x cos x", sin(x) * cos(x)),
    ("sinxcosx", sin(x) * cos(x)),
    ("3x^2y", 3 * x**2 * y),
    ("x^2y^3", x**2 * y**3),
    ("[x+1]^2", (x + 1) ** 2),
    ("2[x+1]", 2 * (x + 1)),
    # powers
    ("x^2", x**2),
    ("x**2", x**2),
    ("2^x^2", 2 ** (x**2)),
    ("x^y^2", x ** (y**2)),
    ("x^-1", 1 / x),
    ("x^-2", x**-2),
    ("x^(1/2)", sqrt(x)),
    ("x^{1/3}", x ** Rational(1, 3)),
    ("-x^2", -(x**2)),
    ("(-x)^2", x**2),
    ("x^2.5", x ** Float(2.5)),
    ("2**-x", 2 ** (-x)),
    ("x ^ 2", x**2),
    # functions and their bare arguments
    ("sin x", sin(x)),
    ("sinx", sin(x)),
    ("sin(x)", sin(x)),
    ("sin 2x", sin(2 * x)),
    ("sin2x", sin(2 * x)),
    ("sin x^2", sin(x**2)),
    ("sin(x)^2", sin(x) ** 2),
    ("sin^2 x", sin(x) ** 2),
    ("sin^2(x)", sin(x) ** 2),
    ("sin^2x", sin(x) ** 2),
    ("sin^{2} x", sin(x) ** 2),
    ("cos^3(2x)", cos(2 * x) ** 3),
    ("sin^-1 x", asin(x)),
    ("sin^{-1}(x)", asin(x)),
    ("tan^-1 x", atan(x)),
    ("sinh^-1 x", asinh(x)),
    ("sin x/x", sin(x) / x),
    ("ln x/x", log(x) / x),
    ("sin -x", sin(-x)),
    ("sin(x)y", y * sin(x)),
    ("sin x y", y * sin(x)),
    ("sin xy", sin(x * y)),
    ("sin cos x", sin(cos(x))),
    ("sin 2(x+1)", sin(2 * x + 2)),
    ("cos(x^2)", cos(x**2)),
    ("tan x", tan(x)),
    ("sec x", sec(x)),
    ("csc x", csc(x)),
    ("cosec x", csc(x)),
    ("cosech(3x)", sympy.csch(3 * x)),
    ("cotan x", cot(x)),
    ("cot x", cot(x)),
    ("arcsin x", asin(x)),
    ("arccos(x)", acos(x)),
    ("arctan x", atan(x)),
    ("asin(x)", asin(x)),
    ("acot(x)", acot(x)),
    ("sinh x", sinh(x)),
    ("cosh(x)", cosh(x)),
    ("tanh x", tanh(x)),
    ("arsinh x", asinh(x)),
    ("sqrt(x)", sqrt(x)),
    ("sqrt x", sqrt(x)),
    ("sqrt(x+1)", sqrt(x + 1)),
    ("sqrt x+1", sqrt(x) + 1),
    ("cbrt(x)", cbrt(x)),
    ("abs(x)", Abs(x)),
    ("Abs(x)", Abs(x)),
    ("sign(x)", sign(x)),
    ("exp(x)", exp(x)),
    ("exp x", exp(x)),
    ("x!", factorial(x)),
    ("factorial(5)", Integer(120)),
    ("3!", Integer(6)),
    # e, logarithms
    ("e^x", exp(x)),
    ("e^-x", exp(-x)),
    ("e^(2x)", exp(2 * x)),
    ("e^{2x}", exp(2 * x)),
    ("xe^x", x * exp(x)),
    ("e^x(x+1)", exp(x) * (x + 1)),
    ("e^x sin x", exp(x) * sin(x)),
    ("e^xsinx", exp(x) * sin(x)),
    ("e^x y", y * exp(x)),
    ("e", E),
    ("ex", E * x),
    ("E**x", exp(x)),
    ("2e^(x^2)", 2 * exp(x**2)),
    ("ln x", log(x)),
    ("ln(x)", log(x)),
    ("ln|x|", log(Abs(x))),
    ("log x", log(x)),
    ("log(x)", log(x)),
    ("log_2(x)", log(x, 2)),
    ("log_2 x", log(x, 2)),
    ("log_{10} x", log(x, 10)),
    ("log_e x", log(x)),
    ("log10(x)", log(x, 10)),
    ("log10 x", log(x, 10)),
    ("log(x, 2)", log(x, 2)),
    ("log(8, 2)", Integer(3)),
    ("asin(sin(2))", pi - 2),
    ("log_2(sin(3))", log(sin(3)) / log(2)),
    ("|sin(3)|", Abs(sin(3), evaluate=False)),
    ("ln(x^2+1)", log(x**2 + 1)),
    # absolute values
    ("|x|", Abs(x)),
    ("||x|-1|", Abs(Abs(x) - 1)),
    ("|x|+|y|", Abs(x) + Abs(y)),
    ("2|x|", 2 * Abs(x)),
    ("|x-1|^2", Abs(x - 1) ** 2),
    ("|2x|y", Abs(2 * x, evaluate=False) * y),
    ("|-x|", Abs(-x, evaluate=False)),
    ("|-3|", Integer(3)),
    ("-(x+y)sin(x)", sympy.Mul(-1, x + y, sin(x))),
    ("-x(x+1)", -x * (x + 1)),
    # constants
    ("pi", pi),
    ("2pi x", 2 * pi * x),
    ("pix", pi * x),
    # numbers
    ("0.5x^2", Float("0.5") * x**2),
    (".5x", Float("0.5") * x),
    ("3/2", Rational(3, 2)),
    ("-3/2x^2".replace("x^2", "*x^2"), Rational(-3, 2) * x**2),
    ("1.0e-5", Float("1.0e-5")),
    ("2.5e-3x", Float("0.0025") * x),
    # sums and signs
    ("x - -y", x + y),
    ("--x", x),
    ("+x", x),
    ("2*-3", Integer(-6)),
    ("x-1", x - 1),
    ("3x - 2", 3 * x - 2),
]

UNICODE = [
    ("x²", x**2),
    ("x³", x**3),
    ("x²y", x**2 * y),
    ("x⁻¹", 1 / x),
    ("e²ˣ", exp(2 * x)),
    ("e⁻ˣ", exp(-x)),
    ("xʸ", x**y),
    ("log₂ x", log(x, 2)),
    ("log₁₀(x)", log(x, 10)),
    ("sin²x", sin(x) ** 2),
    ("sin⁻¹x", asin(x)),
    ("sin(x)²", sin(x) ** 2),
    ("e²ˣ".replace("ˣ", "x"), exp(2) * x),
    ("3·x", 3 * x),
    ("3⋅x", 3 * x),
    ("3×x", 3 * x),
    ("x−1", x - 1),
    ("x–1", x - 1),
    ("2πx", 2 * pi * x),
    ("π", pi),
    ("½x", x / 2),
    ("¾", Rational(3, 4)),
    ("√(x+1)", sqrt(x + 1)),
    ("√x", sqrt(x)),
    ("2√x", 2 * sqrt(x)),
    ("x÷2", x / 2),
    ("（x＋1）²", (x + 1) ** 2),
    ("ｘ＋１", x + 1),
    ("x\u00a0+\u00a01", x + 1),
    ("x\u200b+1", x + 1),
    ("⟨1, 2⟩", None),
    ("$x^2$", x**2),
    ("𝑥^2", x**2),
]

LATEX = [
    (r"\frac{1}{x}", 1 / x),
    (r"\dfrac{x+1}{x-1}", (x + 1) / (x - 1)),
    (r"\frac{d}{1}".replace("d", "x"), x),
    (r"\sqrt{2+x}", sqrt(x + 2)),
    (r"\sqrt[3]{x}", x ** Rational(1, 3)),
    (r"\sin^2 x", sin(x) ** 2),
    (r"\sin{x}", sin(x)),
    (r"\sin\left(x\right)", sin(x)),
    (r"\cos^{2}\left(2x\right)", cos(2 * x) ** 2),
    (r"3 \cdot x", 3 * x),
    (r"3 \times x", 3 * x),
    (r"\left( x+1 \right)^2", (x + 1) ** 2),
    (r"e^{2x}", exp(2 * x)),
    (r"e^{-x^2}", exp(-(x**2))),
    (r"\ln|x|", log(Abs(x))),
    (r"\ln\left|x\right|", log(Abs(x))),
    (r"\log_{2}(x)", log(x, 2)),
    (r"\pi x", pi * x),
    (r"\operatorname{sech} x", sympy.sech(x)),
    (r"\mathrm{e}^{x}", exp(x)),
    (r"x\,y", x * y),
    (r"\arcsin x", asin(x)),
    (r"2\sqrt{x}", 2 * sqrt(x)),
    (r"\frac{\sin x}{x}", sin(x) / x),
    (r"x^{2}+\frac{1}{2}", x**2 + Rational(1, 2)),
]


def _ids(table: list[tuple[str, object]]) -> list[str]:
    return [text for text, _ in table]


@pytest.mark.parametrize(("text", "expected"), NOTATION, ids=_ids(NOTATION))
def test_notation_is_read_as_a_teacher_reads_it(text: str, expected: sympy.Expr) -> None:
    """Each keyboard spelling from the issue's notation list reads as the intended expression."""
    parsed = parse_answer(text, XY)
    assert isinstance(parsed, ParsedExpression)
    assert parsed.expr == expected


@pytest.mark.parametrize(
    ("text", "expected"), [row for row in UNICODE if row[1] is not None], ids=lambda v: str(v)
)
def test_unicode_forms_are_normalised(text: str, expected: sympy.Expr) -> None:
    """Unicode and full-width characters read like their ASCII spelling."""
    assert parse_answer(text, XY).expr == expected


@pytest.mark.parametrize(("text", "expected"), LATEX, ids=_ids(LATEX))
def test_latex_from_equation_editors_is_read(text: str, expected: sympy.Expr) -> None:
    """LaTeX pasted from an equation editor reads like the typed notation."""
    assert parse_answer(text, XY).expr == expected


SHAPES = [
    ("{1, 2}", ParsedSet((Integer(1), Integer(2)))),
    ("{-1, 1}", ParsedSet((Integer(-1), Integer(1)))),
    ("{}", ParsedSet(())),
    ("{x}", ParsedSet((x,))),
    ("{(0, 0), (1, 1)}", ParsedSet((Tuple(0, 0), Tuple(1, 1)))),
    ("(2x, 2y)", ParsedTuple((2 * x, 2 * y))),
    ("[2x, 2y]", ParsedTuple((2 * x, 2 * y), brackets="[]")),
    ("<2x, 2y>", ParsedTuple((2 * x, 2 * y), brackets="<>")),
    ("⟨1, 2⟩", ParsedTuple((Integer(1), Integer(2)), brackets="<>")),
    (r"\langle 1, 2 \rangle", ParsedTuple((Integer(1), Integer(2)), brackets="<>")),
    (r"\{1, 2\}", ParsedSet((Integer(1), Integer(2)))),
    ("1, 2", ParsedTuple((Integer(1), Integer(2)), brackets="")),
    ("(1, 2), (3, 4)", ParsedTuple((Tuple(1, 2), Tuple(3, 4)), brackets="")),
    ("（1，2）", ParsedTuple((Integer(1), Integer(2)))),
    ("y = 3x - 2", ParsedEquation(y, 3 * x - 2)),
    ("y=3x-2", ParsedEquation(y, 3 * x - 2)),
    ("3x - y = 2", ParsedEquation(3 * x - y, Integer(2))),
    ("y == 2x", ParsedEquation(y, 2 * x)),
    ("y ＝ 2x", ParsedEquation(y, 2 * x)),
    ("(x+1)(x-1)", ParsedExpression((x + 1) * (x - 1))),
    ("(x)", ParsedExpression(x)),
]


@pytest.mark.parametrize(("text", "expected"), SHAPES, ids=[row[0] for row in SHAPES])
def test_answer_shapes(text: str, expected: object) -> None:
    """Sets, tuples, vectors, bare lists and equations come back as their own Parsed variant."""
    assert parse_answer(text, XY) == expected


LATEX_SHOWN = [
    ("3x^2", "3 x^{2}"),
    ("{1, 2}", r"\left\{1, 2\right\}"),
    ("(2x, 2y)", r"\left(2 x, 2 y\right)"),
    ("<2x, 2y>", r"\left\langle 2 x, 2 y\right\rangle"),
    ("1, 2", "1, 2"),
    ("y = 3x - 2", "y = 3 x - 2"),
    ("sin^2 x", r"\sin^{2}{\left(x \right)}"),
]


@pytest.mark.parametrize(("text", "latex"), LATEX_SHOWN, ids=[row[0] for row in LATEX_SHOWN])
def test_latex_shows_what_was_read(text: str, latex: str) -> None:
    """`.latex` is what the student sees as "we read your answer as …"."""
    assert parse_answer(text, XY).latex == latex


VARIABLES = [
    ("xy", ("x", "y"), x * y),
    ("e", ("e", "x"), Symbol("e")),
    ("ex", ("e", "x"), Symbol("e") * x),
    ("2rs", ("r", "s"), 2 * r * s),
    ("θ", ("theta",), theta),
    (r"\sin\theta", ("theta",), sin(theta)),
    ("sinθ", ("theta",), sin(theta)),
    ("tan t", ("t",), tan(t)),
    ("tant", ("t",), tan(t)),
    ("x1 + x2", ("x1", "x2"), Symbol("x1") + Symbol("x2")),
    ("xyz", ("x", "y", "z"), x * y * z),
    ("3", (), Integer(3)),
    ("pi/4", (), pi / 4),
]


@pytest.mark.parametrize(
    ("text", "variables", "expected"), VARIABLES, ids=[f"{row[0]}-{row[1]}" for row in VARIABLES]
)
def test_letters_split_into_declared_names(
    text: str, variables: tuple[str, ...], expected: sympy.Expr
) -> None:
    """Run-together letters split only into the declared variables, functions and constants."""
    assert parse_answer(text, variables).expr == expected


def test_latex_prints_values_whose_terms_cannot_be_ordered() -> None:
    """The printer orders terms by evaluating them; where that fails, they print unordered."""
    parsed = parse_answer("|acos(0.5)|+asec(asech(tanh(46946010698831588460639691979)))", XY)
    assert r"\operatorname{asec}" in parsed.latex


def test_variables_may_be_given_as_symbols() -> None:
    """A caller's own Symbols (with assumptions) are used as given, so keys compare equal."""
    real_x = Symbol("x", real=True)
    assert parse_answer("2x", [real_x]).expr == 2 * real_x


def test_declared_functions_are_applied() -> None:
    """Abstract functions declared by the caller read as sympy Functions."""
    f, g = Function("f"), Function("g")
    parsed = parse_answer("f(x)g(x) + f(x, y)", XY, functions=("f", "g"))
    assert parsed.expr == f(x) * g(x) + f(x, y)


KEYS = [
    3 * x**2,
    (3 * x**2 - 3) * cos(x**3 - 3 * x),
    2 * x * exp(x**2),
    -sin(x) / x**2 + cos(x) / x,
    sqrt(x**2 + 1),
    x / sqrt(x**2 + 1),
    log(Abs(x)),
    sec(x) ** 2,
    -csc(x) * cot(x),
    tan(x) ** 2 + 1,
    1 / (x**2 + 1),
    -1 / sqrt(1 - x**2),
    acos(x) + atan(x) + acot(x),
    sympy.asec(x) + sympy.acsc(x),
    sinh(x) * cosh(x) + tanh(x),
    log(x) / log(2),
    1 / (x * log(10)),
    2**x * log(2),
    x ** Rational(3, 2),
    Rational(3, 2) * x ** Rational(1, 2),
    x**x * (log(x) + 1),
    sign(x),
    exp(-x) * (1 - x),
    E * x,
    pi * x**2,
    Float("0.25") * x,
    -(x**2) / 2 + 3 * y,
    2 * x * y + y**2,
    exp(x * y) * y,
    Abs(x - 1),
    x ** (-2),
    (x + 1) ** 6000,
]


@pytest.mark.parametrize("key", KEYS, ids=[str(key) for key in KEYS])
def test_sympy_printed_keys_round_trip(key: sympy.Expr) -> None:
    """What sympy prints for a key (str and sstr) reads back as the same expression."""
    assert parse_answer(str(key), XY, limits=KEY_LIMITS).expr == key
    assert parse_answer(sympy.sstr(key), XY, limits=KEY_LIMITS).expr == key
