from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "accounts"


def _ours(pattern_name: str) -> RedirectView:
    return RedirectView.as_view(pattern_name=pattern_name, query_string=True)


urlpatterns = [
    path("", views.account_detail, name="detail"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("keep-alive/", views.keep_alive, name="keep-alive"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    # allauth's own pages for what the portal does above, or not at all (nobody signs up; the
    # email is changed by a lead): each leads to ours, so there is one way to do each thing.
    path("login/", _ours("accounts:sign-in")),
    path("signup/", _ours("accounts:sign-in")),
    path("password/change/", _ours("accounts:password-change")),
    path("password/set/", _ours("accounts:password-reset")),
    path("password/reset/", _ours("accounts:password-reset")),
    path("email/", _ours("accounts:detail")),
]
