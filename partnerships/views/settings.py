"""The partnership's details, which its lead changes: name, nation, model (and the answers to
the guidance's questions on the arrangement), area, convener and the protective marking its
documents carry."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.forms import add_service_errors

from .. import selectors, services
from ..access import TenantRequest, tenant_view
from ..forms.settings import PartnershipDetailsForm
from ..models import ReflectiveQuestion
from ..roles import Permission


@tenant_view(Permission.MANAGE_PARTNERSHIP)
@require_http_methods(["GET", "HEAD", "POST"])
def partnership_details(request: TenantRequest):
    partnership = request.partnership
    form = PartnershipDetailsForm(
        request.POST if request.method == "POST" else None,
        partnership=partnership,
        initial=PartnershipDetailsForm.initial_for(partnership),
        arrangement_questions=list(
            selectors.reflective_questions(ReflectiveQuestion.Purpose.ARRANGEMENT)
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_update(
                partnership=partnership, **form.cleaned_data, acting_user=request.user
            )
        except ValidationError as error:
            partnership.refresh_from_db()  # the page's header shows what is saved
            add_service_errors(form, error)
        else:
            messages.success(request, _("The partnership's details have been saved"))
            return redirect("tenant:dashboard", partnership.slug)
    return render(request, "partnerships/settings/details.html", {"form": form})


urlpatterns = [
    path("settings/", partnership_details, name="settings"),
]
