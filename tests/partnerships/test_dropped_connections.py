"""A save whose database connection drops (a failover mid-request) is never a 500: the person
gets their form back with what they typed and "Nothing was saved", nothing is saved, and the
files the save had written are removed again. If the database is still away, a 503 page says
so in plain words."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django_scopes import scopes_disabled

from assessments.models import Attachment, Contribution
from assessments.services import contributions as contribution_services
from tests.assessments.contribution_stories import form_data, url

DROPPED = OperationalError("server closed the connection unexpectedly")
PDF_BYTES = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


def contributions() -> list[Contribution]:
    with scopes_disabled():
        return list(Contribution.objects.all())


def drop_the_connection_once(monkeypatch, owner, name: str):
    """The first call of `owner.name` finds its connection gone; later calls work."""
    original = getattr(owner, name)
    calls = []

    def dropping(*args, **kwargs):
        calls.append(True)
        if len(calls) == 1:
            raise DROPPED
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, dropping)
    return calls


@pytest.mark.django_db
def test_a_save_that_loses_the_database_gives_the_form_back_with_what_was_typed(
    monkeypatch, client_for, partner
):
    drop_the_connection_once(monkeypatch, contribution_services, "save_with_history")

    response = client_for(partner).post(
        url("contributions-new"), form_data(title="Stabbings near the station")
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved: the portal lost its connection to its database" in page
    assert 'value="Stabbings near the station"' in page
    assert "govuk-error-summary" in page
    assert contributions() == []


@pytest.mark.django_db
def test_while_the_database_stays_away_the_page_says_so_without_a_500(
    monkeypatch, client_for, partner
):
    def away(*args, **kwargs):
        raise DROPPED

    monkeypatch.setattr("assessments.views.contributions.ContributionForm.__init__", away)

    response = client_for(partner).post(url("contributions-new"), form_data())

    assert response.status_code == 503
    assert "Nothing was saved" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_files_written_by_a_save_that_lost_the_database_are_removed(
    monkeypatch, settings, tmp_path, client_for, partner
):
    settings.MEDIA_ROOT = tmp_path / "private"
    drop_the_connection_once(monkeypatch, Attachment, "save")

    client_for(partner).post(
        url("contributions-new"),
        form_data() | {"files": SimpleUploadedFile("report.pdf", PDF_BYTES)},
    )

    assert contributions() == []
    assert not Attachment.objects.with_scopes_disabled().exists()
    assert list((tmp_path / "private").rglob("*.pdf")) == []


@pytest.mark.django_db(transaction=True)
def test_a_save_whose_connection_postgresql_really_drops_gives_the_form_back(
    monkeypatch, settings, tmp_path, client_for, partner
):
    """As in a failover: PostgreSQL ends the request's own connection between the file being
    written and the row being saved."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("terminating a connection needs PostgreSQL")
    import psycopg

    settings.MEDIA_ROOT = tmp_path / "private"
    save = Attachment.save

    def save_after_a_failover(self, *args, **kwargs):
        params = connection.get_connection_params()
        server = {
            key: params[key]
            for key in ("dbname", "user", "password", "host", "port")
            if key in params
        }
        with psycopg.connect(**server, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid]
            )
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Attachment, "save", save_after_a_failover)
    client = client_for(partner)

    response = client.post(
        url("contributions-new"),
        form_data(title="After the failover") | {"files": SimpleUploadedFile("a.pdf", PDF_BYTES)},
    )

    assert response.status_code == 200
    assert 'value="After the failover"' in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert contributions() == []
    assert list((tmp_path / "private").rglob("*.pdf")) == []
