"""Partnership URLs outside any one tenant: choosing a partnership, the convener's overview and
accepting an invitation (the invitee is not a member yet; the signed token is their key)."""

from .views import dashboard, invitations

urlpatterns = [
    *dashboard.non_tenant_urlpatterns,
    *invitations.non_tenant_urlpatterns,
]
