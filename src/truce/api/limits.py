"""Request limits as ASGI middleware: a body size limit and a rate limit per token.

The body limit (setting ``body_limit``) refuses a declared ``Content-Length`` above it at
once, and a chunked body as soon as it grows past it (413). The rate limit (setting
``rate_limit``, requests per second) is a token bucket per bearer token (per client address
without one) in each server process, holding a burst of twice the rate (429 with
``Retry-After``). Both answer with the JSON error envelope.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import OrderedDict

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from truce.api.errors import BodyTooLarge, RateLimited
from truce.errors import TruceError

_MAX_BUCKETS = 100_000


async def _send_error(send: Send, exc: TruceError, **headers: str) -> None:
    """``exc`` as the JSON envelope (:meth:`TruceError.envelope`), straight to ASGI."""
    body = json.dumps(exc.envelope()).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().replace("_", "-").encode(), v.encode()) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": exc.status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """413 for a request body larger than ``limit`` bytes."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.limit <= 0:
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            msg = f"the request body is {declared} bytes; the limit is {self.limit}"
            await _send_error(send, BodyTooLarge(msg))
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge(f"the request body exceeds the limit of {self.limit} bytes")
            return message

        await self.app(scope, counted, send)


class RateLimit:
    """429 when a token (or a client address without one) exceeds ``rate`` requests/s."""

    def __init__(self, app: ASGIApp, *, rate: float) -> None:
        self.app, self.rate, self.burst = app, rate, max(1.0, 2 * rate)
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def _key(self, scope: Scope) -> str:
        auth = _header(scope, b"authorization")
        if auth:
            return "t:" + hashlib.sha256(auth.encode()).hexdigest()
        cookie = _header(scope, b"cookie")
        if cookie and "truce_session=" in cookie:
            return "c:" + hashlib.sha256(cookie.encode()).hexdigest()
        client = scope.get("client")
        return f"a:{client[0] if client else '?'}"

    def _take(self, key: str) -> float:
        """0 when a request may pass now, else the seconds until it may."""
        now = time.monotonic()
        tokens, last = self._buckets.pop(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
        self._buckets[key] = (tokens - 1 if tokens >= 1 else tokens, now)
        if len(self._buckets) > _MAX_BUCKETS:
            self._buckets.popitem(last=False)
        return wait

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.rate > 0:
            wait = self._take(self._key(scope))
            if wait > 0:
                msg = f"more than {self.rate:g} requests per second; retry later"
                retry_after = str(int(wait) + 1)
                await _send_error(send, RateLimited(msg), retry_after=retry_after)
                return
        await self.app(scope, receive, send)


def _header(scope: Scope, name: bytes) -> str | None:
    headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
    for key, value in headers:
        if key == name:
            return value.decode("latin-1")
    return None
