"""The vocabulary a student may use: functions, constants, LaTeX commands, and refused words.

Only names listed here (plus the variables and abstract functions a check declares) are ever turned
into sympy objects; everything else is an unknown name, so no text can reach an arbitrary callable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sympy


@dataclass(frozen=True)
class FunctionSpec:
    """A function a student may apply: its sympy builder, how many arguments, its inverse's name."""

    name: str
    build: Callable[..., Any]
    arities: tuple[int, ...] = (1,)
    inverse: str | None = None
    """The inverse trigonometric or hyperbolic function, read from `sin^-1 x`."""


def _log(arg: sympy.Expr, base: sympy.Expr | None = None, **options: Any) -> sympy.Expr:
    """log(x), or log(x)/log(b) as sympy writes a logarithm to a base (log(8, 2) is 3)."""
    if base is None:
        return sympy.log(arg, **options)
    if options.get("evaluate", True):
        return sympy.log(arg, base)
    return sympy.log(arg, **options) / sympy.log(base)


def _log10(arg: sympy.Expr, **options: Any) -> sympy.Expr:
    return _log(arg, sympy.Integer(10), **options)


def _specs() -> dict[str, FunctionSpec]:
    pairs = [
        ("sin", "asin"),
        ("cos", "acos"),
        ("tan", "atan"),
        ("sec", "asec"),
        ("csc", "acsc"),
        ("cot", "acot"),
        ("sinh", "asinh"),
        ("cosh", "acosh"),
        ("tanh", "atanh"),
        ("sech", "asech"),
        ("csch", "acsch"),
        ("coth", "acoth"),
    ]
    specs: dict[str, FunctionSpec] = {}
    for name, inverse in pairs:
        specs[name] = FunctionSpec(name, getattr(sympy, name), inverse=inverse)
        specs[inverse] = FunctionSpec(inverse, getattr(sympy, inverse), inverse=name)
    specs["exp"] = FunctionSpec("exp", sympy.exp)
    specs["log"] = FunctionSpec("log", _log, arities=(1, 2))
    specs["log10"] = FunctionSpec("log10", _log10)
    specs["sqrt"] = FunctionSpec("sqrt", sympy.sqrt)
    specs["cbrt"] = FunctionSpec("cbrt", sympy.cbrt)
    specs["Abs"] = FunctionSpec("Abs", sympy.Abs)
    specs["sign"] = FunctionSpec("sign", sympy.sign)
    specs["factorial"] = FunctionSpec("factorial", sympy.factorial)
    specs["binomial"] = FunctionSpec("binomial", sympy.binomial, arities=(2,))
    specs["logbase"] = FunctionSpec("logbase", _log, arities=(2,))
    return specs


SPECS = _specs()

_ALIASES = {
    "ln": "log",
    "abs": "Abs",
    "cosec": "csc",
    "cosech": "csch",
    "cotan": "cot",
    # other systems' and textbooks' spellings: Numbas and WeBWorK (fact, sgn, comb, logten),
    # GeoGebra and calculators (nCr), ISO 80000-2 and Chinese, Russian textbooks (lg, tg, ctg)
    "fact": "factorial",
    "sgn": "sign",
    "comb": "binomial",
    "nCr": "binomial",
    "logten": "log10",
    "lg": "log10",
    "tg": "tan",
    "ctg": "cot",
    "arctg": "atan",
    "arcctg": "acot",
    **{f"arc{name[1:]}": name for name in ("asin", "acos", "atan", "asec", "acsc", "acot")},
    **{f"ar{name[1:]}": name for name in ("asinh", "acosh", "atanh", "asech", "acsch", "acoth")},
    **{f"arc{name[1:]}": name for name in ("asinh", "acosh", "atanh", "asech", "acsch", "acoth")},
}

FUNCTIONS: dict[str, FunctionSpec] = {
    **SPECS,
    **{alias: SPECS[target] for alias, target in _ALIASES.items()},
}
"""Every spelling of a known function, mapped to its spec (`arcsin` and `asin` are one function).

`logbase(x, b)` is Maxima's (STACK's) logarithm to a base, argument first as in `log(x, b)`."""

OTHER_NOTATION: dict[str, str] = {
    "C": "binomial(n, k)",
    "choose": "binomial(n, k)",
    "root": "x^(1/n)",
    "nthroot": "x^(1/n)",
}
"""Names other systems read, refused here with the spelling to use instead: WeBWorK's `C(n, k)`, a
calculator's `5C2`, `n choose k`; `root(x, n)` (Numbas) is `root(n, x)` elsewhere: ambiguous."""

CONSTANTS: dict[str, sympy.Expr] = {"e": sympy.E, "E": sympy.E, "pi": sympy.pi, "I": sympy.I}
"""`I` is sympy's imaginary unit, which a key may print (`log(-2)` is `log(2) + I*pi`)."""

CALCULUS_WORDS = frozenset(
    {
        "diff",
        "derivative",
        "integrate",
        "integral",
        "limit",
        "lim",
        "subs",
        "sum",
        "summation",
        "product",
        "series",
        "dsolve",
        "solve",
        "simplify",
        "expand",
        "evalf",
        "nsimplify",
        "sympify",
        "lambdify",
    }
)
"""Operations a student must carry out, not name (compared case-insensitively)."""

PROGRAM_WORDS = frozenset(
    {
        "lambda",
        "import",
        "eval",
        "exec",
        "compile",
        "open",
        "print",
        "class",
        "globals",
        "locals",
        "getattr",
        "setattr",
        "delattr",
        "builtins",
        "subprocess",
        "system",
        "input",
        "exit",
        "quit",
        "while",
        "return",
        "yield",
        "async",
        "await",
    }
)
"""Programming words, refused with their own message (compared case-insensitively)."""

GREEK_LETTERS = frozenset(
    {
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "zeta",
        "eta",
        "theta",
        "kappa",
        "mu",
        "nu",
        "xi",
        "rho",
        "sigma",
        "tau",
        "phi",
        "chi",
        "psi",
        "omega",
    }
)

LATEX_OPERATORS: dict[str, str] = {
    "cdot": "*",
    "pm": "±",
    "times": "*",
    "ast": "*",
    "div": "/",
    "{": "{",
    "}": "}",
    "lbrace": "{",
    "rbrace": "}",
    "langle": "<",
    "rangle": ">",
    "vert": "|",
    "lvert": "|",
    "rvert": "|",
    "mid": "|",
    "|": "|",
    "(": "(",
    ")": ")",
    "lbrack": "[",
    "rbrack": "]",
}
"""LaTeX commands that stand for an operator or a bracket."""

LATEX_IGNORED = frozenset(
    {
        "left",
        "right",
        "big",
        "Big",
        "bigg",
        "Bigg",
        "bigl",
        "bigr",
        "Bigl",
        "Bigr",
        "biggl",
        "biggr",
        "Biggl",
        "Biggr",
        "displaystyle",
        "textstyle",
        ",",
        ";",
        ":",
        "!",
        " ",
        "quad",
        "qquad",
    }
)
"""LaTeX commands that only size or space what follows."""

LATEX_FRACTIONS = frozenset({"frac", "dfrac", "tfrac", "cfrac", "binom", "dbinom", "tbinom"})
"""Commands with two arguments: a fraction, or a binomial coefficient (sympy prints `\\binom`)."""
LATEX_NAME_GROUPS = frozenset(
    {"mathrm", "operatorname", "mathit", "text", "textrm", "mathbf", "boldsymbol", "hat", "vec"}
)
"""Commands whose brace group holds a plain name: `\\operatorname{sech}`, `\\mathrm{e}`, and the
unit vectors `\\mathbf{i}`, `\\hat{j}`, `\\vec{k}`."""

LATEX_CALCULUS = frozenset({"int", "iint", "oint", "partial", "lim", "sum", "prod", "nabla"})
LATEX_WORDS: dict[str, str] = {
    **{name: name for name in FUNCTIONS if name.isalpha()},
    **{name: name for name in GREEK_LETTERS},
    "pi": "pi",
    "lambda": "lamda",
    "varphi": "phi",
    "vartheta": "theta",
    "varepsilon": "epsilon",
}
"""LaTeX commands that spell a name: `\\sin`, `\\ln`, `\\pi`, `\\theta` (sympy spells λ `lamda`)."""
