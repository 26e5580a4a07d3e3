"""Anyone signed in can read the guidance, by element and by sector."""

import pytest
from django.urls import reverse

from partnerships.models import DutyElement, Sector


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        reverse("guidance:index"),
        reverse("guidance:elements"),
        reverse("guidance:element", args=["data-sharing"]),
        reverse("guidance:sectors"),
        reverse("guidance:sector", args=["police"]),
        reverse("guidance:roles"),
    ],
)
def test_guidance_needs_signing_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


@pytest.mark.django_db
def test_the_elements_index_lists_three_core_and_six_additional(signed_in_client):
    response = signed_in_client.get(reverse("guidance:elements"))

    assert len(response.context["core"]) == 3
    assert len(response.context["additional"]) == 6
    html = response.content.decode()
    for element in DutyElement.objects.all():
        assert reverse("guidance:element", args=[element.slug]) in html


@pytest.mark.django_db
def test_an_element_page_shows_actions_at_both_levels_and_each_sectors_ways(signed_in_client):
    response = signed_in_client.get(
        reverse("guidance:element", args=["strategic-needs-assessment"])
    )

    html = response.content.decode()
    assert "Actively participating" in html
    assert "Inform the development of the local definition of serious violence" in html
    assert "Source: Table 1; Table 2 of the guidance." in html
    assert html.count('href="/guidance/sectors/') == 8


@pytest.mark.django_db
def test_the_sectors_index_groups_sectors_by_authority_type(signed_in_client):
    groups = dict(signed_in_client.get(reverse("guidance:sectors")).context["groups"])

    assert [s.slug for s in groups["Relevant authority"]] == [
        "prisons-and-secure-estate",
        "education",
    ]
    assert len(groups["Specified authority"]) == 6


@pytest.mark.django_db
def test_a_sector_page_shows_who_should_be_involved_and_ways_to_engage(signed_in_client):
    html = signed_in_client.get(reverse("guidance:sector", args=["police"])).content.decode()

    assert "Who should be involved" in html
    assert "Assistant Chief Constable" in html
    assert "Data lead" in html
    assert html.count('href="/guidance/elements/') == 9
    assert "Source: Table 13." in html and "Source: Table 14." in html


@pytest.mark.django_db
def test_a_category_without_sector_guidance_says_so(signed_in_client):
    html = signed_in_client.get(
        reverse("guidance:sector", args=["voluntary-and-community-sector"])
    ).content.decode()

    assert "Part 2 of the guidance has no sector section" in html


@pytest.mark.django_db
def test_the_roles_page_defines_roles_and_asks_the_seven_questions(signed_in_client):
    response = signed_in_client.get(reverse("guidance:roles"))

    assert len(response.context["roles"]) == 4
    assert len(response.context["questions"]) == 7


@pytest.mark.django_db
def test_an_unknown_element_or_sector_is_a_404(signed_in_client):
    assert signed_in_client.get(reverse("guidance:element", args=["nope"])).status_code == 404
    assert signed_in_client.get(reverse("guidance:sector", args=["nope"])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["strategic-needs-assessment", "effective-commissioning"])
def test_element_pages_use_a_fixed_number_of_queries(
    signed_in_client, django_assert_num_queries, slug
):
    # session, user, element, enablers, actions, editorial notes, ways to engage with their
    # sectors, and the header's unread notifications
    with django_assert_num_queries(8):
        signed_in_client.get(reverse("guidance:element", args=[slug]))


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["police", "education"])
def test_sector_pages_use_a_fixed_number_of_queries(
    signed_in_client, django_assert_num_queries, slug
):
    # session, user, sector, posts, their roles, ways to engage with elements, benefits,
    # editorial notes, and the header's unread notifications
    with django_assert_num_queries(9):
        signed_in_client.get(reverse("guidance:sector", args=[slug]))


@pytest.mark.django_db
def test_the_sectors_index_uses_a_fixed_number_of_queries(
    signed_in_client, django_assert_num_queries
):
    assert Sector.objects.count() == 11
    # session, user, sectors, their recommended posts, the posts' roles, and the header's unread
    # notifications
    with django_assert_num_queries(6):
        signed_in_client.get(reverse("guidance:sectors"))
