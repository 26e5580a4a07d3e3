"""Gives every provision entry its own feed id. Adding the column gave every existing row the same
one (a callable default is called once for the whole table), so each row gets a fresh id here,
and each row's history takes its row's id, before 0017 makes the ids unique."""

import uuid

from django.db import migrations

BATCH = 500


def give_ids(apps, schema_editor):
    service_model = apps.get_model("assessments", "ProvisionService")
    history_model = apps.get_model("assessments", "HistoricalProvisionService")
    services = list(service_model._base_manager.only("pk"))
    for service in services:
        service.feed_id = uuid.uuid4()
    service_model._base_manager.bulk_update(services, ["feed_id"], batch_size=BATCH)
    feed_ids = {service.pk: service.feed_id for service in services}
    records = list(history_model._base_manager.only("history_id", "id"))
    for record in records:
        # The history of an entry since deleted keeps an id of its own, never another's.
        record.feed_id = feed_ids.get(record.id) or uuid.uuid4()
    history_model._base_manager.bulk_update(records, ["feed_id"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0015_provision_feed")]

    operations = [migrations.RunPython(give_ids, migrations.RunPython.noop)]
