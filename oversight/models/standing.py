"""How each partnership stands against the Duty, kept for the convener overview.

The checklist combines every app's records (oversight.selectors.compliance). Computed afresh for
300 partnerships it was most of the overview's time, so each partnership's standing is stored
here: marked stale by any change to the partnership's records (oversight/signals.py), refreshed
when it is read stale, on a new day (review dates move lines) or after STANDING_MAX_AGE (a bulk
write sends no signal), and by beat every few minutes, so readers rarely wait for it.
"""

import datetime

from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

from partnerships.models import Partnership

# The longest a standing is trusted without a signal saying it changed: a bulk insert or
# update, which sends none, shows within this time.
STANDING_MAX_AGE = datetime.timedelta(minutes=10)


class PartnershipStanding(models.Model):
    """One partnership's Duty checklist in brief, as of a day: derived data, never edited."""

    # Derived from the partnership's records, not one of them (partnerships/changes.py).
    quiet_changes = True

    partnership = models.OneToOneField(
        Partnership, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    as_of = models.DateField()
    computed_at = models.DateTimeField()
    stale = models.BooleanField(default=False)
    # The checklist in its order: [{"key": "definition", "status": "met"}, …].
    lines = models.JSONField(default=list)
    met_count = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    has_strategy = models.BooleanField()
    off_track = models.PositiveIntegerField(default=0)
    at_risk = models.PositiveIntegerField(default=0)
    on_track = models.PositiveIntegerField(default=0)
    review_due_on = models.DateField(null=True)
    missing_roles = models.PositiveIntegerField(default=0)
    # Names of the specified authorities with no accountable person.
    lacking_accountable = models.JSONField(default=list)

    objects = ScopedManager(partnership="partnership")

    def __str__(self) -> str:
        return f"Standing of partnership {self.partnership_id} as of {self.as_of}"

    def is_fresh(self, *, today: datetime.date, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return not self.stale and self.as_of == today and now - self.computed_at < STANDING_MAX_AGE
