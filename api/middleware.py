"""Every call made with a token is logged (api.ApiCall): the partnership's record of who read
what through the API, and when, whatever the answer."""

import logging

from django.db import DatabaseError

from .models import ApiCall

logger = logging.getLogger(__name__)


class ApiCallLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        token = getattr(request, "api_token", None)
        if token is not None:
            try:
                ApiCall.objects.with_scopes_disabled().create(
                    partnership_id=token.partnership_id,
                    token=token,
                    method=request.method[:10],
                    path=request.get_full_path()[:500],
                    status=response.status_code,
                )
                type(token).objects.with_scopes_disabled().filter(pk=token.pk).update(
                    last_used_at=ApiCall._meta.get_field("at").default()
                )
            except DatabaseError:
                # The answer is already made; a call the log missed is not worth a 500, but an
                # operator must hear of it.
                logger.exception("API call not logged: %s %s", request.method, request.path)
        return response
