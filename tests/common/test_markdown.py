from html.parser import HTMLParser

import pytest

from common.markdown import render_markdown


def elements(html: str) -> list[tuple[str, dict]]:
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


def test_markdown_becomes_govuk_styled_html():
    html = render_markdown("## Findings\n\nKnife crime **rose**.\n\n- one\n- two")

    assert '<h2 class="govuk-heading-m">Findings</h2>' in html
    assert '<p class="govuk-body">Knife crime <strong>rose</strong>.</p>' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="https://example.org" onclick="steal()">x</a>',
        "<iframe src='https://evil.example'></iframe>",
    ],
)
def test_typed_html_and_script_links_never_reach_the_page(attack):
    found = elements(render_markdown(attack))

    assert {tag for tag, _attrs in found} <= {"p", "a"}
    for _tag, attrs in found:
        assert not any(name.startswith("on") for name in attrs)
        assert not attrs.get("href", "").startswith("javascript")


def test_links_are_styled_and_do_not_pass_referrer_or_rank():
    html = render_markdown("[the guidance](https://www.gov.uk/)")

    assert 'class="govuk-link"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_tables_carry_no_inline_styles_the_csp_would_block():
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |")

    assert "<table" in html and "style=" not in html
