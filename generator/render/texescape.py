"""Plain text (names, course titles, translated headings) made safe inside a LaTeX document."""

from __future__ import annotations

from generator.render.mathml import split_math

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    # The default (OT1) text fonts print these as other glyphs (¡, ¿, —); math has them right.
    "<": r"\ensuremath{<}",
    ">": r"\ensuremath{>}",
    "|": r"\ensuremath{|}",
}


def escape_tex(text: object) -> str:
    """Every LaTeX special character of a plain text, escaped."""
    return "".join(_SPECIAL.get(char, char) for char in str(text))


def text_to_tex(text: str) -> str:
    """Text with inline `\\( … \\)` LaTeX: the text escaped, the formulas kept as they are."""
    pieces = []
    for kind, piece in split_math(text):
        if kind == "text":
            pieces.append(escape_tex(piece))
        elif kind == "inline":
            pieces.append(rf"\({piece}\)")
        else:
            pieces.append(rf"\[{piece}\]")
    return "".join(pieces)
