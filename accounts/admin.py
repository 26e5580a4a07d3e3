from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import User


class UserCreationForm(auth_forms.BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationForm
    form = UserChangeForm
    ordering = ["email"]
    list_display = ["email", "full_name", "job_title", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal details"), {"fields": ["full_name", "job_title"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    actions = ["reset_two_factor"]

    @admin.action(
        description=_("Reset two-factor authentication (they set it up again at next sign-in)"),
        permissions=["change"],
    )
    def reset_two_factor(self, request, queryset):
        """For someone who lost their phone and their recovery codes, once support has checked
        who they are. Recorded in the admin's history of each person, with who did it."""
        with transaction.atomic():
            people = list(queryset.filter(authenticator__isnull=False).distinct())
            Authenticator.objects.filter(user__in=people).delete()
            for person in people:
                self.log_change(
                    request,
                    person,
                    [{"changed": {"fields": [str(_("two-factor authentication (reset)"))]}}],
                )
        self.message_user(
            request,
            ngettext(
                "Two-factor authentication was reset for %(count)d person.",
                "Two-factor authentication was reset for %(count)d people.",
                len(people),
            )
            % {"count": len(people)},
            messages.SUCCESS,
        )
