"""Personal access tokens and the log of every call made with them.

A token belongs to one member in one partnership. Only a hash of its secret is stored: the
token is shown once, when it is made, and never again. It expires (at most a year on), may be
revoked at any time, and reads only the resources it was given (api/scopes.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.models import TenantModel


class ApiToken(TenantModel):
    """A member's token for reading one partnership through the API."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    # The public part of the token ("svd_<prefix>_<secret>"): finds the row without the secret,
    # and lets its owner tell their tokens apart.
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(_("what it may read"), default=list)
    expires_at = models.DateTimeField(_("expires"))
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # Who made, changed and revoked it is on the partnership's timeline; its use is in ApiCall.
    history = HistoricalRecords(excluded_fields=["last_used_at", "secret_hash"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["partnership", "user"], name="api_token_partnership_user")]

    def __str__(self):
        return f"{self.name} (svd_{self.prefix}_…)"

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class ApiCall(TenantModel):
    """One call made with a token: who read what, when, and the answer's status."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="calls")
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    status = models.PositiveSmallIntegerField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["partnership", "token", "-at"], name="api_call_partnership_token")
        ]

    def __str__(self):
        return f"{self.method} {self.path} {self.status}"
