"""Each partnership's provision map as an Open Referral UK feed (HSDS 3.0, UK profile), at
/oruk/<partnership>/services and /oruk/<partnership>/services/<id>.

Anyone may read the entries the lead published in the feed (`public_in_feed`); nobody else's
entry is there, and any other id is a 404. A member's token of the partnership that holds the
provision map (`Authorization: Bearer svd_…`) reads every entry at the same addresses, under
the API's rules (api/bearer.py): a token that is not live is a 401, another partnership's
token finds nothing here (404), and one without the provision map, or whose owner may no longer
see it, is a 403. Every read runs inside the partnership's scope and row-level wall.

The feed carries Open Referral UK's fields only: no one's name (not who added an entry), and
none of the Duty's own assessment (tier, evidence, risk factors, findings). Ids are UUIDs, as
the standard asks: each entry's own `feed_id`, and, for what the map holds as text (the
organisation running a service, its area, its funding), ids derived from it, stable while the
text is unchanged.
"""

import datetime
import functools
import math
import uuid

from django.http import Http404, JsonResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_scopes import scope

from assessments import selectors
from assessments.models import ProvisionService
from partnerships import row_security
from partnerships.models import Partnership

from .bearer import TokenRefused, presented_token, tenant_reader
from .pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from .scopes import Resource

VERSION = "3.0"
PROFILE = "https://github.com/OpenReferralUK/uk-profile"
OPENAPI_URL = "https://openreferraluk.org/specifications/3.0/openapi.json"
# The namespace of the ids derived from an entry's text. Fixed forever: changing it would
# change every such id a directory has stored.
NAMESPACE = uuid.UUID("5b0f0a8e-61d2-4c3e-9a57-0c6f3d1f2b9e")
# A shared cache may keep the public feed this long: a withdrawn entry leaves it within it.
PUBLIC_MAX_AGE = 300
# A number longer than this is no page anyone means (and would overflow the database's).
_LONGEST_NUMBER = 9


class BadQuery(Exception):
    """A query parameter that is not what the feed accepts: a 400 saying which."""


def _answer(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _refusal(status: int, detail: str) -> JsonResponse:
    response = _answer({"detail": detail}, status=status)
    patch_cache_control(response, private=True, no_store=True)
    return response


def feed_view(view):
    """A feed address: GET or HEAD only; the token read (if one is presented) and checked
    against the partnership in the address; then `view(request, partnership,
    unpublished_too=..., ...)` inside the partnership's walls. Every refusal is JSON."""

    @require_safe
    @functools.wraps(view)
    def wrapper(request, partnership_slug: str, *args, **kwargs):
        try:
            holder = presented_token(request)
            partnership = Partnership.objects.filter(slug=partnership_slug).first()
            if partnership is None:
                raise Http404
            if holder is not None:
                tenant_reader(holder, partnership=partnership, resource=Resource.PROVISION)
            with scope(partnership=partnership), row_security.confined_to(partnership):
                response = view(
                    request, partnership, *args, unpublished_too=holder is not None, **kwargs
                )
        except TokenRefused as refused:
            response = _refusal(refused.status, refused.message)
            if refused.status == 401:
                response["WWW-Authenticate"] = "Bearer"
            if refused.retry_after is not None:
                response["Retry-After"] = str(refused.retry_after)
        except BadQuery as bad:
            response = _refusal(400, str(bad))
        except Http404:
            response = _refusal(404, "Not found")
        else:
            if holder is None:
                patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
            else:
                patch_cache_control(response, private=True, no_store=True)
        # The same address answers differently with a token: a cache must keep them apart.
        patch_vary_headers(response, ["Authorization"])
        return response

    return wrapper


def _whole_number(request, name: str, default: int) -> int:
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > _LONGEST_NUMBER or int(raw) < 1:
        raise BadQuery(f"{name} must be a whole number, 1 or more")
    return int(raw)


def _derived_id(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, "\N{UNIT SEPARATOR}".join(str(part) for part in parts)))


def _timestamp(moment: datetime.datetime) -> str:
    """ISO 8601 in UTC with milliseconds, as the standard's `last_modified` asks."""
    text = moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds")
    return text.removesuffix("+00:00") + "Z"


def _organisation(service: ProvisionService, partnership: Partnership) -> dict:
    # The map holds the provider as text: one organisation per name within the partnership.
    name = service.provider.strip()
    return {
        "id": _derived_id("organisation", partnership.pk, name.casefold()),
        "name": name,
        "description": _("Runs services listed in the provision map of %(partnership)s.")
        % {"partnership": partnership.name},
    }


def _service(service: ProvisionService, partnership: Partnership, *, full: bool) -> dict:
    """The entry as Open Referral UK's service: one-to-one fields and its organisation in a
    list; with its service area and funding too (`full`) on its own."""
    service_id = str(service.feed_id)
    organisation = _organisation(service, partnership)
    eligibility = "\n\n".join(text for text in (service.cohort, service.eligibility) if text)
    row = {
        "id": service_id,
        "organization_id": organisation["id"],
        "name": service.name,
        "description": service.description,
        "status": "active",
        "minimum_age": service.age_min,
        "maximum_age": service.age_max,
        # HSDS 3.0's own names for who the service is for and how to get to it.
        "eligibility_description": eligibility,
        "application_process": service.referral_route,
        "last_modified": _timestamp(service.last_modified or service.created_at),
        "organization": organisation,
    }
    if full:
        row["service_areas"] = [
            {
                "id": _derived_id("service_area", service_id, service.area),
                "service_id": service_id,
                "name": service.area,
            }
        ]
        row["funding"] = (
            [
                {
                    "id": _derived_id("funding", service_id, service.funding_source),
                    "service_id": service_id,
                    "source": service.funding_source,
                }
            ]
            if service.funding_source
            else []
        )
    # The standard's optional fields are left out when empty, never sent as null.
    return {key: value for key, value in row.items() if value not in (None, "")}


@feed_view
def api_details(request, partnership: Partnership, *, unpublished_too: bool):
    """What Open Referral UK's validator and directories ask first: the version and profile."""
    return _answer({"version": VERSION, "profile": PROFILE, "openapi_url": OPENAPI_URL})


@feed_view
def services(request, partnership: Partnership, *, unpublished_too: bool):
    """One page of the entries, paged as Open Referral UK pages (`page` from 1, `per_page`)."""
    page_number = _whole_number(request, "page", 1)
    size = min(_whole_number(request, "per_page", DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)
    entries = selectors.provision_feed(partnership=partnership, unpublished_too=unpublished_too)
    total = entries.count()
    total_pages = math.ceil(total / size)
    # A page past the last is empty, without asking the database for it.
    rows = (
        list(entries[(page_number - 1) * size : page_number * size])
        if page_number <= total_pages
        else []
    )
    contents = [_service(row, partnership, full=False) for row in rows]
    return _answer(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page_number,
            "size": len(contents),
            "first_page": page_number == 1,
            "last_page": page_number >= total_pages,
            "empty": not contents,
            "contents": contents,
        }
    )


@feed_view
def service(request, partnership: Partnership, service_id: str, *, unpublished_too: bool):
    """One entry, with everything the feed says of it."""
    try:
        feed_id = uuid.UUID(service_id)
    except ValueError:
        raise Http404 from None
    entries = selectors.provision_feed(partnership=partnership, unpublished_too=unpublished_too)
    row = entries.filter(feed_id=feed_id).first()
    if row is None:
        raise Http404
    return _answer(_service(row, partnership, full=True))
