"""Two-factor authentication: who must use it, setting it up, signing in with it, recovery
codes, a lead asking it of everyone, and an administrator's audited reset."""

import re
import time

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from partnerships.two_factor import two_factor_required
from tests.accounts.two_factor_stories import (
    enrol,
    half_a_minute_later,
    sign_in_with_password,
    totp,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def required_for_roles(settings):
    # Production's setting (`make run`'s demo leaves it off).
    settings.TWO_FACTOR_REQUIRED = True


def dashboard(partnership) -> str:
    return reverse("tenant:dashboard", args=[partnership.slug])


def test_leads_data_leads_conveners_and_administrators_need_two_factor(
    lead, data_lead, convener, partner, observer
):
    assert two_factor_required(lead)
    assert two_factor_required(data_lead)
    assert two_factor_required(convener)
    assert not two_factor_required(partner)
    assert not two_factor_required(observer)


def test_an_administrator_needs_two_factor(priya):
    priya.is_staff = True
    priya.save()

    assert two_factor_required(priya)


def test_a_lead_without_two_factor_is_sent_to_set_it_up_from_any_page(client, lead, partnership):
    sign_in_with_password(client, lead.email)

    response = client.get(dashboard(partnership))

    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))
    page = client.get(response.url)
    assert "Set up an authenticator app" in page.content.decode()
    assert "Your role asks for a second step" in page.content.decode()


def test_a_wrong_code_is_explained_and_nothing_is_set_up(client, lead):
    sign_in_with_password(client, lead.email)
    client.get(reverse("mfa_activate_totp"))

    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    html = response.content.decode()
    assert "There is a problem" in html
    assert not Authenticator.objects.filter(user=lead).exists()


def test_setting_up_shows_recovery_codes_then_the_portal_opens(client, lead, partnership):
    sign_in_with_password(client, lead.email)

    enrol(client)
    codes_page = client.get(reverse("mfa_view_recovery_codes"))

    assert len(re.findall(r"\b[0-9a-f]{8}\b", codes_page.content.decode())) == 10
    assert client.get(dashboard(partnership)).status_code == 200


def test_signing_in_asks_for_the_code_after_the_password(client, lead, partnership):
    sign_in_with_password(client, lead.email)
    secret = enrol(client)
    client.post(reverse("accounts:sign-out"))

    with half_a_minute_later():
        after_password = sign_in_with_password(client, lead.email)
        assert after_password.url == reverse("mfa_authenticate")
        assert client.get(dashboard(partnership)).status_code == 302  # not signed in yet

        wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
        assert "There is a problem" in wrong.content.decode()
        right = client.post(reverse("mfa_authenticate"), {"code": totp(secret)})

    assert right.status_code == 302
    assert client.get(dashboard(partnership)).status_code == 200


def test_a_code_that_turned_over_as_it_was_typed_still_signs_in(client, lead, partnership):
    sign_in_with_password(client, lead.email)
    secret = enrol(client)
    client.post(reverse("accounts:sign-out"))

    # The clock stands still at a minute later, so "one step ago" cannot drift into two.
    with time_machine.travel(time.time() + 60, tick=False):
        sign_in_with_password(client, lead.email)
        two_steps_ago = client.post(
            reverse("mfa_authenticate"), {"code": totp(secret, at=time.time() - 60)}
        )
        assert "There is a problem" in two_steps_ago.content.decode()
        one_step_ago = client.post(
            reverse("mfa_authenticate"), {"code": totp(secret, at=time.time() - 30)}
        )

    assert one_step_ago.status_code == 302
    assert client.get(dashboard(partnership)).status_code == 200


def test_a_recovery_code_signs_in_once(client, lead):
    sign_in_with_password(client, lead.email)
    enrol(client)
    page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    code = re.findall(r"\b[0-9a-f]{8}\b", page)[0]
    client.post(reverse("accounts:sign-out"))

    sign_in_with_password(client, lead.email)
    first = client.post(reverse("mfa_authenticate"), {"code": code})
    client.post(reverse("accounts:sign-out"))
    sign_in_with_password(client, lead.email)
    again = client.post(reverse("mfa_authenticate"), {"code": code})

    assert first.status_code == 302
    assert "There is a problem" in again.content.decode()


def test_a_partner_needs_it_once_their_lead_asks_it_of_everyone(client, lead, partner, partnership):
    settings_url = reverse("tenant:settings", args=[partnership.slug])
    client.force_login(lead)
    Authenticator.objects.create(user=lead, type=Authenticator.Type.TOTP, data={})
    form = client.get(settings_url).context["form"]
    data = {
        name: ("\n".join(value) if isinstance(value, list) else value)
        for name, value in form.initial.items()
        if value is not None
    }
    client.post(settings_url, {**data, "two_factor_for_everyone": "on"})
    client.post(reverse("accounts:sign-out"))

    sign_in_with_password(client, partner.email)
    response = client.get(dashboard(partnership))

    assert response.url.startswith(reverse("mfa_activate_totp"))
    partnership.refresh_from_db()
    change = partnership.history.first()
    assert change.two_factor_for_everyone and change.history_user == lead


def test_a_partner_elsewhere_is_not_asked(client, partner, partnership):
    sign_in_with_password(client, partner.email)

    assert client.get(dashboard(partnership)).status_code == 200


def test_an_administrator_resets_two_factor_and_the_reset_is_recorded(client, lead, priya):
    admin = type(priya).objects.create_superuser("admin@example.org", "a-long-admin-password")
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})
    Authenticator.objects.create(user=lead, type=Authenticator.Type.TOTP, data={})
    client.force_login(admin)

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [lead.pk]},
        follow=True,
    )

    assert "Two-factor authentication was reset for 1 person" in response.content.decode()
    assert not Authenticator.objects.filter(user=lead).exists()
    entry = LogEntry.objects.get(object_id=str(lead.pk))
    assert entry.user == admin and "two-factor" in entry.get_change_message()


def test_the_admin_has_no_password_only_sign_in_of_its_own(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))
