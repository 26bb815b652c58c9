"""Benchmark: derivquiz's checker against naive sympy, on one corpus of derivative answers.

The corpus is built from lists of functions: for each, the key (sympy's first or second derivative,
or a partial derivative) and the answers a class would type, right (several notations, expanded,
LaTeX, unicode) and wrong (common slips); plus hostile inputs built to exhaust a checker. Naive
sympy is `parse_expr` with implicit multiplication and `^`, then `simplify(key - answer) == 0`; it
may read teacher strings only, so it is the baseline here and never part of `generator/`.

    python bench/checker.py              # the whole corpus, three rounds
    python bench/checker.py --quick      # a third of it, for a smoke run
    python bench/checker.py --rounds 5   # more rounds on a noisy machine

Each round runs in a fresh interpreter; each check's time is its median over the rounds (timings
on a shared machine vary by 10-15% from run to run, on both sides).

Targets (issue 2): mean ≥ 20× faster than naive, p99 < 50 ms, every hostile input < 100 ms.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import sympy
from sympy.core.cache import clear_cache
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication_application,
    parse_expr,
    standard_transformations,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.checking import check
from generator.equivalence import Outcome, compare_expressions
from generator.errors import StudentInputError
from generator.parsing import KEY_LIMITS, ParsedExpression, parse_answer

FUNCTIONS = [
    "x**3 - 3*x",
    "sin(x**3 - 3*x)",
    "x**2*exp(x)",
    "log(x**2 + 1)",
    "sqrt(x**2 + 1)",
    "(2*x + 1)/(x - 3)",
    "tan(2*x)",
    "exp(-x**2)",
    "x*log(x)",
    "cos(x)**2",
    "atan(x**2)",
    "asin(2*x)",
    "(x**2 + 1)**5",
    "2**x",
    "x**(1/3)",
    "sec(x)",
    "log(x)/x",
    "exp(x)*sin(x)",
    "(x - 2)**60*(x + 1)",
    "sin(x)*cos(x)",
    "1/(1 + exp(-x))",
    "log(sin(x))",
    "sqrt(1 - x**2)",
    "x**4 - 4*x**3 + 6*x**2",
    "exp(3*x)*cos(2*x)",
    "csc(x)",
    "acos(x)/x",
    "cosh(x**2)",
    "(x**2 - 4)/(x**2 + 4)",
    "x**2*sin(1/x)",
    "(x**2 + 1)**5*sin(3*x)/(x - 1)**2",
    "exp(sin(x))*log(x**2 + 1)",
    "sqrt(x)*(x**3 - 2*x)**4",
    "tan(x)**3*sec(x)",
    "x**2*atan(x)/(1 + x**2)",
    "log((x + 1)/(x - 1))",
    "sin(x)**3*cos(x)**2",
    "(x**3 + 2*x)/(x**2 - 1)**3",
    "exp(2*x)*(x**2 - 3*x + 1)**3",
    "cos(sqrt(x**2 + 1))",
    "x**5*exp(-x)*sin(x)",
    "(2*x - 1)**7*(3*x + 2)**5",
]

SECOND_ORDER = [
    "x**2*exp(x)",
    "sin(x**3 - 3*x)",
    "log(x**2 + 1)",
    "(2*x + 1)/(x - 3)",
    "x*log(x)",
    "atan(x**2)",
    "exp(x)*sin(x)",
    "sqrt(x**2 + 1)",
    "x**2*atan(x)/(1 + x**2)",
    "exp(-x**2)",
]

PARTIALS = [
    "x**2*y**3 + sin(x*y)",
    "exp(x*y)*cos(x - y)",
    "log(x**2 + y**2)",
    "x*y/(x**2 + y**2)",
    "sqrt(x**2 + y**2)*sin(y)",
    "(x**2 + y)**3*exp(-y)",
]

HOSTILE = [
    "9^9^9^9",
    "x^(10^100)",
    "factorial(10^10)",
    "(" * 5000 + "x" + ")" * 5000,
    "x+" * 100_000 + "x",
    "__import__('os').system('true')",
    "diff(x^2, x)",
    "lambda: 1",
    "sin(" * 300 + "x" + ")" * 300,
    "10^10^10 x",
    "x^x^x^x^x^x^x^x",
    "(x+1)^99999",
    "exp(exp(exp(exp(exp(x)))))",
    "1" * 5000,
    "((((x^2)^2)^2)^2)^2" * 50,
]

X, Y = sympy.symbols("x y")
TRANSFORMATIONS = (*standard_transformations, implicit_multiplication_application, convert_xor)


@dataclass(frozen=True)
class Case:
    expected: str
    answer: str
    right: bool
    group: str
    variables: tuple[str, ...] = ("x",)


def _typed(expr: sympy.Expr) -> str:
    """How a student types an expression: ^ for powers, no * after a number."""
    text = sympy.sstr(expr).replace("**", "^")
    return re.sub(r"(\d)\*(?=[a-z(])", r"\1", text)


def _messy(text: str) -> str:
    """The same text as pasted from a phone or an editor: unicode operators and spacing."""
    text = text.replace("exp(", "e^(").replace("^2", "²").replace("*", "·").replace("-", " − ")
    return text.replace("sqrt(", "√(")


def _answers(function: sympy.Expr, key: sympy.Expr, variables: tuple[str, ...]) -> Iterator[Case]:
    """What a class types for one key: several right notations and the usual slips."""
    expected = sympy.sstr(key)
    yield Case(expected, _typed(key), True, "right", variables)
    yield Case(expected, _typed(sympy.expand(key)), True, "right", variables)
    yield Case(expected, _typed(sympy.factor(key)), True, "right", variables)
    yield Case(expected, sympy.latex(key), True, "latex", variables)
    yield Case(expected, _messy(_typed(key)), True, "messy", variables)
    yield Case(expected, _typed(key + 1), False, "wrong", variables)
    yield Case(expected, _typed(2 * key), False, "wrong", variables)
    yield Case(expected, _typed(-key), False, "wrong", variables)
    yield Case(expected, _typed(function), False, "wrong", variables)


def corpus() -> Iterator[Case]:
    symbols = {"x": X, "y": Y}
    for source in FUNCTIONS:
        function = sympy.sympify(source, locals=symbols)
        yield from _answers(function, sympy.diff(function, X), ("x",))
    for source in SECOND_ORDER:
        function = sympy.sympify(source, locals=symbols)
        yield from _answers(function, sympy.diff(function, X, 2), ("x",))
    for source in PARTIALS:
        function = sympy.sympify(source, locals=symbols)
        yield from _answers(function, sympy.diff(function, Y), ("x", "y"))
    for text in HOSTILE:
        yield Case("3*x**2", text, False, "hostile")


WARM_UP = [
    ("4*x**3", "4x^3", ("x",)),
    ("2*x*cos(x**2 + 1)", "2x cos(x^2 + 1)", ("x",)),
    ("exp(2*x)*(2*log(x) + 1/x)", "e^(2x)(2ln x + 1/x) + 1", ("x",)),
    ("y*exp(x*y) - sin(y)/x**2", "y e^(xy) - sin(y)/x^2", ("x", "y")),
]
"""Checks outside the corpus, run once on each side before the timing: each side imports parts of
sympy (printing, functions, simplification) on its first use of them, a cost a long-running
grader pays once, not per answer."""


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Timeout


def naive(expected: str, answer: str, limit: float) -> bool | None:
    """The baseline: parse both with sympy's parser, then simplify the difference."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        key = parse_expr(expected, transformations=TRANSFORMATIONS)
        given = parse_expr(answer, transformations=TRANSFORMATIONS)
        return bool(sympy.simplify(key - given) == 0)
    except _Timeout:
        return None
    except Exception:  # the baseline fails on notation it cannot read
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def derivquiz(expected: str, answer: str, variables: tuple[str, ...]) -> bool | None:
    verdict = check(expected, answer, variables=variables)
    return None if verdict.status == "invalid" else verdict.status == "correct"


def equivalence_stage(cases: list[Case], limit: float) -> tuple[list[float], list[float]]:
    """Seconds of the comparison alone: compare_expressions against simplify(a - b) == 0, on the
    same sympy objects (read by derivquiz's parser), so parsing and printing are left out."""
    pairs = []
    for case in cases:
        if case.group == "hostile":
            continue
        try:
            key = parse_answer(case.expected, case.variables, limits=KEY_LIMITS)
            given = parse_answer(case.answer, case.variables)
        except StudentInputError:
            continue
        if isinstance(key, ParsedExpression) and isinstance(given, ParsedExpression):
            pairs.append((key.expr, given.expr))
    clear_cache()
    ours = [
        timed(lambda p=pair: compare_expressions(*p) is Outcome.EQUIVALENT)[0] for pair in pairs
    ]
    clear_cache()
    theirs = [timed(lambda p=pair: _simplified_zero(*p, limit))[0] for pair in pairs]
    return ours, theirs


def _simplified_zero(key: sympy.Expr, given: sympy.Expr, limit: float) -> bool | None:
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        return bool(sympy.simplify(key - given) == 0)
    except _Timeout:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _blocks(cases: list[Case]) -> Iterator[list[Case]]:
    """The corpus cut into runs of cases that share a key (hostile inputs each on their own)."""
    block: list[Case] = []
    for case in cases:
        if block and (case.expected != block[-1].expected or case.group == "hostile"):
            yield block
            block = []
        block.append(case)
    if block:
        yield block


def timed(function: Callable[[], bool | None]) -> tuple[float, bool | None]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def summary(name: str, seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return (
        f"{name:<10} n={len(seconds):4d}  mean {1000 * statistics.fmean(seconds):8.2f} ms"
        f"  median {1000 * statistics.median(seconds):8.2f} ms  p99 {1000 * p99:8.2f} ms"
        f"  max {1000 * ordered[-1]:8.2f} ms"
    )


@dataclass(frozen=True)
class Round:
    """One measurement in a fresh interpreter: seconds per ordinary case on each side (corpus
    order), verdicts as labelled, hostile inputs' seconds, and the comparison stage alone."""

    ours: list[float]
    theirs: list[float]
    right: dict[str, int]
    hostile: list[tuple[float, str]]
    stage_ours: list[float]
    stage_naive: list[float]


def measure(cases: list[Case], naive_limit: float) -> Round:
    for expected, answer, variables in WARM_UP:  # imports, lazy on both sides, not timed
        derivquiz(expected, answer, variables)
        naive(expected, answer, naive_limit)
    ours: list[float] = []
    theirs: list[float] = []
    hostile: list[tuple[float, str]] = []
    right = {"derivquiz": 0, "naive": 0}
    # The two sides alternate key by key, each starting from a cleared sympy cache: neither
    # profits from the other's work, and a shared machine's changing load hits both alike.
    for block in _blocks(cases):
        clear_cache()
        for case in block:
            seconds, result = timed(lambda c=case: derivquiz(c.expected, c.answer, c.variables))
            if case.group == "hostile":
                # A bound, not an average: the median of three runs, so one scheduler hiccup
                # on a shared machine does not count as the checker's time.
                again = [timed(lambda c=case: derivquiz(c.expected, c.answer, c.variables))[0]]
                again.append(timed(lambda c=case: derivquiz(c.expected, c.answer, c.variables))[0])
                hostile.append((statistics.median([seconds, *again]), case.answer[:40]))
                continue
            ours.append(seconds)
            right["derivquiz"] += result is case.right
        clear_cache()
        for case in block:
            if case.group == "hostile":
                continue
            seconds, result = timed(lambda c=case: naive(c.expected, c.answer, naive_limit))
            theirs.append(seconds)
            right["naive"] += result is case.right
    stage_ours, stage_naive = equivalence_stage(cases, naive_limit)
    return Round(ours, theirs, right, hostile, stage_ours, stage_naive)


def _in_fresh_process(options: argparse.Namespace) -> Round:
    """One round in a new interpreter, so every round starts as a newly started grader does:
    no cache of either side warmed by an earlier round."""
    command = [sys.executable, __file__, "--one-round", "--naive-limit", str(options.naive_limit)]
    if options.quick:
        command.append("--quick")
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    fields = json.loads(output)
    fields["hostile"] = [tuple(item) for item in fields["hostile"]]
    return Round(**fields)


def _per_case_median(rounds: list[Round], field: str) -> list[float]:
    columns = zip(*(getattr(r, field) for r in rounds), strict=True)
    return [statistics.median(times) for times in columns]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a third of the corpus")
    parser.add_argument("--naive-limit", type=float, default=10.0, help="seconds per naive check")
    parser.add_argument("--rounds", type=int, default=3, help="fresh processes measured")
    parser.add_argument("--one-round", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    cases = list(corpus())
    if options.quick:
        cases = [
            case for index, case in enumerate(cases) if index % 3 == 0 or case.group == "hostile"
        ]
    if options.one_round:
        print(json.dumps(asdict(measure(cases, options.naive_limit))))
        return

    rounds = []
    for number in range(1, options.rounds + 1):
        result = _in_fresh_process(options)
        rounds.append(result)
        ratio = statistics.fmean(result.theirs) / statistics.fmean(result.ours)
        print(
            f"round {number}: derivquiz mean {1000 * statistics.fmean(result.ours):.2f} ms, "
            f"naive mean {1000 * statistics.fmean(result.theirs):.2f} ms, {ratio:.1f}×"
        )
    # Each check's time is its median over the rounds: a scheduler stall or a garbage
    # collection that lands on one side in one round does not decide the figures.
    ours, theirs = _per_case_median(rounds, "ours"), _per_case_median(rounds, "theirs")
    hostile_times = zip(*([seconds for seconds, _ in r.hostile] for r in rounds), strict=True)
    hostile = [
        (statistics.median(times), text)
        for times, (_, text) in zip(hostile_times, rounds[0].hostile, strict=True)
    ]
    keys = len(FUNCTIONS) + len(SECOND_ORDER) + len(PARTIALS)
    print(f"corpus: {len(ours)} ordinary answers to {keys} keys, {len(hostile)} hostile")
    print(f"per check: the median of its {len(rounds)} rounds")
    print(summary("derivquiz", ours))
    print(summary("naive", theirs))
    ratio_mean = statistics.fmean(theirs) / statistics.fmean(ours)
    ratio_median = statistics.median(theirs) / statistics.median(ours)
    print(f"speed-up: mean {ratio_mean:.1f}×, median {ratio_median:.1f}×")
    right = {side: min(r.right[side] for r in rounds) for side in ("derivquiz", "naive")}
    print(
        f"verdicts as labelled: derivquiz {right['derivquiz']}/{len(ours)}, "
        f"naive {right['naive']}/{len(ours)}"
    )
    worst = max(hostile)
    print(f"hostile: max {1000 * worst[0]:.1f} ms ({worst[1]!r})")
    stage_ours = _per_case_median(rounds, "stage_ours")
    stage_naive = _per_case_median(rounds, "stage_naive")
    print(summary("compare", stage_ours))
    print(summary("simplify", stage_naive))
    print(
        "equivalence stage alone (same parsed objects): "
        f"mean {statistics.fmean(stage_naive) / statistics.fmean(stage_ours):.1f}× faster"
    )
    p99 = sorted(ours)[round(0.99 * (len(ours) - 1))]
    print(
        "targets: mean ≥ 20× naive: {}; p99 < 50 ms: {}; hostile < 100 ms: {}".format(
            "met" if ratio_mean >= 20 else "MISSED",
            "met" if p99 < 0.050 else "MISSED",
            "met" if worst[0] < 0.100 else "MISSED",
        )
    )


if __name__ == "__main__":
    main()
