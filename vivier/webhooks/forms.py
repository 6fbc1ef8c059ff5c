"""Forms of the webhook pages. They read input; the services validate the rules and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vivier.accounts.forms import BootstrapForm
from vivier.webhooks.models import SUBSCRIBABLE, DeliveryStatus, WebhookEvent


class EndpointForm(BootstrapForm):
    url = forms.CharField(
        label=_("URL"),
        max_length=500,
        error_messages={"required": _("Enter the address that receives the events.")},
        widget=forms.URLInput(
            attrs={"placeholder": "https://", "autocomplete": "off", "spellcheck": "false"}
        ),
        help_text=_("Vivier POSTs each event there. Use https://; http:// is only accepted for localhost."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_(
            "What receives the events (“our ATS”, “the Slack bot”), for whoever reads this list next."
        ),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=[(e.value, e.label) for e in SUBSCRIBABLE],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )
    active = forms.BooleanField(label=_("Active: send the events to this URL"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].widget.attrs["class"] = "form-check-input"


class DeliveryFilterForm(BootstrapForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *DeliveryStatus.choices]
    )
    event = forms.ChoiceField(
        label=_("Event"), required=False, choices=[("", _("All events")), *WebhookEvent.choices]
    )
