"""The digest's wording: the outbox template, rendered once per run with each person's values put in place."""

from __future__ import annotations

import importlib

import pytest

from vivier.alerts import digest
from vivier.alerts.features import Wishes
from vivier.alerts.services import open_jobs
from vivier.alerts.tests.conftest import MONDAY_EARLY
from vivier.outreach import templating
from vivier.outreach.models import MessageTemplate

pytestmark = pytest.mark.django_db


def test_the_seeded_templates_are_the_default_wording_and_valid():
    seeded = importlib.import_module("vivier.alerts.migrations.0002_digest_templates").DIGEST
    assert seeded == digest.DEFAULT
    for language, (subject, body) in digest.DEFAULT.items():
        template = MessageTemplate.objects.get(kind="job_alert", language=language)
        assert (template.subject, template.body_text) == (subject, body)
        templating.validate(subject=subject, body_text=body)  # the template editor accepts them as they are


def _render(candidate, *, fast: bool):
    renderer = digest.Renderer()
    wording = renderer.wording(candidate.language)
    wording.fast = fast
    wishes = Wishes.of(candidate, None)
    matches = open_jobs().matches(wishes, sent=set(), since=None, limit=10)
    return renderer.render(candidate=candidate, matches=matches, wishes=wishes, frequency="weekly")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_rendering_once_per_run_gives_what_rendering_each_message_gives(
    person, job, at, language, monkeypatch
):
    # The links are signed with a random id and the time: the same ones for both renderings.
    monkeypatch.setattr("secrets.token_hex", lambda n=None: "0" * 16)
    monkeypatch.setattr("django.core.signing.time.time", lambda: 1_800_000_000.0)
    with at(MONDAY_EARLY):
        candidate = person(first_name="Zoé <b>", language=language)
        job(title="Développeur / Développeuse web")
        job(title="Développeur / Développeuse web", remote_policy="remote", city="")
        fast, slow = _render(candidate, fast=True), _render(candidate, fast=False)
    assert fast == slow
    subject, text, html = fast
    assert "Zoé <b>" in subject and "Zoé &lt;b&gt;" in html and "<b>" not in html
    assert '<a href="https://' in html or '<a href="http://' in html
    assert "/p/" in text and "/u/" in text  # the preferences page and the unsubscribe link


def test_a_template_that_tests_a_persons_value_is_rendered_for_each_person(recruiter):
    from vivier.outreach.services import template_update

    template = MessageTemplate.objects.get(kind="job_alert", language="fr")
    template_update(
        template=template,
        by=recruiter,
        subject="Pour {{ candidate.first_name|upper }}",
        body_text="{% if candidate.last_name %}Bonjour{% endif %}\n\n{{ alert.jobs }}",
    )
    renderer = digest.Renderer()
    assert renderer.wording("fr").fast is False and renderer.wording("fr").fallback is False
    assert renderer.wording("en").fast is True
