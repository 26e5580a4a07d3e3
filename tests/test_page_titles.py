"""A page showing a problem starts its <title> with "Error:", exactly once (GOV.UK's pattern:
a screen reader hears it first). templates/base.html adds it for every such page, whatever the
page calls its form; no page's own title block adds it again."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django_scopes import scopes_disabled

from assessments.models import Contribution
from partnerships.models import Membership
from tests.factories import ContributionFactory


def title(response) -> str:
    html = response.content.decode()
    return " ".join(re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1).split())


def template_files():
    roots = [Path(settings.BASE_DIR) / "templates"]
    roots += sorted(Path(settings.BASE_DIR).glob("*/templates"))
    return [path for root in roots for path in sorted(root.rglob("*.html"))]


def test_no_page_adds_error_to_its_own_title():
    blocks = {
        path: block
        for path in template_files()
        for block in re.findall(
            r"{% block title %}(.*?){% endblock", path.read_text(encoding="utf-8"), re.DOTALL
        )
    }

    assert blocks, "the title blocks should be found"
    assert [str(path) for path, block in blocks.items() if "Error" in block] == []


@pytest.mark.django_db
def test_a_form_error_on_the_upload_page_says_error_once(client_for, partner, probation):
    data_return = ContributionFactory(
        organisation=probation, kind=Contribution.Kind.DATA_RETURN, title="Probation caseload"
    )
    url = reverse("tenant:data-upload", args=[probation.partnership.slug, data_return.pk])

    response = client_for(partner).post(url, {})

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert title(response).startswith("Error: Upload figures")
    assert title(response).count("Error") == 1


@pytest.mark.django_db
def test_a_filter_form_error_says_error_too(client_for, lead, partnership):
    response = client_for(lead).get(
        reverse("tenant:members", args=[partnership.slug]), {"portal_role": "nonsense"}
    )

    assert "govuk-error-summary" in response.content.decode()
    assert title(response).startswith("Error: Members")
    assert title(response).count("Error") == 1


@pytest.mark.django_db
def test_a_refusal_shown_in_the_pages_own_summary_says_error_once(client_for, lead, partnership):
    """The only lead cannot remove themselves: the page's own error summary says why."""
    with scopes_disabled():
        priya = Membership.objects.get(user=lead, partnership=partnership)
    url = reverse("tenant:members-remove", args=[partnership.slug, priya.pk])

    response = client_for(lead).post(url)

    assert "govuk-error-summary" in response.content.decode()
    assert title(response).startswith("Error: Remove")
    assert title(response).count("Error") == 1


@pytest.mark.django_db
def test_a_page_without_a_problem_says_no_error(client_for, lead, partnership):
    response = client_for(lead).get(reverse("tenant:members", args=[partnership.slug]))

    assert "Error" not in title(response)
