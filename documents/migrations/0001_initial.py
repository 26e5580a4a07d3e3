# The export jobs moved here from the strategies app. Their tables are already there, so this
# migration only tells Django's state where the models now live, under their old table names;
# 0002 renames the tables once strategies has let go of the models.

import django.db.models.deletion
import django.utils.timezone
import documents.models
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("assessments", "0005_sna_records_its_definition"),
        ("partnerships", "0008_manage_partnership_permission"),
        ("strategies", "0003_export_rendered_by"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="HistoricalExportJob",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("sna", "Strategic needs assessment"),
                                    ("strategy", "Response strategy"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("source_version", models.PositiveIntegerField()),
                        (
                            "variant",
                            models.CharField(
                                choices=[("full", "Full"), ("public", "Public")],
                                default="full",
                                max_length=20,
                            ),
                        ),
                        ("draft", models.BooleanField(default=False)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "Queued"),
                                    ("rendering", "Rendering"),
                                    ("ready", "Ready"),
                                    ("failed", "Failed"),
                                ],
                                default="queued",
                                max_length=20,
                            ),
                        ),
                        ("requested_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("started_at", models.DateTimeField(blank=True, null=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("rendered_by", models.CharField(blank=True, max_length=200)),
                        ("error", models.TextField(blank=True)),
                        ("file", models.TextField(blank=True, max_length=200)),
                        ("size", models.PositiveIntegerField(blank=True, null=True)),
                        ("page_count", models.PositiveIntegerField(blank=True, null=True)),
                        ("sha256", models.CharField(blank=True, max_length=64)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "assessment",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="assessments.assessment",
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
                            "requested_by",
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
                        "verbose_name": "historical export job",
                        "verbose_name_plural": "historical export jobs",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                        "db_table": "strategies_historicalexportjob",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="ExportJob",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("sna", "Strategic needs assessment"),
                                    ("strategy", "Response strategy"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("source_version", models.PositiveIntegerField()),
                        (
                            "variant",
                            models.CharField(
                                choices=[("full", "Full"), ("public", "Public")],
                                default="full",
                                max_length=20,
                            ),
                        ),
                        ("draft", models.BooleanField(default=False)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "Queued"),
                                    ("rendering", "Rendering"),
                                    ("ready", "Ready"),
                                    ("failed", "Failed"),
                                ],
                                default="queued",
                                max_length=20,
                            ),
                        ),
                        ("requested_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("started_at", models.DateTimeField(blank=True, null=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("rendered_by", models.CharField(blank=True, max_length=200)),
                        ("error", models.TextField(blank=True)),
                        (
                            "file",
                            models.FileField(
                                blank=True,
                                max_length=200,
                                upload_to=documents.models._export_upload_to,
                            ),
                        ),
                        ("size", models.PositiveIntegerField(blank=True, null=True)),
                        ("page_count", models.PositiveIntegerField(blank=True, null=True)),
                        ("sha256", models.CharField(blank=True, max_length=64)),
                        (
                            "assessment",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="exports",
                                to="assessments.assessment",
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
                        (
                            "requested_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "strategy",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="exports",
                                to="strategies.strategy",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-requested_at", "-pk"],
                        "db_table": "strategies_exportjob",
                        "indexes": [
                            models.Index(
                                fields=["status", "started_at"],
                                name="strategies__status_e8e12b_idx",
                            )
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(
                                        ("assessment__isnull", False),
                                        ("kind", "sna"),
                                        ("strategy__isnull", True),
                                    ),
                                    models.Q(
                                        ("assessment__isnull", True),
                                        ("kind", "strategy"),
                                        ("strategy__isnull", False),
                                    ),
                                    _connector="OR",
                                ),
                                name="export_has_exactly_one_source_of_its_kind",
                                violation_error_message="An export is of one SNA or one strategy",
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
