"""Run a risky computation in a worker process with hard time and memory limits.

Symbolic simplification can run for minutes or exhaust memory on an adversarial input, and a Python
thread cannot be interrupted. The few calls that may do that run here instead: in a forked child
whose address space and CPU time are capped with `resource.setrlimit`, which the parent kills when
its wall-clock budget is spent. The caller hears `SandboxError` and reports "could not be checked".
"""

from __future__ import annotations

import multiprocessing
import os
import resource
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

DEFAULT_SECONDS = 3.0
DEFAULT_MEMORY_MB = 512


class SandboxError(Exception):
    """The bounded computation did not finish: it ran out of time or memory, or it failed."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def run_bounded(
    function: Callable[..., T],
    *args: Any,
    seconds: float = DEFAULT_SECONDS,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> T:
    """`function(*args)` computed in a child limited to `seconds` and `memory_mb` more memory."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(
        target=_child, args=(sender, function, args, seconds, memory_mb), daemon=True
    )
    worker.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise SandboxError("timeout")
        try:
            ok, value = receiver.recv()
        except EOFError as error:
            raise SandboxError("killed") from error
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        receiver.close()
    if not ok:
        raise SandboxError(value)
    return value  # type: ignore[no-any-return]


def _child(
    sender: Connection,
    function: Callable[..., Any],
    args: tuple[Any, ...],
    seconds: float,
    memory_mb: int,
) -> None:
    _limit(seconds, memory_mb)
    try:
        result: tuple[bool, Any] = (True, function(*args))
    except MemoryError:
        result = (False, "memory")
    except Exception as error:  # the child reports any failure instead of dying silently
        result = (False, type(error).__name__)
    try:
        sender.send(result)
    finally:
        sender.close()
        os._exit(0)


def _limit(seconds: float, memory_mb: int) -> None:
    """Cap this process: the memory it already has plus `memory_mb`, and CPU time past `seconds`."""
    cpu = int(seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    current = _address_space()
    if current is None:
        return
    ceiling = current + memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))


def _address_space() -> int | None:
    """Bytes of address space this process has now (Linux); None where that cannot be read."""
    try:
        pages = Path("/proc/self/statm").read_text().split()[0]
    except OSError:
        return None
    return int(pages) * os.sysconf("SC_PAGE_SIZE")
