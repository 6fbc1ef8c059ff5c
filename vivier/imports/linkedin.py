"""LinkedIn's own data export (Connections.csv): who in the pool is a connection, and since when.

Matched by profile URL, then e-mail (LinkedIn leaves it empty for most connections), then first and last name
with the company (case and accents ignored; the company must appear in the candidate's headline or source,
since a name alone is not enough to say it is the same person). A match is recorded as 'connected' on the
candidate's LinkedIn record through the outreach service (status and Event); its empty LinkedIn URL is filled
in. Rows that match nobody are reported as skipped with the code 'unmatched', listed for review with a
prefilled "add to the pool" form. Nothing reads LinkedIn itself.

The uploaded file is deleted when the run ends (services.discard_source). The prefilled form reads instead
unmatched.csv: only the unmatched rows, only the fields the form uses (the matched connections are in the
pool already, the other columns are not needed). An erasure scrubs it like the reports (imports.erasure).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.errors import ServiceError
from vivier.imports.parsing import ParseError, fold, parse_date
from vivier.imports.report import Outcome, RowResult
from vivier.imports.values import RowError, _field_messages
from vivier.talent import normalise
from vivier.talent.models import Candidate
from vivier.talent.services import candidate_update


class LinkedInImporter:
    def __init__(self, *, by, on_duplicate: str, import_id: str, source: str) -> None:
        self.by = by if getattr(by, "pk", None) else None

    def process(self, rows: list[tuple[int, dict[str, str]]]) -> list[RowResult]:
        out = []
        for number, raw in rows:
            who = " ".join(filter(None, [raw.get("first_name", ""), raw.get("last_name", "")]))
            try:
                out.append(self.row(number, raw, who))
            except (RowError, ParseError, ValidationError, ServiceError) as exc:
                text = (
                    _field_messages(exc)
                    if isinstance(exc, ValidationError)
                    else getattr(exc, "message", str(exc))
                )
                out.append(RowResult(number, Outcome.ERROR, who, text))
        return out

    def row(self, number: int, raw: dict[str, str], who: str) -> RowResult:
        if not raw.get("first_name") and not raw.get("last_name"):
            raise RowError(_("Missing: first name, last name."))
        try:
            url = normalise.linkedin_url(raw.get("linkedin_url", ""))
        except ValidationError:
            url = ""
        candidate, how = match(
            url=url,
            email=raw.get("email", ""),
            first_name=raw.get("first_name", ""),
            last_name=raw.get("last_name", ""),
            company=raw.get("company", ""),
        )
        if candidate is None:
            return RowResult(
                number, Outcome.SKIPPED, who, _("Nobody in the pool matches: review it."), code="unmatched"
            )
        connected_on = parse_date(raw.get("connected_on"))
        changed = mark_connected(candidate, connected_on=connected_on, by=self.by)
        if url and not candidate.linkedin_url:
            try:
                candidate_update(
                    candidate=candidate, by=self.by, allow_possible_duplicate=True, linkedin_url=url
                )
                changed = True
            except (ValidationError, ServiceError):
                pass  # the URL belongs to another profile: the connection is still recorded
        message = _("Matched by %(how)s.") % {"how": how}
        return RowResult(
            number, Outcome.MERGED if changed else Outcome.UNCHANGED, who, message, str(candidate.public_id)
        )


def match(
    *, url: str, email: str, first_name: str, last_name: str, company: str
) -> tuple[Candidate | None, str]:
    if url:
        found = Candidate.objects.with_key("linkedin_url", [url]).first()
        if found:
            return found, _("LinkedIn profile")
    if email:
        found = Candidate.objects.with_key("email", [email.strip().lower()]).first()
        if found:
            return found, _("e-mail")
    first, last, firm = fold(first_name), fold(last_name), fold(company)
    if not (first and last and firm):
        return None, ""
    # The database compares case-insensitively as written; accents are compared folded here, over both
    # spellings (with and without accents) of the name as LinkedIn gives it.
    spellings = {last_name.strip(), _strip_accents(last_name.strip())}
    candidates = Candidate.objects.none()
    for spelling in spellings:
        candidates = candidates | Candidate.objects.filter(last_name__iexact=spelling)
    for candidate in candidates.only(
        "id", "public_id", "first_name", "last_name", "headline", "source", "linkedin_url", "email"
    )[:50]:
        if (
            fold(candidate.first_name) == first
            and fold(candidate.last_name) == last
            and (firm in fold(candidate.headline) or firm in fold(candidate.source))
        ):
            return Candidate.objects.get(pk=candidate.pk), _("name and company")
    return None, ""


def _strip_accents(value: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))


def mark_connected(candidate: Candidate, *, connected_on: dt.date | None, by) -> bool:
    """Record 'connected' (with LinkedIn's date) unless already connected or further; True if it changed."""
    from vivier.outreach.models import LinkedInStatus
    from vivier.outreach.services import linkedin_get, linkedin_set

    current = linkedin_get(candidate).status
    if current in (LinkedInStatus.CONNECTED, LinkedInStatus.ENGAGED):
        return False
    when = timezone.now()
    if connected_on:
        when = min(when, timezone.make_aware(dt.datetime.combine(connected_on, dt.time(12, 0))))
    linkedin_set(candidate=candidate, status=LinkedInStatus.CONNECTED, by=by, when=when)
    return True


UNMATCHED_FILE = "unmatched.csv"
# What linkedin_create prefills from, and nothing more.
UNMATCHED_FIELDS = ("first_name", "last_name", "email", "linkedin_url", "position", "company", "connected_on")


def write_unmatched(folder: Path, rows: dict[int, dict[str, str]]) -> Path:
    """Keep the rows left to review (row number → mapped values) once the uploaded file is gone. Same
    dialect as the reports (UTF-8 with BOM, semicolons), so the erasure rewrites both the same way."""
    path = folder / UNMATCHED_FILE
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(["row", *UNMATCHED_FIELDS])
        for number, raw in sorted(rows.items()):
            writer.writerow([number, *(raw.get(name, "") for name in UNMATCHED_FIELDS)])
    return path


def read_unmatched(folder: Path, number: int) -> dict[str, str] | None:
    """The kept values of one unmatched row; None when the row is not there (or no file was kept)."""
    path = folder / UNMATCHED_FILE
    if not path.is_file():
        return None
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            if row.get("row") == str(number):
                return {k: v for k, v in row.items() if k in UNMATCHED_FIELDS and v}
    return None
