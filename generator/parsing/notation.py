"""Words around an answer that are not part of it, read off the normalised text before tokenizing.

Students write the derivative's name before their answer (`dy/dx = 6x`, `f'(x) = 6x`, `f_x = 2y`).
Where the answer asked is an expression or a number, such a label is recognised by its exact shape
and dropped; the rest is read as usual, so the interpreted answer shows only what follows it. A
single final full stop (`6x.`) ends a sentence, not the answer, whatever the kind. Other spellings
are read only for the kind they fit: a decimal comma (`0,5`) in an expression or number, `∅` or
`none` as a whole set, a LaTeX `pmatrix` as a tuple.
"""

from __future__ import annotations

import re

from generator.parsing.source import Source
from generator.parsing.tokens import Vocabulary

LABEL_KINDS = frozenset({"expression", "number"})
"""The answers a derivative's name may stand before: its value, not an equation."""
LABEL_LETTERS = frozenset("yfghzuw")
"""Letters that name a function in a derivative's label, unless a variable of the problem."""
_POINT = r"[A-Za-z]|-?\d+(?:\.\d+)?"


def _arguments(name: str) -> str:
    """Optional arguments `(x)`, `(x, y)`, `(2)` in the group `name`."""
    return rf"(?:\( *(?P<{name}>(?:{_POINT})(?: *, *(?:{_POINT}))*) *\))?"


def _order(name: str) -> str:
    """An optional order `^2` or `^{2}`, one digit, in the groups `name` and `name_`."""
    return rf"(?:\^ *(?:\{{ *(?P<{name}>[1-9]) *\}}|(?P<{name}_>[1-9])))?"


_LABEL = re.compile(
    r" *(?:"
    rf"(?P<prime>[A-Za-z]) *'{{1,3}} *{_arguments('pargs')}"
    rf"|d *{_order('dn')} *(?P<dletter>[A-Za-z]) */ *d *(?P<dwrt>[A-Za-z]) *"
    rf"{_order('dd')}"
    rf"|∂ *{_order('pn')} *(?P<pletter>[A-Za-z]) */ *∂ *(?P<pwrt>[A-Za-z]) *"
    rf"{_order('pd')}"
    r"|\\[dt]?frac *\{ *(?P<fop>d|\\partial) *"
    rf"{_order('fn')} *(?P<fletter>[A-Za-z]) *\}} *"
    r"\{ *(?P=fop) *(?P<fwrt>[A-Za-z]) *"
    rf"{_order('fd')} *\}}"
    rf"|(?P<sletter>[A-Za-z]) *_ *(?:\{{ *(?P<swrt>[A-Za-z]{{1,3}}) *\}}|(?P<swrt1>[A-Za-z])) *"
    rf"{_arguments('sargs')}"
    r") *==?(?!=)"
)
"""`y' =`, `f''(x) =`, `dy/dx =`, `d^2y/dx^2 =`, `∂f/∂x =`, `\\frac{dy}{dx} =`, `f_{xy}(x, y) =`;
orders up to 9, at most three primes or subscript letters: anything longer is no label."""
_DIRECTIONAL = re.compile(
    r" *D *_ *(?:\{ *(?:\\(?:vec|mathbf|hat|bf) *)?\{? *(?P<ubrace>[A-Za-z]) *\}? *\}"
    r"|(?P<u>[A-Za-z]))"
    rf" *(?P<dirletter>[A-Za-z]) *{_arguments('dirargs')} *==?(?!=)"
)
"""A directional (or, by a variable, partial) derivative's name before its value: `D_u f =`,
`D_{\\mathbf{u}} f(1, 2) =`, `D_x f =`."""
_GRADIENT = re.compile(
    r" *(?:∇|\\nabla|grad) *(?:(?P<gletter>[A-Za-z])|\( *(?P<gparen>[A-Za-z]) *\))"
    rf" *{_arguments('gargs')} *==?(?!=)"
)
"""A gradient's name before its components: `∇f =`, `\\nabla f(1, 2) =`, `grad f =`, `grad(f) =`."""
_MEMBERSHIP = re.compile(
    r" *(?:(?P<one>[A-Za-z])|\( *(?P<many>[A-Za-z](?: *, *[A-Za-z])+) *\))"
    r" *(?:∈|\\in(?![A-Za-z])) *"
)
"""The variables a set gives the values of, before it: `x ∈ {-1, 1}`, `(x, y) \\in {…}`."""
_STOPS = frozenset(".。")
_BRACKETS = frozenset("()[]{}<>|\\")
_COMMA_NUMBER = re.compile(r"(?<![\d.])(\d+),(\d+)(?![\d.])")
_MATRIX = re.compile(
    r" *\\begin *\{(?P<env>[pb]matrix)\}(?P<inner>.*?)\\end *\{(?P=env)\} *", re.DOTALL
)
EMPTY_SET = frozenset(
    {
        "∅",
        "\\emptyset",
        "\\varnothing",
        "{}",
        "\\{\\}",
        "none",
        "no solution",
        "no solutions",
        "no stationary points",
        "无",
        "没有",
    }
)
"""How students write the empty set, compared without case or spaces between words."""


def without_label(source: Source, kind: str | None, vocab: Vocabulary) -> Source:
    """The text after the name of what is asked: a derivative's (`dy/dx =`) or a directional
    derivative's (`D_u f =`) before an expression or number, a gradient's (`∇f =`) before a
    tuple, the variables (`x ∈`) before a set.

    A function's letter is y, f, g, h, z, u, w or a declared function, never a variable of the
    problem; the letters it differentiates by (`dx`, `∂x`, `f_x`) and its arguments are variables.
    """
    if kind in LABEL_KINDS:
        match = _LABEL.match(source.text)
        if match is None or not _is_label(match, vocab):
            match = _DIRECTIONAL.match(source.text)
            if match is None or not _is_directional(match, vocab):
                return source
    elif kind == "tuple":
        match = _GRADIENT.match(source.text)
        if match is None or not _is_gradient(match, vocab):
            return source
    elif kind == "set":
        match = _MEMBERSHIP.match(source.text)
        names = match and (match["one"] or match["many"]).replace(" ", "").split(",")
        if not names or names != sorted(names) or not all(n in vocab.variables for n in names):
            return source  # (y, x) ∈ … would reorder the points: not dropped
    else:
        return source
    return _tail(source, match.end())


def _is_function_letter(letter: str, vocab: Vocabulary) -> bool:
    return letter not in vocab.variables and (letter in LABEL_LETTERS or letter in vocab.functions)


def _at_variables_or_numbers(arguments: str | None, vocab: Vocabulary) -> bool:
    return all(name in vocab.variables for name in re.findall(r"[A-Za-z]", arguments or ""))


def _is_directional(match: re.Match[str], vocab: Vocabulary) -> bool:
    return (
        "D" not in vocab.variables
        and _is_function_letter(match["dirletter"], vocab)
        and _at_variables_or_numbers(match["dirargs"], vocab)
    )


def _is_gradient(match: re.Match[str], vocab: Vocabulary) -> bool:
    return _is_function_letter(match["gletter"] or match["gparen"], vocab) and (
        _at_variables_or_numbers(match["gargs"], vocab)
    )


def _is_label(match: re.Match[str], vocab: Vocabulary) -> bool:
    groups = match.groupdict()
    letter = next(
        groups[name]
        for name in ("prime", "dletter", "pletter", "fletter", "sletter")
        if groups[name] is not None
    )
    if letter in vocab.variables or not (letter in LABEL_LETTERS or letter in vocab.functions):
        return False
    if groups["dletter"] is not None and "d" in vocab.variables:
        return False
    for top, bottom in (("dn", "dd"), ("pn", "pd"), ("fn", "fd")):
        if (groups[top] or groups[top + "_"]) != (groups[bottom] or groups[bottom + "_"]):
            return False
    wrt = "".join(groups[name] or "" for name in ("dwrt", "pwrt", "fwrt", "swrt", "swrt1"))
    points = re.findall(r"[A-Za-z]", (groups["pargs"] or groups["sargs"] or ""))
    return all(name in vocab.variables for name in (*wrt, *points))


def without_stop(source: Source) -> Source:
    """The text before a single final full stop (`6x.`, `6x。`, `6x .`; `6.` is 6)."""
    text = source.text
    end = len(text)
    while end and text[end - 1] == " ":
        end -= 1
    if not end or text[end - 1] not in _STOPS:
        return source
    before = text[: end - 1].rstrip(" ")
    if not before or before[-1] in _STOPS:
        return source
    return _head(source, end - 1)


def with_decimal_points(source: Source, kind: str | None) -> Source:
    """`0,5` → 0.5, `3,14x` → 3.14x, for an expression or number answer, where nothing else can
    read the comma: every comma stands between digits, unspaced, and there is no bracket or
    brace in the answer (`(1,2)`, `log(8,2)`, `1, 2` never change). `1,000` might be a thousand
    and `1.5,2` is no number: left as typed. A function call is ruled out by the caller.
    """
    text = source.text
    if kind not in LABEL_KINDS or "," not in text or not _BRACKETS.isdisjoint(text):
        return source
    commas = 0
    for match in _COMMA_NUMBER.finditer(text):
        whole, fraction = match.groups()
        if len(fraction) == 3 and whole.strip("0"):
            return source
        commas += 1
    if commas != text.count(","):
        return source
    return Source(source.original, text.replace(",", "."), source.starts, source.ends)


def column_vector(source: Source, kind: str | None) -> Source:
    """`\\begin{pmatrix}2x\\\\2y\\end{pmatrix}` (or a row, `2x & 2y`; or `bmatrix`) as the tuple
    `(2x, 2y)` where a tuple is asked. Rewritten in place, character for character, so an error
    still points at what the student typed; a matrix with both rows and columns is left as typed.
    """
    if kind != "tuple":
        return source
    match = _MATRIX.fullmatch(source.text)
    if match is None:
        return source
    inner = match.group("inner")
    if "\\begin" in inner or ("&" in inner and "\\\\" in inner):
        return source
    body = inner.rstrip(" ")
    if body.endswith("\\\\"):  # a last row ended like the others
        body = body[:-2]
    body = body.replace("\\\\", ", ").replace("&", ",").ljust(len(inner))
    opener, closer = ("(", ")") if match.group("env") == "pmatrix" else ("[", "]")
    start, end = match.span("inner")
    text = source.text
    rewritten = opener.rjust(start) + body + closer.ljust(len(text) - end)
    return Source(source.original, rewritten, source.starts, source.ends)


def is_empty_set(source: Source, kind: str | None) -> bool:
    """`∅`, `\\emptyset`, `none`, `no solution`, `无` where a set is asked (`{}` is read anyway)."""
    if kind != "set" or len(source.text) > 32:
        return False
    words = source.text.lower().split()
    return "".join(words) in EMPTY_SET or " ".join(words) in EMPTY_SET


def _tail(source: Source, start: int) -> Source:
    return Source(source.original, source.text[start:], source.starts[start:], source.ends[start:])


def _head(source: Source, end: int) -> Source:
    return Source(source.original, source.text[:end], source.starts[:end], source.ends[:end])
