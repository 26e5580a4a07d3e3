from django.apps import AppConfig


class StrategiesConfig(AppConfig):
    """The response strategy: priorities, actions, measures, reviews and document exports."""

    name = "strategies"
    verbose_name = "Response strategies"

    def ready(self):
        from assessments import attachments
        from partnerships import consultees

        from .consultee_landing import consultation_landing
        from .models import ActionUpdate, Meeting

        # A consultee's home is the consultation, which lives here: partnerships asks us.
        consultees.register_landing(consultation_landing)
        # Progress evidence and minutes are people's uploads, within the partnership's quota.
        attachments.register_uploaded_files(ActionUpdate, size_field="evidence_size")
        attachments.register_uploaded_files(Meeting, size_field="minutes_size")
