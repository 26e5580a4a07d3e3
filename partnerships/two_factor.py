"""Who must sign in with two factors, and the middleware that has them set it up first.

Partnership leads, data leads, conveners and administrators hold what is most sensitive (every
member's details, the figures before suppression, the published strategy, every partnership),
so they always need a second factor; a lead may ask it of every member of their partnership.
Someone who needs it and has none is sent to set up an authenticator app on their next page,
and can do nothing else until they have.
"""

import time

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.db.models import Q
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from .models import Membership
from .roles import PortalRole

# A person's answer is kept in their session this long, so most pages ask nothing more of the
# database; a new requirement (a new role, a lead's switch) applies within this time.
RECHECK_AFTER_SECONDS = 5 * 60
SESSION_KEY = "partnerships.two_factor_checked_at"

# Pages a person needing two-factor may still reach: their account (where it is set up, and
# signing out), the health checks and static files.
OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz/", "/readyz/", "/favicon")


def two_factor_required(user) -> bool:
    """Whether `user` must sign in with a second factor: for their role (TWO_FACTOR_REQUIRED,
    always on in production), or because their partnership asks it of everyone."""
    everyone = Q(partnership__two_factor_for_everyone=True)
    if settings.TWO_FACTOR_REQUIRED:
        if user.is_staff or user.is_superuser:
            return True
        everyone |= Q(portal_role__in=[PortalRole.LEAD, PortalRole.CONVENER]) | Q(data_lead=True)
    with scopes_disabled():
        return Membership.objects.filter(everyone, user=user, ended_on__isnull=True).exists()


def needs_to_set_up_two_factor(user) -> bool:
    return two_factor_required(user) and not is_mfa_enabled(user)


@receiver(user_logged_in, dispatch_uid="partnerships.two_factor.check_at_sign_in")
def check_at_sign_in(sender, request, user, **kwargs) -> None:
    """Ask once, as the person signs in, so their first pages ask nothing more."""
    session = getattr(request, "session", None)
    if session is not None and not needs_to_set_up_two_factor(user):
        session[SESSION_KEY] = time.time()


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and not self._recently_checked(request)
        ):
            if needs_to_set_up_two_factor(user):
                messages.warning(
                    request,
                    _(
                        "Your role asks for a second step when you sign in. Set up an "
                        "authenticator app to carry on."
                    ),
                )
                return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
            request.session[SESSION_KEY] = time.time()
        return self.get_response(request)

    @staticmethod
    def _recently_checked(request) -> bool:
        checked_at = request.session.get(SESSION_KEY)
        return checked_at is not None and time.time() - checked_at < RECHECK_AFTER_SECONDS
