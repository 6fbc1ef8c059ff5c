"""The results page: NPS and response rate checked against figures computed by hand, the five-answer
threshold, filters, CSV, permissions with the personas, both languages, and no growth in queries."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vivier.surveys import selectors

pytestmark = pytest.mark.django_db
URL = reverse("surveys:results")


@pytest.fixture
def data(make, surveys, admin):
    """12 surveys sent, 10 answered (hand-computed: 5 promoters, 2 passives, 3 detractors, NPS +20, 83.3 %)."""
    atelier = make.client("Atelier Lumière")
    boulangerie = make.client("Boulangerie Dupain")
    cabinet = make.client("Cabinet Zéro")
    for score in (10, 9, 9, 6, 8):
        surveys.answered(score, client=atelier, comment="Très bon suivi." if score == 10 else "")
    for score in (10, 3, 5, 7):
        surveys.answered(score, client=boulangerie)
    surveys.sent(client=boulangerie)
    surveys.sent(client=boulangerie)
    surveys.planned(client=boulangerie)  # not sent yet: not counted
    surveys.answered(9, job=make.job(client=cabinet, owner=admin), comment="Merci pour le retour honnête.")
    return {"atelier": atelier, "boulangerie": boulangerie, "cabinet": cabinet}


def _csv(response) -> list[list[str]]:
    # French readers get Excel's French dialect: ";" between cells, decimal commas.
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_figures_match_the_hand_computed_ones(data):
    results = selectors.results(selectors.SurveyFilters(), with_comments=True)
    s = results.summary
    assert (s.sent, s.answered, s.promoters, s.passives, s.detractors) == (12, 10, 5, 2, 3)
    assert s.nps == 20 and round(s.response_rate, 1) == 83.3
    assert results.distribution == [
        (0, 0),
        (1, 0),
        (2, 0),
        (3, 1),
        (4, 0),
        (5, 1),
        (6, 1),
        (7, 1),
        (8, 1),
        (9, 3),
        (10, 2),
    ]
    clients = {g.label: g.score for g in results.by_client}
    assert clients["Atelier Lumière"].nps == 40  # (3 promoters − 1 detractor) / 5
    assert clients["Boulangerie Dupain"].nps is None and clients["Boulangerie Dupain"].sent == 6  # 4 answers
    assert [len(results.by_month), results.by_month[0].score.answered] == [1, 10]
    recruiters = {g.label: g.score.answered for g in results.by_recruiter}
    assert recruiters == {"Camille Test": 9, "Admin Test": 1}
    assert [r.comment for r in results.comments] == ["Merci pour le retour honnête.", "Très bon suivi."]


def test_the_nps_rounds_half_away_from_zero():
    assert selectors.Score(sent=8, answered=8, promoters=1, detractors=2).nps == -13  # −12.5
    assert selectors.Score(sent=8, answered=8, promoters=2, detractors=1).nps == 13


def test_a_group_shows_from_five_answers(make, surveys, data, recruiter_client):
    boulangerie = data["boulangerie"]
    page = recruiter_client.get(URL, {"client": str(boulangerie.public_id)}).content.decode()
    assert "Affiché à partir de 5\u00a0réponses" in page or "Affiché à partir de 5 réponses" in page
    assert "moins de 5 réponses" in page and "La répartition apparaît à partir de 5 réponses" in page
    surveys.answered(9, client=boulangerie)  # the fifth answer: 10, 3, 5, 7, 9 → NPS 0
    page = recruiter_client.get(URL, {"client": str(boulangerie.public_id)}).content.decode()
    assert "moins de 5 réponses" not in page and "Réponses par note" in page and "<svg" in page
    assert selectors.summary(selectors.SurveyFilters(client=boulangerie)).nps == 0


def test_the_page_in_french_with_comments_for_a_recruiter(
    data, recruiter_client, django_assert_max_num_queries
):
    page = recruiter_client.get(URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Enquête sur l’expérience candidat" in html and "+20" in html and "83,3" in html
    assert "Atelier Lumière" in html and "+40" in html and "moins de 5 réponses" in html
    assert "Merci pour le retour honnête." in html and "9/10" in html and "/candidates/" in html
    assert 'role="group"' in html and "0 — pas du tout probable" in html  # the accessible chart
    assert "enquête" in recruiter_client.get(reverse("insights:dashboard")).content.decode().lower()


def test_a_viewer_sees_the_figures_but_not_the_comments(data, viewer_client):
    html = viewer_client.get(URL).content.decode()
    assert "+20" in html and "Atelier Lumière" in html
    assert "Merci pour le retour honnête." not in html
    assert 'href="/candidates/' not in html.split("</nav>", 1)[1]  # no candidate link below the menu
    assert "seul·es les recruteur·euses et les administrateur·rices les lisent" in html


def test_the_page_in_english(data, recruiter_client):
    recruiter_client.cookies["django_language"] = "en"
    html = recruiter_client.get(URL).content.decode()
    assert "Candidate experience survey" in html and "fewer than 5 answers" in html and "83.3%" in html


def test_no_survey_no_division_by_zero(recruiter_client, viewer_client):
    html = recruiter_client.get(URL).content.decode()
    assert "Aucune enquête envoyée pour ces filtres." in html and "—" in html
    for table in ("scores", "clients", "recruiters", "months"):
        response = viewer_client.get(reverse("surveys:results_csv", args=[table]))
        assert response.status_code == 200 and len(_csv(response)) == 1  # the header alone
    assert selectors.Score().nps is None and selectors.Score().response_rate is None


def test_the_filters_apply_to_everything_and_bad_ones_are_field_errors(data, admin, recruiter_client):
    by_admin = recruiter_client.get(
        URL, {"recruiter": str(admin.public_id), "from": "", "to": ""}
    ).content.decode()
    row = '<th scope="row" class="fw-normal">{}</th>'
    assert row.format("Cabinet Zéro") in by_admin and row.format("Atelier Lumière") not in by_admin
    bad = recruiter_client.get(URL, {"from": "2026-12-01", "to": "2026-01-01", "client": "nope"})
    assert bad.status_code == 200 and "La fin de la période est avant son début." in bad.content.decode()
    old = recruiter_client.get(URL, {"from": "2020-01-01", "to": "2020-12-31"}).content.decode()
    assert "Aucune enquête envoyée pour ces filtres." in old


def test_the_csv_tables(data, viewer_client):
    rows = _csv(viewer_client.get(reverse("surveys:results_csv", args=["clients"])))
    assert rows[0][:3] == ["Client", "Enquêtes envoyées", "Réponses"]
    atelier = next(r for r in rows if r[0] == "Atelier Lumière")
    assert atelier[1:9] == ["5", "5", "100,0", "3", "1", "1", "40", ""]
    boulangerie = next(r for r in rows if r[0] == "Boulangerie Dupain")
    assert boulangerie[1:4] == ["6", "4", "66,7"] and boulangerie[4:8] == ["", "", "", ""]
    assert boulangerie[8] == "moins de 5 réponses"
    scores = _csv(viewer_client.get(reverse("surveys:results_csv", args=["scores"])))
    assert scores[1:] == [
        [str(n), str(c)]
        for n, c in [(0, 0), (1, 0), (2, 0), (3, 1), (4, 0), (5, 1), (6, 1), (7, 1), (8, 1), (9, 3), (10, 2)]
    ]
    assert viewer_client.get(reverse("surveys:results_csv", args=["comments"])).status_code == 404
    xlsx = viewer_client.get(reverse("surveys:results_csv", args=["clients"]), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert [c.value for c in sheet[1]][:3] == ["Client", "Enquêtes envoyées", "Réponses"]


def test_the_page_does_not_query_more_with_more_answers(make, surveys, recruiter_client):
    surveys.answered(9, comment="Bien.")
    with CaptureQueriesContext(connection) as few:
        recruiter_client.get(URL)
    for score in (1, 5, 8):
        surveys.answered(score, client=make.client(), comment="Un commentaire.")
    with CaptureQueriesContext(connection) as more:
        recruiter_client.get(URL)
    assert len(more.captured_queries) == len(few.captured_queries)


def test_an_anonymous_visitor_is_sent_to_sign_in(outsider):
    assert outsider.get(URL)["Location"].startswith("/accounts/login/")
