"""Running `seed_demo`: once it has loaded the demo it changes nothing, it queues its emails on
commit, and it refuses production.

Each test here starts from an empty database (the tests in tests/demo/seeded/ read one seeded
demo, and reset it)."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

from demo.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERS


@pytest.mark.django_db
def test_seed_demo_run_again_changes_nothing_and_says_so():
    call_command("seed_demo", stdout=StringIO())
    lead = get_user_model().objects.get(email="lead@example.org")
    lead.set_password("changed-by-someone")
    lead.save()
    out = StringIO()

    call_command("seed_demo", stdout=out)

    assert out.getvalue().strip() == (
        "The demo is already loaded: nothing changed. Run with --reset to start it again."
    )
    assert get_user_model().objects.count() == len(DEMO_USERS)
    lead.refresh_from_db()
    assert lead.check_password("changed-by-someone")


@pytest.mark.django_db
def test_seed_demo_run_again_is_one_query(django_assert_max_num_queries):
    call_command("seed_demo", stdout=StringIO())

    with django_assert_max_num_queries(3):
        call_command("seed_demo", stdout=StringIO())


@pytest.mark.django_db
def test_reset_on_an_empty_database_just_loads_the_demo():
    out = StringIO()

    call_command("seed_demo", "--reset", stdout=out)

    assert "Removed the demo: 0 partnerships and 0 accounts" in out.getvalue()
    assert get_user_model().objects.count() == len(DEMO_USERS)
    assert get_user_model().objects.get(email="lead@example.org").check_password(DEMO_PASSWORD)


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
