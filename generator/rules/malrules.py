"""The misconceptions of DESIGN.md as wrong versions of the differentiator's rules.

Each `MalRule` replaces one rule's formula where it makes a difference; its feedback names the
rule and the piece the student got wrong, filled from the pieces where the mal-rule first bit
(always available: `correct` and `wrong`, the right and the student's result of that rule).
Ids are stable: other modules and teachers' grading policies refer to them. Never rename one.
"""

from __future__ import annotations

import sympy as sp

from generator.i18n import N_
from generator.rules.differentiator import MalRule, Pieces


def _power_applies(p: Pieces) -> bool:
    return p["n"] not in (0, 1)


def _no_decrement(p: Pieces) -> sp.Expr | None:
    return p["c"] * p["n"] * p["base"] ** p["n"] if _power_applies(p) else None


def _no_coefficient(p: Pieces) -> sp.Expr | None:
    return p["c"] * p["base"] ** (p["n"] - 1) if _power_applies(p) and p["n"] != -1 else None


def _negative_exponent(p: Pieces) -> sp.Expr | None:
    n = p["n"]
    return p["c"] * n * p["base"] ** (n + 1) if n.is_negative else None


def _constant_kept(p: Pieces) -> sp.Expr | None:
    return p["c"] if p["c"] != 0 else None


def _product_of_derivatives(p: Pieces) -> sp.Expr:
    return p["du"] * p["dv"]


def _product_first_term(p: Pieces) -> sp.Expr:
    return p["du"] * p["v"]


def _product_second_term(p: Pieces) -> sp.Expr:
    return p["u"] * p["dv"]


def _quotient_swapped(p: Pieces) -> sp.Expr | None:
    return (p["u"] * p["dv"] - p["v"] * p["du"]) / p["v"] ** 2


def _quotient_plus(p: Pieces) -> sp.Expr | None:
    return (p["v"] * p["du"] + p["u"] * p["dv"]) / p["v"] ** 2 if p["dv"] != 0 else None


def _quotient_no_square(p: Pieces) -> sp.Expr | None:
    return (p["v"] * p["du"] - p["u"] * p["dv"]) / p["v"]


def _quotient_ratio(p: Pieces) -> sp.Expr | None:
    return p["du"] / p["dv"] if p["dv"] != 0 else None


def _missing_inner(p: Pieces) -> sp.Expr | None:
    return p["f_prime"] if p["du"] != 1 else None


def _outer_at_x(p: Pieces) -> sp.Expr | None:
    return p["f_prime_at_x"] * p["du"]


def _outer_at_inner_derivative(p: Pieces) -> sp.Expr | None:
    return p["f_prime_at_du"] * p["du"] if p["du"] != p["g"] else None


def _log_missing_inner(p: Pieces) -> sp.Expr | None:
    return _missing_inner(p) if p["kind"] == "logarithm" else None


_MINUS_DROPPED = {
    sp.cos: sp.sin,
    sp.csc: lambda u: sp.csc(u) * sp.cot(u),
    sp.cot: lambda u: sp.csc(u) ** 2,
}
_ALL_FLIPPED = {
    sp.sin: lambda u: -sp.cos(u),
    sp.cos: sp.sin,
    sp.tan: lambda u: -(sp.sec(u) ** 2),
    sp.sec: lambda u: -sp.sec(u) * sp.tan(u),
    sp.csc: lambda u: sp.csc(u) * sp.cot(u),
    sp.cot: lambda u: sp.csc(u) ** 2,
}
_TAN_SEC = {sp.tan: sp.sec, sp.cot: lambda u: -sp.csc(u)}


def _table(table: dict[object, object]) -> object:
    def wrong(p: Pieces) -> sp.Expr | None:
        formula = table.get(p["f"])
        return None if formula is None else formula(p["u"])  # type: ignore[operator]

    return wrong


def _exp_power(p: Pieces) -> sp.Expr:
    base = p.get("a", sp.E)
    return p["u"] * base ** (p["u"] - 1)


def _exp_missing_ln(p: Pieces) -> sp.Expr | None:
    return p["outer"] if p["a"] != sp.E else None


def _log_base_missing_ln(p: Pieces) -> sp.Expr:
    return p["k"] / p["u"]


MAL_RULES: tuple[MalRule, ...] = (
    MalRule(
        "power_no_decrement",
        frozenset({"power"}),
        _no_decrement,
        N_(
            "Power rule: the derivative of {outer} is {correct}. You multiplied by the exponent "
            "n = {n} but did not lower the exponent by 1."
        ),
    ),
    MalRule(
        "power_no_coefficient",
        frozenset({"power"}),
        _no_coefficient,
        N_(
            "Power rule: the derivative of {outer} is {correct}. You lowered the exponent but did "
            "not multiply by the old exponent n = {n}."
        ),
    ),
    MalRule(
        "power_negative_exponent",
        frozenset({"power"}),
        _negative_exponent,
        N_(
            "Power rule with a negative exponent: lowering n = {n} by 1 gives n − 1 = {n_minus_1}, "
            "so the derivative of {outer} is {correct}, not {wrong}."
        ),
    ),
    MalRule(
        "constant_not_zero",
        frozenset({"constant"}),
        _constant_kept,
        N_("Constant rule: the derivative of the constant term {c} is 0; it does not stay."),
    ),
    MalRule(
        "product_of_derivatives",
        frozenset({"product"}),
        _product_of_derivatives,
        N_(
            "Product rule: with u = {u} and v = {v}, the derivative of uv is u′v + uv′, "
            "not u′·v′ = {wrong}."
        ),
    ),
    MalRule(
        "product_one_term",
        frozenset({"product"}),
        _product_first_term,
        N_(
            "Product rule: with u = {u} and v = {v}, (uv)′ = u′v + uv′ has two terms; "
            "you kept only one of them."
        ),
        variant="u′v",
    ),
    MalRule(
        "product_one_term",
        frozenset({"product"}),
        _product_second_term,
        N_(
            "Product rule: with u = {u} and v = {v}, (uv)′ = u′v + uv′ has two terms; "
            "you kept only one of them."
        ),
        variant="uv′",
    ),
    MalRule(
        "quotient_sign_swapped",
        frozenset({"quotient"}),
        _quotient_swapped,
        N_(
            "Quotient rule: with u = {u} and v = {v}, the numerator is vu′ − uv′; "
            "you subtracted in the other order, which flips the sign."
        ),
    ),
    MalRule(
        "quotient_plus_sign",
        frozenset({"quotient"}),
        _quotient_plus,
        N_(
            "Quotient rule: with u = {u} and v = {v}, the numerator is vu′ − uv′, a difference; "
            "you added the two terms."
        ),
    ),
    MalRule(
        "quotient_no_square",
        frozenset({"quotient"}),
        _quotient_no_square,
        N_(
            "Quotient rule: with u = {u} and v = {v}, the denominator is v², the square of {v}, "
            "not v itself."
        ),
    ),
    MalRule(
        "quotient_ratio_of_derivatives",
        frozenset({"quotient"}),
        _quotient_ratio,
        N_(
            "Quotient rule: the derivative of u/v with u = {u} and v = {v} is (vu′ − uv′)/v², "
            "not u′/v′."
        ),
    ),
    MalRule(
        "log_missing_inner",
        frozenset({"chain"}),
        _log_missing_inner,
        N_(
            "Logarithm rule: the derivative of ln(u) is u′/u. With {inner} you wrote 1/u but did "
            "not multiply by u′ = {du}."
        ),
    ),
    MalRule(
        "chain_missing_inner",
        frozenset({"chain"}),
        _missing_inner,
        N_(
            "You differentiated the outer function {outer} but did not multiply by the "
            "derivative of the inner function {inner}."
        ),
    ),
    MalRule(
        "chain_outer_at_x",
        frozenset({"chain"}),
        _outer_at_x,
        N_(
            "Chain rule: f′(u) must be taken at the inner function {inner}, not at {x}: "
            "the derivative of {outer} is f′(u)·u′ with u put back in."
        ),
    ),
    MalRule(
        "chain_outer_at_inner_derivative",
        frozenset({"chain"}),
        _outer_at_inner_derivative,
        N_(
            "Chain rule: f′(u) must be taken at the inner function {inner} itself, not at its "
            "derivative u′ = {du}; the derivative of {outer} is f′(u)·u′."
        ),
    ),
    MalRule(
        "trig_sign",
        frozenset({"trig"}),
        _table(_MINUS_DROPPED),  # type: ignore[arg-type]
        N_("Check the sign: the derivative of {outer} is {correct}, not {wrong}."),
        variant="minus dropped",
    ),
    MalRule(
        "trig_sign",
        frozenset({"trig"}),
        _table(_ALL_FLIPPED),  # type: ignore[arg-type]
        N_("Check the sign: the derivative of {outer} is {correct}, not {wrong}."),
        variant="all flipped",
    ),
    MalRule(
        "trig_tan_sec",
        frozenset({"trig"}),
        _table(_TAN_SEC),  # type: ignore[arg-type]
        N_("The derivative of {outer} is {correct}: the secant (or cosecant) is squared."),
    ),
    MalRule(
        "exp_power_rule",
        frozenset({"exponential", "exponential_base"}),
        _exp_power,
        N_(
            "{outer} is an exponential function (the variable is in the exponent), so the power "
            "rule does not apply; its derivative is {correct}."
        ),
    ),
    MalRule(
        "exp_missing_ln",
        frozenset({"exponential_base"}),
        _exp_missing_ln,
        N_("The derivative of {outer} is {correct}: you left out the factor {ln_a}."),
    ),
    MalRule(
        "log_base_missing_ln",
        frozenset({"logarithm_base"}),
        _log_base_missing_ln,
        N_(
            "The derivative of the logarithm to base {b} is {correct}; you left out the "
            "factor {ln_b} in the denominator."
        ),
    ),
)
"""Tried in this order; where two give the same answer, the more specific one comes first."""
