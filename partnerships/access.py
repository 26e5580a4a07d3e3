"""The one way in to a partnership's data, and the one answer to "who is acting here?".

Every tenant view is wrapped in `tenant_view`: it resolves the partnership from the URL and the
person's active membership of it, answers 404 to anyone who is not a member (whether or not the
partnership or object exists, so an id never confirms anything), 403 to a member whose role
lacks the permission, and runs the view inside the partnership's scope so that every query on a
tenant-owned model is filtered to it.

It resolves the person once, as an `Actor` (their membership, organisation and permissions in
this partnership), which the view passes to the services and rules that decide by who is acting,
and templates read through the `may` filter. Code outside a request (commands, the demo) asks
`actor_for` the same question; `Actor.system` acts for the portal itself.

A change (any POST) whose database connection drops is not a 500: the page comes back with
what was typed and "Nothing was saved" (`_change_surviving_a_dropped_connection`), and the files
it had written are removed again.
"""

import logging
from dataclasses import dataclass
from functools import cache, wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Permission as AuthPermission
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError, connection
from django.db.models import Count, OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import translation
from django.utils.cache import patch_cache_control
from django_htmx.middleware import HtmxDetails
from django_scopes import scope
from guardian.core import ObjectPermissionChecker

from accounts.language import chosen_language
from accounts.models import User
from common.files import files_kept_only_if_committed
from common.forms import every_form_refused
from common.sql import column, table

from . import row_security
from .changes import versions_read_once
from .consultees import consultee_home_url
from .models import (
    Membership,
    Organisation,
    Partnership,
    PartnershipGroupObjectPermission,
    PartnershipUserObjectPermission,
)
from .roles import Permission


@dataclass(frozen=True)
class Actor:
    """A person acting in one partnership: their membership (and so organisation) and what
    their roles allow there. The system itself (demo data, operators' commands) has no person,
    no membership, and every permission."""

    user: User | None
    partnership: Partnership
    membership: Membership | None
    permissions: frozenset[str]

    @classmethod
    def system(cls, partnership: Partnership) -> "Actor":
        return cls(
            user=None,
            partnership=partnership,
            membership=None,
            permissions=frozenset(Permission.values),
        )

    @property
    def is_system(self) -> bool:
        return self.user is None

    @property
    def organisation(self) -> Organisation | None:
        return self.membership.organisation if self.membership else None

    @property
    def organisation_id(self) -> int | None:
        return self.membership.organisation_id if self.membership else None

    def may(self, permission: str) -> bool:
        return permission in self.permissions

    @property
    def is_consultee(self) -> bool:
        return self.membership is not None and self.membership.is_consultee

    def speaks_for(self, organisation_id: int | None) -> bool:
        """Whether they act for that organisation: a member of it (or the system). Never a
        consultee, who belongs to no organisation."""
        return self.is_system or (
            organisation_id is not None and organisation_id == self.organisation_id
        )


def _permissions(user: User, partnership: Partnership) -> frozenset[str]:
    """What the person's grants on the partnership allow, their own and their role groups', in
    one query (guardian's checker asks twice; every partnership page asks)."""
    if not user.is_active:
        return frozenset()
    if user.is_superuser:  # guardian gives a superuser every permission
        return frozenset(ObjectPermissionChecker(user).get_perms(partnership))
    with connection.cursor() as cursor:
        cursor.execute(_permissions_sql(), [partnership.pk, user.pk, partnership.pk, user.pk])
        return frozenset(codename for (codename,) in cursor.fetchall())


@cache
def _permissions_sql() -> str:
    """The permissions query written out: every partnership page runs it, and building it
    through the ORM (a union of two joins) took several times what the database takes to
    answer. Table and column names come from the models, so it follows them."""
    own, of_groups = PartnershipUserObjectPermission, PartnershipGroupObjectPermission
    in_group = User.groups.through
    codename = column(AuthPermission, "codename")
    return (
        f"SELECT p.{codename} FROM {table(own)} g"  # noqa: S608 (names from the models)
        f" JOIN {table(AuthPermission)} p ON p.id = g.{column(own, 'permission')}"
        f" WHERE g.{column(own, 'content_object')} = %s AND g.{column(own, 'user')} = %s"
        f" UNION SELECT p.{codename} FROM {table(of_groups)} g"
        f" JOIN {table(AuthPermission)} p ON p.id = g.{column(of_groups, 'permission')}"
        f" JOIN {table(in_group)} ug"
        f" ON ug.{column(in_group, 'group')} = g.{column(of_groups, 'group')}"
        f" WHERE g.{column(of_groups, 'content_object')} = %s"
        f" AND ug.{column(in_group, 'user')} = %s"
    )


def actor_for(user: User, partnership: Partnership) -> Actor | None:
    """The person as an actor in the partnership, or None if they are not a current member."""
    membership = (
        Membership.objects.with_scope(partnership=partnership)
        .select_related("organisation__sector")
        .filter(user=user, ended_on__isnull=True)
        .first()
    )
    if membership is None:
        return None
    return Actor(
        user=user,
        partnership=partnership,
        membership=membership,
        permissions=_permissions(user, partnership),
    )


def _actor_at(user: User, partnership_slug: str) -> Actor | None:
    """`actor_for` the partnership at this address, with how many partnerships the person is
    in (the switcher's "Change" link), in one query for membership and partnership together.
    Cross-partnership only in the count, which reads the person's own memberships."""
    memberships = Membership.objects.with_scopes_disabled()
    membership = (
        # Not the organisation's sector: one page reads it (the contribution form's guidance),
        # and joining the catalogue on every page was a third of this query's cost.
        memberships.select_related("partnership", "organisation")
        .filter(partnership__slug=partnership_slug, user=user, ended_on__isnull=True)
        .annotate(
            partnership_count=Subquery(
                memberships.filter(user=OuterRef("user"), ended_on__isnull=True)
                .order_by()
                .values("user")
                .annotate(count=Count("pk"))
                .values("count")
            )
        )
        # One membership at most (one per person per partnership): no ordering to apply, and
        # the default one (by name) would join the people table for nothing.
        .order_by()[:1]
    )
    membership = next(iter(membership), None)
    if membership is None:
        return None
    partnership = membership.partnership
    return Actor(
        user=user,
        partnership=partnership,
        membership=membership,
        permissions=_permissions(user, partnership),
    )


def _in_the_partnerships_language(request: HttpRequest, partnership: Partnership) -> None:
    """A Welsh partnership may open its pages in Welsh for members who have not chosen a
    language, with the switcher or while signed out (Django's language cookie)."""
    if (
        partnership.default_language != settings.LANGUAGE_CODE
        and not chosen_language(request)
        and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
    ):
        translation.activate(partnership.default_language)
        request.LANGUAGE_CODE = partnership.default_language


class TenantRequest(HttpRequest):
    """What a tenant view can rely on being set on its request."""

    user: User
    htmx: HtmxDetails
    partnership: Partnership
    actor: Actor
    partnership_count: int


logger = logging.getLogger(__name__)

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
DATABASE_AWAY = (OperationalError, InterfaceError)


def _change_surviving_a_dropped_connection(view, request, args, kwargs):
    """Run a change; if its database connection drops (a failover), run the view again with
    every form refused, so the person gets their form back with what they typed and "Nothing
    was saved"; if the database is still away, a 503 page that says so. Files the change had
    written are removed again either way."""
    try:
        with files_kept_only_if_committed():
            return view(request, *args, **kwargs)
    except DATABASE_AWAY:
        logger.warning("A change lost its database connection: %s", request.path, exc_info=True)
    if not connection.in_atomic_block:
        connection.close()  # the next query opens a new connection
    try:
        with every_form_refused():
            return view(request, *args, **kwargs)
    except DATABASE_AWAY:
        logger.warning("The database is still away: %s", request.path, exc_info=True)
        # Rendered without the request: its context processors would ask the database.
        return HttpResponse(loader.get_template("pages/503.html").render(), status=503)


def tenant_view(permission: str, *, consultees_land_elsewhere: bool = False):
    """Wraps a view under /p/<partnership_slug>/ that needs `permission` on the partnership.

    `consultees_land_elsewhere` marks the partnership's home: a consultee opening it is sent to
    the consultation, the one page of the partnership that is theirs (partnerships/consultees.py).
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, partnership_slug, *args, **kwargs):
            actor = _actor_at(request.user, partnership_slug)
            if actor is None:
                raise Http404
            if not actor.may(permission):
                # Only a consultee opening the home (not posting to it) is shown the way on.
                shown_the_way = (
                    consultees_land_elsewhere
                    and actor.is_consultee
                    and request.method in SAFE_METHODS
                )
                landing = consultee_home_url(actor.partnership) if shown_the_way else None
                if landing:
                    return redirect(landing)
                if shown_the_way:
                    # Invited before the lead opened the consultation: say so, not "you cannot".
                    response = render(
                        request,
                        "partnerships/consultee_waiting.html",
                        {"partnership": actor.partnership},
                    )
                    patch_cache_control(response, private=True, no_store=True)
                    return response
                raise PermissionDenied
            partnership = request.partnership = actor.partnership
            request.actor = actor
            _in_the_partnerships_language(request, partnership)
            # For the switcher: people in several partnerships get a "Change" link.
            request.partnership_count = actor.membership.partnership_count

            def within_the_walls(request, *args, **kwargs):
                # Twice: django-scopes filters every tenant query to the partnership, and on
                # PostgreSQL the transaction is confined to its rows (row_security.py).
                with (
                    scope(partnership=partnership),
                    row_security.confined_to(partnership),
                    versions_read_once(),
                ):
                    return view(request, *args, **kwargs)

            if request.method in SAFE_METHODS:
                response = within_the_walls(request, *args, **kwargs)
            else:
                response = _change_surviving_a_dropped_connection(
                    within_the_walls, request, args, kwargs
                )
            # A partnership's pages and files are for this person only: no shared cache or
            # browser history keeps a copy (OFFICIAL-SENSITIVE).
            patch_cache_control(response, private=True, no_store=True)
            return response

        wrapper.tenant_permission = permission
        return wrapper

    return decorator
