"""Every URL under /p/<partnership_slug>/. The isolation tests walk these: none is exempt."""

from api import views as api_tokens
from assessments.views import (
    assessment,
    calls,
    contacts,
    contributions,
    data_returns,
    definition,
    exports,
    findings,
    provision,
    sharing,
)
from documents import public_views as public_pages
from documents import views as documents
from funding.views import partnership as funding_partnership
from oversight.views import homes, information_requests, matrix, search, traceability
from partnerships.views import (
    activity,
    invitations,
    members,
    organisations,
    representation,
    settings,
)
from strategies.views import (
    actions,
    commissioning,
    consulting,
    governance,
    landscape,
    measures,
    meetings,
    reviews,
    strategy,
    welsh,
)

app_name = "tenant"

urlpatterns = [
    *homes.urlpatterns,
    *settings.urlpatterns,
    *organisations.urlpatterns,
    *members.urlpatterns,
    *invitations.urlpatterns,
    *representation.urlpatterns,
    *activity.urlpatterns,
    *assessment.urlpatterns,
    *definition.urlpatterns,
    *calls.urlpatterns,
    *contributions.urlpatterns,
    *data_returns.urlpatterns,
    *findings.urlpatterns,
    *matrix.urlpatterns,
    *exports.urlpatterns,
    *provision.urlpatterns,
    *sharing.urlpatterns,
    *contacts.urlpatterns,
    *strategy.urlpatterns,
    *actions.urlpatterns,
    *measures.urlpatterns,
    *governance.urlpatterns,
    *consulting.urlpatterns,
    *meetings.urlpatterns,
    *commissioning.urlpatterns,
    *landscape.urlpatterns,
    *reviews.urlpatterns,
    *api_tokens.urlpatterns,
    *documents.urlpatterns,
    *public_pages.tenant_urlpatterns,
    *welsh.urlpatterns,
    *search.urlpatterns,
    *traceability.urlpatterns,
    *information_requests.urlpatterns,
    *funding_partnership.urlpatterns,
]
