"""The local strategic landscape: related partnerships, strategies and initiatives."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("strategies", "0006_welsh_versions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalLandscapeEntry",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("csp", "Community safety partnership"),
                            ("vru", "Violence reduction unit"),
                            ("domestic_abuse_board", "Domestic abuse local partnership board"),
                            ("safeguarding", "Safeguarding partnership"),
                            ("combating_drugs", "Combating drugs partnership"),
                            (
                                "duty_to_collaborate",
                                "Duty to collaborate (Victims and Prisoners Act 2024)",
                            ),
                            ("national", "National strategy or initiative"),
                            ("other_strategy", "Other local strategy"),
                            ("other_partnership", "Other partnership"),
                        ],
                        max_length=30,
                        verbose_name="kind",
                    ),
                ),
                ("owner", models.CharField(max_length=200, verbose_name="led or owned by")),
                (
                    "alignment",
                    models.TextField(
                        validators=[django.core.validators.MaxLengthValidator(3000)],
                        verbose_name="how the partnership aligns with it",
                    ),
                ),
                (
                    "opportunities",
                    models.TextField(
                        blank=True,
                        validators=[django.core.validators.MaxLengthValidator(3000)],
                        verbose_name="shared priorities or joint opportunities",
                    ),
                ),
                (
                    "web_address",
                    models.URLField(
                        blank=True,
                        max_length=500,
                        validators=[
                            django.core.validators.URLValidator(
                                message="Enter a web address starting with http:// or https://",
                                schemes=["http", "https"],
                            )
                        ],
                        verbose_name="web address",
                    ),
                ),
                (
                    "review_on",
                    models.DateField(blank=True, null=True, verbose_name="next review or renewal"),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
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
                    "added_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
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
            ],
            options={
                "verbose_name": "historical related partnership or strategy",
                "verbose_name_plural": "historical related partnerships and strategies",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="LandscapeEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("csp", "Community safety partnership"),
                            ("vru", "Violence reduction unit"),
                            ("domestic_abuse_board", "Domestic abuse local partnership board"),
                            ("safeguarding", "Safeguarding partnership"),
                            ("combating_drugs", "Combating drugs partnership"),
                            (
                                "duty_to_collaborate",
                                "Duty to collaborate (Victims and Prisoners Act 2024)",
                            ),
                            ("national", "National strategy or initiative"),
                            ("other_strategy", "Other local strategy"),
                            ("other_partnership", "Other partnership"),
                        ],
                        max_length=30,
                        verbose_name="kind",
                    ),
                ),
                ("owner", models.CharField(max_length=200, verbose_name="led or owned by")),
                (
                    "alignment",
                    models.TextField(
                        validators=[django.core.validators.MaxLengthValidator(3000)],
                        verbose_name="how the partnership aligns with it",
                    ),
                ),
                (
                    "opportunities",
                    models.TextField(
                        blank=True,
                        validators=[django.core.validators.MaxLengthValidator(3000)],
                        verbose_name="shared priorities or joint opportunities",
                    ),
                ),
                (
                    "web_address",
                    models.URLField(
                        blank=True,
                        max_length=500,
                        validators=[
                            django.core.validators.URLValidator(
                                message="Enter a web address starting with http:// or https://",
                                schemes=["http", "https"],
                            )
                        ],
                        verbose_name="web address",
                    ),
                ),
                (
                    "review_on",
                    models.DateField(blank=True, null=True, verbose_name="next review or renewal"),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "added_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "partnership",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="partnerships.partnership",
                    ),
                ),
            ],
            options={
                "verbose_name": "related partnership or strategy",
                "verbose_name_plural": "related partnerships and strategies",
                "ordering": ["name", "pk"],
                "indexes": [
                    models.Index(
                        fields=["partnership", "kind", "name"],
                        name="strategies__partner_a2eae6_idx",
                    )
                ],
            },
        ),
    ]
