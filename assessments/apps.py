from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    """The strategic needs assessment: local definition, contributions, data returns, findings."""

    name = "assessments"
    verbose_name = "Strategic needs assessments"
