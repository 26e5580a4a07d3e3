"""The Django admin for partnerships: superusers only, to set up a partnership and repair data.

Leads run their partnership in the portal; the admin is the operator's way in (alongside
`manage.py create_partnership`). It saves rows itself rather than through the services, so it
does beside each save what the services would: role groups for a new partnership, permission
groups after a membership edit, the last-lead rule, no retiring an organisation that still has
members. Nothing is deleted here (organisations retire, memberships end, history stays) and
history is browsable but never reverted, because a revert would skip those rules.

Tenant models refuse queries outside a partnership's scope; svd_portal/admin_scopes.py lifts
that guard for superusers' admin requests.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import AuditEntry, Invitation, Membership, Organisation, Partnership
from .roles import PortalRole


def _is_superuser(request) -> bool:
    return request.user.is_active and request.user.is_superuser


class SuperuserOnlyMixin:
    """Only superusers see or change these models; other staff don't even see the section.

    Django would otherwise show them to any staff member holding the model permissions, and a
    partnership's data is for its members and the people who run the service.
    """

    def has_module_permission(self, request):
        return _is_superuser(request)

    def has_view_permission(self, request, obj=None):
        return _is_superuser(request)

    def has_add_permission(self, request):
        return _is_superuser(request)

    def has_change_permission(self, request, obj=None):
        return _is_superuser(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # The change, delete and history views fetch the row before they check permissions;
        # refuse first, so other staff get a 403 rather than a query outside any scope.
        if not _is_superuser(request):
            raise PermissionDenied
        return super().get_queryset(request)


class TrackedAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    """For the models django-simple-history tracks: their history is one click away."""

    def revert_disabled(self, request, obj=None):
        return True


def _refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- Partnerships ---------------------------------------------------------------------------------


class AreasField(forms.CharField):
    """The areas a partnership covers, one per line, stored as a list."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        return [line.strip() for line in super().to_python(value).splitlines() if line.strip()]


class PartnershipForm(forms.ModelForm):
    areas = AreasField(
        label=_("Areas"),
        required=False,
        help_text=_("One per line: local authority areas, or the police force area"),
    )

    class Meta:
        model = Partnership
        # The admin builds the full form per request (with scopes lifted); a form class naming a
        # scoped foreign key here would query it at import time, outside any scope.
        fields = ["name", "areas"]


@admin.register(Partnership)
class PartnershipAdmin(TrackedAdmin):
    form = PartnershipForm
    list_display = ["name", "slug", "nation", "model", "area_type", "convener_organisation"]
    list_filter = ["nation", "model", "area_type"]
    search_fields = ["name", "slug"]
    list_select_related = ["convener_organisation"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        "name",
        "slug",
        "nation",
        "model",
        "area_type",
        "areas",
        "convener_organisation",
        "protective_marking",
        "leads",
        "created_at",
    ]
    readonly_fields = ["leads", "created_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        convener = form.base_fields.get("convener_organisation")
        if convener is not None:
            # Only this partnership's own organisations; a new partnership has none yet.
            convener.queryset = (
                Organisation.objects.filter(partnership=obj, retired_at__isnull=True)
                if obj
                else Organisation.objects.none()
            )
        return form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A new partnership needs its role groups and their permissions before anyone joins.
        services.partnership_sync_permissions(partnership=obj)

    @admin.display(description=_("leads"))
    def leads(self, obj):
        if obj.pk is None:
            return _("Save the partnership, add the lead's organisation, then add its lead.")
        memberships = (
            Membership.objects.filter(partnership=obj, portal_role=PortalRole.LEAD)
            .active()
            .select_related("user")
        )
        current = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:partnerships_membership_change", args=[m.pk]), m.user)
                for m in memberships
            ),
        )
        add_url = (
            reverse("admin:partnerships_membership_add")
            + "?"
            + urlencode({"partnership": obj.pk, "portal_role": PortalRole.LEAD})
        )
        return format_html(
            '{} <a href="{}">{}</a>', current or gettext("None."), add_url, gettext("Add a lead")
        )


# --- Organisations --------------------------------------------------------------------------------


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        # The admin builds the full form per request (with scopes lifted); a form class naming a
        # scoped foreign key here would query it at import time, outside any scope.
        fields = ["name", "retired_at"]

    def clean(self):
        cleaned = super().clean()
        organisation = self.instance
        if (
            cleaned.get("retired_at")
            and organisation.pk
            and not organisation.is_retired
            and Membership.objects.filter(organisation=organisation).active().exists()
        ):
            raise ValidationError(
                {
                    "retired_at": _(
                        "%(name)s still has active members. Remove them or move them to "
                        "another organisation first."
                    )
                    % {"name": organisation.name}
                }
            )
        return cleaned


@admin.register(Organisation)
class OrganisationAdmin(TrackedAdmin):
    form = OrganisationForm
    list_display = ["name", "partnership", "sector", "statutory_role", "retired_at"]
    list_filter = ["partnership", "sector", ("retired_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "partnership__name"]
    list_select_related = ["partnership", "sector"]
    fields = ["partnership", "name", "sector", "retired_at", "created_at"]
    readonly_fields = ["created_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            # Moving an organisation would strand its members in the old partnership. Disabled
            # rather than read-only, so the name stays checked against the partnership's others.
            form.base_fields["partnership"].disabled = True
        return form


# --- Memberships ----------------------------------------------------------------------------------


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        # The admin builds the full form per request (with scopes lifted); a form class naming a
        # scoped foreign key here would query it at import time, outside any scope.
        fields = ["portal_role"]

    def clean(self):
        cleaned = super().clean()
        membership = self.instance  # still as saved: the form's values land after clean()
        organisation = cleaned.get("organisation")
        if (
            organisation
            and organisation.is_retired
            and organisation.pk != membership.organisation_id
        ):
            self.add_error("organisation", _("Choose a current organisation"))
        if (
            membership.pk
            and membership.is_lead
            and membership.is_active
            and cleaned.get("portal_role") not in {None, PortalRole.LEAD}
            and not Membership.objects.filter(
                partnership_id=membership.partnership_id, portal_role=PortalRole.LEAD
            )
            .active()
            .exclude(pk=membership.pk)
            .exists()
        ):
            self.add_error(
                "portal_role",
                _(
                    "%(name)s is the partnership's only lead. Make someone else a lead before "
                    "changing their role."
                )
                % {"name": membership.user},
            )
        return cleaned


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.partnership})"


@admin.register(Membership)
class MembershipAdmin(TrackedAdmin):
    form = MembershipForm
    list_display = [
        "user",
        "partnership",
        "organisation",
        "portal_role",
        "duty_roles_display",
        "started_on",
        "ended_on",
    ]
    list_filter = ["partnership", "portal_role", ("ended_on", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    list_select_related = ["user", "partnership", "organisation"]
    fields = [
        "partnership",
        "user",
        "organisation",
        "portal_role",
        "accountable",
        "responsible",
        "data_lead",
        "frontline",
        "job_title",
        "started_on",
        "ended_on",
        "nomination",
        "nominated_at",
        "nominated_by",
    ]
    # Removal ends a membership in the portal, where the last-lead rule and the timeline apply.
    readonly_fields = ["ended_on", "nomination", "nominated_at", "nominated_by"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            # One membership per person per partnership: edit it, never move it.
            form.base_fields["partnership"].disabled = True
            form.base_fields["user"].disabled = True
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            # Names repeat across partnerships ("Northshire Police" in two), so say whose.
            kwargs["queryset"] = Organisation.objects.select_related("partnership")
            kwargs["form_class"] = OrganisationChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The role decides the person's permission group, as the services keep it.
        services.membership_sync_permissions(membership=obj)

    @admin.display(description=_("Duty roles"))
    def duty_roles_display(self, obj):
        return ", ".join(obj.get_duty_roles_display()) or "—"


# --- Invitations ----------------------------------------------------------------------------------


@admin.register(Invitation)
class InvitationAdmin(TrackedAdmin):
    """Invitations are made in the portal, which emails them; here they can be read, resent or
    revoked through the same services."""

    list_display = [
        "email",
        "partnership",
        "organisation",
        "portal_role",
        "state_display",
        "sent_at",
        "expires_at",
        "invited_by",
    ]
    list_filter = ["partnership", "status"]
    search_fields = ["email", "partnership__name"]
    list_select_related = ["partnership", "organisation", "invited_by"]
    fields = [
        "partnership",
        "email",
        "organisation",
        "portal_role",
        "accountable",
        "responsible",
        "data_lead",
        "frontline",
        "status",
        "invited_by",
        "created_at",
        "sent_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    ]
    actions = ["resend", "revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("state"))
    def state_display(self, obj):
        return obj.get_state_display()

    @admin.action(description=_("Resend the selected invitations"))
    def resend(self, request, queryset):
        self._apply(request, queryset, services.invitation_resend, gettext("Resent"))

    @admin.action(description=_("Revoke the selected invitations"))
    def revoke(self, request, queryset):
        self._apply(request, queryset, services.invitation_revoke, gettext("Revoked"))

    def _apply(self, request, queryset, service, done_label):
        done = []
        for invitation in queryset:
            try:
                service(invitation=invitation, acting_user=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{invitation.email}: {_refusal(error)}", level=messages.WARNING
                )
            else:
                done.append(invitation.email)
        if done:
            self.message_user(request, f"{done_label}: {', '.join(done)}", level=messages.SUCCESS)


# --- Audit ----------------------------------------------------------------------------------------


@admin.register(AuditEntry)
class AuditEntryAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    """The partnerships' timelines, read-only: a record of what happened is never edited."""

    list_display = [
        "occurred_at",
        "partnership",
        "actor",
        "action",
        "subject_type",
        "subject_label",
        "summary",
    ]
    list_filter = ["partnership", "action", "subject_type"]
    search_fields = ["subject_label", "summary", "actor__email", "actor__full_name"]
    list_select_related = ["partnership", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
