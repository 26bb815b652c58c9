"""`derivquiz list`, `validate`, `schema` and `generate`: thin shells over `generator.bank`.

The bank is imported inside each command, so the other commands start without sympy.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from generator.bank.schema import TOPICS, json_schema_text
from generator.cli.help import HelpArgument, TranslatedCommand
from generator.cli.options import help_lang_option, lang_option
from generator.errors import UsageError
from generator.i18n import N_, translate

FORMATS = ("html", "latex", "pdf", "json")
bank_option = click.option(
    "--bank",
    "banks",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help=N_("A folder of YAML templates to use beside the built-in banks (repeatable)."),
)


@click.command(
    "list",
    cls=TranslatedCommand,
    short_help=N_("List the templates of the problem banks."),
    help=N_("Templates with topic, difficulty and the number of distinct variants."),
)
@bank_option
@click.option("--topic", type=click.Choice(TOPICS), help=N_("Only templates of this topic."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print a JSON array."))
@click.option("--seeds", default=200, show_default=True, help=N_("Seeds tried to count variants."))
@lang_option
def list_command(
    banks: tuple[Path, ...], topic: str | None, as_json: bool, seeds: int, lang: str
) -> None:
    """Call `catalogue` and print one row per template, titles in `lang`."""
    from generator.bank import catalogue, load_banks

    rows = catalogue(load_banks(banks), topic=topic, seeds=seeds, lang=lang)
    if as_json:
        click.echo(json.dumps([row.to_json() for row in rows], ensure_ascii=False, indent=2))
        return
    for row in rows:
        asks = ",".join(row.parts)
        click.echo(
            f"{row.id:<44} {row.topic:<22} {row.difficulty}  {row.variants:>5}  {asks}  {row.title}"
        )


@click.command(
    "validate",
    cls=TranslatedCommand,
    short_help=N_("Check every template of the problem banks."),
    help=N_(
        "Schema and stress test of every template (built-in banks, plus PATHS and --bank "
        "folders); exit 1 on any failure."
    ),
)
@click.argument(
    "paths",
    nargs=-1,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    cls=HelpArgument,
    help=N_("Folders of YAML templates to check with the built-in banks."),
)
@bank_option
@click.option("--seeds", default=50, show_default=True, help=N_("Instances checked per template."))
@click.option("--only-extra", is_flag=True, help=N_("Skip the built-in banks."))
@lang_option
def validate_command(
    paths: tuple[Path, ...], banks: tuple[Path, ...], seeds: int, only_extra: bool, lang: str
) -> None:
    """Call `validate_banks`, print its report; exit 1 on any failure."""
    from generator.bank import load_banks, validate_banks

    folders = paths + banks
    report = validate_banks(load_banks(folders, builtin=not only_extra), seeds=seeds)
    for line in report.lines:
        click.echo(line.render(lang))
    click.echo(report.summary().render(lang))
    if not report.ok:
        raise SystemExit(1)


@click.command(
    "schema",
    cls=TranslatedCommand,
    short_help=N_("Print the JSON Schema of a bank file."),
    help=N_("Print the JSON Schema of a bank file (the same text as problem_banks/schema.json)."),
)
@help_lang_option
def schema_command() -> None:
    """Print `json_schema_text`, the schema editors can validate bank files with."""
    click.echo(json_schema_text(), nl=False)


@click.command(
    "generate",
    cls=TranslatedCommand,
    short_help=N_("Generate a class set: worksheets and keys."),
    help=N_("A class set: one manifest, and worksheets and keys in the formats asked for."),
)
@bank_option
@click.option(
    "--topic",
    "topics",
    multiple=True,
    type=click.Choice(TOPICS),
    help=N_("Only problems of this topic (repeatable)."),
)
@click.option("--template", "templates", multiple=True, help=N_("A template id (repeatable)."))
@click.option("--count", default=10, show_default=True, help=N_("Problems per form."))
@click.option("--seed", default=0, show_default=True, help=N_("Base seed of the class set."))
@click.option("--versions", default=1, show_default=True, help=N_("Forms A, B, C, …"))
@click.option("--shuffle", is_flag=True, help=N_("A different problem order on each form."))
@click.option(
    "--roster",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=N_("CSV with id and name columns: one form per student."),
)
@click.option(
    "--format",
    "formats",
    default="json",
    show_default=True,
    help=N_("Comma-separated formats: html, latex, pdf, json."),
)
@click.option("--key/--no-key", default=True, show_default=True, help=N_("Write the answer keys."))
@click.option("--solutions", is_flag=True, help=N_("Worked solutions in the keys."))
@click.option("--title", default="", help=N_("Title printed on every form."))
@click.option("--course", default="", help=N_("Course printed on every form."))
@click.option("--date", default="", help=N_("Date printed on every form."))
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help=N_("Folder of Jinja2 templates overriding the built-in ones by name."),
)
@lang_option
@click.option(
    "-o",
    "--output",
    "outdir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=N_("Folder to write the class set to."),
)
def generate_command(
    banks: tuple[Path, ...],
    topics: tuple[str, ...],
    templates: tuple[str, ...],
    count: int,
    seed: int,
    versions: int,
    shuffle: bool,
    roster: Path | None,
    formats: str,
    key: bool,
    solutions: bool,
    title: str,
    course: str,
    date: str,
    templates_dir: Path | None,
    lang: str,
    outdir: Path,
) -> None:
    """Build a GenerateRequest, call `generate`, write the manifest and the rendered files."""
    from generator.bank import GenerateRequest, generate, read_roster, write_manifest

    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise UsageError(
            N_("unknown format '{value}'; the formats are {known}"),
            value=", ".join(unknown) or formats,
            known=", ".join(FORMATS),
        )
    request = GenerateRequest(
        count=count,
        seed=seed,
        topics=topics,
        templates=templates,
        versions=versions,
        shuffle=shuffle,
        roster=read_roster(roster) if roster else (),
        banks=banks,
        title=title,
        course=course,
        date=date,
        lang=lang,
    )
    manifest = generate(request)
    written = []
    if "json" in chosen:
        written.append(write_manifest(manifest, outdir / "manifest.json"))
    rendered = [f for f in chosen if f != "json"]
    if rendered:
        from generator.render import write_class_set

        written += write_class_set(
            manifest, outdir, rendered, key=key, solutions=solutions, templates_dir=templates_dir
        )
    for path in written:
        click.echo(translate(N_("wrote {file}"), lang, file=str(path)))


COMMANDS = (list_command, validate_command, schema_command, generate_command)
