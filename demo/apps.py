from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo partnerships a newcomer signs in to (`manage.py seed_demo`), told through the
    same services people use."""

    name = "demo"
    verbose_name = "Demo"
