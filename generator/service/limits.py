"""Request body size limit, enforced before any JSON is parsed.

A declared Content-Length over the limit is refused at once; a body streamed without one is counted
as it arrives and refused as soon as it passes the limit, so no worker ever buffers a huge body.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from generator.service.errors import BodyTooLarge, request_language, too_large_response


class BodySizeLimit:
    """ASGI middleware: 413 for bodies larger than `max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            response = too_large_response(request_language(Request(scope)), self.max_bytes)
            await response(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge()
            return message

        await self.app(scope, counting_receive, send)
