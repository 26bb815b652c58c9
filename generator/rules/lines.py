"""A worked step before printing: the rule, its explanation, and the equality as sympy objects.

Keeping both sides as sympy lets the tests check every step numerically; `to_step` prints it.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from generator.i18n import DEFAULT_LANGUAGE, Message
from generator.model import Step
from generator.rules.printing import Math, latex, text


@dataclass(frozen=True)
class Line:
    """One equality `lhs = rhs` justified by `rule` (a rule id such as `chain`)."""

    rule: str
    explanation: Message
    lhs: sp.Basic
    rhs: sp.Basic
    partial: bool = False
    """The function has other variables: derivatives are written ∂/∂x even of y² or 3x."""

    def to_step(self) -> Step:
        shown = {"partial": self.partial}
        return Step(
            rule=self.rule,
            explanation=self.explanation,
            latex=f"{latex(self.lhs, **shown)} = {latex(self.rhs, **shown)}",
            text=f"{text(self.lhs, **shown)} = {text(self.rhs, **shown)}",
        )


def plain_message(message: Message, lang: str = DEFAULT_LANGUAGE) -> str:
    """An explanation rendered with its mathematics as plain text instead of `$LaTeX$`."""
    params = {
        key: value.text if isinstance(value, Math) else value
        for key, value in message.params.items()
    }
    return Message(message.template, params).render(lang)
