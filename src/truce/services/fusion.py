"""Fusing what is in the store: the service behind ``truce fuse`` and ``truce incidents``.

Reads every observation (``store.iter_observations``), finds those no stored incident rests on
yet, recomputes only the time islands they touch (:func:`truce.fusion.engine.fuse_incremental`)
and replaces the affected incidents in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from truce.fusion.engine import fuse_incremental
from truce.fusion.model import ALGORITHM_VERSION, Incident
from truce.store import Store
from truce.store.fusion_tables import fused_observation_ids, load_incidents, replace_incidents


@dataclass(frozen=True)
class FuseReport:
    observations: int
    new_observations: int
    deleted: int
    inserted: int
    incidents: int


def fuse_store(*, store: Store, full: bool = False) -> FuseReport:
    """Fuse new observations (all of them with ``full``) and store the incidents.

    Incidents of another algorithm version are never mixed with new ones: when any stored
    incident has another version, everything is recomputed.
    """
    observations = list(store.iter_observations())
    with store.connect() as conn:
        previous = load_incidents(conn)
        full = full or any(i.algorithm_version != ALGORITHM_VERSION for i in previous)
        done = set() if full else fused_observation_ids(conn)
    located = [o for o in observations if o.position.resolved]
    new = [str(o.id) for o in located if str(o.id) not in done]
    if full:
        stale, fresh = list(previous), list[Incident]()
        if located:
            _, fresh = fuse_incremental(observations=located, previous=[], new_ids=new)
    else:
        stale, fresh = fuse_incremental(observations=located, previous=previous, new_ids=new)
    with store.begin() as conn:
        replace_incidents(conn, delete=stale, insert=fresh)
    return FuseReport(
        observations=len(observations),
        new_observations=len(new),
        deleted=len(stale),
        inserted=len(fresh),
        incidents=len(previous) - len(stale) + len(fresh),
    )


def stored_incidents(*, store: Store) -> list[Incident]:
    with store.connect() as conn:
        return load_incidents(conn)
