"""Taking the demo away, for `seed_demo --reset` to load it again as new.

Everything that belongs to a demo partnership goes: every row of every tenant table (the same
tables the row-level security covers, their history included), the links between those rows,
the partnership's role groups and the files its rows point to. So do the demo's accounts (the
published ones, the ones its invitations made, and anyone else who was only ever in the demo),
unless they are also in a partnership outside the demo: those stay, and seeding puts their
names and password back. Nothing outside the demo is touched.

The portal's own services never delete (organisations retire, memberships end, history
stays), so this works on the tables directly, in the caller's transaction: the database checks
every foreign key before it commits, and a demo that cannot be taken away whole is not taken
away at all.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, models, transaction
from django.db.models import Q

from demo.data.people import DEMO_PARTNERSHIPS, DEMO_USERS
from funding.models import Grant, ReturnSubmission
from partnerships.models import Membership, Partnership
from partnerships.roles import DUTY_ROLE_PERMISSIONS, ROLE_PERMISSIONS, group_name
from partnerships.row_security import tenant_tables

DEMO_SLUGS = [demo.slug for demo in DEMO_PARTNERSHIPS]
DEMO_EMAILS = {user.email for user in DEMO_USERS} | {
    invitation.email for demo in DEMO_PARTNERSHIPS for invitation in demo.invitations
}


def demo_loaded() -> bool:
    return Partnership.objects.filter(slug__in=DEMO_SLUGS).exists()


def remove_demo() -> tuple[int, int]:
    """Delete the demo partnerships and their accounts; how many of each went."""
    ids = list(Partnership.objects.filter(slug__in=DEMO_SLUGS).values_list("pk", flat=True))
    accounts = _demo_accounts(ids)
    grants = _demo_grants(ids)
    delete_partnerships(ids)
    # Once their allocations have gone with the partnerships, which protect their lines.
    ReturnSubmission.objects.filter(grant_id__in=grants).delete()
    Grant.objects.filter(pk__in=grants).delete()
    get_user_model().objects.filter(pk__in=accounts).delete()
    # Fail here, before anything is seeded, if a row outside the demo still points into it.
    connection.check_constraints()
    return len(ids), len(accounts)


def delete_partnerships(ids: list[int]) -> None:
    """Delete these partnerships whole: every tenant row, the links into them, their role
    groups, and (once that commits) the files their rows name. Their accounts stay."""
    if not ids:
        return
    by_table = {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}
    owned = {by_table[table]: column for table, column in tenant_tables()}
    _delete_files_on_commit(owned, ids)
    _delete_links(owned, ids)
    _delete_rows(owned, ids)
    Group.objects.filter(name__in=_group_names(ids)).delete()


def _demo_grants(ids: list[int]) -> list[int]:
    """Grants that fund only demo partnerships: a grant is no one partnership's row, so it does
    not go with them by itself."""
    return list(
        Grant.objects.filter(partnerships__in=ids)
        .exclude(partnerships__in=Partnership.objects.exclude(pk__in=ids))
        .values_list("pk", flat=True)
        .distinct()
    )


def _demo_accounts(ids: list[int]) -> list[int]:
    members = Membership.objects.filter(partnership_id__in=ids).values("user_id")
    elsewhere = Membership.objects.exclude(partnership_id__in=ids).values("user_id")
    return list(
        get_user_model()
        .objects.filter(Q(email__in=DEMO_EMAILS) | Q(pk__in=members, is_staff=False))
        .exclude(pk__in=elsewhere)
        .values_list("pk", flat=True)
    )


def _rows(model, column: str, ids: list[int]):
    return model._base_manager.filter(**{f"{column}__in": ids})


def _delete_files_on_commit(owned: dict, ids: list[int]) -> None:
    """Uploads, minutes and exported PDFs: deleted once the rows that name them are gone for
    good, so a reset that fails keeps them."""
    files = []
    for model, column in owned.items():
        if getattr(model, "instance_type", None) is not None:
            continue  # history names the same files as the row it copies
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                named = _rows(model, column, ids).exclude(**{field.name: ""})
                names = named.values_list(field.name, flat=True)
                files += [(field.storage, name) for name in names]

    def delete():
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(delete)


def _delete_links(owned: dict, ids: list[int]) -> None:
    """Rows with no partnership of their own that point at the demo's rows: many-to-many links
    and their history."""
    for model in apps.get_models(include_auto_created=True):
        if model in owned:
            continue
        for field in model._meta.concrete_fields:
            if field.many_to_one and field.related_model in owned:
                target = field.related_model
                linked = _rows(target, owned[target], ids).values("pk")
                model._base_manager.filter(**{f"{field.name}__in": linked}).delete()


def _delete_rows(owned: dict, ids: list[int]) -> None:
    """Every row of every tenant table, straight from the tables: no signals, so no history of
    the deletion (which would belong to the partnership being deleted)."""
    placeholders = ", ".join(["%s"] * len(ids))
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, column in owned.items():
            cursor.execute(
                f"DELETE FROM {quote(model._meta.db_table)} "  # noqa: S608 (names from the models)
                f"WHERE {quote(column)} IN ({placeholders})",
                ids,
            )


def _group_names(ids: list[int]) -> list[str]:
    roles = ROLE_PERMISSIONS.keys() | DUTY_ROLE_PERMISSIONS.keys()
    return [group_name(pk, role) for pk in ids for role in roles]
