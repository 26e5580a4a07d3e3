from django.apps import AppConfig


class StrategiesConfig(AppConfig):
    """The response strategy: priorities, actions, measures, reviews and document exports."""

    name = "strategies"
    verbose_name = "Response strategies"

    def ready(self):
        from partnerships import consultees

        from .consultee_landing import consultation_landing

        # A consultee's home is the consultation, which lives here: partnerships asks us.
        consultees.register_landing(consultation_landing)
