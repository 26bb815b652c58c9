"""Printing sympy objects: the house LaTeX style, and sympy's own LaTeX and text, printed faster.

House style: `\\ln` for the natural logarithm, `\\arcsin` rather than `\\operatorname{asin}`, and
tuples (gradients, points) and sets (stationary points) written as a reader writes them by hand:
`(1, 2)`, `\\{-1, 1\\}` sorted, with no extra spacing commands.

`plain_latex` and `house_str` print exactly what `sympy.latex` and `sympy.sstr` print. Printing
is a large share of checking an answer and of generating a problem, and most of it was sympy
ordering each Add's terms (see `generator.term_order`) and, on every node, work that depends on
that node alone: choosing the printing method, splitting a name into super- and subscripts,
deciding brackets. Here that work is done once per distinct type, name or subexpression (bounded
LRU caches), the output unchanged. A product's layout (sign, numerator, denominator, factor
order) is read off its factors (`fraction_parts`) instead of being built as new products the way
sympy's `_print_Mul` builds it (in text, `_str_layout`: sympy's own sign and split, the factors
ordered without computing each one's sort key); whatever that cannot prove identical is printed
by sympy.
"""

from __future__ import annotations

import inspect
from collections.abc import Hashable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

import sympy
from sympy import Integral, Mod, Mul, Product, S, Sum
from sympy.core.function import AppliedUndef, Function, UndefinedFunction
from sympy.core.mul import _keep_coeff
from sympy.printing.latex import LatexPrinter, _between_two_numbers_p
from sympy.printing.precedence import PRECEDENCE, precedence, precedence_traditional
from sympy.printing.printer import Printer
from sympy.printing.str import StrPrinter

from generator.term_order import ordered_terms

_UNORDERED = ("old", "none")
"""The printer's own orderings (sympy's compatibility order, and none at all)."""


_MEMO_SIZE = 8192
_printed: dict[tuple[Hashable, sympy.Basic], str] = {}
"""Subexpressions already printed, per printer class and settings: a class's answers to one
question share most of their parts (`\\sin{\\left(3 x \\right)}`, a squared denominator), and
a part prints the same wherever it stands (brackets are added by the caller). Emptied when full."""


class _FastPrinter(Printer):
    """A printer whose Adds take their terms from `ordered_terms` (sympy's order, faster), which
    finds the method printing a type once per type rather than on every node, and which prints
    each compound subexpression once (`_printed`)."""

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__(settings)
        self._memo_key = _memo_key(type(self), settings)

    def _print(self, expr: Any, **kwargs: Any) -> str:
        if kwargs or self._memo_key is None or not isinstance(expr, sympy.Basic) or not expr.args:
            return self._print_now(expr, **kwargs)
        key = (self._memo_key, expr)
        text = _printed.get(key)
        if text is None:
            text = self._print_now(expr)
            if len(_printed) >= _MEMO_SIZE:
                _printed.clear()
            _printed[key] = text
        return text

    def _print_now(self, expr: Any, **kwargs: Any) -> str:
        method = _method_name(type(self), type(expr))
        printmethod = self.printmethod
        if method is None or (printmethod and hasattr(expr, printmethod)):
            return super()._print(expr, **kwargs)  # the object prints itself, or emptyPrinter
        self._print_level += 1
        try:
            return getattr(self, method)(expr, **kwargs)
        finally:
            self._print_level -= 1

    def _as_ordered_terms(self, expr: Any, order: Any = None) -> list[Any]:
        chosen = order or self.order
        if expr.is_Add and (
            chosen is None or (isinstance(chosen, str) and chosen not in _UNORDERED)
        ):
            return ordered_terms(expr, chosen)
        return super()._as_ordered_terms(expr, order)


def _memo_key(printer: type[Printer], settings: dict[str, Any] | None) -> Hashable | None:
    """What a printed text depends on besides the expression: the printer's class and the
    settings it was given; None (print every time) when a setting's value cannot be a key."""
    chosen = tuple(sorted((settings or {}).items()))
    try:
        hash(chosen)
    except TypeError:
        return None
    return printer, chosen


@lru_cache(maxsize=1024)
def _method_name(printer: type[Printer], cls: type) -> str | None:
    """The `_print_<Class>` method `Printer._print` picks for `cls`: the nearest class of its MRO
    the printer has a method for, skipping a Function subclass's renamed parents as sympy does."""
    classes = cls.__mro__
    if AppliedUndef in classes:
        classes = classes[classes.index(AppliedUndef) :]
    if UndefinedFunction in classes:
        classes = classes[classes.index(UndefinedFunction) :]
    if Function in classes:
        i = classes.index(Function)
        own = classes[0].__name__
        kept = (c for c in classes[:i] if c.__name__ == own or c.__name__.endswith("Base"))
        classes = (*kept, *classes[i:])
    for candidate in classes:
        name = "_print_" + candidate.__name__
        if getattr(printer, name, None) is not None:
            return name
    return None


class FastLatexPrinter(_FastPrinter, LatexPrinter):
    """sympy's LaTeX printer, output unchanged. A name's super/subscripts are split once per name,
    and whether a factor or term needs brackets is decided once per subexpression (sympy's test
    walks the whole subexpression looking for `Mod` and integrals, for every factor printed)."""

    def _deal_with_super_sub(self, string: str, style: str = "plain") -> str:
        return _name_latex(string, style, self._settings["disable_split_super_sub"])

    def _needs_mul_brackets(self, expr: Any, first: bool = False, last: bool = False) -> bool:
        return _mul_brackets(expr, first, last)

    def _needs_add_brackets(self, expr: Any) -> bool:
        return _add_brackets(expr)

    def parenthesize(
        self, item: Any, level: int, is_neg: bool = False, strict: bool = False
    ) -> str:
        if is_neg and strict:
            return self._add_parens(self._print(item))
        rank = _traditional(item) if isinstance(item, sympy.Basic) else precedence_traditional(item)
        if rank < level or (not strict and rank <= level):
            return self._add_parens(self._print(item))
        return self._print(item)

    def _print_Mul(self, expr: Any) -> str:
        """A product (or, from `_print_Pow`, a negative power) as sympy prints it, its numerator
        and denominator read off the factors rather than built as new products."""
        settings = self._settings
        parts = None
        if not settings["fold_short_frac"] and settings["long_frac_ratio"] is None:
            parts = fraction_parts(expr, self.order not in _UNORDERED)
        if parts is None:
            return super()._print_Mul(expr)
        sign = "- " if parts.negated else ""
        if not parts.denominator:
            return sign + self._print_factors(parts.numerator)
        numerator = self._print_factors(parts.numerator)
        denominator = self._print_factors(parts.denominator)
        return rf"{sign}\frac{{{numerator}}}{{{denominator}}}"

    def _print_Add(self, expr: Any, order: Any = None) -> str:
        """A sum as sympy's `_print_Add` prints it, each term's sign read by `_extracts_minus`
        (sympy builds each product's negation and asks a fresh number's assumptions)."""
        tex = ""
        for position, term in enumerate(self._as_ordered_terms(expr, order=order)):
            if position and _extracts_minus(term):
                tex += " - "
                term = -term
            elif position:
                tex += " + "
            term_tex = self._print(term)
            if self._needs_add_brackets(term):
                term_tex = rf"\left({term_tex}\right)"
            tex += term_tex
        return tex

    def _print_Pow(self, expr: Any) -> str:
        """A positive whole power of anything but a function is sympy's standard power; this
        skips the assumption queries sympy's roots, folds and negative powers need."""
        exponent = expr.exp
        if isinstance(exponent, sympy.Integer) and exponent.p > 0 and not expr.base.is_Function:
            return self._helper_print_standard_power(expr, "%s^{%s}")
        return super()._print_Pow(expr)

    def _print_factors(self, factors: tuple[Any, ...]) -> str:
        """Factors side by side, as sympy's `_print_Mul` joins them (brackets, `\\cdot` between
        two numbers); a lone factor is printed as it is, with no brackets."""
        if len(factors) == 1:
            return self._print(factors[0])
        separator = self._settings["mul_symbol_latex"]
        numbersep = self._settings["mul_symbol_latex_numbers"]
        tex = last = ""
        end = len(factors) - 1
        for i, factor in enumerate(factors):
            term = self._print(factor)
            if self._needs_mul_brackets(factor, first=i == 0, last=i == end):
                term = rf"\left({term}\right)"
            if _between_two_numbers_p[0].search(last) and _between_two_numbers_p[1].match(term):
                tex += numbersep
            elif tex:
                tex += separator
            tex += term
            last = term
        return tex


@dataclass(frozen=True)
class FractionParts:
    """A product as sympy's `_print_Mul` lays it out: a leading minus, then the numerator's and
    the denominator's factors in printing order (no denominator: not a fraction)."""

    negated: bool
    numerator: tuple[Any, ...]
    denominator: tuple[Any, ...]


def fraction_parts(expr: Any, ordered: bool) -> FractionParts | None:
    """What sympy's `_print_Mul` derives from `-expr`, `fraction(expr, exact=True)` and
    `as_ordered_factors()`, found from the factors alone; None where that is not provably the
    same (unevaluated or non-commutative products, nested products, units, `1**-1`, a power
    that evaluates to a number or a product), for `super()._print_Mul` to print."""
    factors = expr.args if expr.is_Mul else (expr,)
    negated = False
    if expr.is_Mul:
        if factors[0] is S.One or any(f.is_Number for f in factors[1:]):
            return None  # unevaluated: sympy prints every factor as given
        first = factors[0]
        if _negative_number(first):
            negated = True  # `-expr` drops a -1 and negates any other number
            factors = factors[1:] if first is S.NegativeOne else (-first, *factors[1:])
    shown = factors if len(factors) > 1 else factors[0].args  # the args sympy tests for 1**-1
    if any(_is_power_of_one(f) for f in (*factors, *shown)):
        return None
    numerator: list[Any] = []
    denominator: list[Any] = []
    for factor in factors:
        if not factor.is_Number and (factor.is_Mul or factor.is_commutative is not True):
            return None  # (a number, often just made by negating, is commutative)
        if not _split(factor, numerator, denominator):
            return None
    if negated and len(factors) == 1 and factors[0].is_Add:
        return None  # sympy writes "- (" ... ")" here
    if any(_has_units(f) for f in (*numerator, *denominator)):
        return None
    return FractionParts(
        negated,
        _in_order(numerator, ordered) if numerator else (S.One,),
        _in_order(denominator, ordered),
    )


def _split(factor: Any, numerator: list[Any], denominator: list[Any]) -> bool:
    """Put `factor` where `fraction(..., exact=True)` puts it; False if the power sympy builds
    for the denominator evaluates to a number or a product (then it prints differently)."""
    if factor.is_Pow or _is_exp(type(factor)):
        base, exponent = factor.as_base_exp()
        if _negative(exponent):
            if exponent is S.NegativeOne:
                denominator.append(base)
                return not (base.is_Mul or base.is_Number)
            if exponent.is_constant():
                power = sympy.Pow(base, -exponent)
                denominator.append(power)
                return not (power.is_Mul or power.is_Number)
        numerator.append(factor)
    elif factor.is_Rational and not factor.is_Integer:
        if factor.p != 1:
            numerator.append(sympy.Integer(factor.p))
        denominator.append(sympy.Integer(factor.q))
    else:
        numerator.append(factor)
    return True


@lru_cache(maxsize=1024)
def _is_exp(cls: type) -> bool:
    """`isinstance(value, exp)` for a value that is not a power, which sympy's metaclass
    decides by looking for `exp` in the class's MRO (slowly: it is asked of every factor)."""
    return sympy.exp in cls.__mro__


def _is_power_of_one(value: Any) -> bool:
    """A power of 1: only one Basic equals 1, the singleton `S.One` (a Float 1.0 does not)."""
    return value.is_Pow and value.base is S.One


def _has_units(value: Any) -> bool:
    """sympy's test for physical quantities and constants, printed after the other factors."""
    return (
        hasattr(value, "_scale_factor")
        or hasattr(value, "is_physical_constant")
        or (isinstance(value, sympy.Pow) and hasattr(value.base, "is_physical_constant"))
    )


def _in_order(factors: list[Any], ordered: bool) -> tuple[Any, ...]:
    """`as_ordered_factors()` of the product of commutative `factors` (or their own order):
    sorted by `sort_key()`, whose first item, a class key, usually settles the order alone."""
    if not ordered or len(factors) < 2:
        return tuple(factors)
    leads = [_lead_key(factor) for factor in factors]
    if None in leads or len(set(leads)) < len(leads):
        return tuple(sorted(factors, key=_factor_key))  # a tie: the rest of the key decides
    return tuple(factor for _, factor in sorted(zip(leads, factors, strict=True), key=_first))


def _lead_key(factor: Any) -> tuple[Any, ...] | None:
    """`factor.sort_key()[0]`, cheaply: the class key of a power's base, or of the factor (None
    for `E**x`, which sympy keys as `exp(x)`)."""
    if factor.is_Pow:
        factor = factor.as_base_exp()[0]
        if factor is S.Exp1:
            return None
    return _class_key(type(factor))


@lru_cache(maxsize=1024)
def _class_key(cls: type) -> tuple[Any, ...] | None:
    """`cls.class_key()`, a class method (a function's reads its `nargs` set): once per class."""
    method = inspect.getattr_static(cls, "class_key", None)
    return cls.class_key() if isinstance(method, classmethod) else None


def _factor_key(factor: Any) -> Any:
    """`factor.sort_key()`; for a sum or a power of one, built as sympy builds it but with the
    sum's terms from `ordered_terms` (sympy's `as_ordered_terms`, faster)."""
    base, exponent = factor.as_base_exp() if factor.is_Pow else (factor, S.One)
    if not base.is_Add:
        return factor.sort_key(order=None)
    terms = tuple(term.sort_key(order=None) for term in ordered_terms(base, None))
    return base.class_key(), (len(terms), terms), exponent.sort_key(order=None), S.One


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]


@lru_cache(maxsize=8192)
def _mul_brackets(expr: Any, first: bool, last: bool) -> bool:
    """sympy's `_needs_mul_brackets`, which reads nothing of the printer, its subexpression
    searches memoised (see `_contains`)."""
    if expr.is_Mul:
        if not first and _leads_with_minus(expr):
            return True
    elif _traditional(expr) < PRECEDENCE["Mul"] or expr.is_Relational:
        return True
    return bool(
        expr.is_Piecewise
        or _has(expr, (Mod,))
        or (not last and _has(expr, (Integral, Product, Sum)))
    )


@lru_cache(maxsize=8192)
def _add_brackets(expr: Any) -> bool:
    """sympy's `_needs_add_brackets` (no printer state), its search for `Mod` memoised."""
    return bool(expr.is_Relational or _has(expr, (Mod,)) or expr.is_Add)


def _leads_with_minus(product: Any) -> bool:
    """`product.could_extract_minus_sign()` without building `-product`: a product equals its
    negation only when its first factor is not a negative number."""
    return _negative_number(product.args[0])


def _extracts_minus(term: Any) -> bool:
    """`term.could_extract_minus_sign()`: a rational, or a product led by one, has the sign of
    that rational's numerator (such a product never equals its negation); anything else asks
    sympy."""
    if isinstance(term, sympy.Rational):
        return term.p < 0
    if term.is_Mul and isinstance(term.args[0], sympy.Rational):
        return term.args[0].p < 0
    return bool(term.could_extract_minus_sign())


def _negative(value: Any) -> bool | None:
    """`value.is_negative`, a rational's read off its numerator."""
    if isinstance(value, sympy.Rational):
        return value.p < 0
    return value.is_negative  # type: ignore[no-any-return]


def _negative_number(value: Any) -> bool:
    """A negative sympy number; a rational's sign is its numerator's, read without asking the
    assumptions system (slow on a fresh number)."""
    if isinstance(value, sympy.Rational):
        return value.p < 0
    return bool(value.is_Number and value.is_extended_negative)


def _has(expr: Any, types: tuple[type, ...]) -> bool:
    """`any(expr.has(t) for t in types)`: an object of one of `types` in the tree of `expr`."""
    if type(expr).has is not sympy.Basic.has:
        return any(expr.has(kind) for kind in types)
    return _contains(expr, types)


@lru_cache(maxsize=16384)
def _contains(expr: Any, types: tuple[type, ...]) -> bool:
    """`Basic.has` for types (a search of `expr` and all its args, each subtree memoised: a
    product's factors are searched when each is printed, and their own factors again)."""
    return isinstance(expr, types) or any(_contains(arg, types) for arg in expr.args)


_traditional = lru_cache(maxsize=8192)(precedence_traditional)
"""sympy's LaTeX precedence of an expression (a function of it alone), memoised."""


@lru_cache(maxsize=4096)
def _name_latex(string: str, style: str, disable_split: bool) -> str:
    """A symbol's (or function's) name in LaTeX; depends on nothing else, so it is memoised."""
    printer = LatexPrinter({"disable_split_super_sub": disable_split})
    return printer._deal_with_super_sub(string, style=style)


class HouseLatexPrinter(FastLatexPrinter):
    """sympy's LaTeX printer with derivquiz's house settings and tuple/set layout."""

    _default_settings: ClassVar[dict[str, Any]] = {
        **LatexPrinter._default_settings,
        "ln_notation": True,
        "inv_trig_style": "full",
    }

    def _print_Tuple(self, expr: sympy.Tuple) -> str:
        return r"\left(" + ", ".join(self._print(item) for item in expr) + r"\right)"

    def _print_tuple(self, expr: tuple[Any, ...]) -> str:
        return self._print_Tuple(sympy.Tuple(*expr))

    def _print_FiniteSet(self, expr: sympy.FiniteSet) -> str:
        items = sorted(expr.args, key=sympy.default_sort_key)
        return r"\left\{" + ", ".join(self._print(item) for item in items) + r"\right\}"


@lru_cache(maxsize=8192)
def _precedence(item: Any) -> int:
    """sympy's (text) precedence of an expression, a function of it alone, memoised; a product's
    sign is read by `_leads_with_minus` rather than by building its negation, as sympy does."""
    if type(item) is not Mul:
        return precedence(item)
    if any(
        hasattr(arg, "precedence") and isinstance(arg, Function) and arg.precedence < _MUL
        for arg in item.args
    ):
        return _MUL
    return PRECEDENCE["Add"] if _leads_with_minus(item) else _MUL


_MUL = PRECEDENCE["Mul"]


class FastStrPrinter(_FastPrinter, StrPrinter):
    """sympy's text printer (`sympy.sstr`), output unchanged; a factor's precedence, which decides
    its brackets, is found once per subexpression."""

    def parenthesize(self, item: Any, level: int, strict: bool = False) -> str:
        rank = _precedence(item) if isinstance(item, sympy.Basic) else precedence(item)
        if rank < level or (not strict and rank <= level):
            return f"({self._print(item)})"
        return self._print(item)

    def _print_Add(self, expr: Any, order: Any = None) -> str:
        """A sum as sympy's `_print_Add` prints it, each term's precedence from `_precedence`."""
        rank = _precedence(expr)
        parts: list[str] = []
        for term in self._as_ordered_terms(expr, order=order):
            text = self._print(term)
            sign = "+"
            if text.startswith("-") and not term.is_Add:
                sign, text = "-", text[1:]
            if _precedence(term) < rank or term.is_Add:
                text = f"({text})"
            parts += (sign, text)
        lead = parts.pop(0)
        return ("" if lead == "+" else lead) + " ".join(parts)

    def _print_Mul(self, expr: Any) -> str:
        """A commutative, evaluated product as sympy's `_print_Mul` prints it, its factors put in
        `sort_key()` order by `_in_order` (sympy sorts them by their whole keys, slowly)."""
        layout = _str_layout(expr) if self.order not in _UNORDERED else None
        if layout is None:
            return super()._print_Mul(expr)
        sign, numerator, denominator = layout
        rank = _precedence(expr)
        top = "*".join(self.parenthesize(factor, rank) for factor in numerator)
        bottom = [self.parenthesize(factor, rank) for factor in denominator]
        if not bottom:
            return sign + top
        if len(bottom) == 1:
            return f"{sign}{top}/{bottom[0]}"
        return f"{sign}{top}/({'*'.join(bottom)})"


def _str_layout(expr: Any) -> tuple[str, list[Any], list[Any]] | None:
    """The sign, numerator and denominator sympy's `StrPrinter._print_Mul` builds for `expr`,
    found with sympy's own `as_coeff_Mul`/`_keep_coeff` and its factor order; None (for sympy to
    print) for an unevaluated, non-commutative or nested product, a coefficient that is not a
    rational, or a reciprocal of a product or power, which sympy brackets once more."""
    args = expr.args
    lead = args[0]
    if (
        lead is S.One
        or (lead.is_Number and not lead.is_Rational)
        or expr.is_commutative is not True
        or any(a.is_Number or (a.is_Pow and all(b.is_Integer for b in a.args)) for a in args[1:])
    ):
        return None
    coefficient, rest = expr.as_coeff_Mul()
    sign = ""
    if coefficient.is_Rational and coefficient.p < 0:
        expr, sign = _keep_coeff(-coefficient, rest), "-"
    factors = Mul.make_args(expr)
    if any(factor.is_Mul for factor in factors):
        return None  # its sort key is not led by its class: left to sympy
    numerator: list[Any] = []
    denominator: list[Any] = []
    for item in _in_order(list(factors), True):
        if isinstance(item, sympy.Pow) and item.exp.as_coeff_Mul()[0] < 0:
            if item.exp is not S.NegativeOne:
                denominator.append(_reciprocal(item))
            elif len(item.args[0].args) != 1 and isinstance(item.base, (Mul, sympy.Pow)):
                return None
            else:
                denominator.append(item.base)
        elif item.is_Rational and item is not S.Infinity:
            if item.p != 1:
                numerator.append(sympy.Integer(item.p))
            if item.q != 1:
                denominator.append(sympy.Integer(item.q))
        else:
            numerator.append(item)
    return sign, numerator or [S.One], denominator


def _reciprocal(power: Any) -> Any:
    """sympy's `apow`: `power` with its exponent's sign flipped, unevaluated."""
    base, exponent = power.as_base_exp()
    terms = list(Mul.make_args(exponent))
    if terms[0] is S.NegativeOne:
        terms = terms[1:]
    else:
        terms[0] = -terms[0]
    return power.func(base, Mul._from_args(terms), evaluate=False)


def house_latex(expr: Any, **settings: Any) -> str:
    """LaTeX of a sympy object in house style; unknown settings are rejected by sympy."""
    return HouseLatexPrinter(settings).doprint(expr)


def plain_latex(expr: Any, **settings: Any) -> str:
    """Exactly `sympy.latex(expr, **settings)`, faster."""
    return FastLatexPrinter(settings).doprint(expr)


def house_str(expr: Any, **settings: Any) -> str:
    """Exactly `sympy.sstr(expr, **settings)`, faster: the text of keys and manifests."""
    return FastStrPrinter(settings).doprint(expr)
