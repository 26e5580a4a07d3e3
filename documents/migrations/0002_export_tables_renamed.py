# The export tables take the documents app's names, and the content types follow the models so
# that permissions and admin history attached to them are kept.

from django.db import migrations


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("exportjob", "historicalexportjob"):
        if not ContentType.objects.filter(app_label="documents", model=model).exists():
            ContentType.objects.filter(app_label="strategies", model=model).update(
                app_label="documents"
            )


def return_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(
        app_label="documents", model__in=["exportjob", "historicalexportjob"]
    ).update(app_label="strategies")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0001_initial"),
        ("strategies", "0004_export_jobs_moved_to_documents"),
    ]

    operations = [
        migrations.AlterModelTable(name="exportjob", table=None),
        migrations.AlterModelTable(name="historicalexportjob", table=None),
        migrations.RenameIndex(
            model_name="exportjob",
            new_name="documents_e_status_5d012f_idx",
            old_name="strategies__status_e8e12b_idx",
        ),
        migrations.RunPython(move_content_types, return_content_types),
    ]
