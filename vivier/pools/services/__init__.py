"""Writes of the pools app, one module per subdomain; import them from here.

pools: talent pools and their members; segments: saved searches of the candidate list;
campaigns: one message to a pool or a segment, expanded into the outbox by the worker.
"""

from vivier.pools.services.campaigns import campaign_create, campaign_expand_next
from vivier.pools.services.pools import pool_add, pool_archive, pool_create, pool_remove, pool_update
from vivier.pools.services.segments import segment_create, segment_delete, segment_update

__all__ = [
    "campaign_create",
    "campaign_expand_next",
    "pool_add",
    "pool_archive",
    "pool_create",
    "pool_remove",
    "pool_update",
    "segment_create",
    "segment_delete",
    "segment_update",
]
