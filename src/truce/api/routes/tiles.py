"""C2SP tlog-tiles under ``/ledger/`` (https://c2sp.org/tlog-tiles).

``/ledger/checkpoint`` (mutable, ``text/plain; charset=utf-8``, cached a few seconds),
``/ledger/tile/<L>/<N>[.p/<W>]`` and ``/ledger/tile/entries/<N>[.p/<W>]``
(``application/octet-stream``, immutable: a tile's content never changes once served).
``<N>`` is written in zero-padded 3-digit path elements, all but the last prefixed ``x``
(index 1234067 is ``x001/x234/067``). Open to everyone: the ledger holds hashes and the
records' canonical entries only for the witnesses' own checks.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Request, Response

from truce.api.deps import mission_of
from truce.api.errors import BadRequest
from truce.services import cosignatures, ledger

router = APIRouter(prefix="/ledger", tags=["tlog-tiles"])

_IMMUTABLE = "public, max-age=31536000, immutable"
_INDEX = re.compile(r"^(?:x\d{3}/)*\d{3}(?:\.p/([1-9]\d{0,2}))?$")
_LEVEL = re.compile(r"^(0|[1-9]\d?)$")


def parse_index(path: str) -> tuple[int, int | None]:
    """``x001/x234/067.p/12`` -> (1234067, 12); raises :class:`BadRequest`."""
    match = _INDEX.match(path)
    if match is None:
        raise BadRequest(f"bad tile index path {path!r}: expected e.g. x001/x234/067[.p/W]")
    digits = path.split(".p/")[0].replace("x", "").replace("/", "")
    if len(digits) > 3 and digits.startswith("000"):
        raise BadRequest(f"tile index path {path!r} has a leading zero element")
    width = int(match.group(1)) if match.group(1) else None
    if width is not None and width > 255:
        raise BadRequest(f"partial tile width {width} is outside 1..255")
    return int(digits), width


def _octets(data: bytes) -> Response:
    return Response(
        data, media_type="application/octet-stream", headers={"Cache-Control": _IMMUTABLE}
    )


@router.get("/checkpoint", response_class=Response)
def checkpoint(request: Request) -> Response:
    """The latest signed checkpoint with its cosignatures (C2SP tlog-checkpoint)."""
    note = cosignatures.checkpoint_text(mission=mission_of(request))
    return Response(
        note, media_type="text/plain; charset=utf-8", headers={"Cache-Control": "max-age=5"}
    )


@router.get("/tile/entries/{index:path}", response_class=Response)
def entries(request: Request, index: str) -> Response:
    """An entry bundle: big-endian uint16 length-prefixed canonical records."""
    n, width = parse_index(index)
    return _octets(ledger.entry_bundle(mission=mission_of(request), index=n, width=width))


@router.get("/tile/{level}/{index:path}", response_class=Response)
def tile(request: Request, level: str, index: str) -> Response:
    """A Merkle tree tile: up to 256 SHA-256 hashes at tree level 8·L."""
    if _LEVEL.match(level) is None or int(level) > 63:
        raise BadRequest(f"bad tile level {level!r}: a decimal 0..63 without leading zeros")
    n, width = parse_index(index)
    data = ledger.tile(mission=mission_of(request), level=int(level), index=n, width=width)
    return _octets(data)
