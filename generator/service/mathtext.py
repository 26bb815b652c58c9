"""Sentences with `$…$` math (how the rule engine writes formulas into feedback) as HTML + MathML.

Diagnosis feedback arrives as a finished sentence such as "the derivative of $x^{3}$ is $3 x^{2}$";
the page shows its formulas as MathML, the rest as escaped text.
"""

from __future__ import annotations

import html

from generator.render.mathml import formula_to_mathml


def sentence_html(text: str) -> str:
    """Escaped text whose `$…$` pieces are MathML; an unpaired `$` leaves the sentence as text."""
    pieces = text.split("$")
    if len(pieces) % 2 == 0:
        return html.escape(text, quote=False)
    return "".join(
        _formula(piece) if index % 2 else html.escape(piece, quote=False)
        for index, piece in enumerate(pieces)
    )


def _formula(latex: str) -> str:
    try:
        return str(formula_to_mathml(latex))
    except Exception:  # latex2mathml's dozen error classes share no base; show the source instead
        return html.escape(f"${latex}$", quote=False)
