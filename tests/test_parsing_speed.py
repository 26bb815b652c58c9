"""The parser's shortcuts around sympy's operators give exactly what the operators give.

Each shortcut (a sign applied without operator dispatch, a size compared from p and q, a
coefficient read off an atom or a product) is checked against the sympy expression it replaces,
over a wide generated corpus, by equality and by structure (`srepr`); a leading bracket's
look-ahead, reused, is checked against reading it again. No answer is read differently.
"""

from __future__ import annotations

import itertools
import math
import random
from functools import reduce
from operator import mul

import pytest
import sympy

from generator.errors import StudentInputError
from generator.parsing import parse_answer
from generator.parsing.grammar import (
    _PLUS_MINUS,
    _SIGNS,
    Node,
    _abs_float,
    _exceeds,
    _Parser,
    _times,
)
from generator.parsing.limits import coefficient_digits

x, y = sympy.symbols("x y")
_LOG10_2 = math.log10(2)


def _corpus() -> list[sympy.Expr]:
    """Atoms of every kind the parser builds, and random sums, products, powers and calls."""
    atoms: list[sympy.Expr] = [
        x,
        y,
        _PLUS_MINUS,
        sympy.E,
        sympy.pi,
        sympy.I,
        sympy.oo,
        -sympy.oo,
        sympy.zoo,
        sympy.nan,
        *(sympy.Integer(n) for n in (0, 1, -1, 2, -3, 10**40, -(10**40))),
        *(sympy.Rational(p, q) for p, q in ((1, 2), (-2, 3), (7, 10**30))),
        *(sympy.Float(text, digits) for text, digits in (("0.5", 15), ("-2.25", 15), ("1.5", 40))),
        sympy.Float("1e-300", 15),
        sympy.AccumBounds(0, 2),
    ]
    rng = random.Random(20261127)
    built = list(atoms)
    for _ in range(600):
        shape = rng.randrange(6)
        a, b = rng.choice(built), rng.choice(built)
        if shape == 0:
            value = sympy.Add(a, b)
        elif shape == 1:
            value = sympy.Mul(a, b)
        elif shape == 2:
            value = sympy.Pow(a, rng.choice([2, -1, sympy.Rational(1, 2), -3]))
        elif shape == 3:
            value = rng.choice([sympy.sin, sympy.exp, sympy.log, sympy.Abs])(a)
        elif shape == 4:
            value = sympy.Mul(sympy.Add(a, x), b)
        else:
            value = sympy.Add(sympy.Mul(-1, a), sympy.Mul(b, y))
        if value.count_ops() < 40:
            built.append(value)
    return built


CORPUS = _corpus()
SIGNS = {"plus": sympy.S.One, "minus": sympy.S.NegativeOne, "pm": _PLUS_MINUS, "mp": -_PLUS_MINUS}


def _same(fast: sympy.Basic, slow: sympy.Basic) -> bool:
    """Equal, of the same class, and built of the same tree (srepr, terms in stored order)."""
    return (
        type(fast) is type(slow)
        and fast == slow
        and sympy.srepr(fast, order="none") == sympy.srepr(slow, order="none")
    )


@pytest.mark.parametrize("sign", SIGNS.values(), ids=SIGNS.keys())
def test_a_sign_applied_without_the_operator_gives_the_operators_product(sign: sympy.Expr) -> None:
    """`_times(sign, e)` is `sign * e` for every expression of the corpus (numbers, oo, nan too)."""
    differing = [expr for expr in CORPUS if not _same(_times(sign, expr), sign * expr)]
    assert len(CORPUS) > 400
    assert differing == []


SIGN_RUNS = [
    run
    for length in range(1, 5)
    for run in itertools.product("+-±", repeat=length)
    if run.count("±") <= 1
]


@pytest.mark.parametrize("run", SIGN_RUNS, ids=["".join(run) for run in SIGN_RUNS])
def test_a_run_of_signs_leaves_the_product_of_its_signs(run: tuple[str, ...]) -> None:
    """The table read by (odd minus count, ±) equals multiplying the signs one at a time."""
    factor = {"+": sympy.S.One, "-": sympy.S.NegativeOne, "±": _PLUS_MINUS}
    product = reduce(mul, (factor[sign] for sign in run), sympy.S.One)
    assert _same(_SIGNS[run.count("-") % 2 == 1, "±" in run], product)


NUMBERS = [
    *(sympy.Integer(n) for n in (0, 1, -1, 9999, 10000, 10001, -10001, 2**53, -(2**53) - 1)),
    sympy.Integer(10**100),
    *(sympy.Rational(p, q) for p, q in ((20001, 2), (20000, 2), (-20001, 2), (1, 3), (10**9, 7))),
    *(sympy.Float(text) for text in ("10000.0", "10000.000001", "-10000.5", "0.5", "1e300")),
    sympy.oo,
    -sympy.oo,
]


@pytest.mark.parametrize("number", NUMBERS, ids=[sympy.sstr(number) for number in NUMBERS])
@pytest.mark.parametrize("limit", [0, 1, 9999, 10000, 2**53])
def test_a_size_read_from_p_and_q_is_sympys(number: sympy.Number, limit: int) -> None:
    """`_exceeds` is `abs(n) > limit` and `_abs_float` is `float(abs(n))`, at and around limits."""
    assert _exceeds(number, limit) is bool(abs(number) > limit)
    assert _abs_float(number) == float(abs(number))


def _coefficient_digits_by_sympy(expr: sympy.Expr) -> float:
    """The estimate as written before the atom shortcut: always through `as_coeff_Mul`."""
    coefficient = expr.as_coeff_Mul()[0]
    if not coefficient.is_Rational or (coefficient.q == 1 and coefficient.p in (1, -1)):
        return 0.0
    return max(abs(coefficient.p).bit_length(), coefficient.q.bit_length()) * _LOG10_2


def test_a_coefficient_read_off_an_atom_is_the_one_sympy_extracts() -> None:
    """`coefficient_digits` agrees with `as_coeff_Mul` on every expression of the corpus."""
    differing = [
        expr for expr in CORPUS if coefficient_digits(expr) != _coefficient_digits_by_sympy(expr)
    ]
    assert differing == []
    assert coefficient_digits(sympy.Integer(0)) > 0  # zero is a coefficient, as sympy has it


def _leading_bracket_texts() -> list[str]:
    """Answers that open with a bracket: products, powers, lists, points, slips and errors."""
    rng = random.Random(7)
    pieces = ["x", "2", "-y", "x^2", "sin(x)", "|x|", "1/0", "(x+1)", "[x]", "x,1", "", "=", "2 3"]
    texts = [
        "(x+1)(x-1)",
        "(x)",
        "[2x]^3",
        "((x))",
        "(1, 2)",
        "[(1, 2), 3]",
        "(x",
        "(x]",
        "()",
        "(|x|)",
    ]
    for _ in range(300):
        inner = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 3)))
        after = rng.choice(["", "^2", "x", "!", " + 1", "/x", "(y)", ", 2", "=1", ")", "sin x"])
        opener, closer = rng.choice(["()", "[]"])
        texts.append(f"{opener}{inner}{closer}{after}")
    return texts


def _outcome(text: str, kind: str | None) -> str:
    try:
        parsed = parse_answer(text, ("x", "y"), kind=kind)
    except StudentInputError as error:
        return f"{error.code} {error.offset} {error.length} {error.render('en')}"
    return repr(parsed)


@pytest.mark.parametrize("kind", [None, "set", "tuple", "equation"], ids=str)
def test_a_leading_bracket_read_once_reads_as_if_read_twice(
    kind: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reusing what the list look-ahead read gives the result (or error) of reading it again."""
    texts = _leading_bracket_texts()
    once = [_outcome(text, kind) for text in texts]
    monkeypatch.setattr(_Parser, "_reread", lambda self: None)
    twice = [_outcome(text, kind) for text in texts]
    assert sum(outcome.startswith("Parsed") for outcome in once) > 50
    assert once == twice


def test_a_leading_bracket_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """`(x+1)^2`: the look-ahead's reading of `x+1` is the one the expression uses."""
    calls: list[int] = []
    expr = _Parser._expr

    def counted(self: _Parser) -> Node:
        calls.append(self.pos)
        return expr(self)

    monkeypatch.setattr(_Parser, "_expr", counted)
    parse_answer("(x+1)^2", ("x",))
    assert calls == [1, 0]  # inside the bracket once, then the whole answer
