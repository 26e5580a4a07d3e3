from django.conf import settings


def service(request):
    """Values every page's layout needs: the service name and where to ask for help."""
    return {"service_name": "SVD Portal", "support_email": settings.SUPPORT_EMAIL}
