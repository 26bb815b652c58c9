"""Where the shipped data lives, in a source checkout and in an installed wheel alike.

The wheel carries `templates/` and `problem_banks/` inside the package (see pyproject.toml);
a source checkout or an editable install keeps them at the repository root.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    packaged = _PACKAGE / name
    return packaged if packaged.is_dir() else _PACKAGE.parent / name


def templates_dir() -> Path:
    """The Jinja2 templates shipped with derivquiz."""
    return _data_dir("templates")


def banks_dir() -> Path:
    """The YAML problem banks shipped with derivquiz."""
    return _data_dir("problem_banks")


def locale_dir() -> Path:
    """The gettext catalogs (one folder per language)."""
    return _PACKAGE / "locale"
