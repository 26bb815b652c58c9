"""Checking every answer of a class: each distinct answer to a part once, over worker processes.

Answers are deduplicated before dispatch (a class types the same few answers), grouped by part into
chunks so a worker receives each problem once per chunk, and checked with `check_part`. A cell whose
check fails in any way becomes `invalid` for that cell only; the run goes on.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, nullcontext
from typing import Protocol

from rich.console import Console
from rich.progress import Progress

from generator.checking import check_part
from generator.errors import DerivquizError, InputErrorInfo, StudentInputError
from generator.grading.policy import Policy
from generator.grading.records import Assignment, CellGrade, RowGrade, Slot
from generator.i18n import N_, Message, translate
from generator.model import PartSpec, ProblemSpec, Verdict


class Checker(Protocol):
    """What grading needs of a checker: `check_part`'s signature."""

    def __call__(
        self, problem: ProblemSpec, part: PartSpec, answer: str, *, lang: str = "en"
    ) -> Verdict: ...


# Below this many distinct answers, starting worker processes costs more than it saves.
_SERIAL_BELOW = 24
_CHUNK = 32
_POOLS = 2

TaskKey = tuple[str, str]
# (slot key, problem, part with the policy's tolerance, distinct answers)
Chunk = tuple[str, ProblemSpec, PartSpec, tuple[str, ...]]


def default_checker() -> Checker:
    """The checker of `generator.checking` (a seam: tests of files put a text-only one here)."""
    return check_part


def grade_rows(
    assignments: Sequence[Assignment],
    policy: Policy,
    *,
    lang: str = "en",
    jobs: int | None = None,
    progress: bool = False,
) -> tuple[tuple[RowGrade, ...], int]:
    """Every row graded (ungraded rows get no cells), and how many distinct checks were run."""
    checker = default_checker()
    chunks = _chunks(assignments, policy)
    verdicts = _run(chunks, checker, lang, jobs or os.cpu_count() or 1, progress)
    rows = tuple(
        RowGrade(assignment, _cells(assignment, policy, verdicts)) for assignment in assignments
    )
    return rows, sum(len(chunk[3]) for chunk in chunks)


def earned(verdict: Verdict | None, points: float, policy: Policy) -> float:
    """Points for one verdict: full for correct, the policy's share for a diagnosed mistake."""
    if verdict is None or verdict.status == "invalid":
        return 0.0
    if verdict.status == "correct":
        return round(points * verdict.score, 6)
    if verdict.diagnosis is not None:
        return round(points * policy.partial_credit.get(verdict.diagnosis, 0.0), 6)
    return round(points * verdict.score, 6)


def _cells(
    assignment: Assignment, policy: Policy, verdicts: dict[TaskKey, Verdict]
) -> tuple[CellGrade, ...]:
    if assignment.layout is None:
        return ()
    cells = []
    for slot in assignment.layout.slots:
        answer = assignment.submission.answers.get(slot.column, "")
        verdict = verdicts.get((slot.key, answer.strip())) if answer.strip() else None
        points = policy.points.get(slot.column, slot.part.points)
        cells.append(CellGrade(slot, answer, verdict, points, earned(verdict, points, policy)))
    return tuple(cells)


def _chunks(assignments: Sequence[Assignment], policy: Policy) -> list[Chunk]:
    """The distinct (part, answer) pairs, grouped by part in first-seen order, cut into chunks."""
    by_slot: dict[str, tuple[Slot, dict[str, None]]] = {}
    for assignment in assignments:
        if assignment.layout is None:
            continue
        for slot in assignment.layout.slots:
            answer = assignment.submission.answers.get(slot.column, "").strip()
            if answer:
                by_slot.setdefault(slot.key, (slot, {}))[1].setdefault(answer, None)
    chunks = []
    for slot, answers in by_slot.values():
        part = _with_tolerance(slot.part, policy)
        ordered = tuple(answers)
        for start in range(0, len(ordered), _CHUNK):
            chunks.append((slot.key, slot.problem, part, ordered[start : start + _CHUNK]))
    return chunks


def _with_tolerance(part: PartSpec, policy: Policy) -> PartSpec:
    if policy.tolerance is None or part.kind != "number" or part.tolerance is not None:
        return part
    return part.model_copy(update={"tolerance": policy.tolerance})


def _run(
    chunks: list[Chunk], checker: Checker, lang: str, jobs: int, progress: bool
) -> dict[TaskKey, Verdict]:
    verdicts: dict[TaskKey, Verdict] = {}
    if jobs <= 1 or sum(len(chunk[3]) for chunk in chunks) < _SERIAL_BELOW:
        with _progress_bar(progress, _answers(chunks), lang) as advance:
            for chunk in chunks:
                _store(verdicts, chunk, check_chunk(checker, lang, chunk))
                advance(len(chunk[3]))
        return verdicts
    left = chunks
    # A worker that dies (killed, out of memory) breaks the pool; what it left gets one more pool.
    for _attempt in range(_POOLS):
        left = _run_parallel(left, checker, lang, min(jobs, len(left)), progress, verdicts)
        if not left:
            return verdicts
    # Never checked here instead: whatever stopped two workers would stop this process too.
    stopped = _unchecked(Message(N_("a checking process stopped")), lang)
    for chunk in left:
        _store(verdicts, chunk, [stopped] * len(chunk[3]))
    return verdicts


def _run_parallel(
    chunks: list[Chunk],
    checker: Checker,
    lang: str,
    jobs: int,
    progress: bool,
    verdicts: dict[TaskKey, Verdict],
) -> list[Chunk]:
    """Check the chunks over `jobs` workers; return those a broken pool left unchecked."""
    methods = multiprocessing.get_all_start_methods()
    # fork shares the already imported sympy and checker with the workers (no second start-up).
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    done: set[int] = set()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        # All submitted (and the workers forked) before the progress bar starts its thread.
        futures = {
            pool.submit(check_chunk, checker, lang, chunk): index
            for index, chunk in enumerate(chunks)
        }
        with _progress_bar(progress, _answers(chunks), lang) as advance:
            try:
                for future in as_completed(futures):
                    chunk = chunks[futures[future]]
                    _store(verdicts, chunk, future.result())
                    done.add(futures[future])
                    advance(len(chunk[3]))
            except BrokenProcessPool:
                pass
    return [chunk for index, chunk in enumerate(chunks) if index not in done]


def _answers(chunks: list[Chunk]) -> int:
    return sum(len(chunk[3]) for chunk in chunks)


def check_chunk(checker: Checker, lang: str, chunk: Chunk) -> list[Verdict]:
    """The verdicts of one chunk, in order (runs in a worker process)."""
    _, problem, part, answers = chunk
    return [_check_one(checker, problem, part, answer, lang) for answer in answers]


def _check_one(
    checker: Checker, problem: ProblemSpec, part: PartSpec, answer: str, lang: str
) -> Verdict:
    try:
        return checker(problem, part, answer, lang=lang)
    except StudentInputError as error:
        return Verdict(
            "invalid", 0.0, error.render(lang), error=InputErrorInfo.from_error(error, lang)
        )
    except Exception as error:  # one cell that breaks the checker must not stop the class
        reason = error.render(lang) if isinstance(error, DerivquizError) else type(error).__name__
        return _unchecked(reason, lang)


def _unchecked(reason: str | Message, lang: str) -> Verdict:
    message = translate(N_("This answer could not be checked ({reason})."), lang, reason=reason)
    return Verdict("invalid", 0.0, message, error=InputErrorInfo("unchecked", message, None, ""))


def _store(verdicts: dict[TaskKey, Verdict], chunk: Chunk, results: list[Verdict]) -> None:
    for answer, verdict in zip(chunk[3], results, strict=True):
        verdicts[(chunk[0], answer)] = verdict


def _progress_bar(
    enabled: bool, total: int, lang: str
) -> AbstractContextManager[Callable[[int], None]]:
    if not enabled or not total:
        return nullcontext(lambda _count: None)
    return _RichProgress(total, lang)


class _RichProgress:
    """A progress bar on stderr that disappears when grading is done."""

    def __init__(self, total: int, lang: str) -> None:
        self._progress = Progress(console=Console(file=sys.stderr), transient=True)
        self._task = self._progress.add_task(translate(N_("Checking answers"), lang), total=total)

    def __enter__(self) -> Callable[[int], None]:
        self._progress.start()
        return lambda count: self._progress.advance(self._task, count)

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()
