"""Domain objects shared by the pipeline stages.

Verdicts, steps and diagnoses are frozen dataclasses made inside the program; the manifest is a set
of frozen pydantic models because it crosses the JSON edge (written by `generate`, read by `grade`,
`export` and the renderers) and must be validated once when read back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from generator.errors import InputErrorInfo
from generator.i18n import Message

Status = Literal["correct", "incorrect", "invalid"]
Kind = Literal["expression", "number", "set", "tuple", "equation", "choice"]
Ask = Literal[
    "derivative",
    "partial",
    "limit_definition",
    "slope",
    "tangent_line",
    "stationary_points",
    "classify",
    "gradient",
    "gradient_norm",
    "directional_derivative",
]
KINDS: tuple[str, ...] = ("expression", "number", "set", "tuple", "equation", "choice")
ASKS: tuple[str, ...] = Ask.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Verdict:
    """What the checker says of one answer (DESIGN.md, "Verdict")."""

    status: Status
    score: float
    feedback: str
    diagnosis: str | None = None
    interpreted: str | None = None
    error: InputErrorInfo | None = None

    def to_json(self) -> dict[str, object]:
        error = None
        if self.error is not None:
            error = {
                "code": self.error.code,
                "message": self.error.message,
                "column": self.error.column,
                "excerpt": self.error.excerpt,
            }
        return {
            "status": self.status,
            "score": self.score,
            "feedback": self.feedback,
            "diagnosis": self.diagnosis,
            "interpreted": self.interpreted,
            "error": error,
        }


@dataclass(frozen=True)
class Diagnosis:
    """A wrong answer recognised as a known misconception (id from DESIGN.md) with its feedback."""

    id: str
    feedback: Message


@dataclass(frozen=True)
class Step:
    """One step of a worked solution: the rule applied, what it acts on, and the equality shown."""

    rule: str
    explanation: Message
    latex: str
    text: str


@dataclass(frozen=True)
class Solution:
    """A worked solution: the steps in order; the last one equals the key."""

    steps: tuple[Step, ...]
    result: str
    result_latex: str


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Choice(_Frozen):
    """One lettered option of a multiple-choice part; `diagnosis` names its misconception."""

    label: str
    answer: str
    answer_latex: str
    correct: bool = False
    diagnosis: str | None = None


class TemplateMisconception(_Frozen):
    """A template's own wrong answer to a part (sympy text) and its feedback per language.

    Every shipped language is kept (English at least), so a checker answering in another language
    than the manifest's still gives the author's words.
    """

    id: str
    answer: str
    feedback: dict[str, str]


class PartSpec(_Frozen):
    """One gradable part of a problem, with its exact key (a sympy string) and its LaTeX."""

    label: str
    ask: Ask
    wrt: list[str] = Field(default_factory=list)
    order: int = 1
    at: dict[str, str] | None = None
    direction: list[str] | None = None
    points_through: list[list[str]] | None = None
    kind: Kind = "expression"
    answer: str
    answer_latex: str
    points: float = 1.0
    tolerance: float | None = None
    choices: list[Choice] | None = None
    prompt_latex: str | None = None
    misconceptions: list[TemplateMisconception] = Field(default_factory=list)


class ProblemSpec(_Frozen):
    """One instantiated problem as printed and as graded."""

    number: int
    template: str
    topic: str
    seed: int
    title: str = ""
    difficulty: int = 1
    variables: list[str]
    function: str
    functions: dict[str, str] = Field(default_factory=dict)
    statement_latex: str
    parts: list[PartSpec]
    figure: str | None = None


class FormSpec(_Frozen):
    """One version of the worksheet: a lettered form, or one student's own form."""

    form: str
    student: str | None = None
    student_name: str | None = None
    seed: int
    problems: list[ProblemSpec]


class Manifest(_Frozen):
    """The whole class set: what `generate` wrote, and what `grade` and `export` read."""

    derivquiz: str
    seed: int
    lang: str = "en"
    title: str = ""
    course: str = ""
    date: str = ""
    forms: list[FormSpec]
