"""The Jinja2 environments, built in one place: strict, translated, with each format's filters.

A teacher's `--templates DIR` comes first in a `ChoiceLoader`, so any shipped template can be
overridden by name without touching Python.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator.i18n import translate
from generator.render.mathml import formula_to_mathml, text_to_html
from generator.render.texescape import escape_tex, text_to_tex
from generator.resources import templates_dir

Format = Literal["html", "latex"]


def build_environment(fmt: Format, lang: str, overrides: Path | None = None) -> Environment:
    """The environment that renders `fmt` documents in `lang`, overrides first."""
    folders = [overrides, templates_dir()] if overrides is not None else [templates_dir()]
    environment = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(folder)) for folder in folders]),
        undefined=StrictUndefined,
        autoescape=fmt == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    if fmt == "html":
        _install_html(environment, lang)
    else:
        _install_latex(environment, lang)
    environment.globals["lang"] = lang
    return environment


def _install_html(environment: Environment, lang: str) -> None:
    def gettext(message: str, **params: Any) -> str:
        return translate(message, lang, **params)

    def formula(latex: str, display: bool = False) -> Markup:
        return formula_to_mathml(latex, display)

    environment.install_gettext_callables(gettext, _ngettext(lang), newstyle=False)  # type: ignore[attr-defined]
    environment.filters.update(text=text_to_html, formula=formula)


def _install_latex(environment: Environment, lang: str) -> None:
    def gettext(message: str, **params: Any) -> str:
        return escape_tex(translate(message, lang, **params))

    def formula(latex: str, display: bool = False) -> str:
        return rf"\[{latex}\]" if display else rf"\(\displaystyle {latex}\)"

    environment.install_gettext_callables(gettext, _ngettext(lang), newstyle=False)  # type: ignore[attr-defined]
    environment.filters.update(text=text_to_tex, formula=formula, tex=escape_tex)


def _ngettext(lang: str) -> Any:
    def ngettext(singular: str, plural: str, count: int, **params: Any) -> str:
        return translate(singular if count == 1 else plural, lang, count=count, **params)

    return ngettext
