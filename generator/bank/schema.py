"""The YAML template format, as strict pydantic models: the schema is the reference for authors.

Shapes only: unknown keys, wrong types and out-of-range numbers are refused here, with the path of
the offending value. What needs the meaning of an expression (does it parse, is every name declared,
can the constraints hold) is checked when the template is compiled (`generator.bank.compile`).
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from generator.model import Ask, Kind

Topic = Literal[
    "slope",
    "limit_definition",
    "constant",
    "power",
    "sum",
    "product",
    "quotient",
    "chain",
    "trig",
    "exponential",
    "logarithm",
    "higher_order",
    "tangent_line",
    "stationary_points",
    "extrema",
    "partial",
    "mixed_partial",
    "multivariable_chain",
    "gradient",
    "directional_derivative",
]
TOPICS: tuple[str, ...] = Topic.__args__  # type: ignore[attr-defined]
Figure = Literal["secant_tangent", "stationary", "surface", "gradient_field"]

NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"
ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$"


def _integer_as_text(value: Any) -> Any:
    """YAML reads `2` as an int and `1/2` as text; both are expressions, so both become text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


ExprText = Annotated[str, BeforeValidator(_integer_as_text), Field(min_length=1, max_length=400)]
Name = Annotated[str, Field(pattern=NAME_PATTERN, max_length=20)]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class IntParam(_Strict):
    """An integer drawn uniformly from min..max (both included), skipping `exclude`."""

    type: Literal["int"]
    min: int = Field(ge=-1000, le=1000)
    max: int = Field(ge=-1000, le=1000)
    exclude: list[int] = Field(default_factory=list)


class RationalParam(_Strict):
    """A fraction p/q with p in min..max and q from `denominators`; `proper` skips whole numbers."""

    type: Literal["rational"]
    min: int = Field(ge=-100, le=100)
    max: int = Field(ge=-100, le=100)
    denominators: list[Annotated[int, Field(ge=1, le=100)]] = Field(min_length=1)
    proper: bool = True
    exclude: list[ExprText] = Field(default_factory=list)


class ChoiceParam(_Strict):
    """One value from a list: coefficient sets, bases, functions such as `sin(a*x)`.

    A value may use the variables and the parameters declared before this one.
    """

    type: Literal["choice"]
    values: list[ExprText] = Field(min_length=1, max_length=100)


class SignParam(_Strict):
    """+1 or -1."""

    type: Literal["sign"]


Param = Annotated[IntParam | RationalParam | ChoiceParam | SignParam, Field(discriminator="type")]


class Text(_Strict):
    """Text a person reads: Jinja2 text per language (English required), or a shared phrase id."""

    en: str | None = Field(default=None, min_length=1)
    zh: str | None = Field(default=None, min_length=1)
    phrase: str | None = Field(default=None, pattern=NAME_PATTERN)


TitleLine = Annotated[str, Field(min_length=1, max_length=120)]


class Title(_Strict):
    """A template's name per language, plain text (no Jinja2): English required."""

    en: TitleLine
    zh: TitleLine | None = None


def _english_title(value: Any) -> Any:
    """A plain string is the English title, so most templates keep their one-line `title:`."""
    return {"en": value} if isinstance(value, str) else value


TitleField = Annotated[
    Title, BeforeValidator(_english_title, json_schema_input_type=TitleLine | Title)
]


class PartTemplate(_Strict):
    """One question asked about the function; the key is solved, never written by the author."""

    ask: Ask
    label: str | None = Field(default=None, pattern=r"^[a-z0-9]{1,3}$")
    prompt: Text | None = None
    wrt: list[Name] = Field(default_factory=list, max_length=6)
    order: int = Field(default=1, ge=1, le=6)
    at: dict[Name, ExprText] | None = None
    direction: list[ExprText] | None = Field(default=None, min_length=1, max_length=6)
    between: list[ExprText] | None = Field(default=None, min_length=2, max_length=2)
    kind: Kind | None = None
    points: float = Field(default=1.0, gt=0, le=100)
    tolerance: float | None = Field(default=None, gt=0, lt=1)
    choices: int | None = Field(
        default=None,
        ge=2,
        le=6,
        description="Multiple choice: this many lettered options (the key and wrong answers "
        "from misconceptions); for derivative, partial and limit_definition parts.",
    )


class MisconceptionTemplate(_Strict):
    """A wrong answer specific to this template, with the feedback a student with it should get."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    part: str | None = None
    answer: ExprText
    feedback: Text


class Template(_Strict):
    """One problem template of a bank (a YAML document)."""

    id: str = Field(pattern=ID_PATTERN, max_length=80)
    topic: Topic
    title: TitleField = Field(
        description="Plain English text, or the name per language: {en: ..., zh: ...}."
    )
    difficulty: int = Field(ge=1, le=3)
    tags: list[str] = Field(default_factory=list)
    variables: list[Name] = Field(min_length=1, max_length=6)
    params: dict[Name, Param] = Field(default_factory=dict)
    let: dict[Name, ExprText] = Field(default_factory=dict)
    constraints: list[ExprText] = Field(default_factory=list)
    functions: dict[Name, ExprText] = Field(default_factory=dict)
    function: ExprText
    statement: Text
    parts: list[PartTemplate] = Field(min_length=1, max_length=12)
    misconceptions: list[MisconceptionTemplate] = Field(default_factory=list)
    figure: Figure | None = None


class BankFile(_Strict):
    """A YAML file of the bank: a list of templates under `templates`."""

    templates: list[Template] = Field(min_length=1)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a bank file, for editors that check YAML as it is typed."""
    schema = BankFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "derivquiz problem bank"
    return schema


def json_schema_text() -> str:
    """The schema as the text of `problem_banks/schema.json` (stable, so a test can compare)."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
