import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from vivier.errors import Conflict
from vivier.talent.models import Event, EventKind, FollowUp, FollowUpKind
from vivier.talent.services import follow_up_complete, follow_up_create

pytestmark = pytest.mark.django_db


def _plan(make, candidate=None, **kw):
    return follow_up_create(
        by=make.by,
        candidate=candidate or make.candidate(),
        title=kw.pop("title", "Rappeler pour le poste de Lyon"),
        due_on=kw.pop("due_on", timezone.localdate()),
        **kw,
    )


def test_it_plans_a_follow_up_from_the_candidate_page(recruiter_client, recruiter, make):
    candidate = make.candidate(first_name="Léa")
    url = reverse("front:follow_up_create", args=[candidate.public_id])
    assert "Prévoir un suivi" in recruiter_client.get(url).content.decode()
    response = recruiter_client.post(
        url,
        {
            "title": "  Rappeler   Léa ",
            "due_on": "03/12/2026",
            "assignee": recruiter.username,
            "note": "Après 18 h",
        },
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get(candidate=candidate)
    assert (follow_up.title, follow_up.due_on, follow_up.assignee, follow_up.note) == (
        "Rappeler Léa",
        dt.date(2026, 12, 3),
        recruiter,
        "Après 18 h",
    )
    assert Event.objects.filter(candidate=candidate, kind=EventKind.FOLLOW_UP_CREATED).count() == 1
    page = recruiter_client.get(
        reverse("front:candidate_detail", args=[candidate.public_id])
    ).content.decode()
    assert "Rappeler Léa" in page and "Après 18 h" in page


def test_it_shows_field_errors_and_creates_nothing_on_bad_input(recruiter_client, make):
    candidate = make.candidate()
    url = reverse("front:follow_up_create", args=[candidate.public_id])
    response = recruiter_client.post(url, {"title": "   ", "due_on": "31/02/2026", "assignee": "nobody"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"title", "due_on", "assignee"}
    assert not FollowUp.objects.exists()


def test_it_shows_my_due_follow_ups_on_the_dashboard_and_ticks_them_off(
    recruiter_client, recruiter, admin, make
):
    today = timezone.localdate()
    late = _plan(
        make,
        make.candidate(first_name="Anouk"),
        title="Relancer Anouk",
        due_on=today - dt.timedelta(days=2),
        assignee=recruiter,
    )
    _plan(
        make, make.candidate(first_name="Basile"), title="Appeler Basile", due_on=today + dt.timedelta(days=3)
    )
    _plan(make, make.candidate(first_name="Chloé"), title="Dossier de Chloé", due_on=today, assignee=admin)
    _plan(make, make.candidate(first_name="Denis"), title="Plus tard", due_on=today + dt.timedelta(days=30))
    page = recruiter_client.get(reverse("front:dashboard")).content.decode()
    assert "Relancer Anouk" in page and "en retard" in page  # mine, late
    assert "Appeler Basile" in page  # nobody's: everyone sees it
    assert "Dossier de Chloé" not in page  # someone else's
    assert "Plus tard" not in page  # not this week
    response = recruiter_client.post(
        reverse("front:follow_up_done", args=[late.public_id]), {"next": reverse("front:dashboard")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("front:dashboard")
    late.refresh_from_db()
    assert late.done_at is not None and late.done_by == recruiter
    page = recruiter_client.get(reverse("front:dashboard")).content.decode()
    assert "Fait\u00a0: Relancer Anouk." in page  # the confirmation
    assert reverse("front:follow_up_done", args=[late.public_id]) not in page


def test_it_records_done_once(make):
    follow_up = _plan(make)
    follow_up_complete(follow_up=follow_up, by=make.by)
    with pytest.raises(Conflict):
        follow_up_complete(follow_up=follow_up, by=make.by)
    assert Event.objects.filter(kind=EventKind.FOLLOW_UP_DONE).count() == 1


def test_it_opens_one_follow_up_per_source(make):
    candidate = make.candidate()
    first = _plan(make, candidate, kind=FollowUpKind.SURVEY_DETRACTOR, source_key="survey:1")
    again = _plan(make, candidate, kind=FollowUpKind.SURVEY_DETRACTOR, source_key="survey:1")
    assert first.pk == again.pk and FollowUp.objects.count() == 1


def test_a_viewer_sees_follow_ups_but_cannot_plan_or_tick_them(viewer_client, make):
    follow_up = _plan(make, title="Rappeler Zoé")
    page = viewer_client.get(
        reverse("front:candidate_detail", args=[follow_up.candidate.public_id])
    ).content.decode()
    assert "Rappeler Zoé" in page and reverse("front:follow_up_done", args=[follow_up.public_id]) not in page
    assert viewer_client.post(reverse("front:follow_up_done", args=[follow_up.public_id])).status_code == 403
    create = reverse("front:follow_up_create", args=[follow_up.candidate.public_id])
    assert viewer_client.post(create, {"title": "x", "due_on": "2026-12-01"}).status_code == 403


def test_the_dashboard_reads_follow_ups_in_fixed_queries(recruiter_client, recruiter, make, count_queries):
    _plan(make, assignee=recruiter)
    few = count_queries(recruiter_client, reverse("front:dashboard"))
    for _ in range(6):
        _plan(make, assignee=recruiter)
    assert count_queries(recruiter_client, reverse("front:dashboard")) == few
