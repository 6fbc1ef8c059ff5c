import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Decline = apps.get_model("talent", "Decline")
    Offer = apps.get_model("talent", "Offer")
    offers = Offer.objects.filter(pk=OuterRef("offer_id"))
    Decline.objects.update(
        job_id=Subquery(offers.values("application__job_id")[:1]),
        client_id=Subquery(offers.values("application__job__client_id")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [("talent", "0006_candidate_time_zone_event_kinds")]

    operations = [
        migrations.AddField(
            model_name="decline",
            name="job",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="declines", to="talent.job"),
        ),
        migrations.AddField(
            model_name="decline",
            name="client",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="declines", to="talent.client"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="decline",
            name="job",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="declines",
                                    to="talent.job"),
        ),
        migrations.AlterField(
            model_name="decline",
            name="client",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="declines",
                                    to="talent.client"),
        ),
        migrations.AddIndex(
            model_name="decline",
            index=models.Index(fields=["client", "created_at"], name="decline_client_idx"),
        ),
    ]
