from allauth.account import views as allauth_views
from allauth.core import ratelimit
from allauth.mfa.utils import is_mfa_enabled
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import FormView

from outbox import services as outbox

from . import forms, tasks
from .models import normalise_email
from .sessions import session_expires_in, touch


def sso_providers(request) -> list:
    """The single sign-on providers configured (OIDC_SERVER_URL), to offer beside the password."""
    return get_social_adapter().list_providers(request)


class SignInView(allauth_views.LoginView):
    """allauth's sign-in: it counts failures per address and per account (ACCOUNT_RATE_LIMITS)
    and asks for the second factor of anyone who has one."""

    form_class = forms.SignInForm
    template_name = "accounts/sign_in.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = context.get("redirect_field_value") or ""
        context["timed_out"] = "timed_out" in self.request.GET
        context["sso_providers"] = sso_providers(self.request)
        return context


class SignOutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You have signed out."))
        return response


class PasswordResetView(FormView):
    """Ask for a reset link. Limited per address and per email (ACCOUNT_RATE_LIMITS); the
    answer, and the work done before it, are the same whether or not the account exists: the
    worker looks the account up and sends the email."""

    form_class = forms.PasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password-reset-sent")

    def form_valid(self, form):
        email = normalise_email(form.cleaned_data["email"])
        if not ratelimit.consume(self.request, action="reset_password", key=email):
            form.add_error(
                "email",
                _("You have asked for too many reset links. Wait an hour and try again."),
            )
            return self.form_invalid(form)
        with transaction.atomic():
            outbox.send(tasks.send_password_reset, email)
        return super().form_valid(form)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = forms.SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = forms.PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:detail")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


@require_POST
def keep_alive(request):
    """ "Stay signed in" from the timeout warning: the session starts its idle time again."""
    if not request.user.is_authenticated:
        return JsonResponse({"expires_in": 0}, status=401)
    touch(request.session)
    return JsonResponse({"expires_in": session_expires_in(request)})


@login_required
@require_http_methods(["GET", "POST"])
def account_detail(request):
    form = forms.AccountDetailsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details have been saved."))
        return redirect("accounts:detail")
    return render(
        request,
        "accounts/detail.html",
        {"form": form, "two_factor_on": is_mfa_enabled(request.user)},
    )
