"""Sign-off: each member body records its own governance decision on the strategy's current
version; the lead may record any, and alone may record why one has not signed off. The strategy
can be agreed once every specified authority has a decision that counts."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from partnerships.access import Actor, actor_for
from partnerships.models import Membership
from strategies import selectors, services
from strategies.models import SignOff, Strategy
from tests.factories import OrganisationFactory

D = SignOff.Decision


def url(name: str, *args) -> str:
    return reverse(f"tenant:{name}", args=["northshire", *args])


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def decision_post(organisation=None, *, on=None, **overrides) -> dict:
    on = on or days_ago(10)
    data = {
        "decision": D.APPROVED,
        "body": "Probation Senior Leadership Board",
        "decided_on_day": str(on.day),
        "decided_on_month": str(on.month),
        "decided_on_year": str(on.year),
        "minute_reference": "SLB/2026/12",
    }
    if organisation is not None:
        data["organisation"] = organisation.pk
    data.update(overrides)
    return data


def sign_offs() -> list[SignOff]:
    with scopes_disabled():
        return list(SignOff.objects.order_by("pk"))


def record(strategy, organisation, decision=D.APPROVED, *, version=None, **fields) -> SignOff:
    with scopes_disabled():
        return SignOff.objects.create(
            partnership=strategy.partnership,
            strategy=strategy,
            version=version or strategy.version,
            organisation=organisation,
            decision=decision,
            body=fields.get("body", "Cabinet" if decision != D.NOT_SIGNED else ""),
            decided_on=fields.get("decided_on", days_ago(5) if decision != D.NOT_SIGNED else None),
            reason=fields.get(
                "reason", "Awaiting the next board" if decision == D.NOT_SIGNED else ""
            ),
        )


def set_status(strategy, status) -> None:
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(status=status)
        strategy.refresh_from_db()


def errors(page: str) -> list[str]:
    summary = page.split('govuk-error-summary__list"', 1)[-1].split("</ul>", 1)[0]
    return [
        re.sub(r"\s+", " ", e).strip() for e in re.findall(r'<a href="#[^"]*">([^<]*)</a>', summary)
    ]


# --- A partner records their own organisation's decision ------------------------------------------


@pytest.mark.django_db
def test_a_partner_records_their_own_organisations_sign_off(
    client_for, partner, probation, strategy
):
    response = client_for(partner).post(url("sign-offs-new", strategy.pk), decision_post(probation))

    assert response.status_code == 302
    assert response.url == url("sign-offs", strategy.pk)
    [sign_off] = sign_offs()
    assert (sign_off.organisation, sign_off.version, sign_off.decision) == (
        probation,
        1,
        D.APPROVED,
    )
    assert (sign_off.body, sign_off.decided_on, sign_off.minute_reference) == (
        "Probation Senior Leadership Board",
        days_ago(10),
        "SLB/2026/12",
    )
    assert sign_off.recorded_by == partner


@pytest.mark.django_db
def test_a_partners_form_offers_only_their_own_organisation(
    client_for, partner, probation, police, strategy
):
    page = client_for(partner).get(url("sign-offs-new", strategy.pk)).content.decode()

    assert f'value="{probation.pk}"' in page
    assert f'value="{police.pk}"' not in page
    assert 'value="not_signed"' not in page


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_partner_may_not_record_another_organisations_sign_off(
    client_for, partner, police, strategy, method
):
    client = client_for(partner)
    if method == "get":
        response = client.get(url("sign-offs-new", strategy.pk) + f"?organisation={police.pk}")
    else:
        response = client.post(url("sign-offs-new", strategy.pk), decision_post(police))

    assert response.status_code == 403
    assert sign_offs() == []


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_partner_may_not_change_another_organisations_sign_off(
    client_for, partner, police, strategy, method
):
    sign_off = record(strategy, police)

    response = getattr(client_for(partner), method)(
        url("sign-offs-edit", sign_off.pk), decision_post(decision=D.NOT_APPROVED)
    )

    assert response.status_code == 403
    assert sign_offs()[0].decision == D.APPROVED


@pytest.mark.django_db
def test_an_observer_may_not_see_the_sign_off(client_for, observer, strategy):
    assert client_for(observer).get(url("sign-offs", strategy.pk)).status_code == 403


@pytest.mark.django_db
def test_the_service_refuses_a_partner_anothers_sign_off(partner, police, strategy):
    with scopes_disabled(), pytest.raises(PermissionDenied):
        services.sign_off_record(
            strategy=strategy,
            organisation=police,
            data={"decision": D.APPROVED},
            actor=actor_for(partner, strategy.partnership),
        )


@pytest.mark.django_db
def test_a_partner_who_has_since_left_can_no_longer_record_a_decision(
    client_for, partner, probation, strategy
):
    """Services act for the actor a request resolved; someone who has left is not one."""
    client = client_for(partner)
    with scopes_disabled():
        Membership.objects.filter(user=partner).update(ended_on=timezone.localdate())

    response = client.post(url("sign-offs-new", strategy.pk), decision_post(probation))

    assert response.status_code == 404
    assert actor_for(partner, strategy.partnership) is None
    assert sign_offs() == []


@pytest.mark.django_db
def test_the_portal_itself_records_any_organisations_decision(police, strategy):
    """As the demo data does, acting for no one person."""
    with scopes_disabled():
        sign_off = services.sign_off_record(
            strategy=strategy,
            organisation=police,
            data={"decision": D.NOT_SIGNED, "reason": "The panel meets after the deadline."},
            actor=Actor.system(strategy.partnership),
        )

    assert (sign_off.organisation, sign_off.decision, sign_off.recorded_by) == (
        police,
        D.NOT_SIGNED,
        None,
    )


# --- The lead records why an organisation has not signed off --------------------------------------


@pytest.mark.django_db
def test_the_lead_records_why_an_organisation_has_not_signed_off(
    client_for, lead, police, strategy
):
    response = client_for(lead).post(
        url("sign-offs-new", strategy.pk),
        {
            "organisation": police.pk,
            "decision": D.NOT_SIGNED,
            "reason": "The Police and Crime Panel meets after the deadline.",
        },
    )

    assert response.status_code == 302
    [sign_off] = sign_offs()
    assert (sign_off.organisation, sign_off.decision) == (police, D.NOT_SIGNED)
    assert sign_off.reason == "The Police and Crime Panel meets after the deadline."
    assert (sign_off.body, sign_off.decided_on) == ("", None)


@pytest.mark.django_db
def test_not_signed_needs_a_reason(client_for, lead, police, strategy):
    response = client_for(lead).post(
        url("sign-offs-new", strategy.pk),
        {"organisation": police.pk, "decision": D.NOT_SIGNED, "reason": "  "},
    )

    assert response.status_code == 200
    assert errors(response.content.decode()) == ["Say why the organisation has not signed off"]
    assert sign_offs() == []


@pytest.mark.django_db
def test_a_partner_cannot_record_not_signed(client_for, partner, probation, strategy):
    response = client_for(partner).post(
        url("sign-offs-new", strategy.pk),
        {"organisation": probation.pk, "decision": D.NOT_SIGNED, "reason": "Not yet."},
    )

    assert response.status_code == 200
    assert errors(response.content.decode()) == ["Select the decision"]
    assert sign_offs() == []


@pytest.mark.django_db
def test_the_service_refuses_not_signed_from_a_partner(partner, probation, strategy):
    with scopes_disabled(), pytest.raises(ValidationError) as refused:
        services.sign_off_record(
            strategy=strategy,
            organisation=probation,
            data={"decision": D.NOT_SIGNED, "reason": "Not yet."},
            actor=actor_for(partner, strategy.partnership),
        )

    assert refused.value.messages == [
        "Only the partnership lead can record why an organisation has not signed off"
    ]


# --- What a decision needs ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_decision_dated_in_the_future_is_refused(client_for, partner, probation, strategy):
    response = client_for(partner).post(
        url("sign-offs-new", strategy.pk),
        decision_post(probation, on=timezone.localdate() + datetime.timedelta(days=1)),
    )

    assert response.status_code == 200
    assert errors(response.content.decode()) == [
        "The date of the decision must be today or in the past"
    ]
    assert sign_offs() == []


@pytest.mark.django_db
def test_a_decision_needs_the_body_and_the_date(client_for, partner, probation, strategy):
    response = client_for(partner).post(
        url("sign-offs-new", strategy.pk),
        decision_post(
            probation, body="", decided_on_day="", decided_on_month="", decided_on_year=""
        ),
    )

    assert errors(response.content.decode()) == [
        "Enter the governance body that made the decision",
        "Enter the date of the decision",
    ]
    assert sign_offs() == []


@pytest.mark.django_db
def test_typed_values_are_kept_when_the_form_has_errors(client_for, partner, probation, strategy):
    future = timezone.localdate() + datetime.timedelta(days=30)

    page = (
        client_for(partner)
        .post(
            url("sign-offs-new", strategy.pk),
            decision_post(
                probation,
                on=future,
                decision=D.APPROVED_WITH_CHANGES,
                body="Reducing Reoffending Board",
                minute_reference="RRB/7",
            ),
        )
        .content.decode()
    )

    assert 'value="Reducing Reoffending Board"' in page
    assert 'value="RRB/7"' in page
    for part, value in (("day", future.day), ("month", future.month), ("year", future.year)):
        assert re.search(
            rf'name="decided_on_{part}"\s+type="text"\s+inputmode="numeric"\s+value="{value}"', page
        )
    assert re.search(r'value="approved_with_changes"[^>]*checked', page)


@pytest.mark.django_db
def test_recording_again_for_the_same_version_changes_the_decision(
    client_for, partner, probation, strategy
):
    client = client_for(partner)
    client.post(url("sign-offs-new", strategy.pk), decision_post(probation))
    client.post(
        url("sign-offs-new", strategy.pk), decision_post(probation, decision=D.NOT_APPROVED)
    )

    [sign_off] = sign_offs()
    assert sign_off.decision == D.NOT_APPROVED


@pytest.mark.django_db
def test_the_record_link_for_a_decision_already_made_leads_to_changing_it(
    client_for, partner, probation, strategy
):
    sign_off = record(strategy, probation)

    response = client_for(partner).get(
        url("sign-offs-new", strategy.pk) + f"?organisation={probation.pk}"
    )

    assert response.status_code == 302
    assert response.url == url("sign-offs-edit", sign_off.pk)


@pytest.mark.django_db
def test_a_partner_changes_their_organisations_decision(client_for, partner, probation, strategy):
    sign_off = record(strategy, probation)

    response = client_for(partner).post(
        url("sign-offs-edit", sign_off.pk),
        decision_post(decision=D.APPROVED_WITH_CHANGES, body="Senior Leadership Board"),
    )

    assert response.status_code == 302
    [changed] = sign_offs()
    assert (changed.decision, changed.body) == (D.APPROVED_WITH_CHANGES, "Senior Leadership Board")


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Strategy.Status.PUBLISHED, Strategy.Status.SUPERSEDED])
def test_sign_off_is_refused_once_the_strategy_is_published(
    client_for, partner, probation, strategy, status
):
    set_status(strategy, status)

    response = client_for(partner).post(url("sign-offs-new", strategy.pk), decision_post(probation))
    with scopes_disabled(), pytest.raises(ValidationError) as refused:
        services.sign_off_record(
            strategy=strategy,
            organisation=probation,
            data={"decision": D.APPROVED, "body": "Board", "decided_on": days_ago(1)},
            actor=actor_for(partner, strategy.partnership),
        )

    assert response.status_code == 302
    assert refused.value.messages == ["Sign-off is recorded while the strategy is being agreed"]
    assert sign_offs() == []


@pytest.mark.django_db
def test_a_retired_organisation_cannot_sign_off(lead, partnership, strategy):
    retired = OrganisationFactory(
        partnership=partnership, sector_slug="fire-and-rescue", retired_at=timezone.now()
    )

    with scopes_disabled(), pytest.raises(ValidationError) as refused:
        services.sign_off_record(
            strategy=strategy,
            organisation=retired,
            data={"decision": D.APPROVED, "body": "Fire Authority", "decided_on": days_ago(1)},
            actor=actor_for(lead, strategy.partnership),
        )

    assert refused.value.messages == ["Choose a current member organisation of this partnership"]


@pytest.mark.django_db
def test_a_decision_on_an_earlier_version_is_kept_as_it_was(client_for, lead, police, strategy):
    sign_off = record(strategy, police)
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(version=2)

    response = client_for(lead).post(url("sign-offs-edit", sign_off.pk), decision_post())

    assert response.status_code == 302
    assert sign_offs()[0].body == "Cabinet"


# --- Who is outstanding, and when the strategy can be agreed --------------------------------------


@pytest.mark.django_db
def test_the_sign_off_page_shows_who_is_outstanding(
    client_for, partner, lead, council, police, probation, strategy
):
    record(strategy, council)

    page = client_for(partner).get(url("sign-offs", strategy.pk)).content.decode()

    assert "The strategy cannot be agreed yet: 2 specified authorities have not signed off." in page
    outstanding = page.split('id="outstanding"', 1)[1].split("</ul>", 1)[0]
    assert "Northshire Police" in outstanding
    assert "Northshire Probation Delivery Unit" in outstanding
    assert "Northshire County Council" not in outstanding
    assert "Can be agreed" not in page


@pytest.mark.django_db
def test_the_page_flips_to_can_be_agreed_when_every_specified_authority_has_a_decision(
    client_for, partner, lead, council, police, probation, strategy
):
    record(strategy, council)
    record(strategy, police, D.APPROVED_WITH_CHANGES)
    record(strategy, probation, D.NOT_SIGNED)

    page = client_for(partner).get(url("sign-offs", strategy.pk)).content.decode()

    assert "Can be agreed" in page
    assert "cannot be agreed yet" not in page
    with scopes_disabled():
        assert selectors.sign_off_status(strategy=strategy).can_be_agreed


@pytest.mark.django_db
def test_not_approved_still_leaves_the_organisation_outstanding(
    council, police, probation, strategy
):
    record(strategy, council)
    record(strategy, police)
    record(strategy, probation, D.NOT_APPROVED)

    with scopes_disabled():
        status = selectors.sign_off_status(strategy=strategy)

    assert status.outstanding == [probation]
    assert not status.can_be_agreed


@pytest.mark.django_db
def test_a_decision_on_an_earlier_version_does_not_count_for_the_current_one(
    client_for, lead, council, police, probation, strategy
):
    for organisation in (council, police, probation):
        record(strategy, organisation, version=1)
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(version=2)
        strategy.refresh_from_db()
        status = selectors.sign_off_status(strategy=strategy)

    page = client_for(lead).get(url("sign-offs", strategy.pk)).content.decode()

    assert len(status.outstanding) == 3
    assert [s.version for s in status.earlier] == [1, 1, 1]
    assert "Decisions on earlier versions" in page


@pytest.mark.django_db
def test_others_who_signed_off_are_listed_after_the_specified_authorities(
    client_for, lead, council, opcc, police, strategy
):
    record(strategy, opcc)

    with scopes_disabled():
        rows = selectors.sign_off_status(strategy=strategy).rows

    assert [(row.organisation, row.must_sign) for row in rows] == [
        (council, True),
        (police, True),
        (opcc, False),
    ]


@pytest.mark.django_db
def test_a_partner_sees_the_record_link_only_on_their_own_row(
    client_for, partner, police, probation, strategy
):
    page = client_for(partner).get(url("sign-offs", strategy.pk)).content.decode()

    assert f"?organisation={probation.pk}" in page
    assert f"?organisation={police.pk}" not in page


def add_organisations_with_decisions(partnership, strategy, count: int) -> None:
    """Specified authorities, two in three with a decision on this version or the one before,
    and as many education bodies, every other one consulted."""
    from strategies.models import Consultation

    for index in range(count):
        organisation = OrganisationFactory(partnership=partnership, sector_slug="police")
        if index % 3:
            record(strategy, organisation, version=1 + index % 2)
        school = OrganisationFactory(partnership=partnership, sector_slug="education")
        if index % 2:
            with scopes_disabled():
                Consultation.objects.create(
                    partnership=partnership,
                    strategy=strategy,
                    organisation=school,
                    invited_on=days_ago(30),
                )


@pytest.mark.django_db
def test_the_sign_off_page_takes_the_same_queries_for_3_or_12_organisations(
    client_for, lead, partnership, strategy
):
    with scopes_disabled():
        Strategy.objects.filter(pk=strategy.pk).update(version=2)
        strategy.refresh_from_db()
    client = client_for(lead)
    counts = []
    for count in (3, 9):
        add_organisations_with_decisions(partnership, strategy, count)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("sign-offs", strategy.pk)).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
