"""Forms of the recruiter UI. They check the shape of the input; the services check the rules."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from vivier.dates import DateField
from vivier.talent.models import (
    Candidate,
    Client,
    ContractType,
    DeclineKind,
    DeclineReason,
    Job,
    JobStatus,
    OpenToFuture,
    RemotePolicy,
    RemotePreference,
)
from vivier.talent.models.candidate import Language

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class BootstrapBoundField(BoundField):
    """Adds the Bootstrap classes to every widget (Django itself adds aria-invalid and aria-describedby)."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if self.errors:
            css += " is-invalid"
        attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        return attrs


class BaseForm(forms.Form):
    bound_field_class = BootstrapBoundField


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _date_field(label, **kw) -> forms.DateField:
    return DateField(label=label, widget=DateInput(), input_formats=DATE_INPUT_FORMATS, **kw)


def _radio_bool(label, **kw) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("no", _("No")), ("yes", _("Yes"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        initial="no",
        **kw,
    )


# --- Candidates ----------------------------------------------------------------------------------------


class CandidateForm(BaseForm):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text=_(
            "French, overseas or international: 06 12 34 56 78, 0692 12 34 56, +32 470 12 34 56. A number that "
            "cannot be verified is kept as written, to check."
        ),
    )
    linkedin_url = forms.CharField(
        label=_("LinkedIn profile"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "https://www.linkedin.com/in/…"}),
    )
    headline = forms.CharField(
        label=_("Headline"),
        max_length=200,
        required=False,
        help_text=_("Current job title or what they are looking for."),
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    country = forms.CharField(label=_("Country (ISO code)"), max_length=2, required=False, initial="FR")
    skills = forms.CharField(
        label=_("Skills"),
        max_length=4000,
        required=False,
        help_text=_("Separated by commas: Python, Django, SQL"),
    )
    languages = forms.CharField(
        label=_("Languages spoken"),
        max_length=1000,
        required=False,
        help_text=_("Separated by commas: French, English"),
    )
    salary_expectation = forms.IntegerField(
        label=_("Salary expectation (gross per year)"), min_value=0, max_value=10_000_000, required=False
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    remote_preference = forms.ChoiceField(
        label=_("Remote preference"), choices=RemotePreference.choices, initial=RemotePreference.ANY
    )
    language = forms.ChoiceField(
        label=_("Language for messages"), choices=settings.LANGUAGES, initial=Language.FR
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name],
        initial="Europe/Paris",
        required=False,
        help_text=_("Follow-up messages go at nine in the morning there, on working days."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=100,
        required=False,
        help_text=_("Where the candidate came from: job board, referral, LinkedIn…"),
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Professional background only: no health, family situation, union "
            "membership, origin, religion or other sensitive data."
        ),
    )
    allow_possible_duplicate = forms.BooleanField(
        label=_("This is a different person: save anyway"),
        required=False,
    )
    allow_erased = forms.BooleanField(
        label=_("They came back of their own accord: add them again"),
        required=False,
    )

    @classmethod
    def initial_from(cls, candidate: Candidate) -> dict:
        initial = {name: getattr(candidate, name) for name in cls.base_fields if hasattr(candidate, name)}
        initial["skills"] = ", ".join(candidate.skills or [])
        initial["languages"] = ", ".join(candidate.languages or [])
        return initial

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("allow_possible_duplicate", None)
        data.pop("allow_erased", None)
        data["country"] = data.get("country") or "FR"
        data["time_zone"] = data.get("time_zone") or "Europe/Paris"
        return data


class ApplyForm(BaseForm):
    """Put a candidate on an open job (from the candidate page)."""

    job = forms.ModelChoiceField(
        label=_("Job"),
        queryset=Job.objects.none(),
        to_field_name="public_id",
        empty_label=_("Choose an open job"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        qs = (
            Job.objects.filter(status=JobStatus.OPEN)
            .select_related("client")
            .order_by("client__name", "title")
        )
        self.fields["job"].queryset = qs
        self.fields["job"].label_from_instance = lambda job: (
            f"{job.title} — {job.client.name}" + (f" ({job.city})" if job.city else "")
        )


class ExclusionForm(BaseForm):
    client = forms.ModelChoiceField(
        label=_("Client"),
        queryset=Client.objects.order_by("name"),
        to_field_name="public_id",
        empty_label=_("Choose a client"),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("Factual and short, so a colleague can judge when it no longer applies."),
    )
    expires_on = _date_field(_("Until"), help_text=_("At most three years from today."))


class FollowUpForm(BaseForm):
    title = forms.CharField(label=_("What to do"), max_length=200)
    due_on = _date_field(_("When"))
    assignee = forms.ModelChoiceField(
        label=_("Who"),
        queryset=None,
        to_field_name="username",
        required=False,
        empty_label=_("Anyone in the team"),
    )
    note = forms.CharField(
        label=_("Note"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        from vivier.accounts.models import Role, User

        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(
            is_active=True, role__in=[Role.ADMIN, Role.RECRUITER]
        ).order_by("first_name", "last_name", "username")
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username


# --- Clients and jobs ----------------------------------------------------------------------------------


class ClientForm(BaseForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    sector = forms.CharField(label=_("Sector"), max_length=100, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    notes = forms.CharField(
        label=_("Notes"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class JobForm(BaseForm):
    client = forms.ModelChoiceField(
        label=_("Client"),
        queryset=Client.objects.order_by("name"),
        to_field_name="public_id",
        empty_label=_("Choose a client"),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    rome_code = forms.CharField(
        label=_("ROME code"),
        max_length=5,
        required=False,
        help_text=_("Optional: left empty, Vivier suggests one from the title."),
    )
    description = forms.CharField(
        label=_("Description"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    remote_policy = forms.ChoiceField(
        label=_("Remote policy"), choices=RemotePolicy.choices, initial=RemotePolicy.ONSITE
    )
    remote_days_per_week = forms.IntegerField(
        label=_("Remote days per week"), min_value=0, max_value=5, initial=0
    )
    contract_type = forms.ChoiceField(
        label=_("Contract type"), choices=ContractType.choices, initial=ContractType.CDI
    )
    salary_min = forms.IntegerField(
        label=_("Salary from (gross per year)"), min_value=0, max_value=10_000_000, required=False
    )
    salary_max = forms.IntegerField(
        label=_("Salary up to (gross per year)"), min_value=0, max_value=10_000_000, required=False
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    skills = forms.CharField(
        label=_("Skills"),
        max_length=4000,
        required=False,
        help_text=_("Separated by commas: Python, Django, SQL"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=JobStatus.choices, initial=JobStatus.OPEN)

    @classmethod
    def initial_from(cls, job: Job) -> dict:
        initial = {name: getattr(job, name) for name in cls.base_fields}
        initial["skills"] = ", ".join(job.skills or [])
        return initial


class CandidateSearchForm(BaseForm):
    q = forms.CharField(label=_("Search candidates by name"), max_length=200, required=False)


class AddCandidateForm(BaseForm):
    candidate = forms.UUIDField(widget=forms.HiddenInput)


# --- Offers and declines -------------------------------------------------------------------------------


class OfferForm(BaseForm):
    salary = forms.IntegerField(label=_("Salary (gross per year)"), min_value=1, max_value=10_000_000)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    remote_days_per_week = forms.IntegerField(
        label=_("Remote days per week"), min_value=0, max_value=5, initial=0
    )
    start_date = _date_field(_("Start date"), required=False)
    contract_type = forms.ChoiceField(label=_("Contract type"), choices=ContractType.choices)
    notes = forms.CharField(
        label=_("Notes"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DeclineForm(BaseForm):
    kind = forms.ChoiceField(
        label=_("How did it end?"),
        choices=DeclineKind.choices,
        widget=forms.RadioSelect,
        initial=DeclineKind.DECLINED_BY_CANDIDATE,
    )
    reasons = forms.ModelMultipleChoiceField(
        label=_("Reasons"),
        queryset=DeclineReason.objects.none(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one reason.")},
    )
    primary_reason = forms.ModelChoiceField(
        label=_("Main reason"),
        queryset=DeclineReason.objects.none(),
        to_field_name="code",
        widget=forms.RadioSelect,
        required=False,
    )
    detail = forms.CharField(
        label=_("Details"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Do not write health, family situation, union membership, origin, religion or other "
            "sensitive data: the reasons above carry the analysis."
        ),
    )
    competing_employer = forms.CharField(label=_("Competing employer"), max_length=200, required=False)
    competing_salary = forms.IntegerField(
        label=_("Competing salary (gross per year)"), min_value=1, max_value=10_000_000, required=False
    )
    competing_remote_days = forms.IntegerField(
        label=_("Competing remote days per week"), min_value=0, max_value=5, required=False
    )
    counter_offer = _radio_bool(_("Counter-offer from the current employer?"))
    open_to_future = forms.ChoiceField(
        label=_("Open to future contact?"),
        choices=OpenToFuture.choices,
        widget=forms.RadioSelect,
        initial=OpenToFuture.UNKNOWN,
    )
    recontact_after = _date_field(
        _("Recontact after"), required=False, help_text=_("Optional: Vivier reminds you on the dashboard.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        active = DeclineReason.objects.filter(active=True).order_by("position", "code")
        self.fields["reasons"].queryset = active
        self.fields["primary_reason"].queryset = active
        self._active = active

    def clean(self):
        cleaned = super().clean()
        reasons = list(cleaned.get("reasons") or [])
        # One reason ticked and no main one chosen: it is the main one (the fast path needs no JavaScript).
        if reasons and not cleaned.get("primary_reason"):
            if len(reasons) == 1:
                cleaned["primary_reason"] = reasons[0]
            else:
                self.add_error(
                    "primary_reason", ValidationError(_("Choose the main reason among those ticked."))
                )
        return cleaned

    def reason_rows(self) -> list[dict]:
        """One row per active reason: the checkbox and the 'main' radio, with what was ticked."""
        ticked = {str(v) for v in (self["reasons"].value() or [])}
        primary = self["primary_reason"].value()
        return [
            {"code": r.code, "label": r.label, "checked": r.code in ticked, "primary": r.code == primary}
            for r in self._active
        ]
