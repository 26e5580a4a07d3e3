import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from svd_portal.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERS


@pytest.mark.django_db
def test_seed_demo_creates_the_accounts_the_readme_lists():
    call_command("seed_demo")

    lead = get_user_model().objects.get(email="lead@example.org")
    assert lead.check_password(DEMO_PASSWORD)
    assert get_user_model().objects.count() == len(DEMO_USERS)


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
