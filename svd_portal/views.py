from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from documents import services as exports
from outbox import services as outbox


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


@never_cache
@require_safe
def readyz(request):
    """For monitoring and orchestrators: can the portal do its work now? The database answers,
    the broker answers, a worker has beaten within READY_WORKER_SILENCE seconds; with the
    backlog of exports and outbox messages as detail. 200 when ready, 503 (with the same JSON)
    when not. Counts only: nothing here names a person or a partnership."""
    now = timezone.now()
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        checks["database"] = {"ok": False, "error": str(error)[:300]}
        return JsonResponse({"ready": False, "checks": checks}, status=503)
    checks["database"] = {"ok": True}
    broker_ok, broker_error = outbox.broker_reachable()
    checks["broker"] = {"ok": broker_ok} | ({"error": broker_error} if broker_error else {})
    workers = outbox.workers_alive(now=now, silence=settings.READY_WORKER_SILENCE)
    checks["workers"] = {"ok": workers["alive"] > 0} | workers
    checks["exports"] = exports.export_backlog(now=now)
    checks["outbox"] = outbox.backlog(now=now)
    ready = all(check.get("ok", True) for check in checks.values())
    return JsonResponse({"ready": ready, "checks": checks}, status=200 if ready else 503)


def permission_denied(request, exception):
    return render(request, "pages/403.html", status=403)


def page_not_found(request, exception):
    return render(request, "pages/404.html", status=404)


def server_error(request):
    # No context processors: whatever broke the page may break them too.
    return HttpResponse(loader.get_template("pages/500.html").render(), status=500)
