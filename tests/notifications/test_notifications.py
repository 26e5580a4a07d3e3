"""Notifications: every email about a partnership is also a notification for the person emailed;
each person chooses to be emailed immediately, in a daily digest, or not at all; and the
notifications page shows a person only their own, from partnerships they are still in."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments import services as assessment_services
from assessments import tasks as assessment_tasks
from assessments.models import Call, Contribution
from notifications import selectors, services, tasks
from notifications.models import EmailPreference, Frequency, Notification
from partnerships.access import actor_for
from partnerships.models import DutyElement, Membership
from tests.factories import (
    ContributionFactory,
    MembershipFactory,
    NotificationFactory,
    OrganisationFactory,
)

# The personas appear in most stories here: make them once for the module.
pytestmark = pytest.mark.usefixtures("northshire_built_once")

LIST = reverse("notifications:list")


def make_call(partnership, organisations) -> Call:
    with scopes_disabled():
        call = Call.objects.create(
            partnership=partnership,
            title="Knife crime figures for the SNA",
            questions="Quarterly figures, please.",
            period="2026/27",
            due_on=timezone.localdate() + datetime.timedelta(days=14),
            audience=Call.Audience.ORGANISATIONS,
        )
        call.organisations.set(organisations)
        call.elements.set([DutyElement.objects.get(slug="strategic-needs-assessment")])
    return call


def notifications_of(user) -> list[Notification]:
    with scopes_disabled():
        return list(Notification.objects.filter(recipient=user).order_by("pk"))


def prefer(user, frequency: str) -> None:
    services.email_preference_set(user=user, frequency=frequency)


def tom_also_in_southvale(tom, other_partnership) -> None:
    organisation = OrganisationFactory(
        partnership=other_partnership, name="Southvale Police", sector_slug="police"
    )
    MembershipFactory(user=tom, organisation=organisation, portal_role="partner", data_lead=True)


# --- Every email is also a notification -----------------------------------------------------------


@pytest.mark.django_db
def test_a_call_notifies_exactly_the_people_it_emails(
    partnership, police, probation, partner, data_lead, lead, outsider
):
    call = make_call(partnership, [police, probation])

    assessment_tasks.send_call_issued_email(call.pk)

    emailed = sorted(m.to[0] for m in mail.outbox)
    assert emailed == ["paul@example.org", "tom@example.org"]
    with scopes_disabled():
        notified = Notification.objects.select_related("recipient").order_by("recipient__email")
        assert [n.recipient.email for n in notified] == emailed
        notification = notified.first()
    assert notification.partnership == partnership
    assert notification.title == mail.outbox[0].subject
    assert notification.path == reverse("tenant:calls-detail", args=[partnership.slug, call.pk])
    assert notification.body.startswith(f"has issued a call for contributions in {partnership}")
    assert notification.is_unread


@pytest.mark.django_db
def test_a_task_delivered_twice_makes_no_second_notification(partnership, police, data_lead):
    call = make_call(partnership, [police])

    assessment_tasks.send_call_issued_email(call.pk)
    assessment_tasks.send_call_issued_email(call.pk)

    assert len(notifications_of(data_lead)) == 1


@pytest.mark.django_db
def test_each_review_of_a_contribution_is_a_notification_of_its_own(
    partnership, police, lead, data_lead, partner
):
    contribution = ContributionFactory(organisation=police, title="Knife crime, 2025")
    lead_here = actor_for(lead, partnership)
    with scopes_disabled():
        assessment_services.contribution_submit(contribution=contribution, acting_user=data_lead)
        assessment_services.contribution_return(
            contribution=contribution, comment="Add the baseline", actor=lead_here
        )
        assessment_tasks.send_contribution_email(contribution.pk, "returned")
        assessment_services.contribution_submit(contribution=contribution, acting_user=data_lead)
        contribution.refresh_from_db()
        assessment_services.contribution_accept(contribution=contribution, actor=lead_here)
        assessment_tasks.send_contribution_email(contribution.pk, "accepted")
        assessment_tasks.send_contribution_email(contribution.pk, "accepted")
        assert Contribution.objects.get(pk=contribution.pk).status == "accepted"

    titles = [n.title for n in notifications_of(data_lead)]
    assert titles == ["Returned for changes: Knife crime, 2025", "Accepted: Knife crime, 2025"]
    assert notifications_of(partner) == []  # probation contributed nothing here


@pytest.mark.django_db
def test_a_notification_leads_only_within_the_portal(partnership, police, data_lead):
    with pytest.raises(ValueError, match="within the portal"):
        services.notify_and_email(
            partnership=partnership,
            key="elsewhere:1",
            template="assessments/email/call_issued",
            context={},
            recipients=[data_lead.email],
            path="https://elsewhere.example/",
        )


# --- Email preferences ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("frequency", "emailed", "email"),
    [
        (Frequency.IMMEDIATELY, True, Notification.Email.SENT),
        (Frequency.DAILY_DIGEST, False, Notification.Email.DIGEST),
        (Frequency.OFF, False, Notification.Email.NONE),
    ],
)
def test_the_email_goes_now_only_to_people_who_want_it_now_but_everyone_is_notified(
    partnership, police, probation, partner, data_lead, frequency, emailed, email
):
    prefer(data_lead, frequency)
    call = make_call(partnership, [police, probation])

    assessment_tasks.send_call_issued_email(call.pk)

    recipients = [m.to[0] for m in mail.outbox]
    assert ("tom@example.org" in recipients) is emailed
    assert "paul@example.org" in recipients  # no preference: immediately, as before
    (notification,) = notifications_of(data_lead)
    assert notification.email == email


def chosen(page: str) -> str:
    (value,) = re.findall(r'name="frequency" value="(\w+)"[^>]*checked', page)
    return value


@pytest.mark.django_db
def test_a_person_chooses_how_often_they_are_emailed(client_for, data_lead):
    client = client_for(data_lead)
    assert chosen(client.get(LIST).content.decode()) == "immediately"

    response = client.post(LIST, {"frequency": "daily_digest"})

    assert response.status_code == 302
    assert EmailPreference.objects.get(user=data_lead).frequency == Frequency.DAILY_DIGEST
    assert chosen(client.get(LIST).content.decode()) == "daily_digest"


@pytest.mark.django_db
def test_an_unknown_frequency_is_refused(client_for, data_lead):
    response = client_for(data_lead).post(LIST, {"frequency": "hourly"})

    assert response.status_code == 200
    assert "Select how often we should email you" in response.content.decode()
    assert not EmailPreference.objects.filter(user=data_lead).exists()


# --- The daily digest -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_digest_lists_what_waited_by_partnership_once(
    partnership, other_partnership, police, data_lead, lead, django_capture_on_commit_callbacks
):
    tom_also_in_southvale(data_lead, other_partnership)
    prefer(data_lead, Frequency.DAILY_DIGEST)
    for place, title in [
        (partnership, "Northshire first"),
        (other_partnership, "Southvale only"),
        (partnership, "Northshire second"),
    ]:
        NotificationFactory(
            partnership=place, recipient=data_lead, title=title, email=Notification.Email.DIGEST
        )
    # Emailed at once, before Tom chose the digest: not in it.
    NotificationFactory(partnership=partnership, recipient=data_lead, title="Already emailed")
    # Priya wants emails at once: she has no digest.
    NotificationFactory(partnership=partnership, recipient=lead, title="For Priya")

    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_digests()

    (digest,) = mail.outbox
    assert digest.to == ["tom@example.org"]
    assert digest.subject == "Your SVD Portal digest: 3 new notifications"
    body = digest.body
    assert "Already emailed" not in body and "For Priya" not in body
    order = [
        body.index(text)
        for text in [
            partnership.name,
            "Northshire first",
            "Northshire second",
            other_partnership.name,
            "Southvale only",
        ]
    ]
    assert order == sorted(order)
    assert f"/p/{other_partnership.slug}/" in body
    assert EmailPreference.objects.get(user=data_lead).last_digest_at is not None
    with scopes_disabled():
        assert not Notification.objects.filter(
            email=Notification.Email.DIGEST, digested_at__isnull=True
        ).exists()

    # The next run (or a second beat) finds nothing waiting, and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_digests()
    services.digest_send(user_id=data_lead.pk, now=timezone.now())
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_digest_leaves_out_partnerships_the_person_has_left_and_people_who_turned_off(
    partnership, other_partnership, data_lead, partner
):
    tom_also_in_southvale(data_lead, other_partnership)
    prefer(data_lead, Frequency.DAILY_DIGEST)
    prefer(partner, Frequency.DAILY_DIGEST)
    NotificationFactory(
        partnership=other_partnership, recipient=data_lead, email=Notification.Email.DIGEST
    )
    NotificationFactory(partnership=partnership, recipient=partner, email=Notification.Email.DIGEST)
    with scopes_disabled():
        Membership.objects.filter(user=data_lead, partnership=other_partnership).update(
            ended_on=timezone.localdate()
        )
    prefer(partner, Frequency.OFF)

    assert services.digest_send(user_id=data_lead.pk, now=timezone.now()) is False
    assert services.digest_send(user_id=partner.pk, now=timezone.now()) is False
    assert mail.outbox == []
    with scopes_disabled():
        assert Notification.objects.get(recipient=data_lead).digested_at is not None


# --- The notifications page -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_shows_only_the_persons_own_notifications_newest_first(
    client_for, partnership, data_lead, lead, outsider, other_partnership
):
    now = timezone.now()
    NotificationFactory(
        partnership=partnership,
        recipient=data_lead,
        title="Older",
        created_at=now - datetime.timedelta(days=1),
    )
    NotificationFactory(partnership=partnership, recipient=data_lead, title="Newer", created_at=now)
    NotificationFactory(partnership=partnership, recipient=lead, title="Priya own")
    NotificationFactory(partnership=other_partnership, recipient=outsider, title="Oscar own")

    page = client_for(data_lead).get(LIST).content.decode()

    assert page.index("Newer") < page.index("Older")
    assert "Priya own" not in page
    assert "Oscar own" not in page
    assert page.count("Unread") == 2


@pytest.mark.django_db
def test_notifications_from_a_partnership_the_person_left_are_gone(
    client_for, partnership, other_partnership, data_lead
):
    tom_also_in_southvale(data_lead, other_partnership)
    kept = NotificationFactory(
        partnership=partnership, recipient=data_lead, title="From Northshire"
    )
    gone = NotificationFactory(
        partnership=other_partnership, recipient=data_lead, title="From Southvale"
    )
    client = client_for(data_lead)
    assert "From Southvale" in client.get(LIST).content.decode()
    with scopes_disabled():
        Membership.objects.filter(user=data_lead, partnership=other_partnership).update(
            ended_on=timezone.localdate()
        )

    page = client.get(LIST).content.decode()

    assert "From Northshire" in page
    assert "From Southvale" not in page
    assert client.get(reverse("notifications:open", args=[gone.pk])).status_code == 404
    assert client.get(reverse("notifications:open", args=[kept.pk])).status_code == 302


@pytest.mark.django_db
def test_someone_elses_notification_is_a_404_and_stays_unread(client_for, partnership, lead, tom):
    priyas = NotificationFactory(partnership=partnership, recipient=lead)

    response = client_for(tom).get(reverse("notifications:open", args=[priyas.pk]))

    assert response.status_code == 404
    with scopes_disabled():
        assert Notification.objects.get(pk=priyas.pk).read_at is None


@pytest.mark.django_db
def test_opening_a_notification_marks_it_read_and_goes_where_it_leads(
    client_for, partnership, data_lead
):
    path = reverse("tenant:todo", args=[partnership.slug])
    notification = NotificationFactory(partnership=partnership, recipient=data_lead, path=path)

    response = client_for(data_lead).get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == path
    with scopes_disabled():
        assert Notification.objects.get(pk=notification.pk).read_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["https://elsewhere.example/", "//elsewhere.example/", "/\\elsewhere.example", "p/x/"]
)
def test_a_notification_never_leads_off_the_portal(client_for, partnership, data_lead, path):
    notification = NotificationFactory(partnership=partnership, recipient=data_lead, path=path)

    response = client_for(data_lead).get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == LIST


@pytest.mark.django_db
def test_mark_all_as_read(client_for, partnership, data_lead, lead):
    for _ in range(3):
        NotificationFactory(partnership=partnership, recipient=data_lead)
    priyas = NotificationFactory(partnership=partnership, recipient=lead)
    client = client_for(data_lead)
    assert client.get(reverse("notifications:mark-all-read")).status_code == 405

    response = client.post(reverse("notifications:mark-all-read"))

    assert response.status_code == 302
    assert all(n.read_at for n in notifications_of(data_lead))
    with scopes_disabled():
        assert Notification.objects.get(pk=priyas.pk).read_at is None
    assert "Unread" not in client.get(LIST).content.decode()


@pytest.mark.django_db
def test_the_pages_are_for_signed_in_people(client, partnership, data_lead):
    notification = NotificationFactory(partnership=partnership, recipient=data_lead)
    sign_in = reverse("accounts:sign-in")
    for url in [LIST, reverse("notifications:open", args=[notification.pk])]:
        assert client.get(url).url.startswith(sign_in)
    assert client.post(reverse("notifications:mark-all-read")).url.startswith(sign_in)


# --- The unread count in the header ---------------------------------------------------------------


def header_count(page: str) -> str | None:
    marker = '<span class="govuk-visually-hidden">'
    link = page.find(">Notifications</a>")
    count = page.find('<strong class="app-count">', link)
    if count == -1 or page.find("</li>", link) < count:
        return None
    start = count + len('<strong class="app-count">')
    return page[start : page.index(marker, start)].strip()


@pytest.mark.django_db
def test_the_header_counts_unread_notifications_from_every_partnership(
    client_for, partnership, other_partnership, data_lead
):
    tom_also_in_southvale(data_lead, other_partnership)
    NotificationFactory(partnership=partnership, recipient=data_lead)
    NotificationFactory(partnership=other_partnership, recipient=data_lead)
    NotificationFactory(partnership=partnership, recipient=data_lead, read_at=timezone.now())
    client = client_for(data_lead)

    # On a page outside any partnership, and on a partnership's own page, where the database
    # shows only that partnership's rows unless the count crosses the wall.
    for url in [LIST, reverse("tenant:dashboard", args=[partnership.slug])]:
        page = client.get(url).content.decode()
        assert header_count(page) == "2", url
        assert "unread notifications" in page


@pytest.mark.django_db
def test_the_count_is_the_unread_notifications_the_list_shows(
    partnership, other_partnership, data_lead, partner
):
    # The header's count is written out in SQL for speed: it must count exactly the unread
    # rows of the person's list, whatever is read, someone else's, or from a partnership left.
    tom_also_in_southvale(data_lead, other_partnership)
    NotificationFactory.create_batch(2, partnership=partnership, recipient=data_lead)
    NotificationFactory(partnership=other_partnership, recipient=data_lead)
    NotificationFactory(partnership=partnership, recipient=data_lead, read_at=timezone.now())
    NotificationFactory(partnership=partnership, recipient=partner)

    def listed_unread() -> int:
        return selectors.notifications_for_user(user=data_lead).filter(read_at=None).count()

    assert selectors.unread_count(user=data_lead) == listed_unread() == 3
    with scopes_disabled():
        Membership.objects.filter(user=data_lead, partnership=other_partnership).update(
            ended_on=timezone.localdate()
        )
    assert selectors.unread_count(user=data_lead) == listed_unread() == 2


@pytest.mark.django_db
def test_no_count_when_nothing_is_unread(client_for, partnership, data_lead):
    NotificationFactory(partnership=partnership, recipient=data_lead, read_at=timezone.now())

    page = client_for(data_lead).get(LIST).content.decode()

    assert ">Notifications</a>" in page
    assert header_count(page) is None


# --- Constant queries -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_reads_in_the_same_number_of_queries_for_5_or_50(
    client_for, partnership, other_partnership, data_lead, django_assert_num_queries
):
    tom_also_in_southvale(data_lead, other_partnership)
    client = client_for(data_lead)

    def queries_for(count: int) -> int:
        with scopes_disabled():
            Notification.objects.all().delete()
        for number in range(count):
            NotificationFactory(
                partnership=(partnership, other_partnership)[number % 2], recipient=data_lead
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    assert queries_for(5) == queries_for(50)
    # session, user, email preference, the count and the page of notifications (with their
    # partnerships), and the header's unread count
    with django_assert_num_queries(6):
        client.get(LIST)
