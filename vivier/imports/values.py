"""From a row's text cells to the keyword arguments of the talent services, per kind of import.

Only the spreadsheet-specific reading lives here (amounts with decimal commas, French dates, "Télétravail
partiel"…); the canonical forms and the rules (e-mail, phone, LinkedIn, tags, lengths) are the talent
services' own, called from here, so an imported candidate obeys exactly what the form obeys.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.utils.translation import gettext as _

from vivier.imports.parsing import ParseError, fold, parse_amount, parse_amount_range, parse_phone_checked
from vivier.talent import normalise

# The service's own normalisation (e-mail, phone, LinkedIn, tags, spaces, upper-case codes). It is private
# to talent.services.candidates today; importing it keeps one set of rules (see the report: make it public).
from vivier.talent.services.candidates import normalised_fields as candidate_normalised


class RowError(Exception):
    """The row cannot be imported; the message says why, for the report."""


REMOTE = {
    **dict.fromkeys(
        [
            "teletravailtotal",
            "fullremote",
            "remote",
            "100",
            "100teletravail",
            "teletravail",
            "totalremote",
            "adistance",
            "full",
        ],
        "remote",
    ),
    **dict.fromkeys(["hybride", "hybrid", "partiel", "teletravailpartiel", "mixte", "flexible"], "hybrid"),
    **dict.fromkeys(
        ["surplace", "surite", "presentiel", "onsite", "office", "bureau", "non", "no", "aucun", "0"],
        "onsite",
    ),
    **dict.fromkeys(["indifferent", "any", "nopreference", "sanspreference", ""], "any"),
}
LANGUAGE = {"fr": "fr", "francais": "fr", "french": "fr", "en": "en", "anglais": "en", "english": "en"}
COUNTRY = {
    "france": "FR",
    "belgique": "BE",
    "belgium": "BE",
    "suisse": "CH",
    "switzerland": "CH",
    "luxembourg": "LU",
    "canada": "CA",
    "espagne": "ES",
    "spain": "ES",
    "allemagne": "DE",
    "germany": "DE",
    "italie": "IT",
    "italy": "IT",
    "royaumeuni": "GB",
    "unitedkingdom": "GB",
    "uk": "GB",
    "portugal": "PT",
    "paysbas": "NL",
    "netherlands": "NL",
    "maroc": "MA",
    "morocco": "MA",
    "tunisie": "TN",
    "algerie": "DZ",
    "senegal": "SN",
    "etatsunis": "US",
    "usa": "US",
    "unitedstates": "US",
    "irlande": "IE",
    "ireland": "IE",
}
CONTRACT = {
    **dict.fromkeys(["cdi", "permanent", "contratadureeindeterminee"], "cdi"),
    **dict.fromkeys(["cdd", "fixedterm", "contratadureedeterminee"], "cdd"),
    **dict.fromkeys(["freelance", "independant", "consultant", "portage"], "freelance"),
    **dict.fromkeys(["stage", "internship", "stagiaire"], "internship"),
    **dict.fromkeys(
        ["alternance", "apprentissage", "apprenticeship", "contratdeprofessionnalisation"], "apprenticeship"
    ),
    **dict.fromkeys(["interim", "temporary", "mission", "temporaire"], "temporary"),
}
JOB_STATUS = {
    **dict.fromkeys(["ouvert", "open", "encours", "actif", "active"], "open"),
    **dict.fromkeys(["enpause", "onhold", "suspendu", "enattente"], "on_hold"),
    **dict.fromkeys(["pourvu", "filled", "ferme", "closed"], "filled"),
    **dict.fromkeys(["annule", "cancelled", "canceled", "abandonne"], "cancelled"),
}
DECLINE_KIND = {
    **dict.fromkeys(
        [
            "declinedbycandidate",
            "refusparlecandidat",
            "refuscandidat",
            "refusdelacandidate",
            "refusducandidat",
            "candidat",
            "candidate",
            "declined",
            "refus",
            "",
        ],
        "declined_by_candidate",
    ),
    **dict.fromkeys(
        ["withdrawn", "desistement", "retrait", "abandoncandidat", "withdrawnbythecandidate"], "withdrawn"
    ),
    **dict.fromkeys(
        ["rejectedbyclient", "refusclient", "refusduclient", "client", "rejectedbytheclient"],
        "rejected_by_client",
    ),
    **dict.fromkeys(
        ["rejectedbyus", "refuscabinet", "refusagence", "nous", "rejectedbytheagency", "agence"],
        "rejected_by_us",
    ),
}


def _choice(table: dict[str, str], value: str, what: str, warnings: list[str]) -> str | None:
    if not value:
        return None
    found = table.get(fold(value))
    if found is None:
        warnings.append(
            _("%(what)s not understood, left empty: %(value)s") % {"what": what, "value": value[:50]}
        )
    return found


def _split_name(full: str) -> tuple[str, str]:
    """'MARTIN Camille' (French files write the family name in capitals) or 'Camille Martin'."""
    parts = full.split()
    if len(parts) < 2:
        return full.strip(), ""
    capitals = [p for p in parts if p.isupper() and len(p) > 1]
    if capitals and len(capitals) < len(parts):
        return " ".join(p for p in parts if p not in capitals), " ".join(capitals).title()
    return parts[0], " ".join(parts[1:])


def field_label(name: str) -> str:
    """A field of what imports write as the report's reader knows it ("LinkedIn profile"), not its code."""
    from vivier.talent.models import Candidate, Decline, Job, Offer

    for model in (Candidate, Job, Offer, Decline):
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            continue
    return name


def _field_messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(
            " ".join(msgs)
            if name == NON_FIELD_ERRORS
            else _("%(field)s: %(errors)s") % {"field": field_label(name), "errors": " ".join(msgs)}
            for name, msgs in exc.message_dict.items()
        )
    return " ".join(exc.messages)


def candidate_fields(raw: dict[str, str]) -> tuple[dict[str, Any], list[str], bool]:
    """The candidate_create arguments of a row, warnings about values left out, and whether its phone (if any)
    was verified (False: kept as written, to check). RowError if unusable."""
    warnings: list[str] = []
    first, last = raw.get("first_name", ""), raw.get("last_name", "")
    if (not first or not last) and raw.get("full_name"):
        split_first, split_last = _split_name(raw["full_name"])
        first, last = first or split_first, last or split_last
    if not (first and last and raw.get("email")):
        missing = [
            label
            for label, value in (
                (_("first name"), first),
                (_("last name"), last),
                (_("e-mail"), raw.get("email", "")),
            )
            if not value
        ]
        raise RowError(_("Missing: %(fields)s.") % {"fields": ", ".join(missing)})
    fields: dict[str, Any] = {"first_name": first, "last_name": last, "email": raw["email"]}
    for name in ("city", "headline", "summary", "source"):
        if raw.get(name):
            fields[name] = raw[name]
    for name in ("skills", "languages", "linkedin_url"):
        if raw.get(name):
            fields[name] = raw[name]
    phone_verified = True
    if raw.get("phone"):
        try:
            phone, phone_verified = parse_phone_checked(raw["phone"])
        except ParseError as exc:
            warnings.append(
                _("Phone left empty: %(error)s (%(value)s)") % {"error": exc, "value": raw["phone"][:40]}
            )
        else:
            fields["phone"] = phone
    if raw.get("salary_expectation"):
        try:
            fields["salary_expectation"] = parse_amount(raw["salary_expectation"])
        except ParseError as exc:
            warnings.append(str(exc))
    if remote := _choice(REMOTE, raw.get("remote_preference", ""), _("Remote preference"), warnings):
        fields["remote_preference"] = remote
    if language := _choice(LANGUAGE, raw.get("language", ""), _("Language"), warnings):
        fields["language"] = language
    if raw.get("country"):
        code = raw["country"].strip().upper()
        if len(code) == 2 and code.isalpha():
            fields["country"] = code
        elif found := _choice(COUNTRY, raw["country"], _("Country"), warnings):
            fields["country"] = found
    phone = fields.pop("phone", None)
    # Optional values the service refuses (a LinkedIn URL that is not a profile, too many skills) are left
    # out with a warning; a bad e-mail makes the row an error, as it does in the form.
    while True:
        try:
            fields = candidate_normalised(fields)
            break
        except ValidationError as exc:
            bad = set(exc.message_dict) if hasattr(exc, "error_dict") else {"email"}
            if "email" in bad:
                raise RowError(_("E-mail not valid: %(value)s") % {"value": raw["email"][:80]}) from exc
            for name in bad:
                warnings.append(
                    _("%(field)s left empty: %(error)s")
                    % {"field": field_label(name), "error": " ".join(exc.message_dict[name])}
                )
                fields.pop(name, None)
    if phone:
        fields["phone"] = phone
    return fields, warnings, phone_verified


def job_fields(raw: dict[str, str]) -> tuple[dict[str, Any], str, list[str]]:
    """The job_create arguments of a row (without the client), the client's name, and warnings."""
    warnings: list[str] = []
    title, client = " ".join(raw.get("title", "").split()), " ".join(raw.get("client", "").split())
    missing = [label for label, value in ((_("job title"), title), (_("client"), client)) if not value]
    if missing:
        raise RowError(_("Missing: %(fields)s.") % {"fields": ", ".join(missing)})
    fields: dict[str, Any] = {"title": title}
    for name in ("city", "description", "rome_code"):
        if raw.get(name):
            fields[name] = raw[name]
    if raw.get("country"):
        code = raw["country"].strip().upper()
        fields["country"] = code if len(code) == 2 and code.isalpha() else COUNTRY.get(fold(code), "FR")
    if raw.get("skills"):
        fields["skills"] = raw["skills"]
    try:
        if raw.get("salary"):
            fields["salary_min"], fields["salary_max"] = parse_amount_range(raw["salary"])
        if raw.get("salary_min"):
            fields["salary_min"] = parse_amount(raw["salary_min"])
        if raw.get("salary_max"):
            fields["salary_max"] = parse_amount(raw["salary_max"])
        if raw.get("remote_days_per_week"):
            days = parse_amount(raw["remote_days_per_week"])
            fields["remote_days_per_week"] = days or 0
    except ParseError as exc:
        raise RowError(str(exc)) from exc
    if contract := _choice(CONTRACT, raw.get("contract_type", ""), _("Contract type"), warnings):
        fields["contract_type"] = contract
    remote = _choice(REMOTE, raw.get("remote_policy", ""), _("Remote policy"), warnings)
    if remote and remote != "any":
        fields["remote_policy"] = remote
    if status := _choice(JOB_STATUS, raw.get("status", ""), _("Status"), warnings):
        fields["status"] = status
    if fields.get("remote_days_per_week") and "remote_policy" not in fields:
        fields["remote_policy"] = "remote" if fields["remote_days_per_week"] >= 5 else "hybrid"
    return fields, client, warnings


def decline_kind(value: str) -> str:
    kind = DECLINE_KIND.get(fold(value))
    if kind is None:
        raise RowError(_("How the offer ended is not understood: %(value)s") % {"value": value[:50]})
    return kind


def reason_codes(value: str, reasons_by_key: dict[str, str]) -> list[str]:
    """'salary', 'Salaire', 'Salary; Remote policy' → codes; an unknown label is a row error."""
    import re

    labels = [p.strip() for p in re.split(r"[;,|/\n]", value or "") if p.strip()]
    if not labels:
        raise RowError(_("Missing: decline reason."))
    codes, unknown = [], []
    for label in labels:
        code = reasons_by_key.get(label.strip().lower()) or reasons_by_key.get(fold(label))
        (codes if code else unknown).append(code or label)
    if unknown:
        raise RowError(_("Unknown decline reason: %(labels)s") % {"labels": ", ".join(unknown)[:200]})
    return list(dict.fromkeys(codes))


def normalise_email(value: str) -> str:
    try:
        return normalise.email(value)
    except ValidationError as exc:
        raise RowError(_("E-mail not valid: %(value)s") % {"value": (value or "")[:80]}) from exc


__all__ = [
    "RowError",
    "candidate_fields",
    "job_fields",
    "decline_kind",
    "reason_codes",
    "normalise_email",
    "_field_messages",
]
