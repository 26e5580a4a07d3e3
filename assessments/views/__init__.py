"""SNA views, one module per area; each declares `urlpatterns` relative to /p/<slug>/, gathered
by partnerships/tenant_urls.py, and wraps every view in partnerships.access.tenant_view."""
