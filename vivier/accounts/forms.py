"""Forms of the account and administration pages. They validate input; the services do the writes."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vivier.accounts.models import Role, TokenScope, User
from vivier.dates import DateField
from vivier.talent.models import DeclineReason, ReasonCategory

# The interface's language, each named in itself so that anyone finds their own: marked with its lang.
LANGUAGE_CHOICES = [("fr", "Français"), ("en", "English")]


class LanguageSelect(forms.Select):
    """A choice of languages named in themselves ("English"): each option says its language (lang="en"), for
    screen readers' pronunciation and so a French page does not count it as untranslated English."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"]["lang"] = value
        return option


class BootstrapForm(forms.Form):
    """Gives widgets Bootstrap's classes and marks the fields in error, for the styles and screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one, else on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, messages in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class LoginForm(BootstrapForm):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autofocus": True, "autocapitalize": "none"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordForm(BootstrapForm, PasswordChangeForm):
    """Django's own password change (old password, new one twice, the password validators)."""


class ProfileForm(BootstrapForm):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, widget=LanguageSelect)
    review_before_sending = forms.BooleanField(
        label=_("Review the thank-you messages of my declines before they are sent"),
        required=False,
        help_text=_("Unticked, they leave on their own the next working morning."),
    )


class TokenCreateForm(BootstrapForm):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What uses this token, e.g. “ATS synchronisation”.")
    )
    scope = forms.ChoiceField(label=_("Access"), choices=TokenScope.choices, initial=TokenScope.READ)
    expires_on = DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Optional. The token stops working at the end of this day."),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.can_write:
            # A read-only user cannot hand a program more rights than they have themselves.
            self.fields["scope"].choices = [(TokenScope.READ, TokenScope.READ.label)]
            self.fields["scope"].help_text = _("Your role is read only, so your tokens are too.")

    def clean_scope(self) -> str:
        scope = self.cleaned_data["scope"]
        if scope == TokenScope.WRITE and not self.user.can_write:
            raise ValidationError(_("Your role is read only, so your tokens are too."))
        return scope

    def clean_expires_on(self) -> dt.date | None:
        day = self.cleaned_data["expires_on"]
        if day is not None and day < timezone.localdate():
            raise ValidationError(_("The date must be today or later."))
        return day

    @property
    def expires_at(self) -> dt.datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


class UserCreateForm(BootstrapForm):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and @/./+/-/_ only."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.RECRUITER)
    language = forms.ChoiceField(
        label=_("Language"), choices=LANGUAGE_CHOICES, initial="fr", widget=LanguageSelect
    )
    password = forms.CharField(
        label=_("Initial password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Give it to the person through a separate channel; they can change it on their profile."),
    )

    def clean_username(self) -> str:
        username = User.normalize_username(self.cleaned_data["username"].strip())
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("A user with this username already exists."))
        return username

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            candidate = User(
                username=cleaned.get("username", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                password_validation.validate_password(password, candidate)
            except ValidationError as exc:
                self.add_error("password", exc)
        return cleaned


class UserEditForm(BootstrapForm):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("An inactive user can no longer sign in or use their API tokens. Nothing is deleted."),
    )
    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Only to replace a forgotten password; leave empty to keep the current one."),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_new_password(self) -> str:
        password = self.cleaned_data["new_password"]
        if password:
            password_validation.validate_password(password, self.user)
        return password


CODE_VALIDATOR = RegexValidator(
    r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$",
    _("Use lowercase letters, digits and underscores only, e.g. “commute_time”."),
)


class ReasonForm(BootstrapForm):
    category = forms.ChoiceField(label=_("Category"), choices=ReasonCategory.choices)
    label_fr = forms.CharField(label=_("French label"), max_length=120)
    label_en = forms.CharField(label=_("English label"), max_length=120)
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        max_value=32767,
        initial=100,
        help_text=_("Reasons are listed by increasing position."),
    )
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("An inactive reason can no longer be chosen; past declines keep it."),
    )


class ReasonCreateForm(ReasonForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=50,
        help_text=_(
            "Codes never change once created: the API and the analytics use them. Only labels change."
        ),
    )
    field_order = ["code", "category", "label_fr", "label_en", "position", "active"]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().lower()
        CODE_VALIDATOR(code)
        if DeclineReason.objects.filter(code=code).exists():
            raise ValidationError(_("A reason with this code already exists."))
        return code


class TwoFactorLoginForm(BootstrapForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        strip=True,
        help_text=_("The 6 digits shown by your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"}
        ),
    )


class TwoFactorSetupForm(BootstrapForm):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Wrong password."))
        return password


class PasswordConfirmForm(TwoFactorSetupForm):
    """Turning 2FA off or making new recovery codes: the password again, so an open laptop is not enough."""

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        del self.fields["code"]


class PasswordResetRequestForm(BootstrapForm, PasswordResetForm):
    def save(self, **kwargs):
        # The links in the e-mail use the configured public address, never the Host header, which an attacker
        # could set to their own site and so receive the reset link of someone else.
        parts = urlsplit(settings.BASE_URL)
        kwargs.update(domain_override=parts.netloc, use_https=parts.scheme == "https")
        return super().save(**kwargs)


class SetPasswordResetForm(BootstrapForm, SetPasswordForm):
    """Django's own: the new password twice, checked by the password validators."""


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Who"), required=False, max_length=150)
    target = forms.CharField(
        label=_("Target"), required=False, max_length=64, help_text=_("An id, e.g. a candidate's.")
    )
    date_from = DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        from vivier.accounts.audit import AuditAction

        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", pgettext_lazy("feminine", "All"))] + list(AuditAction.choices)
        for field in self.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs["class"] = css
