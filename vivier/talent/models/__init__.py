from vivier.talent.models.candidate import Candidate, RemotePreference
from vivier.talent.models.client import Client, Exclusion
from vivier.talent.models.event import Event, EventKind
from vivier.talent.models.follow_up import FollowUp, FollowUpKind
from vivier.talent.models.job import ContractType, Job, JobStatus, RemotePolicy
from vivier.talent.models.offer import (
    Application,
    ApplicationStatus,
    Decline,
    DeclineKind,
    DeclineReason,
    Offer,
    OfferStatus,
    OpenToFuture,
    ReasonCategory,
)

__all__ = [
    "Application",
    "ApplicationStatus",
    "Candidate",
    "Client",
    "ContractType",
    "Decline",
    "DeclineKind",
    "DeclineReason",
    "Event",
    "EventKind",
    "Exclusion",
    "FollowUp",
    "FollowUpKind",
    "Job",
    "JobStatus",
    "Offer",
    "OfferStatus",
    "OpenToFuture",
    "ReasonCategory",
    "RemotePolicy",
    "RemotePreference",
]
