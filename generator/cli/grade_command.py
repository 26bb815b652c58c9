"""`derivquiz grade`: grade a class from a manifest and a submissions file."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.help import HelpArgument, TranslatedCommand
from generator.cli.options import lang_option
from generator.grading import grade
from generator.grading.submissions import parse_column_option, read_column_map
from generator.i18n import N_, translate


@click.command(
    "grade",
    cls=TranslatedCommand,
    short_help=N_("Grade a class from a manifest and submissions."),
    help=N_("Grade SUBMISSIONS (CSV or JSON Lines) against MANIFEST; write the results to OUTDIR."),
)
@click.argument(
    "manifest",
    type=click.Path(path_type=Path),
    cls=HelpArgument,
    help=N_("The manifest.json written by generate."),
)
@click.argument(
    "submissions",
    type=click.Path(path_type=Path),
    cls=HelpArgument,
    help=N_("The students' answers: CSV or JSON Lines."),
)
@click.option(
    "-o",
    "--outdir",
    type=click.Path(path_type=Path),
    required=True,
    help=N_("Folder for gradebook, LMS imports, feedback and item analysis."),
)
@click.option("--policy", type=click.Path(path_type=Path), help=N_("Grading policy (YAML)."))
@click.option(
    "--jobs", type=click.IntRange(min=1), help=N_("Worker processes (default: all cores).")
)
@click.option(
    "--column",
    "columns",
    multiple=True,
    metavar="NAME=HEADER",
    help=N_('Read a column under another header, e.g. q1="Question 1" (repeatable).'),
)
@click.option(
    "--columns",
    "columns_file",
    type=click.Path(path_type=Path),
    help=N_("Column map file (YAML: name: header)."),
)
@lang_option
def grade_command(
    manifest: Path,
    submissions: Path,
    outdir: Path,
    policy: Path | None,
    jobs: int | None,
    columns: tuple[str, ...],
    columns_file: Path | None,
    lang: str,
) -> None:
    """Read the column map, call `grade`, print its summary; no grading logic here."""
    column_map = read_column_map(columns_file) if columns_file else {}
    column_map.update(parse_column_option(option) for option in columns)
    report = grade(
        manifest, submissions, outdir, policy=policy, jobs=jobs, column_map=column_map, lang=lang
    )
    click.echo(
        translate(
            N_(
                "Graded {graded} of {rows} rows ({answers} answers, {checked} distinct checks); "
                "{issues} problems listed in problems.csv; results in {outdir}."
            ),
            lang,
            graded=report.graded,
            rows=report.rows,
            answers=report.answers,
            checked=report.checked,
            issues=report.issues,
            outdir=str(report.outdir),
        )
    )


COMMANDS = (grade_command,)
