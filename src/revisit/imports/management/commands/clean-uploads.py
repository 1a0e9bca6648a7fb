"""`revisit clean-uploads`: delete uploaded extracts that no import needs."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from revisit.imports.cleanup import DEFAULT_PENDING_DAYS, uploads_clean


class Command(BaseCommand):
    help = (
        "Delete uploaded extracts that no import needs: files of finished or "
        "deleted imports, and imports that have waited for a column mapping "
        "for more than --pending-days days. Running imports whose process is "
        "gone are marked failed first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--pending-days",
            type=int,
            default=DEFAULT_PENDING_DAYS,
            metavar="DAYS",
            help="Discard imports waiting for a column mapping for more than "
            f"this many days, with their files (default {DEFAULT_PENDING_DAYS}).",
        )

    def handle(self, *args, **options):
        translation.activate(settings.LANGUAGE_CODE)
        if options["pending_days"] < 0:
            raise CommandError(
                _("--pending-days must be 0 or more, got %(days)s.")
                % {"days": options["pending_days"]}
            )
        counts = uploads_clean(pending_days=options["pending_days"])
        self.stdout.write(
            _(
                "Interrupted imports marked failed: %(interrupted)s. Imports "
                "waiting for a mapping discarded: %(discarded)s. Files of finished "
                "imports deleted: %(released)s. Folders of deleted imports "
                "deleted: %(orphaned)s. Folders still needed: %(kept)s."
            )
            % vars(counts)
        )
