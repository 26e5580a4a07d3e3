from django.conf import settings

from accounts.sessions import session_expires_in


def service(request):
    """Values every page's layout needs: the service name, where to ask for help, and for a
    signed-in person how long their session has left (the timeout warning)."""
    return {
        "service_name": "SVD Portal",
        "support_email": settings.SUPPORT_EMAIL,
        "session_expires_in": session_expires_in(request) if hasattr(request, "user") else None,
        "session_timeout_warning": settings.SESSION_TIMEOUT_WARNING,
    }
