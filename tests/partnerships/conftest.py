import pytest

from partnerships.models import Membership
from tests.partnerships.member_stories import membership_of


@pytest.fixture
def paul(partnership, partner) -> Membership:
    """Paul's membership: the person the lead changes in most of the members pages' stories."""
    return membership_of(partner, partnership)
