"""Erasure (GDPR art. 17): the person is removed from every table, file, index, outbox and cache.

What stays, and why:
- a keyed hash of the e-mail (ErasedIdentity), so an import flags the person instead of recreating them;
- the audit entries (ids only, never personal data) and the rights request (its free note is blanked);
- the declines, as statistics: the insights read offers and declines through their application, so the
  person's applications hand their offers and declines over to one shared placeholder candidate
  ("erased@erased.invalid", flagged do-not-contact) and lose every free text (decline details, competing
  employer, recontact date, offer notes) and their public ids (every id of the person then answers 404).
  Only structured terms remain (reasons, salaries, remote days, dates, job and client). Known cost: the
  insights count the placeholder as one person (distinct-people and boomerang figures merge erased people).

The candidate row goes last, and with it, by cascade, messages, events, exclusions, consents, answers, file
rows. The full-text index follows the row: on SQLite the delete trigger of talent_candidate_fts removes it;
on PostgreSQL the index is a GIN expression index on the table itself, so the row's entry goes with the row.
Files (the person's folder under MEDIA_ROOT, and every e-mail of the local mailbox sent to their address) are
removed after commit. Then the database's own files are purged (purge.storage_purge: on SQLite the full-text
index merged and the WAL emptied, on PostgreSQL VACUUM), so no byte of the person stays in the data folder;
the retention sweep erases many people at once and leaves that to the worker's daily purge, which follows it.
Out of scope: log lines (they carry ids and counts, never a name or an address, by design) and backups, which
keep the person until they are rotated (docs/operations.md).

Imports (vivier.imports.erasure.forget_in_imports, also after commit):
- an uploaded spreadsheet is deleted when its import ends (done, cancelled or failed), so most hold nobody;
  the ones still kept (not run yet, dry run done, queued, running) are scanned for the e-mail and LinkedIn
  profile, and a match deletes the file and fails the job: "a person in this file was erased; upload the
  file again" (a running import is cancelled and rolled back first);
- the row reports kept for download (report.csv, dry-run.csv) and LinkedIn's rows left to review
  (unmatched.csv) are rewritten, not emptied: each row that mentions the person (public id, e-mail, phone,
  LinkedIn profile or full name) keeps its number and outcome, and its other cells become "[erased]"
  ("[effacé]"). Chosen over reports without personal data: a report that names nobody is useless once the
  uploaded file is gone, and the LinkedIn review needs the names.
"""

from __future__ import annotations

import logging
import re
import shutil
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.accounts.audit import AuditAction, audit_record
from vivier.privacy import rules
from vivier.privacy.models import CandidateFile, ErasedIdentity, RightsKind, RightsRequest, RightsStatus
from vivier.privacy.policy import email_hash
from vivier.privacy.services.purge import storage_purge
from vivier.talent.models import Application, ApplicationStatus, Candidate, Decline, Offer
from vivier.talent.services.events import event_record

if TYPE_CHECKING:
    from vivier.imports.erasure import ErasedPerson

logger = logging.getLogger(__name__)


def placeholder() -> Candidate:
    """The one row that erased people's statistics hang from; never contacted, never erasable."""
    row, _created = Candidate.objects.get_or_create(
        email=rules.PLACEHOLDER_EMAIL,
        defaults={
            "first_name": "—",
            "last_name": "",
            "do_not_contact": True,
            "source": "erased",
            "country": "",
        },
    )
    return row


def is_placeholder(candidate: Candidate) -> bool:
    return (candidate.email or "").lower() == rules.PLACEHOLDER_EMAIL


def _detach_statistics(candidate: Candidate, into: Candidate) -> int:
    moved = 0
    for app in Application.objects.filter(candidate=candidate).select_related("job"):
        offers = list(Offer.objects.filter(application=app))
        if not offers:
            continue
        target, _created = Application.objects.get_or_create(
            candidate=into, job=app.job, defaults={"status": ApplicationStatus.DECLINED}
        )
        for offer in offers:
            Offer.objects.filter(pk=offer.pk).update(application=target, notes="", public_id=uuid.uuid4())
    for decline in Decline.objects.filter(candidate=candidate):
        Decline.objects.filter(pk=decline.pk).update(
            candidate=into, detail="", competing_employer="", recontact_after=None, public_id=uuid.uuid4()
        )
        moved += 1
    return moved


def _files_of(candidate: Candidate) -> list[Path]:
    from vivier.outreach.models import Message

    media = Path(settings.MEDIA_ROOT)
    paths = [
        media / p
        for p in CandidateFile.objects.filter(candidate=candidate).values_list("stored_path", flat=True)
    ]
    paths.append(media / "candidates" / candidate.public_id.hex)
    mailbox = Path(settings.MAILBOX_DIR)
    paths += [
        mailbox / f"{pid}.eml"
        for pid in Message.objects.filter(candidate=candidate).values_list("public_id", flat=True)
    ]
    return paths


def _mailbox_files_to(email: str) -> list[Path]:
    """The local mailbox's e-mails sent to this address, whatever row they came from (a message whose row went
    earlier, a person merged into another): the address is in the To header as written, in ASCII."""
    mailbox = Path(settings.MAILBOX_DIR)
    email = email.strip().lower()
    if not email or not mailbox.is_dir():
        return []
    # Bounded as in vivier.imports.erasure: "lea@x.fr" is not "clea@x.fr" nor "lea@x.fra".
    address = re.compile(rb"(?<![\w.+-])" + re.escape(email.encode()) + rb"(?![\w-]|\.\w)")
    found = []
    for path in mailbox.glob("*.eml"):
        try:
            if address.search(path.read_bytes().lower()):
                found.append(path)
        except OSError:
            logger.exception("could not read a mailbox file for an erasure", extra={"path": str(path)})
    return found


def _remove(paths: list[Path]) -> None:
    for path in paths:
        try:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        except OSError:  # logged, not raised: the rows are gone already; an operator removes the rest
            logger.exception("could not remove an erased person's file", extra={"path": str(path)})


def candidate_erase(
    *,
    candidate: Candidate,
    by=None,
    reason: str,
    request: HttpRequest | None = None,
    rights_request: RightsRequest | None = None,
    purge: bool = True,
) -> dict:
    """Erase the person. `reason` is required (for the log; keep personal details out of it). With `purge`
    False (the retention sweep, erasing many), the database's files are purged later, once for all."""
    reason = " ".join((reason or "").split())[:300]
    if not reason:
        raise ValidationError(
            {"reason": [_("Give the reason for the erasure (the request, the retention rule).")]}
        )
    if is_placeholder(candidate):
        raise ValidationError(
            {"candidate": [_("This row holds erased people's statistics; it is not a person.")]}
        )
    public_id = str(candidate.public_id)
    paths, email = _files_of(candidate), candidate.email or ""
    person = _as_erased_person(candidate)
    now = timezone.now()
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
        ErasedIdentity.objects.update_or_create(
            email_hash=email_hash(candidate.email), defaults={"erased_at": now}
        )
        declines = _detach_statistics(candidate, placeholder())
        requests = RightsRequest.objects.filter(candidate=candidate)
        requests.update(reference=public_id, note="")
        if rights_request is None:
            rights_request = RightsRequest.objects.create(
                candidate=candidate,
                reference=public_id,
                kind=RightsKind.ERASURE,
                received_at=now,
                deadline=now.date(),
                note="",
            )
        RightsRequest.objects.filter(pk=rights_request.pk).update(
            status=RightsStatus.DONE,
            handled_at=now,
            handled_by=by if getattr(by, "pk", None) else None,
            reference=public_id,
            note="",
        )
        candidate.delete()
        # The timeline went with the person; this event (no candidate, no personal data) keeps the fact.
        event_record(
            kind=rules.EV_ERASED,
            actor=by,
            data={"declines_kept": declines, "reason": reason, "request": str(rights_request.public_id)},
        )
        audit_record(
            action=AuditAction.ERASURE,
            actor=by if getattr(by, "pk", None) else None,
            request=request,
            target_type="candidate",
            target_id=public_id,
            data={"declines_kept": declines, "request": str(rights_request.public_id)},
            actor_label="" if getattr(by, "pk", None) else "retention",
        )
        transaction.on_commit(lambda: _remove(paths + _mailbox_files_to(email)))
        if person is not None:
            transaction.on_commit(lambda: _forget_in_imports(person))
        transaction.on_commit(_clear_caches)
        if purge:
            transaction.on_commit(storage_purge)  # last: once the rows and the files are gone
    return {"candidate": public_id, "declines_kept": declines}


def _as_erased_person(candidate: Candidate) -> ErasedPerson | None:
    """What the imports' files may hold of the person, read before the row goes; None without imports."""
    from django.apps import apps

    if not apps.is_installed("vivier.imports"):
        return None
    from vivier.imports.erasure import ErasedPerson

    return ErasedPerson(
        public_id=str(candidate.public_id),
        email=candidate.email or "",
        phone=candidate.phone or "",
        full_name=" ".join(filter(None, [candidate.first_name, candidate.last_name])),
        linkedin_url=candidate.linkedin_url or "",
    )


def _forget_in_imports(person: ErasedPerson) -> None:
    from vivier.imports.erasure import forget_in_imports

    done = forget_in_imports(person)
    logger.info("erasure: imports' files checked", extra=done)  # counts only, no personal data


def _clear_caches() -> None:
    """The only cache holding figures is the insights dashboard (vivier.insights.selectors.cached_dashboard):
    aggregates only (counts, spreads), never a name, for CACHE_SECONDS (15 minutes). Where the backend can
    delete by pattern its keys go now; elsewhere they expire on their own, and no personal data is in them."""
    from django.core.cache import cache

    delete_pattern = getattr(cache, "delete_pattern", None)
    if delete_pattern is not None:
        delete_pattern("insights:*")
