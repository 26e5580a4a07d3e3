# Export jobs now live in the documents app (see documents/migrations/0001_initial.py): drop
# them from this app's state, leaving their tables for documents to rename.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("strategies", "0003_export_rendered_by"),
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="HistoricalExportJob"),
                migrations.DeleteModel(name="ExportJob"),
            ],
        ),
    ]
