"""Every sentence a person reads exists in both shipped languages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from generator.i18n import Message, catalog, normalize_language, placeholders, translate
from generator.resources import templates_dir

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"N_": None, "_": None, "gettext": None}
METHODS = [
    ("**.py", "python"),
    ("**.html", "jinja2.ext:babel_extract"),
    ("**.tex", "jinja2.ext:babel_extract"),
    ("**.j2", "jinja2.ext:babel_extract"),
    ("**.md", "jinja2.ext:babel_extract"),
    ("**.txt", "jinja2.ext:babel_extract"),
]
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n"}


def _extracted() -> Iterator[tuple[str, str]]:
    for folder in (ROOT / "generator", templates_dir()):
        options = {pattern: JINJA_OPTIONS for pattern, method in METHODS if method != "python"}
        for filename, _lineno, message, _comments, _context in extract_from_dir(
            str(folder), METHODS, options_map=options, keywords=KEYWORDS
        ):
            if isinstance(message, str) and message:
                yield f"{folder.name}/{filename}", message


MESSAGES = sorted(set(_extracted()))


def test_messages_are_extracted() -> None:
    """The extractor finds the marked messages (an empty list would make the next tests vacuous)."""
    assert any(message == "{file}: {path}: {detail}" for _, message in MESSAGES)


@pytest.mark.parametrize(("where", "message"), MESSAGES, ids=[m[:60] for _, m in MESSAGES])
def test_every_message_has_a_chinese_translation(where: str, message: str) -> None:
    """A marked message has a zh translation with the same {placeholders}."""
    translated = catalog("zh").get(message)
    assert translated, f"{where}: no zh translation for {message!r}"
    assert placeholders(translated) == placeholders(message)


def test_catalog_has_no_stale_entries() -> None:
    """Every zh entry is still used somewhere, so translators never work on dead text."""
    used = {message for _, message in MESSAGES}
    stale = sorted(set(catalog("zh")) - used)
    assert stale == []


@pytest.mark.parametrize(
    ("given", "expected"),
    [("zh", "zh"), ("zh-Hans", "zh"), ("zh_CN", "zh"), ("EN-us", "en"), ("fr", "en"), (None, "en")],
)
def test_language_names_are_normalised(given: str | None, expected: str) -> None:
    """Browser and locale spellings map to a shipped language; others fall back to English."""
    assert normalize_language(given) == expected


def test_message_parameters_are_translated_too() -> None:
    """A Message inside a Message is rendered in the same language."""
    inner = Message("{file}: {path}: {detail}", {"file": "a", "path": "b", "detail": "c"})
    assert translate("{file}: {path}: {detail}", "zh", file="f", path="p", detail=inner) == (
        "f：p：a：b：c"
    )
