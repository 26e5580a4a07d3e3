"""django-allauth's own words that people see on the portal's sign-in, two-factor, single
sign-on and session pages, listed so that `make messages` brings them into our Welsh catalogue:
allauth ships no Welsh, and Django looks in our catalogue (LOCALE_PATHS) before allauth's. Each
is allauth's English exactly (tests/accounts/test_allauth_in_welsh.py checks them against
allauth's own catalogue); nothing here is called at run time."""

from django.utils.translation import gettext_noop

MESSAGES = [
    # Sign-in and passwords (allauth.account: adapter, forms, message templates).
    gettext_noop("This account is currently inactive."),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Please type your current password."),
    gettext_noop("Incorrect code."),
    gettext_noop("Incorrect password."),
    gettext_noop("Invalid or expired key."),
    gettext_noop("Invalid login."),
    gettext_noop("The password reset token was invalid."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("The new value must be different from the current one."),
    gettext_noop("You must type the same password each time."),
    gettext_noop("Password"),
    gettext_noop("Email"),
    gettext_noop("Password (again)"),
    gettext_noop("Current Password"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("Code"),
    gettext_noop("Successfully signed in as %(name)s."),
    gettext_noop("You have signed out."),
    gettext_noop("Password successfully changed."),
    gettext_noop("Password successfully set."),
    # Two-factor authentication (allauth.mfa).
    gettext_noop("You cannot deactivate two-factor authentication."),
    gettext_noop(
        "You cannot generate recovery codes without having two-factor authentication enabled."
    ),
    gettext_noop("Master key"),
    gettext_noop("Backup key"),
    gettext_noop("Key nr. {number}"),
    gettext_noop("Recovery codes"),
    gettext_noop("TOTP Authenticator"),
    # ("WebAuthn", the standard's name, is the same in Welsh.)
    gettext_noop("Authenticator code"),
    gettext_noop("Passwordless"),
    gettext_noop("Authenticator app activated."),
    gettext_noop("Authenticator app deactivated."),
    gettext_noop("A new set of recovery codes has been generated."),
    gettext_noop("Save them  in a secure location now — they won't be shown again."),
    gettext_noop("Security key added."),
    gettext_noop("Security key removed."),
    # Single sign-on (allauth.socialaccount).
    gettext_noop("Invalid token."),
    gettext_noop("Your account has no verified email address."),
    gettext_noop("The third-party account is already connected to a different account."),
    # Where you are signed in (allauth.usersessions).
    gettext_noop("Signed out of all other sessions."),
]
