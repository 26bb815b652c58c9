"""Jinja2 environments of the grading pages, one per language and format.

HTML pages use the render stage's environment (strict, translated, MathML), plus the grading
filters; Markdown, which that stage does not write, gets a plain environment here: no escaping,
student text goes into code spans instead. `fill` puts parameters into a translated sentence.
"""

from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape

from generator.i18n import normalize_language, translate
from generator.render.environment import build_environment
from generator.render.mathml import formula_to_mathml
from generator.resources import templates_dir

_DOLLARS = re.compile(r"\$([^$]+)\$")


@cache
def html_environment(lang: str) -> Environment:
    """The render stage's HTML environment in `lang`, with the grading filters."""
    env = build_environment("html", normalize_language(lang))
    env.filters.update(fill=fill, mathml=mathml, num=format_number, math_text=math_text)
    return env


@cache
def markdown_environment(lang: str) -> Environment:
    """An environment for Markdown pages: nothing escaped, `_` speaks `lang`."""
    lang = normalize_language(lang)
    env = Environment(
        loader=FileSystemLoader(templates_dir()),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(_=lambda message: translate(message, lang), lang=lang)
    env.filters.update(fill=fill, code=markdown_code, num=format_number)
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
        return formula_to_mathml(latex)
    except Exception:  # the converter raises many kinds; code is a fine fallback for any of them
        return Markup("<code>{}</code>").format(latex)


def math_text(text: str) -> Markup:
    """A checker's sentence with `$…$` formulas as escaped HTML with MathML in it."""
    pieces = _DOLLARS.split(text)
    # split() with one group alternates text, formula, text …
    return Markup("").join(
        mathml(piece) if index % 2 else escape(piece) for index, piece in enumerate(pieces)
    )


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
