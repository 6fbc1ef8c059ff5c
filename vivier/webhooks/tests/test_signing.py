"""The receiver's side: the signature is checked here the way docs/webhooks.md tells receivers to."""

import datetime as dt
import hashlib
import hmac
import json
import re

import pytest
import time_machine
from django.utils import timezone

from vivier.webhooks.models import WebhookEndpoint
from vivier.webhooks.services import webhook_deliver_next, webhook_secret_rotate
from vivier.webhooks.services.endpoints import ROTATION_OVERLAP

pytestmark = pytest.mark.django_db


def _parse(header: str) -> tuple[int, list[str]]:
    timestamp, signatures = None, []
    for part in header.split(","):
        key, _sep, value = part.partition("=")
        if key == "t":
            timestamp = int(value)
        elif key == "v1":
            signatures.append(value)
    return timestamp, signatures


def _valid(secret: str, header: str, body: bytes) -> bool:
    timestamp, signatures = _parse(header)
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(expected, s) for s in signatures)


def test_the_signature_is_an_hmac_sha256_of_the_timestamp_and_the_exact_body(make, receiver, endpoint_for):
    endpoint = endpoint_for(receiver.url, events=["consent.given"])
    candidate = make.candidate()
    make.consent(candidate, "talent_pool")
    moment = timezone.now().replace(microsecond=0) + dt.timedelta(seconds=1)
    with time_machine.travel(moment, tick=False):
        assert webhook_deliver_next()

    [request] = receiver.received
    header = request.headers["Vivier-Signature"]
    timestamp, signatures = _parse(header)
    assert timestamp == int(moment.timestamp())
    assert len(signatures) == 1 and len(signatures[0]) == 64
    assert endpoint.secret.startswith("whsec_") and len(endpoint.secret) > 40
    assert _valid(endpoint.secret, header, request.body)
    # Any change of the body, the timestamp or the secret breaks it.
    assert not _valid(endpoint.secret, header, request.body.replace(b"talent_pool", b"job_alerts"))
    assert not _valid(endpoint.secret, header.replace(f"t={timestamp}", f"t={timestamp + 1}"), request.body)
    assert not _valid("whsec_wrong", header, request.body)
    assert json.loads(request.body)["type"] == "consent.given"


def test_after_a_rotation_both_secrets_sign_for_a_day_then_only_the_new_one(
    make, receiver, endpoint_for, admin
):
    endpoint = endpoint_for(receiver.url, events=["candidate.open_to_opportunities"])
    old = endpoint.secret
    new = webhook_secret_rotate(by=admin, endpoint=endpoint)
    assert new != old and WebhookEndpoint.objects.get(pk=endpoint.pk).secret == new

    from vivier.privacy.services import open_again

    open_again(candidate=make.candidate())
    open_again(candidate=make.candidate())
    assert webhook_deliver_next()
    first = receiver.received[0]
    assert len(_parse(first.headers["Vivier-Signature"])[1]) == 2
    assert _valid(new, first.headers["Vivier-Signature"], first.body)
    assert _valid(old, first.headers["Vivier-Signature"], first.body)

    with time_machine.travel(timezone.now() + ROTATION_OVERLAP + dt.timedelta(minutes=1), tick=False):
        assert webhook_deliver_next()
    second = receiver.received[1]
    assert len(_parse(second.headers["Vivier-Signature"])[1]) == 1
    assert _valid(new, second.headers["Vivier-Signature"], second.body)
    assert not _valid(old, second.headers["Vivier-Signature"], second.body)


def test_the_receivers_code_in_the_documentation_accepts_vivier_and_refuses_forgeries(
    make, receiver, endpoint_for, settings
):
    docs = (settings.BASE_DIR.parent / "docs" / "webhooks.md").read_text()
    [snippet] = [block for block in re.findall(r"```python\n(.*?)```", docs, re.S) if "def verify" in block]
    namespace: dict = {}
    exec(compile(snippet, "docs/webhooks.md", "exec"), namespace)  # noqa: S102 (our own documentation)
    verify = namespace["verify"]

    endpoint = endpoint_for(receiver.url, events=["candidate.open_to_opportunities"])
    from vivier.privacy.services import open_again

    open_again(candidate=make.candidate())
    assert webhook_deliver_next()
    [request] = receiver.received
    header, body = request.headers["Vivier-Signature"], request.body

    assert verify(endpoint.secret, header, body)
    assert not verify(endpoint.secret, header, body + b" ")
    assert not verify("whsec_someone-else", header, body)
    assert not verify(endpoint.secret, "t=abc,v1=00", body)
    assert not verify(endpoint.secret, header, body, now=_parse(header)[0] + 301)  # a replay, later
