"""A published strategy's public page: the lead's page that publishes and withdraws it (inside the
partnership), and the pages anyone may read without signing in, at
/published/<partnership>/<address>/ (English) and /published/<partnership>/<address>/cy/
(Welsh), each with a plain-language summary and the public PDF.

The public pages find the partnership by its slug and the page by its address within it, and
read inside that partnership's scope (and, on PostgreSQL, its row-level wall), as a partnership
page does; any address that is not a live page of that partnership is a 404.
"""

import contextlib
from collections.abc import Iterator

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_scopes import scope

from common.downloads import private_file_response
from common.forms import add_service_errors
from partnerships import row_security
from partnerships.access import TenantRequest, tenant_view
from partnerships.models import Partnership
from partnerships.roles import Permission
from strategies.models import Strategy

from . import publication
from .content import public_strategy_context

LANGUAGE_NAMES = dict(settings.LANGUAGES)


class PublicPageForm(forms.Form):
    address = forms.CharField(
        label=_("Address of the public page"),
        max_length=60,
        help_text=_(
            "The last part of the page's web address. Use lowercase letters, numbers and "
            "hyphens, like serious-violence-strategy. Keep it once shared: links use it."
        ),
        error_messages={"required": _("Enter the address of the public page")},
    )
    plain_summary = forms.CharField(
        label=_("Plain-language summary"),
        required=False,
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "A short summary in plain words for residents: what the partnership will do and "
            "why. Shown on its own page, linked from the public page."
        ),
    )
    plain_summary_welsh = forms.CharField(
        label=_("Plain-language summary in Welsh"),
        required=False,
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Shown on the Welsh page. Without it, the Welsh page shows the English."),
    )

    contact_email = forms.EmailField(
        label=_("Contact email for the public"),
        required=False,
        max_length=254,
        help_text=_(
            "A team mailbox, not a person’s address: the public page names nobody. "
            "Shown on the summary page under “Who to contact”."
        ),
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.org")
        },
    )

    def __init__(self, *args, welsh: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not welsh:
            del self.fields["plain_summary_welsh"]


def _public_address(page, language: str, name: str = "published-strategy") -> str:
    kwargs = {"partnership_slug": page.partnership.slug, "address": page.address}
    if language != settings.LANGUAGE_CODE:
        return reverse(f"{name}-in", kwargs={**kwargs, "language": language})
    return reverse(name, kwargs=kwargs)


@tenant_view(Permission.MANAGE_STRATEGY)
@require_http_methods(["GET", "HEAD", "POST"])
def public_page_manage(request: TenantRequest, strategy_pk: int):
    strategy = get_object_or_404(Strategy, pk=strategy_pk)
    page = publication.page_for_strategy(strategy=strategy)
    version = publication.published_version(strategy)
    welsh = "cy" in publication.languages_of(request.partnership)
    initial = {
        "address": page.address if page else slugify(strategy.title)[:60].rstrip("-"),
        "plain_summary": page.plain_summary if page else "",
        "plain_summary_welsh": page.plain_summary_welsh if page else "",
        "contact_email": page.contact_email if page else "",
    }
    form = PublicPageForm(
        request.POST if request.method == "POST" else None, initial=initial, welsh=welsh
    )
    if request.method == "POST" and version is not None and form.is_valid():
        try:
            page = publication.public_page_publish(
                strategy=strategy,
                address=form.cleaned_data["address"],
                plain_summary=form.cleaned_data["plain_summary"],
                plain_summary_welsh=form.cleaned_data.get("plain_summary_welsh", ""),
                contact_email=form.cleaned_data["contact_email"],
                actor=request.actor,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("tenant:strategies-public-page", request.partnership.slug, strategy.pk)
    return render(
        request,
        "documents/public/manage.html",
        {
            "strategy": strategy,
            "page": page,
            "version": version,
            "form": form,
            "addresses": [
                (
                    code,
                    LANGUAGE_NAMES[code],
                    request.build_absolute_uri(_public_address(page, code)),
                )
                for code in publication.languages_of(request.partnership)
            ]
            if page and page.is_live
            else [],
        },
    )


@tenant_view(Permission.MANAGE_STRATEGY)
@require_POST
def public_page_withdraw(request: TenantRequest, strategy_pk: int):
    strategy = get_object_or_404(Strategy, pk=strategy_pk)
    page = publication.page_for_strategy(strategy=strategy)
    if page is None:
        raise Http404
    publication.public_page_withdraw(page=page, actor=request.actor)
    return redirect("tenant:strategies-public-page", request.partnership.slug, strategy.pk)


tenant_urlpatterns = [
    path(
        "strategy/<int:strategy_pk>/public-page/",
        public_page_manage,
        name="strategies-public-page",
    ),
    path(
        "strategy/<int:strategy_pk>/public-page/withdraw/",
        public_page_withdraw,
        name="strategies-public-page-withdraw",
    ),
]


# --- the public pages ---


@contextlib.contextmanager
def _live(partnership_slug: str, address: str, language: str) -> Iterator[publication.Published]:
    """The live page, read inside its partnership's walls and in the page's language; 404 for
    anything else (an unknown partnership or address, a withdrawn page, a language the
    partnership does not publish in)."""
    partnership = Partnership.objects.filter(slug=partnership_slug).first()
    if partnership is None:
        raise Http404
    with scope(partnership=partnership), row_security.confined_to(partnership):
        published = publication.live_page(partnership=partnership, address=address)
        if published is None or language not in published.languages:
            raise Http404
        with translation.override(language):
            yield published


# A shared cache may keep a public page this long: a withdrawal shows everywhere within it.
PUBLIC_MAX_AGE = 300


def _for_the_public(request, response):
    """Cacheable by anyone for a visitor who is not signed in; private for someone who is, whose
    header shows their own name and notifications."""
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


def _language_pages(published, language: str, name: str) -> list[tuple[str, str, str, bool]]:
    return [
        (code, LANGUAGE_NAMES[code], _public_address(published.page, code, name), code == language)
        for code in published.languages
    ]


@require_safe
def published_strategy(
    request, partnership_slug: str, address: str, language: str = settings.LANGUAGE_CODE
):
    with _live(partnership_slug, address, language) as published:
        strategy = published.page.strategy
        pdf = publication.public_pdf(published=published, language=language)
        return _for_the_public(
            request,
            render(
                request,
                "documents/public/strategy.html",
                {
                    **public_strategy_context(strategy=strategy, version=published.version),
                    "published": published,
                    "partnership": published.partnership,
                    "pdf": pdf,
                    "pdf_url": _public_address(published.page, language, "published-strategy-pdf"),
                    "summary_url": _public_address(
                        published.page, language, "published-strategy-summary"
                    ),
                    "language_pages": _language_pages(published, language, "published-strategy"),
                },
            ),
        )


@require_safe
def published_summary(
    request, partnership_slug: str, address: str, language: str = settings.LANGUAGE_CODE
):
    with _live(partnership_slug, address, language) as published:
        page = published.page
        welsh_summary = language == "cy" and page.plain_summary_welsh
        plan = public_strategy_context(strategy=page.strategy, version=published.version)
        return _for_the_public(
            request,
            render(
                request,
                "documents/public/summary.html",
                {
                    "priorities": plan["priorities"],
                    "published": published,
                    "partnership": published.partnership,
                    "snapshot": plan["snapshot"],
                    "summary": page.plain_summary_welsh if welsh_summary else page.plain_summary,
                    # The English summary on the Welsh page is marked as English for screen readers.
                    "summary_lang": "cy" if welsh_summary else "en-GB",
                    "strategy_url": _public_address(page, language),
                    "language_pages": _language_pages(
                        published, language, "published-strategy-summary"
                    ),
                },
            ),
        )


@require_safe
def published_strategy_pdf(
    request, partnership_slug: str, address: str, language: str = settings.LANGUAGE_CODE
):
    with _live(partnership_slug, address, language) as published:
        pdf = publication.public_pdf(published=published, language=language)
        if pdf is None:
            raise Http404
        suffix = "" if language == settings.LANGUAGE_CODE else f"-{language}"
        return private_file_response(
            pdf.file,
            filename=f"{published.page.address}-v{published.version.number}{suffix}.pdf",
            content_type="application/pdf",
        )


_LANGUAGE = "<str:language>/"
public_urlpatterns = [
    path("<slug:partnership_slug>/<slug:address>/", published_strategy, name="published-strategy"),
    path(
        "<slug:partnership_slug>/<slug:address>/summary/",
        published_summary,
        name="published-strategy-summary",
    ),
    path(
        "<slug:partnership_slug>/<slug:address>/strategy-pdf/",
        published_strategy_pdf,
        name="published-strategy-pdf",
    ),
    path(
        f"<slug:partnership_slug>/<slug:address>/{_LANGUAGE}",
        published_strategy,
        name="published-strategy-in",
    ),
    path(
        f"<slug:partnership_slug>/<slug:address>/{_LANGUAGE}summary/",
        published_summary,
        name="published-strategy-summary-in",
    ),
    path(
        f"<slug:partnership_slug>/<slug:address>/{_LANGUAGE}strategy-pdf/",
        published_strategy_pdf,
        name="published-strategy-pdf-in",
    ),
]
