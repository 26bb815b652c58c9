"""Options shared by several commands, defined once."""

from __future__ import annotations

import click

from generator.cli.help import default_language
from generator.i18n import LANGUAGES, N_

# `--lang` of the group and of commands that print nothing to translate: it sets their help's.
help_lang_option = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    expose_value=False,
    help=N_("Language of help and messages (default: DERIVQUIZ_LANG, else the locale, else en)."),
)

# `--lang` of commands whose output a person reads; its default follows the environment.
lang_option = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=default_language,
    help=N_(
        "Language of everything a person reads in the output "
        "(default: DERIVQUIZ_LANG, else the locale, else en)."
    ),
)
