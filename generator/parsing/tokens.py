"""Tokenizer: normalised text → numbers, names, operators, each located in the student's text.

Run-together letters (`2sinxcosx`, `xy`, `xe`) are split only into the declared variables, known
function names and constants, preferring the longest name first (`arcsin`, never a·r·c·s·i·n), with
backtracking so a split is found whenever one exists. LaTeX commands from equation editors are read
here too, so the grammar sees one notation.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import sympy

from generator.i18n import N_
from generator.parsing.limits import Limits
from generator.parsing.names import (
    CALCULUS_WORDS,
    CONSTANTS,
    FUNCTIONS,
    LATEX_CALCULUS,
    LATEX_FRACTIONS,
    LATEX_IGNORED,
    LATEX_NAME_GROUPS,
    LATEX_OPERATORS,
    LATEX_WORDS,
    OTHER_NOTATION,
    PROGRAM_WORDS,
    SPECS,
    FunctionSpec,
)
from generator.parsing.source import Source

_OPERATORS = frozenset("+-*/^=,(){}[]<>|!_±")
CONNECTIVES = {"and": "and", "or": "or", "和": "and", "或": "or"}
"""Words that join the elements of a set answer (`x = 1 or x = -1`); a separator token each."""
_NUMBER = re.compile(r"\d+\.\d+|\.\d+|\d+")
_SCIENTIFIC = re.compile(r"[eE][+-]?\d+")
_LETTERS = re.compile(r"[A-Za-z]+")
_PROGRAM_NAME = re.compile(r"[A-Za-z0-9_]+")
_MAXIMA_CONSTANT = re.compile(r"%(pi|e)(?![A-Za-z])")
"""Maxima's (STACK's) `%e` and `%pi`; no other `%` is read."""
AMBIGUOUS = N_("'{written}' is ambiguous: write {first} or {second}.")
"""The one message for a reading with two meanings: the text, then each way to write it."""
_TEX_POWER = re.compile(r" *\^ *(?P<exponent>\{[^{}]{0,32}\}|[0-9A-Za-z])")
"""A power right after a root's one-token argument: `^2`, `^{10}`."""
_TEX_ROOT_RUN = re.compile(r"[A-Za-z0-9.]+")
_LEFT = frozenset({"left", "bigl", "Bigl", "biggl", "Biggl"})
_RIGHT = frozenset({"right", "bigr", "Bigr", "biggr", "Biggr"})
_BARS = ("|", "\\vert", "\\lvert", "\\rvert")
"""An absolute value's bar after `\\left` or `\\right`: these bars say which side they are on."""


class Token(NamedTuple):
    """One token; `start`/`end` index the normalised text; `spaced` if whitespace precedes it.

    A NamedTuple rather than a frozen dataclass: a 2,000-character answer makes 2,000 of them.
    """

    kind: str  # num, var, const, func, frac, op, end
    text: str
    start: int
    end: int
    spaced: bool = False
    value: Any = None


@dataclass(frozen=True)
class Vocabulary:
    """The names one check accepts: its variables, the functions, the constants not shadowed."""

    variables: Mapping[str, sympy.Symbol]
    functions: Mapping[str, FunctionSpec]
    constants: Mapping[str, sympy.Expr]
    by_first: Mapping[str, tuple[str, ...]]

    def entry(self, name: str) -> tuple[str, Any]:
        """The token kind and value of a name known to be in the vocabulary."""
        if name in self.variables:
            return "var", self.variables[name]
        if name in self.functions:
            return "func", self.functions[name]
        return "const", self.constants[name]

    def knows(self, name: str) -> bool:
        return name in self.variables or name in self.functions or name in self.constants


@lru_cache(maxsize=256)
def vocabulary(variables: tuple[sympy.Symbol, ...], functions: tuple[str, ...]) -> Vocabulary:
    """The vocabulary of a check; cached, since a class set reuses a few variable lists."""
    declared = {symbol.name: symbol for symbol in variables}
    extra = {name: FunctionSpec(name, sympy.Function(name), arities=()) for name in functions}
    known_functions = {**FUNCTIONS, **extra}
    constants = {name: value for name, value in CONSTANTS.items() if name not in declared}
    names = sorted({*declared, *known_functions, *constants}, key=len, reverse=True)
    by_first: dict[str, list[str]] = {}
    for name in names:
        by_first.setdefault(name[0], []).append(name)
    return Vocabulary(
        declared,
        known_functions,
        constants,
        {first: tuple(group) for first, group in by_first.items()},
    )


def tokenize(
    source: Source, vocab: Vocabulary, limits: Limits, *, semicolons: bool = False
) -> list[Token]:
    """All tokens of the normalised text, ending with an `end` token.

    `semicolons` reads `;` as a list separator (set answers) instead of refusing it as program code.
    """
    return _leading_brace_group(_Tokenizer(source, vocab, limits, semicolons).run())


def _leading_brace_group(tokens: list[Token]) -> list[Token]:
    """`{x}^{2}` (as some equation editors write x²) at the start is a group, not a set to a power.

    The braces become brackets, which the grammar reads as grouping wherever they stand.
    """
    if not (tokens[0].kind == "op" and tokens[0].text == "{"):
        return tokens
    depth = 0
    for index, token in enumerate(tokens):
        if token.kind == "op" and token.text in "{}":
            depth += 1 if token.text == "{" else -1
            if depth == 0:
                after = tokens[index + 1]
                if after.kind == "op" and after.text == "^":
                    tokens[0] = tokens[0]._replace(text="(")
                    tokens[index] = token._replace(text=")")
                return tokens
    return tokens


class _Tokenizer:
    def __init__(self, source: Source, vocab: Vocabulary, limits: Limits, semicolons: bool) -> None:
        self.source = source
        self.text = source.text
        self.vocab = vocab
        self.limits = limits
        self.semicolons = semicolons
        self.tokens: list[Token] = []
        self.spaced = False
        self.lefts: list[tuple[bool, int, int]] = []
        """The `\\left` delimiters (and `\\lvert`) not yet closed: a bar?, and where it stands."""

    def run(self) -> list[Token]:
        text = self.text
        index = 0
        while index < len(text):
            char = text[index]
            if char == " ":
                self.spaced = True
                index += 1
            elif char.isdigit() or (char == "." and text[index + 1 : index + 2].isdigit()):
                index = self._number(index)
            elif char.isascii() and char.isalpha():
                index = self._word(index, len(text))
            elif char == "\\":
                index = self._latex(index)
            elif char in _OPERATORS:
                index = self._operator(index)
            elif char in CONNECTIVES or (char == ";" and self.semicolons):
                self._emit("op", CONNECTIVES.get(char, ";"), index, index + 1)
                index += 1
            elif constant := _MAXIMA_CONSTANT.match(text, index):
                name = constant.group(1)
                self._emit("const", name, index, constant.end(), CONSTANTS[name])
                index = constant.end()
            else:
                self._refuse_character(index)
        self._emit("end", "", len(text), len(text))
        return self.tokens

    def _emit(self, kind: str, text: str, start: int, end: int, value: Any = None) -> None:
        """Append a token, marked `spaced` if whitespace (or an ignored command) preceded it."""
        self.tokens.append(Token(kind, text, start, end, self.spaced, value))
        self.spaced = False

    def _number(self, index: int) -> int:
        match = _NUMBER.match(self.text, index)
        assert match is not None
        end = match.end()
        literal = match.group()
        digits, exponent_text = len(literal), ""  # an integer: digits only
        if "." in literal:
            exponent = _SCIENTIFIC.match(self.text, end)
            if exponent is not None:
                end = exponent.end()
                literal = self.text[index:end]
            mantissa, _, exponent_text = (
                literal.partition("e") if "e" in literal else (literal.partition("E"))
            )
            digits = sum(char.isdigit() for char in mantissa)
        if digits > self.limits.max_literal_digits or len(exponent_text) > 6:
            self.source.fail(
                "number_too_large",
                N_("The number {number} has too many digits (at most {limit})."),
                index,
                end,
                number=_abbreviate(literal),
                limit=self.limits.max_literal_digits,
            )
        if "." not in literal:
            self._refuse_integer_exponent(index, end)
        self._emit("num", literal, index, end)
        return end

    def _refuse_integer_exponent(self, start: int, end: int) -> None:
        """`3E2`, `2e5`, `3e-2`: 300 or 0.03 in other systems' scientific notation, or 3·e·2 and
        3e − 2 with Euler's e. Written with spaces, `3e - 2` is only the latter."""
        text = self.text
        letter = text[end : end + 1]
        sign = text[end + 1 : end + 2] if text[end + 1 : end + 2] in ("-", "+") else ""
        digits_at = end + 1 + len(sign)
        if letter not in ("e", "E") or not text[digits_at : digits_at + 1].isdigit():
            return
        power = _NUMBER.match(text, digits_at)
        assert power is not None
        mantissa, exponent = text[start:end], _abbreviate(power.group())
        self.source.fail(
            "ambiguous",
            AMBIGUOUS,
            start,
            power.end(),
            written=f"{mantissa}{letter}{sign}{exponent}",
            first=f"{mantissa}*10^{sign.lstrip('+')}{exponent}",
            second=f"{mantissa}{letter} {sign} {exponent}"
            if sign
            else f"{mantissa}*{letter}*{exponent}",
        )

    def _word(self, start: int, stop: int) -> int:
        """Split the letters at `start` into known names; returns where the split ends."""
        text = self.text
        letters = _LETTERS.match(text, start, stop)
        assert letters is not None
        word = letters.group()
        self._refuse_word(word, start)
        region_end = start
        while region_end < stop and text[region_end].isascii() and text[region_end].isalnum():
            region_end += 1
        if region_end == start + len(word) and self.vocab.knows(word):
            # a known name filling the region is the split's own first (longest) choice
            kind, value = self.vocab.entry(word)
            self._emit(kind, word, start, region_end, value)
            return region_end
        width = region_end - start
        ok = [False] * (width + 1)
        choice: list[str] = [""] * width
        ok[width] = True
        for position in range(region_end - 1, start - 1, -1):
            if text[position].isdigit():
                ok[position - start] = True
                continue
            for name in self.vocab.by_first.get(text[position], ()):
                after = position + len(name)
                if after <= region_end and ok[after - start] and text.startswith(name, position):
                    ok[position - start] = True
                    choice[position - start] = name
                    break
        if not ok[0]:
            if word.lower() in CONNECTIVES and region_end == start + len(word):
                self._emit("op", CONNECTIVES[word.lower()], start, region_end)
                return region_end
            self._unknown(start, region_end, ok, word)
        position = start
        while position < region_end and not text[position].isdigit():
            name = choice[position - start]
            kind, value = self.vocab.entry(name)
            self._emit(kind, name, position, position + len(name), value)
            position += len(name)
        return position

    def _refuse_word(self, word: str, start: int) -> None:
        lowered = word.lower()
        if lowered in CALCULUS_WORDS:
            self._refuse_calculus(word, start, start + len(word))
        if lowered in PROGRAM_WORDS:
            self.source.fail(
                "refused",
                N_(
                    "'{name}' is a programming word, not mathematics; it cannot be part of an "
                    "answer."
                ),
                start,
                start + len(word),
                name=word,
            )

    def _refuse_calculus(self, name: str, start: int, end: int) -> None:
        self.source.fail(
            "refused",
            N_("'{name}' is a calculus operation; type its result as an expression instead."),
            start,
            end,
            name=name,
        )

    def _unknown(self, start: int, region_end: int, ok: list[bool], word: str) -> None:
        """Report the first stretch of letters that no split into known names can cover."""
        instead = OTHER_NOTATION.get(word)
        if instead is not None and (word != "C" or self._binomial_c(start)):
            self.source.fail(
                "unknown_name",
                N_("'{name}' is not read here; write {example}."),
                start,
                start + len(word),
                name=word,
                example=instead,
            )
        for refused in sorted(CALCULUS_WORDS | PROGRAM_WORDS, key=len, reverse=True):
            found = word.lower().find(refused)
            if found >= 0:
                self._refuse_word(word[found : found + len(refused)], start + found)
        reachable = {start}
        frontier = [start]
        while frontier:
            position = frontier.pop()
            for name in self.vocab.by_first.get(self.text[position], ()):
                after = position + len(name)
                if (
                    after < region_end
                    and after not in reachable
                    and self.text.startswith(name, position)
                    and not self.text[after].isdigit()
                ):
                    reachable.add(after)
                    frontier.append(after)
        bad_start = max(reachable)
        bad_end = bad_start + 1
        while bad_end < region_end and not ok[bad_end - start]:
            bad_end += 1
        self._fail_unknown(self.text[bad_start:bad_end], bad_start, bad_end)

    def _binomial_c(self, start: int) -> bool:
        """`5C2`, `C(5, 2)`: a `C` between numbers or before two arguments is a binomial coefficient
        (not a constant of integration, as in `2C` or `C(x + 1)`)."""
        text = self.text
        if text[start - 1 : start].isdigit() and text[start + 1 : start + 2].isdigit():
            return True
        closing = text.find(")", start + 2, start + 66)
        return text[start + 1 : start + 2] == "(" and "," in text[start + 2 : max(closing, 0)]

    def _fail_unknown(self, name: str, start: int, end: int) -> None:
        typed = self.source.excerpt(start, end)
        variables = sorted(self.vocab.variables)
        known = [*variables, *self.vocab.functions, *self.vocab.constants]
        same_letters = [  # `Sin`, `LN`, `X` in other capitals; constants (`I`) are no typo's fix
            candidate
            for candidate in (*variables, *self.vocab.functions)
            if candidate.lower() == name.lower()
        ]
        close = same_letters or difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        listed = ", ".join(variables)
        if not variables:
            self.source.fail(
                "unknown_name",
                N_("Unknown name '{name}'; this answer has no variables."),
                start,
                end,
                name=typed,
            )
        if close:
            self.source.fail(
                "unknown_name",
                N_(
                    "Unknown name '{name}'; did you mean '{suggestion}'? The variables here are "
                    "{variables}."
                ),
                start,
                end,
                name=typed,
                suggestion=close[0],
                variables=listed,
            )
        self.source.fail(
            "unknown_name",
            N_("Unknown name '{name}'; the variables here are {variables}."),
            start,
            end,
            name=typed,
            variables=listed,
        )

    def _latex(self, index: int) -> int:
        text = self.text
        letters = _LETTERS.match(text, index + 1)
        end = letters.end() if letters else min(index + 2, len(text))
        command = text[index + 1 : end]
        if command in _LEFT | _RIGHT or command in ("lvert", "rvert"):
            bar = self._bar_after(index, end, command)
            if bar is not None:
                return bar
        if command in LATEX_IGNORED:
            self.spaced = True
        elif command in LATEX_OPERATORS:
            self._emit("op", LATEX_OPERATORS[command], index, end)
        elif command in LATEX_FRACTIONS:
            self._emit("frac", command, index, end)
        elif command in LATEX_NAME_GROUPS:
            return self._latex_name_group(index, end)
        elif command in LATEX_CALCULUS:
            self._refuse_calculus("\\" + command, index, end)
        elif command in LATEX_WORDS:
            name = LATEX_WORDS[command]
            if not self.vocab.knows(name):
                self._fail_unknown(name, index, end)
            kind, value = self.vocab.entry(name)
            self._emit(kind, name, index, end, value)
            if name == "sqrt":
                self._tex_root_argument(index, end)
        else:
            self.source.fail(
                "unknown_name",
                N_("Unknown LaTeX command '{name}'."),
                index,
                end,
                name="\\" + command,
            )
        return end

    def _bar_after(self, index: int, end: int, command: str) -> int | None:
        """`\\left| … \\right|`, `\\lvert … \\rvert`: an absolute value whose sides are named.

        Read as Abs( … ), so nested bars pair as written even without braces
        (`\\left|a\\left|b\\right|c\\right|` is |a·|b|·c|, not |a|·b·|c|); returns where the bar
        ends, or None when the command is read as before (another delimiter, or a `\\right|` that
        no named bar opened).
        """
        text = self.text
        bar_start, bar_end = index, end  # `\\lvert`, `\\rvert`: the command is the bar
        if command in _LEFT or command in _RIGHT:
            bar_start = end
            while bar_start < len(text) and text[bar_start] == " ":
                bar_start += 1
            bar = next((bar for bar in _BARS if text.startswith(bar, bar_start)), None)
            bar_end = bar_start + len(bar) if bar else bar_start
            if bar is not None and bar != "|" and text[bar_end : bar_end + 1].isalpha():
                bar = None  # `\\left\\vertical`: another command
            if bar is None:
                delimiter_end = min(bar_start + 1, len(text))
                self._pair_delimiter(command in _LEFT, False, index, delimiter_end)
                return None
        opening = command in _LEFT or command == "lvert"
        if not self._pair_delimiter(opening, True, index, bar_end):
            return None
        if opening:
            self._emit("func", "Abs", index, bar_start, SPECS["Abs"])
            self._emit("op", "(", bar_start, bar_end)
        else:
            self._emit("op", ")", index, bar_end)
        return bar_end

    def _pair_delimiter(self, opening: bool, bar: bool, start: int, end: int) -> bool:
        """Keep `\\left`/`\\right` pairs: True if a bar opens or closes a named absolute value.

        `\\left| x \\right)` is refused as mismatched; a `\\right|` with no `\\left` open is
        read as a plain bar, as before.
        """
        if opening:
            self.lefts.append((bar, start, end))
            return bar
        if not self.lefts:
            return False
        opened_bar, opened_start, opened_end = self.lefts.pop()
        if opened_bar != bar:
            self.source.fail(
                "unbalanced",
                N_("'{bracket}' is closed by '{found}'; brackets must match."),
                start,
                end,
                bracket=self.source.excerpt(opened_start, opened_end).strip(),
                found=self.source.excerpt(start, end).strip(),
            )
        return bar

    def _tex_root_argument(self, index: int, end: int) -> None:
        """`\\sqrt23`: TeX puts only the 2 under the root (as `\\frac12` is ½), but √23 may be
        meant; a root whose unbraced argument runs on is ambiguous, as `\\frac123` is refused."""
        text = self.text
        position = end
        if text.startswith("[", position):  # `\\sqrt[3]27`: the index, then the argument
            closing = text.find("]", position, position + 64)
            if closing < 0:
                return
            position = closing + 1
        while position < len(text) and text[position] == " ":
            position += 1
        run = _TEX_ROOT_RUN.match(text, position)
        if run is None or run.group()[0] == ".":
            return
        root, argument = text[index:position].rstrip(), _abbreviate(run.group())
        if len(run.group()) > 1:
            end_at = run.end()
            first = f"{root}{{{argument}}}"
            second = f"{root}{{{argument[0]}}}\\cdot {argument[1:]}"
        else:  # `\\sqrt x^2`: TeX squares the root, (√x)², which is no √(x²)
            power = _TEX_POWER.match(text, run.end())
            if power is None:
                return
            end_at, exponent = power.end(), power.group("exponent")
            first = f"{root}{{{argument}^{exponent}}}"
            second = f"({root}{{{argument}}})^{exponent}"
        self.source.fail(
            "ambiguous",
            AMBIGUOUS,
            index,
            end_at,
            written=_abbreviate(self.source.excerpt(index, end_at)),
            first=first,
            second=second,
        )

    def _latex_name_group(self, index: int, end: int) -> int:
        """`\\operatorname{sech}`, `\\mathrm{e}`: the braces hold a name, read as if typed bare."""
        text = self.text
        opened = end
        while opened < len(text) and text[opened] == " ":
            opened += 1
        closed = text.find("}", opened)
        inner = text[opened + 1 : closed].strip() if closed > opened else ""
        if opened >= len(text) or text[opened] != "{" or not inner.isalpha():
            self.source.fail(
                "unexpected",
                N_("'{command}' must be followed by a name in braces, as in {example}."),
                index,
                end,
                command=text[index:end],
                example=text[index:end] + "{e}",
            )
        self.spaced = True
        inner_start = text.index(inner, opened)
        position = inner_start
        while position < inner_start + len(inner):
            position = self._word(position, inner_start + len(inner))
        return closed + 1

    def _operator(self, index: int) -> int:
        text = self.text
        char = text[index]
        if char == "*" and text[index + 1 : index + 2] == "*":
            self._emit("op", "^", index, index + 2)
            return index + 2
        if char == "=" and text[index + 1 : index + 2] == "=":
            self._emit("op", "=", index, index + 2)
            return index + 2
        if char == "_":
            self._underscore(index)
        self._emit("op", char, index, index + 1)
        return index + 1

    def _underscore(self, index: int) -> None:
        previous = self.tokens[-1] if self.tokens else None
        is_log_base = (
            previous is not None
            and previous.kind == "func"
            and previous.value.name == "log"
            and not self.spaced
        )
        if is_log_base and self.text[index + 1 : index + 2] != "_":
            return
        name = _PROGRAM_NAME.match(self.text, index)
        assert name is not None
        if "__" in name.group():
            self.source.fail(
                "refused",
                N_("'{name}' looks like program code; it cannot be part of a mathematical answer."),
                index,
                name.end(),
                name=name.group(),
            )
        self.source.fail(
            "unexpected",
            N_("'_' is only read for a logarithm's base, as in log_2(x)."),
            index,
            index + 1,
        )

    def _refuse_character(self, index: int) -> None:
        char = self.text[index]
        if char in '"`':
            self.source.fail(
                "refused",
                N_("Quotes and text in quotes cannot be part of a mathematical answer."),
                index,
                index + 1,
            )
        if char == "'":
            self.source.fail(
                "refused",
                N_(
                    "A prime (') cannot be read; type the expression itself, for example 2x "
                    "rather than f'(x) = 2x."
                ),
                index,
                index + 1,
            )
        if char == ";":
            self.source.fail(
                "refused",
                N_("';' separates program statements; it cannot be part of a mathematical answer."),
                index,
                index + 1,
            )
        if char == "." and index + 1 < len(self.text):
            name = _PROGRAM_NAME.match(self.text, index + 1)
            if name is not None:
                self.source.fail(
                    "refused",
                    N_(
                        "'.{name}' looks like program code (attribute access); it cannot be part "
                        "of a mathematical answer."
                    ),
                    index,
                    name.end(),
                    name=name.group(),
                )
        self.source.fail(
            "unexpected",
            N_("The character '{char}' cannot be read here."),
            index,
            index + 1,
            char=self.source.excerpt(index, index + 1),
        )


def _abbreviate(literal: str) -> str:
    return literal if len(literal) <= 16 else literal[:12] + "…"
