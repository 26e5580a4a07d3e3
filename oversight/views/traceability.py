"""A strategy's traceability both ways: what of its SNA it does not take forward, and which of
its actions nothing measures, each with a link to where it is put right."""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from partnerships.access import TenantRequest, tenant_view
from partnerships.roles import Permission
from strategies import selectors as strategy_selectors

from .. import selectors


@tenant_view(Permission.VIEW_STRATEGY)
@require_safe
def strategy_traceability(request: TenantRequest, strategy_pk: int):
    strategy = strategy_selectors.strategy_detail(
        partnership=request.partnership, strategy_pk=strategy_pk
    )
    return render(
        request,
        "oversight/traceability.html",
        {
            "strategy": strategy,
            "trace": selectors.traceability(partnership=request.partnership, strategy=strategy),
        },
    )


urlpatterns = [
    # Under the strategy's own addresses, and named with them (its navigation section).
    path(
        "strategy/<int:strategy_pk>/traceability/",
        strategy_traceability,
        name="strategies-traceability",
    ),
]
