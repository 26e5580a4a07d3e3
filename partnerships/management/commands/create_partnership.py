"""Set up a new partnership and its first lead, for an operator on the server.

    python manage.py create_partnership --name "Eastmarsh Violence Reduction Partnership" \\
        --slug eastmarsh --nation england --model vru --area-type police_force \\
        --area Eastmarsh --lead-email lead@eastmarsh.example --lead-name "Ada Lovell" \\
        --lead-organisation "Eastmarsh County Council" --lead-sector local-authority

The lead then invites everyone else from the portal.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.urls import reverse

from accounts.models import User, normalise_email
from partnerships import services
from partnerships.models import Partnership, Sector


def _choices_help(choices) -> str:
    return "; ".join(f"{value} ({label})" for value, label in choices)


def _messages(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


class Command(BaseCommand):
    help = "Create a partnership with its permission groups, the lead's organisation and its lead."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="The partnership's name")
        parser.add_argument(
            "--slug", required=True, help="Its web address: /p/<slug>/ (letters, numbers, hyphens)"
        )
        parser.add_argument(
            "--nation",
            required=True,
            choices=Partnership.Nation.values,
            help=_choices_help(Partnership.Nation.choices),
        )
        parser.add_argument(
            "--model",
            required=True,
            choices=Partnership.Model.values,
            help=_choices_help(Partnership.Model.choices),
        )
        parser.add_argument(
            "--area-type",
            required=True,
            choices=Partnership.AreaType.values,
            help=_choices_help(Partnership.AreaType.choices),
        )
        parser.add_argument(
            "--area",
            dest="areas",
            metavar="AREA",
            action="extend",
            nargs="+",
            required=True,
            help="An area the partnership covers; repeat --area for several",
        )
        parser.add_argument("--lead-email", required=True, help="The first lead's email address")
        parser.add_argument(
            "--lead-name", help="The lead's full name, needed if they have no account yet"
        )
        parser.add_argument(
            "--lead-organisation", required=True, help="The organisation the lead represents"
        )
        parser.add_argument(
            "--lead-sector",
            required=True,
            help="The lead organisation's sector, by its catalogue slug (e.g. local-authority)",
        )

    def handle(self, *args, **options):
        slug = options["slug"].strip()
        try:
            validate_slug(slug)
        except ValidationError:
            raise CommandError(
                f"--slug {slug!r}: use only letters, numbers, hyphens and underscores"
            ) from None
        if Partnership.objects.filter(slug=slug).exists():
            raise CommandError(f"--slug {slug!r} is already used by another partnership")

        sector = Sector.objects.filter(slug=options["lead_sector"]).first()
        if sector is None:
            known = ", ".join(Sector.objects.values_list("slug", flat=True))
            raise CommandError(
                f"--lead-sector {options['lead_sector']!r} is not a sector in the catalogue. "
                f"Use one of: {known}"
            )

        areas = [area.strip() for area in options["areas"] if area.strip()]
        if not areas:
            raise CommandError("--area: give at least one area the partnership covers")
        name = options["name"].strip()
        organisation_name = options["lead_organisation"].strip()
        if not name or not organisation_name:
            raise CommandError("--name and --lead-organisation must not be blank")

        email = normalise_email(options["lead_email"])
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"--lead-email {email!r} is not an email address") from None

        with transaction.atomic():
            lead, created = self._lead(email, options["lead_name"])
            try:
                partnership = services.partnership_create(
                    name=name,
                    slug=slug,
                    nation=options["nation"],
                    model=options["model"],
                    area_type=options["area_type"],
                    areas=areas,
                    lead_user=lead,
                    lead_organisation_name=organisation_name,
                    lead_sector=sector,
                    acting_user=None,
                )
            except ValidationError as error:
                raise CommandError(_messages(error)) from None

        self.stdout.write(
            self.style.SUCCESS(
                f"Created {partnership.name} at /p/{partnership.slug}/ with {lead.full_name} "
                f"<{lead.email}> as its lead, for {organisation_name}."
            )
        )
        if created:
            self.stdout.write(
                f"{lead.email} has a new account with a password nobody knows. Ask them to "
                f'choose one with "I have forgotten my password" on the sign-in page '
                f"({settings.SITE_URL}{reverse('accounts:password-reset')})."
            )

    def _lead(self, email: str, full_name: str | None) -> tuple[User, bool]:
        lead = User.objects.filter(email=email).first()
        if lead is not None:
            if not lead.is_active:
                raise CommandError(
                    f"The account for {email} is deactivated. Reactivate it in the admin first."
                )
            if full_name and full_name.strip() != lead.full_name:
                self.stdout.write(
                    f"{email} already has an account, as {lead.full_name}; --lead-name is ignored."
                )
            return lead, False
        if not full_name or not full_name.strip():
            raise CommandError(f"{email} has no account yet: give their name with --lead-name")
        # A random password rather than an unusable one: Django's password reset ignores accounts
        # without a usable password, and "I have forgotten my password" is how they get in.
        lead = User.objects.create_user(
            email, secrets.token_urlsafe(32), full_name=full_name.strip()
        )
        return lead, True
