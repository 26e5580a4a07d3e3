from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from partnerships import selectors


@require_safe
def home(request):
    """The start page for visitors; signed-in people land in their partnership.

    One partnership: its dashboard. Several: the chooser. None yet: the guidance, and a word on
    how to join.
    """
    if not request.user.is_authenticated:
        return render(request, "pages/start.html")
    memberships = list(selectors.memberships_for_user(user=request.user)[:2])
    if len(memberships) == 1:
        return redirect("tenant:dashboard", memberships[0].partnership.slug)
    if memberships:
        return redirect("partnership-chooser")
    return render(
        request,
        "pages/home.html",
        {"elements": selectors.element_list(), "not_a_member": True},
    )


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
