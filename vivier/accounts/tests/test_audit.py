import pytest
from django.db import DatabaseError, connection, transaction

from vivier.accounts.audit import AuditAction, AuditEntry, audit_record

pytestmark = pytest.mark.django_db


def test_it_records_who_did_what_from_where(rf, admin):
    request = rf.get("/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Firefox")
    request.user = admin
    entry = audit_record(action=AuditAction.EXPORT, request=request, target_type="candidate", target_id="abc")
    assert (entry.actor, entry.actor_label, entry.ip, entry.user_agent) == (
        admin,
        "admin",
        "203.0.113.7",
        "Firefox",
    )


def test_nobody_can_edit_an_entry(admin):
    entry = audit_record(action=AuditAction.ROLE_CHANGED, actor=admin, data={"to": "viewer"})
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(data={"to": "admin"})
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.data == {"to": "viewer"}
