"""Lets the Django admin read tenant data across partnerships, for superusers only.

Tenant models use django-scopes, whose managers refuse any query made outside a partnership's
scope. Portal views each run inside one partnership's scope; the admin is the one place that
works across partnerships (a superuser sets up partnerships and their first leads), so its
requests run with the guard lifted. Everyone else keeps the guard: a staff member who is not a
superuser gets the admin's own refusal (partnerships/admin.py), and if any admin page ever
forgot to refuse them, the guard would still stop the query rather than show another tenant's
rows.
"""

from django.urls import reverse
from django_scopes import scopes_disabled


class AdminScopesDisabledMiddleware:
    """Run the admin's requests with django-scopes disabled, when a superuser makes them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(reverse("admin:index")) and request.user.is_superuser:
            # The response renders inside get_response (TemplateResponse), so lazy querysets in
            # the admin's templates are evaluated while the guard is still lifted.
            with scopes_disabled():
                return self.get_response(request)
        return self.get_response(request)
