"""What the candidate does on their own pages: preferences, "open again", news, CV, decline answer, stop.

Each write is one transaction with its Event (a candidate action: it moves "last contact", see rules).
"""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.privacy import rules
from vivier.privacy.models import CandidateDeclineAnswer, CandidateFile, CandidatePrivacy, Purpose
from vivier.talent.models import Candidate, Decline
from vivier.talent.services.events import event_record

PREFERENCE_FIELDS = (
    "wanted_jobs",
    "wanted_places",
    "remote_preference",
    "contract_types",
    "salary_expectation",
    "alert_frequency",
)


def privacy_state(candidate: Candidate) -> CandidatePrivacy:
    state, _created = CandidatePrivacy.objects.get_or_create(candidate=candidate)
    return state


def preferences_update(*, candidate: Candidate, language: str | None = None, **fields) -> list[str]:
    """Save what changed; returns the names of the changed fields (an event lists them, not their values)."""
    unknown = set(fields) - set(PREFERENCE_FIELDS) - {"news_role", "news_skills"}
    if unknown:
        raise TypeError(f"unknown preference fields: {sorted(unknown)}")
    with transaction.atomic():
        state = CandidatePrivacy.objects.select_for_update().get(pk=privacy_state(candidate).pk)
        changed = [name for name, value in fields.items() if getattr(state, name) != value]
        for name in changed:
            setattr(state, name, fields[name])
        if language in ("fr", "en") and language != candidate.language:
            # The language of their messages is theirs to choose: it lives on the profile.
            Candidate.objects.filter(pk=candidate.pk).update(language=language, updated_at=timezone.now())
            candidate.language = language
            changed.append("language")
        if changed:
            state.updated_at = timezone.now()
            state.save()
            event_record(kind=rules.EV_PREFERENCES, candidate=candidate, data={"fields": sorted(changed)})
    return changed


def open_again(*, candidate: Candidate) -> None:
    """'I am open to opportunities again': the recruiter sees it on the dashboard and the timeline."""
    with transaction.atomic():
        state = privacy_state(candidate)
        state.open_again_at = timezone.now()
        state.save(update_fields=["open_again_at"])
        Candidate.objects.filter(pk=candidate.pk).update(updated_at=timezone.now())
        event_record(kind=rules.EV_OPEN_AGAIN, candidate=candidate, data={})


def decline_answer_record(
    *,
    candidate: Candidate,
    decline: Decline | None,
    reasons: list[str],
    primary: str,
    in_their_words: str = "",
    competing_offer: str = "",
    token_id: str = "",
) -> CandidateDeclineAnswer:
    from vivier.privacy.tokens import mark_used

    reasons = [r for r in dict.fromkeys(reasons) if r]
    errors: dict[str, list[str]] = {}
    if not reasons:
        errors["reasons"] = [_("Choose at least one reason.")]
    elif primary not in reasons:
        errors["primary"] = [_("The main reason must be one of the reasons you ticked.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if token_id and not mark_used(token_id):
            raise ValidationError({"token": [_("This link was already used.")]})
        answer = CandidateDeclineAnswer.objects.create(
            candidate=candidate,
            decline=decline,
            reasons=reasons,
            primary_reason=primary,
            in_their_words=(in_their_words or "").strip()[:3000],
            competing_offer=(competing_offer or "").strip()[:1000],
        )
        event_record(
            kind=rules.EV_DECLINE_ANSWER,
            candidate=candidate,
            data={"answer": str(answer.public_id), "primary": primary, "reasons": reasons},
        )
    return answer


# --- CV upload --------------------------------------------------------------------------------------------
CV_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain",
}


def sniff(data: bytes) -> str | None:
    """The file's real type from its bytes (never from its name or the browser's claim), or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == CV_TYPES["odt"].encode():
                    return "odt"
                if "word/document.xml" in names and "[Content_Types].xml" in names:
                    return "docx"
        except (zipfile.BadZipFile, KeyError, OSError):
            return None
        return None
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "txt" if data.strip() else None


def candidate_folder(candidate: Candidate) -> Path:
    return Path(settings.MEDIA_ROOT) / "candidates" / candidate.public_id.hex


def cv_upload(*, candidate: Candidate, name: str, data: bytes, by_candidate: bool = True) -> CandidateFile:
    if len(data) > settings.PRIVACY_CV_MAX_BYTES:
        raise ValidationError(
            {
                "cv": [
                    _("The file is too large (at most %(mb)s MB).")
                    % {"mb": settings.PRIVACY_CV_MAX_BYTES // (1024 * 1024)}
                ]
            }
        )
    kind = sniff(data)
    if kind is None:
        raise ValidationError({"cv": [_("Send a PDF, Word (DOCX), OpenDocument (ODT) or text file.")]})
    file_id = uuid.uuid4()
    folder = candidate_folder(candidate)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{file_id.hex}.{kind}"
    path.write_bytes(data)
    try:
        with transaction.atomic():
            row = CandidateFile.objects.create(
                public_id=file_id,
                candidate=candidate,
                original_name=Path(name or "cv").name[:200],
                stored_path=str(path.relative_to(settings.MEDIA_ROOT)),
                content_type=CV_TYPES[kind],
                size_bytes=len(data),
                by_candidate=by_candidate,
            )
            event_record(
                kind=rules.EV_CV_UPLOADED,
                candidate=candidate,
                data={"file": str(row.public_id), "type": kind, "size": len(data)},
            )
    except Exception:
        path.unlink(missing_ok=True)  # no row, no file: never leave an orphan on disk
        raise
    return row


def stop_everything(*, candidate: Candidate, request=None, token_id: str = "") -> None:
    """Unsubscribe from everything: the outreach do-not-contact (cancels the outbox) and every consent."""
    from vivier.outreach.services import contact_stop
    from vivier.privacy.models import ConsentChannel
    from vivier.privacy.services.consents import consent_withdraw

    with transaction.atomic():
        for purpose in Purpose.values:
            consent_withdraw(
                candidate=candidate,
                purpose=purpose,
                channel=ConsentChannel.WEB_FORM,
                request=request,
                token_id=token_id,
            )
        contact_stop(candidate=candidate, source="preferences")


def links_revoke(*, candidate: Candidate, by=None) -> int:
    """Every link sent so far stops working (a forwarded e-mail, a shared screen)."""
    with transaction.atomic():
        state = CandidatePrivacy.objects.select_for_update().get(pk=privacy_state(candidate).pk)
        state.token_version += 1
        state.save(update_fields=["token_version"])
        candidate._privacy_cache = state
        event_record(kind=rules.EV_LINKS_REVOKED, actor=by, candidate=candidate, data={})
    return state.token_version
