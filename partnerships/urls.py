"""Partnership URLs outside any one tenant: accepting an invitation (the invitee is not a member
yet; the signed token is their key)."""

from .views import invitations

urlpatterns = invitations.non_tenant_urlpatterns
