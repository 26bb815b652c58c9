"""The practice page: one Jinja template rendered in the reader's language, plus static files.

Every sentence the page shows, including the ones its script writes later, is rendered here through
the translation layer; the script receives them as a JSON block and holds no English of its own.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Template

from generator import __version__
from generator.i18n import LANGUAGE_NAMES, LANGUAGES
from generator.render.environment import build_environment
from generator.resources import templates_dir


def static_dir() -> Path:
    """Script and style of the page, served under /static (no CDN: the page works offline)."""
    return templates_dir() / "practice" / "static"


@lru_cache(maxsize=len(LANGUAGES))
def _template(lang: str) -> Template:
    return build_environment("html", lang).get_template("practice/index.html")


def render_page(lang: str, topics: list[str]) -> str:
    """The page's HTML for one language, listing the topics that have templates."""
    return _template(lang).render(
        languages=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        topics=topics,
        version=__version__,
    )
