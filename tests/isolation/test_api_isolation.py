"""The isolation walk, through the API: every route the API serves, found in its own OpenAPI
schema (so a new endpoint is walked the day it is added), answers a token of one partnership
with 404 at another's address, the same as for one that does not exist, and the two
partnerships' members each read only their own."""

import pytest
from django.test import Client
from django.urls import get_resolver
from django_scopes import scope

from api.scopes import Resource, grantable
from api.tokens import token_create
from api.v1 import api
from partnerships.access import actor_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("northshire_built_once")]


def _routes() -> list[str]:
    return sorted(api.get_openapi_schema()["paths"])


def _token(person, partnership) -> str:
    actor = actor_for(person, partnership)
    with scope(partnership=partnership):
        return token_create(actor=actor, name="Walk", scopes=grantable(actor.permissions), days=30)[
            1
        ]


def _get(route: str, slug: str, token: str):
    return Client().get(route.replace("{slug}", slug), HTTP_AUTHORIZATION=f"Bearer {token}")


def test_the_api_has_routes_to_walk():
    assert len(_routes()) >= 7
    assert all(route.startswith("/api/v1/partnerships/{slug}/") for route in _routes())


@pytest.mark.parametrize("route", _routes())
def test_a_token_of_one_partnership_gets_404_at_another(
    route, lead, outsider, partnership, other_partnership
):
    northshire, southvale = _token(lead, partnership), _token(outsider, other_partnership)

    assert _get(route, other_partnership.slug, northshire).status_code == 404
    assert _get(route, partnership.slug, southvale).status_code == 404
    assert _get(route, "no-such-partnership", northshire).status_code == 404
    own = _get(route, partnership.slug, northshire)
    assert own.status_code == 200
    assert other_partnership.name not in own.content.decode()


def test_every_api_view_resolves_the_partnership_through_tenant_endpoint():
    """No route reads a partnership any other way: each operation is wrapped."""
    operations = [
        operation
        for path_view in api._routers[0][1].path_operations.values()
        for operation in path_view.operations
    ] + [
        operation
        for _prefix, router in api._routers[1:]
        for path_view in router.path_operations.values()
        for operation in path_view.operations
    ]
    assert operations
    for operation in operations:
        assert isinstance(getattr(operation.view_func, "api_resource", None), Resource), (
            operation.view_func.__name__
        )
    assert get_resolver()  # the URLconf loads with the API in it
