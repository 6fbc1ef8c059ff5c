"""`vivier import`: its exit status, and the copy of the file it leaves behind (none)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from vivier.imports.models import ImportJob, ImportStatus
from vivier.talent.models import Candidate

GOOD = "Prénom;Nom;Email\nLéa;Martin;lea@exemple.fr\nHugo;Petit;hugo@exemple.fr\n"
ONE_BAD = "Prénom;Nom;Email\nLéa;Martin;lea@exemple.fr\nHugo;Petit;pas-un-email\n"
ALL_BAD = "Prénom;Nom;Email\nLéa;Martin;pas-un-email\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, db):
    settings.MEDIA_ROOT = tmp_path / "media"


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "c.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _status(*args: str) -> int:
    """The exit status `vivier import` gives a shell (call_command raises instead of exiting)."""
    try:
        call_command("import", *args, stdout=io.StringIO(), stderr=io.StringIO())
    except CommandError as exc:
        return exc.returncode
    return 0


def _left_in(media: Path) -> list[Path]:
    return [p for p in (media / "imports").rglob("*") if p.is_file()]


def test_it_exits_0_when_every_row_went_in(tmp_path):
    assert _status(str(_file(tmp_path, GOOD)), "--kind", "candidates") == 0
    assert Candidate.objects.count() == 2


def test_it_exits_2_when_some_rows_failed(tmp_path):
    assert _status(str(_file(tmp_path, ONE_BAD)), "--kind", "candidates") == 2
    assert Candidate.objects.count() == 1


def test_it_exits_1_when_nothing_was_imported(tmp_path):
    assert _status(str(_file(tmp_path, ALL_BAD)), "--kind", "candidates") == 1
    assert _status(str(tmp_path / "missing.csv"), "--kind", "candidates") == 1
    # The e-mail column mapped to nothing: the mapping is refused.
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"Email": ""}))
    assert _status(str(_file(tmp_path, GOOD)), "--kind", "candidates", "--mapping", str(mapping)) == 1
    assert not Candidate.objects.exists()


def test_a_dry_run_exits_as_the_import_would(tmp_path):
    assert _status(str(_file(tmp_path, ONE_BAD)), "--kind", "candidates", "--dry-run") == 2
    assert _status(str(_file(tmp_path, GOOD)), "--kind", "candidates", "--dry-run") == 0
    assert not Candidate.objects.exists()


def test_rows_skipped_on_purpose_are_not_failures(tmp_path, make):
    make.candidate(email="lea@exemple.fr")
    args = (str(_file(tmp_path, GOOD)), "--kind", "candidates", "--on-duplicate", "skip")
    assert _status(*args) == 0


def test_a_dry_run_leaves_no_copy_of_the_file(tmp_path, settings):
    call_command(
        "import", str(_file(tmp_path, GOOD)), "--kind", "candidates", "--dry-run", stdout=io.StringIO()
    )
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.DRY_RUN_DONE and not job.stored_path
    # Only the dry run's report is left, for the reader (the daily sweep deletes it later).
    assert [p.name for p in _left_in(settings.MEDIA_ROOT)] == ["dry-run.csv"]


def test_a_refused_mapping_leaves_no_copy_of_the_file_and_says_why_on_the_job(tmp_path, settings):
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"Email": ""}))
    with pytest.raises(CommandError):
        call_command("import", str(_file(tmp_path, GOOD)), "--kind", "candidates", "--mapping", str(mapping))
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and job.error and not job.stored_path
    assert _left_in(settings.MEDIA_ROOT) == []


def test_the_command_line_gives_the_documented_exit_status(tmp_path, capsys):
    """The `vivier` console script's own entry point, as a shell script runs it: the status reaches sys.exit."""
    from vivier.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["import", str(_file(tmp_path, ONE_BAD)), "--kind", "candidates"])
    assert exited.value.code == 2
    assert "1 of 2 rows were not imported" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["import", "--help"])
    assert exited.value.code == 0
    assert "exit status: 0 every row" in " ".join(capsys.readouterr().out.lower().split())


def test_it_says_its_outcome_in_english_like_every_command(tmp_path):
    out = io.StringIO()
    call_command(
        "import", str(_file(tmp_path, GOOD)), "--kind", "candidates", stdout=out, stderr=io.StringIO()
    )
    assert out.getvalue().startswith("Import done: 2 rows, 2 created"), out.getvalue()
