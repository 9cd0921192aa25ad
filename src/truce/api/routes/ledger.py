"""The ledger under /api/v1: the cosigned checkpoint, inclusion and consistency proofs, and
cosignatures sent by the parties and witnesses."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from truce.api.auth import CurrentPrincipal
from truce.api.deps import mission_of
from truce.api.routes._common import require_media
from truce.services import cosignatures, ledger

router = APIRouter(prefix="/ledger", tags=["ledger"])


@router.get("/checkpoint", response_class=Response)
def checkpoint(request: Request) -> Response:
    """The latest signed checkpoint with its cosignatures (C2SP signed note, text/plain)."""
    note = cosignatures.checkpoint_text(mission=mission_of(request))
    return Response(note, media_type="text/plain; charset=utf-8")


@router.get("/proofs/inclusion")
def inclusion(
    request: Request,
    index: Annotated[int | None, Query(ge=0, description="Leaf index.")] = None,
    record_id: Annotated[str | None, Query(description="Or a record id.")] = None,
    kind: Annotated[str | None, Query(description="The record's kind (observation).")] = None,
    size: Annotated[int | None, Query(ge=1, description="Tree size (default: now).")] = None,
) -> dict[str, Any]:
    """Inclusion proof (RFC 6962 §2.1.1) of a leaf, hashes in hex."""
    proof = ledger.inclusion_proof(
        mission=mission_of(request), index=index, record_id=record_id, kind=kind, size=size
    )
    return proof.as_dict()


@router.get("/proofs/consistency")
def consistency(
    request: Request,
    from_: Annotated[int, Query(alias="from", ge=1, description="Older tree size.")],
    to: Annotated[int, Query(ge=1, description="Newer tree size.")],
) -> dict[str, Any]:
    """Consistency proof (RFC 6962 §2.1.2) between two tree sizes, hashes in hex."""
    proof = ledger.consistency_proof(mission=mission_of(request), size1=from_, size2=to)
    return proof.as_dict()


@router.post("/cosignatures", status_code=201)
async def cosign(request: Request, principal: CurrentPrincipal) -> JSONResponse:
    """A checkpoint with the sender's C2SP tlog-cosignature line added (text/plain); each new
    line by a registered key is verified and kept as a ledger record."""
    require_media(request, "text/plain")
    note = (await request.body()).decode("utf-8", errors="replace")
    accepted = await run_in_threadpool(
        partial(cosignatures.add, mission=mission_of(request), principal=principal, note=note)
    )
    body = {"accepted": list(accepted.key_names), "leaf_indices": list(accepted.leaf_indices)}
    return JSONResponse(body, status_code=201)
