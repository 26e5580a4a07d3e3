"""Text typed into the portal must never make the PDF renderer read a file or call the network.

Each story renders a small document carrying one hostile reference, the kind a contribution or a
finding could smuggle in, and checks that the export still succeeds, nothing was fetched, and the
refusal was logged for whoever investigates.
"""

import base64
import io
import socket
import urllib.request

import pytest
from pypdf import PdfReader

from documents.pdf import SafeFetcher, render_pdf

# A 1×1 red PNG.
RED_DOT = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
        "0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082"
    )
).decode()


def document(body: str, head: str = "") -> str:
    return (
        '<!doctype html><html lang="en-GB"><head><title>Northshire strategy</title>'
        f'<link rel="stylesheet" href="/static/pdf/document.css">{head}</head>'
        f"<body><h1>Northshire strategy</h1><p>Our priorities.</p>{body}</body></html>"
    )


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def outside_calls(monkeypatch):
    """Every attempt to open a URL with urllib or to connect a socket, recorded instead of made."""
    calls = []

    def record(name):
        def refuse(*args, **kwargs):
            calls.append((name, args))
            raise OSError(f"test forbids {name}")

        return refuse

    monkeypatch.setattr(socket, "create_connection", record("create_connection"))
    monkeypatch.setattr(socket.socket, "connect", record("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", record("connect_ex"))
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", record("urlopen"))
    monkeypatch.setattr(urllib.request, "urlopen", record("urlopen"))
    return calls


HOSTILE = {
    "local file image": ('<img src="file:///etc/passwd" alt="">', "", "file:///etc/passwd"),
    "remote stylesheet": (
        "",
        '<link rel="stylesheet" href="https://example.com/x.css">',
        "https://example.com/x.css",
    ),
    "loopback image": (
        '<img src="http://127.0.0.1:9/x.png" alt="">',
        "",
        "http://127.0.0.1:9/x.png",
    ),
    "our own host": (
        '<img src="https://svd-portal.example.org/static/images/favicon.svg" alt="">',
        "",
        "https://svd-portal.example.org/static/images/favicon.svg",
    ),
    "inline SVG with a file reference": (
        '<svg width="20" height="20">'
        '<image href="file:///etc/hosts" width="20" height="20"/></svg>',
        "",
        "file:///etc/hosts",
    ),
    "data SVG with a remote reference": (
        '<img alt="" src="data:image/svg+xml;base64,'
        + base64.b64encode(
            b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
            b'<image href="http://169.254.169.254/latest/meta-data" width="20" height="20"/></svg>'
        ).decode()
        + '">',
        "",
        "http://169.254.169.254/latest/meta-data",
    ),
    "static path climbing out": (
        '<img src="/static/../../../../etc/passwd" alt="">',
        "",
        "https://svd-portal.invalid/etc/passwd",
    ),
    "static path climbing out, encoded": (
        '<img src="/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd" alt="">',
        "",
        "https://svd-portal.invalid/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    ),
    "stylesheet import of a local file": (
        "",
        "<style>@import url(file:///etc/passwd);</style>",
        "file:///etc/passwd",
    ),
    "font from a local file": (
        "",
        "<style>@font-face { font-family: X; src: url(file:///etc/passwd); }"
        " p { font-family: X; }</style>",
        "file:///etc/passwd",
    ),
    "file attached to the PDF": (
        '<a rel="attachment" href="file:///etc/passwd">Appendix</a>',
        "",
        "file:///etc/passwd",
    ),
    "embedded object": ('<object data="file:///etc/passwd"></object>', "", "file:///etc/passwd"),
    "base element pointing at the disk": (
        '<img src="passwd" alt="">',
        '<base href="file:///etc/">',
        "file:///etc/passwd",
    ),
}


@pytest.mark.parametrize(("body", "head", "url"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_reference_is_refused_and_the_export_still_succeeds(
    body, head, url, outside_calls, caplog
):
    pdf = render_pdf(document(body, head))

    text = text_of(pdf.content)
    assert "Our priorities." in text
    assert "root:x:0:0" not in text
    assert b"root:x:0:0" not in pdf.content
    assert outside_calls == []
    refusals = [r.getMessage() for r in caplog.records if r.name == "documents.pdf"]
    assert f"PDF renderer refused to fetch {url}" in refusals


def test_a_data_image_is_drawn(outside_calls):
    pdf = render_pdf(document(f'<img src="data:image/png;base64,{RED_DOT}" alt="A red dot">'))

    page = PdfReader(io.BytesIO(pdf.content)).pages[0]
    assert len(page.images) == 1
    assert outside_calls == []


def test_our_own_stylesheet_is_applied(outside_calls):
    pdf = render_pdf(document(""))

    page = PdfReader(io.BytesIO(pdf.content)).pages[0]
    assert (round(page.mediabox.width), round(page.mediabox.height)) == (595, 842)
    # The footer comes only from document.css.
    assert "Page 1 of 1" in page.extract_text()
    assert outside_calls == []


def test_collected_static_files_are_served_from_static_root(settings, tmp_path):
    # In production {% static %} gives hashed names that only exist in STATIC_ROOT.
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "document.0123abcd.css").write_text("p { color: red }")

    response = SafeFetcher().fetch("https://svd-portal.invalid/static/pdf/document.0123abcd.css")

    assert response.read() == b"p { color: red }"
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "https://svd-portal.invalid/static/js/app.mjs",
        "https://svd-portal.invalid/static/pdf//etc/passwd",
        "https://svd-portal.invalid/static/pdf/%5c..%5c..%5csettings.py",
        "https://svd-portal.invalid/static/pdf/missing.css",
        "https://svd-portal.invalid/media/export.pdf",
        "ftp://example.com/x.css",
    ],
)
def test_the_fetcher_serves_only_stylesheets_images_and_fonts_from_static(url, caplog):
    with pytest.raises(ValueError, match="does not fetch"):
        SafeFetcher().fetch(url)

    assert f"PDF renderer refused to fetch {url}" in caplog.text
