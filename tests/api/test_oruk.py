"""The provision map as an Open Referral UK feed (issue 19): Priya, Northshire's lead, publishes
the entries the public may see, and a local service directory reads them at
/oruk/northshire/services, in the shape Open Referral UK's published schema gives. Nothing she
has not published is there; Tom's token, holding the provision map, reads every entry; nobody's
name ever leaves the portal; and nothing of Northshire is found at Southvale's address."""

import datetime
import json
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from api.scopes import Resource as ApiResource
from api.scopes import grantable
from api.tokens import token_create, token_revoke
from assessments import services
from assessments.models import ProvisionService
from partnerships.access import actor_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("northshire_built_once")]

# --- Open Referral UK's schema, read from our copy (tests/api/oruk_schema/README.md) ---

SCHEMAS = Path(__file__).parent / "oruk_schema"
# Where the published openapi file's references point; resolved to the copies here, offline.
PUBLISHED = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
OPENAPI = json.loads((SCHEMAS / "openapi.json").read_text())
REGISTRY = Registry().with_resources(
    (
        PUBLISHED + name,
        Resource.from_contents(json.loads((SCHEMAS / file).read_text()), DRAFT202012),
    )
    for name, file in [
        ("openapi.json", "openapi.json"),
        ("compiled/service.json", "service.json"),
        ("compiled/service_list.json", "service_list.json"),
    ]
)


def _response_schema(path: str) -> dict:
    pointer = path.replace("~", "~0").replace("/", "~1")
    return {
        "$ref": f"{PUBLISHED}openapi.json#/paths/{pointer}/get/responses/200/content/"
        "application~1json/schema"
    }


def assert_valid(body: dict, path: str) -> None:
    """`body` is what Open Referral UK's API says `path` answers: every error, or none."""
    validator = Draft202012Validator(
        _response_schema(path), registry=REGISTRY, format_checker=FormatChecker()
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
    assert errors == []


# --- Northshire's provision map ---

OPERATION_DIVERT = {
    "name": "Operation Divert",
    "provider": "Northshire Police",
    "description": "Custody navigators offering young people a way out.",
    "area": "Northshire",
    "tier": "secondary",
    "evidence": "promising",
    "cohort": "Young people arrested for the first time",
    "age_min": 10,
    "age_max": 24,
    "eligibility": "Arrested in Northshire and not charged.",
    "referral_route": "Custody sergeants refer on the night.",
    "funding_source": "Home Office Serious Violence Duty grant",
    "funding_ends_on": datetime.date(2027, 3, 31),
    "commissioned_by": "Office of the Northshire PCC",
    "risk_factors": "School exclusion",
}


def add(partnership, organisation, person, **fields) -> ProvisionService:
    """An entry Paul (or `person`) adds to the map, as the page does."""
    with scope(partnership=partnership):
        return services.provision_add(
            partnership=partnership,
            organisation=organisation,
            data=OPERATION_DIVERT | fields,
            acting_user=person,
        )


def publish(service, lead, public=True):
    with scope(partnership=service.partnership):
        services.provision_publish(service=service, public=public, acting_user=lead)


def feed(partnership, *rest) -> str:
    return "/".join([f"/oruk/{partnership.slug}", *rest])


def token_for(person, partnership, scopes=("provision",), days=90) -> str:
    actor = actor_for(person, partnership)
    allowed = [s for s in scopes if s in grantable(actor.permissions)]
    with scope(partnership=partnership):
        return token_create(actor=actor, name="Directory", scopes=allowed, days=days)[1]


def read(path, token=None, **params):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().get(path, params, **headers)


@pytest.fixture
def published(partnership, probation, partner, lead):
    """Operation Divert, added by Paul and published by Priya."""
    service = add(partnership, probation, partner)
    publish(service, lead)
    return service


@pytest.fixture
def unpublished(partnership, probation, partner):
    """Knife Crime Mentoring, added by Paul and not published (yet)."""
    return add(partnership, probation, partner, name="Knife Crime Mentoring", provider="StreetWise")


# --- The lead publishes ---


def test_priya_publishes_an_entry_and_the_public_reads_it(
    client_for, lead, partnership, probation, partner
):
    service = add(partnership, probation, partner)
    detail = reverse("tenant:provision-detail", args=[partnership.slug, service.pk])
    assert read(feed(partnership, "services")).json()["contents"] == []

    response = client_for(lead).post(
        reverse("tenant:provision-publish", args=[partnership.slug, service.pk]),
        {"public": "yes"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == detail
    page = response.content.decode()
    assert "Operation Divert is in the public feed" in page and "In the public feed" in page
    listing = client_for(lead).get(reverse("tenant:provision", args=[partnership.slug]))
    assert "In the public feed" in listing.content.decode()
    names = [entry["name"] for entry in read(feed(partnership, "services")).json()["contents"]]
    assert names == ["Operation Divert"]
    with scopes_disabled():
        reasons = list(
            ProvisionService.history.filter(id=service.pk).values_list(
                "history_change_reason", "history_user"
            )
        )
    assert ("Published in the public feed", lead.pk) in reasons


def test_only_the_lead_publishes(client_for, partner, data_lead, partnership, unpublished):
    address = reverse("tenant:provision-publish", args=[partnership.slug, unpublished.pk])

    for person in (partner, data_lead):
        assert client_for(person).post(address, {"public": "yes"}).status_code == 403
    assert (
        client_for(partner)
        .get(reverse("tenant:provision-detail", args=[partnership.slug, unpublished.pk]))
        .content.decode()
        .count("Publish in the public feed")
        == 0
    )
    unpublished.refresh_from_db()
    assert not unpublished.public_in_feed


def test_priya_takes_an_entry_out_of_the_feed(client_for, lead, partnership, published):
    client_for(lead).post(
        reverse("tenant:provision-publish", args=[partnership.slug, published.pk]),
        {"public": "no"},
    )

    assert read(feed(partnership, "services", str(published.feed_id))).status_code == 404
    assert read(feed(partnership, "services")).json()["total_items"] == 0


def test_a_partners_change_leaves_the_feed_until_the_lead_publishes_it_again(
    client_for, partner, partnership, published
):
    form = {k: v for k, v in OPERATION_DIVERT.items() if k != "funding_ends_on"}
    response = client_for(partner).post(
        reverse("tenant:provision-edit", args=[partnership.slug, published.pk]),
        form | {"description": "Not for the public yet"},
        follow=True,
    )

    assert "It has left the public feed until the lead publishes it again" in (
        response.content.decode()
    )
    published.refresh_from_db()
    assert not published.public_in_feed
    assert "Not for the public yet" not in read(feed(partnership, "services")).content.decode()


# --- The public feed ---


def test_the_public_feed_validates_against_open_referral_uks_schema(
    partnership, published, unpublished
):
    listing = read(feed(partnership, "services"))
    entry = read(feed(partnership, "services", str(published.feed_id)))

    assert listing.status_code == entry.status_code == 200
    assert_valid(listing.json(), "/services")
    assert_valid(entry.json(), "/services/{id}")
    details = read(feed(partnership) + "/").json()
    assert details["version"] == "3.0"


def test_the_entry_is_mapped_to_open_referral_uks_fields(partnership, published):
    entry = read(feed(partnership, "services", str(published.feed_id))).json()

    assert entry == entry | {
        "id": str(published.feed_id),
        "name": "Operation Divert",
        "description": "Custody navigators offering young people a way out.",
        "status": "active",
        "minimum_age": 10,
        "maximum_age": 24,
        "eligibility_description": (
            "Young people arrested for the first time\n\nArrested in Northshire and not charged."
        ),
        "application_process": "Custody sergeants refer on the night.",
    }
    assert entry["organization"]["name"] == "Northshire Police"
    assert entry["organization_id"] == entry["organization"]["id"]
    assert [area["name"] for area in entry["service_areas"]] == ["Northshire"]
    assert [funding["source"] for funding in entry["funding"]] == [
        "Home Office Serious Violence Duty grant"
    ]
    assert entry["last_modified"].endswith("Z")
    # The Duty's own assessment of the service stays inside the partnership.
    text = json.dumps(entry)
    assert "promising" not in text and "School exclusion" not in text
    assert "secondary" not in text


def test_ids_stay_the_same_from_one_read_to_the_next(
    partnership, published, probation, partner, lead
):
    first = read(feed(partnership, "services", str(published.feed_id))).json()
    publish(published, lead, public=True)  # saved again: its ids stay
    publish(add(partnership, probation, partner, name="Street Triage"), lead)

    again = read(feed(partnership, "services", str(published.feed_id))).json()

    assert (again["id"], again["organization"]["id"], again["service_areas"][0]["id"]) == (
        first["id"],
        first["organization"]["id"],
        first["service_areas"][0]["id"],
    )
    listing = read(feed(partnership, "services")).json()["contents"]
    # The same provider is the same organisation in every entry.
    assert len({entry["organization"]["id"] for entry in listing}) == 1


def test_an_unpublished_entry_never_appears_in_the_public_feed(partnership, published, unpublished):
    listing = read(feed(partnership, "services"))
    alone = read(feed(partnership, "services", str(unpublished.feed_id)))

    assert "Knife Crime Mentoring" not in listing.content.decode()
    assert listing.json()["total_items"] == 1
    assert alone.status_code == 404
    assert alone.json() == {"detail": "Not found"}


# A UUID of no entry anywhere, and ids that are no UUID at all.
NOBODYS = "0b6c7f5e-2f4d-4c1a-9d0e-7a8b9c0d1e2f"


@pytest.mark.parametrize(
    "service_id",
    ["1", "not-a-uuid", NOBODYS, "%00", "x" * 500],
    ids=["a-number", "words", "nobodys-uuid", "a-nul", "very-long"],
)
def test_any_other_id_is_a_404(partnership, published, service_id):
    assert read(feed(partnership, "services", service_id)).status_code == 404


def test_no_one_is_named_in_the_feed(partnership, published, partner, lead, data_lead):
    _token = token_for(data_lead, partnership)
    bodies = [
        read(feed(partnership, "services")).content.decode(),
        read(feed(partnership, "services", str(published.feed_id))).content.decode(),
        read(feed(partnership, "services"), _token).content.decode(),
    ]

    assert published.added_by == partner
    for body in bodies:
        for person in (partner, lead):
            assert person.full_name not in body and person.email not in body
        assert "added_by" not in body


def test_an_unknown_partnership_is_a_404(published):
    for path in ("/oruk/nowhere/", "/oruk/nowhere/services", "/oruk/nowhere/services/x"):
        assert read(path).status_code == 404


def test_northshires_entry_is_not_found_at_southvales_address(
    partnership, other_partnership, published, outsider, data_lead
):
    address = feed(other_partnership, "services", str(published.feed_id))

    assert read(address).status_code == 404
    assert read(address, token_for(outsider, other_partnership)).status_code == 404
    assert read(address, token_for(data_lead, partnership)).status_code == 404
    assert read(feed(other_partnership, "services")).json()["total_items"] == 0


def test_the_public_feed_may_be_cached_by_anyone_and_a_token_holders_not_at_all(
    partnership, published, data_lead
):
    public = read(feed(partnership, "services"))
    private = read(feed(partnership, "services"), token_for(data_lead, partnership))

    assert "public" in public["Cache-Control"]
    assert "no-store" in private["Cache-Control"] and "public" not in private["Cache-Control"]
    assert "Authorization" in public["Vary"] and "Authorization" in private["Vary"]


def test_the_feed_is_read_only(partnership, published):
    assert Client().post(feed(partnership, "services")).status_code == 405


# --- Pages ---


def test_pages_have_open_referral_uks_shape(partnership, probation, partner, lead):
    for n in range(5):
        publish(add(partnership, probation, partner, name=f"Service {n}"), lead)

    pages = [read(feed(partnership, "services"), page=n, per_page=2).json() for n in (1, 2, 3, 4)]

    assert [
        (p["page_number"], p["size"], p["first_page"], p["last_page"], p["empty"]) for p in pages
    ] == [(1, 2, True, False, False), (2, 2, False, False, False), (3, 1, False, True, False),
          (4, 0, False, True, True)]  # fmt: skip
    assert {(p["total_items"], p["total_pages"]) for p in pages} == {(5, 3)}
    names = [entry["name"] for p in pages for entry in p["contents"]]
    assert names == [f"Service {n}" for n in range(5)]
    for body in pages:
        assert_valid(body, "/services")


def test_an_empty_feed_is_one_empty_page(partnership):
    body = read(feed(partnership, "services")).json()

    assert body == {
        "total_items": 0,
        "total_pages": 0,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }
    assert_valid(body, "/services")


@pytest.mark.parametrize(
    "params",
    [
        {"page": "two"},
        {"page": "0"},
        {"page": "-1"},
        {"page": "1.5"},
        {"page": "²"},
        {"page": "9" * 40},
        {"per_page": "0"},
        {"per_page": "many"},
        {"per_page": "9" * 40},
    ],
)
def test_a_page_or_size_that_is_not_a_whole_number_is_a_400(partnership, published, params):
    response = read(feed(partnership, "services"), **params)

    assert response.status_code == 400
    assert "must be a whole number" in response.json()["detail"]


def test_a_huge_size_is_cut_to_the_most_a_page_holds(partnership, published):
    body = read(feed(partnership, "services"), per_page="999999999").json()

    assert (body["size"], body["total_pages"]) == (1, 1)


def test_a_page_far_past_the_last_is_empty(partnership, published):
    body = read(feed(partnership, "services"), page="999999999").json()

    assert (body["page_number"], body["empty"], body["contents"]) == (999999999, True, [])


@pytest.mark.parametrize("count", [5, 50])
def test_the_feed_takes_the_same_queries_for_5_or_50_entries(
    partnership, probation, partner, lead, count
):
    with scopes_disabled():
        ProvisionService.objects.bulk_create(
            ProvisionService(
                partnership=partnership,
                added_by_organisation=probation,
                added_by=partner,
                public_in_feed=True,
                **(OPERATION_DIVERT | {"name": f"Service {n:02}"}),
            )
            for n in range(count)
        )

    with CaptureQueriesContext(connection) as queries:
        response = read(feed(partnership, "services"))

    assert len(response.json()["contents"]) == count
    # The partnership, the count and the page; on PostgreSQL the wall's savepoint and settings.
    assert len(queries) == (7 if connection.vendor == "postgresql" else 3)


# --- With a token ---


def test_toms_token_reads_the_unpublished_entries_too(
    partnership, data_lead, published, unpublished
):
    token = token_for(data_lead, partnership)

    listing = read(feed(partnership, "services"), token)
    alone = read(feed(partnership, "services", str(unpublished.feed_id)), token)

    assert [e["name"] for e in listing.json()["contents"]] == [
        "Knife Crime Mentoring",
        "Operation Divert",
    ]
    assert alone.status_code == 200 and alone.json()["name"] == "Knife Crime Mentoring"
    assert_valid(listing.json(), "/services")
    assert_valid(alone.json(), "/services/{id}")


def test_a_token_without_the_provision_map_is_refused(partnership, data_lead, published):
    token = token_for(data_lead, partnership, scopes=("partnership",))

    response = read(feed(partnership, "services"), token)

    assert response.status_code == 403
    assert response.json()["detail"] == "This token may not read provision"


def test_a_token_whose_owner_may_no_longer_see_the_map_is_refused(
    partnership, data_lead, published, monkeypatch
):
    token = token_for(data_lead, partnership)
    monkeypatch.setattr("api.bearer.NEEDS", {ApiResource.PROVISION: "no_such_permission"})

    assert read(feed(partnership, "services"), token).status_code == 403


def test_another_partnerships_token_finds_nothing_here(
    partnership, other_partnership, outsider, published
):
    token = token_for(outsider, other_partnership)

    assert read(feed(partnership, "services"), token).status_code == 404
    assert read(feed(partnership, "services", str(published.feed_id)), token).status_code == 404


def test_an_expired_token_gets_401(partnership, data_lead, published):
    token = token_for(data_lead, partnership, days=30)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        response = read(feed(partnership, "services"), token)

    assert response.status_code == 401
    assert response.json()["detail"] == "This token has expired"
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_revoked_token_gets_401(partnership, data_lead, published):
    token = token_for(data_lead, partnership)
    with scope(partnership=partnership):
        row = data_lead.api_tokens.get()
        token_revoke(token=row, actor=actor_for(data_lead, partnership))

    response = read(feed(partnership, "services"), token)

    assert response.status_code == 401
    assert response.json()["detail"] == "This token has been revoked"


@pytest.mark.parametrize(
    "header", ["Bearer svd_0123456789ab_" + "x" * 43, "Bearer nonsense", "Basic dG9tOnRvbQ=="]
)
def test_a_token_we_never_made_gets_401_not_the_public_feed(partnership, published, header):
    response = Client().get(feed(partnership, "services"), HTTP_AUTHORIZATION=header)

    assert response.status_code == 401


def test_too_many_calls_with_a_token_get_429(partnership, data_lead, published, settings):
    settings.API_RATE_LIMIT = 2
    token = token_for(data_lead, partnership)

    statuses = [read(feed(partnership, "services"), token).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    # The public feed has no token to count against.
    assert read(feed(partnership, "services")).status_code == 200


def test_a_call_with_a_token_is_logged_like_any_api_call(partnership, data_lead, published):
    token = token_for(data_lead, partnership)

    read(feed(partnership, "services"), token)

    with scopes_disabled():
        row = data_lead.api_tokens.get()
        assert list(row.calls.values_list("path", "status")) == [
            (feed(partnership, "services"), 200)
        ]
