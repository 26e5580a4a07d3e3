"""The read-only API (issue 19): Tom, Northshire's police data lead, makes a token for his Power
BI dashboard and reads the partnership's records with it; nothing of Southvale ever comes back,
a token reads only what it was given, and an expired, revoked or orphaned token is refused."""

import datetime
import json
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from openapi_spec_validator import validate

from api.models import ApiCall, ApiToken
from api.scopes import Resource, grantable
from api.tokens import token_create, token_revoke
from api.v1 import api
from assessments.models import Finding, Measure, MeasureTotal, Recommendation
from partnerships.access import actor_for
from partnerships.models import Membership
from partnerships.services import membership_remove
from strategies.models import Action
from tests.factories import ActionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("northshire_built_once")]

EVERY = [resource.value for resource in Resource]
KNIFE = "knife-offensive-weapon-offences"
LISTS = ["organisations", "members", "priorities", "actions", "action-updates", "provision"]


def token_for(person, partnership, scopes=None, days=90):
    """A token of `person`'s, for every resource they may read unless `scopes` says which."""
    actor = actor_for(person, partnership)
    allowed = [s for s in (scopes or EVERY) if s in grantable(actor.permissions)]
    with scope(partnership=partnership):
        row, token = token_create(actor=actor, name="Power BI", scopes=allowed, days=days)
    return row, token


def get(path, token, **params):
    return Client().get(path, params, HTTP_AUTHORIZATION=f"Bearer {token}")


def url(partnership, name=""):
    return f"/api/v1/partnerships/{partnership.slug}/{name + '/' if name else ''}"


@pytest.fixture
def actions(strategy, police):
    with scopes_disabled():
        return [
            ActionFactory(
                priority__strategy=strategy, lead_organisation=police, title=f"Action {n}"
            )
            for n in range(5)
        ]


def test_tom_reads_his_partnerships_actions_with_his_token(data_lead, partnership, actions):
    _row, token = token_for(data_lead, partnership)

    response = get(url(partnership, "actions"), token)

    assert response.status_code == 200
    titles = [action["title"] for action in response.json()["results"]]
    assert titles == [f"Action {n}" for n in range(5)]
    assert response.json()["next"] is None


def test_the_token_is_stored_hashed_and_shown_once(client_for, data_lead, partnership):
    client = client_for(data_lead)
    made = client.post(
        reverse("tenant:api-tokens-new", args=[partnership.slug]),
        {"name": "Power BI", "scopes": ["strategy", "partnership"], "days": "90"},
    )

    assert made.status_code == 200
    token = made.context["token"]
    assert token.startswith("svd_") and token in made.content.decode()
    with scopes_disabled():
        row = ApiToken.objects.get(user=data_lead)
    assert (
        token not in json.dumps([row.secret_hash, row.prefix, row.name])
        and row.secret_hash != token
    )
    listing = client.get(reverse("tenant:api-tokens", args=[partnership.slug])).content.decode()
    assert f"svd_{row.prefix}_…" in listing and token not in listing
    assert get(url(partnership), token).status_code == 200


def test_a_token_may_hold_only_what_its_owner_may_see(client_for, observer, partnership):
    response = client_for(observer).post(
        reverse("tenant:api-tokens-new", args=[partnership.slug]),
        {"name": "Mine", "scopes": ["strategy"], "days": "90"},
    )

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    with scopes_disabled():
        assert not ApiToken.objects.exists()


def test_a_form_with_mistakes_keeps_what_was_typed(client_for, data_lead, partnership):
    response = client_for(data_lead).post(
        reverse("tenant:api-tokens-new", args=[partnership.slug]),
        {"name": "Nightly refresh", "days": "90"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose at least one thing the token may read" in page
    assert 'value="Nightly refresh"' in page


def test_nothing_of_another_partnership_comes_back(
    data_lead, partnership, other_partnership, actions
):
    _row, token = token_for(data_lead, partnership)

    for name in ["", *LISTS]:
        assert get(url(other_partnership, name), token).status_code == 404
        assert get(url(partnership, name), token).status_code == 200
    # Nor a partnership that does not exist: the same answer.
    assert get("/api/v1/partnerships/nowhere/actions/", token).status_code == 404


def test_a_token_without_the_resource_gets_403(data_lead, partnership, actions):
    _row, token = token_for(data_lead, partnership, scopes=["partnership"])

    refused = get(url(partnership, "actions"), token)

    assert refused.status_code == 403
    assert "may not read strategy" in refused.json()["detail"]
    assert get(url(partnership, "organisations"), token).status_code == 200


@pytest.mark.parametrize(
    "presented",
    ["", "Bearer", "svd_0123456789ab_" + "x" * 43, "not a token at all", "svd_zz_short"],
)
def test_no_token_or_an_unknown_one_gets_401(partnership, presented):
    response = Client().get(url(partnership, "actions"), HTTP_AUTHORIZATION=f"Bearer {presented}")

    assert response.status_code == 401


def test_an_expired_token_gets_401(data_lead, partnership):
    _row, token = token_for(data_lead, partnership, days=30)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        response = get(url(partnership), token)

    assert response.status_code == 401
    assert response.json()["detail"] == "This token has expired"


def test_a_revoked_token_gets_401(data_lead, partnership):
    row, token = token_for(data_lead, partnership)
    with scope(partnership=partnership):
        token_revoke(token=row, actor=actor_for(data_lead, partnership))

    response = get(url(partnership), token)

    assert response.status_code == 401
    assert response.json()["detail"] == "This token has been revoked"


def test_the_token_of_someone_no_longer_a_member_gets_401(data_lead, partnership):
    _row, token = token_for(data_lead, partnership)
    with scopes_disabled():
        Membership.objects.filter(user=data_lead).update(ended_on=timezone.localdate())

    assert get(url(partnership), token).status_code == 401


def test_the_lead_revokes_a_leavers_token_and_a_partner_cannot(
    client_for, data_lead, lead, partner, partnership
):
    row, token = token_for(data_lead, partnership)
    revoke = reverse("tenant:api-tokens-revoke", args=[partnership.slug, row.pk])

    assert client_for(partner).post(revoke).status_code == 403
    assert client_for(lead).post(revoke).status_code == 302
    assert get(url(partnership), token).status_code == 401


def test_too_many_calls_a_minute_get_429(data_lead, partnership, settings):
    settings.API_RATE_LIMIT = 3
    _row, token = token_for(data_lead, partnership)

    responses = [get(url(partnership), token) for _ in range(4)]

    assert [response.status_code for response in responses] == [200, 200, 200, 429]
    assert 1 <= int(responses[-1]["Retry-After"]) <= 60


def test_every_call_is_logged_whatever_its_answer(data_lead, partnership, other_partnership):
    row, token = token_for(data_lead, partnership, scopes=["partnership"])

    for path in (url(partnership), url(partnership, "actions"), url(other_partnership)):
        get(path, token)

    with scopes_disabled():
        calls = list(ApiCall.objects.filter(token=row).order_by("pk"))
        row.refresh_from_db()
    assert [(call.path, call.status) for call in calls] == [
        (url(partnership), 200),
        (url(partnership, "actions"), 403),
        (url(other_partnership), 404),
    ]
    assert all(call.partnership_id == partnership.pk for call in calls)
    assert row.last_used_at is not None


def test_members_emails_only_with_the_contacts_resource(data_lead, partnership, lead):
    _row, without = token_for(data_lead, partnership, scopes=["members"])
    _row, with_contacts = token_for(data_lead, partnership, scopes=["members", "member_contacts"])

    plain = get(url(partnership, "members"), without).json()["results"]
    contacts = get(url(partnership, "members"), with_contacts).json()["results"]

    assert {member["email"] for member in plain} == {None}
    assert lead.email in {member["email"] for member in contacts}


def test_pages_follow_the_cursor_and_a_refresh_fetches_only_what_changed(
    data_lead, partnership, actions
):
    _row, token = token_for(data_lead, partnership)
    seen, address = [], url(partnership, "actions") + "?page_size=2"
    while address:
        body = get(address, token).json()
        seen += [action["id"] for action in body["results"]]
        address = body["next"]
    assert seen == sorted(action.pk for action in actions)

    since = timezone.now()
    with scopes_disabled():
        changed = Action.objects.get(pk=actions[3].pk)
        changed.title = "Renamed"
        changed.save()
    refreshed = get(url(partnership, "actions"), token, changed_since=since.isoformat()).json()
    assert [action["title"] for action in refreshed["results"]] == ["Renamed"]


def test_a_cursor_we_never_gave_out_is_a_400(data_lead, partnership):
    _row, token = token_for(data_lead, partnership)

    response = get(url(partnership, "actions"), token, cursor="bm9wZTox")

    assert response.status_code == 400


def _queries(path, token) -> tuple[int, int]:
    """How many queries a call took, and how many rows it answered."""
    with CaptureQueriesContext(connection) as queries:
        response = get(path, token)
    return len(queries), len(response.json()["results"])


def test_each_list_takes_the_same_queries_for_5_or_50_rows(
    data_lead, partnership, strategy, police
):
    _row, token = token_for(data_lead, partnership)
    with scopes_disabled():
        ActionFactory.create_batch(5, priority__strategy=strategy, lead_organisation=police)
    five = _queries(url(partnership, "actions"), token)
    with scopes_disabled():
        ActionFactory.create_batch(45, priority__strategy=strategy, lead_organisation=police)
    fifty = _queries(url(partnership, "actions"), token)

    assert (five[1], fifty[1]) == (5, 50)
    assert five[0] == fifty[0]


def test_the_openapi_schema_is_valid_openapi_3():
    schema = api.get_openapi_schema()

    validate(json.loads(json.dumps(schema, default=str)))
    assert schema["openapi"].startswith("3.")
    assert {f"/api/v1/partnerships/{{slug}}/{name}/" for name in LISTS} <= set(schema["paths"])


def test_the_docs_are_served_from_our_own_files(client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "cdn" not in page.lower()
    assert "/static/ninja/swagger-ui-bundle" in page


# --- The SNA, figures and the checklist ---


def test_a_small_figure_is_never_sent(data_lead, partnership, police):
    with scopes_disabled():
        MeasureTotal.objects.create(
            partnership=partnership,
            measure=Measure.objects.get(slug=KNIFE),
            period_start=datetime.date(2026, 4, 1),
            period_label="2026/27 Q1",
            area="Eastport",
            total=Decimal("3"),
        )
        MeasureTotal.objects.create(
            partnership=partnership,
            measure=Measure.objects.get(slug=KNIFE),
            period_start=datetime.date(2026, 4, 1),
            period_label="2026/27 Q1",
            area="Westbury",
            total=Decimal("41"),
        )
    _row, token = token_for(data_lead, partnership, scopes=["measures"])

    figures = get(url(partnership, "figures"), token).json()["results"]

    by_area = {figure["area"]: figure for figure in figures}
    assert by_area["Eastport"] == by_area["Eastport"] | {
        "value": None,
        "shown": "<5",
        "suppressed": True,
    }
    assert (by_area["Westbury"]["value"], by_area["Westbury"]["suppressed"]) == ("41.00", False)
    assert get(url(partnership, "figures"), token, changed_since="2026-01-01").status_code == 400


def test_findings_name_their_measures_and_recommendations_their_findings(
    data_lead, partnership, sna
):
    with scopes_disabled():
        finding = Finding.objects.create(
            partnership=partnership,
            assessment=sna,
            kind=Finding.Kind.choices[0][0],
            title="Knife crime is concentrated in the town centre",
            description="At night.",
        )
        finding.measures.add(Measure.objects.get(slug=KNIFE))
        recommendation = Recommendation.objects.create(
            partnership=partnership, assessment=sna, title="Night-time economy patrols"
        )
        recommendation.findings.add(finding)
    _row, token = token_for(data_lead, partnership, scopes=["assessment"])

    findings = get(url(partnership, "findings"), token).json()["results"]
    recommendations = get(url(partnership, "recommendations"), token).json()["results"]

    assert (finding.title, [KNIFE]) in [(f["title"], f["measure_slugs"]) for f in findings]
    assert [r["finding_ids"] for r in recommendations if r["id"] == recommendation.pk] == [
        [finding.pk]
    ]


def test_the_checklist_answers_line_by_line(data_lead, partnership):
    _row, token = token_for(data_lead, partnership, scopes=["compliance"])

    body = get(url(partnership, "compliance"), token).json()

    assert body["lines"]
    assert {"key", "title", "status", "met", "explanation", "on", "missing"} <= set(
        body["lines"][0]
    )
    assert any(line["key"] == "definition" for line in body["lines"])


def test_findings_take_the_same_queries_for_5_or_50(data_lead, partnership, sna):
    _row, token = token_for(data_lead, partnership, scopes=["assessment"])
    with scopes_disabled():
        knife = Measure.objects.get(slug=KNIFE)
        held = Finding.objects.filter(partnership=partnership).count()

    def add(count):
        with scopes_disabled():
            for n in range(count):
                Finding.objects.create(
                    partnership=partnership,
                    assessment=sna,
                    kind=Finding.Kind.choices[0][0],
                    title=f"Finding {n}",
                    description="",
                ).measures.add(knife)

    add(5)
    five = _queries(url(partnership, "findings"), token)
    add(45)
    fifty = _queries(url(partnership, "findings"), token)

    assert (five[1], fifty[1]) == (held + 5, held + 50)
    assert five[0] == fifty[0]  # the measures of every finding in one query


def test_the_call_log_is_kept_for_its_retention_then_pruned(data_lead, partnership, settings):
    from api.tasks import prune_api_calls

    settings.API_CALL_RETENTION_DAYS = 30
    row, token = token_for(data_lead, partnership)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=31)):
        get(url(partnership), token)
    get(url(partnership), token)

    assert prune_api_calls() == 1
    with scopes_disabled():
        assert ApiCall.objects.filter(token=row).count() == 1


def test_a_refresh_learns_which_rows_were_deleted_since(data_lead, partnership, actions):
    _row, token = token_for(data_lead, partnership)
    since = timezone.now()
    with scopes_disabled():
        Action.objects.get(pk=actions[1].pk).delete()

    removed = get(url(partnership, "actions/removed"), token, since=since.isoformat()).json()

    assert [row["id"] for row in removed["results"]] == [actions[1].pk]
    assert removed["next"] is None
    earlier = get(url(partnership, "actions/removed"), token, since=timezone.now().isoformat())
    assert earlier.json()["results"] == []


def test_a_member_removed_since_is_listed_as_removed(data_lead, lead, partnership):
    _row, token = token_for(data_lead, partnership)
    since = timezone.now()
    with scopes_disabled():
        leaver = Membership.objects.get(partnership=partnership, user__email="paul@example.org")
    membership_remove(membership=leaver, acting_user=lead)

    removed = get(url(partnership, "members/removed"), token, since=since.isoformat()).json()
    members = get(url(partnership, "members"), token).json()

    assert [row["id"] for row in removed["results"]] == [leaver.pk]
    assert leaver.pk not in {member["id"] for member in members["results"]}


def test_removals_are_paged_and_never_another_partnerships(
    data_lead, partnership, other_partnership, actions, strategy
):
    _row, token = token_for(data_lead, partnership)
    with scopes_disabled():
        elsewhere = ActionFactory(priority__strategy__partnership=other_partnership)
        elsewhere.delete()
        for action in actions:
            Action.objects.get(pk=action.pk).delete()

    seen, address = [], url(partnership, "actions/removed") + "?page_size=2"
    while address:
        body = get(address, token).json()
        seen += [row["id"] for row in body["results"]]
        address = body["next"]

    assert seen == sorted(action.pk for action in actions)


def test_removals_need_the_lists_resource(data_lead, partnership):
    _row, token = token_for(data_lead, partnership, scopes=["partnership"])

    assert get(url(partnership, "actions/removed"), token).status_code == 403
    assert get(url(partnership, "organisations/removed"), token).status_code == 200


def test_removals_take_the_same_queries_for_5_or_50_rows(data_lead, partnership, strategy, police):
    _row, token = token_for(data_lead, partnership)
    since = timezone.now()
    with scopes_disabled():
        for action in ActionFactory.create_batch(
            5, priority__strategy=strategy, lead_organisation=police
        ):
            action.delete()
    five = _queries(
        url(partnership, "actions/removed") + f"?since={since:%Y-%m-%dT%H:%M:%S.%fZ}", token
    )
    with scopes_disabled():
        for action in ActionFactory.create_batch(
            45, priority__strategy=strategy, lead_organisation=police
        ):
            action.delete()
    fifty = _queries(
        url(partnership, "actions/removed") + f"?since={since:%Y-%m-%dT%H:%M:%S.%fZ}", token
    )

    assert (five[1], fifty[1]) == (5, 50)
    assert five[0] == fifty[0]
