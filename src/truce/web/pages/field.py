"""The field form (``/field``): an observation as the wire format's CSV columns, offline."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from truce.domain.vocabulary import CountQualifier, EventKind, ExplosionSubtype, SourceType, Weapon
from truce.web.pages._common import Caller
from truce.web.templating import render

router = APIRouter()

#: What a monitor in the field reports as (machines submit through the API).
_FIELD_SOURCES = (SourceType.PATROL, SourceType.POST, SourceType.UAV, SourceType.CAMERA)


@router.get("/field", response_class=HTMLResponse)
def field_form(request: Request, principal: Caller) -> HTMLResponse:
    return render(
        request,
        "field.html",
        principal=principal,
        source_types=[s.value for s in _FIELD_SOURCES],
        kinds=[k.value for k in EventKind],
        subtypes=[s.value for s in ExplosionSubtype],
        weapons=[w.value for w in Weapon],
        qualifiers=[q.value for q in CountQualifier],
        classifications=["public", "mission", "restricted"],
        default_source="" if principal.is_public else principal.name,
    )
