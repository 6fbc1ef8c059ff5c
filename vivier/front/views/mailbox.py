"""The local mailbox: where mail goes when no SMTP server is configured (EMAIL_URL unset).

The HTML part of a message is never put into one of our pages: it is served alone by `mailbox_html`, with a
Content-Security-Policy of its own that allows no script, no network and only inline styles, and shown in an
<iframe sandbox> (no scripts, no same-origin, no forms). The recruiter pages keep their strict CSP.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.clickjacking import xframe_options_sameorigin

from vivier.outreach.selectors import header_date, mailbox_list, mailbox_message

HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox"


def _local() -> bool:
    return settings.EMAIL_BACKEND == "vivier.outreach.mailbox.LocalMailboxBackend"


def mailbox(request: HttpRequest) -> HttpResponse:
    return render(request, "front/mailbox/list.html", {"items": mailbox_list(), "local": _local()})


def _shown(name: str, value) -> str:
    # The date in the agency's time zone, as everywhere else (the header itself is in UTC).
    moment = header_date(value) if name == "Date" else None
    if moment is None:
        return str(value)
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _parts(name: str):
    message = mailbox_message(name)
    if message is None:
        raise Http404("no such message")
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    return message, (text.get_content() if text else ""), (html.get_content() if html else "")


def mailbox_detail(request: HttpRequest, name: str) -> HttpResponse:
    message, text, html = _parts(name)
    headers = [
        (k, _shown(k, message[k]))
        for k in (
            "From",
            "To",
            "Date",
            "Subject",
            "Message-ID",
            "List-Unsubscribe",
            "List-Unsubscribe-Post",
            "Auto-Submitted",
            "Content-Language",
        )
        if message[k]
    ]
    return render(
        request,
        "front/mailbox/detail.html",
        {
            "name": name,
            "subject": str(message["Subject"] or ""),
            "headers": headers,
            "text": text,
            "has_html": bool(html),
        },
    )


@xframe_options_sameorigin
def mailbox_html(request: HttpRequest, name: str) -> HttpResponse:
    _message, _text, html = _parts(name)
    if not html:
        raise Http404("no HTML part")
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = HTML_CSP
    response["Cache-Control"] = "no-store"
    return response
