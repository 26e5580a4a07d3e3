# Stored search vectors for actions, meetings, strategies and published versions, read by partnership search
# (oversight/selectors/search.py) through a GIN index instead of running to_tsvector over every
# row as it searches. On PostgreSQL a trigger keeps them (common/search.py says how); SQLite gets
# the columns only. An action's vector holds its lead organisation's name, so renaming an
# organisation refreshes the actions it leads.

from django.db import migrations

import common.search
from common.search import renamed_sql, run_on_postgresql, search_vector_sql

SQL = [
    search_vector_sql(
        "strategies_action",
        ["title", "description"],
        joined=("lead_organisation_id", "partnerships_organisation", "name"),
    ),
    renamed_sql("strategies_action", "lead_organisation_id", "partnerships_organisation"),
    search_vector_sql("strategies_meeting", ["title", "decisions", "minutes_name"]),
    search_vector_sql("strategies_strategy", ["title", "summary", "foreword"]),
    # A version's words are in its frozen snapshot (a large document: reading three keys out of
    # it for every version as a search ran cost more than all the other kinds together).
    search_vector_sql(
        "strategies_strategyversion",
        ["snapshot->>'title'", "snapshot->>'summary'", "snapshot->>'foreword'"],
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("strategies", "0004_export_jobs_moved_to_documents"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="search_vector",
            field=common.search.StoredSearchVector(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="meeting",
            name="search_vector",
            field=common.search.StoredSearchVector(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="strategy",
            name="search_vector",
            field=common.search.StoredSearchVector(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="strategyversion",
            name="search_vector",
            field=common.search.StoredSearchVector(editable=False, null=True),
        ),
        migrations.RunPython(
            run_on_postgresql([s for forward, _ in SQL for s in forward]),
            run_on_postgresql([s for _, reverse in reversed(SQL) for s in reverse]),
        ),
    ]
