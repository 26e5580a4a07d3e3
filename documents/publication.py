"""Publishing a strategy on the open web: its public page, at an address the lead chooses, in each
language the partnership works in, with a plain-language summary and the public PDF.

Public means readable by anyone without signing in, so the page shows only what may travel: the
public version of what was published (documents.content leaves restricted priorities, actions
and measures out), no one's name (the published snapshot holds organisations, never people), and
every figure from 1 to 4 as "<5". The lead publishes and withdraws; both are on the timeline.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerships.audit import save_with_history
from partnerships.models import Partnership
from partnerships.roles import Permission
from strategies.models import Strategy, StrategyVersion

from . import services as exports
from .content import FROZEN
from .models import ExportJob, PublicPage

ADDRESS = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Words a public address may not be, so it never looks like one of the page's own parts.
RESERVED = {"cy", "summary", "crynodeb", "strategy-pdf"}


def languages_of(partnership: Partnership) -> list[str]:
    """The languages a partnership publishes in: English, and Welsh too for a partnership in
    Wales or one that asks for Welsh."""
    if partnership.works_in_welsh:
        return [settings.LANGUAGE_CODE, "cy"]
    return [settings.LANGUAGE_CODE]


def published_version(strategy: Strategy) -> StrategyVersion | None:
    """The version the public page shows: the latest published one."""
    if strategy.status not in FROZEN:
        return None
    return StrategyVersion.objects.filter(strategy=strategy).order_by("-number").first()


def _checked_address(*, partnership, address: str, page: PublicPage | None) -> str:
    address = (address or "").strip().lower()
    if not address:
        raise ValidationError({"address": _("Enter the address of the public page")})
    if len(address) > 60:
        raise ValidationError({"address": _("The address must be 60 characters or fewer")})
    if not ADDRESS.match(address):
        raise ValidationError(
            {
                "address": _(
                    "The address must use only lowercase letters, numbers and single hyphens, "
                    "like serious-violence-strategy"
                )
            }
        )
    if address in RESERVED:
        raise ValidationError({"address": _("Choose another address: that one is reserved")})
    taken = PublicPage.objects.filter(partnership=partnership, address=address)
    if page is not None:
        taken = taken.exclude(pk=page.pk)
    if taken.exists():
        raise ValidationError(
            {"address": _("Another of the partnership's public pages has that address")}
        )
    return address


@transaction.atomic
def public_page_publish(
    *,
    strategy: Strategy,
    address: str,
    plain_summary: str,
    plain_summary_welsh: str,
    contact_email: str = "",
    actor,
) -> PublicPage:
    """Publish (or update) the strategy's public page at `address`, and ask for its public PDF
    in each language the partnership publishes in. Only a published strategy has one."""
    if not actor.may(Permission.MANAGE_STRATEGY):
        raise PermissionDenied
    if strategy.partnership_id != actor.partnership.pk:
        raise ValidationError(_("Choose a strategy of this partnership"))
    if published_version(strategy) is None:
        raise ValidationError(_("Publish the strategy first: only a published one has a page"))
    page = PublicPage.objects.filter(strategy=strategy).first()
    address = _checked_address(partnership=strategy.partnership, address=address, page=page)
    was_live = page is not None and page.is_live
    page = page or PublicPage(partnership=strategy.partnership, strategy=strategy)
    page.address = address
    page.plain_summary = plain_summary.strip()
    page.plain_summary_welsh = plain_summary_welsh.strip()
    page.contact_email = contact_email.strip()
    if not was_live:
        page.published_at, page.withdrawn_at = timezone.now(), None
    page.full_clean()
    save_with_history(
        page,
        acting_user=actor.user,
        reason=_("Public page updated") if was_live else _("Public page published"),
    )
    for language in languages_of(strategy.partnership):
        exports.export_request(
            kind=ExportJob.Kind.STRATEGY,
            source=strategy,
            variant=ExportJob.Variant.PUBLIC,
            draft=False,
            language=language,
            actor=actor,
        )
    return page


@transaction.atomic
def public_page_withdraw(*, page: PublicPage, actor) -> PublicPage:
    """Take the public page down: every address of it is gone at once."""
    if not actor.may(Permission.MANAGE_STRATEGY):
        raise PermissionDenied
    if page.is_live:
        page.withdrawn_at = timezone.now()
        save_with_history(page, acting_user=actor.user, reason=_("Public page withdrawn"))
    return page


# --- reading a public page, from outside any partnership ---


@dataclass(frozen=True)
class Published:
    """A live public page with what it shows."""

    partnership: Partnership
    page: PublicPage
    version: StrategyVersion
    languages: list[str]


def live_page(*, partnership: Partnership, address: str) -> Published | None:
    """The partnership's live public page at `address` with its published version, or None.
    Callers read it inside the partnership's scope (and, on PostgreSQL, its wall)."""
    page = (
        PublicPage.objects.filter(
            partnership=partnership,
            address=address,
            published_at__isnull=False,
            withdrawn_at__isnull=True,
        )
        .select_related("strategy", "strategy__partnership")
        .first()
    )
    if page is None:
        return None
    version = published_version(page.strategy)
    if version is None:
        return None
    return Published(
        partnership=partnership,
        page=page,
        version=version,
        languages=languages_of(partnership),
    )


def public_pdf(*, published: Published, language: str) -> ExportJob | None:
    """The public PDF of the version shown, in `language`, if one is ready."""
    return (
        ExportJob.objects.filter(
            strategy=published.page.strategy,
            variant=ExportJob.Variant.PUBLIC,
            draft=False,
            language=language,
            source_version=published.version.number,
            status=ExportJob.Status.READY,
        )
        .order_by("-finished_at", "-pk")
        .first()
    )


def page_for_strategy(*, strategy: Strategy) -> PublicPage | None:
    return PublicPage.objects.filter(strategy=strategy).first()
