"""Benchmark: derivquiz's parser against sympy's `parse_expr`, on one corpus, in one run.

The corpus is what students type for derivatives (keyboard, unicode, LaTeX) plus the keys sympy
prints. The baseline is `parse_expr` with implicit multiplication and `^` — the obvious way to read
such text, and unsafe (it ends in `eval`), so it lives here and never in `generator/`. Hostile
inputs are timed for derivquiz only; the baseline would hang or crash on several of them.

    python bench/parsing.py            # 200 rounds
    python bench/parsing.py --rounds 20

Targets (issue 2): typical answers < 1–2 ms; every hostile input refused in < 100 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication_application,
    parse_expr,
    standard_transformations,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.errors import StudentInputError
from generator.parsing import KEY_LIMITS, parse_answer

VARIABLES = ["x", "y"]

TYPED = [
    "3x^2 - 3",
    "(3x^2 - 3)cos(x^3 - 3x)",
    "2x e^x + x^2 e^x",
    "2x/(x^2+1)",
    "x/sqrt(x^2+1)",
    "-7/(x-3)^2",
    "2sec(2x)^2",
    "-2x e^(-x^2)",
    "ln(x) + 1",
    "-2sin(x)cos(x)",
    "2x/(1+x^4)",
    "2/sqrt(1-4x^2)",
    "10x(x^2+1)^4",
    "2^x ln(2)",
    "(1/3)x^(-2/3)",
    "sec(x)tan(x)",
    "(1 - ln(x))/x^2",
    "e^x(sin(x) + cos(x))",
    "cos(x)^2 - sin(x)^2",
    "2y + 3x^2y^2",
    "3x²−3",
    "2x·eˣ + x²·eˣ",
    "√(x²+1)",
    "（3x＋1）²",
    r"\frac{2x}{x^2+1}",
    r"\sin^2 x + 2x\cos x",
    r"e^{2x}\left(2\sin x + \cos x\right)",
    "2sinxcosx",
    "ln|x| + 1",
]
KEYS = [
    "(3*x**2 - 3)*cos(x**3 - 3*x)",
    "x**2*exp(x) + 2*x*exp(x)",
    "-2*x*exp(-x**2)",
    "2*x/(x**2 + 1)",
    "x/sqrt(x**2 + 1)",
    "2*tan(2*x)**2 + 2",
    "-sin(x)/x**2 + cos(x)/x",
    "2**x*log(2)",
    "1/(3*x**(2/3))",
    "60*(x - 2)**59*(x + 1) + (x - 2)**60",
]
HOSTILE = [
    "9^9^9^9",
    "x^(10^100)",
    "2^(10^6)",
    "factorial(10^10)",
    "(" * 5000 + "x" + ")" * 5000,
    "x" * 200_000,
    "(" * 1999,
    "x^" * 999 + "x",
    "1+" * 999 + "1",
    "99^999" + "*99^999" * 280,
    "exp(exp(exp(exp(100))))",
    "sin " * 499 + "x",
    "(x+1)" * 400,
    "sqrt(2^3999+1)",
    "x^(sin(exp(9999)^9999))",
    "+".join(f"sin({n})" for n in range(100_000, 100_160)),
    "*".join(f"sqrt({n})" for n in range(100_000, 100_140)),
]

_TRANSFORMS = (*standard_transformations, implicit_multiplication_application, convert_xor)


def _ours(text: str) -> object:
    return parse_answer(text, VARIABLES, limits=KEY_LIMITS)


def _naive(text: str) -> object:
    return parse_expr(text, transformations=_TRANSFORMS)


def _time(reader: Callable[[str], object], corpus: list[str], rounds: int) -> list[float]:
    samples: list[float] = []
    for _ in range(rounds):
        for text in corpus:
            started = time.perf_counter()
            with contextlib.suppress(Exception):  # the baseline fails on notation it lacks
                reader(text)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def _row(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[int(0.99 * (len(ordered) - 1))]
    mean = statistics.fmean(samples)
    median = statistics.median(samples)
    return f"{name:<22} mean {mean:7.3f} ms   median {median:7.3f} ms   p99 {p99:7.3f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    rounds = parser.parse_args().rounds
    corpus = TYPED + KEYS
    ascii_corpus = [text for text in corpus if text.isascii() and "\\" not in text]
    ours = _time(_ours, corpus, rounds)
    ours_ascii = _time(_ours, ascii_corpus, rounds)
    naive = _time(_naive, ascii_corpus, rounds)
    print(f"corpus: {len(corpus)} answers ({len(ascii_corpus)} ASCII, readable by the baseline)")
    print(_row("derivquiz, all", ours))
    print(_row("derivquiz, ASCII", ours_ascii))
    print(_row("parse_expr, ASCII", naive))
    ratio = statistics.fmean(naive) / statistics.fmean(ours_ascii)
    print(f"derivquiz is {ratio:.1f}× the speed of parse_expr on the same ASCII answers")
    print("hostile inputs (derivquiz only):")
    worst = 0.0
    for text in HOSTILE:
        started = time.perf_counter()
        try:
            parse_answer(text, VARIABLES)
            outcome = "read"
        except StudentInputError as error:
            outcome = error.code
        elapsed = (time.perf_counter() - started) * 1000
        worst = max(worst, elapsed)
        print(f"  {elapsed:8.2f} ms  {outcome:<17} {text[:30]!r} ({len(text)} chars)")
    print(f"slowest hostile input: {worst:.2f} ms (target < 100 ms)")


if __name__ == "__main__":
    main()
