"""Inviting someone from a body outside the partnership to respond to the consultation on the
draft strategy (s.8(4) of the Act), from the body's row on the register of outside bodies.

The lead runs the consultation (MANAGE_STRATEGY). The invitation is an ordinary partnership
invitation for a consultee, so it is resent and revoked from the invitations pages like any.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.forms import add_service_errors
from partnerships.access import TenantRequest, tenant_view
from partnerships.roles import Permission

from ..forms.contacts import ConsulteeInvitationForm
from ..models import OutsideBody
from ..selectors import contacts as selectors
from ..services import contacts as services


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(["GET", "HEAD", "POST"])
def consultee_invite(request: TenantRequest, body_pk: int):
    body = get_object_or_404(OutsideBody, pk=body_pk, retired_at__isnull=True)
    form = ConsulteeInvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.consultee_invite(
                outside_body=body, email=form.cleaned_data["email"], actor=request.actor
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Invitation to respond to the consultation sent to %(email)s")
                % {"email": contact.invitation.email},
            )
            return redirect("tenant:bodies", request.partnership.slug)
    return render(
        request,
        "assessments/contacts/invite.html",
        {
            "form": form,
            "body": body,
            # Who has been invited from this body already, and how each invitation stands.
            "invited": selectors.contacts_for(request.partnership.pk).filter(outside_body=body),
        },
    )


urlpatterns = [
    path("bodies/<int:body_pk>/invite/", consultee_invite, name="bodies-invite"),
]
