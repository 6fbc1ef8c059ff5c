"""The digest's wording: the job_alert message template with the list of jobs, in the person's language.

The template is the outbox's (vivier.outreach: MessageTemplate of kind job_alert, editable by the agency, with
the merge fields alert.count, alert.jobs, alert.frequency and links.preferences besides the usual ones). It is
compiled once per run and language, and each job's lines once per run and language: what is left per person
is their name, their links, the order of their jobs and the line saying why each job is there.

A template edited so that it no longer lists the jobs ({{ alert.jobs }} removed) would send empty digests:
the default wording below is used instead, and the run counts it (template_fallback).

The client's name is left out unless settings.ALERTS_SHOW_CLIENT: agencies often keep it until a first call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.template import Context
from django.template.base import FilterExpression, Node, Variable, VariableNode
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vivier.alerts.features import ADJACENT, SKILLS, TITLE, JobFeatures, Match
from vivier.matching.format import money
from vivier.outreach import templating
from vivier.outreach.links import unsubscribe_url
from vivier.outreach.models import MessageKind, MessageTemplate
from vivier.outreach.services.templates import agency_name
from vivier.privacy import tokens
from vivier.privacy.models import AlertFrequency
from vivier.talent.models import ContractType, RemotePolicy

LANGUAGES = ("fr", "en")
MAX_SUBJECT = 250
_URL = re.compile(r"https?://[^\s<>\"]+")

# The seeded wording (migration alerts/0002 writes the same into the job_alert templates).
DEFAULT = {
    "fr": (
        '{% if alert.count == "1" %}Un poste pour vous, {{ candidate.first_name }}{% else %}{{ alert.count }} '
        "postes pour vous, {{ candidate.first_name }}{% endif %}",
        "Bonjour {{ candidate.first_name }},\n\n"
        '{% if alert.count == "1" %}Un poste ouvert correspond à ce que vous recherchez{% else %}'
        "{{ alert.count }} postes ouverts correspondent à ce que vous recherchez{% endif %}\xa0:\n\n"
        "{{ alert.jobs }}\n\n"
        '{% if alert.count == "1" %}Il vous intéresse{% else %}L’un d’eux vous intéresse{% endif %}\u202f? '
        "Répondez simplement à ce message en nous disant lequel\xa0: nous vous enverrons tous les détails.\n\n"
        "Belle journée,\n{{ agency.name }}\n\n"
        "—\n"
        "Vous recevez ces offres parce que vous avez demandé des alertes emploi ({{ alert.frequency }}).\n"
        "Changer vos critères ou la fréquence\xa0: {{ links.preferences }}\n"
        "Pour ne plus recevoir de messages de notre part\xa0: {{ links.unsubscribe }}",
    ),
    "en": (
        '{% if alert.count == "1" %}A job for you, {{ candidate.first_name }}{% else %}{{ alert.count }} jobs '
        "for you, {{ candidate.first_name }}{% endif %}",
        "Hello {{ candidate.first_name }},\n\n"
        '{% if alert.count == "1" %}One open job matches what you are looking for{% else %}'
        "{{ alert.count }} open jobs match what you are looking for{% endif %}:\n\n"
        "{{ alert.jobs }}\n\n"
        '{% if alert.count == "1" %}Interested?{% else %}Interested in one of them?{% endif %} '
        "Just reply to this message and tell us which: we will send you all the details.\n\n"
        "Best wishes,\n{{ agency.name }}\n\n"
        "—\n"
        "You receive these jobs because you asked for job alerts ({{ alert.frequency }}).\n"
        "Change your criteria or how often: {{ links.preferences }}\n"
        "To stop receiving messages from us: {{ links.unsubscribe }}",
    ),
}


def linkify(escaped: str) -> str:
    """Make the http(s) links of an escaped text clickable (the outbox's urlize, minus its cost: a run
    renders 100,000 digests)."""

    def link(m: re.Match) -> str:
        url = m.group(0)
        tail = ""
        while url and url[-1] in ".,;:!?)":
            url, tail = url[:-1], url[-1] + tail
        return f'<a href="{url}" rel="nofollow">{url}</a>{tail}'

    return _URL.sub(link, escaped)


def html_of(text: str) -> str:
    return templating.HTML_WRAPPER.format(linkify(linebreaks(escape(text.strip()))))


@dataclass
class _Lines:
    """One job's lines in one language (its number is added per digest)."""

    head: str  # title, client when shown, contract
    details: str  # place · salary · remote
    salary: str  # "salary up to …", or ""
    remote: str  # "3 days of remote work a week" / "fully remote", or ""
    city: str


@dataclass
class _Wording:
    subject: object
    body: object
    html: object | None
    fallback: bool
    why: str
    same: str
    close: str
    skills: str
    frequency: dict[str, str]
    fast: bool = False


def _remote_text(job: JobFeatures) -> str:
    if job.policy == RemotePolicy.REMOTE:
        return _("fully remote")
    if job.policy == RemotePolicy.HYBRID and job.remote_days > 0:
        return ngettext("remote %(n)d day a week", "remote %(n)d days a week", job.remote_days) % {
            "n": job.remote_days
        }
    return ""


def _salary_range(job: JobFeatures) -> str:
    low, high = money(job.salary_min, job.currency), money(job.salary_max, job.currency)
    if low and high and low != high:
        return _("%(low)s – %(high)s a year") % {"low": low, "high": high}
    if high:
        return _("up to %(high)s a year") % {"high": high}
    if low:
        return _("from %(low)s a year") % {"low": low}
    return ""


class Renderer:
    """Renders the digests of one run: templates compiled once per language, job lines once per job."""

    def __init__(self, *, show_client: bool | None = None) -> None:
        self.show_client = settings.ALERTS_SHOW_CLIENT if show_client is None else show_client
        self.agency = agency_name()
        self._wording: dict[str, _Wording] = {}
        self._lines: dict[tuple[int, str], _Lines] = {}
        self._templates = {t.language: t for t in MessageTemplate.objects.filter(kind=MessageKind.JOB_ALERT)}
        self.fallbacks = 0
        self._blank = {root: {} for root in {p.partition(".")[0] for p in templating.FIELDS}}
        self._parts: dict[tuple[str, str, str], tuple[str, str, str]] = {}
        # privacy.tokens.preferences_url without a reverse() per person: the same address, token swapped in.
        self._preferences = settings.BASE_URL + reverse("privacy:preferences", args=["TOKEN"])

    def wording(self, language: str) -> _Wording:
        found = self._wording.get(language)
        if found is None:
            found = self._wording[language] = self._load(language)
        return found

    def _load(self, language: str) -> _Wording:
        template = self._templates.get(language) or self._templates.get("fr")
        if template is not None and "alert.jobs" in template.body_text:
            subject, body, html, fallback = template.subject, template.body_text, template.body_html, False
        else:
            subject, body = DEFAULT.get(language, DEFAULT["fr"])
            html, fallback = "", True
        # The outbox's sandboxed engine (no loaders, no {% load %}, no `safe`); compiled once per run.
        engine = templating._engine
        compiled = [engine.from_string(subject), engine.from_string(body)]
        compiled.append(engine.from_string(html) if html.strip() else None)
        with translation.override(language):
            return _Wording(
                subject=compiled[0],
                body=compiled[1],
                html=compiled[2],
                fast=prints_personal_values_as_is(*compiled),
                fallback=fallback,
                why=_("Why: %(reasons)s"),
                same=_("matches “%(wish)s”"),
                close=_("close to “%(wish)s”"),
                skills=_("skills in common: %(skills)s"),
                frequency={k: str(label).lower() for k, label in AlertFrequency.choices},
            )

    def lines(self, job: JobFeatures, language: str) -> _Lines:
        key = (job.pk, language)
        found = self._lines.get(key)
        if found is None:
            with translation.override(language):
                contract = (
                    str(ContractType(job.contract).label) if job.contract in ContractType.values else ""
                )
                head = job.title
                if self.show_client and job.client_name:
                    head += f" — {job.client_name}"
                if contract:
                    head += f" ({contract})"
                remote = _remote_text(job)
                where = job.city or (_("remote") if job.policy == RemotePolicy.REMOTE else "")
                details = " · ".join(filter(None, [where, _salary_range(job), remote]))
                salary = (
                    _("salary up to %(amount)s") % {"amount": money(job.top, job.currency)} if job.top else ""
                )
                found = self._lines[key] = _Lines(head, details, salary, remote, job.city)
        return found

    def why(self, match: Match, wishes, language: str) -> str:
        w = self.wording(language)
        lines = self.lines(match.job, language)
        if match.reason == SKILLS:
            parts = [w.skills % {"skills": ", ".join(match.skills)}]
        else:
            parts = [(w.close if match.reason in (ADJACENT, TITLE) else w.same) % {"wish": match.wish}]
        if wishes.salary and lines.salary:
            parts.append(lines.salary)
        if wishes.remote in ("remote", "hybrid") and lines.remote:
            parts.append(lines.remote)
        if lines.city and match.job.place in wishes.places:
            parts.append(lines.city)
        return w.why % {"reasons": ", ".join(parts)}

    def jobs_text(self, matches: list[Match], wishes, language: str) -> str:
        out = []
        for n, m in enumerate(matches, 1):
            lines = self.lines(m.job, language)
            out.append(f"{n}. {lines.head}")
            if lines.details:
                out.append(f"   {lines.details}")
            out.append(f"   {self.why(m, wishes, language)}")
        return "\n".join(out)

    def render(self, *, candidate, matches: list[Match], wishes, frequency: str) -> tuple[str, str, str]:
        """(subject, text, html) of one person's digest."""
        language = candidate.language if candidate.language in LANGUAGES else "fr"
        w = self.wording(language)
        if w.fallback:
            self.fallbacks += 1
        personal = {
            "candidate.first_name": candidate.first_name,
            "candidate.last_name": candidate.last_name,
            "candidate.full_name": candidate.full_name,
            "links.unsubscribe": unsubscribe_url(candidate),
            "links.preferences": self._preferences.replace(
                "TOKEN", tokens.make(candidate, tokens.PREFERENCES)
            ),
            "alert.jobs": self.jobs_text(matches, wishes, language),
        }
        shared = {"alert.count": str(len(matches)), "alert.frequency": w.frequency.get(frequency, "")}
        if w.fast:
            return self._fast(w, language, shared, personal)
        return self._render(w, language, {**shared, **personal})

    def _context(self, values: dict[str, str]) -> dict:
        context = {root: dict(leaves) for root, leaves in self._blank.items()}
        context["agency"] = {"name": self.agency}
        for path, value in values.items():
            root, _dot, leaf = path.partition(".")
            context.setdefault(root, {})[leaf] = value
        return context

    def _render(self, w: _Wording, language: str, values: dict[str, str]) -> tuple[str, str, str]:
        """The template rendered for one person, as the outbox renders every message."""
        context = self._context(values)
        subject = " ".join(w.subject.render(Context(context, autoescape=False)).split())[:MAX_SUBJECT]
        if not subject:
            default = templating._engine.from_string(DEFAULT[language][0])
            subject = " ".join(default.render(Context(context, autoescape=False)).split())
        body = _tidy(w.body.render(Context(context, autoescape=False)))
        if w.html is not None:
            jobs = values["alert.jobs"]
            context["alert"]["jobs"] = mark_safe(escape(jobs).replace("\n", "<br>"))  # noqa: S308
            html = w.html.render(Context(context, autoescape=True))
        else:
            html = html_of(body)
        return subject, body + "\n", html

    def _fast(self, w: _Wording, language: str, shared: dict, personal: dict) -> tuple[str, str, str]:
        """The same result as _render, from the template rendered once per language, number of jobs and
        frequency with markers where each person's values go (w.fast: the template prints them as they are,
        with no filter and no condition on them)."""
        key = (language, shared["alert.count"], shared["alert.frequency"])
        parts = self._parts.get(key)
        if parts is None:
            subject, body, html = self._render(w, language, {**shared, **MARKERS})
            parts = self._parts[key] = (subject, body.rstrip("\n"), html)
        subject, body, html = parts
        for path, marker in MARKERS.items():
            value = personal[path]
            if marker in subject:
                subject = subject.replace(marker, " ".join(value.split()))
            body = body.replace(marker, value)
            if marker in html:
                if path.startswith("links."):
                    url = escape(value)
                    html = html.replace(marker, f'<a href="{url}" rel="nofollow">{url}</a>')
                else:
                    html = html.replace(marker, escape(value).replace("\n", "<br>"))
        # The rendered parts are tidy already; the values need it only if they could leave a line with trailing
        # spaces or an empty one (a name typed with a space at the end, an empty name alone on its line).
        if any(not v or v[-1:].isspace() or "\n\n" in v for v in personal.values()):
            body = _tidy(body)
        return (
            " ".join(subject.split())[:MAX_SUBJECT] or self._render(w, language, {**shared, **personal})[0],
            body + "\n",
            html,
        )


# What differs from one person to the next; everything else of a digest is rendered once per run.
MARKERS = {
    path: f"\x00{n}\x00"
    for n, path in enumerate(
        (
            "candidate.first_name",
            "candidate.last_name",
            "candidate.full_name",
            "links.unsubscribe",
            "links.preferences",
            "alert.jobs",
        )
    )
}


def _tidy(text: str) -> str:
    """As the outbox does: lines without trailing spaces, at most one empty line between paragraphs."""
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.splitlines())).strip()


def _expressions(node):
    """Every FilterExpression a node evaluates: {{ x }}, the conditions of {% if %}, {% firstof x y %}."""
    if isinstance(node, VariableNode):
        yield node.filter_expression
    for condition, _nodelist in getattr(node, "conditions_nodelists", []):
        stack = [condition]
        while stack:
            cond = stack.pop()
            if cond is None:
                continue
            value = getattr(cond, "value", None)
            if isinstance(value, FilterExpression):
                yield value
            stack.extend(getattr(cond, side, None) for side in ("first", "second"))
    for var in getattr(node, "vars", None) or []:
        if isinstance(var, FilterExpression):
            yield var


def prints_personal_values_as_is(*templates) -> bool:
    """True when no template filters a person's value or tests it in a condition: then the digest can be
    rendered once with markers and each person's values put in their place (Renderer._fast)."""
    for template in templates:
        if template is None:
            continue
        for node in template.nodelist.get_nodes_by_type(Node):
            for expression in _expressions(node):
                var = expression.var
                if not isinstance(var, Variable) or var.lookups is None:
                    continue
                if ".".join(var.lookups) not in MARKERS:
                    continue
                if expression.filters or not isinstance(node, VariableNode):
                    return False
    return True
