from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Helpers every app shares and none owns: the GOV.UK form renderer, Markdown, private
    downloads. It imports no app of ours."""

    name = "common"
    verbose_name = "Common"
