"""The isolation walk once more (test_tenant_isolation.py), with django-scopes switched off and
the connection an ordinary role: only PostgreSQL's row-level security stands between a lead of
Southvale and Northshire's objects, and it alone answers 404."""

import pytest

from tests.isolation.test_tenant_isolation import (  # noqa: F401 (its fixtures and tests, again)
    lead,
    northshire_ids,
    other_partnership,
    outsider,
    test_a_lead_elsewhere_cannot_reach_northshire_objects_through_their_own_partnership,
    test_a_member_of_another_partnership_gets_404,
    world,
)

pytestmark = pytest.mark.usefixtures("as_the_application_role", "scoping_switched_off")
