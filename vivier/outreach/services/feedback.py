"""The feedback composer: what the candidate did well, what decided, a sentence; previewed, then sent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.outreach import cadence
from vivier.outreach.models import Message, MessageKind
from vivier.outreach.services.messages import message_schedule
from vivier.outreach.services.templates import merge_values, template_render
from vivier.outreach.templating import Rendered
from vivier.outreach.wording import Warning, sensitive_wording

# The choices of the two checklists, with the words that go into the message in each language (the message
# is in the candidate's language, whatever the recruiter's).
STRENGTHS: dict[str, tuple[str, str]] = {
    "technical_skills": ("vos compétences techniques", "your technical skills"),
    "experience": ("la pertinence de votre expérience", "the relevance of your experience"),
    "communication": ("la clarté de vos échanges", "how clearly you communicated"),
    "motivation": ("votre motivation pour le poste", "your motivation for the role"),
    "problem_solving": ("votre façon d’aborder les problèmes", "your approach to problem solving"),
    "collaboration": ("votre sens du travail en équipe", "your sense of teamwork"),
    "leadership": ("votre capacité à entraîner une équipe", "your leadership"),
    "preparation": ("la qualité de votre préparation", "how well you prepared"),
}
FACTORS: dict[str, tuple[str, str]] = {
    "experience_depth": ("une expérience plus longue dans le domaine", "longer experience in the field"),
    "specific_skill": (
        "une compétence précise dont l’équipe avait besoin",
        "a specific skill the team needed",
    ),
    "sector_knowledge": ("la connaissance du secteur", "knowledge of the sector"),
    "availability": ("la date de disponibilité", "the start date"),
    "salary": ("l’écart sur la rémunération", "the gap on salary"),
    "location": ("le lieu de travail ou le télétravail", "the workplace or remote work"),
    "closer_match": ("un profil plus proche du besoin exact", "a profile closer to the exact need"),
    "role_scope": ("le périmètre du poste", "the scope of the role"),
}


def _join(items: list[str], language: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    last = " et " if language == "fr" else " and "
    return ", ".join(items[:-1]) + last + items[-1]


@dataclass(frozen=True)
class FeedbackDraft:
    rendered: Rendered
    warnings: list[Warning]


def _latest_decline(candidate):
    return (
        candidate.declines.select_related("primary_reason", "offer__application__job__client")
        .order_by("-created_at")
        .first()
    )


@dataclass(frozen=True)
class FeedbackWindow:
    declined_on: dt.date
    deadline: dt.date
    days_left: int  # negative once the window has passed


def feedback_window(candidate) -> FeedbackWindow | None:
    """The 3-month window after the candidate's latest decline, or None when they have none."""
    decline = _latest_decline(candidate)
    if decline is None:
        return None
    declined_on = timezone.localtime(decline.created_at).date()
    deadline = cadence.feedback_deadline(declined_on)
    return FeedbackWindow(declined_on, deadline, (deadline - timezone.localdate()).days)


def feedback_compose(
    *, candidate, by, strengths: list[str], factors: list[str], note: str = ""
) -> FeedbackDraft:
    """Render the feedback message (template "feedback" in the candidate's language) and check its wording."""
    unknown = [c for c in strengths if c not in STRENGTHS] + [c for c in factors if c not in FACTORS]
    if unknown:
        raise ValidationError(
            {"strengths": [_("Unknown choice: %(codes)s.") % {"codes": ", ".join(unknown)}]}
        )
    if not strengths and not factors and not (note or "").strip():
        raise ValidationError(_("Pick a strength or a deciding factor, or write a sentence."))
    language = candidate.language
    index = 0 if language == "fr" else 1
    decline = _latest_decline(candidate)
    values = merge_values(
        candidate=candidate,
        decline=decline,
        by=by,
        extra={
            "feedback.strengths": _join([STRENGTHS[c][index] for c in strengths], language),
            "feedback.factors": _join([FACTORS[c][index] for c in factors], language),
            "feedback.note": (note or "").strip(),
        },
    )
    rendered = template_render(kind=MessageKind.FEEDBACK, candidate=candidate, values=values)
    if rendered is None:
        raise ValidationError(_("There is no feedback template: an administrator should add one."))
    ui_language = "en" if (getattr(by, "language", "fr") or "fr").startswith("en") else "fr"
    # The recruiter's own sentence is what to check: the checklists and the template are vetted wording.
    warnings = sensitive_wording(note or "", language=ui_language)
    return FeedbackDraft(rendered, warnings)


def feedback_send(*, candidate, by, strengths: list[str], factors: list[str], note: str = "") -> Message:
    """Schedule the feedback now (the worker sends it within seconds). Warnings never block."""
    draft = feedback_compose(candidate=candidate, by=by, strengths=strengths, factors=factors, note=note)
    return message_schedule(
        candidate=candidate,
        kind=MessageKind.FEEDBACK,
        subject=draft.rendered.subject,
        body_text=draft.rendered.body_text,
        body_html=draft.rendered.body_html,
        due_at=timezone.now(),
        by=by,
    )
