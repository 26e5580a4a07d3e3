"""Notifications in the admin, read-only: for an operator tracing what someone was told.

Superusers only, like the partnerships' admin; svd_portal/admin_scopes.py lifts the tenant
scope for their admin requests."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied

from .models import EmailPreference, Notification


class ReadOnlyForSuperusers(admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # The change view fetches the row before it checks permissions: refuse first, so other
        # staff get a 403 rather than a query outside any scope.
        if not self.has_module_permission(request):
            raise PermissionDenied
        return super().get_queryset(request)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyForSuperusers):
    list_display = ["title", "recipient", "partnership", "created_at", "read_at", "email"]
    list_filter = ["email"]
    list_select_related = ["recipient", "partnership"]
    search_fields = ["title", "recipient__email", "key"]
    date_hierarchy = "created_at"


@admin.register(EmailPreference)
class EmailPreferenceAdmin(ReadOnlyForSuperusers):
    list_display = ["user", "frequency", "last_digest_at"]
    list_filter = ["frequency"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
