"""The pagination component loops over a window of page numbers instead of every page: its
markup must be exactly what looping over every page gave, wherever the current page is."""

import re
from pathlib import Path

import pytest
from django.core.paginator import Paginator
from django.template import RequestContext, Template
from django.test import RequestFactory

from common.templatetags.pagination import page_window

COMPONENT = Path(__file__).resolve().parents[2] / "templates/components/pagination.html"


def render(source: str, page_obj) -> str:
    request = RequestFactory().get("/", {"status": "accepted"})
    html = Template(source).render(RequestContext(request, {"page_obj": page_obj}))
    # Each page number the loop skips left a blank line behind; nothing else may differ.
    return re.sub(r"\s+", " ", html)


@pytest.mark.parametrize("pages", [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 40])
def test_the_window_renders_what_every_page_rendered(pages):
    source = COMPONENT.read_text()
    every_page = source.replace(
        "{% for number in page_obj|page_window %}",
        "{% for number in page_obj.paginator.page_range %}",
    )
    assert every_page != source
    paginator = Paginator(range(pages * 10), 10)
    for number in paginator.page_range:
        page_obj = paginator.page(number)
        assert render(source, page_obj) == render(every_page, page_obj), (pages, number)


def test_the_window_is_small_however_many_pages():
    page_obj = Paginator(range(4000), 10).page(200)

    assert page_window(page_obj) == [1, 2, 198, 199, 200, 201, 202, 399, 400]
