"""Sentences with inline formulas (feedback, statements, steps) become HTML with MathML, safely."""

from __future__ import annotations

import pytest

from generator.render.mathml import text_to_html


@pytest.mark.parametrize(
    ("text", "formulas", "shown"),
    [
        (r"the derivative of \(x^{3}\) is \(3 x^{2}\).", 2, "the derivative of "),
        ("the derivative of $x^{3}$ is $3 x^{2}$.", 2, "the derivative of "),
        (r"display \[x^2\] too", 1, "display "),
        ("no formula <b>here</b>", 0, "no formula &lt;b&gt;here&lt;/b&gt;"),
        ("costs $5", 0, "costs $5"),
        (r"broken \(x^\) formula", 0, r"broken \(x^\) formula"),
    ],
    ids=["parens", "dollars", "display", "escaped", "unpaired-dollar", "unreadable-latex"],
)
def test_text_to_html(text: str, formulas: int, shown: str) -> None:
    """Formulas become `<math>`, text is escaped, and LaTeX that cannot be read never raises."""
    rendered = str(text_to_html(text))
    assert rendered.count("<math") == formulas
    assert rendered.startswith(shown)
