"""Imports and erasure, both ways.

Was this person erased earlier? Then an import flags the row instead of bringing them back. Erasure keeps
only a keyed hash of the e-mail (DESIGN §6), in the privacy app's ErasedIdentity rows. Imports ask once per
chunk of rows (one IN query), not once per row.

Erasing someone now: forget_in_imports removes them from the files imports keep (called by the privacy
erasure once its transaction is committed).
- Files derived from an upload (report.csv, dry-run.csv, unmatched.csv under MEDIA_ROOT/imports/*/) are
  rewritten: every row that mentions the person (their public id, e-mail, phone, LinkedIn profile or full
  name, accents and case ignored) keeps its row number, outcome and code, and every other cell becomes
  "[erased]". The whole row, not just the matching cell: the "who" cell pairs the name with the e-mail, and
  messages echo values (an invalid e-mail, the name of the profile a row merged into). Few such files exist
  (one per import) and each is read once.
- Uploaded files still kept (an import not run yet, a dry run done, a queued or running import, or an old
  import from before sources were deleted at the end of the run) are scanned for the e-mail or the LinkedIn
  profile (CSV as text, UTF-8 then Windows-1252; XLSX through openpyxl, read-only). A match deletes the file:
  a waiting job is marked failed ("upload the file again": the new upload then flags the person as erased);
  a running one gets a cancel request marked "erased", so it rolls back and ends failed the same way. Names
  alone are not searched in uploads: a namesake would destroy someone else's pending import.
Known limit: a run that passes its last cancel check in the same instant commits; its source is deleted at
its end anyway, and a later erasure request finds the person in the pool again.
"""

from __future__ import annotations

import csv
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.imports.parsing import fold

logger = logging.getLogger("vivier.imports")
DERIVED_FILES = ("report.csv", "dry-run.csv", "unmatched.csv")
KEPT_COLUMNS = frozenset({"row", "outcome", "code"})  # never personal: kept so the report still adds up


def is_erased(email: str) -> bool:
    """True when the e-mail belongs to someone erased from the pool (the privacy app keeps their hashes)."""
    from vivier.privacy.policy import is_erased as privacy_is_erased  # privacy imports this module back

    return privacy_is_erased(email)


def erased_among(emails: Iterable[str]) -> set[str]:
    """The e-mails of `emails` that belonged to people erased from the pool: one IN query per chunk of rows."""
    from vivier.privacy.models import ErasedIdentity
    from vivier.privacy.policy import email_hash

    emails = {e for e in emails if e}
    if not emails or not ErasedIdentity.objects.exists():  # usually nobody: no hashing 100,000 addresses
        return set()
    hashes = {email_hash(e): e for e in emails}
    found = ErasedIdentity.objects.filter(email_hash__in=list(hashes)).values_list("email_hash", flat=True)
    return {hashes[h] for h in found}


# --- Erasing someone: the files imports keep ----------------------------------------------------------------


@dataclass(frozen=True)
class ErasedPerson:
    """What identifies the person in a file; captured before their row is deleted."""

    public_id: str
    email: str
    phone: str = ""
    full_name: str = ""
    linkedin_url: str = ""

    def _email_re(self) -> re.Pattern[str] | None:
        email = self.email.strip().lower()
        # Bounded: "lea@x.fr" must not match inside "clea@x.fr" or "lea@x.fra".
        return re.compile(rf"(?<![\w.+-]){re.escape(email)}(?![\w-]|\.\w)") if email else None

    def _profile(self) -> str:
        # "linkedin.com/in/<slug>": files write the URL with or without scheme and www, in any case.
        match = re.search(r"linkedin\.com/in/[^/?#\s]+", self.linkedin_url.lower())
        return match.group(0) if match else ""

    def in_text(self, text: str) -> bool:
        """The e-mail or LinkedIn profile appears in `text` (an upload: names are not searched there)."""
        text = text.lower()
        email = self._email_re()
        if email and email.search(text):
            return True
        profile = self._profile()
        return bool(profile) and re.search(re.escape(profile) + r"(?![\w-])", text) is not None

    def in_row(self, cells: list[str]) -> bool:
        """A row of a derived file mentions the person (ids, contact details or full name)."""
        bare = [c[1:] if c.startswith("'") else c for c in cells]  # the report's anti-formula apostrophe
        if self.public_id and self.public_id in bare:
            return True
        if self.in_text(" ".join(bare)):
            return True
        name = fold(self.full_name)
        if len(name) >= 4 and name in fold(" ".join(bare)):  # 4+: a two-letter name would match too much
            return True
        digits = re.sub(r"\D", "", self.phone)[-9:]  # national number: +33 6… and 06… both end with it
        return len(digits) == 9 and any(digits in re.sub(r"\D", "", c) for c in bare if c != self.public_id)


def erased_label() -> str:
    return _("[erased]")


def _scrub_file(path: Path, person: ErasedPerson) -> int:
    """Rewrite the rows of a derived CSV that mention the person; the number of rows rewritten."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    if not rows:
        return 0
    header, label, changed = rows[0], erased_label(), 0
    personal = [i for i, name in enumerate(header) if name not in KEPT_COLUMNS]
    for row in rows[1:]:
        if person.in_row(row):
            for i in personal:
                if i < len(row) and row[i]:
                    row[i] = label
            changed += 1
    if changed:
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f, delimiter=";").writerows(rows)
        os.replace(tmp, path)  # a download in progress reads the old file or the new one, never half of one
    return changed


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def source_mentions(path: Path, person: ErasedPerson) -> bool:
    """The uploaded file holds the person's e-mail or LinkedIn profile. An unreadable file counts as
    holding them: it cannot be shown not to, and it can be uploaded again."""
    try:
        with path.open("rb") as f:
            is_xlsx = f.read(4) == b"PK\x03\x04"
        if not is_xlsx:
            return person.in_text(_decode(path.read_bytes()))
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        try:
            for sheet in book.worksheets:
                for values in sheet.iter_rows(values_only=True):
                    line = " ".join(str(v) for v in values if v is not None)
                    if line and person.in_text(line):
                        return True
        finally:
            book.close()
        return False
    except FileNotFoundError:
        return False
    except Exception:  # noqa: BLE001 - a broken zip, a bad sheet: treated as a match, see above
        logger.warning("could not scan an import's file for an erasure", extra={"path": str(path)})
        return True


def _forget_in_sources(person: ErasedPerson) -> int:
    from vivier.imports.models import ImportJob, ImportStatus
    from vivier.imports.services import CANCEL_ERASED, discard_source, erased_error

    deleted = 0
    for job in ImportJob.objects.exclude(stored_path=""):
        if not job.has_source or not source_mentions(job.file, person):
            continue
        deleted += 1
        if job.is_finished and job.status != ImportStatus.DRY_RUN_DONE:
            discard_source(job)  # an old finished import that still held its file: no status to change
            job.save(update_fields=["stored_path", "report_path"])
            continue
        # A job that is not running is failed here. Conditional UPDATE: the worker claims a queued job the
        # same way, so once this one is failed it can no longer start.
        waiting = (ImportStatus.UPLOADED, ImportStatus.MAPPED, ImportStatus.DRY_RUN_DONE, ImportStatus.QUEUED)
        if ImportJob.objects.filter(pk=job.pk, status__in=waiting).update(
            status=ImportStatus.FAILED, error=erased_error(), finished_at=timezone.now()
        ):
            discard_source(job)
            job.save(update_fields=["stored_path", "report_path"])
        elif ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING).exists():
            # The run reads the file through an open handle: it rolls back at its next chunk, ends failed
            # and deletes the file itself (services.import_execute).
            job.folder.mkdir(parents=True, exist_ok=True)
            (job.folder / "cancel").write_text(CANCEL_ERASED)
    return deleted


def forget_in_imports(person: ErasedPerson) -> dict[str, int]:
    """Remove the person from every file imports keep (see the module docstring). Logged, not raised: the
    rows are gone already, and an operator can finish by hand what a full disk or a permission stopped."""
    sources = rows = 0
    try:
        sources = _forget_in_sources(person)
    except Exception:  # noqa: BLE001
        logger.exception("could not check the uploaded files for an erasure")
    # Reports after sources: a run stopped above has deleted or kept its report by now, or will (cancelled
    # runs delete theirs).
    for path in sorted((Path(settings.MEDIA_ROOT) / "imports").glob("*/*.csv")):
        if path.name not in DERIVED_FILES:
            continue
        try:
            rows += _scrub_file(path, person)
        except (OSError, csv.Error, UnicodeError):
            logger.exception("could not rewrite an import's report for an erasure", extra={"path": str(path)})
    return {"sources_deleted": sources, "report_rows_erased": rows}
