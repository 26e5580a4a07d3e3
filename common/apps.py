from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Helpers every app shares and none owns: the GOV.UK form renderer, Markdown, private
    downloads. It imports no app of ours."""

    name = "common"
    verbose_name = "Common"

    def ready(self):
        from django import forms

        from .forms import refusing_while_a_save_failed
        from .i18n import trim_default_translation

        # A form shown again after a save that lost the database says so (see
        # common.forms.every_form_refused).
        forms.BaseForm.full_clean = refusing_while_a_save_failed(forms.BaseForm.full_clean)
        # Every English page looked each string up through six empty catalogues (common/i18n.py).
        trim_default_translation()
