"""`derivquiz explain`: the worked steps of a derivative (or of any ask) of an expression."""

from __future__ import annotations

import click

from generator.cli.help import HelpArgument, TranslatedCommand, language_of
from generator.cli.options import lang_option
from generator.i18n import N_, translate
from generator.model import ASKS
from generator.rules import STYLES, explain_text, format_solution


def _point(
    context: click.Context, _parameter: click.Parameter, items: tuple[str, ...]
) -> dict[str, str] | None:
    """`--at x=1 --at y=2` as {"x": "1", "y": "2"}."""
    if not items:
        return None
    if any("=" not in item for item in items):
        message = N_("write each coordinate as NAME=VALUE, e.g. --at x=1")
        raise click.BadParameter(translate(message, language_of(context)))
    return dict(item.split("=", 1) for item in items)


@click.command(
    "explain",
    cls=TranslatedCommand,
    short_help=N_("Worked steps of a derivative (or another ask)."),
    help=N_("Print the worked steps of EXPR: each rule, the pieces it acts on, and the result."),
)
@click.argument("expr", cls=HelpArgument, help=N_("The expression, e.g. x^2*sin(x)."))
@click.option(
    "--var",
    "variables",
    multiple=True,
    default=("x",),
    show_default=True,
    help=N_("A variable of EXPR (repeatable)."),
)
@click.option(
    "--ask",
    type=click.Choice(ASKS),
    default="derivative",
    show_default=True,
    help=N_("What to work out."),
)
@click.option(
    "--wrt", multiple=True, help=N_("Differentiate with respect to (repeatable, in order).")
)
@click.option(
    "--order",
    type=click.IntRange(min=1, max=10),
    default=1,
    show_default=True,
    help=N_("Order of the derivative."),
)
@click.option(
    "--at",
    "at",
    multiple=True,
    metavar="NAME=VALUE",
    callback=_point,
    help=N_("The point, one coordinate per option, e.g. --at x=1."),
)
@click.option("--direction", multiple=True, help=N_("Direction vector, one component per option."))
@click.option("--between", nargs=2, help=N_("The two x-values of a secant slope."))
@click.option(
    "--style",
    type=click.Choice(STYLES),
    default="auto",
    show_default=True,
    help=N_("Quotients by the quotient rule, or as u·v^(−1)."),
)
@click.option("--latex", "as_latex", is_flag=True, help=N_("Print LaTeX instead of plain text."))
@lang_option
def explain_command(
    expr: str,
    variables: tuple[str, ...],
    ask: str,
    wrt: tuple[str, ...],
    order: int,
    at: dict[str, str] | None,
    direction: tuple[str, ...],
    between: tuple[str, str] | None,
    style: str,
    as_latex: bool,
    lang: str,
) -> None:
    """Call `explain_text` and print the formatted solution; no rule logic here."""
    solution = explain_text(
        expr,
        variables=variables,
        ask=ask,
        wrt=wrt,
        order=order,
        at=at,
        direction=direction or None,
        between=between or None,
        style=style,  # type: ignore[arg-type]
    )
    click.echo(format_solution(solution, lang, as_latex=as_latex))


COMMANDS = (explain_command,)
