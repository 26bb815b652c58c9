"""The practice page: one Jinja template rendered in the reader's language, plus static files.

Every sentence the page shows, including the ones its script writes later, is rendered here through
the translation layer; the script receives them as a JSON block and holds no English of its own.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Template

from generator import __version__
from generator.i18n import LANGUAGE_NAMES, LANGUAGES, N_, translate
from generator.render.environment import build_environment
from generator.resources import templates_dir

# What the topic menu shows for each topic id of DESIGN.md.
TOPIC_NAMES: dict[str, str] = {
    "slope": N_("Slope and average rate of change"),
    "limit_definition": N_("Derivative from the limit definition"),
    "constant": N_("Constant rule"),
    "power": N_("Power rule"),
    "sum": N_("Sums and polynomials"),
    "product": N_("Product rule"),
    "quotient": N_("Quotient rule"),
    "chain": N_("Chain rule"),
    "trig": N_("Trigonometric functions"),
    "exponential": N_("Exponential functions"),
    "logarithm": N_("Logarithms"),
    "higher_order": N_("Higher derivatives"),
    "tangent_line": N_("Tangent lines"),
    "stationary_points": N_("Stationary points"),
    "extrema": N_("Maxima and minima"),
    "partial": N_("Partial derivatives"),
    "mixed_partial": N_("Second and mixed partials"),
    "multivariable_chain": N_("Multivariable chain rule"),
    "gradient": N_("Gradient"),
    "directional_derivative": N_("Directional derivatives"),
}


def static_dir() -> Path:
    """Script and style of the page, served under /static (no CDN: the page works offline)."""
    return templates_dir() / "practice" / "static"


@lru_cache(maxsize=len(LANGUAGES))
def _template(lang: str) -> Template:
    return build_environment("html", lang).get_template("practice/index.html")


def render_page(lang: str, topics: list[str]) -> str:
    """The page's HTML for one language, listing the topics that have templates, in course order."""
    ordered = [topic for topic in TOPIC_NAMES if topic in topics]
    ordered += sorted(set(topics) - set(TOPIC_NAMES))
    return _template(lang).render(
        languages=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        topics=[(topic, translate(TOPIC_NAMES.get(topic, topic), lang)) for topic in ordered],
        version=__version__,
    )
