"""Oversight URLs outside any one tenant: the partnership chooser and the convener's overview."""

from .views import homes

urlpatterns = homes.non_tenant_urlpatterns
