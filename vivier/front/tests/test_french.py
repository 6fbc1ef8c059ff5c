"""The French interface reads as French: no English string left untranslated, no status code shown as is, no
"(s)" plural, and French typography (a no-break space before « : ; ? ! », the apostrophe ’).

Two sides: the catalogue itself (every entry translated, not fuzzy, typographically right, compiled), and the
pages a recruiter and an administrator reach from the navigation, crawled over a small agency made through the
services (a decline and its cadence, a sent and a cancelled message, an import with an error, a pool and a
segment, a webhook, a rights request). The rules live in french_text.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, deque
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client as HttpClient
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.translation import pgettext

from vivier.front.tests import french_text
from vivier.front.tests.french_text import catalogue, page_faults, typography_faults, visible_text


# --- The catalogue -------------------------------------------------------------------------------------------
def test_every_entry_of_the_catalogue_is_translated_and_none_is_fuzzy():
    entries = catalogue()
    assert len(entries) > 1000  # the parser read the real catalogue
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    empty = [e.msgid for e in entries if not all(s.strip() for s in e.msgstrs)]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    assert not empty, f"untranslated entries: {empty}"


def test_every_translation_follows_french_typography():
    faults = [
        f"{e.msgid!r}: {fault}"
        for e in catalogue()
        for text in e.msgstrs
        for fault in typography_faults(text)
    ]
    assert not faults, "\n".join(faults)


PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]")


def test_every_translation_keeps_the_placeholders_of_its_msgid():
    """A placeholder the msgid lacks breaks the % formatting (KeyError); one dropped loses a value. A plural's
    forms may leave one out ("un message" for the count)."""
    wrong = []
    for e in catalogue():
        expected = set(PLACEHOLDER.findall(e.msgid + e.msgid_plural))
        for text in e.msgstrs:
            found = set(PLACEHOLDER.findall(text))
            if found - expected or (not e.msgid_plural and expected - found):
                wrong.append(f"{e.msgid!r} → {text!r}")
    assert not wrong, "\n".join(wrong)


def test_the_compiled_catalogue_is_the_one_in_the_po_file():
    """A .po edited without `compilemessages` changes nothing on screen: the .mo must say the same."""
    stale = []
    with translation.override("fr"):
        for e in catalogue():
            if e.msgid_plural:
                continue
            got = pgettext(e.context, e.msgid) if e.context else translation.gettext(e.msgid)
            if got != e.msgstrs[0]:
                stale.append(e.msgid)
    assert not stale, f"run scripts/i18n_fr.py (compilemessages): {stale[:10]}"


# --- The rules catch what they should, and only that ---------------------------------------------------------
def test_the_rules_flag_english_codes_plural_hacks_and_missing_no_break_spaces():
    long, short = french_text.english_phrases()
    sentence, word = max(long, key=len), min(short)  # an English msgid translated otherwise, long and short
    html = f"""<html><head><title>Ignored: title</title><style>a:hover{{}}</style></head><body>
      <h1>Candidats</h1><p>Motifs: salaire</p><p><b>Levé</b> : télétravail</p>
      <p>3 message(s) planifié(s)</p><span class="badge">no_consent</span><td>error</td>
      <p>Refusée\u00a0: yes</p><p>{sentence}</p><button>{word}</button>
      <p>l'équipe</p><p>Pourquoi?</p><p>Le worker lit VIVIER_ALERTS_SHOW_CLIENT ; lancez vivier alerts build.</p>
      <p>Réglez EMAIL_URL.</p>
      <p>Rédigé en anglais (en)</p>
      <code>check_in.months: x VIVIER_DEBUG vivier run</code><p>le vivier pour ce poste</p>
      <pre>a_b: c</pre><input value="no_consent: x">
      <script>var a_b = "x: y";</script><p lang="en">Any news?</p>
      <p>Motif\u00a0: salaire · 14:30 · https://vivier.example/u/ · déjà\u202f!</p>
    </body></html>"""
    faults = "\n".join(page_faults(visible_text(html)))
    for expected in (
        "before ':': …Motifs: s",
        "before ':': …Levé : t",
        "'e(s)'",
        "code 'no_consent'",
        "status code 'error'",
        "raw value 'yes'",
        f"English: {sentence[:40]!r}"[:-1],
        f"English: {word!r}",
        "straight apostrophe",
        "before '?'",
        "jargon 'worker'",
        "jargon 'VIVIER_ALERTS_SHOW_CLIENT'",
        "jargon 'vivier alerts'",
        "jargon 'EMAIL_URL'",
        "language code '(en)'",
    ):
        assert expected in faults, f"{expected!r} not flagged in:\n{faults}"
    for ignored in (
        "Ignored", "hover", "check_in", "a_b", "Any news", "Motif\u00a0:", "14:30", "https", "déjà", "VIVIER_DEBUG",
        "vivier run", "vivier pour",
    ):  # fmt: skip
        assert ignored not in faults, f"{ignored!r} flagged:\n{faults}"


def test_the_codes_include_the_models_choices_and_the_contact_policy():
    codes = french_text.status_codes()
    assert {"declined_by_candidate", "no_consent", "thank_you", "on_hold", "talent_pool", "error"} <= codes


# --- The pages ------------------------------------------------------------------------------------------------
def _agency(make, admin, tmp_path, settings):
    """A small agency made through the services: something on every page the navigation leads to."""
    from vivier.imports.services import import_file_now
    from vivier.outreach.models import Message, MessageStatus
    from vivier.outreach.services import message_schedule
    from vivier.outreach.worker import Worker, WorkerConfig
    from vivier.pools.audience import Audience
    from vivier.pools.services.campaigns import campaign_create, campaign_expand_next
    from vivier.pools.services.pools import pool_add, pool_create
    from vivier.pools.services.segments import segment_create
    from vivier.privacy.services.requests import rights_request_create
    from vivier.talent.services import follow_up_create, offer_accept
    from vivier.webhooks.services.endpoints import webhook_endpoint_create

    settings.MAILBOX_DIR = tmp_path / "mailbox"
    settings.EMAIL_BACKEND = "vivier.outreach.mailbox.LocalMailboxBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    client = make.client("Atelier Durand")
    job = make.job(client=client, title="Comptable", city="Lyon")
    declined = make.candidate(first_name="Léa", last_name="Martin", city="Lyon", skills=["Comptabilité"])
    make.consent(declined)
    make.consent(declined, "survey")
    result = make.declined(
        offer=make.offer(make.application(declined, job)),
        codes=("salary", "remote_policy", "counter_offer"),
        kind="declined_by_candidate",
    )
    # The thank-you and the survey go to the local mailbox; a check-in without consent is cancelled for it.
    messages = list(result.messages)
    Message.objects.filter(pk__in=[messages[0].pk, *[m.pk for m in messages if m.kind == "survey"]]).update(
        status=MessageStatus.SCHEDULED, due_at=timezone.now() - dt.timedelta(minutes=1)
    )
    stranger = make.candidate(first_name="Hugo", last_name="Bernard", city="Paris", language="en")
    message_schedule(
        candidate=stranger,
        kind="check_in",
        subject="Any news?",
        body_text="Hello Hugo, how are you doing?",
        due_at=timezone.now() - dt.timedelta(minutes=1),
        by=make.by,
    )
    Worker(WorkerConfig(worker_id="french-test", poll=0.01)).run(once=True)
    # After the worker's run, so that the delivery waits in the log (a test makes no HTTP request).
    webhook_endpoint_create(by=admin, url="https://ats.exemple.fr/vivier", events=["decline.recorded"])
    make.decline(
        offer=make.offer(make.application(make.candidate(first_name="Paul"), job)), codes=("timing",)
    )
    hired = make.candidate(first_name="Inès", last_name="Petit", city="Lyon")
    offer_accept(by=make.by, offer=make.offer(make.application(hired, make.job(client=client))))
    waiting = make.candidate(first_name="Nora", last_name="Leroy", city="Lyon")
    make.offer(make.application(waiting, job))  # an offer waiting for an answer: accept and decline forms
    follow_up_create(
        candidate=declined,
        title="Appeler Léa",
        due_on=timezone.localdate() + dt.timedelta(days=2),
        by=make.by,
    )
    pool = pool_create(name="Comptables de Lyon", by=make.by)
    pool_add(pool=pool, candidates=[declined, hired, stranger], by=make.by)
    segment_create(name="Refus à Lyon", filters={"city": "Lyon", "declined": "yes"}, by=make.by)
    campaign_create(
        audience=Audience.of_pool(pool),
        subject="Des nouvelles",
        body_text="Bonjour {{ candidate.first_name }}, où en êtes-vous\u00a0?",
        language="fr",
        by=make.by,
    )
    while campaign_expand_next():
        pass
    upload = tmp_path / "candidats.csv"
    upload.write_text("Prénom;Nom;E-mail\nZoé;Roux;zoe@exemple.fr\nLéo;;pas-un-email\n", encoding="utf-8")
    import_file_now(path=upload, kind="candidates", by=make.by)
    rights_request_create(candidate=hired, kind="access", by=make.by)
    return {"candidate": declined, "job": job, "client": client, "decline": result.decline}


# Downloads, actions and what is not a page in French (the API, the e-mail's own HTML, the language switch).
NOT_PAGES = re.compile(
    r"/api/|/i18n/|/static/|/media/|/files/|/mailbox/[^/]+/html/|\.(csv|xlsx|pdf|ics)\b|/export|/download|"
    r"logout|sign-out|/u/|/s/"
)
PER_VIEW = 2  # pages of each view read (a list and its first filter; two candidates)


def _crawl(http: HttpClient, seeds: list[str]) -> tuple[dict[str, list[str]], Counter]:
    """Every page reachable from the seeds by links and htmx GETs, a few of each view; faults by URL."""
    queue, seen, per_view = deque(seeds), set(), Counter()
    faults: dict[str, list[str]] = {}
    while queue:
        url = queue.popleft()
        if url in seen or NOT_PAGES.search(url):
            continue
        seen.add(url)
        try:
            view = resolve(urlsplit(url).path).view_name
        except Resolver404:
            continue
        if per_view[view] >= PER_VIEW:
            continue
        response = http.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        per_view[view] += 1
        html = response.content.decode()
        if found := page_faults(visible_text(html)):
            faults[url] = found
        for link in re.findall(r'(?:href|hx-get)="(/[^"#]*)"', html):
            queue.append(link.replace("&amp;", "&"))
    return faults, per_view


def _french(user) -> HttpClient:
    http = HttpClient(HTTP_ACCEPT_LANGUAGE="fr")
    http.force_login(user)
    http.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "fr"
    return http


SEEN_BY_EVERYONE = {
    "front:dashboard",
    "front:offer_decline",
    "pools:campaign_detail",
    "front:candidate_list",
    "front:candidate_detail",
    "front:job_detail",
    "front:client_detail",
    "front:outbox",
    "front:mailbox",
    "front:mailbox_detail",
    "insights:dashboard",
    "imports:list",
    "imports:detail",
    "pools:list",
    "pools:segment_detail",
    "privacy:requests",
}
SEEN_BY_ADMINS = {
    "accounts:users",
    "accounts:audit",
    "accounts:reasons",
    "webhooks:list",
    "webhooks:delivery",
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["recruiter", "admin"])
def test_a_french_page_shows_no_english_string_no_status_code_and_french_typography(
    role, request, make, admin, tmp_path, settings
):
    # The personas' usernames are data; "admin" would read as the role's code wherever a name is shown.
    admin.username = "amelie"
    admin.save(update_fields=["username"])
    objects = _agency(make, admin, tmp_path, settings)
    user = request.getfixturevalue(role)
    seeds = [
        reverse("front:dashboard"),
        reverse("front:candidate_detail", args=[objects["candidate"].public_id]),
        reverse("front:job_detail", args=[objects["job"].public_id]),
        reverse("front:client_detail", args=[objects["client"].public_id]),
        reverse("insights:client_report", args=[objects["client"].public_id]),
    ]
    faults, seen = _crawl(_french(user), seeds)
    expected = SEEN_BY_EVERYONE | (SEEN_BY_ADMINS if role == "admin" else set())
    assert expected <= set(seen), f"pages not reached: {sorted(expected - set(seen))}"
    report = "\n".join(f"{url}\n  " + "\n  ".join(dict.fromkeys(found)) for url, found in faults.items())
    assert not faults, f"{len(faults)} French pages with faults:\n{report}"


@pytest.mark.django_db
def test_the_candidates_own_pages_read_as_french(make, admin, tmp_path, settings):
    """What a French candidate opens from our messages: stay in touch, preferences, their reasons for
    declining, the survey, unsubscribing."""
    from vivier.outreach.links import unsubscribe_url
    from vivier.privacy import tokens
    from vivier.surveys.models import SurveyResponse

    candidate = _agency(make, admin, tmp_path, settings)["candidate"]
    survey = SurveyResponse.objects.select_related("message").get(candidate=candidate)
    urls = [
        tokens.stay_in_touch_url(candidate),
        tokens.preferences_url(candidate),
        tokens.decline_url(candidate),
        unsubscribe_url(candidate),
        re.search(r"/s/[^\s/]+/", survey.message.body_text).group(),
    ]
    http = HttpClient(HTTP_ACCEPT_LANGUAGE="fr")
    faults = {}
    for url in urls:
        path = urlsplit(url).path
        response = http.get(path, follow=True)
        assert response.status_code == 200, path
        if found := page_faults(visible_text(response.content.decode())):
            faults[path] = found
    report = "\n".join(f"{url}\n  " + "\n  ".join(dict.fromkeys(found)) for url, found in faults.items())
    assert not faults, f"{len(faults)} French pages with faults:\n{report}"


@pytest.mark.django_db
def test_the_words_agree_with_what_they_name(make, admin, tmp_path, settings, recruiter):
    """What the crawl cannot judge: a count is not a date ("Créés 1", not "Créé le 1"), "Toutes" goes with a
    feminine noun, a segment's filter reads as the list's form says it."""
    from vivier.imports.models import ImportJob

    _agency(make, admin, tmp_path, settings)
    http = _french(recruiter)
    job = ImportJob.objects.get()
    counts = http.get(reverse("imports:detail", args=[job.public_id])).content.decode()
    assert re.search(r"<dt[^>]*>Créés</dt><dd[^>]*>1</dd>", counts) and "Créé le" not in counts
    assert re.search(r"<td>Erreur</td>", counts)  # the row's outcome, not its code "error"
    listing = http.get(reverse("front:candidate_list")).content.decode()
    remote, language, declined = (
        listing.split(f'id="f-{name}"')[1].split("</select>")[0]
        for name in ("remote", "language", "declined")
    )
    assert '<option value="">Toutes</option>' in remote and '<option value="">Toutes</option>' in language
    assert '<option value="">Tous</option>' in declined and ">A refusé</label>" in listing
    assert ">Anglais</option>" in language and "English" not in language
    segments = http.get(reverse("pools:segment_list")).content.decode()
    assert "A refusé\u00a0: Oui" in segments and "Ville\u00a0: Lyon" in segments
