from django.utils import translation

from vivier.front.templatetags.front import money, number, percent, status_badge, url_or_empty


def test_it_formats_money_by_language():
    with translation.override("fr"):
        assert money(45000, "EUR") == "45\u202f000\u00a0€"
        assert money(1234567, "CHF") == "1\u202f234\u202f567\u00a0CHF"
        assert number(1234) == "1\u202f234"
        assert percent(-13.5) == "-13,5\u202f%"
    with translation.override("en"):
        assert money(45000, "EUR") == "€45,000"
        assert money(45000, "CHF") == "CHF\u00a045,000"
        assert number(1234) == "1,234"
        assert percent(-13.5) == "-13.5%"
    assert money(None) == "" and money("", "EUR") == ""


def test_it_returns_an_empty_url_for_a_name_not_defined_yet():
    assert url_or_empty("front:dashboard") == "/"
    assert url_or_empty("accounts:does_not_exist") == ""


def test_it_tells_job_and_offer_statuses_apart():
    assert status_badge("open", "job") == "text-bg-success"
    assert status_badge("open", "offer") == "text-bg-warning"
    assert status_badge("whatever", "job") == "text-bg-light border"
