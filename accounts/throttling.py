from .models import normalise_email


def lockout_username(request, credentials) -> str:
    """The key django-axes counts failures under: the email as we store it, whatever its case."""
    if credentials and credentials.get("username"):
        return normalise_email(credentials["username"])
    return normalise_email(request.POST.get("username", ""))
