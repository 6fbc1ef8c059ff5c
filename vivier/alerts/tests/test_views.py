"""The Alerts page and the job alerts panel of the candidate page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vivier.alerts.services import alerts_build
from vivier.alerts.tests.conftest import MONDAY_EARLY

pytestmark = pytest.mark.django_db


def test_every_member_reads_the_alerts_page(viewer_client, outsider, person, job, at):
    with at(MONDAY_EARLY):
        camille = person(first_name="Camille", last_name="Digest")
        job(title="Développeur / Développeuse web")
        alerts_build()
    url = reverse("alerts:overview")
    assert outsider.get(url).status_code == 302  # sign in first
    page = viewer_client.get(url).content.decode()
    assert "Alertes emploi" in page and "Dernières préparations des sélections" in page
    assert "Camille Digest" in page and reverse("front:candidate_detail", args=[camille.public_id]) in page
    assert "Un poste pour vous, Camille" in page
    assert "Les sélections ne nomment pas les clients" in page


def test_the_alerts_page_says_what_to_do_when_empty(viewer_client, admin_client_):
    page = viewer_client.get(reverse("alerts:overview")).content.decode()
    assert "Aucune sélection préparée pour l’instant" in page and "Aucune sélection pour l’instant" in page
    # The command and the setting are for administrators, as code; a recruiter or viewer is not told them.
    assert (
        "vivier alerts build" not in page and "VIVIER_ALERTS_SHOW_CLIENT" not in page and "worker" not in page
    )
    admin_page = admin_client_.get(reverse("alerts:overview")).content.decode()
    assert (
        "<code>vivier alerts build</code>" in admin_page
        and "<code>VIVIER_ALERTS_SHOW_CLIENT</code>" in admin_page
    )


def test_the_candidate_page_lists_their_last_digests_in_fixed_queries(recruiter_client, person, job, at):
    with at(MONDAY_EARLY):
        camille = person(prefs={"alert_frequency": "weekly"})
        first = job(title="Développeur / Développeuse web")
        alerts_build()
    url = reverse("front:candidate_detail", args=[camille.public_id])
    with CaptureQueriesContext(connection) as one:
        page = recruiter_client.get(url).content.decode()
    assert "Alertes emploi" in page and "demandées" in page and "chaque semaine" in page
    assert first.title in page and "1 poste" in page
    for week in (1, 2):
        with at(MONDAY_EARLY + dt.timedelta(days=7 * week)):
            job(title="Développeur / Développeuse web")
            job(title="Développeur / Développeuse web")
            alerts_build()
    with CaptureQueriesContext(connection) as three:
        page = recruiter_client.get(url).content.decode()
    panel = page.split('id="h-job-alerts"', 1)[1].split("</section>", 1)[0]
    assert panel.count("2 postes") == 2 and panel.count("1 poste") == 1 and panel.count(first.title) == 5
    assert len(three.captured_queries) == len(one.captured_queries)


def test_the_candidate_page_says_when_they_did_not_ask_for_alerts(recruiter_client, person):
    camille = person(consent=False)
    page = recruiter_client.get(reverse("front:candidate_detail", args=[camille.public_id])).content.decode()
    assert "non demandées" in page and "la personne n’a pas demandé d’alertes emploi" in page
