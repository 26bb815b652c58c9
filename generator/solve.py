"""One solver per `ask` (DESIGN.md): exact keys, in the form a teacher would write them.

Each solver takes a `Question` (sympy objects, already instantiated) and returns a `Key`: the exact
value, its sympy string (which `generator.parsing.parse_answer` reads back), its LaTeX and its kind.
A question with no presentable answer (undefined at the point, stationary points that are not real
or not in closed form) raises `Unsolvable`, so the bank can draw other parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import sympy

from generator.i18n import N_, Message
from generator.latex import house_latex, house_str, plain_latex
from generator.model import Kind
from generator.term_order import ordered_terms

Label = str
LABELS: tuple[Label, ...] = ("max", "min", "neither")
TANGENT_SYMBOL = sympy.Symbol("y")
_MAX_ROOT_OPS = 12


class Unsolvable(Exception):
    """The question has no answer worth printing; `reason` says why (for the author)."""

    def __init__(self, template: str, /, **params: object) -> None:
        self.reason = Message(template, params)
        super().__init__(self.reason.render())


@dataclass(frozen=True)
class Question:
    """An instantiated question: `function` is in `variables` (inner functions substituted)."""

    function: sympy.Expr
    variables: tuple[sympy.Symbol, ...]
    ask: str
    wrt: tuple[sympy.Symbol, ...] = ()
    order: int = 1
    at: tuple[sympy.Expr, ...] | None = None
    direction: tuple[sympy.Expr, ...] | None = None
    between: tuple[sympy.Expr, sympy.Expr] | None = None

    @property
    def point(self) -> dict[sympy.Symbol, sympy.Expr]:
        return dict(zip(self.variables, self.at or (), strict=False))


@dataclass(frozen=True)
class Key:
    """The exact answer of one part: value, sympy text, LaTeX and answer kind."""

    value: object
    text: str
    latex: str
    kind: Kind


def solve(question: Question) -> Key:
    """The key of one question, by the solver of its ask."""
    return _SOLVERS[question.ask](question)


def tidy(expr: sympy.Expr, variables: Sequence[sympy.Symbol]) -> sympy.Expr:
    """The derivative as the rules give it, unless expanding, factoring or one denominator is
    clearly shorter (rule-by-rule results are what a teacher writes; a clear saving is worth a
    rewrite). Numbers shared by a sum and its coefficient cancel, and function applications,
    radicals of sums and a**u are kept whole, so common exponentials come out as one factor and
    their arguments stay as the question wrote them."""
    if not expr.has(sympy.Add) or (
        expr.is_Add
        and not any(term.has(sympy.Add) for term in expr.args)
        and not _has_division(expr)
        and not _common_bases(expr.args)
    ):
        return expr  # a monomial, or a sum of products with nothing to combine or take out
    if expr.is_polynomial(*variables):
        margin = 0 if _has_product_rule_leftover(expr) else 2
        return _shortest(expr, [sympy.expand(expr), _factor_terms(expr)], margin)
    if expr.is_rational_function(*variables):
        return _shortest(expr, [sympy.factor(sympy.together(expr))])
    plain, whole = _abstract(expr, set(variables))
    if not whole:
        return _shortest(expr, [_factor_terms(expr), sympy.together(expr)])
    candidates = [_factor_terms(plain)]
    if _has_division(plain):
        together = sympy.together(plain)
        candidates += [together, _factor_terms(together)]
    return _shortest(expr, [c.xreplace(whole) for c in candidates])


def _has_division(expr: sympy.Expr) -> bool:
    stack = [expr]
    while stack:
        node = stack.pop()
        if _is_division(node):
            return True
        stack.extend(node.args)
    return False


def _is_division(node: sympy.Basic) -> bool:
    """A power to a negative exponent (a rational one's sign read off its numerator, no query)."""
    if not node.is_Pow:
        return False
    exponent = node.exp
    return exponent.p < 0 if exponent.is_Rational else bool(exponent.is_negative)


def _common_bases(terms: Sequence[sympy.Expr]) -> set[sympy.Expr]:
    """The non-numeric bases every term has a power of (what `factor_terms` could take out)."""
    shared: set[sympy.Expr] | None = None
    for term in terms:
        bases = {f.as_base_exp()[0] for f in sympy.Mul.make_args(term) if not f.is_number}
        shared = bases if shared is None else shared & bases
        if not shared:
            return set()
    return shared or set()


def _shortest(expr: sympy.Expr, candidates: list[sympy.Expr], margin: int = 2) -> sympy.Expr:
    """The plainest candidate when it saves at least `margin` nodes over `expr`, else `expr`,
    both with numbers cancelled and signs placed (`_plain_signs`)."""
    rewrites = [_plain_signs(c) for c in candidates if c != expr]
    expr = _plain_signs(expr)
    if not rewrites:
        return expr
    score, best = min(((_clumsiness(r), r) for r in rewrites), key=lambda scored: scored[0])
    return best if score + margin <= _clumsiness(expr) else expr


def _has_product_rule_leftover(expr: sympy.Expr) -> bool:
    """A polynomial sum with a bracket in one term (`x**2 + 2*x*(x + 2) - 6`): teachers expand
    that unless it gets longer, but keep the chain rule's powers (`6*r*(r**2 - 4*s)**2 + …`)."""
    return expr.is_Add and any(
        factor.is_Add for term in expr.args for factor in sympy.Mul.make_args(term)
    )


def _factor_terms(expr: sympy.Expr) -> sympy.Expr:
    """Common factors out of a sum, unless all that comes out is a number (`6*(r*(…) + 32*(…))`
    reads worse than the rule's sum `6*r*(…) + 192*(…)`)."""
    if expr.is_Add and not _common_bases(expr.args):
        return expr  # at most a number would come out
    factored = sympy.factor_terms(expr)
    if factored.is_Mul and expr.is_Add:
        coefficient, rest = factored.as_coeff_Mul()
        if coefficient != 1 and rest.is_Add:
            return expr
    return factored


def _abstract(
    expr: sympy.Expr, variables: set[sympy.Symbol]
) -> tuple[sympy.Expr, dict[sympy.Symbol, sympy.Expr]]:
    """`expr` with each function application, a**u and radical of a sum in the variables replaced
    by a dummy (q**(3/2) by D**3 with D = sqrt(q)), and the dummies' values."""
    whole: dict[sympy.Symbol, sympy.Expr] = {}
    seen: dict[sympy.Expr, sympy.Symbol] = {}

    def dummy(value: sympy.Expr) -> sympy.Symbol:
        if value not in seen:
            seen[value] = sympy.Dummy()
            whole[seen[value]] = value
        return seen[value]

    def walk(node: sympy.Expr) -> sympy.Expr:
        if not node.args or not (node.free_symbols & variables):
            return node
        if isinstance(node, sympy.Function):
            return dummy(node)
        if node.is_Pow:
            base, exponent = node.args
            if exponent.free_symbols & variables:
                return dummy(node)
            if base.is_Add and exponent.is_Rational and not exponent.is_Integer:
                root = dummy(base ** sympy.Rational(1, exponent.q))
                return root**exponent.p
        return node.func(*(walk(a) for a in node.args))

    return walk(expr), whole


def _plain_signs(expr: sympy.Expr) -> sympy.Expr:
    """In every product, a sum's numeric content joins a coefficient other than ±1 or another
    sum's: `(8*x + 6)/(2*sqrt(q))` cancels to `(4*x + 3)/sqrt(q)`, `(2*x - 3)*(2*x**2 - 2)` reads
    `2*(2*x - 3)*(x**2 - 1)`, a fraction always comes out (`-sqrt(x)*(3*log(x) + 2)/2`), but
    `(6*x**2 + 4)*cos(…)` keeps the chain rule's factor. Each sum to an odd power takes the sign
    that leaves fewest minus signs (`-(4*x + 1)/q`, `(-x**2 + 10*x + 2)/q`)."""
    if expr.is_Add:
        terms = [_plain_signs(term) for term in expr.args]
        return expr if terms == list(expr.args) else sympy.Add(*terms)
    if not expr.is_Mul or not any(factor.as_base_exp()[0].is_Add for factor in expr.args):
        return expr
    coefficient, factors = expr.as_coeff_mul()
    sums = sum(1 for factor in factors if factor.is_Add)
    kept = []
    for factor in factors:
        base, power = factor.as_base_exp()
        if base.is_Add and power.is_Integer:
            base = _plain_signs(base)
            content, primitive = base.primitive()
            if abs(coefficient) != 1 or sums > 1 or not content.is_Integer:
                coefficient, base = coefficient * content**power, primitive
            if power.is_odd and _minus_is_plainer(base, bool(coefficient.is_negative)):
                coefficient, base = -coefficient, -base
            factor = base**power
        kept.append(factor)
    return sympy.Mul(coefficient, *kept)


def _minus_is_plainer(total: sympy.Expr, negative_coefficient: bool) -> bool:
    """Whether -total, the coefficient's sign flipped, shows fewer minus signs; a minus that
    opens a bracket counts twice (`-16*(x - 1)`, not `16*(-x + 1)`). On a tie, the sum's leading
    term is positive."""
    negative = sum(1 for term in total.args if term.could_extract_minus_sign())
    leads_negative = ordered_terms(total, "grlex")[0].could_extract_minus_sign()
    as_is = negative + negative_coefficient + leads_negative
    flipped = len(total.args) - negative + (not negative_coefficient) + (not leads_negative)
    return flipped < as_is or (flipped == as_is and leads_negative)


def _clumsiness(expr: sympy.Expr) -> int:
    """Nodes, with a division or a factored-out minus sign counted thrice: teachers write one
    fraction, not nested ones, and `-3*x**2 - 2`, not `-(3*x**2 + 2)`."""
    total, stack = 0, [expr]
    while stack:
        node = stack.pop()
        total += 1
        if _is_division(node) or (
            node.is_Mul and node.args[0] == -1 and any(a.is_Add for a in node.args)
        ):
            total += 2
        stack.extend(node.args)
    return total


def exact_number(value: sympy.Expr) -> sympy.Expr:
    """A number in its plainest exact form (radicals out of denominators); refuses undefined."""
    if value.is_Rational:
        return value  # radsimp leaves it as it is, and it is never messy
    value = sympy.radsimp(sympy.nsimplify(value) if value.has(sympy.Float) else value)
    if _is_messy(value):
        value = min((value, sympy.factor_terms(value), sympy.expand(value)), key=sympy.count_ops)
    _require_finite(value)
    return value


class _Tan(sympy.Function):
    """tan with the textbook derivative sec², not sympy's 1 + tan²."""

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return sympy.sec(self.args[0]) ** 2


class _Cot(sympy.Function):
    """cot with the textbook derivative −csc², not sympy's −1 − cot²."""

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return -(sympy.csc(self.args[0]) ** 2)


def differentiate(function: sympy.Expr, *wrt: sympy.Symbol) -> sympy.Expr:
    """sympy's derivative, with tan and cot differentiated as the chapter's table does."""
    if not function.has(sympy.tan, sympy.cot):
        for variable in wrt:
            function = _derivative(function, variable)
        return function
    textbook = function.replace(sympy.tan, _Tan).replace(sympy.cot, _Cot)
    for variable in wrt:
        textbook = _derivative(textbook, variable)
    return textbook.replace(_Tan, sympy.tan).replace(_Cot, sympy.cot)


def _derivative(expr: sympy.Expr, variable: sympy.Symbol) -> sympy.Expr:
    """d expr / d variable by the sum, product, power and chain rules over sympy's table (`fdiff`).

    `sympy.diff` applies the same rules but wraps every sub-derivative in
    `Derivative(…, evaluate=True)`, whose checks query the assumptions of each intermediate
    result and cost several times the differentiation; anything other than sums, products,
    powers and one-argument functions still goes to `sympy.diff`.
    """
    if not expr.has(variable):
        return sympy.S.Zero
    if expr == variable:
        return sympy.S.One
    if expr.is_Add:
        return sympy.Add(*(_derivative(term, variable) for term in expr.args))
    if expr.is_Mul:
        factors = list(expr.args)
        terms = []
        for index, factor in enumerate(factors):
            inner = _derivative(factor, variable)
            if inner != 0:
                terms.append(sympy.Mul(*factors[:index], inner, *factors[index + 1 :]))
        return sympy.Add(*terms)
    if expr.is_Pow:
        base, exponent = expr.args
        if not exponent.has(variable):
            return exponent * base ** (exponent - 1) * _derivative(base, variable)
        if not base.has(variable):
            return expr * sympy.log(base) * _derivative(exponent, variable)
    elif isinstance(expr, sympy.Function) and len(expr.args) == 1:
        return expr.fdiff(1) * _derivative(expr.args[0], variable)
    return sympy.diff(expr, variable)


def derivative(question: Question) -> sympy.Expr:
    """∂ⁿf in the order of `wrt` (a single name is repeated `order` times)."""
    wrt = question.wrt or question.variables[:1]
    order = list(wrt) if len(wrt) > 1 else [wrt[0]] * question.order
    return differentiate(question.function, *order)


def gradient(question: Question) -> tuple[sympy.Expr, ...]:
    """(∂f/∂x₁, …) symbolically."""
    return tuple(differentiate(question.function, v) for v in question.variables)


def _is_messy(value: sympy.Expr) -> bool:
    return sympy.count_ops(value) > 4


def _require_finite(value: sympy.Expr) -> None:
    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo, sympy.I):
        raise Unsolvable(N_("the answer is undefined or not real"))


def _at_point(expr: sympy.Expr, question: Question) -> sympy.Expr:
    value = expr.xreplace(question.point)
    if value.has(sympy.zoo, sympy.nan) or not value.is_finite:
        raise Unsolvable(N_("the function is not differentiable at the point"))
    return exact_number(value)


def _expression_or_number(expr: sympy.Expr, question: Question) -> Key:
    if question.at is not None:
        return _key(_at_point(expr, question), "number")
    return _key(tidy(expr, question.variables), "expression")


def _key(value: sympy.Expr, kind: Kind) -> Key:
    _require_finite(value)
    return Key(value, show(value), house_latex(value, order="lex"), kind)


def show(value: sympy.Basic) -> str:
    """The sympy text of a key, terms in descending powers as a teacher writes them."""
    return house_str(value, order="grlex")


def _solve_derivative(question: Question) -> Key:
    return _expression_or_number(derivative(question), question)


def _solve_slope(question: Question) -> Key:
    assert question.between is not None
    (x,) = question.variables
    a, b = question.between
    f = question.function
    slope = (f.xreplace({x: b}) - f.xreplace({x: a})) / (b - a)
    if slope.has(sympy.zoo, sympy.nan):
        raise Unsolvable(N_("the function is undefined at an end of the interval"))
    return _key(exact_number(slope), "number")


def _solve_tangent_line(question: Question) -> Key:
    (x,) = question.variables
    slope = _at_point(differentiate(question.function, x), question)
    height = _at_point(question.function, question)
    (a,) = question.at or ()
    rhs = sympy.expand(slope * (x - a) + height)
    line = sympy.Eq(TANGENT_SYMBOL, rhs, evaluate=False)
    return Key(line, f"y = {show(rhs)}", f"y = {house_latex(rhs, order='lex')}", "equation")


def stationary_points(question: Question) -> tuple[sympy.Expr, ...]:
    """The real solutions of f'(x) = 0 in increasing order, exact and in closed form."""
    (x,) = question.variables
    return _stationary_points(question.function, x)


@lru_cache(maxsize=256)
def _stationary_points(function: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, ...]:
    """Cached: a problem's stationary-points and classify parts share one solution."""
    slope = differentiate(function, x)
    if _integer_polynomial(slope, x):
        numerator = slope  # `together` could only factor it: the same Poly, the same roots
    else:
        slope = sympy.together(slope)
        numerator = sympy.fraction(slope)[0]
    if numerator.is_polynomial(x):
        points = _real_polynomial_roots(sympy.Poly(numerator, x))
    else:
        found = sympy.solveset(slope, x, domain=sympy.S.Reals)
        if not isinstance(found, sympy.FiniteSet):
            raise Unsolvable(N_("the stationary points are not a finite set in closed form"))
        points = list(found)
    points = [p for p in points if _defined(function, x, p)]
    if not points:
        raise Unsolvable(N_("there are no real stationary points"))
    for point in points:
        if sympy.count_ops(point) > _MAX_ROOT_OPS or point.has(sympy.I, sympy.CRootOf):
            raise Unsolvable(N_("a stationary point is not a simple closed form"))
    return tuple(sorted(points, key=lambda p: float(p)))


def _integer_polynomial(expr: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether expr is built from x and integers by sums, products and whole powers (so it has
    no denominator and its Poly in x has integer coefficients)."""
    if expr.is_Integer or expr == x:
        return True
    if expr.is_Add or expr.is_Mul:
        return all(_integer_polynomial(arg, x) for arg in expr.args)
    if expr.is_Pow:
        return bool(expr.exp.is_Integer and expr.exp.p >= 0) and _integer_polynomial(expr.base, x)
    return False


def _real_polynomial_roots(poly: sympy.Poly) -> list[sympy.Expr]:
    if poly.is_zero or poly.degree() < 1:
        raise Unsolvable(N_("f'(x) has no isolated zeros"))
    found = sympy.roots(poly)
    real = [r for r in found if r.is_real]
    if len(real) != poly.count_roots():
        raise Unsolvable(N_("a stationary point is not a simple closed form"))
    return real


def _defined(f: sympy.Expr, x: sympy.Symbol, point: sympy.Expr) -> bool:
    value = f.xreplace({x: point})
    return bool(value.is_finite) and not value.has(sympy.zoo, sympy.nan)


def _solve_stationary_points(question: Question) -> Key:
    points = stationary_points(question)
    text = "{" + ", ".join(show(p) for p in points) + "}"
    latex = "\\left\\{" + ", ".join(plain_latex(p) for p in points) + "\\right\\}"
    return Key(sympy.FiniteSet(*points), text, latex, "set")


def classify_point(question: Question, points: Sequence[sympy.Expr], index: int) -> Label:
    """Second-derivative test; where f''(p) = 0, the first-derivative test (sign change of f')."""
    (x,) = question.variables
    point = points[index]
    second = differentiate(question.function, x, x).xreplace({x: point})
    sign = _exact_sign(second)
    if sign != 0:
        return "max" if sign < 0 else "min"
    left = (points[index - 1] + point) / 2 if index > 0 else point - 1
    right = (points[index + 1] + point) / 2 if index + 1 < len(points) else point + 1
    slope = differentiate(question.function, x)
    before, after = (_exact_sign(slope.xreplace({x: t})) for t in (left, right))
    if before > 0 > after:
        return "max"
    if before < 0 < after:
        return "min"
    return "neither"


def _exact_sign(value: sympy.Expr) -> int:
    value = sympy.nsimplify(value) if value.has(sympy.Float) else value
    if value.is_zero or (value.is_zero is None and sympy.simplify(value) == 0):
        return 0
    if value.has(sympy.zoo, sympy.nan) or not value.is_finite:
        raise Unsolvable(N_("f' is undefined next to a stationary point"))
    return 1 if value.evalf(30) > 0 else -1


def _solve_classify(question: Question) -> Key:
    """The label of the point `at`, or of the only stationary point when no point is given."""
    points = stationary_points(question)
    if question.at is not None:
        (a,) = question.at
        if a not in points:
            raise Unsolvable(N_("the point asked about is not a stationary point"))
        index = points.index(a)
    elif len(points) == 1:
        index = 0
    else:
        raise Unsolvable(N_("there are several stationary points: say which with 'at'"))
    label = classify_point(question, points, index)
    return Key(label, label, f"\\text{{{label}}}", "choice")


def _solve_gradient(question: Question) -> Key:
    parts = gradient(question)
    if question.at is not None:
        values = tuple(_at_point(p, question) for p in parts)
    else:
        values = tuple(tidy(p, question.variables) for p in parts)
    return _key(sympy.Tuple(*values), "tuple")


def _solve_gradient_norm(question: Question) -> Key:
    norm = sympy.sqrt(sum(p**2 for p in gradient(question)))
    return _expression_or_number(norm, question)


def _solve_directional(question: Question) -> Key:
    assert question.direction is not None
    length = sympy.sqrt(sum(d**2 for d in question.direction))
    if length == 0:
        raise Unsolvable(N_("the direction is the zero vector"))
    unit = [d / length for d in question.direction]
    value = sum(u * p for u, p in zip(unit, gradient(question), strict=True))
    return _expression_or_number(value, question)


_SOLVERS: dict[str, Callable[[Question], Key]] = {
    "derivative": _solve_derivative,
    "partial": _solve_derivative,
    "limit_definition": _solve_derivative,
    "slope": _solve_slope,
    "tangent_line": _solve_tangent_line,
    "stationary_points": _solve_stationary_points,
    "classify": _solve_classify,
    "gradient": _solve_gradient,
    "gradient_norm": _solve_gradient_norm,
    "directional_derivative": _solve_directional,
}
