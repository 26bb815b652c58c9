"""Statement text: Jinja2 (sandboxed, StrictUndefined) over the instance's values, per language.

A template gives its statement per language or names a shared phrase of the catalog below. Phrases
are Jinja2 text too, translated through the catalog before rendering. Values reach the text as
sympy objects; the `latex` filter prints them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jinja2
import sympy
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator.bank.schema import Text
from generator.i18n import LANGUAGES, N_, translate
from generator.latex import house_latex

PHRASES: Mapping[str, str] = {
    "differentiate": N_("Differentiate \\( {{ signature }} = {{ f | latex }} \\)."),
    "consider": N_("Let \\( {{ signature }} = {{ f | latex }} \\)."),
    "chain_rule": N_(
        "Let \\( {{ signature }} = {{ f | latex }} \\), where {{ inner }}. Use the chain rule."
    ),
}


def _latex(value: Any) -> str:
    """LaTeX as a teacher writes it: `\\ln` for the natural log, highest degree first."""
    if not isinstance(value, sympy.Basic):
        return str(value)
    return house_latex(value, order="grlex")


def _environment() -> jinja2.Environment:
    env = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False)
    env.filters["latex"] = _latex
    return env


ENVIRONMENT = _environment()


def sources(text: Text) -> dict[str, str]:
    """The Jinja2 source per shipped language; a language the author left out is absent."""
    if text.phrase is not None:
        return {lang: translate(PHRASES[text.phrase], lang) for lang in LANGUAGES}
    given = {"en": text.en, "zh": text.zh}
    return {lang: source for lang, source in given.items() if source is not None}


def missing_languages(text: Text) -> list[str]:
    """Shipped languages the text has no version for (a phrase has them all)."""
    return [lang for lang in LANGUAGES if lang not in sources(text)]


def compile_text(source: str) -> jinja2.Template:
    """Compile once at load; a syntax error surfaces as `jinja2.TemplateSyntaxError`."""
    return ENVIRONMENT.from_string(source)


def render(compiled: Mapping[str, jinja2.Template], lang: str, context: Mapping[str, Any]) -> str:
    """The text in `lang`, falling back to English when the author gave no such version."""
    template = compiled.get(lang) or compiled["en"]
    return template.render(**context)
