import pytest
from django.db import connection

from vivier.talent.models import Candidate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "values"),
    [("email", ["Lea@Example.fr", "b@example.fr"]), ("phone", ["+33612345678"]), ("linkedin_url", ["x"])],
)
def test_duplicate_lookups_use_an_index_not_a_scan(field, values):
    queryset = Candidate.objects.with_key(field, values)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "USING INDEX" in plan and "SCAN talent_candidate" not in plan, plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "Index" in plan, plan


def test_it_finds_people_by_key_whatever_the_case(make):
    lea = make.candidate(email="lea.martin@example.fr", phone="+33612345678")
    make.candidate(email="other@example.fr", phone="")
    assert list(Candidate.objects.with_key("email", ["Lea.Martin@Example.FR"])) == [lea]
    assert list(Candidate.objects.with_key("phone", ["+33612345678", ""])) == [lea]
    assert not Candidate.objects.with_key("phone", [""]).exists()
    with pytest.raises(ValueError):
        Candidate.objects.with_key("city", ["Lyon"])
