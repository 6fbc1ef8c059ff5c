from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vivier.front.forms import BaseForm
from vivier.imports.columns import Kind, fields
from vivier.imports.models import DuplicatePolicy


class UploadForm(BaseForm):
    kind = forms.ChoiceField(label=_("The file contains"), choices=Kind.choices, initial=Kind.CANDIDATES)
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv,.xlsx"}),
    )
    on_duplicate = forms.ChoiceField(
        label=_("When the person is already in the pool"),
        choices=DuplicatePolicy.choices,
        initial=DuplicatePolicy.MERGE,
        widget=forms.RadioSelect,
    )


class MappingForm(BaseForm):
    """One select per column of the file, offering the fields of the import's kind."""

    on_duplicate = forms.ChoiceField(
        label=_("When the person is already in the pool"),
        choices=DuplicatePolicy.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, job, **kwargs) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("on_duplicate", job.on_duplicate)
        for i, column in enumerate(job.columns):
            kwargs["initial"].setdefault(f"col_{i}", column["field"])
        super().__init__(*args, **kwargs)
        choices = [("", _("— ignore this column —"))] + [
            (c.name, f"{c.label}{' *' if c.required else ''}") for c in fields(job.kind)
        ]
        for i, column in enumerate(job.columns):
            self.fields[f"col_{i}"] = forms.ChoiceField(
                label=column["header"] or _("(no header)"), choices=choices, required=False
            )

    def mapping(self) -> list[str]:
        return [self.cleaned_data.get(f"col_{i}", "") for i in range(len(self.fields) - 1)]

    def column_fields(self):
        return [self[name] for name in self.fields if name.startswith("col_")]
