"""The values passed between the grading stages: frozen, so no stage can change another's input."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.i18n import Message
from generator.model import FormSpec, PartSpec, ProblemSpec, Verdict


@dataclass(frozen=True)
class Column:
    """One column of the submissions file: its header as written and the name grading uses."""

    name: str
    header: str


@dataclass(frozen=True)
class Submission:
    """One row of the submissions file; `line` is where it starts, for the teacher to find it."""

    line: int
    student: str
    form: str
    answers: Mapping[str, str]


@dataclass(frozen=True)
class Issue:
    """Something that could not be graded as given (a row of problems.csv).

    `line` is None for faults of the whole file (a missing or extra column).
    """

    code: str
    reason: Message
    line: int | None = None
    student: str = ""
    column: str = ""


@dataclass(frozen=True)
class SubmissionTable:
    """The submissions file as read: its columns, its rows in file order, faults found reading."""

    columns: tuple[Column, ...]
    rows: tuple[Submission, ...]
    issues: tuple[Issue, ...]


@dataclass(frozen=True)
class Slot:
    """One gradable part and the submission column that holds its answers (q1, q3a …)."""

    column: str
    problem: ProblemSpec
    part: PartSpec
    key: str


@dataclass(frozen=True)
class FormLayout:
    """A form of the manifest with its parts in worksheet order."""

    form: FormSpec
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class Assignment:
    """A row paired with the form it answers (None when no form fits) and whether its grade counts.

    A row that does not count is an earlier submission of a student who submitted again.
    """

    submission: Submission
    layout: FormLayout | None
    counts: bool = True


@dataclass(frozen=True)
class CellGrade:
    """One answer graded: the verdict is None when the cell was left empty."""

    slot: Slot
    answer: str
    verdict: Verdict | None
    points: float
    earned: float

    @property
    def outcome(self) -> str:
        return "unanswered" if self.verdict is None else self.verdict.status


@dataclass(frozen=True)
class RowGrade:
    """A row of the gradebook: its cells (none when the row could not be graded) and its sums."""

    assignment: Assignment
    cells: tuple[CellGrade, ...]

    @property
    def graded(self) -> bool:
        return self.assignment.layout is not None

    @property
    def total(self) -> float:
        return sum(cell.earned for cell in self.cells)

    @property
    def possible(self) -> float:
        return sum(cell.points for cell in self.cells)

    @property
    def percent(self) -> float:
        return 100.0 * self.total / self.possible if self.possible else 0.0


@dataclass(frozen=True)
class GradeReport:
    """What a grading run did: counts for the summary line, and every file it wrote."""

    outdir: Path
    rows: int
    graded: int
    answers: int
    checked: int
    issues: int
    files: tuple[Path, ...]
