from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    """Tenancy (later issues) and the Duty reference catalogue from the Home Office guidance."""

    name = "partnerships"
    verbose_name = "Partnerships"

    def ready(self):
        from . import audit

        audit.connect()
