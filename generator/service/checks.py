"""Run checks off the event loop, bounded in number and in time, and remember recent verdicts.

A check is pure (same request, same verdict), so each worker keeps an LRU cache of recent ones: in a
class many students type the same answers, and a cached verdict is answered on the event loop in
microseconds instead of a thread hop and a sympy evaluation. The time limit abandons the thread's
result; the parser's own limits (length, depth, exponents) keep what such a thread may still
compute small, and the checker runs its open-ended symbolic step in a killable sandbox.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

import anyio

from generator.checking import check
from generator.errors import InputErrorInfo, UsageError
from generator.i18n import N_, normalize_language, translate
from generator.model import Verdict
from generator.render.mathml import text_to_html
from generator.service.schemas import CheckRequest, InputErrorOut, VerdictOut

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")
CACHE_SIZE = 4096

TIMEOUT_MESSAGE = N_("This answer took too long to check; write it more simply and try again.")


class CheckRunner:
    """Runs blocking sympy work in threads: at most `limit` at once, each within `timeout` s."""

    def __init__(self, limit: int, timeout: float) -> None:
        self._limiter = anyio.CapacityLimiter(limit)
        self._timeout = timeout
        self._verdicts: LRU[tuple[_Key, str], VerdictOut] = LRU(CACHE_SIZE)

    async def run(self, work: Callable[[], T]) -> T:
        """The result of `work()`; raises TimeoutError when it takes longer than the limit."""
        with anyio.fail_after(self._timeout):
            return await anyio.to_thread.run_sync(
                work, abandon_on_cancel=True, limiter=self._limiter
            )

    async def check(self, request: CheckRequest) -> VerdictOut:
        """The verdict on one batch line; a check that runs out of time is an `invalid` verdict."""
        lang = normalize_language(request.lang)
        key = (_key(request), lang)
        answered = self._verdicts.get(key)
        if answered is None:
            try:
                answered = verdict_out(await self.run(lambda: _check(*key)))
            except TimeoutError:
                return verdict_out(timeout_verdict(lang), request.id)
            self._verdicts.put(key, answered)
        return answered.model_copy(update={"id": request.id})

    async def check_line(self, request: CheckRequest) -> VerdictOut:
        """Like `check`, but a line the checker cannot use is `invalid`, and the batch goes on."""
        try:
            return await self.check(request)
        except UsageError as error:
            message = error.render(normalize_language(request.lang))
            unusable = Verdict(
                status="invalid",
                score=0.0,
                feedback=message,
                error=InputErrorInfo("unusable_request", message, None, ""),
            )
            return verdict_out(unusable, request.id)


class LRU(Generic[K, V]):
    """A bounded mapping that drops the least recently used entry; used on the event loop only."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        if len(self._items) > self._size:
            self._items.popitem(last=False)


def timeout_verdict(lang: str) -> Verdict:
    message = translate(TIMEOUT_MESSAGE, lang)
    return Verdict(
        status="invalid",
        score=0.0,
        feedback=message,
        error=InputErrorInfo("timeout", message, None, ""),
    )


def verdict_out(verdict: Verdict, request_id: str | int | None = None) -> VerdictOut:
    error = verdict.error
    return VerdictOut(
        id=request_id,
        status=verdict.status,
        score=verdict.score,
        feedback=verdict.feedback,
        feedback_html=str(text_to_html(verdict.feedback)),
        diagnosis=verdict.diagnosis,
        interpreted=verdict.interpreted,
        error=None
        if error is None
        else InputErrorOut(
            code=error.code, message=error.message, column=error.column, excerpt=error.excerpt
        ),
    )


_Key = tuple[
    str | None,
    str,
    tuple[str, ...] | None,
    str,
    float | None,
    str | None,
    str | None,
    tuple[str, ...] | None,
    int,
]


def _key(request: CheckRequest) -> _Key:
    return (
        request.expected,
        request.answer,
        None if request.variables is None else tuple(request.variables),
        request.kind,
        request.tolerance,
        request.function,
        request.ask,
        None if request.wrt is None else tuple(request.wrt),
        request.order,
    )


def _check(key: _Key, lang: str) -> Verdict:
    expected, answer, variables, kind, tolerance, function, ask, wrt, order = key
    return check(
        expected,
        answer,
        variables=None if variables is None else list(variables),
        kind=kind,
        lang=lang,
        tolerance=tolerance,
        function=function,
        ask=ask,
        wrt=None if wrt is None else list(wrt),
        order=order,
    )
