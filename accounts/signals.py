"""An account's email address is verified: it received the invitation that made the account.
allauth keeps addresses in a table of its own; single sign-on trusts only verified ones, and
would otherwise wipe the password of an account whose address it could not find verified."""

from allauth.account.models import EmailAddress
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import User


@receiver(post_save, sender=User, dispatch_uid="accounts.email_address_verified")
def keep_email_address_verified(sender, instance: User, raw=False, **kwargs) -> None:
    if raw or getattr(instance, "address_recorded_by_allauth", False):
        return
    sync_email_address(instance)


def sync_email_address(user: User) -> None:
    EmailAddress.objects.filter(user=user).exclude(email=user.email).delete()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
