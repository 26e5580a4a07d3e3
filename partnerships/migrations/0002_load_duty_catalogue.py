"""Loads the Duty reference catalogue from the Home Office supplementary guidance (v1)."""

from django.db import migrations

from partnerships import catalogue


def load_catalogue(apps, schema_editor):
    catalogue.load(apps, version="v1")


def remove_catalogue(apps, schema_editor):
    for name in ("ReflectiveQuestion", "Sector", "DutyRole", "DutyElement"):
        apps.get_model("partnerships", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunPython(load_catalogue, remove_catalogue)]
