"""Request limits as ASGI middleware: a body size limit and a rate limit per token.

The body limit (setting ``body_limit``) refuses a declared ``Content-Length`` above it at
once, and a chunked body as soon as it grows past it (413). The rate limit (setting
``rate_limit``, requests per second) is a token bucket per bearer token (per client address
without one), holding a burst of twice the rate (429 with ``Retry-After``). The buckets are
shared by every server process of the mission on this machine (``truce serve --workers N``):
they live in a small file of the data folder (:class:`SharedBuckets`), so N workers do not
grant N times the rate. Both answer with the JSON error envelope.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import mmap
import os
import struct
import time
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from truce.api.errors import BodyTooLarge, RateLimited
from truce.errors import TruceError

#: The rate-limit file in the data folder.
BUCKETS_FILE = ".rate-limit"


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


class SharedBuckets:
    """Token buckets in a file mapped by every server process: one slot of two doubles
    (tokens, time of the last request) per key hash. A slot is read and written under an
    ``fcntl`` lock of its 16 bytes (the lock is per process: one thread per process, the
    event loop's, takes from the buckets). Keys whose hashes meet in one slot share it: with
    :data:`SLOTS` slots two active tokens rarely do, and sharing only limits sooner."""

    SLOTS = 8192
    _SLOT = struct.Struct("dd")

    def __init__(self, path: Path) -> None:
        size = self.SLOTS * self._SLOT.size
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        if os.fstat(self._fd).st_size < size:
            os.ftruncate(self._fd, size)
        self._map = mmap.mmap(self._fd, size)

    def take(self, key: str, *, rate: float, burst: float) -> float:
        """0 when a request of ``key`` may pass now (taking one token), else the seconds
        until it may."""
        digest = hashlib.sha256(key.encode()).digest()
        offset = int.from_bytes(digest[:4], "big") % self.SLOTS * self._SLOT.size
        fcntl.lockf(self._fd, fcntl.LOCK_EX, self._SLOT.size, offset)
        try:
            now = time.time()
            tokens, last = self._SLOT.unpack_from(self._map, offset)
            if last <= 0 or not 0 <= now - last <= 3600:  # new, or the clock moved
                tokens = burst
            else:
                tokens = min(burst, tokens + (now - last) * rate)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / rate
            self._SLOT.pack_into(self._map, offset, tokens - 1 if tokens >= 1 else tokens, now)
        finally:
            fcntl.lockf(self._fd, fcntl.LOCK_UN, self._SLOT.size, offset)
        return wait

    def close(self) -> None:
        self._map.close()
        os.close(self._fd)


class RateLimit:
    """429 when a token (or a client address without one) exceeds ``rate`` requests/s over
    all the processes that share ``buckets``."""

    def __init__(self, app: ASGIApp, *, rate: float, buckets: Path) -> None:
        self.app, self.rate, self.burst = app, rate, max(1.0, 2 * rate)
        self._buckets = SharedBuckets(buckets) if rate > 0 else None

    def _key(self, scope: Scope) -> str:
        auth = _header(scope, b"authorization")
        if auth:
            return "t:" + auth
        cookie = _header(scope, b"cookie")
        if cookie and "truce_session=" in cookie:
            return "c:" + cookie
        client = scope.get("client")
        return f"a:{client[0] if client else '?'}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self._buckets is not None:
            wait = self._buckets.take(self._key(scope), rate=self.rate, burst=self.burst)
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
