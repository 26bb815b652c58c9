"""Run a risky computation in a worker process with hard time and memory limits.

Symbolic simplification can run for minutes or exhaust memory on an adversarial input, and a Python
thread cannot be interrupted. The few calls that may do that run here instead: in a forked child
whose address space and CPU time are capped with `resource.setrlimit`, and which the parent kills
when its wall-clock budget is spent. The caller hears `SandboxError` and reports "could not be
checked". A bare `os.fork` (not `multiprocessing`) works inside daemonic pool workers too, and the
child needs nothing pickled on the way in.
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

DEFAULT_SECONDS = 3.0
DEFAULT_MEMORY_MB = 512
_HEADER = 8


class SandboxError(Exception):
    """The bounded computation did not finish: `reason` is timeout, memory, killed or the error."""

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
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, report, and leave without running the parent's cleanup
        os.close(reader)
        _child(writer, function, args, seconds, memory_mb)
    os.close(writer)
    try:
        payload = _read_until(reader, time.monotonic() + seconds)
    finally:
        os.close(reader)
        _reap(pid)
    if payload is None:
        raise SandboxError("timeout")
    if not payload:
        raise SandboxError("killed")
    ok, value = pickle.loads(payload)  # written by our own forked child
    if not ok:
        raise SandboxError(value)
    return value  # type: ignore[no-any-return]


def _read_until(reader: int, deadline: float) -> bytes | None:
    """The child's message (a length, then the pickle); b"" if the child died before finishing
    it, None if the deadline came first.

    The length prefix matters when several threads sandbox at once: a sibling child forked
    meanwhile may hold a copy of this pipe's write end, so end-of-file can come late.
    """
    received = b""
    while len(received) < _HEADER or len(received) < _HEADER + int.from_bytes(received[:_HEADER]):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _, _ = select.select([reader], [], [], remaining)
        if not ready:
            return None
        chunk = os.read(reader, 1 << 16)
        if not chunk:
            return b""
        received += chunk
    return received[_HEADER:]


def _reap(pid: int) -> None:
    """Make sure the child is gone (killing it if it is still running) and collect its status."""
    try:
        finished, _ = os.waitpid(pid, os.WNOHANG)
        if finished == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _child(
    writer: int, function: Callable[..., Any], args: tuple[Any, ...], seconds: float, memory_mb: int
) -> None:
    try:
        _limit(seconds, memory_mb)
        result: tuple[bool, Any] = (True, function(*args))
        payload = pickle.dumps(result)
    except MemoryError:
        payload = pickle.dumps((False, "memory"))
    except BaseException as error:  # the child reports any failure instead of dying silently
        payload = pickle.dumps((False, type(error).__name__))
    try:
        view = memoryview(len(payload).to_bytes(_HEADER) + payload)
        while view:
            view = view[os.write(writer, view) :]
    finally:
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
