"""The one translation layer: every sentence a student or teacher reads passes through here.

Messages are written in English in the code, marked with `N_` so Babel can extract them, and carried
as `Message` values (template + parameters) until the edge that knows the reader's language renders
them. Translations live in gettext catalogs, `generator/locale/<lang>/LC_MESSAGES/<domain>.po`, one
domain per area of the program (parsing, checking, steps, bank, render, grading, service, cli).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from babel.messages.pofile import read_po

from generator.resources import locale_dir

LANGUAGES: tuple[str, ...] = ("en", "zh")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES: Mapping[str, str] = {"en": "English", "zh": "中文"}
_BABEL_LOCALES: Mapping[str, str] = {"en": "en", "zh": "zh_Hans"}


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated later, where the language is known."""
    return message


def normalize_language(lang: str | None) -> str:
    """Map `zh`, `zh-Hans`, `zh_CN`, `EN-us` … to a shipped language; anything else is English."""
    if not lang:
        return DEFAULT_LANGUAGE
    base = lang.replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


def babel_locale(lang: str) -> str:
    """The Babel locale id used to format dates and numbers for a shipped language."""
    return _BABEL_LOCALES[normalize_language(lang)]


@cache
def catalog(lang: str) -> Mapping[str, str]:
    """All translated messages of one language, merged over its domains."""
    folder = locale_dir() / lang / "LC_MESSAGES"
    messages: dict[str, str] = {}
    for po_file in sorted(folder.glob("*.po")):
        with po_file.open("rb") as handle:
            for entry in read_po(handle, locale=_BABEL_LOCALES.get(lang, lang)):
                if entry.id and isinstance(entry.id, str) and entry.string and not entry.fuzzy:
                    messages[entry.id] = str(entry.string)
    return messages


def translate(message: str, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """The message in `lang`, with `{name}` fields filled from params (themselves translated)."""
    lang = normalize_language(lang)
    text = message if lang == DEFAULT_LANGUAGE else catalog(lang).get(message, message)
    if not params:
        return text
    rendered = {key: _render_param(value, lang) for key, value in params.items()}
    return text.format(**rendered)


def placeholders(message: str) -> frozenset[str]:
    """The `{name}` fields of a message; a translation must use exactly the same ones."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(message) if name)


def _render_param(value: Any, lang: str) -> Any:
    return value.render(lang) if isinstance(value, Message) else value


@dataclass(frozen=True)
class Message:
    """A sentence not yet translated: an English template (marked with N_) and its parameters."""

    template: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return translate(self.template, lang, **self.params)

    def __str__(self) -> str:
        return self.render(DEFAULT_LANGUAGE)
