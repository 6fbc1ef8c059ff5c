from django.db import migrations

from vivier.talent.taxonomy import SEED_REASONS


def seed(apps, schema_editor):
    DeclineReason = apps.get_model("talent", "DeclineReason")
    for position, (code, category, label_fr, label_en) in enumerate(SEED_REASONS, start=1):
        DeclineReason.objects.get_or_create(
            code=code,
            defaults={"category": category, "label_fr": label_fr, "label_en": label_en, "position": position * 10},
        )


class Migration(migrations.Migration):
    dependencies = [("talent", "0002_candidate_fulltext")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
