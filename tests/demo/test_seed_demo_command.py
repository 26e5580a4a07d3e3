"""Running `seed_demo`: it converges, queues its emails on commit, and refuses production.

Each test here starts from an empty database (the tests in tests/demo/seeded/ read one seeded
demo)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

from demo.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERS


@pytest.mark.django_db
def test_seed_demo_can_run_again_and_converges():
    call_command("seed_demo")
    lead = get_user_model().objects.get(email="lead@example.org")
    lead.set_password("changed-by-someone")
    lead.save()

    call_command("seed_demo")

    assert get_user_model().objects.count() == len(DEMO_USERS)
    lead.refresh_from_db()
    assert lead.check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="not in production"):
        call_command("seed_demo")

    assert not get_user_model().objects.exists()


def test_seeding_queues_the_invitation_emails_once_it_commits(
    db, django_capture_on_commit_callbacks
):
    # Celery runs eagerly in tests, so the queued emails arrive in the outbox at once.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")

    recipients = {address for email in mail.outbox for address in email.to}
    assert {"amelia.hart@example.org", "mari.jones@example.org"} <= recipients
