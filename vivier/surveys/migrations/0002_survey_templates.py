"""The survey e-mail gets its link: {{ links.survey }} opens the one-question page (vivier.surveys.public).

The "survey" templates seeded by outreach/0003 asked for a reply by e-mail. A template still as seeded is
replaced; one an admin already rewrote keeps its wording and gets the link as a last paragraph, before the
unsubscribe line when it has one.
"""

import importlib

from django.db import migrations

SEEDED = {
    (kind, language): (subject, body)
    for kind, language, subject, body in importlib.import_module(
        "vivier.outreach.migrations.0003_seed_templates"
    ).TEMPLATES
    if kind == "survey"
}

TEMPLATES = {
    "fr": (
        "Deux minutes pour nous aider à mieux faire\u202f?",
        "Bonjour {{ candidate.first_name }},\n\n"
        "Nous avons récemment échangé au sujet du poste {{ job.title }}{% if client.name %} chez {{ client.name }}"
        "{% endif %}. Votre ressenti sur la façon dont le processus s’est déroulé nous aide à mieux faire, pour "
        "vous comme pour les prochain·es candidat·es.\n\n"
        "Une seule question, et un commentaire si vous le souhaitez\xa0: recommanderiez-vous {{ agency.name }} à "
        "un·e proche qui cherche un emploi\u202f? Répondez en une minute ici\xa0:\n"
        "{{ links.survey }}\n\n"
        "Seule notre équipe lit votre réponse, et elle ne change rien à nos futurs échanges.\n\n"
        "Merci d’avance,\n{{ recruiter.name }}\n\n"
        "—\nPour ne plus recevoir de messages de notre part\xa0: {{ links.unsubscribe }}",
    ),
    "en": (
        "Two minutes to help us do better?",
        "Hello {{ candidate.first_name }},\n\n"
        "We recently talked about the {{ job.title }} role{% if client.name %} at {{ client.name }}{% endif %}. "
        "How the process felt to you helps us do better, for you and for the candidates who come next.\n\n"
        "Just one question, and a comment if you like: would you recommend {{ agency.name }} to a friend "
        "looking for a job? Answer in one minute here:\n"
        "{{ links.survey }}\n\n"
        "Only our team reads your answer, and it changes nothing in our future exchanges.\n\n"
        "Thank you in advance,\n{{ recruiter.name }}\n\n"
        "—\nTo stop receiving messages from us: {{ links.unsubscribe }}",
    ),
}
LINK_PARAGRAPH = {
    "fr": "Donner votre avis en une minute\xa0:\n{{ links.survey }}",
    "en": "Give your opinion in one minute:\n{{ links.survey }}",
}


def with_link(body: str, language: str) -> str:
    paragraph = LINK_PARAGRAPH.get(language, LINK_PARAGRAPH["fr"])
    head, sep, footer = body.rpartition("\n—\n")
    if sep:
        return f"{head.rstrip()}\n\n{paragraph}\n\n—\n{footer}"
    return f"{body.rstrip()}\n\n{paragraph}\n"


def update(apps, schema_editor):
    MessageTemplate = apps.get_model("outreach", "MessageTemplate")
    for language, (subject, body) in TEMPLATES.items():
        template = MessageTemplate.objects.filter(kind="survey", language=language).first()
        if template is None:
            MessageTemplate.objects.create(kind="survey", language=language, subject=subject, body_text=body)
        elif (template.subject, template.body_text) == SEEDED.get(("survey", language)):
            template.subject, template.body_text = subject, body
            template.save(update_fields=["subject", "body_text"])
        elif "links.survey" not in template.body_text:
            template.body_text = with_link(template.body_text, language)
            template.save(update_fields=["body_text"])


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial"), ("outreach", "0003_seed_templates")]
    operations = [migrations.RunPython(update, migrations.RunPython.noop)]
