"""LaTeX → MathML on our side, so an HTML worksheet reads offline with no script and no CDN.

Statements and step explanations are text with inline `\\( … \\)` or `$ … $` (display: `\\[ … \\]`)
LaTeX; keys and steps are bare LaTeX. Every `<math>` keeps its source as `alttext` for readers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from functools import lru_cache
from xml.etree.ElementTree import tostring

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
    element.set("alttext", latex)
    return Markup(tostring(element, encoding="unicode"))


def text_to_html(text: str) -> Markup:
    """Text with inline LaTeX → escaped HTML whose formulas are MathML."""
    pieces = []
    for kind, piece in split_math(text):
        if kind == "text":
            pieces.append(escape(piece))
        else:
            pieces.append(formula_to_mathml(piece, display=kind == "display"))
    return Markup("").join(pieces)
