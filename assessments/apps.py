from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    """The strategic needs assessment: local definition, contributions, data returns, findings."""

    name = "assessments"
    verbose_name = "Strategic needs assessments"

    def ready(self):
        from partnerships import consultees

        from .selectors.contacts import body_names

        # The members page names the body each consultee speaks for, which is kept here.
        consultees.register_body_names(body_names)
