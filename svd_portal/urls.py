from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from accounts.language import choose_language
from api.v1 import api as api_v1
from documents import public_views as public_pages
from oversight.views.homes import home

from . import views

# Administrators sign in like everyone else, with their second factor: never through the admin's
# own password-only form.
admin.site.login = login_required(admin.site.login)

urlpatterns = [
    path("", home, name="home"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("cookies/", views.cookies, name="cookies"),
    path("language/", choose_language, name="language"),
    path("healthz/", views.healthz, name="healthz"),
    path("readyz/", views.readyz, name="readyz"),
    path("accounts/", include("accounts.urls")),
    # django-allauth: two-factor (2fa/), single sign-on (oidc/, 3rdparty/), sessions (sessions/).
    path("accounts/", include("allauth.urls")),
    path("guidance/", include("partnerships.guidance_urls")),
    path("notifications/", include("notifications.urls")),
    # A published strategy's public page: anyone may read it, without signing in.
    path("published/", include(public_pages.public_urlpatterns)),
    path("p/<slug:partnership_slug>/", include("svd_portal.tenant_urls")),
    path("convener/funding/", include("funding.urls")),
    # The read-only API; each of its routes resolves the partnership from the token (api/auth.py).
    path("api/v1/", api_v1.urls),
    path("oruk/", include("api.oruk_urls")),
    path("", include("oversight.urls")),
    path("", include("partnerships.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "svd_portal.views.permission_denied"
handler404 = "svd_portal.views.page_not_found"
handler500 = "svd_portal.views.server_error"
