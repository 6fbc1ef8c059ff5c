"""What keeps the demo agency current on whatever day it is loaded: the plan's few dates that make the week.

The plan's ages are days before "now", so every load is anchored at its own today; these adjustments make sure
each block of the dashboard has something on the first visit, whatever the seed drew: a job opened this week
with nobody on it yet and one opened last week (the "already in your pool" block and the empty open jobs), a
decline of two days ago (its messages wait for approval), people to call back in the next days (and their
check-ins), a client exclusion ending within two weeks. They use no random draw, so the seed's other choices
stay what they were.
"""

from __future__ import annotations

import math

# The two youngest open jobs: opened this week (nobody put on it yet) and last week.
FRESH_JOB_AGES = (2.4, 9.6)
# An open job younger than this has nobody on it yet.
NOBODY_YET_DAYS = 4.0
# The latest decline was recorded this long ago: its stay-in-touch message still waits for approval.
LATEST_DECLINE_AGE = 2.2
# People who asked to be called back in the next days ("recontact after" in 1, 2, 3 days: a working morning
# within the week, weekends and holidays included).
RECONTACT_IN_DAYS = (1, 2, 3)
# A client exclusion ends in this many days.
EXCLUSION_ENDS_IN_DAYS = 6


def fresh_jobs(plan) -> None:
    """After the jobs are drawn, before anyone is put on them: the two youngest open jobs were opened lately."""
    open_jobs = sorted((j for j in plan.jobs if j.status == "open"), key=lambda j: j.age)
    for job, age in zip(open_jobs, FRESH_JOB_AGES, strict=False):
        job.age = age


def nobody_yet(job) -> bool:
    """An open job opened this week: no offer, no application yet."""
    return job.status == "open" and job.age < NOBODY_YET_DAYS


def this_week(plan) -> None:
    """After the offers and their terms, before the timeline: a decline of two days ago, recontacts due.

    Both are declines by the candidate (the demo replays their cadences) of people who declined nothing else (so
    the cadence has its stay-in-touch invitation: it waits for approval, and the check-ins come with it)."""
    declines_of: dict[int, int] = {}
    for o in plan.offers:
        if o.decline is not None:
            declines_of[o.candidate] = declines_of.get(o.candidate, 0) + 1
    followed = [
        o
        for o in plan.offers
        if o.decline is not None
        and o.decline.kind == "declined_by_candidate"
        and o.decline.open_to_future != "no"
        and declines_of[o.candidate] == 1
    ]
    on_open_jobs = [o for o in followed if plan.jobs[o.job].status == "open"]
    if on_open_jobs:
        latest = min(on_open_jobs, key=lambda o: o.decided_age)
        # Still after the job opened and the offer was made (both are older than a week).
        latest.decided_age = min(latest.decided_age, LATEST_DECLINE_AGE)
    # The latest of them open to hearing from us again asked to be called back in the next days.
    open_again = sorted(
        (o for o in followed if o.decline.open_to_future == "yes"), key=lambda o: o.decided_age
    )
    for offer, days in zip(open_again, RECONTACT_IN_DAYS, strict=False):
        offer.decline.recontact_age = -days


def exclusion_ending(plan) -> None:
    """After the exclusions are drawn: the oldest one still in force ends within two weeks."""
    standing = [x for x in plan.exclusions if x.lifted_age is None]
    if standing:
        oldest = max(standing, key=lambda x: x.age)
        # write.Clock.date(age) is today minus the whole days of the age: the end falls on today + N.
        oldest.expires_in_days = math.floor(oldest.age) + EXCLUSION_ENDS_IN_DAYS
