"""The Jinja2 environment of the grading pages: one per language, with the house filters.

Autoescaping is on for HTML (answers are student text); Markdown pages put student text in code
spans instead. `_` translates a marked sentence; `fill` puts parameters into a translated one.
"""

from __future__ import annotations

from functools import cache

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    pass_eval_context,
    select_autoescape,
)
from jinja2.nodes import EvalContext
from latex2mathml.converter import convert
from markupsafe import Markup, escape

from generator.i18n import normalize_language, translate
from generator.resources import templates_dir


@cache
def environment(lang: str) -> Environment:
    """The environment whose `_` speaks `lang`."""
    lang = normalize_language(lang)
    env = Environment(
        loader=FileSystemLoader(templates_dir() / "grading"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["_"] = lambda message: translate(message, lang)
    env.globals["lang"] = lang
    env.filters["fill"] = fill
    env.filters["mathml"] = mathml
    env.filters["code"] = markdown_code
    env.filters["num"] = format_number
    return env


@pass_eval_context
def fill(context: EvalContext, template: str, **params: object) -> str:
    """`{name}` fields of a translated sentence filled in; in HTML the values are escaped."""
    if context.autoescape:
        return Markup(escape(template)).format(**params)
    return template.format(**params)


def mathml(latex: str) -> Markup:
    """LaTeX as inline MathML; LaTeX the converter cannot read is shown as code."""
    try:
        return Markup(convert(latex))
    except Exception:  # the converter raises many kinds; code is a fine fallback for any of them
        return Markup("<code>{}</code>").format(latex)


def markdown_code(text: str) -> str:
    """Text as a Markdown code span that nothing inside it can close, on one line."""
    flat = " ".join(text.split())
    fence = "`" * (_longest_backtick_run(flat) + 1)
    return f"{fence} {flat} {fence}" if flat else "—"


def _longest_backtick_run(text: str) -> int:
    longest = current = 0
    for char in text:
        current = current + 1 if char == "`" else 0
        longest = max(longest, current)
    return longest


def format_number(value: float) -> str:
    """Points as a teacher writes them: 2, 0.5, 1.25 (two decimals at most)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
