"""Adds the catalogue's "other invited organisation" category for wider stakeholders that are not
voluntary or community sector bodies (for example a housing association or a university)."""

from django.db import migrations


def add_sector(apps, schema_editor):
    apps.get_model("partnerships", "Sector").objects.get_or_create(
        slug="other-invited",
        defaults={
            "name": "Other invited organisation",
            "short_name": "Other invited",
            "authority_type": "wider",
            "order": 11,
            "section": "Context",
            "description": (
                "Any other organisation the partnership invites to take part, such as a housing "
                "provider, a university or a business group. It is not bound by the Duty."
            ),
        },
    )


def remove_sector(apps, schema_editor):
    apps.get_model("partnerships", "Sector").objects.filter(slug="other-invited").delete()


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0003_tenancy")]

    operations = [migrations.RunPython(add_sector, remove_sector)]
