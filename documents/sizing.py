"""How big an export is, and so where it renders.

A strategy document's cost grows with its delivery plan: WeasyPrint lays out every action's
table row and keeps every page's boxes in memory until the PDF is written, so time and memory
rise about linearly with the actions (bench/pdf.py: 2,000 actions, 274 pages, about a minute
and 600 MB). The ordinary documents worker recycles a child above 512 MiB and stops a render
after EXPORT_TIME_LIMIT, so a national-scale plan would fail there every time. Instead the job
is sized when it is asked for:

- up to EXPORT_LARGE_FROM actions it renders on the ordinary `documents` queue;
- above that, on EXPORT_LARGE_QUEUE, served by a worker of its own (`worker-large` in
  docker-compose.yml: one render at a time, more memory, longer time limits);
- above EXPORT_MAX_ACTIONS it is refused at once, with the limit, rather than queued to fail.

Counting is one query (a draft's live actions) or a walk of the published snapshot, both
cheap next to a render. The SNA is not sized by actions and always renders on `documents`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assessments.models import Assessment
from strategies.models import Action, StrategyVersion


def export_action_count(*, source, draft: bool) -> int:
    """The actions the document will print: a draft's live ones, or the published snapshot's.
    The public version may leave restricted ones out; counting them all errs on the big side."""
    if isinstance(source, Assessment):
        return 0
    if draft:
        return Action.objects.filter(strategy=source).count()
    version = StrategyVersion.objects.filter(strategy=source).order_by("-number").first()
    if version is None:
        return 0
    return sum(len(p.get("actions") or []) for p in version.snapshot.get("priorities", []))


def export_check_size(action_count: int) -> None:
    """Refuse a document too big to render within any worker's limits, saying the limit."""
    limit = settings.EXPORT_MAX_ACTIONS
    if action_count > limit:
        raise ValidationError(
            _(
                "This strategy has %(count)s actions. The portal can make a PDF of a strategy "
                "with at most %(limit)s actions: a larger one needs more memory and time than "
                "a document worker has. Contact the portal's support team if you need it."
            )
            % {"count": f"{action_count:,}", "limit": f"{limit:,}"},
            code="too_large",
        )


def export_is_large(action_count: int) -> bool:
    """Whether the job goes to the large-document worker."""
    return action_count > settings.EXPORT_LARGE_FROM


def export_task(action_count: int):
    """The Celery task that renders a job of this size: each has its own queue (see
    CELERY_TASK_ROUTES) and time limits."""
    from .tasks import render_export, render_large_export

    return render_large_export if export_is_large(action_count) else render_export
