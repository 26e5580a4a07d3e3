# The data pages' per-partnership totals (assessments/services/totals.py), counted once here
# from the accepted figures already held; the services keep them from now on.

import django.db.models.deletion
from django.db import migrations, models

BACKFILL = """
INSERT INTO assessments_measuretotal
    (partnership_id, measure_id, period_start, period_label, area, total)
SELECT d.partnership_id, d.measure_id, d.period_start, d.period_label, d.area, SUM(d.value)
FROM assessments_datapoint d
JOIN assessments_contribution c
    ON c.id = d.contribution_id AND c.partnership_id = d.partnership_id
WHERE c.status = 'accepted'
GROUP BY d.partnership_id, d.measure_id, d.period_start, d.period_label, d.area
"""


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0008_search_vectors"),
        ("partnerships", "0011_two_factor_for_everyone"),
    ]

    operations = [
        migrations.CreateModel(
            name="MeasureTotal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("period_start", models.DateField()),
                ("period_label", models.CharField(max_length=20)),
                ("area", models.CharField(max_length=120)),
                ("total", models.DecimalField(decimal_places=2, max_digits=24)),
                (
                    "measure",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="assessments.measure",
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
                "constraints": [
                    models.UniqueConstraint(
                        fields=("partnership", "measure", "period_start", "period_label", "area"),
                        name="one_total_per_measure_period_area",
                    )
                ],
            },
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
    ]
