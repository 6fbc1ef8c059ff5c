import json

import pytest
from django.core.management import CommandError, call_command

from vivier.matching import evaluation as ev

JOBS = [
    (
        "Python developer",
        "Python, Django and PostgreSQL for web services",
        "Python Django web developer",
        "Java developer",
    ),
    (
        "Registered nurse",
        "Patient care in hospital wards, night shifts",
        "Nurse, patient care, hospital",
        "Nurse",
    ),
    (
        "Truck driver",
        "Heavy goods vehicle licence, long-distance routes",
        "Truck driver, heavy goods licence",
        "Driver",
    ),
]


@pytest.fixture
def rjdb(tmp_path):
    path = tmp_path / "tiny.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for title, body, good, weak in JOBS:
            fh.write(
                json.dumps(
                    {
                        "Job-Description": f"## Job title\n{title}\n\n## Summary\n{body}",
                        "Resume-matched": good,
                        "Resume-unmatched": weak,
                    }
                )
                + "\n"
            )
    return path


@pytest.fixture
def melo(tmp_path):
    folder = tmp_path / "melo"
    folder.mkdir()
    (folder / "queries.tsv").write_text(
        "Q1\tDéveloppeuse web\nQ2\tInfirmière de bloc opératoire\n", encoding="utf-8"
    )
    (folder / "corpus_elements.tsv").write_text(
        "C1_fr_000\tdéveloppeur web\nC1_fr_001\tdéveloppeuse web\nC2_fr_000\tinfirmier de bloc opératoire\n"
        "C3_fr_000\tcomptable\n",
        encoding="utf-8",
    )
    (folder / "annotations.tsv").write_text(
        "Q1\t0\tC1_fr_000\t1\nQ1\t0\tC1_fr_001\t1\nQ2\t0\tC2_fr_000\t1\n", encoding="utf-8"
    )
    return folder


def test_it_reports_both_benchmarks_as_json(rjdb, melo, capsys):
    call_command("evaluate", rjdb=str(rjdb), melo=str(melo), json=True)
    report = json.loads(capsys.readouterr().out)
    rj = report["rediscovery (rjdb)"]["results"]
    assert set(rj) == {"BM25 baseline", "Vivier"}
    assert rj["Vivier"]["MRR"] == 1.0 and rj["Vivier"]["matched > weakened"] == 1.0
    melo_vivier = report["title normalisation (MELO fr)"]["results"]["Vivier"]
    # the baseline does not know that développeuse and développeur are one job; Vivier does
    assert melo_vivier["Recall@10"] == 1.0
    assert melo_vivier["MAP"] >= report["title normalisation (MELO fr)"]["results"]["BM25 baseline"]["MAP"]


def test_it_prints_a_table(rjdb, melo, capsys):
    call_command("evaluate", rjdb=str(rjdb), melo=str(melo))
    out = capsys.readouterr().out
    assert "BM25 baseline" in out and "Vivier" in out and "Recall@10" in out


def test_it_says_clearly_when_the_data_is_absent(tmp_path):
    with pytest.raises(CommandError, match="never shipped"):
        call_command("evaluate", rjdb=str(tmp_path / "missing.jsonl"), only="rjdb")
    with pytest.raises(CommandError, match="never shipped"):
        call_command("evaluate", melo=str(tmp_path), only="melo")


def test_the_metrics_are_right():
    assert ev.reciprocal_rank([3, 1, 2], {1}) == 0.5
    assert ev.recall_at([3, 1, 2], {1, 2}, 2) == 0.5
    assert ev.average_precision([1, 3, 2], {1, 2}) == pytest.approx((1 + 2 / 3) / 2)
    assert ev.job_title_of("\n\n## Job title\nNurse\n\nText") == "Nurse"
