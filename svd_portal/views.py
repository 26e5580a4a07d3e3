from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
def accessibility_statement(request):
    return render(request, "pages/accessibility.html")


@require_safe
def cookies(request):
    return render(request, "pages/cookies.html")


@never_cache
@require_safe
def healthz(request):
    """For load balancers and container health checks: the app is up and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def permission_denied(request, exception):
    return render(request, "pages/403.html", status=403)


def page_not_found(request, exception):
    return render(request, "pages/404.html", status=404)


def server_error(request):
    # No context processors: whatever broke the page may break them too.
    return HttpResponse(loader.get_template("pages/500.html").render(), status=500)
