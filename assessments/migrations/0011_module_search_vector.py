# A stored search vector for the SNA's modules, where most of an SNA's words are, read by
# partnership search (oversight/selectors/search.py) through a GIN index. On PostgreSQL a trigger
# keeps it (common/search.py says how); SQLite gets the column only.

from django.db import migrations

import common.search
from common.search import run_on_postgresql, search_vector_sql

FORWARD, REVERSE = search_vector_sql("assessments_assessmentmodule", ["body"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0010_contribution_by_status"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessmentmodule",
            name="search_vector",
            field=common.search.StoredSearchVector(editable=False, null=True),
        ),
        migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(REVERSE)),
    ]
