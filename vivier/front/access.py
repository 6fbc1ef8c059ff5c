"""Access helpers: the one place a view turns an id from the URL into a row the user may see.

Every signed-in member of the agency sees the whole pool today (roles only split reading from writing), so
these only look the row up with what its page needs; a future per-team scope goes here and nowhere else.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from vivier.talent import selectors
from vivier.talent.models import Application, Candidate, Client, Exclusion, FollowUp, Job, Offer


def require_write(user) -> None:
    """Viewers read every page but change nothing: any write answers 403."""
    if not getattr(user, "can_write", False):
        raise PermissionDenied


def get_candidate_for_user(user, public_id) -> Candidate:
    return selectors.candidate_get(public_id)


def get_client_for_user(user, public_id) -> Client:
    return selectors.client_get(public_id)


def get_job_for_user(user, public_id) -> Job:
    return selectors.job_get(public_id)


def get_application_for_user(user, public_id) -> Application:
    return selectors.application_get(public_id)


def get_offer_for_user(user, public_id) -> Offer:
    return selectors.offer_get(public_id)


def get_exclusion_for_user(user, public_id) -> Exclusion:
    return selectors.exclusion_get(public_id)


def get_message_for_user(user, public_id):
    from vivier.outreach.selectors import message_get

    return message_get(public_id)


def get_candidate_file_for_user(user, public_id):
    """A CV: readable by everyone who may read its candidate (viewers included); 404 otherwise."""
    from django.shortcuts import get_object_or_404

    from vivier.privacy.models import CandidateFile

    return get_object_or_404(CandidateFile.objects.select_related("candidate"), public_id=public_id)


def get_follow_up_for_user(user, public_id) -> FollowUp:
    return selectors.follow_up_get(public_id)
