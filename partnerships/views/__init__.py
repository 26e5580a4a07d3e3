"""Views, one module per area. Tenant modules each declare `urlpatterns` relative to /p/<slug>/,
which svd_portal/tenant_urls.py gathers; every tenant view is wrapped in access.tenant_view."""
