"""Personal messages: a recruiter writes to one person, or once to many (vivier.pools' campaigns).

The subject and the text are the recruiter's own, with the merge fields of vivier.outreach.templating, limited
to those a personal message can fill: the person, the recruiter, the agency, the links, and the job when the
message is about one ("Écrire" from a job's rediscovery panel). A field that would render empty here
(reason.label: there is no decline in context) is refused with its line, like an unknown one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.template import TemplateSyntaxError
from django.template.base import Variable
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from vivier.outreach import templating
from vivier.outreach.links import stay_in_touch_url, unsubscribe_url
from vivier.outreach.models import Message, MessageKind
from vivier.outreach.services.messages import message_schedule
from vivier.outreach.services.templates import agency_name

PERSONAL_FIELDS = (
    "candidate.first_name",
    "candidate.last_name",
    "candidate.full_name",
    "recruiter.name",
    "recruiter.first_name",
    "recruiter.email",
    "agency.name",
    "links.stay_in_touch",
    "links.unsubscribe",
)
JOB_FIELDS = ("job.title", "job.city", "client.name")


def personal_fields(*, with_job: bool) -> tuple[str, ...]:
    """The merge fields a personal message may use (with the job's when it is about one)."""
    return PERSONAL_FIELDS + (JOB_FIELDS if with_job else ())


def _used_fields(source: str) -> list[tuple[object, str]]:
    """(line, path) of every merge field the source reads. The source has passed templating.check."""
    try:
        template = templating._engine.from_string(source)
    except TemplateSyntaxError:  # reported by templating.check already
        return []
    found = []
    for node in templating._walk(template.nodelist):
        for expression in templating._filter_expressions(node):
            var = expression.var
            if isinstance(var, Variable) and var.lookups is not None:
                line = getattr(getattr(node, "token", None), "lineno", None) or "?"
                found.append((line, ".".join(var.lookups)))
    return found


def personal_validate(*, subject: str, body_text: str, with_job: bool = False) -> None:
    """Raise a ValidationError naming the field and the line of each problem (syntax, unknown or unavailable
    merge field, empty subject or text)."""
    errors: dict[str, list[str]] = {}
    try:
        templating.validate(subject=subject or "", body_text=body_text or "")
    except ValidationError as exc:
        errors = {field: list(messages) for field, messages in exc.message_dict.items()}
    allowed = set(personal_fields(with_job=with_job))
    for field, source in (("subject", subject or ""), ("body_text", body_text or "")):
        for line, path in _used_fields(source):
            if path in templating.FIELDS and path not in allowed:
                problem = _("Line %(line)s: the merge field “%(field)s” has no value in this message.") % {
                    "line": line,
                    "field": path,
                }
                if problem not in errors.get(field, []):
                    errors.setdefault(field, []).append(problem)
    if len(subject or "") > 250:
        errors.setdefault("subject", []).append(_("At most 250 characters."))
    if errors:
        raise ValidationError(errors)


def personal_values(*, candidate, by=None, job=None, sources: tuple[str, ...] = ()) -> dict[str, str]:
    """The merge fields for one person. The links are signed per person: made only when a source uses them."""
    values = {
        "candidate.first_name": candidate.first_name,
        "candidate.last_name": candidate.last_name,
        "candidate.full_name": candidate.full_name,
        "agency.name": agency_name(),
    }
    uses_links = not sources or any("links." in s for s in sources)
    if uses_links:
        values["links.stay_in_touch"] = stay_in_touch_url(candidate)
        values["links.unsubscribe"] = unsubscribe_url(candidate)
    if by is not None and getattr(by, "pk", None):
        values.update(
            {
                "recruiter.name": by.get_full_name() or by.username,
                "recruiter.first_name": by.first_name or by.username,
                "recruiter.email": by.email,
            }
        )
    if job is not None:
        values.update({"job.title": job.title, "job.city": job.city, "client.name": job.client.name})
    return values


def personal_render(*, candidate, subject: str, body_text: str, by=None, job=None) -> templating.Rendered:
    """The message as this person will read it (validate first: this renders whatever it is given)."""
    values = personal_values(candidate=candidate, by=by, job=job, sources=(subject, body_text))
    return templating.render(subject=subject, body_text=body_text, values=values)


def personal_preview(*, candidate, subject: str, body_text: str, by=None, job=None) -> templating.Rendered:
    personal_validate(subject=subject, body_text=body_text, with_job=job is not None)
    return personal_render(candidate=candidate, subject=subject, body_text=body_text, by=by, job=job)


def personal_draft(*, language: str, job=None) -> tuple[str, str]:
    """A starting subject and text in `language` (the recruiter rewrites them)."""
    with override(language if language in ("fr", "en") else "fr"):
        if job is not None:
            subject = _("A job that might interest you: {{ job.title }}")
            body = _(
                "Hello {{ candidate.first_name }},\n\n"
                "I am recruiting for a {{ job.title }} position ({{ job.city }}) and thought of you. "
                "Would you be open to a short call about it?\n\n"
                "{{ recruiter.name }}\n{{ agency.name }}"
            )
        else:
            subject = ""
            body = _(
                "Hello {{ candidate.first_name }},\n\n\n\n{{ recruiter.name }}\n{{ agency.name }}\n\n"
                "To stop receiving our messages: {{ links.unsubscribe }}"
            )
    return str(subject), str(body)


def personal_send(*, candidate, by, subject: str, body_text: str, job=None, cadence_key: str = "") -> Message:
    """Validate, render for the person and schedule now (the worker sends it within a minute).

    Refused (ServiceError, from message_schedule) when the person may not be written to; with a
    `cadence_key`, a second call for the same key and person is refused (Conflict) instead of sent twice.
    """
    personal_validate(subject=subject, body_text=body_text, with_job=job is not None)
    rendered = personal_render(candidate=candidate, subject=subject, body_text=body_text, by=by, job=job)
    return message_schedule(
        candidate=candidate,
        kind=MessageKind.PERSONAL,
        subject=rendered.subject,
        body_text=rendered.body_text,
        body_html=rendered.body_html,
        due_at=timezone.now(),
        by=by,
        cadence_key=cadence_key,
    )
