"""Schemathesis strategies for the API document's own string formats, for the pytest run and the command line.

The document marks `phone` and `time_zone` with formats of its own (`phone`, `time-zone`): which values are valid is
decided by libphonenumber and the time zone database, which no pattern can say. Generic tools ignore such formats;
schemathesis takes a strategy for each, so that the values it calls valid are valid. By hand:

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
