"""The `derivquiz` command line: a click group whose commands are thin shells over the API.

Each command lives in its own module of this package and is registered below. Errors meant for a
person are caught once, in `main`, and turned into a message and an exit code.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from generator.cli.click_errors import render_click_error
from generator.cli.help import TranslatedGroup, requested_language
from generator.cli.options import help_lang_option
from generator.errors import DerivquizError
from generator.i18n import N_, translate


@click.group(
    cls=TranslatedGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_("derivquiz: randomized, auto-graded differential-calculus exercises."),
)
@click.version_option(package_name="derivquiz", help=N_("Show the version and exit."))
@help_lang_option
def cli() -> None:
    """The group; the language is read from the whole command line by TranslatedGroup."""


def main() -> None:
    """Entry point of the console script: run the group, turn known errors into exit codes."""
    lang = requested_language(sys.argv[1:], os.environ)
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo(translate(N_("Aborted."), lang), err=True)
        sys.exit(1)
    except click.ClickException as error:
        click.echo(render_click_error(error, lang), err=True)
        sys.exit(error.exit_code)
    except DerivquizError as error:
        click.echo(f"derivquiz: {error.render(lang)}", err=True)
        sys.exit(error.exit_code)


# One module per family of commands; each exposes COMMANDS, a tuple of click commands.
COMMAND_MODULES: tuple[str, ...] = (
    "check_command",
    "grade_command",
    "service_commands",
    "bank_commands",
    "explain_command",
)


def _register() -> None:
    for name in COMMAND_MODULES:
        for command in importlib.import_module(f"generator.cli.{name}").COMMANDS:
            cli.add_command(command)


_register()
