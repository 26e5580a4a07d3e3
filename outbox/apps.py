from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """The durable hand-off from a request to the workers: work to do in the background is
    committed with the change that asked for it, and published to the broker when it can be.
    It imports no app of ours."""

    name = "outbox"
    verbose_name = "Outbox"
