"""Forms of the candidate's pages and of the privacy back office: validation only, the services write."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vivier.accounts.forms import LANGUAGE_CHOICES, LanguageSelect
from vivier.dates import DateField
from vivier.privacy.models import AlertFrequency, ConsentAction, ConsentChannel, Purpose, RightsKind
from vivier.talent.models import ContractType, RemotePreference

SENSITIVE_HELP = _(
    "Please do not write about health, family, religion, union membership or origin: it is not needed."
)


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, messages in exc.message_dict.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class Styled(forms.Form):
    """Bootstrap classes on the widgets (the templates render fields with as_field_group)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            widget.attrs.setdefault(
                "class", "form-select" if isinstance(widget, forms.Select) else "form-control"
            )


class PreferencesForm(Styled):
    wanted_jobs = forms.CharField(label=_("Jobs you are looking for"), required=False, max_length=300)
    wanted_places = forms.CharField(label=_("Places (cities, regions)"), required=False, max_length=300)
    remote_preference = forms.ChoiceField(
        label=_("Remote work"), required=False, choices=[("", "—"), *RemotePreference.choices]
    )
    contract_types = forms.MultipleChoiceField(
        label=_("Contract types"),
        required=False,
        choices=ContractType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    salary_expectation = forms.IntegerField(
        label=_("Salary expectation (gross per year, in euros)"),
        required=False,
        min_value=0,
        max_value=10_000_000,
    )
    alert_frequency = forms.ChoiceField(
        label=_("How often to receive job alerts"), choices=AlertFrequency.choices
    )
    # Each language named in itself, for a person who may not read French (marked with its lang).
    language = forms.ChoiceField(
        label=_("Language of our messages"), choices=LANGUAGE_CHOICES, widget=LanguageSelect
    )

    @staticmethod
    def initial_for(state, candidate) -> dict:
        return {
            "wanted_jobs": state.wanted_jobs,
            "wanted_places": state.wanted_places,
            "remote_preference": state.remote_preference,
            "contract_types": state.contract_types,
            "salary_expectation": state.salary_expectation,
            "alert_frequency": state.alert_frequency,
            "language": candidate.language,
        }


class NewsForm(Styled):
    news_role = forms.CharField(label=_("Your new role"), required=False, max_length=200)
    news_skills = forms.CharField(label=_("New skills"), required=False, max_length=300)


class CvForm(Styled):
    cv = forms.FileField(label=_("Your CV (PDF, DOCX, ODT or text)"))


class DeclineAnswerForm(forms.Form):
    reasons = forms.MultipleChoiceField(
        label=_("Why did you decline? Tick every reason that counted."), widget=forms.CheckboxSelectMultiple
    )
    primary = forms.ChoiceField(label=_("Which one counted most?"), widget=forms.RadioSelect)
    in_their_words = forms.CharField(
        label=_("In your own words (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=SENSITIVE_HELP,
    )
    competing_offer = forms.CharField(
        label=_("If you accepted another offer: what did it have? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, reasons=(), **kwargs):
        super().__init__(*args, **kwargs)
        english = (get_language() or "fr").startswith("en")
        choices = [(r.code, r.label_en if english else r.label_fr) for r in reasons]
        self.fields["reasons"].choices = choices
        self.fields["primary"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("primary") and data.get("reasons") and data["primary"] not in data["reasons"]:
            self.add_error("primary", _("The main reason must be one of the reasons you ticked."))
        return data


class EraseForm(Styled):
    confirm_name = forms.CharField(label=_("Type the person's full name to confirm"), max_length=210)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_('For the log, e.g. "request by e-mail of 12/03". No personal details.'),
    )

    def __init__(self, *args, candidate=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidate = candidate

    def clean_confirm_name(self):
        typed = " ".join(self.cleaned_data["confirm_name"].split()).casefold()
        if typed != " ".join(self.candidate.full_name.split()).casefold():
            raise ValidationError(_("The name does not match: nothing was erased."))
        return typed


class RecruiterConsentForm(Styled):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    action = forms.ChoiceField(label=_("Consent"), choices=ConsentAction.choices)
    channel = forms.ChoiceField(
        label=_("How"),
        choices=[
            c
            for c in ConsentChannel.choices
            if c[0] not in (ConsentChannel.WEB_FORM, ConsentChannel.EMAIL_LINK)
        ],
    )
    note = forms.CharField(label=_("Note (when, how)"), max_length=500)


class RightsRequestForm(Styled):
    kind = forms.ChoiceField(label=_("Request"), choices=RightsKind.choices)
    received_on = DateField(label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        help_text=_("Kept after an erasure: no personal details."),
    )
