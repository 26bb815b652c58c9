"""Instantiate + solve 1,000 problems across all topics; print problems/s and peak memory.

Baseline in the same run: the bare sympy work every problem needs anyway (draw the parameters,
substitute, differentiate once), so the figure shows what solving, tidying and the statement
cost on top. Target: >= 200 problems/s on one core.

    python bench/generate.py [--count 1000]
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc

import sympy

from generator.bank import instantiate, load_banks
from generator.bank.seeds import derive_seed

TARGET = 200.0


def _plan(count: int) -> list[tuple[object, int]]:
    bank = load_banks()
    templates = list(bank.templates)
    return [
        (templates[i % len(templates)], derive_seed(2026, "bench", i)) for i in range(count)
    ]


def _baseline(plan: list[tuple[object, int]]) -> float:
    start = time.perf_counter()
    for template, seed in plan:
        values = template.draw_params(random.Random(seed))  # type: ignore[attr-defined]
        function = template.function.xreplace(values)  # type: ignore[attr-defined]
        sympy.diff(function, template.variables[0])  # type: ignore[attr-defined]
    return time.perf_counter() - start


def _generate(plan: list[tuple[object, int]]) -> tuple[float, int]:
    tracemalloc.start()
    start = time.perf_counter()
    for template, seed in plan:
        instantiate(template, seed)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    plan = _plan(args.count)
    topics = len({t.topic for t, _ in plan})  # type: ignore[attr-defined]
    warm = _plan(40)
    _generate(warm)
    baseline = _baseline(plan)
    elapsed, peak = _generate(plan)
    rate = args.count / elapsed
    print(f"problems: {args.count} over {topics} topics ({len({t.id for t, _ in plan})} templates)")
    print(f"baseline (draw + substitute + diff): {args.count / baseline:8.1f} problems/s")
    print(f"derivquiz instantiate + solve:       {rate:8.1f} problems/s "
          f"({elapsed:.2f} s; {baseline / elapsed:.2f}x the baseline rate)")
    print(f"peak memory (tracemalloc):           {peak / 2**20:8.1f} MiB")
    print(f"target >= {TARGET:.0f} problems/s: {'met' if rate >= TARGET else 'NOT met'}")


if __name__ == "__main__":
    main()
