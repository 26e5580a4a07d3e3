# A published strategy's public page: its address, plain-language summaries, and when it was
# published and withdrawn.

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_export_language"),
        ("partnerships", "0013_catalogue_in_welsh"),
        ("strategies", "0005_search_vectors"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalPublicPage",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "address",
                    models.SlugField(
                        help_text="Lowercase letters, numbers and hyphens, like serious-violence-strategy",
                        max_length=60,
                        verbose_name="address",
                    ),
                ),
                (
                    "plain_summary",
                    models.TextField(
                        blank=True, max_length=6000, verbose_name="plain-language summary"
                    ),
                ),
                (
                    "plain_summary_welsh",
                    models.TextField(
                        blank=True, max_length=6000, verbose_name="plain-language summary in Welsh"
                    ),
                ),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                ("withdrawn_at", models.DateTimeField(blank=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "partnership",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="partnerships.partnership",
                    ),
                ),
                (
                    "strategy",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="strategies.strategy",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical public page",
                "verbose_name_plural": "historical public pages",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="PublicPage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "address",
                    models.SlugField(
                        help_text="Lowercase letters, numbers and hyphens, like serious-violence-strategy",
                        max_length=60,
                        verbose_name="address",
                    ),
                ),
                (
                    "plain_summary",
                    models.TextField(
                        blank=True, max_length=6000, verbose_name="plain-language summary"
                    ),
                ),
                (
                    "plain_summary_welsh",
                    models.TextField(
                        blank=True, max_length=6000, verbose_name="plain-language summary in Welsh"
                    ),
                ),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                ("withdrawn_at", models.DateTimeField(blank=True, null=True)),
                (
                    "partnership",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="partnerships.partnership",
                    ),
                ),
                (
                    "strategy",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="public_page",
                        to="strategies.strategy",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("partnership", "address"), name="one_public_page_per_address"
                    )
                ],
            },
        ),
    ]
