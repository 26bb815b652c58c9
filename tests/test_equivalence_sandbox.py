"""The bounded worker that runs risky symbolic calls: results come back, runaways are stopped."""

from __future__ import annotations

import threading
import time

import pytest
import sympy

from generator.sandbox import SandboxError, run_bounded


def _square(value: int) -> int:
    return value * value


def _sleep_forever() -> None:
    time.sleep(60)


def _spin_forever() -> None:
    while True:
        pass


def _allocate_gigabytes() -> int:
    hoard = [bytearray(64 * 1024 * 1024) for _ in range(64)]
    return len(hoard)


def _fail() -> None:
    raise ValueError("no")


def test_result_comes_back() -> None:
    """A computation that finishes returns its value, sympy objects included."""
    assert run_bounded(_square, 12) == 144
    x = sympy.Symbol("x")
    assert run_bounded(sympy.expand, (x + 1) ** 2) == x**2 + 2 * x + 1


@pytest.mark.parametrize(
    ("function", "reason"),
    [(_sleep_forever, "timeout"), (_spin_forever, "timeout"), (_fail, "ValueError")],
    ids=["sleeping", "spinning", "raising"],
)
def test_runaway_or_failing_call_is_stopped(function: object, reason: str) -> None:
    """A call that never ends is killed at its time limit; one that raises reports why."""
    started = time.perf_counter()
    with pytest.raises(SandboxError, match=reason) as raised:
        run_bounded(function, seconds=0.5)  # type: ignore[arg-type]
    assert raised.value.reason == reason
    assert time.perf_counter() - started < 3.0


def test_memory_hog_is_stopped() -> None:
    """A call that tries to take gigabytes hits the memory cap instead of the machine."""
    with pytest.raises(SandboxError, match="memory") as raised:
        run_bounded(_allocate_gigabytes, seconds=5, memory_mb=256)
    assert raised.value.reason == "memory"


def test_runaway_simplify_is_undecided_within_its_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """A symbolic confirmation that would run for minutes is stopped and reported undecided."""
    from generator.equivalence import expressions

    monkeypatch.setattr(expressions, "SYMBOLIC_SECONDS", 0.5)
    x = sympy.Symbol("x")
    key = sum(sympy.sin(i * x) ** i * sympy.cos(x) ** (i + 1) for i in range(1, 9))
    started = time.perf_counter()
    outcome = expressions.confirm_symbolically(key, key.rewrite(sympy.exp))
    assert outcome is expressions.Outcome.UNDECIDED
    assert time.perf_counter() - started < 2.0


def test_concurrent_calls_from_threads_do_not_wait_on_each_other() -> None:
    """Threads of a server may sandbox at once; each result arrives as soon as it is computed."""
    results: dict[int, int] = {}

    def work(value: int) -> None:
        results[value] = run_bounded(_square, value, seconds=20)

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(value,)) for value in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {value: value * value for value in range(6)}
    assert time.perf_counter() - started < 10
