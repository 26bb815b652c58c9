"""The step-by-step differentiator: recurses on the sympy tree applying the chapter's rules.

Each rule first writes its formula with the pieces' derivatives still unevaluated (the chain rule
names f(u) and u = g(x), the product and quotient rules name u and v), then differentiates the
pieces, then combines them. The combination goes through `_combine`, the one place where a
`MalRule` can swap the correct formula for a misconception's wrong one: re-running the same
differentiator with a mal-rule gives exactly the answer a student with that misconception writes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import sympy as sp

from generator.i18n import N_, Message
from generator.latex import house_str, plain_latex
from generator.rules.lines import Line
from generator.rules.printing import Math, equation, math
from generator.term_order import ordered_terms

Style = Literal["auto", "quotient", "power"]
STYLES: tuple[Style, ...] = ("auto", "quotient", "power")
Pieces = Mapping[str, Any]

U = sp.Symbol("u")

_OUTER: dict[type, tuple[str, Callable[[sp.Expr], sp.Expr]]] = {
    sp.sin: ("trig", sp.cos),
    sp.cos: ("trig", lambda u: -sp.sin(u)),
    sp.tan: ("trig", lambda u: sp.sec(u) ** 2),
    sp.sec: ("trig", lambda u: sp.sec(u) * sp.tan(u)),
    sp.csc: ("trig", lambda u: -sp.csc(u) * sp.cot(u)),
    sp.cot: ("trig", lambda u: -(sp.csc(u) ** 2)),
    sp.asin: ("inverse_trig", lambda u: 1 / sp.sqrt(1 - u**2)),
    sp.acos: ("inverse_trig", lambda u: -1 / sp.sqrt(1 - u**2)),
    sp.atan: ("inverse_trig", lambda u: 1 / (1 + u**2)),
    sp.exp: ("exponential", sp.exp),
    sp.log: ("logarithm", lambda u: 1 / u),
}

_RULE_TEXT: Mapping[str, str] = {
    "power": N_("Power rule: {formula}."),
    "logarithm_base": N_("Logarithm rule: {formula}."),
    "trig": N_("Trigonometric rule: {formula}."),
    "inverse_trig": N_("Inverse trigonometric rule: {formula}."),
    "exponential": N_("Exponential rule: {formula}."),
    "logarithm": N_("Logarithm rule: {formula}."),
}


@dataclass(frozen=True)
class MalRule:
    """A misconception as a wrong version of a rule (or of a family of rules).

    `wrong(pieces)` is the student's formula where one of `rules` applies, or None where this
    misconception makes no difference; `feedback` is a message whose fields are piece names.
    """

    id: str
    rules: frozenset[str]
    wrong: Callable[[Pieces], sp.Expr | None]
    feedback: str
    variant: str = ""


class Differentiator:
    """Differentiates with respect to one variable, recording steps or applying one mal-rule."""

    def __init__(
        self,
        var: sp.Symbol,
        *,
        mal: MalRule | None = None,
        style: Style = "auto",
        record: bool = True,
        partial: bool = False,
        known: Mapping[sp.Expr, sp.Expr] | None = None,
    ) -> None:
        self.var = var
        self.known = known or {}
        self.partial = partial
        self.mal = mal
        self.style = style
        self.record = record
        self.lines: list[Line] = []
        self.fired: dict[str, Math] | None = None
        self.used: set[str] = set()
        self.depth = 0
        self.fired_depth = 0

    # -- the one switch between the correct rule and a misconception -------------------------

    def _combine(self, rule: str, correct: sp.Expr, pieces: Pieces) -> sp.Expr:
        self.used.add(rule)
        if self.mal is None or rule not in self.mal.rules:
            return correct
        wrong = self.mal.wrong(pieces)
        if wrong is None or wrong == correct:
            return correct
        if self.fired is None:
            self.fired_depth = self.depth
            shown = {**pieces, "correct": correct, "wrong": wrong}
            self.fired = {
                key: value if isinstance(value, Math) else math(value)
                for key, value in shown.items()
                if isinstance(value, Math | sp.Basic | int)
            }
        return wrong

    def _line(self, rule: str, template: str, expr: sp.Expr, rhs: sp.Basic, **params: Any) -> None:
        if self.record:
            shown = {k: v if isinstance(v, Math) else math(v) for k, v in params.items()}
            self.lines.append(
                Line(
                    rule,
                    Message(template, shown),
                    sp.Derivative(expr, self.var),
                    rhs,
                    partial=self.partial,
                )
            )

    def _d(self, expr: sp.Expr) -> sp.Expr:
        return sp.Derivative(expr, self.var)

    # -- dispatch on the shape of the tree ------------------------------------------------------

    def derivative(self, expr: sp.Expr) -> sp.Expr:
        """The derivative of `expr`, recording a line per rule applied."""
        if expr in self.known:
            return self.known[expr]
        self.depth += 1
        try:
            return self._dispatch(expr)
        finally:
            self.depth -= 1

    def _dispatch(self, expr: sp.Expr) -> sp.Expr:
        x = self.var
        if not expr.has(x):
            return self._constant(expr)
        if expr == x:
            self._line("power", N_("The derivative of {x} is 1."), expr, sp.S.One, x=x)
            return sp.S.One
        if expr.is_Add:
            return self._sum(expr)
        monomial = self._monomial(expr)
        if monomial is not None:
            return self._power(expr, *monomial)
        quotient = self._quotient_parts(expr)
        if quotient is not None:
            return self._quotient(expr, *quotient)
        reciprocal = self._reciprocal_parts(expr)
        if reciprocal is not None:
            return self._reciprocal(expr, *reciprocal)
        if expr.is_Mul:
            constant, rest = expr.as_independent(x, as_Add=False)
            if constant != 1:
                return self._constant_multiple(expr, constant, rest)
            first, *others = expr.args
            return self._product(expr, first, sp.Mul(*others))
        if expr.is_Pow:
            base, exponent = expr.args
            if not exponent.has(x):
                return self._chain(expr, lambda u: u**exponent, base, "power")
            if not base.has(x):
                return self._chain(expr, lambda u: base**u, exponent, "exponential_base")
        if isinstance(expr, sp.Function) and type(expr) in _OUTER and len(expr.args) == 1:
            return self._chain(expr, type(expr), expr.args[0], _OUTER[type(expr)][0])
        return self._general(expr)

    def _monomial(self, expr: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
        """(c, n) when expr is c·x^n with constant c and n (and not read as a quotient)."""
        constant, rest = expr.as_independent(self.var, as_Add=False)
        base, exponent = rest.as_base_exp()
        if base != self.var or exponent.has(self.var):
            return None
        if self.style == "quotient" and exponent.is_negative:
            return None
        if self.style == "power" and exponent.is_negative and constant != 1:
            return None
        return constant, exponent

    def _has_denominator(self, expr: sp.Expr) -> bool:
        return any(
            f.is_Pow and f.exp.is_negative and f.base.has(self.var) for f in sp.Mul.make_args(expr)
        )

    def _quotient_parts(self, expr: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
        """(u, v) when expr = u/v is to be done by the quotient rule in this style."""
        if self.style == "power" or not self._has_denominator(expr):
            return None
        if self.style == "quotient":
            numerator, denominator = sp.fraction(expr)
            return numerator, denominator
        factors = sp.Mul.make_args(expr)
        below = [f for f in factors if f.is_Pow and f.exp.is_negative and f.base.has(self.var)]
        above = [f for f in factors if f not in below]
        if not any(f.has(self.var) for f in above):
            return None  # c/g(x)ⁿ: the chapter writes c·g(x)⁻ⁿ and uses the chain rule
        return sp.Mul(*above), sp.Mul(*[f.base ** (-f.exp) for f in below])

    def _reciprocal_parts(self, expr: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
        """(u, v) when, in the power style, expr = u/v is to be done as u·v^(−1)."""
        if self.style != "power" or expr.is_Pow or not self._has_denominator(expr):
            return None
        numerator, denominator = sp.fraction(expr)
        return numerator, denominator

    def _log_base(self, expr: sp.Expr) -> tuple[sp.Expr, sp.Expr, sp.Expr] | None:
        """(k, u, b) when expr is k·log(u)/log(b), i.e. k·log_b(u) for a constant base b."""
        constant, rest = expr.as_independent(self.var, as_Add=False)
        if not isinstance(rest, sp.log):
            return None
        for factor in sp.Mul.make_args(constant):
            if factor.is_Pow and factor.exp == -1 and isinstance(factor.base, sp.log):
                base = factor.base.args[0]
                if not base.has(self.var):
                    return constant * sp.log(base), rest.args[0], base
        return None

    # -- the rules ------------------------------------------------------------------------------

    def _constant(self, expr: sp.Expr) -> sp.Expr:
        self._line(
            "constant", N_("Constant rule: the derivative of a constant is 0."), expr, sp.S.Zero
        )
        return sp.S.Zero

    def _sum(self, expr: sp.Expr) -> sp.Expr:
        terms = ordered_terms(expr)
        if self.record:
            rhs = sp.Add(*[self._d(t) for t in terms], evaluate=False)
            self._line("sum", N_("Sum rule: differentiate term by term."), expr, rhs)
        return sp.Add(*[self._term(t) for t in terms])

    def _term(self, term: sp.Expr) -> sp.Expr:
        """A term of a sum; a constant term is where `constant_not_zero` bites."""
        if term.has(self.var):
            return self.derivative(term)
        return self._combine("constant", self._constant(term), {"c": term})

    def _power(self, expr: sp.Expr, c: sp.Expr, n: sp.Expr) -> sp.Expr:
        x = self.var
        correct = c * n * x ** (n - 1)
        pieces = {"c": c, "n": n, "n_minus_1": n - 1, "base": x, "outer": c * x**n}
        result = self._combine("power", correct, pieces)
        if n == 1:
            template = N_("The derivative of c·{x} is the constant c, here {c}.")
            self._line("constant_multiple", template, expr, correct, x=x, c=c)
        elif n.is_Integer and n > 0:
            template = N_("Power rule: {formula}, with n = {n}.")
            self._line("power", template, expr, correct, formula=_power_formula(x), n=n)
        else:
            template = N_("Power rule: write it as {written}; {formula}, with n = {n}.")
            written = _as_power(c, x, n)
            self._line(
                "power", template, expr, correct, formula=_power_formula(x), n=n, written=written
            )
        return result

    def _constant_multiple(self, expr: sp.Expr, c: sp.Expr, rest: sp.Expr) -> sp.Expr:
        log_base = self._log_base(expr)
        if log_base is not None:
            return self._logarithm_base(expr, *log_base)
        if self.record:
            self._line(
                "constant_multiple",
                N_("Constant multiple rule: keep the factor {c} and differentiate {f}."),
                expr,
                sp.Mul(c, self._d(rest), evaluate=False),
                c=c,
                f=rest,
            )
        return c * self.derivative(rest)

    def _logarithm_base(self, expr: sp.Expr, k: sp.Expr, u: sp.Expr, b: sp.Expr) -> sp.Expr:
        if u != self.var:
            return self._chain(expr, lambda w: k * sp.log(w) / sp.log(b), u, "logarithm_base")
        correct = k / (u * sp.log(b))
        self._line(
            "logarithm_base",
            N_("Logarithm rule for base {b}: {formula}."),
            expr,
            correct,
            b=b,
            formula=Math(
                r"\frac{d}{dx}\log_b x = \frac{1}{x \ln b}", "d/dx[log_b(x)] = 1/(x*ln(b))"
            ),
        )
        pieces = {"k": k, "u": u, "b": b, "ln_b": sp.log(b)}
        return self._combine("logarithm_base", correct, pieces)

    def _reciprocal(self, expr: sp.Expr, u: sp.Expr, v: sp.Expr) -> sp.Expr:
        power = sp.Pow(v, -1, evaluate=False)
        if u == 1:
            return self._chain(expr, lambda w: w**-1, v, "power")
        if not u.has(self.var):
            return self._constant_multiple(expr, u, power)
        return self._product(expr, u, power)

    def _product(self, expr: sp.Expr, u: sp.Expr, v: sp.Expr) -> sp.Expr:
        if self.record:
            rhs = sp.Add(
                sp.Mul(self._d(u), v, evaluate=False),
                sp.Mul(u, self._d(v), evaluate=False),
                evaluate=False,
            )
            self._line(
                "product",
                N_("Product rule with u = {u} and v = {v}: (uv)′ = u′v + uv′."),
                expr,
                rhs,
                u=u,
                v=v,
            )
        du, dv = self.derivative(u), self.derivative(v)
        pieces = {"u": u, "v": v, "du": du, "dv": dv}
        return self._combine("product", du * v + u * dv, pieces)

    def _quotient(self, expr: sp.Expr, u: sp.Expr, v: sp.Expr) -> sp.Expr:
        if self.record:
            top = sp.Add(
                sp.Mul(v, self._d(u), evaluate=False),
                _unevaluated_product(-1, u, self._d(v)),
                evaluate=False,
            )
            square = sp.Pow(sp.Pow(v, 2, evaluate=False), -1, evaluate=False)
            self._line(
                "quotient",
                N_("Quotient rule with u = {u} and v = {v}: (u/v)′ = (vu′ − uv′)/v²."),
                expr,
                sp.Mul(top, square, evaluate=False),
                u=u,
                v=v,
            )
        du, dv = self.derivative(u), self.derivative(v)
        pieces = {"u": u, "v": v, "du": du, "dv": dv}
        return self._combine("quotient", (v * du - u * dv) / v**2, pieces)

    def _outer_derivative(self, outer: sp.Expr, kind: str, u: sp.Symbol) -> sp.Expr:
        """f′(u) for the outer function f(u), through the rule (and mal-rule) of its kind."""
        if kind == "power":
            n = outer.as_base_exp()[1]
            pieces = {"c": 1, "n": n, "n_minus_1": n - 1, "base": u, "outer": outer}
            return self._combine("power", n * u ** (n - 1), pieces)
        if kind == "exponential_base":
            a = outer.as_base_exp()[0]
            pieces = {"a": a, "ln_a": sp.log(a), "u": u, "outer": outer}
            return self._combine("exponential_base", outer * sp.log(a), pieces)
        if kind == "logarithm_base":
            k, b = self._outer_log_base(outer, u)
            pieces = {"k": k, "u": u, "b": b, "ln_b": sp.log(b)}
            return self._combine("logarithm_base", k / (u * sp.log(b)), pieces)
        correct = _OUTER[type(outer)][1](u)
        return self._combine(kind, correct, {"f": type(outer), "u": u, "outer": outer})

    @staticmethod
    def _outer_log_base(outer: sp.Expr, u: sp.Symbol) -> tuple[sp.Expr, sp.Expr]:
        """(k, b) of the outer function k·ln(u)/ln(b)."""
        for factor in sp.Mul.make_args(outer):
            if factor.is_Pow and factor.exp == -1 and isinstance(factor.base, sp.log):
                b = factor.base.args[0]
                return outer * sp.log(b) / sp.log(u), b
        raise ValueError(outer)

    def _chain(
        self, expr: sp.Expr, make_outer: Callable[[sp.Expr], sp.Expr], inner: sp.Expr, kind: str
    ) -> sp.Expr:
        u = inner if inner == self.var else U
        outer = make_outer(u)
        f_prime = self._outer_derivative(outer, kind, u)
        if self.record:
            self._chain_line(expr, kind, outer, inner, f_prime)
        if inner == self.var:
            return f_prime
        du = self.derivative(inner)
        at_inner = f_prime.subs(U, inner)
        pieces = {
            "kind": kind,
            "outer": outer,
            "inner": equation(U, inner),
            "g": inner,
            "du": du,
            "f_prime": at_inner,
            "f_prime_at_x": f_prime.subs(U, self.var),
            "f_prime_at_du": f_prime.subs(U, du),
            "x": self.var,
        }
        return self._combine("chain", at_inner * du, pieces)

    def _chain_line(
        self, expr: sp.Expr, kind: str, outer: sp.Expr, inner: sp.Expr, f_prime: sp.Expr
    ) -> None:
        """The step of a chain (or table) rule, showing the correct f′ even under a mal-rule."""
        u = inner if inner == self.var else U
        if self.mal is not None:
            f_prime = self._correct(lambda: self._outer_derivative(outer, kind, u))
        if inner == self.var:
            self._simple_rule(expr, kind, outer, f_prime)
            return
        with sp.evaluate(False):
            at_inner = f_prime.xreplace({U: inner})
        self._line(
            "chain",
            N_(
                "Chain rule: the outer function is f(u) = {outer} with f′(u) = {outer_derivative}, "
                "and the inner function is {inner}; multiply f′(u) by u′."
            ),
            expr,
            sp.Mul(at_inner, self._d(inner), evaluate=False),
            outer=outer,
            outer_derivative=f_prime,
            inner=equation(U, inner),
        )

    def _correct(self, compute: Callable[[], sp.Expr]) -> sp.Expr:
        """Run compute with no mal-rule (for what the steps show) without losing the mal-rule."""
        mal, fired = self.mal, self.fired
        self.mal = None
        try:
            return compute()
        finally:
            self.mal, self.fired = mal, fired

    def _simple_rule(self, expr: sp.Expr, kind: str, outer: sp.Expr, f_prime: sp.Expr) -> None:
        """A rule of the table applied to the variable itself (no inner function)."""
        formula = equation(sp.Derivative(outer, self.var), f_prime)
        if kind == "exponential_base":
            template = N_("Exponential rule for base {a}: {formula}.")
            self._line(kind, template, expr, f_prime, formula=formula, a=outer.args[0])
            return
        self._line(kind, _RULE_TEXT[kind], expr, f_prime, formula=formula)

    def _general(self, expr: sp.Expr) -> sp.Expr:
        result = sp.diff(expr, self.var)
        self._line("general", N_("Differentiate {f} directly."), expr, result, f=expr)
        return result


def _power_formula(x: sp.Symbol) -> Math:
    """d/dx xⁿ = n xⁿ⁻¹ written with the variable at hand."""
    return Math(
        rf"\frac{{d}}{{d {x}}} {x}^n = n {x}^{{n-1}}",
        f"d/d{x}[{x}^n] = n*{x}^(n - 1)",
    )


def _as_power(c: sp.Expr, x: sp.Symbol, n: sp.Expr) -> Math:
    """c·xⁿ written with the exponent showing (printers would turn x⁻² back into 1/x²)."""
    power = Math(
        f"{x}^{{{plain_latex(n)}}}",
        f"{x}^({house_str(n)})" if not n.is_Integer or n < 0 else f"{x}^{n}",
    )
    if c == 1:
        return power
    factor = math(c)
    shown = f"({factor.text})" if c.is_Rational and not c.is_Integer else factor.text
    return Math(f"{factor.latex} {power.latex}", f"{shown}*{power.text}")


def _unevaluated_product(*factors: sp.Expr) -> sp.Expr:
    """A product as written, without factors of 1 (so `−1·1·v′` shows as `−v′`)."""
    kept = [f for f in factors if f != 1]
    return sp.Mul(*kept, evaluate=False) if len(kept) > 1 else kept[0]


def differentiate(
    expr: sp.Expr, var: sp.Symbol, *, style: Style = "auto", partial: bool = False
) -> tuple[sp.Expr, list[Line]]:
    """The derivative of expr by the chapter's rules, and the lines that show how."""
    engine = Differentiator(var, style=style, partial=partial)
    return engine.derivative(expr), engine.lines


@lru_cache(maxsize=2048)
def rules_used(expr: sp.Expr, var: sp.Symbol, style: Style = "auto") -> frozenset[str]:
    """The rules whose formulas differentiating expr goes through (where a mal-rule could bite)."""
    engine = Differentiator(var, style=style, record=False)
    engine.derivative(expr)
    return frozenset(engine.used)


@lru_cache(maxsize=4096)
def mal_derivative(
    expr: sp.Expr, var: sp.Symbol, mal: MalRule, *, style: Style = "auto"
) -> tuple[sp.Expr, dict[str, Math], int] | None:
    """A student's answer under misconception `mal`, the pieces where it first bit and how deep
    in the tree that was (1: the outermost rule); None when it never bit.

    Only the subtrees where the mal-rule bites are differentiated again: elsewhere every rule
    sees the correct run's pieces, so the student's derivative is the correct one."""
    known = _unbitten(correct_run(expr, var, style), mal)
    engine = Differentiator(var, mal=mal, style=style, record=False, known=known)
    result = engine.derivative(expr)
    return None if engine.fired is None else (result, engine.fired, engine.fired_depth)


Application = tuple[int, str, sp.Expr, Pieces]
"""One rule applied in a run: (depth, rule, its correct result, its pieces)."""


@dataclass(frozen=True)
class CorrectRun:
    """The correct run of a differentiation, kept for the mal-rules: every rule application in
    order, and for each subtree its derivative and the span of applications made inside it."""

    applications: tuple[Application, ...]
    subtrees: Mapping[sp.Expr, tuple[sp.Expr, int, int]]


class _Recorder(Differentiator):
    """The correct derivative, keeping each rule application and each subtree's span."""

    def __init__(self, var: sp.Symbol, style: Style) -> None:
        super().__init__(var, style=style, record=False)
        self.applications: list[Application] = []
        self.subtrees: dict[sp.Expr, tuple[sp.Expr, int, int]] = {}

    def derivative(self, expr: sp.Expr) -> sp.Expr:
        start = len(self.applications)
        result = super().derivative(expr)
        self.subtrees.setdefault(expr, (result, start, len(self.applications)))
        return result

    def _combine(self, rule: str, correct: sp.Expr, pieces: Pieces) -> sp.Expr:
        self.applications.append((self.depth, rule, correct, dict(pieces)))
        return super()._combine(rule, correct, pieces)


@lru_cache(maxsize=2048)
def correct_run(expr: sp.Expr, var: sp.Symbol, style: Style) -> CorrectRun:
    """The correct run of d expr / d var in this style (one run stands in for one per mal-rule
    until the mal-rule bites)."""
    recorder = _Recorder(var, style)
    recorder.derivative(expr)
    return CorrectRun(tuple(recorder.applications), recorder.subtrees)


def bites(mal: MalRule, application: Application) -> bool:
    """Whether the mal-rule's formula differs from the correct one at this application (where
    `Differentiator._combine` would swap in the wrong result)."""
    _, rule, correct, pieces = application
    if rule not in mal.rules:
        return False
    wrong = mal.wrong(pieces)
    return wrong is not None and wrong != correct


def _unbitten(run: CorrectRun, mal: MalRule) -> dict[sp.Expr, sp.Expr]:
    """The derivative of each subtree in which the mal-rule bites nowhere."""
    bitten = [0]
    for application in run.applications:
        bitten.append(bitten[-1] + bites(mal, application))
    return {
        expr: result
        for expr, (result, start, end) in run.subtrees.items()
        if bitten[end] == bitten[start]
    }
