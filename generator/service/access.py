"""The teacher-token rule: keys and worked steps of unanswered parts go only to a teacher.

A request shows the token in `X-Teacher-Token` or as `Authorization: Bearer …`. A request without
one is a student's; one with a wrong token (or any token, when the server has none) is refused, so a
misconfigured LMS plugin learns at once instead of silently getting student views.
"""

from __future__ import annotations

import hmac

from fastapi import Request

from generator.service.errors import TokenRefused


def presented_token(request: Request) -> str | None:
    token = request.headers.get("x-teacher-token")
    if token:
        return token
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    return credentials.strip() or None if scheme.lower() == "bearer" else None


def is_teacher(request: Request, expected: str | None) -> bool:
    """True for a request with the server's teacher token, False for one with none; else 403."""
    token = presented_token(request)
    if token is None:
        return False
    if expected is None or not hmac.compare_digest(token.encode(), expected.encode()):
        raise TokenRefused()
    return True
