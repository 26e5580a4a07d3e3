from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read-only API under /api/v1/ for analysts' tools and other systems (issue 19):
    personal access tokens scoped to one partnership and a set of resources, and the endpoints
    that read each layer below through the same walls as the pages."""

    name = "api"
    verbose_name = "API"
