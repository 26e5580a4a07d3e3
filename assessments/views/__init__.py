"""SNA views, one module per area; each declares `urlpatterns` relative to /p/<slug>/, gathered
by svd_portal/tenant_urls.py, and wraps every view in partnerships.access.tenant_view."""
