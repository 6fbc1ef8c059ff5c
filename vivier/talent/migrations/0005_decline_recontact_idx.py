from django.db import migrations, models


class Migration(migrations.Migration):
    """The dashboard's recontacts query (selectors.dashboard) scanned every decline: 0.5 s at 200,000."""

    dependencies = [("talent", "0004_alter_event_kind")]
    operations = [
        migrations.AddIndex(
            model_name="decline",
            index=models.Index(fields=["recontact_after"], name="decline_recontact_idx"),
        ),
    ]
