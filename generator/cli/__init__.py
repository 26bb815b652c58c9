"""The `derivquiz` command line: a click group whose commands are thin shells over the API.

Each command lives in its own module of this package and is registered below. Errors meant for a
person are caught once, in `main`, and turned into a message and an exit code.
"""

from __future__ import annotations

import importlib
import sys

import click

from generator.errors import DerivquizError
from generator.i18n import LANGUAGES


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="derivquiz")
def cli() -> None:
    """derivquiz: randomized, auto-graded differential-calculus exercises."""


def main() -> None:
    """Entry point of the console script: run the group, turn known errors into exit codes."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except DerivquizError as error:
        lang = _requested_language(sys.argv)
        click.echo(f"derivquiz: {error.render(lang)}", err=True)
        sys.exit(error.exit_code)


def _requested_language(argv: list[str]) -> str:
    for index, arg in enumerate(argv):
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and index + 1 < len(argv) and argv[index + 1] in LANGUAGES:
            return argv[index + 1]
    return "en"


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
