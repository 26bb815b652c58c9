"""Help and messages of the command line in the reader's language.

Click builds help text from plain strings; these subclasses translate each string (help, short help,
option help, section headings) through `generator.i18n.translate` at the moment it is displayed, so
the strings stay English `N_` templates in the code. The language is decided once, from the whole
command line and the environment, before click parses anything: `--help` is eager and runs before
the `--lang` option itself is processed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import click

from generator.cli.formatting import WideHelpFormatter
from generator.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, normalize_language, translate

LANG_KEY = "derivquiz.lang"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

USAGE = N_("Usage: ")
OPTIONS = N_("Options")
ARGUMENTS = N_("Arguments")
COMMANDS = N_("Commands")
HELP_OPTION = N_("Show this message and exit.")
DEFAULT = N_("default: {default}")
REQUIRED = N_("required")


def requested_language(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The reader's language: `--lang` anywhere in argv, else DERIVQUIZ_LANG, else the locale.

    A `--lang` value that is not a shipped language is skipped: click refuses it, in the language
    the environment asks for.
    """
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            arg = f"--lang={argv[index + 1]}"
        if arg.startswith("--lang=") and arg.removeprefix("--lang=") in LANGUAGES:
            return arg.removeprefix("--lang=")
    if environ.get("DERIVQUIZ_LANG"):
        return normalize_language(environ["DERIVQUIZ_LANG"])
    # POSIX order: the first locale variable that is set decides, even if it is C.
    for name in LOCALE_VARIABLES:
        if environ.get(name):
            return normalize_language(environ[name])
    return DEFAULT_LANGUAGE


def language_of(ctx: click.Context | None) -> str:
    """The language chosen for this invocation (the environment's when run outside the group)."""
    if ctx is not None and LANG_KEY in ctx.meta:
        return str(ctx.meta[LANG_KEY])
    return requested_language((), os.environ)


def default_language() -> str:
    """Default of every `--lang` option: what the command line and environment asked for."""
    return language_of(click.get_current_context(silent=True))


def _option_record(option: click.Option, ctx: click.Context, lang: str) -> tuple[str, str] | None:
    """Click's help row of an option, with its help and the default/required notes translated."""
    names = option.get_help_record(ctx)
    if names is None:
        return None
    extra = option.get_help_extra(ctx)
    notes = []
    if "default" in extra:
        # A string show_default is the default itself (click would put it in parentheses).
        shown = option.show_default if isinstance(option.show_default, str) else extra["default"]
        notes.append(translate(DEFAULT, lang, default=shown))
    if "range" in extra:
        notes.append(extra["range"])
    if "required" in extra:
        notes.append(translate(REQUIRED, lang))
    text = translate(option.help, lang) if option.help else ""
    if notes:
        joined = "; ".join(notes)
        text = f"{text}  [{joined}]" if text else f"[{joined}]"
    return names[0], text


class HelpArgument(click.Argument):
    """A positional argument with a help line (click's arguments have none)."""

    def __init__(self, param_decls: Sequence[str], help: str | None = None, **attrs: Any) -> None:
        super().__init__(param_decls, **attrs)
        self.help = help


class HelpContext(click.Context):
    """A context whose help formatter lays out Chinese by display width."""

    formatter_class = WideHelpFormatter


class TranslatedCommand(click.Command):
    """A command whose help is rendered in the invocation's language."""

    context_class = HelpContext

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        prefix = translate(USAGE, language_of(ctx))
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=prefix)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.help:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(translate(self.help, language_of(ctx)))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = language_of(ctx)
        params = self.get_params(ctx)
        arguments = [
            (param.human_readable_name, translate(param.help, lang))
            for param in params
            if isinstance(param, HelpArgument) and param.help
        ]
        records = (_option_record(p, ctx, lang) for p in params if isinstance(p, click.Option))
        options = [record for record in records if record is not None]
        for heading, rows in ((ARGUMENTS, arguments), (OPTIONS, options)):
            if rows:
                with formatter.section(translate(heading, lang)):
                    formatter.write_dl(rows)

    def short_help_in(self, lang: str) -> str:
        """The one-line summary shown in the group's list of commands."""
        return translate(self.short_help or self.help or "", lang)


class TranslatedGroup(click.Group, TranslatedCommand):
    """The `derivquiz` group: decides the language before parsing, lists commands translated."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:
            ctx.meta[LANG_KEY] = requested_language(args, os.environ)
        return super().parse_args(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = language_of(ctx)
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            if isinstance(command, TranslatedCommand):
                rows.append((name, command.short_help_in(lang)))
            else:
                rows.append((name, command.get_short_help_str()))
        if rows:
            with formatter.section(translate(COMMANDS, lang)):
                formatter.write_dl(rows)
