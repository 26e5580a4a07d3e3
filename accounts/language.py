"""The language a person reads the portal in: English or Welsh (issue 16).

Chosen with the switcher in every page's header (`choose_language`): kept on the person's account
when they are signed in, so it follows them to every device, and in Django's language cookie
when they are not. Until a signed-in person chooses, a Welsh partnership's pages open in the
language the partnership asks for (partnerships/access.py) and other pages follow the browser,
as Django's LocaleMiddleware reads it.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def chosen_language(request: HttpRequest) -> str:
    """The language the signed-in person chose, or "" if they have not."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in LANGUAGE_CODES:
        return user.language
    return ""


def reader_language(user=None, *, fallback: str = "") -> str:
    """The language to write to a person in, away from their request (an email, a notification
    a worker makes): the one they chose; else `fallback`, the language their partnership asks
    for; else the portal's own."""
    if user is not None and getattr(user, "language", "") in LANGUAGE_CODES:
        return user.language
    return fallback if fallback in LANGUAGE_CODES else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    """A signed-in person's choice wins over what their browser asks for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


def _back_to(request: HttpRequest) -> str:
    """Where the switcher was pressed: the page, if it is ours, else the start page."""
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return "/"


@require_POST
def choose_language(request: HttpRequest) -> HttpResponseRedirect:
    """Switch language and go back to the same page in it. A language the portal does not offer
    changes nothing."""
    response = HttpResponseRedirect(_back_to(request))
    language = request.POST.get("language", "")
    if language not in LANGUAGE_CODES:
        return response
    user = request.user
    if user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
