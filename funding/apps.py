from django.apps import AppConfig


class FundingConfig(AppConfig):
    """The Serious Violence Duty grant: the award the local policing body receives, its labour and
    non-labour lines, their allocation to partnerships and within them, the decision that agreed
    it, and the spend and delivery partners report against each allocation (issue 18)."""

    name = "funding"
    verbose_name = "Funding"

    def ready(self):
        from oversight import convener_panels

        from .selectors.overview import convener_panel

        # The convener overview is oversight's, a layer below: it shows the grant when asked.
        convener_panels.register(convener_panel)
