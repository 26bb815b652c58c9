"""LaTeX → MathML on our side, so an HTML worksheet reads offline with no script and no CDN.

Statements and step explanations are text with inline `\\( … \\)` or `$ … $` (display: `\\[ … \\]`)
LaTeX; keys and steps are bare LaTeX. Every `<math>` keeps its source as `alttext` for readers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from functools import lru_cache
from xml.etree.ElementTree import Element, tostring

from latex2mathml.converter import convert_to_element
from markupsafe import Markup, escape

_MATH = re.compile(
    r"\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\]|(?<!\\)\$(?P<dollar>[^$]+?)(?<!\\)\$",
    re.DOTALL,
)


def split_math(text: str) -> Iterator[tuple[str, str]]:
    """Pieces of a text with inline LaTeX: ("text", …), ("inline", latex), ("display", latex)."""
    position = 0
    for match in _MATH.finditer(text):
        if match.start() > position:
            yield "text", text[position : match.start()]
        group = next(name for name, value in match.groupdict().items() if value is not None)
        yield ("display" if group == "display" else "inline"), match.group(group).strip()
        position = match.end()
    if position < len(text):
        yield "text", text[position:]


@lru_cache(maxsize=4096)
def formula_to_mathml(latex: str, display: bool = False) -> Markup:
    """One formula as a `<math>` element with its LaTeX source as alt text."""
    element = convert_to_element(latex, display="block" if display else "inline")
    for node in element.iter():
        # latex2mathml writes characters as `&#x…;` text; make them characters so that
        # serialising escapes exactly once.
        if node.text:
            node.text = html.unescape(node.text)
    _tighten(element)
    element.set("alttext", latex)
    return Markup(tostring(element, encoding="unicode"))


# What makes a bracket pair worth stretching: content taller than a line of text.
_TALL = frozenset({"mfrac", "mtable", "munderover", "munder", "mover", "msqrt", "mroot"})
_PRIMES = frozenset("′″‴")
_SIGNS = frozenset("−+")


def _tighten(root: Element) -> None:
    """Typeset sympy's `\\left( … \\right)` and `f'` as a reader writes them.

    latex2mathml makes every `\\left(` a stretchy fence, which browsers set with visible gaps
    ("sin ( 4x )"): brackets around one line of text become ordinary, tight ones. A prime becomes
    an operator after its base, since U+2032 already sits high; as a superscript it floats.
    """
    for row in root.iter("mrow"):
        fences = [child for child in row if child.tag == "mo" and child.get("fence") == "true"]
        if len(fences) != 2 or any(node.tag in _TALL for node in row.iter()):
            continue
        for fence in fences:
            fence.attrib = {"stretchy": "false", "lspace": "0", "rspace": "0"}
    for row in root.iter("mrow"):
        for before, sign in zip([None, *row], row, strict=False):
            if sign.tag == "mo" and sign.text in _SIGNS and (before is None or before.tag == "mo"):
                sign.set("form", "prefix")  # a sign, as in {−1, 1}, not a binary minus
    for parent in list(root.iter()):
        for index, child in reversed(list(enumerate(parent))):
            if child.tag == "msup" and len(child) == 2 and _is_prime(child[1]):
                base, prime = child[0], Element("mo", {"lspace": "0", "rspace": "0"})
                prime.text = "".join(child[1].itertext())
                parent[index : index + 1] = [base, prime]


def _is_prime(node: Element) -> bool:
    text = "".join(node.itertext())
    return bool(text) and set(text) <= _PRIMES


def text_to_html(text: str) -> Markup:
    """Text with inline LaTeX → escaped HTML whose formulas are MathML."""
    pieces = []
    for kind, piece in split_math(text):
        if kind == "text":
            pieces.append(escape(piece))
        else:
            pieces.append(_formula_or_source(piece, display=kind == "display"))
    return Markup("").join(pieces)


def _formula_or_source(latex: str, display: bool) -> Markup:
    """MathML of a formula; LaTeX it cannot read (typed by an author) is shown as escaped source."""
    try:
        return formula_to_mathml(latex, display=display)
    except Exception:  # latex2mathml's dozen error classes share no base
        return escape(f"\\({latex}\\)")
