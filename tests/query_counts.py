"""Counting a page's queries fairly: from a cold cache."""

from django.core.cache import cache


def cold_cache() -> None:
    """Empty the cache before a page's queries are counted. What is kept between pages (the
    navigation's to-do count, by the partnership's records' version) would otherwise make the
    first page of a pair dearer than the second, whatever the data."""
    cache.clear()
