from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    """Tenancy and the Duty reference catalogue from the Home Office guidance."""

    name = "partnerships"
    verbose_name = "Partnerships"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import audit, changes, row_security, two_factor  # noqa: F401 (two_factor connects its receiver)

        audit.connect()
        changes.connect()
        post_migrate.connect(sync_all_permissions, sender=self)
        # After every migrate, every tenant table (a new one included) has the tenant wall.
        post_migrate.connect(row_security.apply_policies, sender=self)


def sync_all_permissions(**kwargs):
    """After every migrate, give each partnership's role groups what roles.py says they hold,
    so a change to the role map reaches existing partnerships."""
    from .models import Partnership
    from .services import partnership_sync_permissions

    for partnership in Partnership.objects.all():
        partnership_sync_permissions(partnership=partnership)
