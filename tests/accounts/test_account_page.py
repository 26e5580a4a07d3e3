import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_account_page_needs_signing_in(client):
    response = client.get(reverse("accounts:detail"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


@pytest.mark.django_db
def test_a_person_updates_their_name_and_job_title(signed_in_client, priya):
    response = signed_in_client.post(
        reverse("accounts:detail"),
        {"full_name": "Priya Shah-Jones", "job_title": "Head of community safety"},
        follow=True,
    )

    assert "Your details have been saved." in response.content.decode()
    priya.refresh_from_db()
    assert (priya.full_name, priya.job_title) == ("Priya Shah-Jones", "Head of community safety")


@pytest.mark.django_db
def test_a_blank_name_is_refused_and_the_job_title_typed_is_kept(signed_in_client, priya):
    response = signed_in_client.post(
        reverse("accounts:detail"), {"full_name": "", "job_title": "Analyst"}
    )

    html = response.content.decode()
    assert 'href="#id_full_name">Enter your full name' in html
    assert 'value="Analyst"' in html
    priya.refresh_from_db()
    assert priya.full_name == "Priya Shah"
