"""Independent work of a class set (figures, worked steps) run on every core, in the background.

A class of 30 × 10 problems needs hundreds of figures and worked solutions; each is independent
and costs far more than the page it lands on, so they are computed in forked workers while the
caller goes on, and collected in the order they were asked for. Below a few dozen jobs a pool
costs more than it saves, and everything runs in this process, lazily.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from multiprocessing.pool import Pool
from typing import TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")

POOL_MIN_JOBS = 16


class Background:
    """A pool of forked workers, or none when there is too little work; a context manager."""

    def __init__(self, jobs: int) -> None:
        workers = min(os.cpu_count() or 1, jobs // (POOL_MIN_JOBS // 2))
        self._pool: Pool | None = None
        if workers >= 2:
            self._pool = multiprocessing.get_context("fork").Pool(workers)
        self._workers = workers

    def submit(
        self, function: Callable[[Job], Result], jobs: Sequence[Job]
    ) -> Callable[[], list[Result]]:
        """Start `function` on every job; the returned callable waits for the results, in order."""
        if self._pool is None or not jobs:
            return lambda: [function(job) for job in jobs]
        chunk = max(1, len(jobs) // (4 * self._workers))
        pending = self._pool.map_async(function, jobs, chunksize=chunk)
        return pending.get

    def __enter__(self) -> Background:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
