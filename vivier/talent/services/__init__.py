"""Writes of the talent domain. Each function is one transaction and writes its Event rows in it."""

from vivier.talent.services.candidates import candidate_create, candidate_update
from vivier.talent.services.clients import client_create, client_update, exclusion_create, exclusion_lift
from vivier.talent.services.events import event_record
from vivier.talent.services.follow_ups import follow_up_complete, follow_up_create
from vivier.talent.services.jobs import job_create, job_update
from vivier.talent.services.offers import (
    DeclineResult,
    application_create,
    decline_record_past,
    offer_accept,
    offer_create,
    offer_decline,
    reason_create,
    reason_update,
    reasons_from_codes,
)

__all__ = [
    "DeclineResult",
    "application_create",
    "candidate_create",
    "candidate_update",
    "client_create",
    "client_update",
    "decline_record_past",
    "event_record",
    "exclusion_create",
    "exclusion_lift",
    "follow_up_complete",
    "follow_up_create",
    "job_create",
    "job_update",
    "offer_accept",
    "offer_create",
    "offer_decline",
    "reason_create",
    "reason_update",
    "reasons_from_codes",
]
