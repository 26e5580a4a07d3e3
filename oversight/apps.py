from django.apps import AppConfig


class OversightConfig(AppConfig):
    """Reads that combine the partnership, its SNA and its strategy: the Duty checklist,
    dashboards and role homes, the engagement matrix and the convener's overview."""

    name = "oversight"
    verbose_name = "Oversight"

    def ready(self) -> None:
        from assessments import attachments

        from . import signals
        from .models import RequestAttachment

        signals.connect()
        # Files answering an information request are people's uploads, within the quota.
        attachments.register_uploaded_files(RequestAttachment, size_field="size")
