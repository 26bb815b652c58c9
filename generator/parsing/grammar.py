"""A Pratt-style recursive-descent parser from tokens to sympy objects, bounded at every step.

Precedence, loosest first: list `,` / equation `=`; `+ -`; `* /` and juxtaposition (implicit
multiplication); unary signs; `^` (right-associative, its exponent may carry a sign); postfix `!`;
atoms (numbers, names, calls, brackets, `|…|`, `\\frac{…}{…}`). Every recursion passes through a
depth check, and every power, factorial and product of numbers is sized before sympy computes it.

Readings of notation that could go two ways are decided here (README, "Reading student notation"):
a function name without brackets takes the juxtaposed factors that follow it with no space
(`sin 2x` = sin(2x), `sin x cos x` = sin(x)·cos(x), `sin x/x` = sin(x)/x); `1/2x` and `e^2x` are
refused as ambiguous with the two readings offered.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any, NamedTuple, NoReturn

import sympy

from generator.i18n import N_
from generator.parsing.limits import (
    Limits,
    coefficient_digits,
    integer_digits,
    magnitude,
    radicand_digits,
)
from generator.parsing.names import SPECS, FunctionSpec
from generator.parsing.results import (
    Parsed,
    ParsedEquation,
    ParsedExpression,
    ParsedSet,
    ParsedTuple,
)
from generator.parsing.source import Source
from generator.parsing.tokens import AMBIGUOUS, Token

_SYMPY_FAILURES = (
    TypeError,
    ValueError,
    ArithmeticError,
    AttributeError,
    NotImplementedError,
    RecursionError,
)
"""What sympy itself may raise on odd numeric input (e.g. asin of a value it cannot compare)."""
_UNREADABLE = N_("'{written}' could not be computed; try writing it another way.")
_ROOTS = {"sqrt": sympy.Rational(1, 2), "cbrt": sympy.Rational(1, 3)}
_UNDEFINED = frozenset({sympy.zoo, sympy.nan, sympy.oo, -sympy.oo})  # hashed: no __eq__ per node
_REAL_DOMAINS: dict[str, Callable[[sympy.Number], bool]] = {
    "asin": lambda value: abs(value) <= 1,
    "acos": lambda value: abs(value) <= 1,
    "asec": lambda value: abs(value) >= 1,
    "acsc": lambda value: abs(value) >= 1,
    "acosh": lambda value: value >= 1,
    "atanh": lambda value: abs(value) < 1,
    "acoth": lambda value: abs(value) > 1,
    "asech": lambda value: 0 < value <= 1,
    "acsch": lambda value: value != 0,
}
"""The numbers at which an inverse function has a real value; sympy keeps `asin(2)` unevaluated."""
_CLOSERS = {"(": ")", "[": "]", "{": "}", "<": ">"}
_ATOM_KINDS = frozenset({"num", "var", "const", "func", "frac"})

_PLUS_MINUS = sympy.Dummy("pm")
"""Stands for `±` inside a set element until the element is split into its two values."""
_ONE, _MINUS_ONE = sympy.S.One, sympy.S.NegativeOne
_SIGNS = {
    (False, False): _ONE,
    (True, False): _MINUS_ONE,
    (False, True): _PLUS_MINUS,
    (True, True): sympy.Mul(_MINUS_ONE, _PLUS_MINUS),
}
"""The factor a run of signs leaves, by (odd number of minus signs, a `±` among them)."""
_FLOAT_EXACT = 2**53
_SEPARATORS = frozenset({",", ";", "and", "or"})
_SET_EXAMPLE = "{1, -1}"


class Node(NamedTuple):
    """A parsed expression and the normalised span [start, end) it was read from."""

    expr: sympy.Expr
    start: int
    end: int


class _Items(NamedTuple):
    """A bracketed list read where a whole answer (or a set element) may be a list."""

    brackets: str
    items: tuple[sympy.Basic, ...]
    start: int
    end: int


def parse_tokens(
    source: Source, tokens: list[Token], limits: Limits, *, kind: str | None = None
) -> Parsed:
    """The answer the tokens spell, or a StudentInputError located in the original text.

    With `kind="set"` the answer is read as a set however it is written (see `_Parser.set_answer`).
    """
    try:
        parser = _Parser(source, tokens, limits, kind)
        return parser.set_answer() if kind == "set" else parser.answer()
    except _SYMPY_FAILURES:
        source.fail("unreadable", _UNREADABLE, 0, len(source.text), written=source.original)


class _Parser:
    def __init__(
        self, source: Source, tokens: list[Token], limits: Limits, kind: str | None
    ) -> None:
        self.kind = kind
        self.source = source
        self.tokens = tokens
        self.limits = limits
        self.pos = 0
        self.depth = 0
        self.open_abs = 0
        self.read_ahead: tuple[tuple[int, int, int], Node, int] | None = None
        """What `_item` read inside a leading bracket: (pos, depth, open_abs), node, end pos."""

    # -- helpers ---------------------------------------------------------------------------

    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def _op(self, text: str) -> bool:
        token = self.tokens[self.pos]
        return token.kind == "op" and token.text == text

    def _fail(self, code: str, template: str, start: int, end: int, **params: object) -> NoReturn:
        self.source.fail(code, template, start, end, **params)

    def _list_only_whole(self, start: int, end: int) -> NoReturn:
        self._fail(
            "unexpected",
            N_("A list in brackets, such as {examples}, can only be the whole answer."),
            start,
            end,
            examples="{1, 2}, (1, 2), <1, 2>",
        )

    def _text(self, start: int, end: int) -> str:
        return self.source.excerpt(start, end).strip()

    def _enter(self, token: Token) -> None:
        self.depth += 1
        if self.depth > self.limits.max_depth:
            self._fail(
                "too_deep",
                N_("The answer is nested too deeply (more than {limit} levels)."),
                token.start,
                token.end,
                limit=self.limits.max_depth,
            )

    def _leave(self) -> None:
        self.depth -= 1

    # -- the whole answer ------------------------------------------------------------------

    def answer(self) -> Parsed:
        if self.tok.kind == "end":
            self._fail("empty", N_("The answer is empty."), 0, 0)
        first = self._item(allow_sets=True)
        if self._op(","):
            items = [first]
            while self._op(","):
                self.pos += 1
                items.append(self._item(allow_sets=False))
            self._expect_end(None)
            return ParsedTuple(tuple(self._element(item) for item in items), brackets="")
        if self._op("="):
            if isinstance(first, _Items):
                self._list_only_whole(first.start, first.end)
            self.pos += 1
            rhs = self._expr()
            if self._op("="):
                self._fail(
                    "unexpected",
                    N_("Only one '=' can appear in an answer."),
                    self.tok.start,
                    self.tok.end,
                )
            self._expect_end(None)
            return ParsedEquation(self._checked(first), self._checked(rhs))
        self._expect_end(first)
        if isinstance(first, _Items):
            if first.brackets == "{}":
                return ParsedSet(first.items)
            return ParsedTuple(first.items, brackets=first.brackets)
        return ParsedExpression(self._checked(first))

    # -- a set, however students write one ---------------------------------------------------

    def set_answer(self) -> ParsedSet:
        """`{1, -1}`, `1, -1`, `x = 1 or x = -1`, `x = ±1`, `(x, y) = (1, 2); (x, y) = (-1, -2)`.

        Elements are separated by `,`, `;`, `and`, `or` (和, 或); an equation names the variable
        whose value it gives; `±` splits an element into two. Braces are optional around the whole.
        """
        if self.tok.kind == "end":
            self._fail("empty", N_("The answer is empty."), 0, 0)
        braced = self._op("{") and self._closing_brace() == len(self.tokens) - 2
        if braced:
            opener = self.tok
            self.pos += 1
            self._enter(opener)
        elements: list[sympy.Basic] = []
        named: dict[str, Token] = {}
        if not (braced and self._op("}")):
            elements.extend(self._set_element(named))
            while self.tok.kind == "op" and self.tok.text in _SEPARATORS:
                self.pos += 1
                elements.extend(self._set_element(named))
        if braced:
            self._expect("}", opener)
            self._leave()
        self._expect_end(None)
        return ParsedSet(tuple(elements))

    def _closing_brace(self) -> int:
        """The index of the token closing the brace at the current position (-1 if none)."""
        depth = 0
        for index in range(self.pos, len(self.tokens)):
            token = self.tokens[index]
            if token.kind == "op" and token.text in "{}":
                depth += 1 if token.text == "{" else -1
                if depth == 0:
                    return index
        return -1

    def _set_element(self, named: dict[str, Token]) -> list[sympy.Basic]:
        """One element as written: a value, a point, or `x = value` / `(x, y) = (a, b)`."""
        start = self.tok.start
        item = self._item(allow_sets=False)
        if not self._op("="):
            return self._split(self._element(item), start, self._previous_end())
        equals = self.tok
        self.pos += 1
        value = self._item(allow_sets=False)
        end = self._previous_end()
        names = self._named_variables(item)
        written = value.items if isinstance(value, _Items) else (value.expr,)
        if (
            names is None
            or isinstance(value, _Items) != isinstance(item, _Items)
            or any(str(symbol) in names for part in written for symbol in part.free_symbols)
        ):
            self._fail(
                "unexpected",
                N_(
                    "In a set, an equation gives the value of a variable, such as x = 1 or "
                    "(x, y) = (1, 2); write the elements of a set as {example}."
                ),
                start,
                end,
                example=_SET_EXAMPLE,
            )
        key = ", ".join(names)
        for other, token in named.items():
            if other != key:
                self._fail(
                    "ambiguous",
                    N_(
                        "'{first} = …' and '{second} = …' give values of different variables; "
                        "write a point as ({both}) = (1, 2)."
                    ),
                    token.start,
                    end,
                    first=other,
                    second=key,
                    both=", ".join(sorted({*other.split(", "), *names})),
                )
        named.setdefault(key, equals._replace(start=start))
        if isinstance(value, _Items):
            if len(value.items) != len(names):
                self._fail(
                    "unexpected",
                    N_("The point has {given} coordinates, but {count} variables are named."),
                    start,
                    end,
                    given=len(value.items),
                    count=len(names),
                )
            order = sorted(range(len(names)), key=lambda index: names[index])
            point = sympy.Tuple(*(value.items[index] for index in order))
            return self._split(point, start, end)
        return self._split(self._checked(value), start, end)

    def _named_variables(self, item: Node | _Items) -> list[str] | None:
        """The distinct variables on the left of `=` in a set element, or None if it is not that."""
        values = item.items if isinstance(item, _Items) else (item.expr,)
        if isinstance(item, _Items) and item.brackets != "()":
            return None
        if not all(isinstance(value, sympy.Symbol) for value in values):
            return None
        names = [str(value) for value in values]
        return names if len(set(names)) == len(names) else None

    def _previous_end(self) -> int:
        return self.tokens[self.pos - 1].end

    def _split(self, element: sympy.Basic, start: int, end: int) -> list[sympy.Basic]:
        """An element with `±` is two elements: `±1` is 1 and -1, `(±1, 0)` is (1, 0), (-1, 0)."""
        if not element.has(_PLUS_MINUS):
            return [element]
        if isinstance(element, sympy.Tuple) and sum(c.has(_PLUS_MINUS) for c in element) > 1:
            self._fail(
                "ambiguous",
                N_(
                    "'{written}' is ambiguous: with '±' in two coordinates, write each point "
                    "separately."
                ),
                start,
                end,
                written=self._text(start, end),
            )
        return [
            self._final_check(element.xreplace({_PLUS_MINUS: sign}), start, end)
            for sign in (sympy.S.One, sympy.S.NegativeOne)
        ]

    def _plus_minus(self, token: Token) -> sympy.Expr:
        """`±` as a sign: only set answers have room for both values."""
        if self.kind != "set":
            self._fail(
                "unexpected",
                N_(
                    "'±' gives two values; it can only be part of an answer that is a set, "
                    "such as {example}."
                ),
                token.start,
                token.end,
                example="x = ±1",
            )
        return _PLUS_MINUS

    def _element(self, item: Node | _Items) -> sympy.Basic:
        """An element of a list: a checked expression, or a point `(1, 2)` as a sympy Tuple."""
        if isinstance(item, _Items):
            return sympy.Tuple(*item.items)
        return self._checked(item)

    def _checked(self, node: Node) -> sympy.Expr:
        return self._final_check(node.expr, node.start, node.end)

    def _final_check(self, expr: sympy.Basic, start: int, end: int) -> sympy.Basic:
        """Catch what sympy combined from bounded parts: `x^5000·x^5000`, `(x^9000)^9`, `0·zoo`."""
        pending = [expr]  # preorder, as sympy.preorder_traversal, without its generator chain
        while pending:
            part = pending.pop()
            args = part.args
            if not args:  # zoo, nan and ±oo are atoms, and an atom has no exponent
                if part in _UNDEFINED:
                    self._undefined(start, end)
                if part is sympy.I:  # however sympy came to a value that is not real
                    self._no_real_value(start, end)
                continue
            pending.extend(reversed(args))
            exponent = part.exp if part.is_Pow else args[0] if part.func == sympy.exp else None
            if (
                exponent is not None
                and exponent.is_Number
                and _exceeds(exponent, self.limits.max_exponent)
            ):
                self._exponent_too_large(Node(exponent, start, end), _abbreviate(exponent))
        return expr

    def _expect_end(self, first: Node | _Items | None) -> None:
        if self.tok.kind == "end":
            return
        if isinstance(first, _Items):
            self._list_only_whole(first.start, self.tok.end)
        self._unexpected(self.tok)

    def _item(self, *, allow_sets: bool) -> Node | _Items:
        """One element of the answer: an expression, or a bracketed list (a set only at the top)."""
        token = self.tok
        if token.kind == "op" and (token.text == "<" or (token.text == "{" and allow_sets)):
            return self._list(token)
        if token.kind == "op" and token.text in "([":
            saved = self.pos, self.depth, self.open_abs
            self.pos += 1
            self._enter(token)
            if not self._op(_CLOSERS[token.text]):
                state = self.pos, self.depth, self.open_abs
                inner = self._expr()
                if self._op(","):
                    self.pos, self.depth, self.open_abs = saved
                    return self._list(token)
                self.read_ahead = state, inner, self.pos
            self.pos, self.depth, self.open_abs = saved
        return self._expr()

    def _list(self, opener: Token) -> _Items:
        """`{a, b}`, `(a, b)`, `[a, b]`, `<a, b>`; elements may be points but not sets."""
        self.pos += 1
        self._enter(opener)
        saved_abs, self.open_abs = self.open_abs, 0
        closer = _CLOSERS[opener.text]
        items: list[sympy.Basic] = []
        if not (opener.text == "{" and self._op("}")):
            items.append(self._element(self._item(allow_sets=False)))
            while self._op(","):
                self.pos += 1
                items.append(self._element(self._item(allow_sets=False)))
        end = self._expect(closer, opener)
        self.open_abs = saved_abs
        self._leave()
        return _Items(opener.text + closer, tuple(items), opener.start, end.end)

    def _expect(self, closer: str, opener: Token) -> Token:
        token = self.tok
        if token.kind == "op" and token.text == closer:
            self.pos += 1
            return token
        if token.kind == "end":
            self._fail(
                "unbalanced",
                N_("'{bracket}' is never closed."),
                opener.start,
                opener.end,
                bracket=self._text(opener.start, opener.end),
            )
        if token.kind == "op" and token.text == ",":
            self._list_only_whole(token.start, token.end)
        if token.kind == "op" and token.text in ")]}>":
            self._fail(
                "unbalanced",
                N_("'{bracket}' is closed by '{found}'; brackets must match."),
                token.start,
                token.end,
                bracket=self._text(opener.start, opener.end),
                found=self._text(token.start, token.end),
            )
        self._unexpected(token)

    def _unexpected(self, token: Token) -> NoReturn:
        text = self._text(token.start, token.end)
        if token.kind == "end":
            self._fail(
                "incomplete",
                N_("The answer ends too early; something is missing at the end."),
                token.start,
                token.end,
            )
        if token.kind == "op" and token.text in ")]}":
            self._fail(
                "unbalanced",
                N_("'{bracket}' has no matching opening bracket."),
                token.start,
                token.end,
                bracket=text,
            )
        if token.kind == "op" and token.text == "|":
            self._fail(
                "unbalanced",
                N_("This '|' closes an absolute value that was never opened."),
                token.start,
                token.end,
            )
        if token.kind == "op" and token.text in "<>":
            self._fail(
                "unexpected",
                N_(
                    "Inequalities such as '{token}' are not read; '<' and '>' only enclose a "
                    "vector such as <1, 2>."
                ),
                token.start,
                token.end,
                token=text,
            )
        if token.kind == "op" and token.text == "=":
            self._fail(
                "unexpected",
                N_("'=' can only appear once, between the two sides of an equation."),
                token.start,
                token.end,
            )
        if token.kind == "op" and token.text == ",":
            self._list_only_whole(token.start, token.end)
        if token.kind == "op" and token.text in _SEPARATORS:
            self._fail(
                "unexpected",
                N_("'{token}' can only separate the elements of a set, written as {example}."),
                token.start,
                token.end,
                token=text,
                example=_SET_EXAMPLE,
            )
        self._fail(
            "unexpected",
            N_("'{token}' was not expected here."),
            token.start,
            token.end,
            token=text,
        )

    # -- sums and products -----------------------------------------------------------------

    def _expr(self) -> Node:
        first = self._term()
        terms = [first.expr]
        end = first.end
        while self.tok.kind == "op" and self.tok.text in ("+", "-", "±"):
            token = self.tok
            self.pos += 1
            if token.text == "-":
                # the minus joins the term's own factors: one product, `-7140x^59`, built once
                term = self._term(negated=True)
                terms.append(term.expr)
            else:
                sign = self._sign(token)
                term = self._term()
                terms.append(_times(sign, term.expr))
            end = term.end
        if len(terms) == 1:
            return first
        total = sympy.Add(*terms)
        self._check_coefficient(total, first.start, end)
        return Node(total, first.start, end)

    def _term(self, *, negated: bool = False) -> Node:
        start = self.tok.start
        sign = self._signs(negative=negated)
        first = self._power()
        if first.start != start:
            first = Node(first.expr, start, first.end)
        # the sign multiplies the whole product, as sympy builds -(x + y)*sin(x)
        factors = [first.expr] if sign is _ONE else [sign, first.expr]
        digits = coefficient_digits(first.expr)
        radicands = radicand_digits(first.expr)
        end = first.end
        division: tuple[Node, Token] | None = None
        while True:
            token = self.tok
            if token.kind == "op" and token.text in "*/":
                self.pos += 1
                right = self._signed()
                if token.text == "/":
                    if right.expr.is_Number and right.expr.is_zero:
                        self._undefined(first.start, right.end)
                    division = (right, token)
                    factors.append(sympy.Pow(right.expr, _MINUS_ONE))
                else:
                    division = None
                    factors.append(right.expr)
            elif self._starts_factor(token):
                self._check_number_run(token)
                right = self._power()
                if division is not None:
                    self._ambiguous_division(first.start, division, right)
                factors.append(right.expr)
            else:
                break
            end = right.end
            digits += coefficient_digits(right.expr)
            if digits > self.limits.max_result_digits:
                self._too_many_digits(first.start, end, digits)
            radicands += radicand_digits(right.expr)
            if radicands > self.limits.max_radicand_digits:
                self._radicand_too_long(first.start, end, radicands)
        if len(factors) == 1:
            return first
        product = sympy.Mul(*factors)
        self._check_coefficient(product, first.start, end)
        return Node(product, first.start, end)

    def _ambiguous_division(self, start: int, division: tuple[Node, Token], right: Node) -> None:
        denominator, slash = division
        numerator = self._text(start, slash.start)
        below = self._text(denominator.start, denominator.end)
        after = self._text(right.start, right.end)
        self._fail(
            "ambiguous",
            AMBIGUOUS,
            start,
            right.end,
            written=self._text(start, right.end),
            first=f"{numerator}/({below}{after})",
            second=f"({numerator}/{below}){after}",
        )

    def _starts_factor(self, token: Token) -> bool:
        """Whether the token can begin a factor multiplied by juxtaposition (`2x`, `x(x+1)`)."""
        if token.kind in _ATOM_KINDS:
            return True
        if token.kind != "op":
            return False
        return token.text in "([" or (token.text == "|" and self.open_abs == 0)

    def _check_number_run(self, token: Token) -> None:
        """`2 3` and `x^2 3` are typing slips more often than products, and `x2`, `3x2` a power
        whose `^` was lost as often as a coefficient written last: ask."""
        if token.kind != "num":
            return
        previous = self.tokens[self.pos - 1]
        left = self._text(previous.start, previous.end)
        right = self._text(token.start, token.end)
        if previous.kind == "num":
            first, second = f"{left}*{right}", f"{left}{right}"
        elif previous.kind in ("var", "const") and previous.end == token.start:
            first, second = f"{left}^{right}", f"{right}{left}"
        else:
            return
        self._fail(
            "ambiguous",
            AMBIGUOUS,
            previous.start,
            token.end,
            written=self._text(previous.start, token.end),
            first=first,
            second=second,
        )

    def _signs(self, *, negative: bool = False) -> sympy.Expr:
        """Consume `+`/`-`/`±` signs; the factor they leave (1, -1, or ± in a set answer), after
        a minus already read (`negative`) if there was one."""
        plus_minus = False
        while self.tok.kind == "op" and self.tok.text in ("+", "-", "±"):
            token = self.tok
            if token.text == "±":
                if plus_minus:
                    self._unexpected(token)
                self._plus_minus(token)  # refused outside a set answer
                plus_minus = True
            elif token.text == "-":
                negative = not negative
            self.pos += 1
        return _SIGNS[negative, plus_minus]

    def _sign(self, token: Token) -> sympy.Expr:
        if token.text == "±":
            return self._plus_minus(token)
        return sympy.S.NegativeOne if token.text == "-" else sympy.S.One

    def _signed(self) -> Node:
        start = self.tok.start
        sign = self._signs()
        node = self._power()
        return Node(_times(sign, node.expr), start, node.end)

    # -- powers ----------------------------------------------------------------------------

    def _power(self) -> Node:
        base = self._postfix()
        if not self._op("^"):
            return base
        caret = self.tok
        self.pos += 1
        self._enter(caret)
        first = self.pos
        exponent = self._group() if self._op("{") else self._signed()
        self._leave()
        opener = self.tokens[first]
        bracketed = opener.kind == "op" and opener.text in "({["
        node = Node(self._pow(base, exponent), base.start, exponent.end)
        if not bracketed:
            self._check_after_power(base, exponent, self.tokens[first : self.pos])
        return node

    def _check_after_power(self, base: Node, exponent: Node, written: list[Token]) -> None:
        """`e^2x`, `e^xy`, `2^3x`: is the next letter in the exponent or not? Ask; `x^2y` is x²y."""
        token = self.tok
        if token.spaced or token.kind not in ("num", "var", "const"):
            return
        plain_number = all(
            part.kind == "num" or (part.kind == "op" and part.text in "+-") for part in written
        )
        if base.expr is sympy.E or base.expr.is_Number or not plain_number:
            whole = self._text(base.start, token.end)
            lower = self._text(base.start, exponent.start).rstrip("^* ")
            upper = self._text(exponent.start, exponent.end)
            after = self._text(token.start, token.end)
            self._fail(
                "ambiguous",
                AMBIGUOUS,
                base.start,
                token.end,
                written=whole,
                first=f"{lower}^({upper}{after})",
                second=f"({lower}^{upper}){after}",
            )

    def _pow(self, base: Node, exponent: Node) -> sympy.Expr:
        """base^exponent, refused before computing when the result could be huge or costly."""
        b, e = base.expr, exponent.expr
        if e.is_Number:
            if _exceeds(e, self.limits.max_exponent):
                self._exponent_too_large(exponent, _abbreviate(e))
            # an algebraic number's power is multiplied out ((√2)^999 is 2^499·√2); e^n and π^n
            # stay symbolic, and only a rational coefficient is expanded ((2x)^9 is 512x^9)
            algebraic = b.is_number and not b.has(sympy.E, sympy.pi)
            size = magnitude(b) if algebraic else coefficient_digits(b)
            digits = size * _abs_float(e)
            if digits > self.limits.max_result_digits:
                self._too_many_digits(base.start, exponent.end, digits)
            if b.is_Number and b.is_zero and e.is_negative:
                self._undefined(base.start, exponent.end)
        elif e.is_number and magnitude(e) > math.log10(self.limits.max_exponent):
            self._exponent_too_large(exponent, self._text(exponent.start, exponent.end))
        if not e.is_Integer:
            self._check_radicand(base, exponent)
        # sympy settles (x^99)^e by splitting x^99 into real and imaginary parts (a 99th power
        # of a complex sum: seconds, and a 999th never ends); the unevaluated power is the same
        build = partial(sympy.Pow, evaluate=False) if b.is_Pow and not e.is_Integer else sympy.Pow
        result = self._compute(build, (b, e), base.start, exponent.end)
        if result in _UNDEFINED:
            self._undefined(base.start, exponent.end)
        if b.is_number and e.is_number and _no_real_power(b, e, result):
            self._no_real_value(base.start, exponent.end)
        return result

    def _exponent_too_large(self, exponent: Node, shown: str) -> NoReturn:
        self._fail(
            "number_too_large",
            N_("The exponent {exponent} is too large (at most {limit} in absolute value)."),
            exponent.start,
            exponent.end,
            exponent=shown,
            limit=self.limits.max_exponent,
        )

    def _check_radicand(self, base: Node, exponent: Node) -> None:
        """A long number to a non-integer power makes sympy factor it; refuse before it starts."""
        digits = coefficient_digits(base.expr) + radicand_digits(base.expr)
        if digits > self.limits.max_radicand_digits:
            self._radicand_too_long(base.start, exponent.end, digits)
        power = exponent.expr
        if digits and power.is_Rational and power.q > self.limits.max_root_index:
            self._fail(
                "number_too_large",
                N_(
                    "A root of index {index} of a number is too costly to compute "
                    "(at most {limit})."
                ),
                base.start,
                exponent.end,
                index=_abbreviate(sympy.Integer(power.q)),
                limit=self.limits.max_root_index,
            )

    def _radicand_too_long(self, start: int, end: int, digits: float) -> NoReturn:
        self._fail(
            "number_too_large",
            N_(
                "A root of a number with about {digits} digits is too costly to compute "
                "(at most {limit} digits)."
            ),
            start,
            end,
            digits=f"{digits:.0f}",
            limit=self.limits.max_radicand_digits,
        )

    def _postfix(self) -> Node:
        node = self._primary()
        while self._op("!") and not self.tok.spaced:
            bang = self.tok
            self.pos += 1
            node = Node(self._factorial(node), node.start, bang.end)
        return node

    def _factorial(self, node: Node) -> sympy.Expr:
        argument = node.expr
        if argument.is_Number:
            too_large = bool(abs(argument) > self.limits.max_factorial)
            shown = _abbreviate(argument)
        else:
            too_large = argument.is_number and (
                magnitude(argument) > math.log10(self.limits.max_factorial)
            )
            shown = self._text(node.start, node.end)
        if too_large:
            self._fail(
                "number_too_large",
                N_("The factorial of {number} is too large to compute (at most {limit}!)."),
                node.start,
                node.end,
                number=shown,
                limit=self.limits.max_factorial,
            )
        build = _builder(sympy.factorial, "factorial", [argument])
        result = self._compute(build, (argument,), node.start, node.end)
        if result in _UNDEFINED:
            self._undefined(node.start, node.end)
        return result

    def _check_binomial(self, arguments: list[sympy.Expr], start: int, end: int) -> None:
        """binomial(n, k) multiplies up to n factors: n and k are bounded as a factorial's is."""
        for argument in arguments:
            if argument.is_Number:
                too_large = bool(abs(argument) > self.limits.max_factorial)
            else:
                too_large = argument.is_number and (
                    magnitude(argument) > math.log10(self.limits.max_factorial)
                )
            if too_large:
                self._fail(
                    "number_too_large",
                    N_(
                        "The binomial coefficient '{written}' is too large to compute (n and k "
                        "at most {limit})."
                    ),
                    start,
                    end,
                    written=self._text(start, end),
                    limit=self.limits.max_factorial,
                )

    # -- atoms -----------------------------------------------------------------------------

    def _primary(self) -> Node:
        token = self.tok
        if token.kind == "num":
            self.pos += 1
            return Node(_number(token.text), token.start, token.end)
        if token.kind in ("var", "const"):
            self.pos += 1
            return Node(token.value, token.start, token.end)
        if token.kind == "func":
            return self._call()
        if token.kind == "frac":
            return self._frac()
        if token.kind == "op" and token.text in "([":
            return self._paren()
        if token.kind == "op" and token.text == "|":
            return self._abs()
        if token.kind == "op" and token.text == "{":
            return self._group()
        if token.kind == "op" and token.text == "<":
            self._list_only_whole(token.start, token.end)
        self._unexpected(token)

    def _paren(self) -> Node:
        opener = self.tok
        closer = _CLOSERS[opener.text]
        self.pos += 1
        if self._op(closer):
            self._fail(
                "unexpected",
                N_("Empty brackets '{brackets}' cannot be read."),
                opener.start,
                self.tok.end,
                brackets=opener.text + closer,
            )
        inner = self._enclosed(opener, closer)
        return Node(inner.expr, opener.start, inner.end)

    def _group(self) -> Node:
        """A LaTeX brace group `{…}`: grouping in an expression (a set only as a whole answer)."""
        opener = self.tok
        self.pos += 1
        if self._op("}"):
            self._fail(
                "unexpected",
                N_("Empty brackets '{brackets}' cannot be read."),
                opener.start,
                self.tok.end,
                brackets="{}",
            )
        inner = self._enclosed(opener, "}")
        return Node(inner.expr, opener.start, inner.end)

    def _enclosed(self, opener: Token, closer: str) -> Node:
        """The expression inside an opened bracket, through its closer; `end` is past the closer."""
        self._enter(opener)
        saved_abs, self.open_abs = self.open_abs, 0
        inner = self._reread() or self._expr()
        closing = self._expect(closer, opener)
        self.open_abs = saved_abs
        self._leave()
        return Node(inner.expr, inner.start, closing.end)

    def _reread(self) -> Node | None:
        """The expression `_item` already read from this very state, if any: parsing is
        deterministic in (pos, depth, open_abs), so reading it again would build the same."""
        if self.read_ahead is None or self.read_ahead[0] != (self.pos, self.depth, self.open_abs):
            return None
        _state, inner, self.pos = self.read_ahead
        self.read_ahead = None
        return inner

    def _abs(self) -> Node:
        opener = self.tok
        self.pos += 1
        if self.tok.kind == "end":
            self._fail(
                "unbalanced",
                N_("'{bracket}' is never closed."),
                opener.start,
                opener.end,
                bracket="|",
            )
        self._enter(opener)
        self.open_abs += 1
        inner = self._expr()
        self.open_abs -= 1
        closing = self._expect("|", opener)
        self._leave()
        self._check_argument(inner, "|…|")
        build = _builder(sympy.Abs, "Abs", [inner.expr])
        value = self._compute(build, (inner.expr,), opener.start, closing.end)
        return Node(value, opener.start, closing.end)

    def _frac(self) -> Node:
        """`\\frac{a}{b}`, `\\binom{n}{k}`; as TeX reads single tokens: `\\frac12`, `\\frac1x`."""
        command = self.tok
        self.pos += 1
        token = self.tok
        if token.kind == "num" and len(token.text) == 2 and token.text.isdigit():
            self.pos += 1  # `\\frac12`: one digit per argument
            numerator = Node(sympy.Integer(token.text[0]), token.start, token.start + 1)
            denominator = Node(sympy.Integer(token.text[1]), token.start + 1, token.end)
        else:
            numerator = self._frac_argument(command)
            denominator = self._frac_argument(command)
        if command.text.endswith("binom"):
            arguments = [numerator.expr, denominator.expr]
            return Node(
                self._apply(SPECS["binomial"], arguments, command.start, denominator.end),
                command.start,
                denominator.end,
            )
        if denominator.expr.is_Number and denominator.expr.is_zero:
            self._undefined(command.start, denominator.end)
        value = sympy.Mul(numerator.expr, sympy.Pow(denominator.expr, -1))
        self._check_coefficient(value, command.start, denominator.end)
        return Node(value, command.start, denominator.end)

    def _frac_argument(self, command: Token) -> Node:
        """A brace group, or one digit, one letter or one command (`\\pi`), as TeX reads it."""
        token = self.tok
        if token.kind == "op" and token.text == "{":
            return self._group()
        readable = token.kind in ("var", "const") or (token.kind == "num" and token.text.isdigit())
        if readable and (token.end - token.start == 1 or self.source.text[token.start] == "\\"):
            return self._primary()
        self._fail(
            "unexpected",
            N_("'{command}' must be followed by two groups in braces, as in {example}."),
            command.start,
            token.end,
            command=self._text(command.start, command.end),
            example="\\frac{1}{x}",
        )

    # -- function calls --------------------------------------------------------------------

    def _call(self) -> Node:
        name = self.tok
        spec: FunctionSpec = name.value
        self.pos += 1
        self._enter(name)
        power: Node | None = None
        if self._op("^"):
            spec, power = self._function_power(name, spec)
        base: Node | None = None
        if spec.name == "log" and self._op("_"):
            self.pos += 1
            base = self._log_base()
        elif spec.name == "log":
            self._check_log_digits(name)
        index = self._paren() if spec.name == "sqrt" and self._op("[") else None
        arguments, end = self._arguments(name, spec)
        if base is not None and len(arguments) != 1:
            self._wrong_arity(name, end)
        if spec.arities and len(arguments) not in spec.arities:
            self._wrong_arity(name, end)
        if base is not None:
            arguments.append(base.expr)
        if index is None:
            result = self._apply(spec, arguments, name.start, end)
        else:
            if index.expr.is_Number and index.expr.is_zero:
                self._undefined(index.start, index.end)
            result = self._pow(Node(arguments[0], name.start, end), _reciprocal(index))
        if power is not None:
            result = self._pow(Node(result, name.start, end), power)
        self._leave()
        return Node(result, name.start, end)

    def _function_power(self, name: Token, spec: FunctionSpec) -> tuple[FunctionSpec, Node]:
        """`sin^2 x` is sin(x)^2; `sin^-1 x` is asin(x); other negative powers are ambiguous."""
        caret = self.tok
        self.pos += 1
        opener = self.tok if self.tok.kind == "op" and self.tok.text in "({" else None
        if opener is not None:
            self.pos += 1
        negative = False
        while self.tok.kind == "op" and self.tok.text in "+-":
            negative ^= self.tok.text == "-"
            self.pos += 1
        number = self.tok
        if number.kind != "num" or not number.text.isdigit():
            self._fail(
                "unexpected",
                N_(
                    "Write the power of a function as a whole number, as in sin^2(x), or put "
                    "the power after the argument, as in sin(x)^y."
                ),
                caret.start,
                number.end,
            )
        self.pos += 1
        end = self._expect(_CLOSERS[opener.text], opener).end if opener else number.end
        value = int(number.text)
        if negative and value == 1 and spec.inverse is not None:
            return SPECS[spec.inverse], Node(sympy.Integer(1), caret.start, end)
        if negative:
            self._fail(
                "ambiguous",
                N_(
                    "'{written}' is ambiguous: a negative power of a function may mean its "
                    "reciprocal or its inverse; write the power after the argument, as in "
                    "{example}."
                ),
                name.start,
                end,
                written=self._text(name.start, end),
                example=f"({name.text}(x))^(-{value})",
            )
        return spec, Node(sympy.Integer(value), caret.start, end)

    def _log_base(self) -> Node:
        token = self.tok
        if token.kind == "op" and token.text == "{":
            return self._group()
        if token.kind == "op" and token.text in "([":
            return self._paren()
        if token.kind in ("num", "var", "const"):
            return self._primary()
        self._fail(
            "unexpected",
            N_("Write the base of a logarithm after '_', as in {example}."),
            token.start,
            token.end,
            example="log_2(x), log_{10}(x)",
        )

    def _check_log_digits(self, name: Token) -> None:
        """`log2(x)`: base 2, or log(2x)? Ask, offering log_2(x)."""
        token = self.tok
        if token.kind != "num":
            return
        following = self.tokens[self.pos + 1]
        if (
            not token.spaced
            and following.kind == "op"
            and following.text == "("
            and not following.spaced
        ):
            digits = self._text(token.start, token.end)
            self._fail(
                "ambiguous",
                AMBIGUOUS,
                name.start,
                token.end,
                written=self._text(name.start, token.end),
                first=f"log_{digits}(…)",
                second=f"log({digits}·(…))",
            )

    def _arguments(self, name: Token, spec: FunctionSpec) -> tuple[list[sympy.Expr], int]:
        """The arguments of a call and where they end: `(a, b)`, `{a}`, `[n]{a}`, or bare `2x`."""
        token = self.tok
        if token.kind == "op" and token.text == "(":
            return self._bracketed_arguments(name)
        if token.kind == "op" and token.text == "{":
            group = self._group()
            return [group.expr], group.end
        if self._starts_argument(token):
            argument = self._bare_argument()
            return [argument.expr], argument.end
        self._fail(
            "missing_argument",
            N_("'{name}' needs an argument, as in {name}(x)."),
            name.start,
            name.end,
            name=self._text(name.start, name.end),
        )

    def _bracketed_arguments(self, name: Token) -> tuple[list[sympy.Expr], int]:
        opener = self.tok
        self.pos += 1
        if self._op(")"):
            self._fail(
                "missing_argument",
                N_("'{name}' needs an argument, as in {name}(x)."),
                name.start,
                self.tok.end,
                name=self._text(name.start, name.end),
            )
        self._enter(opener)
        saved_abs, self.open_abs = self.open_abs, 0
        arguments = [self._expr().expr]
        while self._op(","):
            self.pos += 1
            arguments.append(self._expr().expr)
        closing = self._expect(")", opener)
        self.open_abs = saved_abs
        self._leave()
        return arguments, closing.end

    def _starts_argument(self, token: Token) -> bool:
        """`sin x`, `ln|x|`, `sin -x`; but `sin + x` lacks an argument."""
        if token.kind in _ATOM_KINDS:
            return True
        if token.kind == "op" and token.text in "+-":
            return not self.tokens[self.pos + 1].spaced
        return token.kind == "op" and token.text in "[|"

    def _bare_argument(self) -> Node:
        """`sin 2x`, `ln|x|`, `sin -x`: juxtaposed factors up to a space, an operator or a name."""
        start = self.tok.start
        sign = self._signs()
        first = self._power()
        factors = [first.expr] if sign is _ONE else [sign, first.expr]
        end = first.end
        while True:
            token = self.tok
            if token.spaced or token.kind == "func" or not self._starts_factor(token):
                break
            self._check_number_run(token)
            node = self._power()
            factors.append(node.expr)
            end = node.end
        value = sympy.Mul(*factors) if len(factors) > 1 else first.expr
        self._check_coefficient(value, start, end)
        return Node(value, start, end)

    def _apply(
        self, spec: FunctionSpec, arguments: list[sympy.Expr], start: int, end: int
    ) -> sympy.Expr:
        if spec.name == "exp":
            return self._pow(Node(sympy.E, start, start), Node(arguments[0], start, end))
        if spec.name in _ROOTS:
            return self._pow(Node(arguments[0], start, end), Node(_ROOTS[spec.name], start, end))
        if spec.name == "factorial":
            return self._factorial(Node(arguments[0], start, end))
        if spec.name == "binomial":
            self._check_binomial(arguments, start, end)
        for argument in arguments:
            self._check_argument(Node(argument, start, end), spec.name)
        build = _builder(spec.build, spec.name, arguments)
        result = self._compute(build, tuple(arguments), start, end)
        if result in _UNDEFINED:
            self._undefined(start, end)
        if all(argument.is_number for argument in arguments):
            domain = _REAL_DOMAINS.get(spec.name)
            outside = domain is not None and arguments[0].is_Number and not domain(arguments[0])
            if outside or result.has(sympy.I):  # ln(-2) is ln 2 + iπ, acosh(0) is iπ/2
                self._no_real_value(start, end)
        return result

    def _wrong_arity(self, name: Token, end: int) -> NoReturn:
        spec: FunctionSpec = name.value
        if spec.name == "log":
            self._fail(
                "arguments",
                N_(
                    "A logarithm takes one argument, log(x), or an argument and a base, "
                    "log(x, b) or log_b(x)."
                ),
                name.start,
                end,
            )
        if spec.arities == (2,):
            self._fail(
                "arguments",
                N_("'{name}' takes two arguments, as in {name}(n, k)."),
                name.start,
                end,
                name=self._text(name.start, name.end),
            )
        self._fail(
            "arguments",
            N_("'{name}' takes exactly one argument."),
            name.start,
            end,
            name=self._text(name.start, name.end),
        )

    # -- checks ----------------------------------------------------------------------------

    def _compute(
        self, build: Callable[..., Any], arguments: tuple[Any, ...], start: int, end: int
    ) -> Any:
        """Call sympy; its own failures on odd input become an error located at the span."""
        try:
            return build(*arguments)
        except _SYMPY_FAILURES:
            self._fail("unreadable", _UNREADABLE, start, end, written=self._text(start, end))

    def _check_argument(self, argument: Node, name: str) -> None:
        """sin(10^4342) needs 4342 digits of π to reduce; refuse huge numeric arguments first."""
        value = argument.expr
        if not value.is_number:
            return
        digits = magnitude(value)
        if digits > self.limits.max_argument_digits:
            self._fail(
                "number_too_large",
                N_(
                    "The value inside '{name}' is too large to compute with (about {digits} "
                    "digits; at most {limit})."
                ),
                argument.start,
                argument.end,
                name=name,
                digits=f"{digits:.3g}",
                limit=self.limits.max_argument_digits,
            )

    def _check_coefficient(self, value: sympy.Expr, start: int, end: int) -> None:
        digits = coefficient_digits(value)
        if digits > self.limits.max_result_digits:
            self._too_many_digits(start, end, digits)

    def _too_many_digits(self, start: int, end: int, digits: float) -> NoReturn:
        self._fail(
            "number_too_large",
            N_(
                "This number would have about {digits} digits, too many to compute (at most "
                "{limit})."
            ),
            start,
            end,
            digits=f"{digits:.3g}" if digits < 1e15 else "10^15+",
            limit=self.limits.max_result_digits,
        )

    def _no_real_value(self, start: int, end: int) -> NoReturn:
        self._fail(
            "undefined",
            N_(
                "'{written}' has no real value (for example, the square root or the logarithm "
                "of a negative number)."
            ),
            start,
            end,
            written=self._text(start, end),
        )

    def _undefined(self, start: int, end: int) -> NoReturn:
        self._fail(
            "undefined",
            N_("'{written}' is undefined (for example, a division by zero)."),
            start,
            end,
            written=self._text(start, end),
        )


def _builder(
    build: Callable[..., Any], name: str, arguments: list[sympy.Expr]
) -> Callable[..., Any]:
    """The function itself, or its unevaluated form where sympy's simplification runs away.

    An absolute value of anything but a single number or name is kept as typed: sympy splits the
    argument into real and imaginary parts, and `|2^(x^529)|` expands a 529th power (a minute).
    """
    if name == "Abs" and not all(argument.is_Atom for argument in arguments):
        return partial(build, evaluate=False)
    return build


def _no_real_power(base: sympy.Expr, exponent: sympy.Expr, result: sympy.Expr) -> bool:
    """A power of numbers with no real value: an even root of a negative number (sympy keeps
    `(-1)^(1/4)` as it is, and makes `(-4)^(1/2)` 2i); odd roots of negatives are real."""
    if result.has(sympy.I):
        return True
    even_root = exponent.is_Rational and exponent.q % 2 == 0
    return bool(even_root and base.is_extended_negative)


def _times(sign: sympy.Expr, expr: sympy.Expr) -> sympy.Expr:
    """`sign * expr` for a sign from `_signs`, without sympy's operator dispatch for ±1.

    1·expr is expr; -1 times anything but a number is the Mul that `-1 * expr` builds; the rest
    (numbers, where sympy multiplies out, and ±) goes through the operator itself.
    """
    if sign is _ONE:
        return expr
    if sign is _MINUS_ONE and not expr.is_Number:
        return sympy.Mul(_MINUS_ONE, expr)
    return sign * expr


def _exceeds(number: sympy.Number, limit: int) -> bool:
    """`abs(number) > limit`, exactly, from a rational's p and q (no sympy abs and comparison)."""
    if number.is_Rational:
        return abs(number.p) > limit * number.q
    return bool(abs(number) > limit)


def _abs_float(number: sympy.Number) -> float:
    """`float(abs(number))`; an integer below 2^53 converts exactly straight from its p."""
    if number.is_Integer and abs(number.p) < _FLOAT_EXACT:
        return float(abs(number.p))
    return float(abs(number))


def _reciprocal(node: Node) -> Node:
    return Node(sympy.Pow(node.expr, -1), node.start, node.end)


def _number(literal: str) -> sympy.Expr:
    """An integer stays exact; a decimal becomes a Float carrying all the digits typed."""
    if literal.isdigit():
        return sympy.Integer(int(literal))
    digits = sum(char.isdigit() for char in literal.split("e")[0].split("E")[0])
    return sympy.Float(literal, max(15, digits))


def _abbreviate(value: sympy.Basic) -> str:
    if value.is_Integer and integer_digits(int(value)) > 16:
        return f"≈10^{integer_digits(int(value)) - 1}"
    text = str(value.evalf(6)) if value.is_Float else str(value)
    return text if len(text) <= 16 else text[:12] + "…"
