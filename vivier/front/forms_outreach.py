"""Forms of the outreach pages: messages, replies, templates, feedback, LinkedIn."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vivier.dates import DateTimeField
from vivier.front.forms import BaseForm
from vivier.outreach.models import LinkedInStatus
from vivier.outreach.services.feedback import FACTORS, STRENGTHS

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _due_field(required: bool = True) -> DateTimeField:
    return DateTimeField(
        label=_("Send on"),
        widget=DateTimeLocalInput(),
        input_formats=DATETIME_FORMATS,
        required=required,
        help_text=_("In your time zone."),
    )


class MessageEditForm(BaseForm):
    due_at = _due_field()
    subject = forms.CharField(label=_("Subject"), max_length=250)
    body_text = forms.CharField(
        label=_("Text"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Saving a new text replaces the HTML part with this text."),
    )


class ReplyForm(BaseForm):
    note = forms.CharField(
        label=_("What did they say?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. Their planned check-ins wait for your approval from now on."),
    )


class RescheduleForm(BaseForm):
    due_at = _due_field(required=False)


class TemplateForm(BaseForm):
    subject = forms.CharField(label=_("Subject"), max_length=250)
    body_text = forms.CharField(
        label=_("Text"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 16, "class": "font-monospace"}),
    )
    body_html = forms.CharField(
        label=_("HTML (optional)"),
        max_length=100_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "font-monospace"}),
        help_text=_("Left empty, the HTML part is the text with its paragraphs and links."),
    )


class FeedbackForm(BaseForm):
    strengths = forms.MultipleChoiceField(
        label=_("What they did well"), required=False, widget=forms.CheckboxSelectMultiple, choices=[]
    )
    factors = forms.MultipleChoiceField(
        label=_("What decided"), required=False, widget=forms.CheckboxSelectMultiple, choices=[]
    )
    note = forms.CharField(
        label=_("A sentence of your own"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Facts about the job and the skills, never about the person's life."),
    )

    def __init__(self, *args, language: str = "fr", **kwargs):
        super().__init__(*args, **kwargs)
        index = 0 if language == "fr" else 1
        # The labels are the words that go into the message, in the candidate's language.
        self.fields["strengths"].choices = [(k, v[index]) for k, v in STRENGTHS.items()]
        self.fields["factors"].choices = [(k, v[index]) for k, v in FACTORS.items()]


class LinkedInForm(BaseForm):
    status = forms.ChoiceField(
        label=_("LinkedIn status"), choices=LinkedInStatus.choices, widget=forms.RadioSelect
    )
