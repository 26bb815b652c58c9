"""Worked steps and diagnosis over the shipped bank × many seeds: speed, and every step checked.

For each template and seed: the worked solution of every part (timed), every step checked to be a
true equality (not timed), the diagnosis of a wrong answer no misconception explains (key + 1:
every candidate is tried; timed with cold caches, the worst case of grading), the full list of
misconception answers (cold caches again), and the diagnosis of the first misconception's answer
(warm). Baseline in the same run: sympy's own derivative of the same functions, i.e. what a key
costs without steps.

    python bench/steps.py [--seeds 10]
"""

from __future__ import annotations

import argparse
import random
import time

import sympy

from generator.bank import instantiate, load_banks
from generator.rules import explain
from generator.rules.asks import work
from generator.rules.diagnosis import (
    DIAGNOSED_ASKS,
    _diff,
    _mal_answers,
    diagnose_task,
    key_of,
    mal_answers_for,
)
from generator.rules.differentiator import mal_derivative, rules_used
from generator.rules.selfcheck import line_holds
from generator.rules.task import task_of


def _clear_caches() -> None:
    for cached in (_mal_answers, _diff, mal_derivative, rules_used):
        cached.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    seeds = parser.parse_args().seeds
    bank = load_banks()
    problems = [instantiate(t, seed) for t in bank.templates for seed in range(1, seeds + 1)]
    parts = [(problem, part) for problem in problems for part in problem.parts]

    start = time.perf_counter()
    for problem, part in parts:
        task = task_of(problem, part)
        sympy.diff(task.substituted, *task.derivative_variables)
    baseline = time.perf_counter() - start

    explain_time = mal_time = diagnose_time = worst_time = 0.0
    steps = false_steps = candidates = diagnosed = with_candidates = 0
    tasks = [task_of(problem, part) for problem, part in parts]
    start = time.perf_counter()
    for task in tasks:
        if task.ask in DIAGNOSED_ASKS:
            diagnose_task(task, key_of(task) + 1)
    worst_time = time.perf_counter() - start
    _clear_caches()

    for (problem, part), task in zip(parts, tasks, strict=True):
        t0 = time.perf_counter()
        solution = explain(problem, part)
        t1 = time.perf_counter()
        mal = mal_answers_for(task)
        t2 = time.perf_counter()
        if mal:
            with_candidates += 1
            diagnosis = diagnose_task(task, mal[0].expr)
            diagnosed += diagnosis is not None and diagnosis.id == mal[0].id
        t3 = time.perf_counter()
        explain_time += t1 - t0
        mal_time += t2 - t1
        diagnose_time += t3 - t2
        steps += len(solution.steps)
        candidates += len(mal)
        rng = random.Random(problem.seed)
        false_steps += sum(not line_holds(line, rng, task.inner) for line in work(task).lines)

    n = len(parts)
    print(f"templates {len(bank.templates)}, seeds {seeds}, parts {n}, steps {steps}")
    print(f"baseline sympy diff      {1000 * baseline / n:8.2f} ms/part")
    print(f"explain (worked steps)   {1000 * explain_time / n:8.2f} ms/part")
    print(f"diagnose, no match (cold){1000 * worst_time / n:8.2f} ms/part")
    print(f"mal answers (cold)       {1000 * mal_time / n:8.2f} ms/part, {candidates / n:.1f} each")
    print(f"diagnose (warm)          {1000 * diagnose_time / n:8.2f} ms/part")
    print(f"steps that are not true equalities: {false_steps}")
    print(f"first candidate diagnosed as itself: {diagnosed} of {with_candidates}")


if __name__ == "__main__":
    main()
