"""Fixtures shared by every app's tests: the personas and small builders of domain objects.

Personas: `admin`, `recruiter`, `viewer` (read only) and the anonymous `outsider`. Each has a logged-in Django
test client (`admin_client_`, `recruiter_client`, `viewer_client`) and an API token (`*_token`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os

import pytest
from django.test import Client as HttpClient

os.environ.setdefault("VIVIER_DATA_DIR", os.path.join(os.path.dirname(__file__), "var", "test"))

_seq = itertools.count(1)
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fast_hashing_and_clean_cache(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    # Each test starts in the default language (French): a test that activates English must not leak it.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def _user(role: str, username: str):
    from vivier.accounts.services import user_create

    return user_create(
        username=username,
        password=PASSWORD,
        role=role,
        email=f"{username}@agence.example",
        first_name=username.capitalize(),
        last_name="Test",
    )


@pytest.fixture
def admin(db):
    return _user("admin", "admin")


@pytest.fixture
def recruiter(db):
    return _user("recruiter", "camille")


@pytest.fixture
def viewer(db):
    return _user("viewer", "victor")


def _logged_in(user) -> HttpClient:
    c = HttpClient()
    c.force_login(user)
    return c


@pytest.fixture
def admin_client_(admin):
    return _logged_in(admin)


@pytest.fixture
def recruiter_client(recruiter):
    return _logged_in(recruiter)


@pytest.fixture
def viewer_client(viewer):
    return _logged_in(viewer)


@pytest.fixture
def outsider():
    return HttpClient()


def _token(user, scope="write") -> str:
    from vivier.accounts.services import token_create

    return token_create(user=user, name="tests", scope=scope)[1]


@pytest.fixture
def admin_token(admin):
    return _token(admin)


@pytest.fixture
def recruiter_token(recruiter):
    return _token(recruiter)


@pytest.fixture
def viewer_token(viewer):
    return _token(viewer)


class Make:
    """Builders that go through the services, so test data is as real as the product's."""

    def __init__(self, by):
        self.by = by

    def client(self, name: str | None = None, **kw):
        from vivier.talent.services import client_create

        return client_create(by=self.by, name=name or f"Client {next(_seq)}", **kw)

    def candidate(self, **kw):
        from vivier.talent.services import candidate_create

        n = next(_seq)
        kw.setdefault("first_name", "Camille")
        kw.setdefault("last_name", f"Martin{n}")
        kw.setdefault("email", f"camille.martin{n}@exemple.fr")
        return candidate_create(by=self.by, **kw)

    def job(self, client=None, **kw):
        from vivier.talent.services import job_create

        kw.setdefault("title", "Développeur / Développeuse web")
        kw.setdefault("city", "Lyon")
        kw.setdefault("salary_min", 40000)
        kw.setdefault("salary_max", 50000)
        return job_create(by=self.by, client=client or self.client(), **kw)

    def application(self, candidate=None, job=None):
        from vivier.talent.services import application_create

        return application_create(by=self.by, candidate=candidate or self.candidate(), job=job or self.job())

    def offer(self, application=None, **kw):
        from vivier.talent.services import offer_create

        kw.setdefault("salary", 45000)
        kw.setdefault("remote_days_per_week", 1)
        kw.setdefault("start_date", dt.date.today() + dt.timedelta(days=30))
        return offer_create(by=self.by, application=application or self.application(), **kw)

    def consent(self, candidate, purpose: str = "talent_pool", channel: str = "phone", **kw):
        """A consent given (vivier.privacy): check-ins, job alerts and surveys need one to be sent."""
        from vivier.privacy.services import consent_give

        kw.setdefault("note", "Accord donné au téléphone")
        return consent_give(candidate=candidate, purpose=purpose, channel=channel, by=self.by, **kw)

    def candidate_in_pool(self, **kw):
        """A candidate who agreed to every purpose (talent pool, job alerts, survey)."""
        candidate = self.candidate(**kw)
        for purpose in ("talent_pool", "job_alerts", "survey"):
            self.consent(candidate, purpose)
        return candidate

    def decline(self, offer=None, codes=("salary",), primary=None, **kw):
        return self.declined(offer, codes, primary, **kw).decline

    def declined(self, offer=None, codes=("salary",), primary=None, **kw):
        """As decline, with what offer_decline returns: the decline and the follow-up messages planned."""
        from vivier.talent.services import offer_decline, reasons_from_codes

        reasons = reasons_from_codes(codes)
        primary_reason = next(r for r in reasons if r.code == (primary or codes[0]))
        kw.setdefault("kind", "declined_by_candidate")
        return offer_decline(
            by=self.by, offer=offer or self.offer(), reasons=reasons, primary=primary_reason, **kw
        )


@pytest.fixture
def make(recruiter):
    return Make(recruiter)


# --- Real-browser tests (pytest -m browser): one Chromium for the whole session --------------------------------
CHROMIUM = os.environ.get("VIVIER_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls stay synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (or set VIVIER_CHROMIUM)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    settings.DEBUG = False
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.base_url = live_server.url
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def collected_static(settings, tmp_path):
    """Static files collected into `tmp_path/static`, the STATIC_ROOT of a process started with
    VIVIER_DATA_DIR=tmp_path: the web server refuses to start without them (vivier/assets.py). Collected as
    production does, less the compression, which no test looks at."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT
