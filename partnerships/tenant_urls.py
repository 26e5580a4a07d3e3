"""Every URL under /p/<partnership_slug>/. The isolation tests walk these: none is exempt."""

from assessments.views import (
    assessment,
    calls,
    contributions,
    data_returns,
    definition,
    exports,
    findings,
    matrix,
    provision,
)
from strategies.views import (
    actions,
    commissioning,
    governance,
    measures,
    meetings,
    reviews,
    strategy,
)
from strategies.views import exports as strategy_exports

from .views import (
    activity,
    dashboard,
    invitations,
    members,
    organisations,
    representation,
    settings,
)

app_name = "tenant"

urlpatterns = [
    *dashboard.urlpatterns,
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
    *strategy.urlpatterns,
    *actions.urlpatterns,
    *measures.urlpatterns,
    *governance.urlpatterns,
    *meetings.urlpatterns,
    *commissioning.urlpatterns,
    *reviews.urlpatterns,
    *strategy_exports.urlpatterns,
]
