"""Demo data for a newcomer's portal. Safe to run again: it converges on the same state."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Published in the README on purpose; the command refuses to run in production.
DEMO_PASSWORD = "duty-demo-2026"  # noqa: S105

# (email, full name, job title, is_staff): the README lists these sign-ins.
DEMO_USERS = [
    ("lead@example.org", "Priya Shah", "Serious Violence Duty partnership manager", False),
    ("partner@example.org", "Tom Evans", "Police data lead", False),
    ("convener@example.org", "Grace Okafor", "Policy officer, Office of the PCC", False),
    ("admin@example.org", "Sam Admin", "Portal administrator", True),
]


class Command(BaseCommand):
    help = "Create the demo accounts (refuses to run in production)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo creates accounts with a published password: not in production."
            )
        User = get_user_model()
        with transaction.atomic():
            for email, full_name, job_title, is_staff in DEMO_USERS:
                user, created = User.objects.update_or_create(
                    email=email,
                    defaults={
                        "full_name": full_name,
                        "job_title": job_title,
                        "is_active": True,
                        "is_staff": is_staff,
                        "is_superuser": is_staff,
                    },
                )
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                verb = "created" if created else "updated"
                self.stdout.write(f"{verb} {email}")
        self.stdout.write(self.style.SUCCESS(f"Demo accounts ready; password: {DEMO_PASSWORD}"))
