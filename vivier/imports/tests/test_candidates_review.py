"""Phones and possible duplicates in a candidate import: the rules the form and the API follow too."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from vivier.imports.models import ImportJob
from vivier.imports.services import import_file_now
from vivier.talent.models import Candidate


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, db):
    settings.MEDIA_ROOT = tmp_path / "media"


def _run(tmp_path: Path, text: str, **kw) -> ImportJob:
    path = tmp_path / "c.csv"
    path.write_text(text, encoding="utf-8")
    return import_file_now(path=path, kind="candidates", **kw)


def _report(job: ImportJob) -> list[dict]:
    return list(csv.DictReader(io.StringIO(job.report_file.read_text(encoding="utf-8-sig")), delimiter=";"))


def test_two_people_sharing_a_switchboard_are_both_created_and_listed_for_review(tmp_path):
    job = _run(
        tmp_path,
        "Prénom;Nom;Email;Téléphone\n"
        "Léa;Martin;lea@acme.fr;01 40 00 00 00\n"
        "Hugo;Petit;hugo@acme.fr;+33 1 40 00 00 00\n",
    )
    assert (job.created, job.unchanged, job.merged) == (2, 0, 0)
    lea, hugo = Candidate.objects.get(email="lea@acme.fr"), Candidate.objects.get(email="hugo@acme.fr")
    assert lea.phone == hugo.phone == "+33140000000"
    first, second = _report(job)
    assert first["code"] == "" and first["related"] == ""
    assert second["outcome"] == "created" and second["code"] == "possible_duplicate"
    assert (second["public_id"], second["related"]) == (str(hugo.public_id), str(lea.public_id))
    assert "Doublon possible" in second["message"] and "Léa Martin" in second["message"]


def test_a_phone_already_in_the_pool_makes_a_possible_duplicate_not_a_merge(tmp_path, make):
    standard = make.candidate(first_name="Marc", last_name="Blanc", phone="01 40 00 00 00", city="Paris")
    job = _run(tmp_path, "Prénom;Nom;Email;Téléphone;Ville\nLéa;Martin;lea@acme.fr;0140000000;Lyon\n")
    assert (job.created, job.merged, job.unchanged) == (1, 0, 0)
    standard.refresh_from_db()
    assert standard.city == "Paris"  # nothing of Léa's went into Marc's profile
    [row] = _report(job)
    assert row["related"] == str(standard.public_id) and "Marc Blanc" in row["message"]


def test_a_merge_that_fills_someone_elses_phone_is_flagged(tmp_path, make):
    make.candidate(first_name="Marc", last_name="Blanc", phone="01 40 00 00 00")
    lea = make.candidate(first_name="Léa", last_name="Martin", email="lea@acme.fr")
    job = _run(tmp_path, "Prénom;Nom;Email;Téléphone\nLéa;Martin;lea@acme.fr;01 40 00 00 00\n")
    assert job.merged == 1
    lea.refresh_from_db()
    assert lea.phone == "+33140000000"
    [row] = _report(job)
    assert row["code"] == "possible_duplicate" and "téléphone" in row["message"]


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("0692 12 34 56", "+262692123456"),  # Réunion
        ("0693 90 12 34", "+262693901234"),  # Réunion
        ("0639 01 23 45", "+262639012345"),  # Mayotte
        ("0690 12 34 56", "+590690123456"),  # Guadeloupe
        ("0696 12 34 56", "+596696123456"),  # Martinique
        ("0694 12 34 56", "+594694123456"),  # Guyane
        ("692123456", "+262692123456"),  # the leading 0 lost by a spreadsheet
    ],
)
def test_overseas_phones_are_kept_in_their_own_country_code(tmp_path, written, stored):
    job = _run(tmp_path, f"Prénom;Nom;Email;Téléphone\nLéa;Martin;lea@exemple.fr;{written}\n")
    assert (job.created, job.errors) == (1, 0)
    assert Candidate.objects.get().phone == stored
    assert _report(job)[0]["code"] == ""


def test_a_phone_that_cannot_be_verified_is_kept_as_written_and_flagged(tmp_path):
    job = _run(
        tmp_path,
        "Prénom;Nom;Email;Téléphone\n"
        "Léa;Martin;lea@exemple.fr;0691 12 34 56\n"
        "Hugo;Petit;hugo@exemple.fr;06 12 34 56 78 poste 12\n"
        "Zoé;Roux;zoe@exemple.fr;voir CV\n",
    )
    assert (job.created, job.errors) == (3, 0)
    assert Candidate.objects.get(email="lea@exemple.fr").phone == "0691 12 34 56"
    assert Candidate.objects.get(email="hugo@exemple.fr").phone == "06 12 34 56 78 poste 12"
    lea, hugo, zoe = _report(job)
    for row in (lea, hugo):
        assert row["code"] == "phone_unverified" and "à vérifier" in row["message"]
    # Not a number at all: the person is imported without it, and the report keeps what the cell said.
    assert Candidate.objects.get(email="zoe@exemple.fr").phone == ""
    assert "voir CV" in zoe["message"]


def test_a_row_can_be_both_unverified_and_a_possible_duplicate(tmp_path):
    job = _run(
        tmp_path,
        "Prénom;Nom;Email;Téléphone\nLéa;Martin;lea@acme.fr;0691 12 34 56\nHugo;Petit;hugo@acme.fr;0691 12 34 56\n",
    )
    assert job.created == 2
    assert _report(job)[1]["code"].split() == ["phone_unverified", "possible_duplicate"]


def test_a_merge_that_gives_no_phone_flags_nothing(tmp_path, make):
    make.candidate(first_name="Marc", last_name="Blanc", phone="01 40 00 00 00")
    make.candidate(first_name="Léa", last_name="Martin", email="lea@acme.fr", phone="01 40 00 00 00")
    job = _run(tmp_path, "Prénom;Nom;Email;Ville\nLéa;Martin;lea@acme.fr;Lyon\n")
    [row] = _report(job)
    assert (job.merged, row["code"], row["related"]) == (1, "", "")
