"""The cache forgives Redis being away: sign-in goes on, unthrottled for those moments."""

import socket

import pytest
from django.test import override_settings
from django.urls import reverse

from common.cache import ForgivingRedisCache
from tests.factories import PASSWORD


def a_port_nobody_listens_on() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_away():
    return f"redis://127.0.0.1:{a_port_nobody_listens_on()}/0"


def test_with_redis_away_reads_find_nothing_and_writes_are_dropped(redis_away, caplog):
    cache = ForgivingRedisCache(redis_away, {})

    cache.set("attempts", [1, 2])

    assert cache.get("attempts", "nothing") == "nothing"
    assert cache.add("lock", True) is True
    assert cache.incr("counter") == 1
    assert "The cache is away" in caplog.text


@pytest.mark.django_db
def test_signing_in_while_redis_is_away_still_works(client, priya, redis_away):
    away = {"default": {"BACKEND": "common.cache.ForgivingRedisCache", "LOCATION": redis_away}}
    with override_settings(CACHES=away):
        response = client.post(
            reverse("accounts:sign-in"), {"login": priya.email, "password": PASSWORD}
        )

    assert response.status_code == 302
