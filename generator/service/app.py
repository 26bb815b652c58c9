"""The HTTP service: JSON checker API, problem API and the practice page, on FastAPI.

Routes only translate HTTP to the Python API and back; checking, problems and pages live in their
own modules. The app keeps no per-user state, so it scales by `--workers` and by replicas.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI, Query, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from generator import __version__
from generator.i18n import normalize_language
from generator.service import page, problems
from generator.service.access import is_teacher
from generator.service.checks import CheckRunner
from generator.service.errors import BatchTooLong, install_error_handlers, request_language
from generator.service.limits import BodySizeLimit
from generator.service.preview import preview
from generator.service.schemas import (
    CheckRequest,
    ErrorOut,
    GradeOut,
    GradeRequest,
    HealthOut,
    PreviewOut,
    PreviewRequest,
    ProblemOut,
    ProblemRequest,
    TemplatesOut,
    VerdictOut,
)
from generator.service.settings import Settings

_ERRORS: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorOut} for status in (403, 404, 413, 422, 500, 503)
}


def create_app(settings: Settings | None = None) -> FastAPI:
    """A ready app: routes, limits, error handlers, CORS only for the configured origins."""
    settings = settings or Settings()
    catalogue = problems.Catalogue(settings.bank_dirs)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Load the banks before the first request, so a broken bank stops the worker at start.
        await anyio.to_thread.run_sync(lambda: catalogue.bank)
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="derivquiz",
        version=__version__,
        summary="Checks differential-calculus answers; serves practice problems.",
        responses=_ERRORS,
    )
    app.state.settings = settings
    runner = CheckRunner(settings.max_concurrent_checks, settings.check_timeout)
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "X-Teacher-Token", "Authorization"],
        )
    app.mount("/static", StaticFiles(directory=page.static_dir()), name="static")

    @app.get("/healthz", tags=["service"])
    async def healthz() -> HealthOut:
        """Liveness for a proxy or orchestrator: answers without touching sympy."""
        return HealthOut(status="ok", version=__version__)

    @app.post("/api/check", tags=["check"])
    async def check_one(body: CheckRequest, request: Request) -> VerdictOut:
        """One answer against an expected answer (or a problem), as a `check --batch` line."""
        request.state.lang = normalize_language(body.lang)
        return await runner.check(body)

    @app.post("/api/check/batch", tags=["check"])
    async def check_batch(body: list[CheckRequest]) -> list[VerdictOut]:
        """Several answers at once, verdicts in the same order; at most `max_batch` of them."""
        if len(body) > settings.max_batch:
            raise BatchTooLong(len(body), settings.max_batch)
        return [await runner.check_line(item) for item in body]

    @app.post("/api/preview", tags=["check"])
    async def preview_answer(body: PreviewRequest) -> PreviewOut:
        """How the checker reads a half-typed answer: MathML, or the fault and its column."""
        return await runner.run(lambda: preview(body))

    @app.get("/api/templates", tags=["problems"])
    async def templates(
        request: Request, topic: str | None = Query(default=None, max_length=100)
    ) -> TemplatesOut:
        """The templates a problem can be asked of, optionally of one topic; titles in `?lang=`
        (else the browser's language)."""
        return catalogue.templates(topic, request_language(request))

    @app.post("/api/problems", tags=["problems"])
    async def make_problem(body: ProblemRequest, request: Request) -> ProblemOut:
        """A problem from a template and seed, without its key unless a teacher asks."""
        teacher = is_teacher(request, settings.teacher_token)
        seed = body.seed if body.seed is not None else random.SystemRandom().randrange(2**31)
        lang = normalize_language(body.lang)
        request.state.lang = lang
        return await runner.run(lambda: catalogue.problem(body.template, seed, lang, key=teacher))

    @app.post("/api/problems/grade", tags=["problems"])
    async def grade_problem(body: GradeRequest, request: Request) -> GradeOut:
        """Verdicts on a student's answers; keys and steps of attempted parts (a teacher: all)."""
        teacher = is_teacher(request, settings.teacher_token)
        lang = normalize_language(body.lang)
        request.state.lang = lang
        return await catalogue.grade(
            runner, body.template, body.seed, body.answers, lang, teacher=teacher
        )

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def practice(request: Request) -> HTMLResponse:
        """The practice page, in `?lang=` or the browser's language."""
        return HTMLResponse(page.render_page(request_language(request), catalogue.topics()))

    return app


def app_from_env() -> FastAPI:
    """The factory uvicorn workers call: settings come from `DERIVQUIZ_*` variables."""
    return create_app(Settings.from_env())
