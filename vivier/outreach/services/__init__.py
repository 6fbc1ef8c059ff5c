"""Writes of the outreach domain, one module per subdomain; import them from here.

messages: one message of the outbox (schedule, edit, cancel, approve, send now, resolve);
cadences: the follow-up sequence planned on a decline, its pause on a reply and its stop on do-not-contact;
templates: message templates (save with validation, preview); feedback: the feedback composer;
linkedin: the LinkedIn relationship as the recruiter records it; personal: a recruiter's own message to one
person or to many (the campaigns of vivier.pools).
"""

from vivier.outreach.services.cadences import cadence_plan, candidate_replied, contact_stop
from vivier.outreach.services.feedback import feedback_compose, feedback_send, feedback_window
from vivier.outreach.services.linkedin import linkedin_get, linkedin_message, linkedin_set
from vivier.outreach.services.messages import (
    RESOLVE_CANCEL,
    RESOLVE_RESCHEDULE,
    RESOLVE_SENT,
    message_approve,
    message_cancel,
    message_resolve_uncertain,
    message_schedule,
    message_send_now,
    message_update,
)
from vivier.outreach.services.personal import (
    personal_draft,
    personal_fields,
    personal_preview,
    personal_render,
    personal_send,
    personal_validate,
    personal_values,
)
from vivier.outreach.services.templates import template_preview, template_render, template_update

__all__ = [
    "RESOLVE_CANCEL",
    "RESOLVE_RESCHEDULE",
    "RESOLVE_SENT",
    "cadence_plan",
    "candidate_replied",
    "contact_stop",
    "feedback_compose",
    "feedback_send",
    "feedback_window",
    "linkedin_get",
    "linkedin_message",
    "linkedin_set",
    "message_approve",
    "message_cancel",
    "message_resolve_uncertain",
    "message_schedule",
    "message_send_now",
    "message_update",
    "personal_draft",
    "personal_fields",
    "personal_preview",
    "personal_render",
    "personal_send",
    "personal_validate",
    "personal_values",
    "template_preview",
    "template_render",
    "template_update",
]
