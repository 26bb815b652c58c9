"""Options shared by several commands, defined once."""

from __future__ import annotations

import click

from generator.i18n import LANGUAGES

lang_option = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="en",
    show_default=True,
    help="Language of everything a person reads in the output.",
)
