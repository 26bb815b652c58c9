"""Item analysis of a graded class: score distribution, per-part results, common mistakes.

Only rows that count are summed (an earlier submission of a student who resubmitted is not), and
only rows that were graded. Ties in the "most common" lists break by name, so reports are stable.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from matplotlib import rc_context
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from generator.grading.records import FormLayout, RowGrade

BINS: tuple[int, ...] = tuple(range(0, 101, 10))
_TOP_DIAGNOSES = 5
_TOP_UNREADABLE = 10
T = TypeVar("T")


@dataclass(frozen=True)
class Unreadable:
    """An answer that could not be read, how many typed it, and why it could not be read."""

    answer: str
    count: int
    reason: str


@dataclass(frozen=True)
class PartSummary:
    """How the class did on one part."""

    column: str
    topics: tuple[str, ...]
    points: float
    attempts: int
    correct: int
    incorrect: int
    invalid: int
    unanswered: int
    mean_points: float
    diagnoses: tuple[tuple[str, int], ...]
    unreadable: tuple[Unreadable, ...]

    @property
    def percent_correct(self) -> float:
        return 100.0 * self.correct / self.attempts if self.attempts else 0.0


@dataclass(frozen=True)
class ItemAnalysis:
    """The class as a whole: score histogram over BINS (percent) and one summary per part."""

    students: int
    mean_percent: float
    histogram: tuple[int, ...]
    parts: tuple[PartSummary, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "students": self.students,
            "mean_percent": round(self.mean_percent, 2),
            "histogram": {"bins": list(BINS), "counts": list(self.histogram)},
            "parts": [
                {
                    "column": part.column,
                    "topics": list(part.topics),
                    "points": part.points,
                    "attempts": part.attempts,
                    "correct": part.correct,
                    "incorrect": part.incorrect,
                    "invalid": part.invalid,
                    "unanswered": part.unanswered,
                    "percent_correct": round(part.percent_correct, 2),
                    "mean_points": round(part.mean_points, 4),
                    "diagnoses": [{"id": name, "count": count} for name, count in part.diagnoses],
                    "unreadable": [
                        {"answer": item.answer, "count": item.count, "reason": item.reason}
                        for item in part.unreadable
                    ],
                }
                for part in self.parts
            ],
        }


def analyse(rows: Sequence[RowGrade], forms: Sequence[FormLayout]) -> ItemAnalysis:
    """The item analysis of the rows that count, with parts in gradebook column order."""
    counted = [row for row in rows if row.graded and row.assignment.counts]
    percents = [row.percent for row in counted]
    mean = sum(percents) / len(percents) if percents else 0.0
    topics: dict[str, set[str]] = {}
    for layout in forms:
        for slot in layout.slots:
            topics.setdefault(slot.column, set()).add(slot.problem.topic)
    return ItemAnalysis(
        len(counted),
        mean,
        histogram(percents),
        tuple(_part(column, tuple(sorted(found)), counted) for column, found in topics.items()),
    )


def histogram(percents: Sequence[float]) -> tuple[int, ...]:
    """Counts per ten-point band; 100 % falls in the last band (90–100)."""
    counts = [0] * (len(BINS) - 1)
    for percent in percents:
        counts[min(int(percent // 10), len(counts) - 1)] += 1
    return tuple(counts)


def histogram_svg(analysis: ItemAnalysis) -> str:
    """The score histogram as an inline SVG, identical from run to run (fixed ids, no date).

    Axis titles are written by the HTML around it, so the figure itself holds only numbers.
    """
    with rc_context({"svg.hashsalt": "derivquiz", "svg.fonttype": "none"}):
        figure = Figure(figsize=(6, 2.6))
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        axes.bar(BINS[:-1], analysis.histogram, width=9, align="edge", color="#4a7ab5")
        axes.set_xticks(BINS)
        axes.set_xlim(0, 100)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _part(column: str, topics: tuple[str, ...], rows: Sequence[RowGrade]) -> PartSummary:
    cells = [cell for row in rows for cell in row.cells if cell.slot.column == column]
    outcomes = Counter(cell.outcome for cell in cells)
    diagnoses = Counter(
        cell.verdict.diagnosis
        for cell in cells
        if cell.verdict is not None and cell.verdict.diagnosis and cell.outcome == "incorrect"
    )
    unreadable: Counter[tuple[str, str]] = Counter(
        (cell.answer.strip(), cell.verdict.feedback)
        for cell in cells
        if cell.verdict is not None and cell.verdict.status == "invalid"
    )
    return PartSummary(
        column=column,
        topics=topics,
        points=max((cell.points for cell in cells), default=0.0),
        attempts=len(cells),
        correct=outcomes["correct"],
        incorrect=outcomes["incorrect"],
        invalid=outcomes["invalid"],
        unanswered=outcomes["unanswered"],
        mean_points=sum(cell.earned for cell in cells) / len(cells) if cells else 0.0,
        diagnoses=_top(diagnoses, _TOP_DIAGNOSES),
        unreadable=tuple(
            Unreadable(answer, count, reason)
            for (answer, reason), count in _top(unreadable, _TOP_UNREADABLE)
        ),
    )


def _top(counter: Counter[T], limit: int) -> tuple[tuple[T, int], ...]:
    return tuple(sorted(counter.items(), key=lambda item: (-item[1], str(item[0])))[:limit])
