import logging

from allauth.account.forms import LoginForm
from django import forms
from django.contrib.auth import forms as auth_forms
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from common.mail import send_plain

from .language import reader_language
from .models import User, normalise_email

logger = logging.getLogger(__name__)


class SignInForm(LoginForm):
    """allauth's sign-in form (it counts failures for the rate limits and hands over to
    two-factor) with GOV.UK wording: say what to do, not what went wrong."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"] = forms.EmailField(
            label=_("Email address"),
            widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            error_messages={
                "required": _("Enter your email address"),
                "invalid": _("Enter an email address in the correct format, like name@example.org"),
            },
        )
        self.fields["password"] = forms.CharField(
            label=_("Password"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
            error_messages={"required": _("Enter your password")},
        )
        self.order_fields(["login", "password"])

    def clean_login(self) -> str:
        return normalise_email(self.cleaned_data["login"])


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Django's, sent as plain text only, whose reset link arrives unbroken (common.mail).
        As in Django's, a failure is logged rather than raised."""
        # In the language the person chose, as the worker sends it outside their request.
        with translation.override(reader_language(context.get("user"))):
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
        try:
            send_plain(subject=subject, body=body, to=to_email, from_email=from_email)
        except Exception:
            logger.exception("Failed to send password reset email to %s", context["user"].pk)


class SetPasswordForm(auth_forms.SetPasswordForm):
    """Choosing a new password from an emailed link."""

    error_messages = {
        **auth_forms.SetPasswordForm.error_messages,
        "password_mismatch": _("The passwords do not match"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password1"].help_text = _(
            "Use at least 12 characters. Avoid common passwords and ones like your name or email."
        )
        self.fields["new_password1"].error_messages["required"] = _("Enter a new password")
        self.fields["new_password2"].label = _("Confirm new password")
        self.fields["new_password2"].help_text = ""
        self.fields["new_password2"].error_messages["required"] = _("Confirm your new password")


class PasswordChangeForm(SetPasswordForm, auth_forms.PasswordChangeForm):
    """Changing a password while signed in: the current one first."""

    field_order = ["old_password", "new_password1", "new_password2"]
    error_messages = {
        **SetPasswordForm.error_messages,
        "password_incorrect": _("Your current password is not right. Enter it again."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")
        self.fields["old_password"].error_messages["required"] = _("Enter your current password")


class AccountDetailsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "job_title"]
        labels = {"full_name": _("Full name"), "job_title": _("Job title")}
        error_messages = {"full_name": {"required": _("Enter your full name")}}
