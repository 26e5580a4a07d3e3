"""Who may export and download which document: one reading, used by the pages (to offer) and the
services (to refuse)."""

from partnerships.access import Actor
from partnerships.roles import Permission

from .models import ExportJob


def lead_permission(kind: str) -> str:
    """The permission of the person who runs the document: the SNA's or the strategy's lead."""
    return (
        Permission.MANAGE_ASSESSMENT if kind == ExportJob.Kind.SNA else Permission.MANAGE_STRATEGY
    )


def may_export(*, actor: Actor, kind: str, draft: bool) -> bool:
    """Leads export drafts and published versions of both documents; conveners (who hold
    export_strategy) export the published strategy; the system exports anything."""
    if actor.is_system or actor.may(lead_permission(kind)):
        return True
    return not draft and kind == ExportJob.Kind.STRATEGY and actor.may(Permission.EXPORT_STRATEGY)


def may_download(*, job: ExportJob, actor: Actor) -> bool:
    """Drafts go to leads only; the SNA is restricted to members who may see it."""
    if job.draft:
        return actor.may(lead_permission(job.kind))
    if job.kind == ExportJob.Kind.SNA:
        return actor.may(Permission.VIEW_ASSESSMENT)
    return actor.may(Permission.VIEW_STRATEGY)
