"""The candidate's answer form and the filters of the results page."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vivier.accounts.models import Role, User
from vivier.dates import DateField
from vivier.surveys.models import COMMENT_MAX
from vivier.surveys.selectors import NONE, SurveyFilters
from vivier.talent.models import Client

SCORES = list(range(11))


class AnswerForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score"),
        choices=[(n, str(n)) for n in SCORES],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a score from 0 to 10."),
            "invalid_choice": _("Choose a score from 0 to 10."),
        },
    )
    comment = forms.CharField(
        label=_("What would you like to tell us? (optional)"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": COMMENT_MAX}),
        help_text=_("Up to 2,000 characters. Please leave out health, family or other private details."),
        error_messages={"max_length": _("At most 2,000 characters.")},
    )


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last twelve months, this month included (as the insights)."""
    today = today or timezone.localdate()
    start = today.replace(day=1)
    for _i in range(11):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    return start, today


class ResultsFilterForm(forms.Form):
    date_from = DateField(label=_("From"), required=False)
    date_to = DateField(label=_("To"), required=False)
    client = forms.ChoiceField(label=_("Client"), required=False)
    recruiter = forms.ChoiceField(label=_("Recruiter"), required=False)

    def __init__(self, params, *, today: dt.date | None = None) -> None:
        data = {
            "date_from": params.get("from", ""),
            "date_to": params.get("to", ""),
            "client": params.get("client", ""),
            "recruiter": params.get("recruiter", ""),
        }
        if "from" not in params and "to" not in params:
            start, end = default_period(today)
            data["date_from"], data["date_to"] = start.isoformat(), end.isoformat()
        super().__init__(data)
        self.fields["client"].choices = [("", _("All clients"))] + [
            (str(pid), name) for pid, name in Client.objects.order_by("name").values_list("public_id", "name")
        ]
        users = User.objects.filter(role__in=[Role.ADMIN, Role.RECRUITER]).order_by("first_name", "username")
        self.fields["recruiter"].choices = [("", _("Everyone")), (NONE, _("Not recorded"))] + [
            (str(u.public_id), str(u)) for u in users.only("public_id", "username", "first_name", "last_name")
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data

    def filters(self) -> SurveyFilters:
        """The filters from the valid fields; an invalid field is left out (and shown as an error)."""
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        client = Client.objects.filter(public_id=data["client"]).first() if data.get("client") else None
        recruiter = None
        if data.get("recruiter") == NONE:
            recruiter = NONE
        elif data.get("recruiter"):
            recruiter = User.objects.filter(public_id=data["recruiter"]).first()
        return SurveyFilters(
            date_from=data.get("date_from"), date_to=data.get("date_to"), client=client, recruiter=recruiter
        )
