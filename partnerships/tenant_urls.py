"""Every URL under /p/<partnership_slug>/. The isolation tests walk these: none is exempt."""

from .views import activity, dashboard, invitations, members, organisations, representation

app_name = "tenant"

urlpatterns = [
    *dashboard.urlpatterns,
    *organisations.urlpatterns,
    *members.urlpatterns,
    *invitations.urlpatterns,
    *representation.urlpatterns,
    *activity.urlpatterns,
]
