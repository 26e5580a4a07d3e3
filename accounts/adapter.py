"""How django-allauth behaves here: accounts come only from invitations, sign-in messages in
GOV.UK words, and single sign-on that matches a person only by an email their provider verified.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import normalise_email
from .sessions import signed_in_at, signed_in_within

# Where the invitation page notes the invitation a visitor is accepting, so that signing in with
# their organisation's account may create theirs (partnerships/views/invitations.py sets it).
INVITED_EMAIL_SESSION_KEY = "accounts.invited_email"


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _("Enter a correct email address and password"),
        "too_many_login_attempts": _(
            "There have been too many attempts to sign in. Wait 15 minutes and try again, or "
            "reset your password."
        ),
        "account_inactive": _("This account has been deactivated. Contact your partnership lead."),
        "incorrect_password": _("Your password is not right. Enter it again."),
        "enter_current_password": _("Enter your password"),
        "rate_limited": _("You have tried too many times. Wait a few minutes and try again."),
    }

    def is_open_for_signup(self, request):
        # Nobody signs up: a partnership lead invites them.
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Changing two-factor asks for the password again, except to set up a first one (and
        see its recovery codes) in the minutes after signing in: they have just typed it, and
        the portal has sent them there."""
        request = context.request
        if (
            app == "allauth.mfa"
            and request is not None
            and request.user.is_authenticated
            and signed_in_within(request, settings.ACCOUNT_REAUTHENTICATION_TIMEOUT)
            and not Authenticator.objects.filter(
                user=request.user, created_at__lt=signed_in_at(request)
            ).exists()
        ):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        """A new account from single sign-on only for the person an invitation was sent to:
        their provider must vouch for that same email address."""
        invited = normalise_email(request.session.get(INVITED_EMAIL_SESSION_KEY, ""))
        return bool(invited) and invited in _verified_emails(sociallogin)

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.email = normalise_email(user.email)
        name = (data.get("name") or "").strip()
        if not name:
            name = " ".join(
                part for part in (data.get("first_name"), data.get("last_name")) if part
            )
        user.full_name = (name or user.email)[:150]
        # allauth records the address itself, as the provider verified it (accounts/signals.py).
        user.address_recorded_by_allauth = True
        return user

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        # The invitation is spent by accepting it on its page, where the person now returns.
        request.session.pop(INVITED_EMAIL_SESSION_KEY, None)
        return user


def _verified_emails(sociallogin) -> set[str]:
    return {
        normalise_email(address.email)
        for address in sociallogin.email_addresses
        if address.verified
    }
