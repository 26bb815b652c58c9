"""Click's own error messages (a bad option, a missing argument) in the reader's language.

Click formats these itself, in English, before derivquiz sees them. Each message click can give
a derivquiz user is listed here as click's template (the text in click's source) beside our own,
marked for translation: a message is matched against click's template, and the parts it fills in (an
option's name, the value typed) are put into ours. The part that is itself a message (the reason a
value is invalid) is translated the same way. Text no template matches stays as click wrote it.
"""

from __future__ import annotations

import re
from functools import cache

import click

from generator.i18n import N_, translate

CLICK_MESSAGES: tuple[tuple[str, str], ...] = (
    ("Invalid value for {param_hint}: {message}", N_("Invalid value for {param_hint}: {message}")),
    ("Invalid value: {message}", N_("Invalid value: {message}")),
    ("Missing argument {param_hint}.", N_("Missing argument {param_hint}.")),
    ("Missing option {param_hint}.", N_("Missing option {param_hint}.")),
    ("Missing parameter {param_hint}.", N_("Missing parameter {param_hint}.")),
    (
        "No such option {name!r}. Did you mean {possibility}?",
        N_("No such option '{name}'. Did you mean {possibility}?"),
    ),
    (
        "No such option {name!r}. (Did you mean one of: {possibilities}?)",
        N_("No such option '{name}'. Did you mean one of: {possibilities}?"),
    ),
    ("No such option {name!r}.", N_("No such option '{name}'.")),
    ("No such command {name!r}.", N_("No such command '{name}'.")),
    ("Got unexpected extra argument ({args})", N_("Unexpected extra argument: {args}")),
    ("Got unexpected extra arguments ({args})", N_("Unexpected extra arguments: {args}")),
    ("Option {name!r} requires an argument.", N_("Option '{name}' needs a value.")),
    ("Option {name!r} requires {nargs} arguments.", N_("Option '{name}' needs {nargs} values.")),
    ("Option {name!r} does not take a value.", N_("Option '{name}' does not take a value.")),
    ("{value!r} is not one of {choices}.", N_("'{value}' is not one of {choices}.")),
    ("{value!r} is not a valid integer.", N_("'{value}' is not a whole number.")),
    ("{value!r} is not a valid float.", N_("'{value}' is not a number.")),
    ("{value!r} is not a valid integer range.", N_("'{value}' is not a whole number.")),
    ("{value!r} is not a valid float range.", N_("'{value}' is not a number.")),
    ("{value} is not in the range {range}.", N_("{value} is not in the range {range}.")),
    ("{value!r} is not {choice}.", N_("'{value}' is not {choice}.")),
    ("File {filename!r} does not exist.", N_("File '{filename}' does not exist.")),
    ("Directory {filename!r} does not exist.", N_("Folder '{filename}' does not exist.")),
    ("Path {filename!r} does not exist.", N_("Path '{filename}' does not exist.")),
    ("File {filename!r} is a directory.", N_("'{filename}' is a folder, not a file.")),
    ("Directory {filename!r} is a file.", N_("'{filename}' is a file, not a folder.")),
    ("Path {filename!r} is a directory.", N_("'{filename}' is a folder, not a file.")),
    ("Path {filename!r} is a file.", N_("'{filename}' is a file, not a folder.")),
    ("{filename!r}: No such file or directory", N_("'{filename}': no such file.")),
    ("{filename!r}: Permission denied", N_("'{filename}': permission denied.")),
    ("{filename!r}: Is a directory", N_("'{filename}' is a folder, not a file.")),
    (
        "Could not open file {filename!r}: {reason}",
        N_("Could not open file '{filename}': {reason}"),
    ),
)
"""(click's template, ours): the first whose template matches the whole message is used, so a
template comes before any more general one (`is not one of …` before `is not …`)."""

ERROR = N_("Error: {message}")
TRY_HELP = N_("Try '{command} {option}' for help.")
_FIELD = re.compile(r"\{(\w+)(!r)?\}")


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((_pattern(click_text), ours) for click_text, ours in CLICK_MESSAGES)


def _pattern(template: str) -> re.Pattern[str]:
    """Click's template as a regex: `{name}` any text, `{name!r}` a quoted string (repr); each
    as short as the whole message allows (a hint `'--batch'` ends at its first `: `)."""
    parts = []
    position = 0
    for field in _FIELD.finditer(template):
        parts.append(re.escape(template[position : field.start()]))
        name, quoted = field.groups()
        parts.append(f"'(?P<{name}>.*?)'" if quoted else f"(?P<{name}>.*?)")
        position = field.end()
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts), re.DOTALL)


def translate_click_message(text: str, lang: str) -> str:
    """`text`, one of click's messages, in `lang`; a message no template matches is unchanged."""
    for pattern, ours in _patterns():
        match = pattern.fullmatch(text)
        if match is None:
            continue
        fields = match.groupdict()
        if "message" in fields:
            fields["message"] = translate_click_message(fields["message"], lang)
        return translate(ours, lang, **fields)
    return text


def render_click_error(error: click.ClickException, lang: str) -> str:
    """What click's `error.show()` prints, in `lang`: for a usage error the usage line and where
    to find help first, then the error."""
    message = translate(ERROR, lang, message=translate_click_message(error.format_message(), lang))
    context = getattr(error, "ctx", None)
    if not isinstance(error, click.UsageError) or context is None:
        return message
    lines = [context.get_usage()]
    if context.command.get_help_option(context) is not None:
        option = max(context.command.get_help_option_names(context), key=len)
        lines.append(translate(TRY_HELP, lang, command=context.command_path, option=option))
    return "\n".join([*lines, "", message])
