"""Demo data: a French recruitment agency with eighteen months of history, drawn from a seed.

`vivier demo` calls `load()`. The same seed gives the same people, jobs, offers and reasons (see
`plan.make_plan`); dates are laid back from the day it runs (`current`: this week's few), so the dashboard
always has things to do. `relationships.add` then adds what keeping in touch left behind: messages, consents,
survey answers, a pool; `today.add` what is on the recruiter's desk this week; `mailbox.write` puts the messages
that went into the local mailbox.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from vivier.accounts.models import Role, User
from vivier.accounts.services import user_create
from vivier.demo import mailbox, today
from vivier.demo.plan import make_plan
from vivier.demo.relationships import add as add_relationships
from vivier.demo.vocabulary import CLIENTS
from vivier.demo.write import write
from vivier.talent.models import Candidate, Client, Job

DEFAULT_SEED = 42
DEMO_PASSWORD = "vivier-demo"  # noqa: S105 - printed for anyone to sign in to the demo
# username, role, first name, last name
DEMO_USERS = (
    ("admin", Role.ADMIN, "Hélène", "Garnier"),
    ("recruteuse", Role.RECRUITER, "Camille", "Roussel"),
    ("lecteur", Role.VIEWER, "Marc", "Vidal"),
)


@dataclass
class LoadResult:
    status: str  # "loaded", "present" (demo data already there), "not_empty" (other data, and no --force)
    counts: dict[str, int] = field(default_factory=dict)
    users: list[tuple[str, str, bool]] = field(default_factory=list)  # username, role, created now


def is_loaded() -> bool:
    """The demo clients are there: the demo was loaded (their names are the same for every seed)."""
    return Client.objects.filter(name__in=[c.name for c in CLIENTS]).exists()


def has_other_data() -> bool:
    return Candidate.objects.exists() or Client.objects.exists() or Job.objects.exists()


def ensure_users() -> list[tuple[str, str, bool]]:
    """The demo's admin, recruiter and viewer; an existing account of that name is left as it is."""
    out = []
    for username, role, first, last in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = user_create(
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                first_name=first,
                last_name=last,
                email=f"{username}@agence.example",
            )
        out.append((username, user.role, created))
    return out


def load(*, seed: int = DEFAULT_SEED, force: bool = False, now: dt.datetime | None = None) -> LoadResult:
    """Fill the database with the demo agency, once.

    Does nothing when the demo is already there. Refuses a database that holds other data unless `force`:
    mixing invented people into a real pool would be hard to undo.
    """
    if is_loaded():
        return LoadResult(status="present")
    if has_other_data() and not force:
        return LoadResult(status="not_empty")
    plan = make_plan(seed)
    with transaction.atomic():
        users = ensure_users()
        by_name = {u.username: u for u in User.objects.filter(username__in=[u[0] for u in DEMO_USERS])}
        now = now or timezone.now()
        counts = write(plan, now=now, recruiter=by_name["recruteuse"], admin=by_name["admin"])
        counts.update(
            add_relationships(seed=seed, now=now, recruiter=by_name["recruteuse"], admin=by_name["admin"])
        )
        counts.update(today.add(now=now, recruiter=by_name["recruteuse"]))
    # Once the rows are there for good: files cannot be rolled back with a transaction.
    counts["mailbox"] = mailbox.write()
    return LoadResult(status="loaded", counts=counts, users=users)
