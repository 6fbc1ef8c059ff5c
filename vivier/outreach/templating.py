"""Merge fields in message templates: Django's template language, fenced in.

A template is written by a recruiter and rendered with data about a candidate, so it runs in its own Engine
with no loaders (no {% include %} or {% extends %} of files), no libraries to {% load %}, a short list of
allowed tags and filters (no `safe`: a merge field never injects HTML), and a fixed context of plain strings
(no model instance whose methods a template could call). Unknown merge fields and broken syntax are refused
when the template is saved, with the line.

The text part and the subject render with autoescape off (plain text); the HTML part with autoescape on. With
no HTML template, the HTML part is the rendered text, escaped, with its paragraphs and links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import FilterExpression, Node, Variable, VariableNode
from django.utils.html import escape, linebreaks, urlize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# The merge fields a template may use: exactly these paths, nothing else.
FIELDS: dict[str, str] = {
    "candidate.first_name": "Camille",
    "candidate.last_name": "Martin",
    "candidate.full_name": "Camille Martin",
    "job.title": "Développeur / Développeuse web",
    "job.city": "Lyon",
    "client.name": "Atelier Lumière",
    "reason.code": "remote_policy",
    "reason.label": "Politique de télétravail",
    "decline.by_candidate": "yes",
    "decline.date": "26/11/2026",
    "recruiter.name": "Camille Test",
    "recruiter.first_name": "Camille",
    "recruiter.email": "camille@agence.example",
    "agency.name": "Vivier",
    "links.stay_in_touch": "https://vivier.example/t/…",
    "links.unsubscribe": "https://vivier.example/u/…",
    "links.survey": "https://vivier.example/s/…",  # survey messages only (vivier.surveys)
    "feedback.strengths": "votre maîtrise de Django",
    "feedback.factors": "l’expérience du secteur bancaire",
    "feedback.note": "",
    "check_in.occasion": "months",
    "check_in.months": "3",
    "check_in.employer": "",
    # job-alert digests only (vivier.alerts): how many jobs, their list with why each fits, the frequency
    "alert.count": "2",
    "alert.jobs": (
        "1. Développeur / Développeuse web (CDI)\n"
        "   Lyon · 45\u202f000\u00a0€ – 55\u202f000\u00a0€ par an · télétravail 2\u00a0j/semaine\n"
        "   Pourquoi\u00a0: correspond à «\u202fDéveloppeur web\u202f», salaire jusqu’à 55\u202f000\u00a0€, Lyon\n"
        "2. Intégrateur / Intégratrice web (CDI)\n"
        "   Villeurbanne · jusqu’à 48\u202f000\u00a0€ par an · 100\u00a0% télétravail\n"
        "   Pourquoi\u00a0: métier proche de «\u202fDéveloppeur web\u202f», 100\u00a0% télétravail"
    ),
    "alert.frequency": "chaque semaine",
    "links.preferences": "https://vivier.example/p/…",
}

ALLOWED_TAGS = frozenset({"if", "elif", "else", "endif", "comment", "endcomment", "firstof"})
ALLOWED_FILTERS = frozenset(
    {"default", "lower", "upper", "capfirst", "title", "linebreaksbr", "yesno", "length", "truncatewords"}
)
_TAG = re.compile(r"{%\s*(\w+)")
# A subject is one line: runs of white space (line breaks included) become one space, except the no-break
# spaces of French typography (« 45\u202f000\u00a0€ », « Bonjour\u00a0! ») that keep words together.
_SUBJECT_SPACES = re.compile(r"[^\S\u00a0\u202f\u2007]+")

_engine = Engine(
    dirs=[],
    app_dirs=False,
    loaders=[],
    libraries={},
    builtins=["django.template.defaulttags", "django.template.defaultfilters"],
    debug=True,  # syntax errors carry their line (template_debug)
    string_if_invalid="",
)


@dataclass(frozen=True)
class Rendered:
    subject: str
    body_text: str
    body_html: str


def _line_of(source: str, position: int) -> int:
    return source.count("\n", 0, position) + 1


def _filter_expressions(node: Node):
    """Every FilterExpression a node evaluates ({{ x }}, {% if x %}, {% firstof x y %})."""
    if isinstance(node, VariableNode):
        yield node.filter_expression
    for cond, _nodelist in getattr(node, "conditions_nodelists", []):
        if cond is not None:
            yield from _condition_expressions(cond)
    for var in getattr(node, "vars", []) or []:
        if isinstance(var, FilterExpression):
            yield var


def _condition_expressions(cond):
    # An {% if %} condition is a small tree of operators over TemplateLiterals that hold FilterExpressions.
    value = getattr(cond, "value", None)
    if isinstance(value, FilterExpression):
        yield value
    for side in ("first", "second"):
        child = getattr(cond, side, None)
        if child is not None:
            yield from _condition_expressions(child)


def _walk(nodelist):
    for node in nodelist:
        yield node
        for attr in node.child_nodelists:
            yield from _walk(getattr(node, attr, None) or [])
        for _cond, nodes in getattr(node, "conditions_nodelists", []):
            yield from _walk(nodes)


def check(source: str, field: str) -> list[str]:
    """The problems of one template part, each naming its line; [] when it is fine."""
    if not source:
        return []
    for match in _TAG.finditer(source):
        if match.group(1) not in ALLOWED_TAGS:
            return [
                _("Line %(line)s: the tag “%(tag)s” is not allowed in a message template.")
                % {"line": _line_of(source, match.start()), "tag": match.group(1)}
            ]
    try:
        template = _engine.from_string(source)
    except TemplateSyntaxError as exc:
        line = getattr(exc, "template_debug", {}).get("line", "?")
        return [_("Line %(line)s: %(error)s") % {"line": line, "error": exc}]
    problems: list[str] = []
    for node in _walk(template.nodelist):
        for expression in _filter_expressions(node):
            token = getattr(node, "token", None)
            line = getattr(token, "lineno", None) or "?"
            var = expression.var
            if isinstance(var, Variable) and var.lookups is not None:
                path = ".".join(var.lookups)
                if path not in FIELDS:
                    problems.append(
                        _("Line %(line)s: unknown merge field “%(field)s”.") % {"line": line, "field": path}
                    )
            for func, _args in expression.filters:
                name = getattr(func, "_filter_name", None) or func.__name__
                if name not in ALLOWED_FILTERS:
                    problems.append(
                        _("Line %(line)s: the filter “%(filter)s” is not allowed.")
                        % {"line": line, "filter": name}
                    )
    return list(dict.fromkeys(problems))  # an {% if %} is walked twice (its branches are its nodelist too)


def validate(*, subject: str, body_text: str, body_html: str = "") -> None:
    """Raise a ValidationError naming the field and the line of every problem."""
    errors: dict[str, list[str]] = {}
    for field, source in (("subject", subject), ("body_text", body_text), ("body_html", body_html)):
        problems = check(source, field)
        if problems:
            errors[field] = problems
    if not subject.strip():
        errors.setdefault("subject", []).append(_("Enter a subject."))
    elif "\n" in subject.strip():
        errors.setdefault("subject", []).append(_("The subject must fit on one line."))
    if not body_text.strip():
        errors.setdefault("body_text", []).append(_("Write the text of the message."))
    if errors:
        raise ValidationError(errors)


def _nested(flat: dict[str, str]) -> dict[str, dict[str, str]]:
    context: dict[str, dict[str, str]] = {}
    for path, value in flat.items():
        root, _sep, leaf = path.partition(".")
        context.setdefault(root, {})[leaf] = "" if value is None else str(value)
    return context


def text_to_html(text: str) -> str:
    """Plain text as a small HTML part: escaped, paragraphs, links clickable."""
    return linebreaks(urlize(escape(text), nofollow=True, autoescape=False), autoescape=False)


HTML_WRAPPER = (
    '<!doctype html><html><head><meta charset="utf-8"></head>'
    '<body style="font-family:sans-serif;line-height:1.5;max-width:40em">{}</body></html>'
)


def render(*, subject: str, body_text: str, body_html: str = "", values: dict[str, str]) -> Rendered:
    """Render the three parts with `values` (paths of FIELDS → strings); missing fields render empty."""
    context = _nested({**dict.fromkeys(FIELDS, ""), **values})
    subject_out = _engine.from_string(subject).render(Context(context, autoescape=False))
    text = _engine.from_string(body_text).render(Context(context, autoescape=False))
    # Tags on lines of their own leave blank lines behind: at most one empty line between paragraphs.
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.splitlines()))
    if body_html.strip():
        html = _engine.from_string(body_html).render(Context(context, autoescape=True))
    else:
        html = HTML_WRAPPER.format(text_to_html(text.strip()))
    subject_out = _SUBJECT_SPACES.sub(" ", subject_out).strip()
    return Rendered(subject_out, text.strip() + "\n", mark_safe(html))  # noqa: S308


def sample_values(language: str = "fr") -> dict[str, str]:
    """The sample candidate of the live preview."""
    values = dict(FIELDS)
    if language == "en":
        values.update(
            {
                "job.title": "Web developer",
                "reason.label": "Remote-work policy",
                "decline.date": "26/11/2026",
                "feedback.strengths": "your command of Django",
                "feedback.factors": "experience in banking",
                "alert.jobs": (
                    "1. Web developer (Permanent (CDI))\n"
                    "   Lyon · €45,000 – €55,000 a year · remote 2 days a week\n"
                    "   Why: matches “Web developer”, salary up to €55,000, Lyon\n"
                    "2. Web integrator (Permanent (CDI))\n"
                    "   Villeurbanne · up to €48,000 a year · fully remote\n"
                    "   Why: close to “Web developer”, fully remote"
                ),
                "alert.frequency": "every week",
            }
        )
    return values
