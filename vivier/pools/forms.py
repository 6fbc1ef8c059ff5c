"""Forms of the pools pages. They check the shape of the input; the services check the rules."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from vivier.front.forms import BaseForm
from vivier.pools.selectors import active_pools

# The language of a message, named in the recruiter's language ("Anglais"), not by its code.
LANGUAGE_CHOICES = settings.LANGUAGES


class PoolForm(BaseForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who belongs here and why: your colleagues read it."),
    )


class AddToPoolForm(BaseForm):
    """Choose a pool, or name a new one (created on the spot)."""

    pool = forms.ChoiceField(label=_("Pool"), required=False)
    new_name = forms.CharField(
        label=_("or a new pool"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Name of the new pool")}),
    )

    def __init__(self, *args, exclude: set[int] | None = None, **kwargs):
        # Several of these forms can share a page (one per row of the rediscovery panel): ids of their own.
        kwargs.setdefault("auto_id", "pool-add-%s")
        super().__init__(*args, **kwargs)
        pools = [p for p in active_pools() if p.pk not in (exclude or set())]
        self.pools = {str(p.public_id): p for p in pools}
        self.fields["pool"].choices = [("", _("Choose a pool"))] + [
            (k, p.name) for k, p in self.pools.items()
        ]
        if not self.pools:  # the pool list is not shown: the name field stands alone
            self.fields["new_name"].label = _("Add to a new pool")

    def clean(self):
        data = super().clean()
        data["pool"] = self.pools.get(data.get("pool") or "")
        data["new_name"] = " ".join((data.get("new_name") or "").split())
        if data["pool"] is None and not data["new_name"]:
            raise forms.ValidationError(_("Choose a pool or type the name of a new one."))
        return data


class SegmentForm(BaseForm):
    name = forms.CharField(label=_("Name of the segment"), max_length=120)


class ComposeForm(BaseForm):
    # Not required here: the service says what is missing and what is wrong with the merge fields together.
    subject = forms.CharField(label=_("Subject"), max_length=250, required=False)
    body_text = forms.CharField(
        label=_("Text"), max_length=50_000, required=False, widget=forms.Textarea(attrs={"rows": 12})
    )


class CampaignForm(ComposeForm):
    language = forms.ChoiceField(
        label=_("Language of the message"),
        choices=LANGUAGE_CHOICES,
        initial="fr",
        widget=forms.RadioSelect,
    )
    only_language = forms.BooleanField(
        label=_("Only the people whose language is this one"), required=False, initial=False
    )
