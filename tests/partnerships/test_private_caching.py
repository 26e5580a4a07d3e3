"""A partnership's pages and downloads are for the person who asked: no shared cache or browser
history keeps a copy."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("northshire_built_once")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["dashboard", "contributions-export", "data-export"])
def test_tenant_pages_and_downloads_are_never_stored(client_for, lead, name):
    response = client_for(lead).get(reverse(f"tenant:{name}", args=["northshire"]))

    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
