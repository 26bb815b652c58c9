"""Properties of the checker over random expressions (hypothesis), not just hand-picked cases."""

from __future__ import annotations

import re
import time

import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.checking import check

X = sympy.Symbol("x")
SETTINGS = settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)

_leaves = st.one_of(
    st.just(X),
    st.integers(min_value=1, max_value=9).map(sympy.Integer),
    st.fractions(min_value=-5, max_value=5, max_denominator=7).map(sympy.Rational),
)


def _extend(children: st.SearchStrategy[sympy.Expr]) -> st.SearchStrategy[sympy.Expr]:
    pairs = st.tuples(children, children)
    return st.one_of(
        pairs.map(lambda p: p[0] + p[1]),
        pairs.map(lambda p: p[0] * p[1]),
        st.tuples(children, st.integers(min_value=2, max_value=4)).map(lambda p: p[0] ** p[1]),
        children.map(sympy.sin),
        children.map(sympy.cos),
        children.map(sympy.exp),
        children.map(lambda c: sympy.log(c**2 + 1)),
        children.map(lambda c: sympy.sqrt(c**2 + 1)),
    )


EXPRESSIONS = st.recursive(_leaves, _extend, max_leaves=6).filter(lambda e: e.has(X))


def _typed(expr: sympy.Expr) -> str:
    text = sympy.sstr(expr).replace("**", "^")
    return re.sub(r"(\d)\*(?=[a-z(])", r"\1", text)


NOTATIONS = {
    "sympy": sympy.sstr,
    "typed": _typed,
    "latex": sympy.latex,
    "expanded": lambda e: _typed(sympy.expand(e)),
    "spaced": lambda e: sympy.sstr(e).replace("**", "^").replace("*", " * "),
}


@SETTINGS
@given(EXPRESSIONS, st.sampled_from(sorted(NOTATIONS)))
def test_key_in_any_notation_is_correct(expr: sympy.Expr, notation: str) -> None:
    """The key, printed in any notation a student might use, checks `correct`."""
    verdict = check(sympy.sstr(expr), NOTATIONS[notation](expr), variables=["x"])
    assert verdict.status == "correct", (verdict, NOTATIONS[notation](expr))


PERTURBATIONS = {
    "plus a seventh": lambda e: e + sympy.Rational(1, 7),
    "one percent larger": lambda e: e * sympy.Rational(101, 100),
    "plus x/50": lambda e: e + X / 50,
    "sign": lambda e: -e,
}


@SETTINGS
@given(EXPRESSIONS, st.sampled_from(sorted(PERTURBATIONS)))
def test_perturbed_key_is_incorrect(expr: sympy.Expr, perturbation: str) -> None:
    """The key changed a little (a constant, one percent, a sign) checks `incorrect`."""
    changed = PERTURBATIONS[perturbation](expr)
    if sympy.simplify(changed - expr) == 0:  # -e == e only when e is 0
        return
    verdict = check(sympy.sstr(expr), _typed(changed), variables=["x"])
    assert verdict.status == "incorrect", (verdict, _typed(changed))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    st.text(max_size=60) | st.text(alphabet="x^()+-*/0123456789.sincoelgqrt|{}<>=, ", max_size=40)
)
def test_arbitrary_text_never_raises_and_is_quick(text: str) -> None:
    """Any text at all gets a verdict, never an exception, within a bound."""
    started = time.perf_counter()
    verdict = check("3*x**2", text, variables=["x"])
    assert verdict.status in ("correct", "incorrect", "invalid")
    assert time.perf_counter() - started < 2.0
