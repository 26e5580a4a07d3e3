"""The Duty catalogue in Welsh: every text of the guidance's elements, sectors, ways to engage,
roles and questions has its Welsh beside the English, shipped in a data file and loaded by
migration; a Welsh reader sees it on every page that shows the catalogue; the sector pages name
the body that holds the Duty in Wales; and an operator loads a reviewed Welsh with one command."""

import csv
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils.html import escape

from partnerships import catalogue
from partnerships.models import DutyElement, Sector, WayToEngage


def catalogue_texts():
    """Every (model, field, English, Welsh) of the catalogue as the database holds it."""
    for name, fields in catalogue.TRANSLATED.items():
        for row in apps.get_model("partnerships", name).objects.all():
            for field in fields:
                english = getattr(row, f"{field}_en_gb")
                if english:
                    yield name, field, english, getattr(row, f"{field}_cy")


@pytest.mark.django_db
def test_every_catalogue_text_has_its_welsh():
    texts = list(catalogue_texts())

    assert len(texts) > 700
    assert [(name, field, english) for name, field, english, welsh in texts if not welsh] == []


@pytest.mark.django_db
def test_the_welsh_file_covers_the_guidance_file_and_nothing_else():
    welsh = catalogue.read_welsh()

    english = {english for _, _, english, _ in catalogue_texts()}

    assert english <= set(welsh)
    assert set(welsh) - english == set()


def test_each_welsh_text_keeps_the_numbers_and_markup_of_its_english():
    with catalogue.WELSH_FILE.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))

    lost = [
        row["english"][:60]
        for row in rows
        if set(re.findall(r"\d+", row["english"])) - set(re.findall(r"\d+", row["welsh"]))
        or row["english"].count("**") != row["welsh"].count("**")
    ]
    assert lost == []


@pytest.mark.django_db
def test_a_welsh_reader_reads_the_catalogue_in_welsh_and_an_english_reader_in_english(
    signed_in_client,
):
    url = reverse("guidance:sector", args=["health"])

    english = signed_in_client.get(url, HTTP_ACCEPT_LANGUAGE="en-gb").content.decode()
    signed_in_client.cookies["django_language"] = "cy"
    welsh = signed_in_client.get(url).content.decode()

    assert '<h1 class="govuk-heading-xl">Health</h1>' in english
    assert '<h1 class="govuk-heading-xl">Iechyd</h1>' in welsh
    health = Sector.objects.get(slug="health")
    assert escape(health.description_cy) in welsh
    assert escape(health.description_en_gb) not in welsh


@pytest.mark.django_db
def test_the_health_sector_page_names_the_local_health_boards_of_wales(signed_in_client):
    url = reverse("guidance:sector", args=["health"])

    english = signed_in_client.get(url).content.decode()
    signed_in_client.cookies["django_language"] = "cy"
    welsh = signed_in_client.get(url).content.decode()

    assert "Duty holder in England" in english and "Integrated Care Boards (ICBs)" in english
    assert "Duty holder in Wales" in english and "Local Health Boards (LHBs)" in english
    assert "Byrddau Iechyd Lleol" in welsh


@pytest.mark.django_db
def test_a_sector_with_one_body_in_both_nations_names_it_once(signed_in_client):
    body = signed_in_client.get(reverse("guidance:sector", args=["police"])).content.decode()

    assert "Duty holder in Wales" not in body
    assert "Chief Officer of the police force" in body


@pytest.mark.django_db
def test_a_text_with_no_welsh_yet_is_shown_in_english(signed_in_client):
    WayToEngage.objects.filter(pk=WayToEngage.objects.first().pk).update(text_cy=None)
    way = WayToEngage.objects.first()

    signed_in_client.cookies["django_language"] = "cy"
    body = signed_in_client.get(reverse("guidance:sector", args=[way.sector.slug])).content.decode()

    assert escape(way.text_en_gb) in body


@pytest.mark.django_db
def test_an_operator_loads_a_reviewed_welsh_for_part_of_the_catalogue(tmp_path, capsys):
    element = DutyElement.objects.get(slug="strategic-needs-assessment")
    untouched = Sector.objects.get(slug="police").name_cy
    reviewed = tmp_path / "reviewed.csv"
    reviewed.write_text(
        "english,welsh\n"
        f"{element.name_en_gb},Asesiad strategol o anghenion\n"
        "A line the catalogue does not have,Llinell\n",
        encoding="utf-8",
    )

    call_command("load_translation", str(reviewed), "--catalogue")

    element.refresh_from_db()
    assert element.name_cy == "Asesiad strategol o anghenion"
    assert Sector.objects.get(slug="police").name_cy == untouched
    out = capsys.readouterr().out
    assert "1 catalogue text given Welsh." in out
    assert "Not in the catalogue (left out): 'A line the catalogue does not have'" in out


@pytest.mark.django_db
def test_a_catalogue_file_without_the_two_columns_is_refused(tmp_path):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("saesneg,cymraeg\nPolice,Heddlu\n", encoding="utf-8")

    with pytest.raises(CommandError, match="columns english and welsh"):
        call_command("load_translation", str(wrong), "--catalogue")
