"""More real student notation: a derivative's name before the answer, a final full stop.

Each row is one decided case (README, "Reading student notation"): the text now read (checked
against a key, with the LaTeX the student is shown), the near misses that keep today's message,
and the kinds where the new reading does not apply.
"""

from __future__ import annotations

import time

import pytest

from generator import check
from generator.errors import StudentInputError
from generator.parsing import DEFAULT_LIMITS, Limits, parse_answer

# (answer, key, variables, kind, interpreted LaTeX): read as the key, shown without the label.
LABELLED = [
    ("dy/dx = 6x", "6*x", "x", "expression", "6 x"),
    ("f'(x) = 6x", "6*x", "x", "expression", "6 x"),
    ("y' = 6x", "6*x", "x", "expression", "6 x"),
    ("y’ = 6x", "6*x", "x", "expression", "6 x"),
    ("f''(x) = 6", "6", "x", "expression", "6"),
    ("y'' = 6", "6", "x", "number", "6"),
    ("\\frac{dy}{dx} = 6x", "6*x", "x", "expression", "6 x"),
    ("\\dfrac{d y}{d x}=6x", "6*x", "x", "expression", "6 x"),
    ("d^2y/dx^2 = 6", "6", "x", "number", "6"),
    ("\\frac{d^2y}{dx^2} = 6", "6", "x", "number", "6"),
    ("df/dx = 3x^2", "3*x**2", "x", "expression", "3 x^{2}"),
    ("dz/dt = cos t", "cos(t)", "t", "expression", "\\cos{\\left(t \\right)}"),
    ("∂f/∂x = 2xy", "2*x*y", "xy", "expression", "2 x y"),
    ("\\frac{\\partial f}{\\partial x} = 2xy", "2*x*y", "xy", "expression", "2 x y"),
    ("f_x = 2xy", "2*x*y", "xy", "expression", "2 x y"),
    ("f_{xy} = 2x", "2*x", "xy", "expression", "2 x"),
    ("f_x(x, y) = 2xy", "2*x*y", "xy", "expression", "2 x y"),
    ("f'(2) = 12", "12", "x", "number", "12"),
    ("dy/dx == 6x", "6*x", "x", "expression", "6 x"),
    ("g'(x) = -sin x", "-sin(x)", "x", "expression", "- \\sin{\\left(x \\right)}"),
    ("D_u f = 3/√5", "3/sqrt(5)", "xy", "number", "\\frac{3 \\sqrt{5}}{5}"),
    ("D_{\\mathbf{u}} f(1, 2) = 3", "3", "xy", "number", "3"),
    ("D_{\\vec{u}}f = 3", "3", "xy", "number", "3"),
    ("D_x f = 2xy", "2*x*y", "xy", "expression", "2 x y"),
    ("∇f = (2x, 2y)", "(2*x, 2*y)", "xy", "tuple", "\\left(2 x, 2 y\\right)"),
    ("∇f(1, 2) = <2, 4>", "(2, 4)", "xy", "tuple", "\\left\\langle 2, 4\\right\\rangle"),
    ("\\nabla f(x,y) = (2x, 2y)", "(2*x, 2*y)", "xy", "tuple", "\\left(2 x, 2 y\\right)"),
    ("grad f = 2x i + 2y j", "(2*x, 2*y)", "xy", "tuple", "\\left\\langle 2 x, 2 y\\right\\rangle"),
    ("grad(f) = (2x, 2y)", "(2*x, 2*y)", "xy", "tuple", "\\left(2 x, 2 y\\right)"),
    ("x ∈ {-1, 1}", "{-1, 1}", "x", "set", "\\left\\{-1, 1\\right\\}"),
    ("x \\in \\{-1, 1\\}", "{-1, 1}", "x", "set", "\\left\\{-1, 1\\right\\}"),
    (
        "(x, y) ∈ {(1, 2), (0, 0)}",
        "{(0, 0), (1, 2)}",
        "xy",
        "set",
        "\\left\\{\\left( 1, \\  2\\right), \\left( 0, \\  0\\right)\\right\\}",
    ),
]


@pytest.mark.parametrize(
    "answer, key, variables, kind, latex", LABELLED, ids=[row[0] for row in LABELLED]
)
def test_a_derivative_label_before_the_answer_is_dropped(
    answer: str, key: str, variables: str, kind: str, latex: str
) -> None:
    """The right-hand side is the answer; the interpreted line shows it alone."""
    verdict = check(key, answer, variables=list(variables), kind=kind)
    assert verdict.status == "correct", verdict
    assert verdict.interpreted == latex


# (answer, variables, kind, error code, words in the message): not a label; today's message.
NOT_LABELS = [
    ("x' = 6", "x", "expression", "refused", "prime"),
    ("y' = 6x", "xy", "expression", "refused", "prime"),
    ("dy/dq = 6x", "x", "expression", "unknown_name", "'dy'"),
    ("d^2y/dx^3 = 6", "x", "expression", "unknown_name", "'d'"),
    ("d^999y/dx^999 = 6", "x", "expression", "unknown_name", "'d'"),
    ("y'''' = 6", "x", "expression", "unknown_name", "'y'"),
    ("q' = 6", "x", "expression", "unknown_name", "'q'"),
    ("y = 6x", "x", "expression", "unknown_name", "'y'"),
    ("f_q = 3", "x", "expression", "unknown_name", "'f'"),
    ("f'(q) = 3", "x", "expression", "unknown_name", "'f'"),
    ("dy/dx = 6x", "dx", "expression", "unknown_name", "'y'"),
    ("dy/dx = 6x", "x", "equation", "unknown_name", "'dy'"),
    ("y' = 6x", "x", "tuple", "unknown_name", "'y'"),
    ("f_x = 2x", "x", "set", "unknown_name", "'f'"),
    ("∂f/∂x = 2x", "x", "equation", "unexpected", "'∂'"),
    ("dy/dx = ", "x", "expression", "empty", "empty"),
    ("∇x = (2, 4)", "xy", "tuple", "unexpected", "'∇'"),
    ("∇f(q) = (2, 4)", "xy", "tuple", "unexpected", "'∇'"),
    ("∇f = (2, 4)", "xy", "expression", "unexpected", "'∇'"),
    ("D_u x = 3", "xy", "number", "unknown_name", "'D'"),
    ("D_u f = 3", "xy", "tuple", "unknown_name", "'D'"),
    ("(y, x) ∈ {(2, 1)}", "xy", "set", "unexpected", "'∈'"),
    ("q ∈ {1}", "x", "set", "unknown_name", "'q'"),
    ("x ∈ {1}", "x", "expression", "unexpected", "'∈'"),
]


@pytest.mark.parametrize(
    "answer, variables, kind, code, words",
    NOT_LABELS,
    ids=[f"{row[0]}-{row[2]}-{row[1]}" for row in NOT_LABELS],
)
def test_what_is_no_label_keeps_todays_message(
    answer: str, variables: str, kind: str, code: str, words: str
) -> None:
    """A problem variable, an unknown letter, unequal orders, another kind: no label."""
    with pytest.raises(StudentInputError) as raised:
        parse_answer(answer, list(variables), kind=kind)
    assert raised.value.code == code
    assert words in raised.value.message.render("en")


def test_a_label_needs_no_kind_to_be_unread() -> None:
    """Without a kind (a key, a direct parse), a label is not dropped."""
    with pytest.raises(StudentInputError):
        parse_answer("dy/dx = 6x", ["x"])


def test_a_declared_function_names_a_label() -> None:
    """A function the problem declares (`p`) may name the derivative too."""
    parsed = parse_answer("p'(x) = 2x", ["x"], functions=("p",), kind="expression")
    assert str(parsed.expr) == "2*x"


# (answer, key, kind, interpreted LaTeX): a single final full stop is the sentence's.
STOPPED = [
    ("6x.", "6*x", "expression", "6 x"),
    ("6x。", "6*x", "expression", "6 x"),
    ("6x .", "6*x", "expression", "6 x"),
    ("6x．", "6*x", "expression", "6 x"),
    ("6.", "6", "number", "6"),
    ("6.5.", "13/2", "number", "6.5"),
    ("{1, 2}.", "{1, 2}", "set", "\\left\\{1, 2\\right\\}"),
]


@pytest.mark.parametrize("answer, key, kind, latex", STOPPED, ids=[row[0] for row in STOPPED])
def test_a_final_full_stop_is_ignored(answer: str, key: str, kind: str, latex: str) -> None:
    """`6x.` is 6x; `6.` is the number 6."""
    verdict = check(key, answer, variables=["x"], kind=kind)
    assert verdict.status == "correct", verdict
    assert verdict.interpreted == latex


@pytest.mark.parametrize("answer", ["6x..", "6x. .", ".", " . ", "6.x", "x.y"])
def test_other_full_stops_keep_todays_message(answer: str) -> None:
    """Two stops, a lone stop, a stop inside the answer: refused as before."""
    with pytest.raises(StudentInputError) as raised:
        parse_answer(answer, ["x", "y"], kind="expression")
    assert raised.value.code in ("unexpected", "refused", "empty")


def test_long_labels_are_refused_quickly() -> None:
    """Thousands of primes or a huge order: no label, a clear message, no time."""
    started = time.process_time()
    for answer in ("y" + "'" * 1500 + " = 6", "d^" + "9" * 999 + "y/dx = 6", "f_{" + "x" * 1900):
        with pytest.raises(StudentInputError):
            parse_answer(answer, ["x"], kind="expression")
    assert time.process_time() - started < 1.0


# (answer, key, interpreted LaTeX): TeX's single-token arguments, one digit, letter or command.
TEX_TOKENS = [
    ("\\frac12", "1/2", "\\frac{1}{2}"),
    ("\\dfrac12 x^{-\\frac12}", "x**(-1/2)/2", "\\frac{1}{2 \\sqrt{x}}"),
    ("\\frac1x", "1/x", "\\frac{1}{x}"),
    ("\\frac{1}2", "1/2", "\\frac{1}{2}"),
    ("\\frac1{x}", "1/x", "\\frac{1}{x}"),
    ("\\tfrac32", "3/2", "\\frac{3}{2}"),
    ("\\frac 1 2", "1/2", "\\frac{1}{2}"),
    ("\\frac12x", "x/2", "\\frac{x}{2}"),
    ("\\frac xy", "x/y", "\\frac{x}{y}"),
    ("\\frac1\\pi", "1/pi", "\\frac{1}{\\pi}"),
    ("\\sqrt2", "sqrt(2)", "\\sqrt{2}"),
    ("x^\\frac12", "sqrt(x)", "\\sqrt{x}"),
    ("\\frac{x}y^2", "x**2/y**2", "\\frac{x^{2}}{y^{2}}"),
]


@pytest.mark.parametrize("answer, key, latex", TEX_TOKENS, ids=[row[0] for row in TEX_TOKENS])
def test_tex_single_token_arguments(answer: str, key: str, latex: str) -> None:
    """`\\frac12` is ½ as TeX typesets it; the interpreted line shows the fraction."""
    verdict = check(key, answer, variables=["x", "y"])
    assert verdict.status == "correct", verdict
    assert verdict.interpreted == latex


# (answer, error code): what TeX would not read as two arguments, or reads otherwise.
TEX_REFUSED = [
    ("\\frac123", "unexpected"),
    ("\\frac1.5", "unexpected"),
    ("\\frac1", "unexpected"),
    ("\\frac", "unexpected"),
    ("\\frac1pi", "unexpected"),
    ("\\frac1\\sqrt2", "unexpected"),
    ("\\frac1\\frac12", "unexpected"),
    ("\\frac10", "undefined"),
    ("\\frac+1x", "unexpected"),
]


@pytest.mark.parametrize("answer, code", TEX_REFUSED, ids=[row[0] for row in TEX_REFUSED])
def test_other_fraction_arguments_are_refused(answer: str, code: str) -> None:
    """Three digits, a decimal, a word, a call: TeX reads them otherwise; ask for braces."""
    with pytest.raises(StudentInputError) as raised:
        parse_answer(answer, ["x"])
    assert raised.value.code == code


@pytest.mark.parametrize(
    "answer, limits, code",
    [
        ("\\frac{" * 5000 + "1" + "}{2}" * 5000, DEFAULT_LIMITS, "too_long"),
        ("\\frac{" * 5000 + "1" + "}{2}" * 5000, Limits(max_length=100_000), "too_deep"),
        ("\\frac1" * 5000 + "2", Limits(max_length=100_000), "unexpected"),
        ("x^\\frac1" * 3000 + "2", Limits(max_length=100_000), "too_deep"),
    ],
    ids=["nested-5000-default", "nested-5000-long", "chained-5000", "powers-3000"],
)
def test_hostile_fractions_are_refused_quickly(answer: str, limits: Limits, code: str) -> None:
    """Deep or long fractions meet the length and depth limits: a clear message, no time."""
    started = time.process_time()
    with pytest.raises(StudentInputError) as raised:
        parse_answer(answer, ["x"], limits=limits)
    assert raised.value.code == code
    assert time.process_time() - started < 1.0


# (key, answer, interpreted LaTeX): binomial(n, k), a whitelisted two-argument function.
BINOMIALS = [
    ("binomial(n, k)", "n!/(k!*(n-k)!)", "\\frac{n!}{k! \\left(- k + n\\right)!}"),
    ("n!/(k!*(n-k)!)", "binomial(n, k)", "{\\binom{n}{k}}"),
    ("binomial(n + 1, k + 1)", "binomial(n,k)+binomial(n,k+1)", None),
    ("binomial(n, k)", "binomial(n, n-k)", "{\\binom{n}{- k + n}}"),
    ("binomial(n, k)", "\\binom{n}{k}", "{\\binom{n}{k}}"),
    ("binomial(n, 2)", "\\dbinom n2", "{\\binom{n}{2}}"),
    ("10", "binomial(5, 2)", "10"),
    ("n*(n-1)/2", "binomial(n, 2)", "{\\binom{n}{2}}"),
]


@pytest.mark.parametrize(
    "key, answer, latex", BINOMIALS, ids=[f"{row[1]}-vs-{row[0]}" for row in BINOMIALS]
)
def test_binomial_coefficients_are_read(key: str, answer: str, latex: str | None) -> None:
    """STACK's binomial fixtures come out correct; `\\binom` (sympy's LaTeX) reads back."""
    verdict = check(key, answer, variables=["n", "k"])
    assert verdict.status == "correct", verdict
    if latex is not None:
        assert verdict.interpreted == latex


def test_a_wrong_binomial_is_incorrect() -> None:
    """binomial(n, k) is not binomial(n, k + 1)."""
    assert check("binomial(n, k)", "binomial(n, k+1)", variables=["n", "k"]).status == "incorrect"


# (answer, error code, words in the message): bounded like a factorial, two arguments exactly.
BINOMIAL_REFUSED = [
    ("binomial(10^10, 5*10^9)", "number_too_large", "at most 1000"),
    ("binomial(1001, 2)", "number_too_large", "at most 1000"),
    ("binomial(n, 1001)", "number_too_large", "at most 1000"),
    ("binomial(n, 10^(10^5))", "number_too_large", "too large"),
    ("binomial(2^(2^20), 3)", "number_too_large", "too large"),
    ("\\binom{10^10}{5}", "number_too_large", "at most 1000"),
    ("binomial(n)", "arguments", "two arguments"),
    ("binomial(n, k, 2)", "arguments", "two arguments"),
    ("binomial n", "arguments", "two arguments"),
]


@pytest.mark.parametrize(
    "answer, code, words", BINOMIAL_REFUSED, ids=[row[0] for row in BINOMIAL_REFUSED]
)
def test_huge_or_malformed_binomials_are_refused_quickly(
    answer: str, code: str, words: str
) -> None:
    """n and k are bounded before sympy multiplies anything out: a clear message, no time."""
    started = time.process_time()
    with pytest.raises(StudentInputError) as raised:
        parse_answer(answer, ["n", "k"])
    assert raised.value.code == code
    assert words in raised.value.message.render("en")
    assert time.process_time() - started < 1.0


def test_a_huge_binomial_is_an_invalid_verdict() -> None:
    """Through check(): invalid with the message, not a traceback or a long wait."""
    verdict = check("binomial(n, k)", "binomial(10^10, 5*10^9)", variables=["n", "k"])
    assert verdict.status == "invalid"
    assert "1000" in verdict.feedback


EMPTY = ["∅", "\\emptyset", "$\\varnothing$", "{}", "{ }", "\\{ \\}", "none", "None", "no solution"]
EMPTY += ["No solutions.", "no  stationary points", "无", "没有", " ∅ "]


@pytest.mark.parametrize("answer", EMPTY)
def test_the_empty_set_however_written(answer: str) -> None:
    """Where a set is asked, `∅`, `none`, `no solution`, `无` are the empty set."""
    verdict = check("{}", answer, variables=["x"], kind="set")
    assert verdict.status == "correct", verdict
    assert verdict.interpreted == "\\left\\{\\right\\}"
    assert check("{1}", answer, variables=["x"], kind="set").status == "incorrect"


# (answer, kind, error code): elsewhere, or inside a set, today's messages.
NOT_EMPTY = [
    ("∅", "expression", "unexpected"),
    ("\\emptyset", "expression", "unknown_name"),
    ("none", "number", "unknown_name"),
    ("no solution", "expression", "unknown_name"),
    ("无", "tuple", "unexpected"),
    ("\\varnothing", "equation", "unknown_name"),
    ("{∅}", "set", "unexpected"),
    ("nothing", "set", "unknown_name"),
    ("none, 1", "set", "unknown_name"),
]


@pytest.mark.parametrize(
    "answer, kind, code", NOT_EMPTY, ids=[f"{row[0]}-{row[1]}" for row in NOT_EMPTY]
)
def test_empty_set_words_elsewhere_keep_todays_message(answer: str, kind: str, code: str) -> None:
    """Only a whole set answer is read as the empty set."""
    with pytest.raises(StudentInputError) as raised:
        parse_answer(answer, ["x"], kind=kind)
    assert raised.value.code == code


# (answer, key, kind, interpreted LaTeX): a decimal comma where nothing else can read the comma.
DECIMAL_COMMAS = [
    ("0,5", "1/2", "number", "0.5"),
    ("0,5", "1/2", "expression", "0.5"),
    ("3,14x", "3.14*x", "expression", "3.14 x"),
    ("0,125", "1/8", "number", "0.125"),
    ("10,25", "41/4", "number", "10.25"),
    ("-2,5x^2 + 0,5", "-5*x**2/2 + 1/2", "expression", "0.5 - 2.5 x^{2}"),
    ("y' = 0,5", "1/2", "number", "0.5"),
    ("0,5.", "1/2", "number", "0.5"),
]


@pytest.mark.parametrize(
    "answer, key, kind, latex", DECIMAL_COMMAS, ids=[f"{row[0]}-{row[2]}" for row in DECIMAL_COMMAS]
)
def test_a_decimal_comma_is_a_decimal_point(answer: str, key: str, kind: str, latex: str) -> None:
    """`0,5` is 0.5 in an expression or number answer with no bracket, brace or call."""
    verdict = check(key, answer, variables=["x"], kind=kind)
    assert verdict.status == "correct", verdict
    assert verdict.interpreted == latex


# (answer, kind, what is read as before): the comma keeps today's reading.
COMMAS_AS_BEFORE = [
    ("log(8,2)", "number", "3"),
    ("(1,2)", "expression", "(1, 2)"),
    ("1, 2", "number", "(1, 2)"),
    ("1 ,2", "number", "(1, 2)"),
    ("1,000", "number", "(1, 0)"),
    ("1,2,3", "expression", "(1, 2, 3)"),
    ("1,2, 3", "expression", "(1, 2, 3)"),
    ("1.5,2", "number", "(1.50000000000000, 2)"),
    ("sin 0,5", "expression", "(0, 5)"),
    ("x,5", "expression", "(x, 5)"),
    ("0,5", "tuple", "(0, 5)"),
    ("0,5", None, "(0, 5)"),
    ("{0,5}", "set", "{0, 5}"),
    ("0,5", "set", "{0, 5}"),
]


@pytest.mark.parametrize(
    "answer, kind, read", COMMAS_AS_BEFORE, ids=[f"{row[0]}-{row[1]}" for row in COMMAS_AS_BEFORE]
)
def test_other_commas_are_read_as_before(answer: str, kind: str | None, read: str) -> None:
    """Brackets, calls, spaces, three digits after a leading non-zero, other kinds: unchanged."""
    parsed = parse_answer(answer, ["x"], kind=kind)
    values = getattr(parsed, "items", None)
    shown = str(parsed.expr) if values is None else str(values).replace(",)", ")")
    if kind == "set":
        shown = "{" + shown[1:-1] + "}"
    assert shown == read


# (answer, interpreted LaTeX): a LaTeX column (or row) vector where a tuple is asked.
VECTORS = [
    ("\\begin{pmatrix}2x\\\\2y\\end{pmatrix}", "\\left(2 x, 2 y\\right)"),
    ("\\begin{bmatrix}2x\\\\2y\\end{bmatrix}", "\\left[2 x, 2 y\\right]"),
    ("\\begin{pmatrix}2x & 2y\\end{pmatrix}", "\\left(2 x, 2 y\\right)"),
    ("$\\begin{pmatrix} 2x \\\\ 2y \\\\ \\end{pmatrix}$", "\\left(2 x, 2 y\\right)"),
    ("\\begin{pmatrix}\n2x \\\\\n2y\n\\end{pmatrix}", "\\left(2 x, 2 y\\right)"),
    ("\\begin{pmatrix}\\frac{4x}{2}\\\\2y\\end{pmatrix}", "\\left(2 x, 2 y\\right)"),
]


@pytest.mark.parametrize("answer, latex", VECTORS, ids=[row[0] for row in VECTORS])
def test_latex_vectors_are_tuples(answer: str, latex: str) -> None:
    """`pmatrix` and `bmatrix` rows or columns are the components, in order."""
    verdict = check("(2*x, 2*y)", answer, variables=["x", "y"], kind="tuple")
    assert verdict.status == "correct", verdict
    assert verdict.interpreted == latex
    assert check("(2*y, 2*x)", answer, variables=["x", "y"], kind="tuple").status == "incorrect"


# (answer, kind, error code, offset): not a vector, or not a tuple asked: today's messages.
NOT_VECTORS = [
    ("\\begin{pmatrix}2x\\\\2y\\end{pmatrix}", "expression", "unknown_name", 0),
    ("\\begin{pmatrix}2x\\\\2y\\end{pmatrix}", "set", "unknown_name", 0),
    ("\\begin{pmatrix}a & b\\\\ c & d\\end{pmatrix}", "tuple", "unknown_name", 0),
    ("\\begin{pmatrix}2x\\\\2y\\end{bmatrix}", "tuple", "unknown_name", 0),
    ("\\begin{pmatrix}2x\\\\2y\\end{pmatrix} + 1", "tuple", "unknown_name", 0),
    ("\\begin{vmatrix}2x\\\\2y\\end{vmatrix}", "tuple", "unknown_name", 0),
    ("\\begin{pmatrix}2q\\\\2y\\end{pmatrix}", "tuple", "unknown_name", 16),
    ("\\begin{pmatrix}2x\\\\\\\\2y\\end{pmatrix}", "tuple", "unexpected", 19),
]


@pytest.mark.parametrize(
    "answer, kind, code, offset", NOT_VECTORS, ids=[f"{row[0]}-{row[1]}" for row in NOT_VECTORS]
)
def test_other_matrices_keep_todays_message(answer: str, kind: str, code: str, offset: int) -> None:
    """A 2×2 matrix, mismatched environments, another kind; errors point at the typed text."""
    with pytest.raises(StudentInputError) as raised:
        parse_answer(answer, ["x", "y"], kind=kind)
    assert raised.value.code == code
    assert raised.value.offset == offset


def test_a_long_vector_meets_the_limits() -> None:
    """Thousands of rows or deep nesting inside a pmatrix: length and depth limits, quickly."""
    started = time.process_time()
    rows = "\\begin{pmatrix}" + "x\\\\" * 700 + "y\\end{pmatrix}"
    deep = "\\begin{pmatrix}" + "(" * 500 + "x" + ")" * 500 + "\\end{pmatrix}"
    with pytest.raises(StudentInputError) as raised:
        parse_answer(rows, ["x", "y"], kind="tuple")
    assert raised.value.code == "too_long"
    with pytest.raises(StudentInputError) as raised:
        parse_answer(deep, ["x", "y"], kind="tuple")
    assert raised.value.code == "too_deep"
    assert time.process_time() - started < 1.0
