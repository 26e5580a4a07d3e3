from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """What the portal told each person, in the portal as well as by email, and how often each
    person wants those emails (at once, in a daily digest, or not at all)."""

    name = "notifications"
    verbose_name = "Notifications"
