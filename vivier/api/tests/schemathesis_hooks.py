"""Schemathesis hooks for what the API document says that JSON Schema cannot, for the pytest run and by hand.

The document says everything about single fields (the phone rule as a pattern, the time zones as a list), so a
run without these hooks finds nothing there either. Rules between two fields of a
job (a salary range the right way up, no remote days on site), which the document states in words, are applied to
the cases schemathesis generates as valid. By hand:

    SCHEMATHESIS_HOOKS=vivier.api.tests.schemathesis_hooks .venv/bin/schemathesis run --checks all \\
        -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8000/api/v1/openapi.json
"""

from __future__ import annotations

import schemathesis


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
