from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig


class StaticFilesConfig(DjangoStaticFilesConfig):
    """Django's staticfiles, minus our Sass sources: only the built CSS is published."""

    ignore_patterns = [*DjangoStaticFilesConfig.ignore_patterns, "src"]
