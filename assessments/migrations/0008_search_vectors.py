# Stored search vectors for contributions and findings, read by partnership search
# (oversight/selectors/search.py) through a GIN index instead of running to_tsvector over every
# row as it searches. On PostgreSQL a trigger keeps them (common/search.py says how); SQLite gets
# the columns only. A contribution's vector holds its organisation's name, so renaming an
# organisation refreshes its contributions'.

from django.db import migrations

import common.search
from common.search import renamed_sql, run_on_postgresql, search_vector_sql

SQL = [
    search_vector_sql(
        "assessments_contribution",
        ["title", "body"],
        joined=("organisation_id", "partnerships_organisation", "name"),
    ),
    renamed_sql("assessments_contribution", "organisation_id", "partnerships_organisation"),
    search_vector_sql("assessments_finding", ["title", "description"]),
]


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0007_contribution_newest"),
    ]

    operations = [
        migrations.AddField(
            model_name="contribution",
            name="search_vector",
            field=common.search.StoredSearchVector(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="finding",
            name="search_vector",
            field=common.search.StoredSearchVector(editable=False, null=True),
        ),
        migrations.RunPython(
            run_on_postgresql([s for forward, _ in SQL for s in forward]),
            run_on_postgresql([s for _, reverse in reversed(SQL) for s in reverse]),
        ),
    ]
