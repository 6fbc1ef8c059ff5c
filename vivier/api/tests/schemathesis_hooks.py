"""Schemathesis hooks for what the API document says that JSON Schema cannot, for the pytest run and by hand.

The document marks `phone` and `time_zone` with formats of its own (`phone`, `time-zone`): which values are valid is
decided by libphonenumber and the time zone database, which no pattern can say. Generic tools ignore such formats;
schemathesis takes a strategy for each, so that the values it calls valid are valid. Rules between two fields of a
job (a salary range the right way up, no remote days on site), which the document states in words, are applied to
the cases schemathesis generates as valid. By hand:

    SCHEMATHESIS_HOOKS=vivier.api.tests.schemathesis_hooks .venv/bin/schemathesis run --checks all \\
        -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8000/api/v1/openapi.json
"""

from __future__ import annotations

import zoneinfo

import phonenumbers
import schemathesis
from hypothesis import strategies as st

from vivier.talent.normalise import phone as normalise_phone


def _phone_numbers() -> list[str]:
    """Example numbers of every region, as people write them: international, E.164, and French national."""
    written: list[str] = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            number = phonenumbers.example_number_for_type(region, kind)
            if number is None:
                continue
            formats = [phonenumbers.PhoneNumberFormat.INTERNATIONAL, phonenumbers.PhoneNumberFormat.E164]
            if region == "FR":
                formats.append(phonenumbers.PhoneNumberFormat.NATIONAL)
            written.extend(phonenumbers.format_number(number, f) for f in formats)
    valid = []
    for text in dict.fromkeys(written):
        try:
            normalise_phone(text)
        except Exception:  # noqa: BLE001, S112 - an example the library itself does not accept: not a valid one
            continue
        valid.append(text)
    return valid


schemathesis.openapi.format("phone", st.sampled_from(["", *_phone_numbers()]))
schemathesis.openapi.format("time-zone", st.sampled_from(sorted(zoneinfo.available_timezones())))


@schemathesis.hook
def map_case(context, case):
    """A job's valid cases follow the rules between its fields: salary_min <= salary_max, no remote day on site.

    (Only when the case states both fields: a PATCH of one of them is judged against the stored job.)
    """
    meta, body = case.meta, case.body
    if meta is None or not meta.generation.mode.is_positive or not isinstance(body, dict):
        return case
    if not case.operation.path.endswith(("/jobs", "/jobs/{job_id}")):
        return case
    low, high = body.get("salary_min"), body.get("salary_max")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        body["salary_min"], body["salary_max"] = high, low
    policy = body.get("remote_policy", "onsite" if case.method.upper() == "POST" else None)
    if policy == "onsite" and body.get("remote_days_per_week"):
        body["remote_days_per_week"] = 0
    return case
