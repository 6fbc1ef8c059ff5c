import datetime as dt
import hashlib
import json
import logging
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from vivier.accounts.models import User
from vivier.demo.plan import make_plan
from vivier.demo.services import DEMO_USERS, load
from vivier.demo.vocabulary import FAMILIES, PRIMARY_REASONS
from vivier.matching.rome import rome
from vivier.outreach.models import Message
from vivier.privacy.models import ConsentRecord
from vivier.surveys.models import SurveyResponse
from vivier.talent.models import (
    Application,
    Candidate,
    Client,
    Decline,
    Event,
    EventKind,
    Exclusion,
    Job,
    Offer,
    OfferStatus,
)


@pytest.fixture(autouse=True)
def _mailbox(settings, tmp_path):
    """Each load writes the messages that went into the local mailbox: a folder of the test's own."""
    settings.MAILBOX_DIR = tmp_path / "mailbox"


def _fresh_ranking_stats() -> None:
    """The rediscovery keeps the pool's word statistics for minutes per process: other tests' pools are not
    this one (the demo ranks its new jobs' matches as it loads)."""
    from vivier.matching import retrieval

    retrieval.clear_stats()


def _wipe() -> None:
    from vivier.pools.models import Segment, TalentPool
    from vivier.privacy.models import RightsRequest

    # A RightsRequest outlives its candidate (SET_NULL): left behind, it reached the privacy tests, which run
    # after this app's. The audit log stays: it is append-only.
    for model in (
        Event,
        Decline,
        Offer,
        Application,
        Exclusion,
        Job,
        Client,
        Candidate,
        TalentPool,
        Segment,
        RightsRequest,
    ):
        model.objects.all().delete()
    User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).delete()


def _db_digest() -> str:
    data = {
        "candidates": list(
            Candidate.objects.order_by("id").values_list(
                "first_name", "last_name", "email", "phone", "linkedin_url", "city", "skills"
            )
        ),
        "jobs": list(
            Job.objects.order_by("id").values_list("client__name", "title", "rome_code", "salary_min")
        ),
        "declines": [
            (
                d.candidate.email,
                d.offer.application.job.title,
                d.kind,
                d.primary_reason.code,
                sorted(r.code for r in d.reasons.all()),
            )
            for d in Decline.objects.order_by("id")
            .select_related("candidate", "primary_reason", "offer__application__job")
            .prefetch_related("reasons")
        ],
        # what keeping in touch left behind (relationships.py)
        "messages": sorted(
            (email, kind, status, key.rsplit(":", 1)[-1])  # the step (the decline's id is random)
            for email, kind, status, key in Message.objects.values_list(
                "candidate__email", "kind", "status", "cadence_key"
            )
        ),
        "consents": sorted(ConsentRecord.objects.values_list("candidate__email", "purpose", "action")),
        "surveys": sorted(
            (email, score if score is not None else -1)
            for email, score in SurveyResponse.objects.values_list("candidate__email", "score")
        ),
    }
    for key in ("messages", "consents", "surveys"):
        data[key] = [list(row[:1]) + [str(v) for v in row[1:]] for row in data[key]]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


@pytest.mark.django_db
def test_it_gives_the_same_data_for_the_same_seed_on_fresh_databases():
    load(seed=42)
    first = _db_digest()
    _wipe()
    load(seed=42)
    assert _db_digest() == first
    _wipe()
    load(seed=7)
    assert _db_digest() != first


def test_it_draws_the_same_plan_for_a_seed_whatever_the_day():
    assert make_plan(42).digest() == make_plan(42).digest()
    assert make_plan(42).digest() != make_plan(43).digest()


@pytest.mark.django_db
def test_it_does_nothing_when_the_demo_is_already_there():
    call_command("demo", stdout=StringIO())
    events = Event.objects.count()
    out = StringIO()
    call_command("demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert Candidate.objects.count() == 300 and Event.objects.count() == events


@pytest.mark.django_db
def test_it_leaves_a_database_with_other_data_alone_unless_forced(make):
    make.candidate(email="vraie.personne@exemple.fr")
    out = StringIO()
    call_command("demo", stdout=out)
    assert "not loaded" in out.getvalue()
    assert Candidate.objects.count() == 1 and not Client.objects.filter(name="Logisteo").exists()
    call_command("demo", "--force", stdout=StringIO())
    assert Candidate.objects.count() == 301


@pytest.mark.django_db
def test_it_keeps_existing_accounts_as_they_are(admin):
    password = admin.password
    result = load(seed=42)
    admin.refresh_from_db()
    assert admin.password == password
    assert ("admin", "admin", False) in result.users
    assert User.objects.get(username="recruteuse").check_password("vivier-demo")


@pytest.mark.django_db
def test_it_loads_quietly(caplog):
    """Nothing it does is worth a line in the log: no message refused, no survey planned that cannot go."""
    caplog.set_level(logging.INFO, logger="vivier")
    load(seed=42)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO] == []


def _empty_blocks(client) -> list[str]:
    """The dashboard's blocks showing their empty state (each has the class "empty"), for the recruiter."""
    client.force_login(User.objects.get(username="recruteuse"))
    page = client.get("/").content.decode()
    assert 'id="h-new-jobs"' in page  # shown only when a job was opened in the last two weeks
    return re.findall(r'<p class="empty[^>]*>([^<]*)', page)


@pytest.mark.django_db
def test_loaded_on_any_day_with_any_seed_every_block_has_something(client):
    """Its dates hang from the day it is loaded: a holiday Saturday, another seed, still a live agency."""
    import time_machine

    _fresh_ranking_stats()
    with time_machine.travel(dt.datetime(2027, 5, 1, 10, tzinfo=dt.UTC), tick=True):
        load(seed=7)
        assert _empty_blocks(client) == []


class TestTheDemoAgency:
    """Read-only checks on one load, shared by the tests of this class."""

    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def demo(cls, django_db_setup, django_db_blocker, tmp_path_factory):
        folder = tmp_path_factory.mktemp("mailbox")
        _fresh_ranking_stats()
        with django_db_blocker.unblock(), override_settings(MAILBOX_DIR=folder):
            result = load(seed=42)
            result.mailbox = folder
            yield result
            _wipe()

    @pytest.fixture(autouse=True)
    def _db(self, db):
        pass

    def test_it_has_the_announced_size(self, demo):
        assert demo.status == "loaded"
        assert Candidate.objects.count() == 300
        assert Client.objects.count() == 8
        assert Job.objects.count() == 40
        assert Offer.objects.count() == 120
        by_status = Counter(Offer.objects.values_list("status", flat=True))
        assert by_status == {OfferStatus.DECLINED: 60, OfferStatus.ACCEPTED: 20, OfferStatus.OPEN: 40}
        assert Decline.objects.count() == 60
        assert 1 <= Exclusion.objects.count() <= 6

    def test_it_creates_the_demo_accounts(self):
        roles = dict(
            User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).values_list("username", "role")
        )
        assert roles == {"admin": "admin", "recruteuse": "recruiter", "lecteur": "viewer"}
        # Hashed with the production hasher, before the tests' fast one was set: it is there and usable.
        assert User.objects.get(username="lecteur").has_usable_password()

    def test_its_primary_reasons_follow_the_prior(self):
        counts = Counter(Decline.objects.values_list("primary_reason__code", flat=True))
        total = sum(w for _, w in PRIMARY_REASONS)
        for code, weight in PRIMARY_REASONS:
            assert abs(counts[code] - 60 * weight / total) <= 1, code
        assert counts["salary"] == max(counts.values())

    def test_every_decline_has_its_primary_among_one_to_three_reasons(self):
        for decline in Decline.objects.prefetch_related("reasons"):
            codes = {r.code for r in decline.reasons.all()}
            assert 1 <= len(codes) <= 3
            assert decline.primary_reason.code in codes

    def test_every_decline_has_its_event(self):
        events = {(e.candidate_id, e.job_id): e for e in Event.objects.filter(kind=EventKind.OFFER_DECLINED)}
        assert len(events) == 60
        for decline in Decline.objects.select_related("offer__application", "primary_reason"):
            event = events[(decline.candidate_id, decline.offer.application.job_id)]
            assert event.created_at == decline.created_at == decline.offer.decided_at
            assert event.data["primary_reason"] == decline.primary_reason.code
            assert event.data["kind"] == decline.kind

    def test_every_change_of_state_has_its_event(self):
        kinds = Counter(Event.objects.values_list("kind", flat=True))
        assert kinds[EventKind.CANDIDATE_CREATED] == 300
        assert set(
            Event.objects.filter(kind=EventKind.CANDIDATE_CREATED).values_list("candidate", flat=True)
        ) == set(Candidate.objects.values_list("id", flat=True))
        assert kinds[EventKind.CLIENT_CREATED] == 8
        assert kinds[EventKind.JOB_CREATED] == 40
        assert kinds[EventKind.APPLICATION_CREATED] == Application.objects.count()
        assert kinds[EventKind.OFFER_CREATED] == 120
        assert kinds[EventKind.OFFER_ACCEPTED] == 20
        assert kinds[EventKind.JOB_STATUS_CHANGED] == Job.objects.exclude(status="open").count()
        assert kinds[EventKind.EXCLUSION_ADDED] == Exclusion.objects.count()
        assert kinds[EventKind.EXCLUSION_LIFTED] == Exclusion.objects.exclude(lifted_at=None).count()

    def test_its_timeline_is_in_the_past_and_in_order(self):
        now = timezone.now()
        oldest = Event.objects.order_by("created_at").first().created_at
        assert now - dt.timedelta(days=560) < oldest < now - dt.timedelta(days=450)
        assert Event.objects.order_by("-created_at").first().created_at < now
        for offer in Offer.objects.select_related("application__job__client", "application__candidate"):
            app = offer.application
            assert app.job.client.created_at < app.job.created_at < app.created_at < offer.created_at
            assert app.candidate.created_at < app.created_at
            if offer.decided_at:
                assert offer.created_at < offer.decided_at < now

    def test_its_jobs_are_rome_appellations_with_their_code(self):
        titles = {(title, code) for title, code, _main in rome().titles}
        for job in Job.objects.all():
            assert (job.title, job.rome_code) in titles
            assert rome().definitions[job.rome_code][0] in job.description
            assert job.salary_min < job.salary_max
            assert (job.remote_policy == "onsite") == (job.remote_days_per_week == 0)

    def test_its_families_only_name_rome_appellations(self):
        titles = {(title, code) for title, code, _main in rome().titles}
        for family in FAMILIES:
            for code, title in family.jobs:
                assert (title, code) in titles, (family.key, code, title)

    def test_its_candidates_look_real(self):
        candidates = list(Candidate.objects.all())
        phones = [c.phone for c in candidates if c.phone]
        assert len(phones) > 150 and len(set(phones)) == len(phones)
        assert all(p.startswith(("+336", "+337")) and len(p) == 12 for p in phones)
        assert all(
            c.email.rsplit("@", 1)[1] in {"example.com", "example.org", "example.net"} for c in candidates
        )
        assert len({c.email for c in candidates}) == 300
        linkedin = [c.linkedin_url for c in candidates if c.linkedin_url]
        assert len(linkedin) > 80 and all(u.startswith("https://www.linkedin.com/in/") for u in linkedin)
        assert 5 <= sum(c.language == "en" for c in candidates) <= 45
        assert len({c.city for c in candidates}) >= 10
        assert all(c.skills and c.headline and c.salary_expectation for c in candidates)

    def test_its_declines_carry_their_details(self):
        declines = list(Decline.objects.select_related("primary_reason"))
        kinds = Counter(d.kind for d in declines)
        assert kinds.most_common(1)[0][0] == "declined_by_candidate" and len(kinds) >= 3
        for d in declines:
            if d.primary_reason.code == "better_aligned_opportunity":
                assert d.competing_employer and d.competing_salary > d.offered_salary
            assert d.counter_offer == (d.primary_reason.code == "counter_offer")
            if d.primary_reason.code == "salary":
                assert d.offered_salary < d.expected_salary
        assert {"yes", "no", "unknown"} <= {d.open_to_future for d in declines}
        today = timezone.localdate()
        due_soon = [
            d
            for d in declines
            if d.recontact_after and today < d.recontact_after <= today + dt.timedelta(weeks=7)
        ]
        assert len(due_soon) >= 3

    def test_its_exclusions_are_respected(self):
        for x in Exclusion.objects.all():
            assert x.expires_on > timezone.localdate()
            later = Application.objects.filter(
                candidate=x.candidate, job__client=x.client, created_at__gt=x.created_at
            )
            assert not later.exists()

    def test_it_keeps_in_touch_as_the_product_would_have(self, demo):
        """What relationships.py adds: each sent message went when due, in the past, with its event, and only
        where its purpose's consent came first; consents carry their proof; the pool holds people who agreed."""
        from vivier.outreach.models import MessageStatus
        from vivier.pools.models import Segment, TalentPool

        now = timezone.now()
        assert demo.counts["messages_sent"] > 20 and demo.counts["messages_planned"] > 20
        assert demo.counts["consents"] > 10 and demo.counts["survey_answers"] > 0
        sent = list(Message.objects.filter(status=MessageStatus.SENT).select_related("candidate"))
        assert len(sent) == demo.counts["messages_sent"]
        events = {e.data["message"]: e for e in Event.objects.filter(kind=EventKind.MESSAGE_SENT)}
        needs = {"check_in": "talent_pool", "survey": "survey"}
        for m in sent:
            assert m.due_at <= m.sent_at < now
            assert events[str(m.public_id)].created_at == m.sent_at
            if m.kind in needs:
                assert ConsentRecord.objects.filter(
                    candidate=m.candidate, purpose=needs[m.kind], action="given", at__lte=m.due_at
                ).exists()
        assert not Message.objects.filter(status__in=["scheduled", "review"], due_at__lt=now).exists()
        # Nothing planned that could never go: a survey only once its consent was given (on the stay-in-touch
        # page, which planned it), so none was cancelled for want of it.
        surveys = list(Message.objects.filter(kind="survey").select_related("candidate"))
        assert surveys and not [m for m in surveys if m.status == "cancelled"]
        for m in surveys:
            assert ConsentRecord.objects.filter(
                candidate=m.candidate, purpose="survey", action="given", at__lte=m.created_at
            ).exists()
        for record in ConsentRecord.objects.all():
            assert record.wording_text and record.wording_hash and record.channel == "web_form"
            assert record.at < now
            event = Event.objects.get(
                kind=EventKind.CONSENT_GIVEN, candidate=record.candidate, data__purpose=record.purpose
            )
            assert event.created_at == record.at
        for answer in SurveyResponse.objects.exclude(score=None).select_related("message"):
            assert answer.message.sent_at <= answer.answered_at < now
        pool = TalentPool.objects.get()
        members = list(pool.members.values_list("candidate", flat=True))
        assert members and set(members) <= set(
            ConsentRecord.objects.filter(purpose="talent_pool").values_list("candidate", flat=True)
        )
        assert Segment.objects.get().filters == {"city": "Lyon", "declined": "yes"}

    def test_the_first_visit_shows_every_block_of_the_dashboard(self, client):
        """Follow-ups, approvals, check-ins of the week, LinkedIn, "Déjà dans votre vivier", rights and people
        open again, offers waiting, people to call back, jobs with nobody, exclusions ending, latest declines."""
        assert _empty_blocks(client) == []
        page = client.get("/").content.decode()
        for block in (
            "h-today",
            "h-new-jobs",
            "h-privacy",
            "h-offers",
            "h-recontact",
            "h-jobs",
            "h-exclusions",
            "h-declines",
        ):
            assert f'id="{block}"' in page, block
        assert "new-job-matches" in page and "follow-ups-due" in page and "linkedin-pending" in page

    def test_the_local_mailbox_holds_the_messages_it_says_went_with_their_dates(self, demo):
        from email import policy
        from email.parser import BytesParser
        from email.utils import parsedate_to_datetime

        from vivier.outreach.models import MessageStatus
        from vivier.outreach.selectors import mailbox_list

        sent = {str(m.public_id): m for m in Message.objects.filter(status=MessageStatus.SENT)}
        files = sorted(demo.mailbox.glob("*.eml"))
        assert len(files) == len(sent) == demo.counts["mailbox"] == demo.counts["messages_sent"]
        for path in files:
            email = BytesParser(policy=policy.default).parse(path.open("rb"))
            message = sent[email["X-Vivier-Id"]]
            assert parsedate_to_datetime(email["Date"]) == message.sent_at.replace(microsecond=0)
            assert email["To"] == message.to_email and str(email["Subject"]).strip() == message.subject
            assert email["List-Unsubscribe"] and email.get_body(("plain",)).get_content().strip()
        listed = mailbox_list(folder=demo.mailbox)
        assert [item.date for item in listed] == sorted((item.date for item in listed), reverse=True)
        assert listed[0].date == max(m.sent_at for m in sent.values()).replace(microsecond=0)
