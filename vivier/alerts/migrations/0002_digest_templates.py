"""The job_alert message templates become the digest's wording (a list of jobs instead of one job).

Only templates still as outreach/0003 seeded them are rewritten: an agency's own wording is kept (if it does not
list the jobs, the digests use the wording below; see vivier/alerts/digest.py, which holds the same text).
French typography: no-break space before ":", narrow no-break space before ? and inside « ».
"""

import importlib

from django.db import migrations

DIGEST = {
    "fr": (
        '{% if alert.count == "1" %}Un poste pour vous, {{ candidate.first_name }}{% else %}{{ alert.count }} '
        "postes pour vous, {{ candidate.first_name }}{% endif %}",
        "Bonjour {{ candidate.first_name }},\n\n"
        '{% if alert.count == "1" %}Un poste ouvert correspond à ce que vous recherchez{% else %}'
        "{{ alert.count }} postes ouverts correspondent à ce que vous recherchez{% endif %}\xa0:\n\n"
        "{{ alert.jobs }}\n\n"
        '{% if alert.count == "1" %}Il vous intéresse{% else %}L’un d’eux vous intéresse{% endif %}\u202f? '
        "Répondez simplement à ce message en nous disant lequel\xa0: nous vous enverrons tous les détails.\n\n"
        "Belle journée,\n{{ agency.name }}\n\n"
        "—\n"
        "Vous recevez ces offres parce que vous avez demandé des alertes emploi ({{ alert.frequency }}).\n"
        "Changer vos critères ou la fréquence\xa0: {{ links.preferences }}\n"
        "Pour ne plus recevoir de messages de notre part\xa0: {{ links.unsubscribe }}",
    ),
    "en": (
        '{% if alert.count == "1" %}A job for you, {{ candidate.first_name }}{% else %}{{ alert.count }} jobs '
        "for you, {{ candidate.first_name }}{% endif %}",
        "Hello {{ candidate.first_name }},\n\n"
        '{% if alert.count == "1" %}One open job matches what you are looking for{% else %}'
        "{{ alert.count }} open jobs match what you are looking for{% endif %}:\n\n"
        "{{ alert.jobs }}\n\n"
        '{% if alert.count == "1" %}Interested?{% else %}Interested in one of them?{% endif %} '
        "Just reply to this message and tell us which: we will send you all the details.\n\n"
        "Best wishes,\n{{ agency.name }}\n\n"
        "—\n"
        "You receive these jobs because you asked for job alerts ({{ alert.frequency }}).\n"
        "Change your criteria or how often: {{ links.preferences }}\n"
        "To stop receiving messages from us: {{ links.unsubscribe }}",
    ),
}


def _seeded():
    seed = importlib.import_module("vivier.outreach.migrations.0003_seed_templates")
    return {lang: (subject, body) for kind, lang, subject, body in seed.TEMPLATES if kind == "job_alert"}


def forwards(apps, schema_editor):
    MessageTemplate = apps.get_model("outreach", "MessageTemplate")
    seeded = _seeded()
    for language, (subject, body) in DIGEST.items():
        row = MessageTemplate.objects.filter(kind="job_alert", language=language).first()
        if row is None:
            MessageTemplate.objects.create(kind="job_alert", language=language, subject=subject, body_text=body)
        elif (row.subject, row.body_text) == seeded.get(language) and not row.body_html:
            row.subject, row.body_text = subject, body
            row.save(update_fields=["subject", "body_text"])


def backwards(apps, schema_editor):
    MessageTemplate = apps.get_model("outreach", "MessageTemplate")
    for language, (subject, body) in _seeded().items():
        MessageTemplate.objects.filter(
            kind="job_alert", language=language, subject=DIGEST[language][0], body_text=DIGEST[language][1]
        ).update(subject=subject, body_text=body)


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial"), ("outreach", "0003_seed_templates")]
    operations = [migrations.RunPython(forwards, backwards)]
