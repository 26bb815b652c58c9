"""Feedback sentences with `$…$` formulas become HTML with MathML, safely."""

from __future__ import annotations

import pytest

from generator.service.mathtext import sentence_html


@pytest.mark.parametrize(
    ("text", "formulas", "shown"),
    [
        ("the derivative of $x^{3}$ is $3 x^{2}$.", 2, "the derivative of "),
        ("no formula <b>here</b>", 0, "no formula &lt;b&gt;here&lt;/b&gt;"),
        ("costs $5", 0, "costs $5"),
        ("broken $x^$ formula", 0, "broken $x^$ formula"),
    ],
    ids=["two-formulas", "escaped", "unpaired-dollar", "unreadable-latex"],
)
def test_sentence_html(text: str, formulas: int, shown: str) -> None:
    """Formulas become `<math>`, text is escaped, and nothing unreadable raises."""
    rendered = sentence_html(text)
    assert rendered.count("<math") == formulas
    assert rendered.startswith(shown)
