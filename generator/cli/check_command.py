"""`derivquiz check`: one answer against an expected answer, or a batch of JSON Lines."""

from __future__ import annotations

import json
from typing import TextIO

import click

from generator.cli.help import HelpArgument, TranslatedCommand
from generator.cli.options import lang_option
from generator.errors import UsageError
from generator.i18n import N_, translate
from generator.model import KINDS, Verdict

MISSING = N_("Give EXPECTED and ANSWER, or --batch FILE.")
STATUS = N_("{status} (score {score})")
READ_AS = N_("We read your answer as: {latex}")
STATUSES = {"correct": N_("correct"), "incorrect": N_("incorrect"), "invalid": N_("invalid")}


@click.command(
    "check",
    cls=TranslatedCommand,
    short_help=N_("Check one answer, or a batch of JSON Lines."),
    help=N_(
        "Check ANSWER against EXPECTED (or each line of a --batch file) and print the verdict."
    ),
)
@click.argument(
    "expected", required=False, cls=HelpArgument, help=N_("The right answer, e.g. 2*x*cos(x^2).")
)
@click.argument(
    "answer", required=False, cls=HelpArgument, help=N_("The student's answer, as typed.")
)
@click.option(
    "--var", "variables", multiple=True, help=N_("A variable of the answer (repeatable).")
)
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default="expression",
    show_default=True,
    help=N_("What kind of answer is expected."),
)
@click.option(
    "--tolerance", type=click.FloatRange(min=0), help=N_("Relative tolerance of numbers.")
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print the verdict as one JSON object."))
@click.option(
    "--batch",
    type=click.File("r", encoding="utf-8"),
    help=N_("JSON Lines of checks (- for stdin); one JSON line out per line in."),
)
@lang_option
def check_command(
    expected: str | None,
    answer: str | None,
    variables: tuple[str, ...],
    kind: str,
    tolerance: float | None,
    as_json: bool,
    batch: TextIO | None,
    lang: str,
) -> None:
    """Parse the arguments, call `check` or `check_line`, print; no checking logic here."""
    from generator.checking import check, check_line  # sympy loads only when a check runs

    if batch is not None:
        for number, line in enumerate(batch, 1):
            click.echo(json.dumps(check_line(line, number, lang=lang), ensure_ascii=False))
        return
    if expected is None or answer is None:
        raise UsageError(MISSING)
    verdict = check(
        expected, answer, variables=variables or None, kind=kind, lang=lang, tolerance=tolerance
    )
    if as_json:
        click.echo(json.dumps(verdict.to_json(), ensure_ascii=False))
    else:
        click.echo(_human(verdict, lang))


def _human(verdict: Verdict, lang: str) -> str:
    status = translate(STATUSES[verdict.status], lang)
    lines = [translate(STATUS, lang, status=status, score=f"{verdict.score:g}"), verdict.feedback]
    if verdict.error is not None and verdict.error.excerpt:
        lines.append(verdict.error.excerpt)
    if verdict.interpreted:
        lines.append(translate(READ_AS, lang, latex=verdict.interpreted))
    return "\n".join(lines)


COMMANDS = (check_command,)
