"""PDF rendering with WeasyPrint behind one deny-by-default URL fetcher.

Documents are HTML built from what partnerships typed, so the renderer must never become a way
to read the server's files or call the network. Every resource WeasyPrint wants (stylesheets,
images, fonts, SVG references, attachments) goes through `SafeFetcher`, which serves only:

- `data:` URIs, decoded in memory;
- our own static files under STATIC_URL, read from disk through the staticfiles finders (or
  STATIC_ROOT, where collectstatic puts hashed names in production), with an allow-list of
  file types and no way to climb out of a static folder.

Everything else (`file:`, http, https, ftp, our own host, 127.0.0.1) is refused before any disk
or network access, and the refusal is logged on "documents.pdf" with the URL. No request is
ever made, so there are no redirects to follow.

Refusals are not fatal. WeasyPrint skips a resource whose fetch raises an ordinary exception and
aborts the whole render only on `FatalURLFetchingError`. A stray `<img src="file:///etc/passwd">`
in a contribution must not stop a partnership publishing its strategy, so the resource is left
out, the refusal logged, and the export still succeeds.

Documents render against a fixed pseudo-origin, never the request's host, so relative and
root-relative URLs (what `{% static %}` produces) resolve to a URL the fetcher recognises.
"""

import gc
import hashlib
import logging
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import DataHandler, Request

import pydyf
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils._os import safe_join
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Documents longer than this are garbage-collected between layout and writing (see render_pdf).
COLLECT_ABOVE_PAGES = 50

# Reserved top-level domain (RFC 2606): it can never resolve, so nothing leaks if a URL escapes.
BASE_URL = "https://svd-portal.invalid/"

# What a print stylesheet may pull in: stylesheets, images and fonts, nothing executable.
_STATIC_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}


def _page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    """`pydyf.PDF.page_references`, built once per page count instead of on every call."""
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_svd_page_references")
    if cached is None or cached[0] != len(kids):
        # Kids is a flat [number, 0, "R", ...] list that pydyf only ever appends to, so its
        # length says whether a page was added since the tuple was built.
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__["_svd_page_references"] = cached
    return cached[1]


# Why: PDF/UA tagging (weasyprint/pdf/tags.py) reads `pdf.page_references[page]` once per
# structure element, and pydyf 0.13 rebuilds the tuple of every page's reference on each read:
# pages x elements, quadratic: 14 million items built for a 2,000-action strategy (274 pages,
# 51,000 elements), about 2 s, and some 90 million at the 5,000-action ceiling. Tagging runs
# once every page is added, so a tuple cached per page count gives the same bytes. Drop this
# once pydyf caches it itself.
pydyf.PDF.page_references = property(_page_references)


class RenderError(Exception):
    """Rendering failed; the message is plain words fit to show the person who asked."""


@dataclass(frozen=True)
class RenderedPdf:
    """A rendered PDF with what the export history shows about it."""

    content: bytes
    page_count: int
    sha256: str


class RefusedURL(ValueError):
    """A resource the renderer may not fetch; WeasyPrint skips it and carries on."""


class SafeFetcher(URLFetcher):
    """Serves `data:` URIs and our own static files; refuses everything else without fetching."""

    def __init__(self) -> None:
        # No network handlers are ever used, but WeasyPrint reads the parent's attributes.
        super().__init__(allow_redirects=False, fail_on_errors=False)

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            # Only data: reaches this handler, which decodes in memory and opens nothing.
            response = DataHandler().data_open(Request(url))  # noqa: S310
            return URLFetcherResponse(url, response.read(), dict(response.headers))
        path = _static_path(url)
        if path is None:
            logger.warning("PDF renderer refused to fetch %s", url)
            raise RefusedURL(f"The PDF renderer does not fetch {url}")
        return URLFetcherResponse(
            url, path.read_bytes(), {"Content-Type": _STATIC_TYPES[path.suffix.lower()]}
        )


def _static_path(url: str) -> Path | None:
    """The file on disk behind one of our static URLs, or None if the URL is anything else."""
    static_prefix = urljoin(BASE_URL, settings.STATIC_URL)
    parts, prefix = urlsplit(url), urlsplit(static_prefix)
    if (parts.scheme, parts.netloc) != (prefix.scheme, prefix.netloc):
        return None
    if not parts.path.startswith(prefix.path):
        return None
    name = unquote(parts.path[len(prefix.path) :])
    # Decoding can reveal "..", backslashes or NUL bytes that the URL parser left alone.
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return None
    if any(segment in ("", ".", "..") for segment in name.split("/")):
        return None
    if posixpath.splitext(name)[1].lower() not in _STATIC_TYPES:
        return None
    found = finders.find(name)
    if found:
        return Path(found)
    try:
        candidate = Path(safe_join(settings.STATIC_ROOT, name))
    except SuspiciousFileOperation:
        return None
    return candidate if candidate.is_file() else None


def render_pdf(html: str, *, base_url: str | None = None) -> RenderedPdf:
    """Render HTML to a tagged PDF/UA-1 document, fetching nothing but our own static files.

    Title, language, author, description and keywords come from the HTML's `<title>`,
    `<html lang>` and `<meta>` elements. `base_url` only changes how relative URLs resolve;
    whatever they resolve to still goes through `SafeFetcher`.
    """
    try:
        document = HTML(
            string=html, base_url=base_url or BASE_URL, url_fetcher=SafeFetcher()
        ).render(pdf_variant="pdf/ua-1", pdf_tags=True, presentational_hints=True)
        if len(document.pages) > COLLECT_ABOVE_PAGES:
            # Why: layout leaves cyclic garbage (discarded boxes) that the collector has not
            # reached yet, and writing the PDF allocates on top of it. Collecting here lowered
            # a 274-page render's peak from 548 to 487 MB; below a few dozen pages the
            # collection would cost more time than the memory is worth.
            gc.collect()
        content = document.write_pdf(
            pdf_variant="pdf/ua-1",
            pdf_tags=True,
            custom_metadata=True,
            optimize_images=True,
        )
    except SoftTimeLimitExceeded:
        # The export task's time limit, not a rendering fault: the task reports it as such.
        raise
    except Exception as error:
        logger.exception("PDF rendering failed")
        raise RenderError(
            "The document could not be turned into a PDF. Try again, and if it fails again "
            "tell the portal's support team."
        ) from error
    if len(content) > settings.PDF_MAX_BYTES:
        limit = settings.PDF_MAX_BYTES / 1_000_000
        logger.warning(
            "PDF of %d bytes is over the limit of %d", len(content), settings.PDF_MAX_BYTES
        )
        raise RenderError(
            f"The document is larger than {limit:g} MB, the most the portal can export. "
            "Shorten long sections or remove large images, then export it again."
        )
    return RenderedPdf(
        content=content,
        page_count=len(document.pages),
        sha256=hashlib.sha256(content).hexdigest(),
    )
