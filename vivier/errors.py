"""Errors that services raise and that the web pages and the API turn into field errors or 4xx answers."""

from __future__ import annotations


class ServiceError(Exception):
    """A refusal that is not about one field: the state does not allow it (HTTP 409 in the API)."""

    status = 409

    def __init__(self, code: str, message: str, **extra: object) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.extra = extra


class Conflict(ServiceError):
    pass


class DuplicateCandidate(Conflict):
    """Another candidate has the same e-mail or LinkedIn profile (a shared phone is never refused)."""

    def __init__(self, existing, field: str, message: str) -> None:
        super().__init__("duplicate_candidate", message, existing_id=str(existing.public_id), field=field)
        self.existing = existing
        self.field = field


class ErasedCandidate(Conflict):
    """The e-mail belonged to someone erased from the pool: they are added again only when a person confirms
    that they came back of their own accord (an import, which cannot ask, skips them)."""

    def __init__(self, message: str) -> None:
        super().__init__("erased_candidate", message, field="email")
