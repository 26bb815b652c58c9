"""Instantiate + solve 1,000 problems across all topics; print problems/s and peak memory.

The baseline, in the same run, is plain sympy doing the least every problem needs: draw the
parameters, substitute, `sympy.diff` once, print the result. derivquiz does more per problem
(every part solved, keys tidied and verified-degenerate-free, LaTeX and statement rendered), so
the ratio shows what that costs. Rates are CPU time of this process (one core), so other load on
the machine matters less; wall time is printed too. Target: >= 200 problems/s on one core.

    python bench/generate.py [--count 1000]
"""

from __future__ import annotations

import argparse
import random
import resource
import time

import sympy

from generator.bank import CompiledTemplate, instantiate, load_banks
from generator.bank.seeds import derive_seed

TARGET = 200.0
Plan = list[tuple[CompiledTemplate, int]]


def _plan(count: int, salt: str) -> Plan:
    templates = list(load_banks().templates)
    return [(templates[i % len(templates)], derive_seed(2026, salt, i)) for i in range(count)]


def _baseline(plan: Plan) -> float:
    start = time.process_time()
    for template, seed in plan:
        values = template.draw_params(random.Random(seed))
        function = template.function.xreplace(values)
        sympy.sstr(sympy.diff(function, template.variables[0]))
    return time.process_time() - start


def _generate(plan: Plan) -> tuple[float, float]:
    start, wall = time.process_time(), time.perf_counter()
    for template, seed in plan:
        instantiate(template, seed)
    return time.process_time() - start, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description="instantiate + solve N problems")
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    _generate(_plan(100, "warm-up"))
    plan = _plan(args.count, "bench")
    baseline = _baseline(_plan(args.count, "baseline"))
    cpu, wall = _generate(plan)
    rate = args.count / cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    topics = len({t.topic for t, _ in plan})
    print(f"problems: {args.count} over {topics} topics ({len({t.id for t, _ in plan})} templates)")
    print(
        f"baseline (draw, substitute, sympy.diff, print): {args.count / baseline:7.1f} problems/s"
    )
    print(
        f"derivquiz instantiate + solve:                  {rate:7.1f} problems/s "
        f"(cpu {cpu:.2f} s, wall {wall:.2f} s; {cpu / baseline:.1f}x the baseline's time)"
    )
    print(f"peak memory (max RSS of the process):           {peak:7.1f} MiB")
    print(
        f"target >= {TARGET:.0f} problems/s on one core: {'met' if rate >= TARGET else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
