"""Item analysis of a graded class: score distribution, per-item and per-topic results, mistakes.

Only rows that count are summed (an earlier submission of a student who resubmitted is not), and
only rows that were graded. Ties in the "most common" lists break by name, so reports are stable.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from matplotlib import rc_context
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from generator.grading.records import CellGrade, FormLayout, RowGrade, Slot

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
class ItemSummary:
    """How the class did on one item: a part of one template, wherever forms put it.

    With shuffled forms (or versions drawing a problem from different templates) one submission
    column holds several items, so the analysis follows the template, not the column.
    """

    template: str
    label: str
    title: str
    topic: str
    columns: tuple[str, ...]
    forms: tuple[str, ...]
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
    def answered(self) -> int:
        return self.attempts - self.unanswered

    @property
    def percent_correct(self) -> float:
        return 100.0 * self.correct / self.attempts if self.attempts else 0.0


@dataclass(frozen=True)
class TopicSummary:
    """How the class did on one topic over all its items: what a teacher may need to reteach."""

    topic: str
    items: int
    attempts: int
    correct: int
    points: float
    earned: float

    @property
    def percent_correct(self) -> float:
        return 100.0 * self.correct / self.attempts if self.attempts else 0.0

    @property
    def percent_points(self) -> float:
        return 100.0 * self.earned / self.points if self.points else 0.0


@dataclass(frozen=True)
class ItemAnalysis:
    """The class as a whole: score histogram over BINS (percent), one summary per item and topic."""

    students: int
    mean_percent: float
    histogram: tuple[int, ...]
    items: tuple[ItemSummary, ...]
    topics: tuple[TopicSummary, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "students": self.students,
            "mean_percent": round(self.mean_percent, 2),
            "histogram": {"bins": list(BINS), "counts": list(self.histogram)},
            "parts": [_item_json(item) for item in self.items],
            "topics": [
                {
                    "topic": topic.topic,
                    "items": topic.items,
                    "attempts": topic.attempts,
                    "correct": topic.correct,
                    "percent_correct": round(topic.percent_correct, 2),
                    "percent_points": round(topic.percent_points, 2),
                }
                for topic in self.topics
            ],
        }


def analyse(rows: Sequence[RowGrade], forms: Sequence[FormLayout]) -> ItemAnalysis:
    """The item analysis of the rows that count; items in order of first appearance in the forms."""
    counted = [row for row in rows if row.graded and row.assignment.counts]
    percents = [row.percent for row in counted]
    mean = sum(percents) / len(percents) if percents else 0.0
    places: dict[tuple[str, str], list[tuple[FormLayout, Slot]]] = {}
    for layout in forms:
        for slot in layout.slots:
            places.setdefault(item_key(slot), []).append((layout, slot))
    cells: dict[tuple[str, str], list[CellGrade]] = {key: [] for key in places}
    for row in counted:
        for cell in row.cells:
            cells[item_key(cell.slot)].append(cell)
    items = {key: _item(places[key], cells[key]) for key in places}
    return ItemAnalysis(
        len(counted), mean, histogram(percents), tuple(items.values()), _topics(items, cells)
    )


def item_key(slot: Slot) -> tuple[str, str]:
    """What was asked: the template and the part label, whatever column a form gave it."""
    return slot.problem.template, slot.part.label


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


def _item(places: Sequence[tuple[FormLayout, Slot]], cells: Sequence[CellGrade]) -> ItemSummary:
    first = places[0][1]
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
    return ItemSummary(
        template=first.problem.template,
        label=first.part.label,
        title=first.problem.title,
        topic=first.problem.topic,
        columns=tuple(sorted({slot.column for _, slot in places}, key=_column_order)),
        forms=tuple(sorted({layout.form.form for layout, _ in places})),
        points=max((cell.points for cell in cells), default=first.part.points),
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


def _topics(
    items: Mapping[tuple[str, str], ItemSummary],
    cells: Mapping[tuple[str, str], Sequence[CellGrade]],
) -> tuple[TopicSummary, ...]:
    """Points are summed from the cells: a policy may weigh an item differently per column."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for key, item in items.items():
        grouped.setdefault(item.topic, []).append(key)
    return tuple(
        TopicSummary(
            topic=topic,
            items=len(keys),
            attempts=sum(items[key].attempts for key in keys),
            correct=sum(items[key].correct for key in keys),
            points=sum(cell.points for key in keys for cell in cells[key]),
            earned=sum(cell.earned for key in keys for cell in cells[key]),
        )
        for topic, keys in grouped.items()
    )


def _item_json(item: ItemSummary) -> dict[str, object]:
    return {
        "template": item.template,
        "label": item.label,
        "title": item.title,
        "topic": item.topic,
        "columns": list(item.columns),
        "forms": list(item.forms),
        "points": item.points,
        "attempts": item.attempts,
        "answered": item.answered,
        "correct": item.correct,
        "incorrect": item.incorrect,
        "invalid": item.invalid,
        "unanswered": item.unanswered,
        "percent_correct": round(item.percent_correct, 2),
        "mean_points": round(item.mean_points, 4),
        "diagnoses": [{"id": name, "count": count} for name, count in item.diagnoses],
        "unreadable": [
            {"answer": entry.answer, "count": entry.count, "reason": entry.reason}
            for entry in item.unreadable
        ],
    }


def _column_order(column: str) -> tuple[int, str]:
    """q2 before q10: by problem number, then label."""
    digits = "".join(c for c in column[1:] if c.isdigit())
    return int(digits or 0), column


def _top(counter: Counter[T], limit: int) -> tuple[tuple[T, int], ...]:
    return tuple(sorted(counter.items(), key=lambda item: (-item[1], str(item[0])))[:limit])
