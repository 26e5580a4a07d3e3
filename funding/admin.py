"""The Django admin for the Home Office's return templates: superusers only, like the rest of
the admin (partnerships/admin.py).

An administrator defines a template's questions once, as the Home Office sets them; publishing a
version freezes it (returns are answered against it), and a change to a published version is a
new draft version with its questions copied ("Make a new version"). Both actions go through the
services, so the admin keeps the same rules as everything else. Nothing is deleted here.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import ReturnQuestion, ReturnTemplate
from .services import returns as services

QUESTION_FIELDS = services.QUESTION_FIELDS


def _is_superuser(request) -> bool:
    return request.user.is_active and request.user.is_superuser


class ReturnQuestionInline(admin.StackedInline):
    model = ReturnQuestion
    extra = 0
    fields = QUESTION_FIELDS

    def _draft(self, obj) -> bool:
        return obj is None or not obj.is_frozen

    def has_view_permission(self, request, obj=None):
        return _is_superuser(request)

    def has_add_permission(self, request, obj=None):
        return _is_superuser(request) and self._draft(obj)

    def has_change_permission(self, request, obj=None):
        return _is_superuser(request) and self._draft(obj)

    def has_delete_permission(self, request, obj=None):
        return _is_superuser(request) and self._draft(obj)


@admin.register(ReturnTemplate)
class ReturnTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "version", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["name"]
    inlines = [ReturnQuestionInline]
    actions = ["publish", "make_new_version"]

    def has_module_permission(self, request):
        return _is_superuser(request)

    def has_view_permission(self, request, obj=None):
        return _is_superuser(request)

    def has_add_permission(self, request):
        return _is_superuser(request)

    def has_change_permission(self, request, obj=None):
        # A published version is frozen: viewed, never edited (a new version is the change).
        return _is_superuser(request) and (obj is None or not obj.is_frozen)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # The change view fetches the row before it checks permissions: refuse first.
        if not _is_superuser(request):
            raise PermissionDenied
        return super().get_queryset(request)

    def get_readonly_fields(self, request, obj=None):
        # Status and version move only through the actions, so no edit skips their rules.
        return ["version", "status", "published_at"]

    def revert_disabled(self, request, obj=None):
        return True

    @admin.action(description=_("Publish"))
    def publish(self, request, queryset):
        for template in queryset:
            try:
                services.return_template_publish(template=template, user=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{template}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                self.message_user(
                    request, gettext("%(template)s published") % {"template": template}
                )

    @admin.action(description=_("Make a new version"))
    def make_new_version(self, request, queryset):
        for template in queryset:
            copy = services.return_template_new_version(template=template, user=request.user)
            self.message_user(request, gettext("%(template)s made as a draft") % {"template": copy})
