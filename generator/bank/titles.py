"""A template's title in the reader's language: what `list`, the practice picker and sheets show."""

from __future__ import annotations

from generator.bank.schema import Title
from generator.i18n import LANGUAGES


def title_sources(title: Title) -> dict[str, str]:
    """The title per language the author gave (a plain string in YAML is the English one)."""
    given = {"en": title.en, "zh": title.zh}
    return {lang: text for lang, text in given.items() if text is not None}


def title_in(title: Title, lang: str) -> str:
    """The title in `lang`, falling back to English when the author gave no such version."""
    return title_sources(title).get(lang, title.en)


def missing_title_languages(title: Title) -> list[str]:
    """Shipped languages the title has no version for (`validate` warns about each)."""
    return [lang for lang in LANGUAGES if lang not in title_sources(title)]
