"""Every URL of Vivier, and every operation of its API, is classified here; each class is then proved.

A new route fails `test_every_route_is_classified` until someone decides who may use it and adds it below.

Classes:
- PUBLIC: no sign-in (each with the reason why);
- SELF: any signed-in user, on their own account (a viewer may POST);
- READ: any signed-in user reads; nothing here changes data;
- WRITE: recruiters and admins; a viewer gets 403;
- ADMIN: administrators only; a viewer and a recruiter get 403.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC, SELF, READ, WRITE, ADMIN = "public", "self", "read", "write", "admin"

ROUTES: dict[str, str | tuple[str, str]] = {
    # --- sign-in and the pages a signed-out person needs ---
    "accounts:login": (PUBLIC, "the sign-in form"),
    "accounts:login_verify": (PUBLIC, "second sign-in step; only works after a correct password"),
    "accounts:language": (PUBLIC, "the language switch of the sign-in page"),
    "set_language": (PUBLIC, "Django's language switch"),
    "accounts:password_reset": (PUBLIC, "asks for a reset e-mail; answers the same for every address"),
    "accounts:password_reset_done": (PUBLIC, "static confirmation"),
    "accounts:password_reset_confirm": (PUBLIC, "needs the signed token of the e-mail"),
    "accounts:password_reset_complete": (PUBLIC, "static confirmation"),
    "outreach:unsubscribe": (PUBLIC, "candidates unsubscribe from an e-mail link (signed token, RFC 8058)"),
    "outreach:unsubscribe_noslash": (PUBLIC, "the same, for mail clients that POST without the slash"),
    "insights:public_report": (PUBLIC, "anonymised client report behind a signed, expiring, revocable link"),
    "insights:public_report_pdf": (PUBLIC, "the same report as PDF"),
    "privacy:stay_in_touch": (PUBLIC, "the candidate's own page, behind a signed, expiring, revocable link"),
    "privacy:preferences": (PUBLIC, "the same, for their contact preferences"),
    "privacy:decline_answer": (PUBLIC, "the same, for their answer after a decline"),
    "exports:calendar_feed": (
        PUBLIC,
        "a recruiter's calendar feed: calendar apps cannot sign in; a secret, hashed, revocable token (else 404)",
    ),
    "surveys:answer": (PUBLIC, "the candidate's survey answer, behind the signed link of the survey e-mail"),
    "api-v1:openapi-json": (PUBLIC, "the API's published contract; no data"),
    "api-v1:openapi-view": (PUBLIC, "the API docs page; no data"),
    "api-v1:api-root": (PUBLIC, "ninja's root; answers 404 in the error shape"),
    "api-v1:?": (PUBLIC, "catch-all of /api/v1/: answers 404 in the error shape"),
    # --- the user's own account ---
    "accounts:logout": SELF,
    "accounts:profile": SELF,
    "accounts:password_change": SELF,
    "accounts:two_factor_setup": SELF,
    "accounts:two_factor_disable": SELF,
    "accounts:recovery_codes": SELF,
    "accounts:sessions_revoke": SELF,
    "accounts:token_create": SELF,
    "accounts:token_revoke": SELF,
    # --- administration ---
    "accounts:users": ADMIN,
    "accounts:user_edit": ADMIN,
    "accounts:user_two_factor_reset": ADMIN,
    "accounts:reasons": ADMIN,
    "accounts:reason_edit": ADMIN,
    "accounts:audit": ADMIN,
    # Outgoing webhooks send the agency's events elsewhere, and their secrets sign them: administrators only.
    "webhooks:list": ADMIN,
    "webhooks:create": ADMIN,
    "webhooks:edit": ADMIN,
    "webhooks:secret": ADMIN,
    "webhooks:rotate": ADMIN,
    "webhooks:ping": ADMIN,
    "webhooks:delete": ADMIN,
    "webhooks:deliveries": ADMIN,
    "webhooks:delivery": ADMIN,
    "webhooks:redeliver": ADMIN,
    # --- the recruiter UI ---
    "front:dashboard": READ,
    "front:candidate_list": READ,
    "front:candidate_detail": READ,
    "front:candidate_create": WRITE,
    "front:candidate_edit": WRITE,
    "front:candidate_apply": WRITE,
    "front:exclusion_create": WRITE,
    "front:exclusion_lift": WRITE,
    "front:follow_up_create": WRITE,
    "front:follow_up_done": WRITE,
    "front:job_list": READ,
    "front:job_create": WRITE,
    "front:job_detail": READ,
    "front:job_edit": WRITE,
    "front:job_candidate_search": READ,
    "front:job_add_candidate": WRITE,
    "front:client_list": READ,
    "front:client_create": WRITE,
    "front:client_detail": READ,
    "front:client_edit": WRITE,
    "front:offer_create": WRITE,
    "front:offer_accept": WRITE,
    "front:offer_decline": WRITE,
    "front:outbox": READ,
    "front:message_edit": WRITE,
    "front:message_send_now": WRITE,
    "front:message_cancel": WRITE,
    "front:message_approve": WRITE,
    "front:message_resolve": WRITE,
    "front:candidate_replied": WRITE,
    "front:candidate_stop": WRITE,
    "front:feedback_compose": WRITE,
    "front:linkedin_update": WRITE,
    "front:template_list": READ,
    "front:template_edit": WRITE,
    "front:template_preview": WRITE,
    "front:candidate_file_upload": WRITE,
    "front:candidate_file_download": READ,
    "front:mailbox": READ,
    "front:mailbox_detail": READ,
    "front:mailbox_html": READ,
    "matching:job_panel": READ,
    "insights:dashboard": READ,
    "insights:declines": READ,
    "insights:messages": READ,
    "insights:returns": READ,
    "insights:placements": READ,
    "insights:export": READ,
    "insights:export_xlsx": READ,
    "insights:client_pick": READ,
    "insights:client_report": READ,
    "insights:client_report_pdf": READ,
    "insights:link_create": WRITE,
    "insights:link_revoke": WRITE,
    # Survey results: aggregates for all; the comments (names, own words) only on recruiters' and admins' page.
    "surveys:results": READ,
    "surveys:results_csv": READ,
    # Job alerts: the builds' counts and the latest digests; nothing on the page changes data.
    "alerts:overview": READ,
    # Privacy: exports and erasures are recruiters' and admins' work; the register and policies are for all.
    "privacy:export": WRITE,
    "privacy:export_json": WRITE,
    "privacy:erase": WRITE,
    "privacy:consent_record": WRITE,
    "privacy:links_revoke": WRITE,
    "privacy:request_create": WRITE,
    "privacy:request_close": WRITE,
    "privacy:requests": READ,
    "privacy:retention": READ,
    "privacy:notices": READ,
    "privacy:register": READ,
    # Imports create candidates in bulk: recruiters and admins only, even to look at one.
    "imports:list": WRITE,
    "imports:detail": WRITE,
    "imports:start": WRITE,
    "imports:progress": WRITE,
    "imports:cancel": WRITE,
    "imports:report": WRITE,
    "imports:unmatched": WRITE,
    "imports:unmatched_create": WRITE,
    # Talent pools, segments and campaigns: everyone reads them; recruiters and admins change them and write.
    "pools:list": READ,
    "pools:detail": READ,
    "pools:create": WRITE,
    "pools:edit": WRITE,
    "pools:archive": WRITE,
    "pools:member_remove": WRITE,
    "pools:add_one": WRITE,
    "pools:add_many": WRITE,
    "pools:write": WRITE,
    "pools:segment_list": READ,
    "pools:segment_detail": READ,
    "pools:segment_create": WRITE,
    "pools:segment_edit": WRITE,
    "pools:segment_delete": WRITE,
    "pools:segment_write": WRITE,
    "pools:compose": WRITE,
    "pools:compose_preview": WRITE,
    "pools:campaign_list": READ,
    "pools:campaign_detail": READ,
    "pools:campaign_progress": READ,
    # Exports of the candidate and decline lists carry personal data: recruiters and admins (audited).
    "exports:candidates_csv": WRITE,
    "exports:candidates_xlsx": WRITE,
    "exports:declines_csv": WRITE,
    "exports:declines_xlsx": WRITE,
    # The user's own calendar link (any role; a viewer's feed holds only what is assigned to them).
    "exports:calendar": SELF,
    "exports:calendar_create": SELF,
    "exports:calendar_revoke": SELF,
}

# Every operation of the API: PUBLIC, READ (any valid token) or WRITE (a write-scoped token of a recruiter/admin).
API_ROUTES: dict[str, str] = {
    "GET /api/v1/health": PUBLIC,
    "GET /api/v1/ready": PUBLIC,
    "POST /api/v1/clients": WRITE,
    "GET /api/v1/clients": READ,
    "GET /api/v1/clients/{client_id}": READ,
    "PATCH /api/v1/clients/{client_id}": WRITE,
    "POST /api/v1/jobs": WRITE,
    "GET /api/v1/jobs": READ,
    "GET /api/v1/jobs/{job_id}": READ,
    "PATCH /api/v1/jobs/{job_id}": WRITE,
    "POST /api/v1/candidates": WRITE,
    "GET /api/v1/candidates": READ,
    "GET /api/v1/candidates/{candidate_id}": READ,
    "PATCH /api/v1/candidates/{candidate_id}": WRITE,
    "POST /api/v1/applications": WRITE,
    "POST /api/v1/offers": WRITE,
    "GET /api/v1/offers/{offer_id}": READ,
    "POST /api/v1/offers/{offer_id}/accept": WRITE,
    "POST /api/v1/offers/{offer_id}/decline": WRITE,
    "GET /api/v1/decline-reasons": READ,
    "POST /api/v1/exclusions": WRITE,
    "GET /api/v1/exclusions": READ,
    "POST /api/v1/exclusions/{exclusion_id}/lift": WRITE,
    "GET /api/v1/messages": READ,
    "GET /api/v1/messages/{message_id}": READ,
    "PATCH /api/v1/messages/{message_id}": WRITE,
    "POST /api/v1/messages/{message_id}/send-now": WRITE,
    "POST /api/v1/messages/{message_id}/cancel": WRITE,
    "POST /api/v1/candidates/{candidate_id}/replied": WRITE,
    "GET /api/v1/jobs/{job_id}/rediscovery": READ,
    "GET /api/v1/insights/declines": READ,
    # A data-subject export carries everything about a person: recruiters and admins, with a write token.
    "GET /api/v1/candidates/{candidate_id}/export": WRITE,
    "POST /api/v1/candidates/{candidate_id}/erase": WRITE,
}

# Routes that take a POST without a CSRF token, and why that is safe.
CSRF_EXEMPT = {
    "outreach:unsubscribe": "RFC 8058 one-click unsubscribe is POSTed by mail clients; the signed token is the proof",
    "outreach:unsubscribe_noslash": "the same",
}

DUMMY = {"uuid": str(uuid.UUID(int=1)), "slug": "x", "str": "x", "int": "1", "path": "x", None: "x"}


def _walk(resolver: URLResolver, prefix: str = "", ns: str = ""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p, prefix + str(p.pattern), ns + (f"{p.namespace}:" if p.namespace else ""))
        elif isinstance(p, URLPattern):
            yield ns + (p.name or "?"), prefix + str(p.pattern)


def _sample_url(route: str) -> str:
    """A concrete URL from a route: each <converter:name> becomes a dummy of its type; regexes become 'x'."""
    route = route.replace("^", "").replace("$", "").replace(".*", "x")
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: DUMMY.get(m.group(1), "x"), route)


def all_routes() -> dict[str, str]:
    return dict(_walk(get_resolver()))


def _kind(name: str) -> str:
    value = ROUTES[name]
    return value[0] if isinstance(value, tuple) else value


def _routes_of(*kinds: str) -> list[tuple[str, str]]:
    return sorted(
        (name, url)
        for name, url in ((n, _sample_url(r)) for n, r in all_routes().items())
        if name in ROUTES and _kind(name) in kinds
    )


def _api_operations():
    from vivier.api.api import api

    schema = api.get_openapi_schema()
    for path, ops in schema["paths"].items():
        for method in ops:
            yield method.upper(), path


def _api_url(path: str) -> str:
    return re.sub(r"\{\w+\}", str(uuid.UUID(int=1)), path)


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# --- the classification is complete ---------------------------------------------------------------------


def _documented_api_routes() -> set[str]:
    return {re.sub(r"\{(\w+)\}", r"<\1>", p).lstrip("/") for _m, p in _api_operations()}


def test_every_route_is_classified():
    # The API's operations are classified in API_ROUTES, from the OpenAPI document (below).
    documented = _documented_api_routes()
    names = {n for n, r in all_routes().items() if not (n.startswith("api-v1:") and r in documented)}
    unclassified = sorted(names - set(ROUTES))
    assert not unclassified, f"Classify these new routes in {__name__}.ROUTES: {unclassified}"
    stale = sorted(set(ROUTES) - names)
    assert not stale, f"These routes no longer exist; remove them from ROUTES: {stale}"
    for name, value in ROUTES.items():
        if isinstance(value, tuple):
            assert value[0] == PUBLIC and value[1], f"{name}: a public route needs its reason"
        else:
            assert value in (SELF, READ, WRITE, ADMIN), name


def test_every_api_operation_is_classified():
    operations = {f"{m} {p}" for m, p in _api_operations()}
    assert not sorted(operations - set(API_ROUTES)), (
        f"Classify in API_ROUTES: {sorted(operations - set(API_ROUTES))}"
    )
    assert not sorted(set(API_ROUTES) - operations), (
        f"Stale in API_ROUTES: {sorted(set(API_ROUTES) - operations)}"
    )
    # Every ninja URL pattern is either an operation of the document or classified in ROUTES: nothing is
    # mounted undocumented and unclassified.
    documented = _documented_api_routes()
    for name, route in all_routes().items():
        if name.startswith("api-v1:"):
            assert route in documented or name in ROUTES, name


# --- the pages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "url"), _routes_of(SELF, READ, WRITE, ADMIN))
def test_an_anonymous_visitor_is_sent_to_the_login_page(db, name, url):
    anonymous = Client()
    assert _is_login_redirect(anonymous.get(url)), f"GET {url} ({name})"
    assert _is_login_redirect(anonymous.post(url)), f"POST {url} ({name})"


@pytest.mark.parametrize(("name", "url"), _routes_of(WRITE, ADMIN))
def test_a_viewer_cannot_write(viewer_client, name, url):
    """A POST is refused with 403; an action that only answers GET (an export) refuses the GET instead."""
    status = viewer_client.post(url, {"name": "x", "status": "x"}).status_code
    if status == 405:
        status = viewer_client.get(url).status_code
    assert status == 403, f"{url} ({name})"


@pytest.mark.parametrize(("name", "url"), _routes_of(ADMIN))
def test_only_an_admin_administers(viewer_client, recruiter_client, name, url):
    for client in (viewer_client, recruiter_client):
        assert client.get(url).status_code == 403, f"GET {url} ({name})"
        assert client.post(url).status_code == 403, f"POST {url} ({name})"


@pytest.mark.parametrize(("name", "url"), _routes_of(READ, SELF))
def test_a_viewer_reads_every_read_page(viewer_client, name, url):
    """Not a 403: a dummy id gives 404, a POST-only action 405; the point is that the role does not refuse."""
    assert viewer_client.get(url).status_code in (200, 302, 404, 405), f"GET {url} ({name})"


@pytest.mark.parametrize(
    ("name", "url"),
    sorted(
        (n, _sample_url(r)) for n, r in all_routes().items() if n in ROUTES and not n.startswith("api-v1:")
    ),
)
def test_every_form_refuses_a_post_without_its_csrf_token(admin, name, url):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin)
    response = strict.post(url, {"x": "y"})
    if name in CSRF_EXEMPT:
        assert response.status_code != 403 or not response.content.startswith(b"<!doctype")
        return
    assert response.status_code == 403, f"POST {url} ({name}) without a CSRF token: {response.status_code}"
    assert b"CSRF" in response.content or b"csrf" in response.content.lower() or response.status_code == 403


# --- the API --------------------------------------------------------------------------------------------


def _api_cases(*kinds: str):
    return sorted((m, p) for m, p in _api_operations() if API_ROUTES.get(f"{m} {p}") in kinds)


@pytest.mark.parametrize(("method", "path"), _api_cases(READ, WRITE))
def test_the_api_refuses_a_call_without_a_valid_token(db, method, path):
    client = Client()
    url = _api_url(path)
    assert client.generic(method, url).status_code == 401, f"{method} {path}"
    bad = client.generic(method, url, HTTP_AUTHORIZATION="Bearer viv_not-a-token")
    assert bad.status_code == 401
    assert bad.json()["error"]["code"]


@pytest.mark.parametrize(("method", "path"), _api_cases(WRITE))
def test_the_api_refuses_writes_to_a_viewer_and_to_a_read_token(db, viewer_token, recruiter, method, path):
    from vivier.accounts.services import token_create

    _token, read_only = token_create(user=recruiter, name="read", scope="read")
    client = Client()
    for raw in (viewer_token, read_only):
        response = client.generic(
            method, _api_url(path), "{}", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
        )
        assert response.status_code == 403, f"{method} {path}: {response.status_code}"


@pytest.mark.parametrize(("method", "path"), _api_cases(READ))
def test_a_read_token_reads(db, viewer_token, method, path):
    response = Client().generic(method, _api_url(path), HTTP_AUTHORIZATION=f"Bearer {viewer_token}")
    assert response.status_code in (200, 404), f"{method} {path}: {response.status_code}"
