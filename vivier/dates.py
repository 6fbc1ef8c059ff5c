"""The one range of dates Vivier accepts from people and programs, for every date and date-time it is given:
the pages' filters (?from=, ?to=), the forms' fields, the API's parameters and bodies.

Why a range: Python's dates stop at the years 1 and 9999, and the code around a date adds a day to an end
("up to the end of the 31st"), converts local midnights to UTC, or adds months to plan a check-in. Near the
limits that overflows, and a typo or a robot's ?to=9999-12-31 answered 500. Nobody at a recruitment agency
means a date before 1900 or after 2200; anything outside is refused where it comes in (a form's field error,
the API's 400 with the field named), so the code behind never meets it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from pydantic import BeforeValidator, Field

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2200, 12, 31)
# The same bounds for a moment (the API's date-times, in UTC; a form's, in the user's time zone).
EARLIEST_MOMENT = dt.datetime.combine(EARLIEST, dt.time.min, tzinfo=dt.UTC)
LATEST_MOMENT = dt.datetime.combine(LATEST, dt.time.max, tzinfo=dt.UTC)


def in_range(value: dt.date | dt.datetime) -> bool:
    day = value.date() if isinstance(value, dt.datetime) else value
    return EARLIEST <= day <= LATEST


def range_message() -> str:
    return _("Enter a date between %(earliest)s and %(latest)s.") % {
        "earliest": date_format(EARLIEST, "SHORT_DATE_FORMAT"),
        "latest": date_format(LATEST, "SHORT_DATE_FORMAT"),
    }


def validate_in_range(value: dt.date | dt.datetime | None) -> None:
    """A form field's validator: the date (a date-time: its day where the user is) lies within the range."""
    if value is None:
        return
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if not in_range(value):
        raise ValidationError(range_message(), code="date_range")


class DateField(forms.DateField):
    """forms.DateField that refuses dates outside the range; a date input also gets it as min and max."""

    default_validators = [validate_in_range]

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if getattr(widget, "input_type", "") == "date" or widget.attrs.get("type") == "date":
            attrs.update(min=EARLIEST.isoformat(), max=LATEST.isoformat())
        return attrs


class DateTimeField(forms.DateTimeField):
    """forms.DateTimeField that refuses moments outside the range (read in the user's time zone)."""

    default_validators = [validate_in_range]

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if getattr(widget, "input_type", "") == "datetime-local":
            attrs.update(min=f"{EARLIEST.isoformat()}T00:00", max=f"{LATEST.isoformat()}T23:59")
        return attrs


# The range and the calendar as a JSON Schema pattern, so that the OpenAPI document says exactly which dates the
# API takes (a `format: date` alone admits 0001-01-01, which the range refuses): every day of 1900 … 2200, the
# 29th of February in leap years only (2000 is one; 1900, 2100 and 2200 are not).
_DAY = (
    r"(?:(?:19|20|21)[0-9]{2}|2200)-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    r"|(?:(?:19|20|21)(?:0[48]|[2468][048]|[13579][26])|2000)-02-29"
)
DATE_PATTERN = rf"^(?:{_DAY})$"
# RFC 3339 (the document's `date-time`): seconds and the offset required.
MOMENT_PATTERN = (
    rf"^(?:{_DAY})[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?"
    r"(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$"
)


def _say_range(schema: dict[str, Any], pattern: str) -> None:
    # pydantic checks ge/le on dates but leaves them out of the JSON schema: the pattern and the description
    # say them.
    note = f"Between {EARLIEST.isoformat()} and {LATEST.isoformat()}."
    schema["description"] = f"{schema.get('description', '')} {note}".strip()
    schema["pattern"] = pattern


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# RFC 3339, which the OpenAPI document's `date-time` format means: seconds and the offset are required.
_RFC3339 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?"
    r"(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)


def _iso_date(value: Any) -> Any:
    """YYYY-MM-DD only: pydantic alone would also read a number, or a string of digits, as seconds since 1970
    (`?to=0`): a client sending one made a mistake."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return value  # no such day (2026-02-30): pydantic says so
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value
    else:
        raise ValueError(_("Enter a date as YYYY-MM-DD."))
    # Said here, in the reader's language, rather than by pydantic's ge/le ("Input should be greater than…").
    if not in_range(day):
        raise ValueError(range_message())
    return value


def _iso_moment(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _RFC3339.fullmatch(value):
        # The day as written is what the range (and the document's pattern) speaks of, whatever its offset.
        if not EARLIEST.year <= int(value[:4]) <= LATEST.year:
            raise ValueError(range_message())
        return value
    raise ValueError(_("Enter a date and time with its offset, as 2030-01-31T09:00:00+01:00."))


# The API's dates and date-times: written in ISO 8601, within the range; else the one error shape's 400
# naming the field. (The range before the format check: so pydantic applies ge/le to the date itself and
# keeps them out of the JSON schema, where strings under "ge" and "le" are no JSON Schema.)
ApiDate = Annotated[
    dt.date,
    Field(ge=EARLIEST, le=LATEST, json_schema_extra=lambda schema: _say_range(schema, DATE_PATTERN)),
    BeforeValidator(_iso_date),
]
ApiDateTime = Annotated[
    dt.datetime,
    # The range is checked on the day as written (1900-01-01T00:00:00+05:00 is 1899-12-31 in UTC, and allowed).
    Field(json_schema_extra=lambda schema: _say_range(schema, MOMENT_PATTERN)),
    BeforeValidator(_iso_moment),
]


def refused_filters(form: forms.Form) -> HttpResponseBadRequest | None:
    """A file downloaded with a filter refused (a hand-edited ?to=9999-12-31): 400 naming the field, rather
    than a file silently holding more rows than asked. None when every filter is valid.

    Pages show the same errors beside their fields and leave the invalid filter out.
    """
    if form.is_valid():
        return None
    lines = [
        f"{form[name].label if name in form.fields else name}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    ]
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def shown(value: Any) -> Any:
    """A value of a JSON export (ISO 8601 text for its dates and moments) as the pages show them: a moment in
    the agency's time zone, day first; anything else as it is."""
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return value
    try:
        if len(value) == 10:
            day = parse_date(value)
            return date_format(day, "SHORT_DATE_FORMAT") if day else value
        moment = parse_datetime(value)
    except ValueError:  # well formed but no date (2026-13-45): text, as typed
        return value
    if moment is None:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "SHORT_DATETIME_FORMAT")
