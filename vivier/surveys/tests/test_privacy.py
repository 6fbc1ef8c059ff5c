"""A survey answer is the person's data: in their export (without the link's id), gone with their erasure."""

import pytest

from vivier.privacy.services import candidate_erase, candidate_export
from vivier.surveys import selectors
from vivier.surveys.models import SurveyResponse
from vivier.talent.models import Decline

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_answer_and_the_erasure_removes_it(make, surveys):
    response = surveys.answered(2, comment="Trop d’entretiens.")
    candidate = response.candidate
    [row] = candidate_export(candidate=candidate, by=make.by)["sections"]["surveys.SurveyResponse"]
    assert (row["score"], row["comment"], row["public_id"]) == (
        2,
        "Trop d’entretiens.",
        str(response.public_id),
    )
    assert "token_id" not in row

    candidate_erase(candidate=candidate, by=make.by, reason="Demande d'effacement du 20/11")
    assert not SurveyResponse.objects.exists()
    assert Decline.objects.count() == 1  # the decline stays as a statistic, the answer does not
    assert selectors.summary(selectors.SurveyFilters()).sent == 0
