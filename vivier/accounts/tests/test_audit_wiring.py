"""What is written to the audit log, and the admin's page that reads it."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from vivier.accounts.audit import AuditAction, AuditEntry, audit_record

PASSWORD = "correct horse battery staple"


def test_sign_ins_and_failures_are_recorded_with_the_address(client, recruiter):
    client.post("/accounts/login/", {"username": "camille", "password": "wrong"}, REMOTE_ADDR="198.51.100.4")
    client.post("/accounts/login/", {"username": "camille", "password": PASSWORD}, REMOTE_ADDR="198.51.100.4")
    failed = AuditEntry.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert (failed.actor, failed.actor_label, failed.ip) == (None, "camille", "198.51.100.4")
    ok = AuditEntry.objects.get(action=AuditAction.SIGN_IN)
    assert (ok.actor, ok.ip) == (recruiter, "198.51.100.4")


def test_role_changes_and_user_creation_are_recorded(admin_client_, recruiter):
    admin_client_.post(
        reverse("accounts:user_edit", args=[recruiter.public_id]),
        {
            "first_name": "C",
            "last_name": "T",
            "email": "c@agence.example",
            "role": "viewer",
            "is_active": "on",
        },
    )
    entry = AuditEntry.objects.get(action=AuditAction.ROLE_CHANGED)
    assert entry.target_id == str(recruiter.public_id)
    assert entry.data["from"]["role"] == "recruiter" and entry.data["to"]["role"] == "viewer"
    admin_client_.post(
        reverse("accounts:users"),
        {
            "username": "nouvelle",
            "role": "viewer",
            "language": "fr",
            "password": "une phrase assez longue 42",
        },
    )
    assert AuditEntry.objects.filter(action=AuditAction.USER_CREATED, data__username="nouvelle").exists()


def test_token_creation_and_revocation_are_recorded(recruiter_client, recruiter):
    recruiter_client.post(reverse("accounts:token_create"), {"name": "ATS", "scope": "read"})
    token = recruiter.api_tokens.get()
    recruiter_client.post(reverse("accounts:token_revoke", args=[token.public_id]))
    created = AuditEntry.objects.get(action=AuditAction.TOKEN_CREATED)
    revoked = AuditEntry.objects.get(action=AuditAction.TOKEN_REVOKED)
    assert created.target_id == revoked.target_id == str(token.public_id)
    assert created.data == {"name": "ATS", "scope": "read"}


def test_viewing_a_full_profile_is_recorded_in_the_ui_and_the_api(viewer_client, viewer, viewer_token, make):
    candidate = make.candidate()
    viewer_client.get(reverse("front:candidate_detail", args=[candidate.public_id]))
    viewer_client.get(
        f"/api/v1/candidates/{candidate.public_id}", HTTP_AUTHORIZATION=f"Bearer {viewer_token}"
    )
    entries = AuditEntry.objects.filter(
        action=AuditAction.PROFILE_VIEWED, target_type="candidate", target_id=str(candidate.public_id)
    )
    assert entries.count() == 2 and {e.actor for e in entries} == {viewer}
    # The list does not count as a view of every profile on it.
    viewer_client.get(reverse("front:candidate_list"))
    assert entries.count() == 2


def test_csv_exports_are_recorded(viewer_client, viewer, recruiter_client, recruiter):
    viewer_client.get(reverse("insights:export", args=["reasons"]))
    # The declines carry names: a viewer may not export them (vivier.exports), a recruiter may.
    assert viewer_client.get(reverse("insights:declines") + "?format=csv").status_code == 403
    recruiter_client.get(reverse("insights:declines") + "?format=csv")
    exports = AuditEntry.objects.filter(action=AuditAction.EXPORT)
    assert set(exports.filter(actor=viewer).values_list("target_type", flat=True)) == {"insights_csv"}
    assert set(exports.filter(actor=recruiter).values_list("target_type", flat=True)) == {"declines_csv"}


def test_the_audit_page_is_for_admins_and_filters(admin_client_, admin, recruiter_client, recruiter):
    assert recruiter_client.get(reverse("accounts:audit")).status_code == 403
    audit_record(action=AuditAction.EXPORT, actor=recruiter, target_type="candidate", target_id="cand-1")
    audit_record(action=AuditAction.SIGN_IN, actor=admin)
    old = audit_record(action=AuditAction.ERASURE, actor=admin, target_type="candidate", target_id="cand-2")
    AuditEntry.objects.filter(pk=old.pk)  # (created_at cannot be moved: the log is append-only)
    url = reverse("accounts:audit")
    page = admin_client_.get(url)
    assert page.status_code == 200 and len(page.context["page"].items) >= 3
    by_action = admin_client_.get(url, {"action": "export"}).context["page"].items
    assert [e.target_id for e in by_action] == ["cand-1"]
    by_actor = admin_client_.get(url, {"actor": "camille"}).context["page"].items
    assert {e.actor_label for e in by_actor} == {"camille"}
    by_target = admin_client_.get(url, {"target": "cand-2"}).context["page"].items
    assert [e.action for e in by_target] == ["erasure"]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert admin_client_.get(url, {"date_from": tomorrow}).context["page"].items == []
    assert len(admin_client_.get(url, {"date_to": tomorrow}).context["page"].items) >= 3


def test_the_audit_page_has_no_write_method(admin_client_):
    assert admin_client_.post(reverse("accounts:audit")).status_code == 405


def test_the_audit_page_pages(admin_client_, admin):
    AuditEntry.objects.bulk_create([AuditEntry(action=AuditAction.SIGN_IN, actor=admin) for _ in range(60)])
    first = admin_client_.get(reverse("accounts:audit"))
    assert len(first.context["page"].items) == 50 and first.context["page"].has_next
    second = admin_client_.get(reverse("accounts:audit"), {"page": 2})
    assert len(second.context["page"].items) >= 10
