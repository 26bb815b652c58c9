"""Every failure of a request becomes one JSON shape and one HTTP status, here and only here.

Clients get a stable `error` code and a sentence in their language; tracebacks go to the server log
and never into a response.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from generator.errors import DerivquizError, UsageError
from generator.i18n import N_, normalize_language, translate

LOG = logging.getLogger("derivquiz.service")


class ServiceError(DerivquizError):
    """A request the service refuses; subclasses fix the HTTP status and the stable error code."""

    status_code = 400
    code = "bad_request"


class UnknownTemplate(ServiceError):
    status_code = 404
    code = "unknown_template"

    def __init__(self, template: str) -> None:
        super().__init__(N_("There is no template with id '{template}'."), template=template)


class TokenRefused(ServiceError):
    status_code = 403
    code = "token_refused"

    def __init__(self) -> None:
        super().__init__(N_("The teacher token is not valid for this server."))


class UnknownPart(ServiceError):
    status_code = 422
    code = "unknown_part"

    def __init__(self, label: str, labels: list[str]) -> None:
        super().__init__(
            N_("This problem has no part '{label}'; its parts are {labels}."),
            label=label,
            labels=", ".join(labels),
        )


class BatchTooLong(ServiceError):
    status_code = 422
    code = "batch_too_long"

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(
            N_("A batch may hold at most {limit} answers; this one has {length}."),
            limit=limit,
            length=length,
        )


class BodyTooLarge(StarletteHTTPException):
    """Raised while the body streams in, so FastAPI passes it through to the handler below."""

    def __init__(self) -> None:
        super().__init__(status_code=413)


def request_language(request: Request) -> str:
    """The reader's language before the body is read: `?lang=`, else the first Accept-Language."""
    query = request.query_params.get("lang")
    if query:
        return normalize_language(query)
    header = request.headers.get("accept-language", "")
    return normalize_language(header.split(",")[0].split(";")[0].strip() or None)


def error_response(
    status: int, code: str, message: str, details: Sequence[dict[str, Any]] = ()
) -> JSONResponse:
    return JSONResponse(
        status_code=status,
        content={"error": code, "message": message, "details": list(details)},
    )


def too_large_response(lang: str, limit: int) -> JSONResponse:
    return error_response(
        413,
        "body_too_large",
        translate(N_("The request body is larger than {limit} bytes."), lang, limit=limit),
    )


_PROBLEMS: dict[str, str] = {
    "missing": N_("This field is required."),
    "extra_forbidden": N_("This field is not allowed here."),
    "json_invalid": N_("The request body is not valid JSON (near character {position})."),
    "json_type": N_("The request body must be a JSON object or array."),
    "model_attributes_type": N_("Expected a JSON object here."),
    "dict_type": N_("Expected a JSON object here."),
    "list_type": N_("Expected a JSON array here."),
    "string_type": N_("Expected a string here."),
    "int_type": N_("Expected a whole number here."),
    "int_parsing": N_("Expected a whole number here."),
    "int_from_float": N_("Expected a whole number here."),
    "float_type": N_("Expected a number here."),
    "float_parsing": N_("Expected a number here."),
    "string_too_long": N_("Too long: at most {max_length} characters."),
    "too_long": N_("Too many items: at most {max_length}."),
    "greater_than_equal": N_("Must be at least {ge}."),
    "less_than_equal": N_("Must be at most {le}."),
    "literal_error": N_("Must be one of {expected}."),
}
_INVALID_VALUE = N_("This value is not valid.")


def _problem(error: dict[str, Any], lang: str) -> str:
    context = error.get("ctx") or {}
    if error["type"] == "value_error":
        # Our own validators raise ValueError with a marked message as its only argument.
        cause = context.get("error")
        return (
            translate(str(cause.args[0]), lang)
            if cause is not None
            else translate(_INVALID_VALUE, lang)
        )
    template = _PROBLEMS.get(error["type"], _INVALID_VALUE)
    params = {key: context.get(key, "") for key in ("max_length", "ge", "le", "expected")}
    if error["type"] == "json_invalid":
        params["position"] = _json_position(error["loc"])
    return translate(template, lang, **params)


def _json_position(location: Sequence[int | str]) -> int:
    """1-based character where the JSON parser gave up (FastAPI puts its offset in the location)."""
    offsets = [item for item in location if isinstance(item, int)]
    return offsets[-1] + 1 if offsets else 1


def _field(error: dict[str, Any]) -> str:
    if error["type"] == "json_invalid":
        return "body"
    location: Sequence[int | str] = error["loc"]
    path = ""
    for item in location[1:] if location and location[0] == "body" else location:
        path += f"[{item}]" if isinstance(item, int) else (f".{item}" if path else str(item))
    return path or "body"


async def _on_validation(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    lang = request_language(request)
    details = [
        {"field": _field(item), "code": item["type"], "message": _problem(item, lang)}
        for item in error.errors()
    ]
    first = details[0] if details else {"field": "body", "message": translate(_INVALID_VALUE, lang)}
    message = translate(
        N_("The request is not valid: {field}: {problem}"),
        lang,
        field=first["field"],
        problem=first["message"],
    )
    return error_response(422, "invalid_request", message, details)


_STATUS_MESSAGES: dict[int, tuple[str, str]] = {
    404: ("not_found", N_("There is nothing at this address.")),
    405: ("method_not_allowed", N_("This address does not accept that method.")),
}


async def _on_http(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    lang = request_language(request)
    if isinstance(error, BodyTooLarge):
        return too_large_response(lang, request.app.state.settings.max_body_bytes)
    code, template = _STATUS_MESSAGES.get(
        error.status_code, ("http_error", N_("The request could not be served."))
    )
    return error_response(error.status_code, code, translate(template, lang))


async def _on_service_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ServiceError)
    lang = getattr(request.state, "lang", None) or request_language(request)
    return error_response(error.status_code, error.code, error.render(lang))


async def _on_usage_error(request: Request, error: Exception) -> JSONResponse:
    """A request the API understood but the checker cannot use (an unreadable expected answer…)."""
    assert isinstance(error, UsageError)
    lang = getattr(request.state, "lang", None) or request_language(request)
    return error_response(422, "unusable_request", error.render(lang))


async def _on_timeout(request: Request, error: Exception) -> JSONResponse:
    message = translate(
        N_("The server took too long to answer this request; try a simpler one."),
        getattr(request.state, "lang", None) or request_language(request),
    )
    return error_response(503, "timeout", message)


async def _on_unexpected(request: Request, error: Exception) -> JSONResponse:
    LOG.error("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    message = translate(
        N_("Something went wrong on the server; the error has been logged."),
        request_language(request),
    )
    return error_response(500, "internal_error", message)


def install_error_handlers(app: FastAPI) -> None:
    """Register the one place where exceptions become HTTP responses."""
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(ServiceError, _on_service_error)
    app.add_exception_handler(UsageError, _on_usage_error)
    app.add_exception_handler(TimeoutError, _on_timeout)
    app.add_exception_handler(Exception, _on_unexpected)
