import importlib.util
import sys

import pytest
from django.core.mail import get_connection

from vivier import conf
from vivier.conf import ConfigError, email_settings


def test_unset_means_the_local_mailbox():
    assert email_settings(None) == {"EMAIL_BACKEND": "vivier.outreach.mailbox.LocalMailboxBackend"}
    assert email_settings("") == {"EMAIL_BACKEND": "vivier.outreach.mailbox.LocalMailboxBackend"}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://127.0.0.1", ("127.0.0.1", 25, "", "", False, False)),
        ("smtp+tls://user:p%40ss@mail.example.com", ("mail.example.com", 587, "user", "p@ss", True, False)),
        ("smtp+ssl://user:pass@mail.example.com", ("mail.example.com", 465, "user", "pass", False, True)),
        ("smtp+tls://mail.example.com:2525", ("mail.example.com", 2525, "", "", True, False)),
    ],
)
def test_smtp_urls(url, expected):
    host, port, user, password, tls, ssl = expected
    assert email_settings(url) == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": host,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": user,
        "EMAIL_HOST_PASSWORD": password,
        "EMAIL_USE_TLS": tls,
        "EMAIL_USE_SSL": ssl,
        "EMAIL_TIMEOUT": 30,
    }


@pytest.mark.parametrize(
    ("url", "backend", "anymail"),
    [
        ("anymail+brevo://xkeysib-123@", "brevo", {"BREVO_API_KEY": "xkeysib-123"}),
        (
            "anymail+mailgun://key-123@?sender_domain=mg.example.com",
            "mailgun",
            {"MAILGUN_API_KEY": "key-123", "MAILGUN_SENDER_DOMAIN": "mg.example.com"},
        ),
        ("anymail+postmark://TOKEN@", "postmark", {"POSTMARK_SERVER_TOKEN": "TOKEN"}),
        ("anymail+sendgrid://SG.abc.def@", "sendgrid", {"SENDGRID_API_KEY": "SG.abc.def"}),
        (
            "anymail+mailjet://KEY:SECRET@",
            "mailjet",
            {"MAILJET_API_KEY": "KEY", "MAILJET_SECRET_KEY": "SECRET"},
        ),
        ("anymail+resend://re%2Fkey@", "resend", {"RESEND_API_KEY": "re/key"}),  # a / in a key is %2F
        ("anymail+unisender_go://KEY@", "unisender_go", {"UNISENDER_GO_API_KEY": "KEY"}),
        (
            "anymail+postmark://TOKEN@?message_stream=outreach&use_bulk_api=false&requests_timeout=10",
            "postmark",
            {
                "POSTMARK_SERVER_TOKEN": "TOKEN",
                "POSTMARK_MESSAGE_STREAM": "outreach",
                "POSTMARK_USE_BULK_API": False,
                "POSTMARK_REQUESTS_TIMEOUT": 10,
            },
        ),
    ],
)
def test_anymail_urls(url, backend, anymail):
    assert email_settings(url) == {
        "EMAIL_BACKEND": f"anymail.backends.{backend}.EmailBackend",
        "ANYMAIL": anymail,
    }


@pytest.mark.parametrize(
    ("url", "attributes"),
    [
        ("anymail+brevo://KEY@", {"api_key": "KEY"}),
        (
            "anymail+mailgun://KEY@?sender_domain=mg.example.com",
            {"api_key": "KEY", "sender_domain": "mg.example.com"},
        ),
        (
            "anymail+postmark://TOKEN@?message_stream=outreach",
            {"server_token": "TOKEN", "message_stream": "outreach"},
        ),
        ("anymail+sendgrid://KEY@", {"api_key": "KEY"}),
        ("anymail+mailjet://KEY:SECRET@", {"api_key": "KEY", "secret_key": "SECRET"}),
    ],
)
@pytest.mark.filterwarnings("ignore::anymail.exceptions.AnymailNotSupportedWarning")  # SendGrid's
def test_anymail_backends_read_the_settings(settings, url, attributes):
    """The names are Anymail's own: the backend built from them finds its key (it would not start without)."""
    for name, value in email_settings(url).items():
        setattr(settings, name, value)
    backend = get_connection()
    assert {name: getattr(backend, name) for name in attributes} == attributes


def test_amazon_ses_takes_the_region_and_its_credentials_from_the_aws_environment(monkeypatch):
    url = "anymail+amazon_ses://@?region=eu-west-3"
    if (
        importlib.util.find_spec("boto3") is None
    ):  # Anymail's extra is missing: refused at start, not at sending
        with pytest.raises(ConfigError, match="boto3"):
            email_settings(url)
        monkeypatch.setattr(conf, "_anymail_import", lambda esp: None)
    assert email_settings(url) == {
        "EMAIL_BACKEND": "anymail.backends.amazon_ses.EmailBackend",
        "ANYMAIL": {"AMAZON_SES_CLIENT_PARAMS": {"region_name": "eu-west-3"}},
    }
    assert (
        email_settings("anymail+amazon-ses://@")["EMAIL_BACKEND"]
        == "anymail.backends.amazon_ses.EmailBackend"
    )


def test_an_unknown_esp_is_refused_with_the_supported_ones():
    with pytest.raises(ConfigError, match="unknown ESP 'sparkmail'") as caught:
        email_settings("anymail+sparkmail://KEY@")
    supported = str(caught.value).split("supports ", 1)[1].split(", ")
    assert {"amazon_ses", "brevo", "mailgun", "postmark", "sendgrid"} <= set(supported)
    assert not {"base", "base_requests", "console", "test", "sendinblue"} & set(supported)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://mail.example.com", "scheme must be one of smtp, smtp\\+tls, smtp\\+ssl, anymail\\+<esp>"),
        ("smtp://", "must name a host"),
        ("smtp://mail.example.com:port", "invalid port"),
        ("anymail+://KEY@", "unknown ESP ''"),
        ("anymail+brevo://", "must look like anymail\\+brevo://API_KEY@"),  # no key
        ("anymail+brevo://KEY", "must look like anymail\\+brevo://API_KEY@"),  # no @
        ("anymail+brevo:KEY", "must look like anymail\\+brevo://API_KEY@"),
        ("anymail+brevo://KEY@api.brevo.com", "must look like anymail\\+brevo://API_KEY@"),  # a host
        ("anymail+brevo://KEY@/v3", "must look like anymail\\+brevo://API_KEY@"),
        ("anymail+brevo://KEY:SECRET@", "must look like anymail\\+brevo://API_KEY@"),
        ("anymail+postmark://:TOKEN@", "must look like anymail\\+postmark://SERVER_TOKEN@"),
        ("anymail+mailjet://KEY@", "must look like anymail\\+mailjet://API_KEY:SECRET_KEY@"),
        ("anymail+amazon_ses://KEY@", "must look like anymail\\+amazon_ses://@"),
        ("anymail+mailgun://KEY@?sender_domain", "after the \\?"),
        ("anymail+mailgun://KEY@?sender_domain=", "'sender_domain' is invalid, empty or repeated"),
        ("anymail+mailgun://KEY@?sender-domain=x", "'sender-domain' is invalid, empty or repeated"),
        (
            "anymail+mailgun://KEY@?sender_domain=a&sender_domain=b",
            "'sender_domain' is invalid, empty or repeated",
        ),
        ("anymail+mailgun://KEY@?api_key=OTHER", "'api_key' is invalid, empty or repeated"),
    ],
)
def test_bad_urls_are_refused(url, message):
    with pytest.raises(ConfigError, match=message):
        email_settings(url)


def test_without_django_anymail_an_anymail_url_says_so(monkeypatch):
    monkeypatch.setitem(sys.modules, "anymail.backends", None)  # what an import of a missing package does
    with pytest.raises(ConfigError, match="needs django-anymail installed"):
        email_settings("anymail+brevo://KEY@")
    assert email_settings("smtp://127.0.0.1")["EMAIL_HOST"] == "127.0.0.1"
