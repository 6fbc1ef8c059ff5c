"""Building the job-alert digests: `alerts_build()`, run once a day by the worker and by `vivier alerts build`.

Who gets one: people with a job_alerts consent that may be written to now (vivier.outreach.policy.may_contact,
the one place that says so), whose alert frequency is not "never" and whose last digest is older than their
period (a week, or a calendar month: CandidatePrivacy.alert_frequency, monthly when they never chose), and
never two the same day. What it lists: the open jobs that fit them (vivier.alerts.features), never one they
got before, the best ALERTS_MAX_JOBS first. Nothing fits: nothing is planned.

Each digest is a Message of the outbox (kind job_alert, due at nine on a working morning where the person
lives: today if it is still ahead, else the next one; cadence_key `job_alert:<date>`, so that a second run the
same day cannot plan it twice), its JobAlertDigest, one JobAlertItem per job and a job_alert.planned Event,
written for a chunk of people in one transaction. The worker sends it like any other message, asking
may_contact again first.

A digest whose message did not go out (cancelled, by a recruiter or by the worker because the consent was
withdrawn meanwhile; or failed) gives its jobs back: the next run deletes its items, so those jobs may be
sent later, and that digest no longer counts as the person's last one. One that went (or may still go) keeps
them forever: a job is never sent twice to the same person (unique constraint on the items).

Scale: the open jobs are read and indexed once; people are streamed in chunks of CHUNK ids with a fixed number
of queries per chunk (their frequency and last digests; then, of those who are due, their profile and
preferences, exclusions and the jobs they already got; the consent facts of may_contact_prime for those a
digest is for; four executemany inserts), so memory does not grow with the pool. Messages, digests and events
are written as the outbox's services would write them (message_schedule, event_record), many rows at a time.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from vivier.alerts import features
from vivier.alerts.digest import Renderer
from vivier.alerts.models import JobAlertDigest, JobAlertItem, JobAlertRun
from vivier.alerts.writes import RawInsert
from vivier.imports.services import large_page_cache
from vivier.outreach import cadence
from vivier.outreach.models import Message, MessageKind, MessageStatus
from vivier.outreach.policy import may_contact, may_contact_prime
from vivier.privacy.models import AlertFrequency, CandidatePrivacy, ConsentRecord, Purpose
from vivier.privacy.rules import add_months
from vivier.talent.models import Candidate, Event, EventKind, Exclusion, Job, JobStatus

logger = logging.getLogger(__name__)

CHUNK = 2000
# A digest whose message ended so did not reach the person: its jobs are given back.
NOT_DELIVERED = (MessageStatus.CANCELLED, MessageStatus.FAILED)
DEFAULT_FREQUENCY = CandidatePrivacy._meta.get_field("alert_frequency").default
CANDIDATE_FIELDS = (
    "public_id",
    "first_name",
    "last_name",
    "email",
    "city",
    "headline",
    "skills",
    "salary_expectation",
    "currency",
    "remote_preference",
    "language",
    "time_zone",
    "do_not_contact",
    "created_at",
    *(
        f"privacy__{f}"
        for f in (
            "id",
            "candidate_id",
            "token_version",
            "wanted_jobs",
            "wanted_places",
            "remote_preference",
            "contract_types",
            "salary_expectation",
            "alert_frequency",
        )
    ),
)
JOB_FIELDS = (
    "public_id",
    "client__name",
    "title",
    "rome_code",
    "city",
    "remote_policy",
    "remote_days_per_week",
    "contract_type",
    "salary_min",
    "salary_max",
    "currency",
    "skills",
    "opened_at",
)


ITEM_INSERT = (
    f"INSERT INTO {JobAlertItem._meta.db_table} (digest_id, candidate_id, job_id, position)"  # noqa: S608
    " VALUES (%s, %s, %s, %s)"
)


def cadence_key(day: dt.date) -> str:
    return f"job_alert:{day.isoformat()}"


def release_undelivered() -> int:
    """Give back the jobs of digests whose message was cancelled or failed: they may be sent again."""
    stale = JobAlertItem.objects.filter(digest__message__status__in=NOT_DELIVERED)
    deleted, _by_model = stale.delete()
    return deleted


def open_jobs() -> features.JobIndex:
    # An open job, not one on hold (its status says so): on hold, filled and cancelled jobs are left out.
    jobs = Job.objects.filter(status=JobStatus.OPEN).select_related("client").only(*JOB_FIELDS)
    return features.JobIndex([features.job_features(j) for j in jobs.order_by("id").iterator(2000)])


def _opted_in_ids(after: int, size: int) -> list[int]:
    """The next `size` people (by id) with a job_alerts consent on record; may_contact decides if it holds."""
    return list(
        ConsentRecord.objects.filter(purpose=Purpose.JOB_ALERTS, candidate_id__gt=after)
        .order_by("candidate_id")
        .values_list("candidate_id", flat=True)
        .distinct()[:size]
    )


def _in_chunk(ids: list[int], field: str = "candidate_id") -> dict:
    """A filter on the chunk's (sorted) ids as a range: a thousand parameters cost more to build than the rows
    of the few others in the range cost to skip."""
    return {f"{field}__gte": ids[0], f"{field}__lte": ids[-1]}


def _last_digests(ids: list[int]) -> dict[int, tuple[dt.datetime | None, dt.datetime | None]]:
    """candidate id → (their last digest of any kind, their last one that went or may still go)."""
    rows = (
        JobAlertDigest.objects.filter(**_in_chunk(ids))
        .order_by()
        .values("candidate_id")
        .annotate(
            last=Max("created_at"),
            live=Max("created_at", filter=~Q(message__status__in=NOT_DELIVERED)),
        )
    )
    return {r["candidate_id"]: (r["last"], r["live"]) for r in rows}


def is_due(frequency: str, last: dt.datetime | None, live: dt.datetime | None, today: dt.date) -> bool:
    """Due when the last digest that reached them (or may still) is a period old; never twice a day."""
    if frequency == AlertFrequency.NEVER:
        return False
    if last is not None and timezone.localdate(last) >= today:
        return False
    if live is None:
        return True
    day = timezone.localdate(live)
    if frequency == AlertFrequency.WEEKLY:
        return today >= day + dt.timedelta(days=7)
    return today >= add_months(dt.datetime.combine(day, dt.time()), 1).date()


def due_at(now: dt.datetime, tz: str) -> dt.datetime:
    """This morning where they live if it is still ahead on a working day, else the next working morning."""
    local = now.astimezone(cadence.zone(tz))
    if cadence.is_working_day(local.date()):
        morning = cadence.morning(local.date(), tz)
        if local < morning:
            return morning
    return cadence.next_working_morning(now, tz)


class _Build:
    def __init__(self, *, now: dt.datetime, limit: int | None, dry_run: bool) -> None:
        self.now = now
        self.today = timezone.localdate(now)
        self.key = cadence_key(self.today)
        self.limit = limit
        self.dry_run = dry_run
        self.counts: Counter[str] = Counter()
        self.max_jobs = settings.ALERTS_MAX_JOBS
        self._due_at: dict[str, dt.datetime] = {}
        # CPU seconds spent in each step, for the log and the benchmark (where the time goes at 100,000 people).
        self.phases: Counter[str] = Counter()
        self._clock = time.process_time()

    def lap(self, phase: str) -> None:
        now = time.process_time()
        self.phases[phase] += now - self._clock
        self._clock = now

    def run(self) -> None:
        if not self.dry_run:
            self.counts["released"] = release_undelivered()
        self.jobs = open_jobs()
        self.counts["open_jobs"] = len(self.jobs)
        self.lap("jobs")
        if not self.jobs:
            return
        self.renderer = Renderer()
        after = 0
        while True:
            self.lap("other")
            ids = _opted_in_ids(after, CHUNK)
            if not ids:
                break
            after = ids[-1]
            self.chunk(ids)
            if self.limit is not None and self.counts["planned"] >= self.limit:
                break
        self.counts["template_fallback"] = self.renderer.fallbacks

    def chunk(self, ids: list[int]) -> None:
        counts = self.counts
        counts["people"] += len(ids)
        # Who is due, from their frequency and their last digests, before loading anything else of them: on
        # most days most people are not.
        last = _last_digests(ids)
        frequencies = dict(
            CandidatePrivacy.objects.filter(**_in_chunk(ids)).values_list("candidate_id", "alert_frequency")
        )
        due_ids = []
        for pk in ids:
            freq = frequencies.get(pk, DEFAULT_FREQUENCY)
            if freq == AlertFrequency.NEVER:
                counts["never"] += 1
            elif not is_due(freq, *last.get(pk, (None, None)), self.today):
                counts["not_due"] += 1
            else:
                due_ids.append(pk)
        if not due_ids:
            return
        due: list[Candidate] = []
        people = Candidate.objects.filter(pk__in=due_ids).select_related("privacy").only(*CANDIDATE_FIELDS)
        for c in people.order_by():
            if c.do_not_contact:
                counts["not_allowed"] += 1
                continue
            # privacy.selectors.privacy_state's cache: the preferences link reads the token version from it.
            c._privacy_cache = getattr(c, "privacy", None) or CandidatePrivacy(candidate_id=c.pk)
            due.append(c)
        counts["due"] += len(due)
        self.lap("people")
        excluded: dict[int, set[int]] = defaultdict(set)
        for cand, client in (
            Exclusion.objects.active(self.today)
            .filter(**_in_chunk(ids))
            .values_list("candidate_id", "client_id")
        ):
            excluded[cand].add(client)
        sent: dict[int, set[int]] = defaultdict(set)
        open_ids = self.jobs.jobs
        # Without a join on the jobs: SQLite would then walk every open job for each person of the chunk.
        for cand, job in (
            JobAlertItem.objects.filter(**_in_chunk(ids)).order_by().values_list("candidate_id", "job_id")
        ):
            if job in open_ids:
                sent[cand].add(job)
        self.lap("lookups")
        fitting = []
        for c in due:
            wishes = features.Wishes.of(c, c._privacy_cache)
            wishes.excluded_clients = frozenset(excluded.get(c.pk, ()))
            since = last.get(c.pk, (None, None))[1]
            matches = self.jobs.matches(wishes, sent=sent.get(c.pk, set()), since=since, limit=self.max_jobs)
            if matches:
                fitting.append((c, wishes, matches))
            else:
                counts["nothing_fits"] += 1
        self.lap("match")
        if not fitting:
            return
        # May they be written to? Asked last, of those a digest is for (the consent facts cost a few queries).
        may_contact_prime([c for c, _w, _m in fitting])
        planned = []
        for c, wishes, matches in fitting:
            if self.limit is not None and counts["planned"] + len(planned) >= self.limit:
                break
            if may_contact(c, MessageKind.JOB_ALERT)[0]:
                planned.append((c, wishes, matches))
            else:
                counts["not_allowed"] += 1
        self.lap("consent")
        if not planned:
            return
        if self.dry_run:
            counts["planned"] += len(planned)
            counts["items"] += sum(len(m) for _c, _w, m in planned)
            return
        self.write(planned)

    def _due_at_for(self, tz: str) -> dt.datetime:
        found = self._due_at.get(tz)
        if found is None:
            found = self._due_at[tz] = due_at(self.now, tz)
        return found

    def write(self, planned) -> None:
        rows = []
        for c, wishes, matches in planned:
            subject, body, html = self.renderer.render(
                candidate=c, matches=matches, wishes=wishes, frequency=c._privacy_cache.alert_frequency
            )
            rows.append(_Planned(c, matches, subject, body, html, self._due_at_for(c.time_zone)))
        self.lap("render")
        try:
            with transaction.atomic():
                self._insert(rows)
        except IntegrityError:
            # Another worker planned some of these meanwhile (or a person was erased): one by one, so the
            # others still get theirs.
            for row in rows:
                try:
                    with transaction.atomic():
                        self._insert([row])
                except IntegrityError:
                    self.counts["conflicts"] += 1
        self.lap("write")

    def _insert(self, rows: list[_Planned]) -> None:
        MESSAGES.run(
            (
                r.message_uuid,
                r.candidate.pk,
                MessageKind.JOB_ALERT,
                MessageStatus.SCHEDULED,
                r.candidate.language,
                r.candidate.email,
                r.subject,
                r.body,
                r.html,
                r.due_at,
                self.key,
                self.now,
            )
            for r in rows
        )
        # Their ids, by the unique (candidate, cadence_key): one message per person and run.
        by_candidate = {r.candidate.pk: r for r in rows}
        mine = Message.objects.filter(cadence_key=self.key, **_in_chunk(sorted(by_candidate))).order_by()
        for cand, pk in mine.values_list("candidate_id", "pk"):
            if cand in by_candidate:
                by_candidate[cand].message_id = pk
        DIGESTS.run((r.digest_uuid, r.candidate.pk, r.message_id, len(r.matches), self.now) for r in rows)
        by_message = {r.message_id: r for r in rows}
        digests = JobAlertDigest.objects.filter(message_id__in=list(by_message)).order_by()
        for message, pk in digests.values_list("message_id", "pk"):
            by_message[message].digest_id = pk
        items = [(r.digest_id, r.candidate.pk, m.job.pk, n) for r in rows for n, m in enumerate(r.matches, 1)]
        with connection.cursor() as cursor:
            cursor.executemany(ITEM_INSERT, items)
        # event_record writes one row at a time; these are the same rows, in the same transaction as the change.
        EVENTS.run(
            (
                uuid.uuid4(),
                EventKind.JOB_ALERT_PLANNED,
                r.candidate.pk,
                self.now,
                {
                    "message": str(r.message_uuid),
                    "digest": str(r.digest_uuid),
                    "kind": MessageKind.JOB_ALERT,
                    "jobs": [m.job.public_id for m in r.matches],
                    "due_at": r.due_at.isoformat(),
                    "cadence_key": self.key,
                },
            )
            for r in rows
        )
        self.counts["planned"] += len(rows)
        self.counts["items"] += len(items)


@dataclass
class _Planned:
    candidate: Candidate
    matches: list[features.Match]
    subject: str
    body: str
    html: str
    due_at: dt.datetime
    message_uuid: uuid.UUID = field(default_factory=uuid.uuid4)
    digest_uuid: uuid.UUID = field(default_factory=uuid.uuid4)
    message_id: int | None = None
    digest_id: int | None = None


MESSAGES = RawInsert(
    Message,
    (
        "public_id",
        "candidate_id",
        "kind",
        "status",
        "language",
        "to_email",
        "subject",
        "body_text",
        "body_html",
        "due_at",
        "cadence_key",
        "created_at",
    ),
)
DIGESTS = RawInsert(JobAlertDigest, ("public_id", "candidate_id", "message_id", "jobs_count", "created_at"))
EVENTS = RawInsert(Event, ("public_id", "kind", "candidate_id", "created_at", "data"))


def alerts_build(*, now: dt.datetime | None = None, limit: int | None = None, dry_run: bool = False) -> dict:
    """Plan today's job-alert digests; returns the counts (see the module's docstring). With `dry_run`,
    count what would be planned and write nothing (not even the run's record); `limit`: stop after about
    that many digests (a chunk is finished first)."""
    now = now or timezone.now()
    started, cpu = time.monotonic(), time.process_time()
    run = None if dry_run else JobAlertRun.objects.create(started_at=now)
    build = _Build(now=now, limit=limit, dry_run=dry_run)
    # SQLite: the events' and messages' indexes are big at full scale (a million-candidate pool has millions of
    # events); 64 MB of page cache for this connection while the digests are written, not the imports' 256.
    with large_page_cache(kib=65_536):
        build.run()
    counts = {k: int(v) for k, v in sorted(build.counts.items())}
    seconds = round(time.monotonic() - started, 2)
    phases = {k: round(v, 2) for k, v in sorted(build.phases.items())}
    if run is not None:
        JobAlertRun.objects.filter(pk=run.pk).update(
            finished_at=timezone.now(), seconds=seconds, counts=counts
        )
    cpu = round(time.process_time() - cpu, 2)
    logger.info(
        "job alerts built", extra={"seconds": seconds, "cpu_seconds": cpu, "dry_run": dry_run, **counts}
    )
    return {**counts, "seconds": seconds, "cpu_seconds": cpu, "phases": phases}
