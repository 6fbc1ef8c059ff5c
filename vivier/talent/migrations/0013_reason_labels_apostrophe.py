"""The seeded French labels of the decline reasons take the typographic apostrophe (’), as the rest of the
French interface. Only labels still as 0003 seeded them change: an agency's own wording is kept."""

from django.db import migrations

# code: (label as seeded, label now); the taxonomy (vivier.talent.taxonomy) seeds the new ones.
LABELS = {
    "company_culture": ("Culture d'entreprise", "Culture d’entreprise"),
    "company_reputation": ("Réputation de l'entreprise", "Réputation de l’entreprise"),
    "career_growth": ("Perspectives d'évolution", "Perspectives d’évolution"),
    "counter_offer": ("Contre-proposition de l'employeur actuel", "Contre-proposition de l’employeur actuel"),
}


def forwards(apps, schema_editor):
    DeclineReason = apps.get_model("talent", "DeclineReason")
    for code, (old, new) in LABELS.items():
        DeclineReason.objects.filter(code=code, label_fr=old).update(label_fr=new)


def backwards(apps, schema_editor):
    DeclineReason = apps.get_model("talent", "DeclineReason")
    for code, (old, new) in LABELS.items():
        DeclineReason.objects.filter(code=code, label_fr=new).update(label_fr=old)


class Migration(migrations.Migration):
    dependencies = [("talent", "0012_candidate_phone_as_written")]
    operations = [migrations.RunPython(forwards, backwards)]
