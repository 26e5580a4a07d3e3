"""The demo's Duty grant, recorded by the convener through funding/services, and the return
template an administrator defines once (made as the admin would, then published through the
service). Found again by title and name, so a second run skips what is there.

Told after the partnerships' stories: the grant funds what they already do. Its dates are the
current grant year's, which has begun by the time anyone runs the demo.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from common.periods import financial_year
from demo.data.funding import CONVENER, GRANT_DEMOS, RETURN_QUESTIONS, RETURN_TEMPLATE
from demo.data.people import ADMIN_EMAIL
from funding.models import Allocation, Grant, GrantLine, ReturnQuestion, ReturnTemplate
from funding.services import grants as services
from funding.services import parts as part_services
from funding.services import returns as return_services
from funding.services import spend as spend_services
from partnerships.access import actor_for
from partnerships.models import Organisation, Partnership

from .clock import StoryClock


def _year_start(today: datetime.date) -> datetime.date:
    return datetime.date(today.year if today.month >= 4 else today.year - 1, 4, 1)


def funding_seed(*, users: dict, clock: StoryClock, stdout) -> None:
    today = clock.today
    starts_on = _year_start(today)
    grace = users[CONVENER]
    for demo in GRANT_DEMOS:
        if Grant.objects.filter(title=demo.title).exists():
            continue
        partnership = Partnership.objects.get(slug=demo.partnership)
        with clock.on(starts_on):
            grant = services.grant_create(
                user=grace,
                data={
                    "title": demo.title,
                    "grant_year": financial_year(starts_on),
                    "awarded_by": "Home Office",
                    "reference": demo.reference,
                    "amount": Decimal(demo.amount),
                    "conditions": demo.conditions,
                    "awarded_on": starts_on,
                    "starts_on": starts_on,
                    "ends_on": datetime.date(starts_on.year + 1, 3, 31),
                    "partnerships": [partnership],
                },
            )
            services.grant_lines_set(
                grant=grant,
                user=grace,
                labour=Decimal(demo.labour),
                non_labour=Decimal(demo.non_labour),
            )
        decided_on = min(starts_on + datetime.timedelta(days=20), today)
        with clock.on(decided_on):
            lines = {line.kind: line for line in GrantLine.objects.filter(grant=grant)}
            for allocation in demo.allocations:
                services.allocation_create(
                    grant=grant,
                    line=lines[allocation.line],
                    partnership=partnership,
                    amount=Decimal(allocation.amount),
                    purpose=allocation.purpose,
                    user=grace,
                )
            services.decision_record(
                grant=grant,
                user=grace,
                data={
                    "decided_on": decided_on,
                    "decided_by": demo.decided_by,
                    "reference": demo.decision_reference,
                    "summary": demo.decision,
                },
            )
        _parts_and_spend(demo, grant, partnership, users, clock)
        stdout.write(f"created grant {demo.title}")
    _return_template(users[ADMIN_EMAIL], stdout)


def _parts_and_spend(demo, grant, partnership, users, clock: StoryClock) -> None:
    """The convener divides the non-labour allocation; then each quarter that has ended, ten
    days on, the lead and the partners record its spend."""
    grace = actor_for(users[CONVENER], partnership)
    non_labour = Allocation.objects.get(
        partnership=partnership, parent=None, line__grant=grant, line__kind="non_labour"
    )
    labour = Allocation.objects.get(
        partnership=partnership, parent=None, line__grant=grant, line__kind="labour"
    )
    organisations = {o.name: o for o in Organisation.objects.filter(partnership=partnership)}
    starts_on = grant.starts_on
    with clock.on(min(starts_on + datetime.timedelta(days=25), clock.today)):
        parts = {
            part.organisation: part_services.part_create(
                allocation=non_labour,
                data={
                    "amount": Decimal(part.amount),
                    "purpose": part.purpose,
                    "organisation": organisations[part.organisation],
                },
                actor=grace,
            )
            for part in demo.parts
        }
    for spend in demo.spend:
        recorded_on = _quarter_end(starts_on, spend.quarter) + datetime.timedelta(days=10)
        if recorded_on > clock.today:
            continue  # that quarter has not ended yet
        with clock.on(recorded_on):
            spend_services.spend_record(
                allocation=parts[spend.organisation] if spend.organisation else labour,
                year=grant.grant_year,
                quarter=spend.quarter,
                data={
                    "actual": Decimal(spend.actual),
                    "forecast": Decimal(spend.forecast),
                    "outputs": spend.outputs,
                    "evidence": "",
                    "variance_reason": spend.variance_reason,
                },
                actor=actor_for(users[spend.by], partnership),
            )


def _quarter_end(starts_on: datetime.date, quarter: int) -> datetime.date:
    month = starts_on.month + 3 * quarter  # the month after the quarter
    year = starts_on.year + (month - 1) // 12
    return datetime.date(year, (month - 1) % 12 + 1, 1) - datetime.timedelta(days=1)


def _return_template(admin, stdout) -> None:
    if ReturnTemplate.objects.filter(name=RETURN_TEMPLATE).exists():
        return
    template = ReturnTemplate.objects.create(name=RETURN_TEMPLATE, version=1)
    ReturnQuestion.objects.bulk_create(
        ReturnQuestion(
            template=template,
            order=order,
            key=key,
            section=section,
            label=label,
            kind=kind,
            scope=scope,
            prefill=prefill,
        )
        for order, (key, section, label, kind, scope, prefill) in enumerate(RETURN_QUESTIONS, 1)
    )
    return_services.return_template_publish(template=template, user=admin)
    stdout.write(f"published return template {RETURN_TEMPLATE} ({timezone.localdate()})")
