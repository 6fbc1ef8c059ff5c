"""The filter form of the dashboard (it also reads the drill-down links) and the client-report forms."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vivier.accounts.models import Role, User
from vivier.dates import DateField
from vivier.insights.filters import BAND_KEYS, FAMILY_RE, NONE, InsightFilters
from vivier.insights.models import ReportLanguage
from vivier.insights.selectors import band_label
from vivier.talent.models import Client, DeclineKind, DeclineReason

# Links expire: a client report shared by e-mail should not stay readable for ever.
LINK_DAYS = [(7, _("1 week")), (30, _("30 days")), (90, _("90 days"))]


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last twelve months, this month included."""
    today = today or timezone.localdate()
    start = today.replace(day=1)
    for _i in range(11):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    return start, today


class FilterForm(forms.Form):
    # "from" is a Python keyword: the fields are named date_from/date_to and read from the short names.
    date_from = DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    # A public id; its choices (every client, possibly thousands) are `client_choices`, drawn by the template's
    # `options` tag: a ChoiceField would normalise and copy them on every request.
    client = forms.CharField(label=_("Client"), required=False, max_length=36)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    recruiter = forms.ChoiceField(label=_("Recruiter"), required=False)
    family = forms.CharField(
        label=_("ROME family"),
        required=False,
        max_length=4,
        help_text=_("The first letters of a ROME code, for example M18."),
    )
    reason = forms.ChoiceField(label=_("Main reason"), required=False)
    band = forms.ChoiceField(label=_("Salary band"), required=False)
    # Set by the links of the figures only (not shown in the form).
    mentions = forms.CharField(required=False, max_length=50)
    boomerang = forms.BooleanField(required=False)

    def __init__(self, params, *, today: dt.date | None = None) -> None:
        data = {
            "date_from": params.get("from", ""),
            "date_to": params.get("to", ""),
            **{
                k: params.get(k, "")
                for k in ("client", "kind", "recruiter", "family", "reason", "band", "mentions", "boomerang")
            },
        }
        if "from" not in params and "to" not in params:
            # No period asked: the last twelve months. An empty "from"/"to" sent by the form means all time.
            start, end = default_period(today)
            data["date_from"], data["date_to"] = start.isoformat(), end.isoformat()
        super().__init__(data)
        self.client_choices = [("", _("All clients"))] + [
            (str(pid), name) for pid, name in Client.objects.order_by("name").values_list("public_id", "name")
        ]
        self.fields["kind"].choices = [("", _("All kinds"))] + list(DeclineKind.choices)
        users = User.objects.filter(role__in=[Role.ADMIN, Role.RECRUITER]).order_by("first_name", "username")
        self.fields["recruiter"].choices = [("", _("Everyone")), (NONE, _("Not recorded"))] + [
            (str(u.public_id), str(u)) for u in users.only("public_id", "username", "first_name", "last_name")
        ]
        self._reasons = {r.code: r for r in DeclineReason.objects.all()}
        self.fields["reason"].choices = [("", _("All reasons"))] + [
            (c, r.label) for c, r in self._reasons.items()
        ]
        self.fields["band"].choices = [("", _("All salaries"))] + [(k, band_label(k)) for k in BAND_KEYS]

    def clean_client(self) -> str:
        value = (self.cleaned_data.get("client") or "").strip()
        if value and value not in {pid for pid, _name in self.client_choices}:
            raise forms.ValidationError(_("Choose a client from the list."))
        return value

    def clean_family(self) -> str:
        value = (self.cleaned_data.get("family") or "").strip().upper()
        if value and value != NONE.upper() and not FAMILY_RE.match(value):
            raise forms.ValidationError(_("A letter and up to two digits, for example M18."))
        return NONE if value == NONE.upper() else value

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data

    def filters(self) -> InsightFilters:
        """The filters from the valid fields; an invalid field is left out (and shown as an error)."""
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        client = None
        if data.get("client"):
            client = Client.objects.filter(public_id=data["client"]).first()
        recruiter_id, recruiter_public_id = None, ""
        if data.get("recruiter") == NONE:
            recruiter_id = NONE
        elif data.get("recruiter"):
            user = User.objects.filter(public_id=data["recruiter"]).only("pk").first()
            if user is not None:
                recruiter_id, recruiter_public_id = user.pk, data["recruiter"]
        return InsightFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            client=client,
            kind=data.get("kind") or "",
            recruiter_id=recruiter_id,
            recruiter_public_id=recruiter_public_id,
            family=data.get("family") or "",
            reason=data.get("reason") or "",
            band=data.get("band") or "",
            mentions=data.get("mentions") or "",
            boomerang=bool(data.get("boomerang")),
        )


class ReportForm(forms.Form):
    """The period and the language of a client report (the language of the report, not of the page)."""

    date_from = DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    language = forms.ChoiceField(label=_("Language of the report"), choices=ReportLanguage.choices)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data


class ReportLinkForm(ReportForm):
    days = forms.TypedChoiceField(label=_("Valid for"), choices=LINK_DAYS, coerce=int, initial=30)
