"""A partnership's Duty checklist is kept in the cache between pages, by the version of the
partnership's records: computed once while nothing changes, afresh on the page after a change."""

import importlib

import pytest
from django.urls import reverse

from tests.oversight.test_standing import agree_definition

# The module, not the function of the same name the package exports.
checklist = importlib.import_module("oversight.selectors.compliance")

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(monkeypatch):
    """How many times the checklist was computed."""
    calls = []
    real = checklist.compliance_for

    def counting(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(checklist, "compliance_for", counting)
    return calls


def definition_line(client, partnership):
    page = client.get(reverse("tenant:dashboard", args=[partnership.slug]))
    return next(line for line in page.context["compliance"].lines if line.key == "definition")


def test_the_checklist_is_computed_once_while_nothing_changes(
    client_for, lead, partnership, computed
):
    client = client_for(lead)
    for _n in range(3):
        definition_line(client, partnership)

    assert len(computed) == 1


def test_a_change_shows_in_the_checklist_on_the_next_page(client_for, lead, partnership, computed):
    client = client_for(lead)
    assert not definition_line(client, partnership).is_met

    agree_definition(partnership)

    assert definition_line(client, partnership).is_met
    assert len(computed) == 2
