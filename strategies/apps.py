from django.apps import AppConfig


class StrategiesConfig(AppConfig):
    """The response strategy: priorities, actions, measures, reviews and document exports."""

    name = "strategies"
    verbose_name = "Response strategies"
