# The language an export is written in (English or Welsh), part of what makes two requests
# the same job.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0011_module_search_vector"),
        ("documents", "0004_export_action_count"),
        ("partnerships", "0013_catalogue_in_welsh"),
        ("strategies", "0005_search_vectors"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="exportjob",
            name="one_sna_export_on_its_way",
        ),
        migrations.RemoveConstraint(
            model_name="exportjob",
            name="one_strategy_export_on_its_way",
        ),
        migrations.AddField(
            model_name="exportjob",
            name="language",
            field=models.CharField(
                choices=[("en-gb", "English"), ("cy", "Cymraeg")],
                default="en-gb",
                max_length=8,
                verbose_name="language",
            ),
        ),
        migrations.AddField(
            model_name="historicalexportjob",
            name="language",
            field=models.CharField(
                choices=[("en-gb", "English"), ("cy", "Cymraeg")],
                default="en-gb",
                max_length=8,
                verbose_name="language",
            ),
        ),
        migrations.AddConstraint(
            model_name="exportjob",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "sna"), ("status__in", ["queued", "rendering"])),
                fields=("assessment", "source_version", "variant", "draft", "language"),
                name="one_sna_export_on_its_way",
            ),
        ),
        migrations.AddConstraint(
            model_name="exportjob",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "strategy"), ("status__in", ["queued", "rendering"])),
                fields=("strategy", "source_version", "variant", "draft", "language"),
                name="one_strategy_export_on_its_way",
            ),
        ),
    ]
