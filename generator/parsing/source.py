"""Student text normalised to ASCII notation, with a map back to the student's own characters.

Keyboards and equation editors type the same mathematics many ways (`x²`, `3·x`, `x−1`, full-width
`（x＋1）`, `½`, `√`, `π`). The parser reads one spelling; every normalised character remembers the
span of the original text it came from, so an error points at the column the student typed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from generator.errors import StudentInputError

_SUPERSCRIPTS = {
    "⁰": "0",
    "¹": "1",
    "²": "2",
    "³": "3",
    "⁴": "4",
    "⁵": "5",
    "⁶": "6",
    "⁷": "7",
    "⁸": "8",
    "⁹": "9",
    "⁻": "-",
    "⁺": "+",
    "ˣ": "x",
    "ʸ": "y",
    "ᶻ": "z",
    "ⁿ": "n",
    "ᵗ": "t",
}
"""Superscript characters; a run of them is one exponent (`x⁻¹` is x^(-1), `e²ˣ` is e^(2x))."""

_SUBSCRIPTS = {chr(0x2080 + digit): str(digit) for digit in range(10)}
"""Subscript digits, as in a logarithm's base `log₂ x`."""

_VULGAR_FRACTIONS = {
    "½": "(1/2)",
    "⅓": "(1/3)",
    "⅔": "(2/3)",
    "¼": "(1/4)",
    "¾": "(3/4)",
    "⅕": "(1/5)",
    "⅖": "(2/5)",
    "⅗": "(3/5)",
    "⅘": "(4/5)",
    "⅙": "(1/6)",
    "⅚": "(5/6)",
    "⅛": "(1/8)",
    "⅜": "(3/8)",
    "⅝": "(5/8)",
    "⅞": "(7/8)",
}

_GREEK = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ϑ": "theta",
    "κ": "kappa",
    "λ": "lamda",
    "μ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "ρ": "rho",
    "σ": "sigma",
    "τ": "tau",
    "φ": "phi",
    "ϕ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
}

_CHARACTERS = {
    "·": "*",
    "⋅": "*",
    "∙": "*",
    "•": "*",
    "・": "*",
    "×": "*",
    "∗": "*",
    "÷": "/",
    "∕": "/",
    "⁄": "/",
    "−": "-",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "﹣": "-",
    "、": ",",
    "√": "sqrt",
    "∛": "cbrt",
    "π": "pi",
    "ℯ": "e",
    "⟨": "<",
    "⟩": ">",
    "〈": "<",
    "〉": ">",
    "∣": "|",
    "│": "|",
    "′": "'",
    "″": "'",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "$": " ",
    "\t": " ",
    "\n": " ",
    "\r": " ",
    "\u00a0": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u202f": " ",
    "\u3000": " ",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\ufeff": "",
    **_VULGAR_FRACTIONS,
    **_GREEK,
}


_ASCII_REWRITTEN = frozenset(char for char in _CHARACTERS if char.isascii())


@dataclass(frozen=True)
class Source:
    """The original text, its normalised spelling, and where each normalised character came from."""

    original: str
    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (offset, length) of the normalised characters [start, end)."""
        if start >= len(self.text):
            return len(self.original), 1
        end = max(end, start + 1)
        first = self.starts[start]
        last = self.ends[min(end, len(self.text)) - 1]
        return first, max(1, last - first)

    def excerpt(self, start: int, end: int) -> str:
        """The student's own characters behind the normalised span [start, end)."""
        offset, length = self.span(start, end)
        return self.original[offset : offset + length]

    def fail(self, code: str, template: str, start: int, end: int, **params: Any) -> NoReturn:
        """Raise a StudentInputError located at the normalised span [start, end)."""
        offset, length = self.span(start, end)
        raise StudentInputError(
            code, template, text=self.original, offset=offset, length=length, **params
        )


def normalize(original: str) -> Source:
    """Rewrite unicode and full-width notation as ASCII, keeping the map back to the original."""
    if original.isascii() and not _ASCII_REWRITTEN.intersection(original):
        # plain ASCII maps onto itself: ranges, not a tuple of every offset
        return Source(original, original, range(len(original)), range(1, len(original) + 1))
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def emit(replacement: str, start: int, end: int) -> None:
        pieces.append(replacement)
        starts.extend([start] * len(replacement))
        ends.extend([end] * len(replacement))

    index = 0
    while index < len(original):
        char = original[index]
        for table, operator in ((_SUPERSCRIPTS, "^"), (_SUBSCRIPTS, "_")):
            if char in table:
                end = index
                while end < len(original) and original[end] in table:
                    end += 1
                emit(operator + "(", index, index + 1)
                for position in range(index, end):
                    emit(table[original[position]], position, position + 1)
                emit(")", end - 1, end)
                index = end
                break
        else:
            emit(_one(char), index, index + 1)
            index += 1
    return Source(original, "".join(pieces), tuple(starts), tuple(ends))


def _one(char: str) -> str:
    mapped = _CHARACTERS.get(char)
    if mapped is not None:
        return mapped
    if char.isascii():
        return char
    code = ord(char)
    if 0xFF01 <= code <= 0xFF5E:  # full-width ASCII, as typed with a CJK input method
        return _one(chr(code - 0xFEE0))
    folded = unicodedata.normalize("NFKC", char)
    return folded if folded.isascii() and folded.isprintable() else char
