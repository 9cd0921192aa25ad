"""The vocabulary and the pydantic models of Truce."""

from truce.domain.observation import Observation
from truce.domain.principal import PUBLIC, Principal, Role
from truce.domain.vocabulary import (
    CEASEFIRE_VIOLATION_KINDS,
    Classification,
    Compass16,
    CountQualifier,
    EventKind,
    ExplosionSubtype,
    SourceType,
    Weapon,
)

__all__ = [
    "CEASEFIRE_VIOLATION_KINDS",
    "Classification",
    "Compass16",
    "CountQualifier",
    "EventKind",
    "ExplosionSubtype",
    "Observation",
    "PUBLIC",
    "Principal",
    "Role",
    "SourceType",
    "Weapon",
]
