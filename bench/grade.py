"""Benchmark: `derivquiz grade` end to end on a class of 300 students × 20 parts (6,000 answers).

The class answers like a real one: right in varied notation (sympy, caret and implicit
multiplication, LaTeX, expanded, with or without spaces), wrong by a known misconception, wrong
otherwise, empty, and garbage (program code, unfinished, huge). Figures: wall seconds, answers per
second, distinct checks, peak memory of the main process and of the workers. The baseline, measured
in the same run on a sample of the same answers, is naive sympy: `parse_expr` then
`simplify(key - answer) == 0` for every cell, serially and without deduplication.

    python bench/grade.py                  # 300 × 20, all cores
    python bench/grade.py --jobs 1         # one process
    python bench/grade.py --students 60    # a smaller class, for a smoke run

Target (issue 6): < 15 s wall on 2 cores.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import resource
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sympy
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication_application,
    parse_expr,
    standard_transformations,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.bank import GenerateRequest, generate
from generator.grading import grade
from generator.grading.layout import all_columns, layouts
from generator.model import FormSpec, Manifest, PartSpec, ProblemSpec
from generator.parsing import ParsedExpression, parse_answer
from generator.rules import mal_answers

GARBAGE = (
    "idk",
    "2x+",
    "__import__('os').system('ls')",
    "x" * 3000,
    "<b>3x</b>",
    "9^9^9^9^9",
    "diff(x**2, x)",
    "((((((((x",
)
NAIVE_TRANSFORMS = (*standard_transformations, implicit_multiplication_application, convert_xor)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--parts", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--sample", type=int, default=60, help="cells timed for the baseline")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    manifest = _manifest(args.parts, args.seed)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        submissions, cells = _class(manifest, args.students, rng, Path(folder) / "subs.csv")
        start = time.perf_counter()
        report = grade(manifest, submissions, Path(folder) / "out", jobs=args.jobs, progress=False)
        wall = time.perf_counter() - start
    answered = sum(1 for _, _, answer in cells if answer.strip())
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    naive_each, naive_timeouts = _naive(cells, rng, args.sample)

    print(
        f"class: {report.rows} students × {len(all_columns(layouts(manifest)))} parts "
        f"= {len(cells)} cells ({answered} answered), {report.checked} distinct checks"
    )
    print(
        f"derivquiz grade: {wall:.2f} s wall, {len(cells) / wall:.0f} cells/s "
        f"({answered / wall:.0f} answered/s), jobs={args.jobs or 'all cores'}"
    )
    print(f"peak memory: {own:.0f} MiB main process, {workers:.0f} MiB largest worker")
    naive_total = naive_each * answered
    print(
        f"naive sympy (sample of {args.sample}): {naive_each * 1000:.1f} ms per answer, "
        f"{naive_timeouts} hit the 5 s cap → ≈ {naive_total:.0f} s for the class serially"
    )
    print(
        f"speed-up over naive: ≈ {naive_total / wall:.0f}×; target < 15 s wall: "
        f"{'met' if wall < 15 else 'MISSED'}"
    )


def _manifest(parts: int, seed: int) -> Manifest:
    """Two forms of the shipped banks, cut to the first problems that make `parts` parts."""
    full = generate(GenerateRequest(count=max(parts, 24), seed=seed, versions=2))
    forms = []
    for form in full.forms:
        kept: list[ProblemSpec] = []
        total = 0
        for problem in form.problems:
            if total + len(problem.parts) <= parts:
                kept.append(problem)
                total += len(problem.parts)
        forms.append(FormSpec.model_validate({**form.model_dump(), "problems": kept}))
    return full.model_copy(update={"forms": forms})


def _class(
    manifest: Manifest, students: int, rng: random.Random, path: Path
) -> tuple[Path, list[tuple[ProblemSpec, PartSpec, str]]]:
    forms = layouts(manifest)
    columns = all_columns(forms)
    answers = {
        (layout.form.form, slot.column): (
            slot.problem,
            slot.part,
            _answers(slot.problem, slot.part),
        )
        for layout in forms
        for slot in layout.slots
    }
    cells = []
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["student", "form", *columns])
        for index in range(students):
            form = forms[index % len(forms)].form.form
            row = [f"s{index:04d}", form]
            for column in columns:
                problem, part, (right, wrong, other) = answers[(form, column)]
                answer = _pick(rng, right, wrong, other)
                row.append(answer)
                cells.append((problem, part, answer))
            writer.writerow(row)
    return path, cells


def _pick(rng: random.Random, right: list[str], wrong: list[str], other: list[str]) -> str:
    roll = rng.random()
    if roll < 0.50:
        return _spaced(rng, rng.choice(right))
    if roll < 0.72 and wrong:
        return _spaced(rng, rng.choice(wrong))
    if roll < 0.80:
        return rng.choice(other)
    if roll < 0.90:
        return ""
    return rng.choice(GARBAGE)


def _spaced(rng: random.Random, answer: str) -> str:
    """Some students put spaces around + and -; it is the same answer in another string."""
    return re.sub(r"\s*([+-])\s*", r" \1 ", answer).strip() if rng.random() < 0.3 else answer


def _answers(problem: ProblemSpec, part: PartSpec) -> tuple[list[str], list[str], list[str]]:
    """Right answers in several notations, misconceptions' answers, and another wrong one."""
    right = [part.answer, _typed(part.answer)]
    wrong: list[str] = []
    if part.kind == "expression":
        parsed = parse_answer(part.answer, problem.variables, functions=tuple(problem.functions))
        assert isinstance(parsed, ParsedExpression)
        key = parsed.expr
        right += [sympy.latex(key), _typed(str(sympy.expand(key)))]
        wrong = [_typed(str(mal.expr)) for mal in mal_answers(problem, part)][:4]
    return right, wrong, _other_wrong(part)


def _other_wrong(part: PartSpec) -> list[str]:
    """A wrong answer of the right shape, that no misconception explains."""
    typed = _typed(part.answer)
    if part.kind in ("expression", "number"):
        return [f"({typed}) + 1"]
    if part.kind == "equation":
        return [f"{typed} + 1"]
    if part.kind == "choice":
        return [label for label in ("max", "min", "neither") if label != part.answer][:1]
    return ["{0}" if part.kind == "set" else "(0, 0)"]


def _typed(answer: str) -> str:
    """A sympy string as a student types it: ^ for powers, implicit products after digits."""
    return re.sub(r"(\d)\*(?=[a-z(])", r"\1", answer.replace("**", "^"))


def _naive(
    cells: list[tuple[ProblemSpec, PartSpec, str]], rng: random.Random, sample: int
) -> tuple[float, int]:
    """Mean seconds per answered cell of parse_expr + simplify, capped at 5 s per answer."""
    chosen = rng.sample([cell for cell in cells if cell[2].strip()], sample)
    times = []
    timeouts = 0
    for _problem, part, answer in chosen:
        start = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, 5)
        try:
            key = parse_expr(part.answer, transformations=NAIVE_TRANSFORMS)
            given = parse_expr(answer, transformations=NAIVE_TRANSFORMS)
            sympy.simplify(key - given) == 0  # noqa: B015 - the work is the point
        except _Timeout:
            timeouts += 1
        except Exception:  # naive sympy fails on garbage in many ways; its time still counts
            pass
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        times.append(time.perf_counter() - start)
    return statistics.fmean(times), timeouts


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Timeout


signal.signal(signal.SIGALRM, _alarm)

if __name__ == "__main__":
    main()
