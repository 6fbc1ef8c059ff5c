"""French wording of the reported labels: codes and booleans shown as words, no meaningless translation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

pytestmark = pytest.mark.django_db


def test_the_reported_labels_read_as_french():
    with translation.override("fr"):
        assert _("Closed (declined)") == "Clôturée (refus)"  # an application's status
        assert _("Resolved: %(label)s") % {"label": "Salaire"} == "Frein levé\u00a0: Salaire"
        assert _("Last builds") == "Dernières préparations des sélections"  # the job alerts' daily runs


def test_a_segment_names_its_filters_in_words(recruiter_client, recruiter):
    from vivier.pools.services import segment_create

    segment = segment_create(
        name="Refus",
        filters={"declined": "yes", "remote_preference": "remote", "language": "en"},
        by=recruiter,
    )
    page = recruiter_client.get(reverse("pools:segment_detail", args=[segment.public_id])).content.decode()
    assert "A refusé\u00a0: Oui" in page
    assert "Refusée" not in page and ": yes" not in page and ": remote" not in page and ": en<" not in page


def test_the_declines_behind_a_figure_name_its_filters_in_words(recruiter_client, make):
    make.decline(codes=("salary",))
    query = {"from": "", "to": "", "kind": "declined_by_candidate", "reason": "salary", "band": "40_50"}
    page = recruiter_client.get(
        reverse("insights:declines"), {**query, "mentions": "salary"}
    ).content.decode()
    assert "motif principal = Salaire" in page and "= salary" not in page and "= 40_50" not in page
    drill = recruiter_client.get(reverse("insights:placements"), query).content.decode()
    assert "= declined_by_candidate" not in drill and "= Refusée par la personne candidate" in drill
    assert "= salary" not in drill
