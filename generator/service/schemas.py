"""The JSON shapes of the HTTP API: requests are validated once here, responses documented here.

Requests forbid unknown fields, so a misspelt field is a 422 the client can fix rather than a
silently ignored option. These models are also what the OpenAPI page shows.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from generator.i18n import DEFAULT_LANGUAGE, N_
from generator.model import Ask, Kind, Status

MAX_FIELD_CHARS = 10_000


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CheckRequest(_Request):
    """One line of `check --batch` (DESIGN.md): an expected answer, or a problem to derive it."""

    id: str | int | None = None
    expected: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)
    function: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)
    ask: Ask | None = None
    wrt: list[str] | None = Field(default=None, max_length=10)
    order: int = Field(default=1, ge=1, le=10)
    answer: str = Field(max_length=MAX_FIELD_CHARS)
    variables: list[str] | None = Field(default=None, max_length=10)
    kind: Kind = "expression"
    tolerance: float | None = Field(default=None, ge=0)
    lang: str = DEFAULT_LANGUAGE

    @model_validator(mode="after")
    def _one_key_source(self) -> CheckRequest:
        if (self.expected is None) == (self.function is None):
            raise ValueError(N_("Give either 'expected' or 'function', not both and not neither."))
        return self


class InputErrorOut(BaseModel):
    """Where the input could not be read: a stable code, a sentence, the 1-based column, a caret."""

    code: str
    message: str
    column: int | None
    excerpt: str


class VerdictOut(BaseModel):
    """The verdict of DESIGN.md, with the request's id echoed back."""

    id: str | int | None = None
    status: Status
    score: float
    feedback: str
    feedback_html: str
    diagnosis: str | None
    interpreted: str | None
    error: InputErrorOut | None


class TemplateOut(BaseModel):
    """A template a client may ask a problem of."""

    id: str
    topic: str
    title: str
    difficulty: int


class TemplatesOut(BaseModel):
    topics: list[str]
    templates: list[TemplateOut]


class ProblemRequest(_Request):
    """A template id and a seed; without a seed the server picks one and says which."""

    template: str = Field(max_length=200)
    seed: int | None = Field(default=None, ge=0, le=2**32 - 1)
    lang: str = DEFAULT_LANGUAGE


class GradeRequest(ProblemRequest):
    """A problem (template + seed) and the student's answers keyed by part label."""

    seed: int = Field(ge=0, le=2**32 - 1)
    answers: dict[str, str] = Field(max_length=20)


class PreviewRequest(_Request):
    """Text being typed, read the way the checker will read it."""

    answer: str = Field(max_length=MAX_FIELD_CHARS)
    variables: list[str] = Field(default_factory=lambda: ["x"], max_length=10)
    functions: list[str] = Field(default_factory=list, max_length=10)
    kind: Kind = "expression"
    lang: str = DEFAULT_LANGUAGE


class ChoiceOut(BaseModel):
    label: str
    answer: str
    answer_latex: str
    answer_mathml: str


class StepOut(BaseModel):
    rule: str
    explanation: str
    explanation_html: str
    latex: str
    mathml: str
    text: str


class KeyOut(BaseModel):
    """The key of one part: only after an attempt, or for a teacher."""

    answer: str
    answer_latex: str
    answer_mathml: str
    steps: list[StepOut]


class PartOut(BaseModel):
    label: str
    ask: Ask
    kind: Kind
    wrt: list[str]
    order: int
    at: dict[str, str] | None
    direction: list[str] | None
    points: float
    prompt_latex: str | None
    prompt_mathml: str | None
    choices: list[ChoiceOut] | None
    key: KeyOut | None = None


class ProblemOut(BaseModel):
    template: str
    topic: str
    seed: int
    title: str
    variables: list[str]
    functions: list[str]
    statement_latex: str
    statement_mathml: str
    figure: str | None
    figure_svg: str | None
    figure_description: str | None
    parts: list[PartOut]


class GradedPartOut(BaseModel):
    label: str
    answered: bool
    verdict: VerdictOut | None
    key: KeyOut | None = None


class GradeOut(BaseModel):
    template: str
    seed: int
    score: float
    points: float
    parts: list[GradedPartOut]


class PreviewOut(BaseModel):
    ok: bool
    latex: str | None
    mathml: str | None
    error: InputErrorOut | None


class HealthOut(BaseModel):
    status: str
    version: str


class ErrorOut(BaseModel):
    """Every error response: a stable code, a sentence in the reader's language, field details."""

    error: str
    message: str
    details: list[dict[str, Any]] = Field(default_factory=list)
