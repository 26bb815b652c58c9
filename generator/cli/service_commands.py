"""`derivquiz serve` (HTTP checker + practice page) and `derivquiz export` (Moodle XML, QTI)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from generator.cli.help import HelpArgument, TranslatedCommand
from generator.cli.options import help_lang_option, lang_option
from generator.i18n import N_, translate
from generator.service.settings import Settings

_DEFAULTS = Settings()


@click.command(
    cls=TranslatedCommand,
    short_help=N_("Run the HTTP checker and the practice page."),
    help=N_(
        "Run the HTTP checker and the practice page (uvicorn). Each limit is also read from "
        "DERIVQUIZ_<NAME> (e.g. DERIVQUIZ_TEACHER_TOKEN); an option given on the command line "
        "wins."
    ),
)
@click.option("--host", default="127.0.0.1", show_default=True, help=N_("Address to listen on."))
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help=N_("Port to listen on."),
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help=N_("Worker processes; the service is stateless, so any number works."),
)
@click.option(
    "--teacher-token",
    default=None,
    help=N_("Requests carrying this token (X-Teacher-Token) also get keys and steps."),
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    help=N_("Origin allowed to call the API from a browser (repeat; none by default)."),
)
@click.option(
    "--max-body-bytes",
    type=click.IntRange(1),
    show_default=str(_DEFAULTS.max_body_bytes),
    help=N_("Larger bodies get 413."),
)
@click.option(
    "--max-batch",
    type=click.IntRange(1),
    show_default=str(_DEFAULTS.max_batch),
    help=N_("Most answers in one batch."),
)
@click.option(
    "--check-timeout",
    type=click.FloatRange(0, min_open=True),
    show_default=f"{_DEFAULTS.check_timeout:g}",
    help=N_("Seconds one check may take."),
)
@click.option(
    "--max-concurrent-checks",
    type=click.IntRange(1),
    show_default=str(_DEFAULTS.max_concurrent_checks),
    help=N_("Checks one worker runs at once."),
)
@click.option(
    "--access-log/--no-access-log",
    default=False,
    show_default=True,
    help=N_("Log every request (a proxy in front usually does this already)."),
)
@click.option(
    "--bank",
    "bank_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=N_("Extra folder of problem banks."),
)
@help_lang_option
def serve(host: str, port: int, workers: int, access_log: bool, **given: Any) -> None:
    """Merge the options over the environment's settings and start uvicorn."""
    import uvicorn

    chosen = {name: value for name, value in given.items() if value not in (None, ())}
    settings = replace(Settings.from_env(), **chosen)
    # Workers are separate processes: they read their settings back from the environment.
    os.environ.update(settings.to_env())
    uvicorn.run(
        "generator.service.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=access_log,
    )


@click.command(
    cls=TranslatedCommand,
    short_help=N_("Export a manifest's problems for an LMS."),
    help=N_("Export a manifest's problems for an LMS: Moodle XML or a Canvas QTI 1.2 zip."),
)
@click.argument(
    "manifest",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    cls=HelpArgument,
    help=N_("The manifest.json written by generate."),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["moodle", "qti"]),
    required=True,
    help=N_("Moodle XML or Canvas QTI 1.2."),
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help=N_("File to write (.xml for Moodle, .zip for QTI)."),
)
@click.option(
    "--stack/--no-stack",
    default=True,
    show_default=True,
    help=N_("Moodle: expression parts as STACK questions, or numerical at a point."),
)
@lang_option
def export(manifest: Path, fmt: str, output: Path, stack: bool, lang: str) -> None:
    """Read the manifest, call `export`, report what was written and skipped."""
    from generator.bank import read_manifest
    from generator.exports import export as export_questions

    written = export_questions(read_manifest(manifest), output, fmt, stack=stack, lang=lang)  # type: ignore[arg-type]
    click.echo(
        translate(
            N_("Wrote {count} questions to {path}."),
            lang,
            count=len(written.questions),
            path=output,
        )
    )
    for skipped in written.skipped:
        click.echo(
            translate(
                N_("Skipped {template} #{seed} part {label}: {reason}."),
                lang,
                template=skipped.template,
                seed=skipped.seed,
                label=skipped.label,
                reason=skipped.reason,
            ),
            err=True,
        )


COMMANDS = (serve, export)
