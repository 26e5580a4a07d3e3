"""English or Cymraeg (issue 16): the switcher in every page's header changes the language and
comes back to the same page; a signed-in person's choice is kept on their account; a Welsh
partnership may open its pages in Welsh for members who have not chosen."""

import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("northshire_built_once")]

LANGUAGE = reverse("language")


def page_language(response) -> str:
    html = response.content.decode()
    return html[html.index('<html lang="') + len('<html lang="') :].split('"', 1)[0]


def dashboard(partnership) -> str:
    return reverse("tenant:dashboard", args=[partnership.slug])


def test_every_page_offers_the_other_language_in_its_own_words(client_for, lead, partnership):
    html = client_for(lead).get(dashboard(partnership)).content.decode()

    assert '<span class="app-language-select__current" aria-current="true">English</span>' in html
    assert 'name="language" value="cy"' in html and 'lang="cy"' in html


def test_switching_to_welsh_comes_back_to_the_page_in_welsh_and_is_kept(
    client_for, lead, partnership
):
    client = client_for(lead)

    response = client.post(LANGUAGE, {"language": "cy", "next": dashboard(partnership)})

    assert response.status_code == 302 and response.url == dashboard(partnership)
    page = client.get(dashboard(partnership))
    assert page_language(page) == "cy"
    assert "Dangosfwrdd" in page.content.decode()
    assert User.objects.get(pk=lead.pk).language == "cy"


def test_the_choice_follows_the_person_to_another_browser(client, lead, partnership):
    lead.language = "cy"
    lead.save()
    client.force_login(lead)

    assert page_language(client.get(dashboard(partnership))) == "cy"


def test_signed_out_the_choice_is_kept_in_the_language_cookie(client):
    response = client.post(LANGUAGE, {"language": "cy", "next": reverse("accessibility")})

    assert response.cookies["django_language"].value == "cy"
    assert page_language(client.get(reverse("accessibility"))) == "cy"


def test_a_language_the_portal_does_not_offer_changes_nothing(client_for, lead, partnership):
    client = client_for(lead)

    client.post(LANGUAGE, {"language": "fr", "next": dashboard(partnership)})

    assert User.objects.get(pk=lead.pk).language == ""
    assert page_language(client.get(dashboard(partnership))) == "en-GB"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", ""])
def test_it_never_sends_anyone_to_another_site(client, next_url):
    response = client.post(LANGUAGE, {"language": "cy", "next": next_url})

    assert response.url == "/"


def test_switching_is_a_post_only(client):
    assert client.get(LANGUAGE).status_code == 405


def test_a_welsh_partnership_opens_in_welsh_for_members_who_have_not_chosen(
    client_for, lead, partnership
):
    partnership.default_language = "cy"
    partnership.save()
    client = client_for(lead)

    assert page_language(client.get(dashboard(partnership))) == "cy"
    # Their own choice wins.
    client.post(LANGUAGE, {"language": "en-gb", "next": "/"})
    assert page_language(client.get(dashboard(partnership))) == "en-GB"
