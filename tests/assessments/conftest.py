"""Fixtures shared by the SNA's stories: all five Northshire personas, Northshire's
contributions at each step of their review, and Paul's organisation's data return."""

import pytest
from django_scopes import scopes_disabled

from assessments import services
from assessments.models import Contribution
from tests.factories import ContributionFactory


@pytest.fixture
def everyone(lead, partner, data_lead, convener, observer):
    """All five Northshire personas."""


@pytest.fixture
def paul_draft(everyone, probation, partner):
    return ContributionFactory(organisation=probation, created_by=partner, title="Paul's draft")


@pytest.fixture
def police_draft(everyone, police, data_lead):
    return ContributionFactory(organisation=police, created_by=data_lead, title="Police draft")


@pytest.fixture
def submitted(everyone, probation, partner):
    """Paul's contribution, waiting for review."""
    contribution = ContributionFactory(
        organisation=probation, created_by=partner, title="Reoffending by 18-24s"
    )
    with scopes_disabled():
        return services.contribution_submit(contribution=contribution, acting_user=partner)


@pytest.fixture
def police_submitted(everyone, police, data_lead):
    contribution = ContributionFactory(
        organisation=police, created_by=data_lead, title="Violence with injury"
    )
    with scopes_disabled():
        return services.contribution_submit(contribution=contribution, acting_user=data_lead)


@pytest.fixture
def areas(partnership):
    partnership.areas = ["Northshire", "Eastborough"]
    partnership.save()
    return partnership.areas


@pytest.fixture
def data_return(probation, areas):
    """Paul's organisation's draft data return."""
    return ContributionFactory(
        organisation=probation, kind=Contribution.Kind.DATA_RETURN, title="Probation caseload"
    )
