"""Writes of the privacy domain, one module per subdomain; import them from here.

consents: the ledger; candidate_pages: what the person does on their own pages; erasure and export: the
rights; requests: the rights-request log; retention: the daily sweep (`retention_sweep`, run by the worker).
"""

from vivier.privacy.services.candidate_pages import (
    cv_upload,
    decline_answer_record,
    links_revoke,
    open_again,
    preferences_update,
    privacy_state,
    stop_everything,
)
from vivier.privacy.services.consents import consent_give, consent_withdraw
from vivier.privacy.services.erasure import candidate_erase
from vivier.privacy.services.export import candidate_export
from vivier.privacy.services.requests import rights_request_close, rights_request_create
from vivier.privacy.services.retention import late_notices, retention_preview, retention_sweep

__all__ = [
    "candidate_erase",
    "candidate_export",
    "consent_give",
    "consent_withdraw",
    "cv_upload",
    "decline_answer_record",
    "late_notices",
    "links_revoke",
    "open_again",
    "preferences_update",
    "privacy_state",
    "retention_preview",
    "retention_sweep",
    "rights_request_close",
    "rights_request_create",
    "stop_everything",
]
