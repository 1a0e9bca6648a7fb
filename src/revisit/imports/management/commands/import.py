"""`revisit import FILE`: import a policy extract from the command line."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from revisit.accounts.models import Office
from revisit.imports.models import ImportBatch
from revisit.imports.services import import_batch_create, import_run

DEFAULT_OFFICE_CODE = "default"
ERRORS_SHOWN = 50
# What to do on the command line where the message names the upload page.
CLI_HINTS = {
    "no_agent_column": gettext_lazy(
        "On the command line, give the agent with --agent CODE."
    ),
}


class Command(BaseCommand):
    help = (
        "Import a policy extract (.xlsx, .xls or .csv) into a sales office. "
        "Exits with status 0 when rows were imported, 1 when nothing was."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The extract to import.")
        parser.add_argument(
            "--agent",
            default="",
            metavar="CODE",
            help="Agent code for rows that name no agent; the agent is created "
            "if the office has none with this code.",
        )
        parser.add_argument(
            "--office",
            metavar="CODE",
            help="Code of the sales office to import into; required when the "
            "database has more than one office.",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Import nothing unless every row is valid.",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print the report as one JSON object on stdout, without progress.",
        )
        parser.add_argument(
            "--profile",
            default="default",
            metavar="NAME",
            help="Source profile (saved column mapping and code tables) to use.",
        )

    def handle(self, *args, **options):
        translation.activate(settings.LANGUAGE_CODE)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        office = self._office(options["office"])
        batch = import_batch_create(
            office=office,
            actor=None,
            file_name=path.name,
            strict=options["strict"],
            default_agent_code=options["agent"].strip(),
            profile_name=options["profile"],
        )
        progress = None if options["json"] else self._progress
        try:
            summary = import_run(batch=batch, path=path, progress=progress)
        except KeyboardInterrupt:
            # import_run marks the batch failed when the interrupt comes before
            # the commit. After the commit the rows are in, so re-raise.
            batch.refresh_from_db(fields=["status"])
            if batch.status != ImportBatch.Status.FAILED:
                raise
            self.stderr.write("")
            raise CommandError(
                _("The import was interrupted, and nothing was imported."),
                returncode=130,
            ) from None
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, default=str))
        else:
            self.stderr.write("")
            self._print(summary)
        if summary["status"] != ImportBatch.Status.COMMITTED:
            raise CommandError(_("Nothing was imported."), returncode=1)

    def _office(self, code: str | None) -> Office:
        if code:
            office = Office.objects.filter(code=code).first()
            if office is None:
                raise CommandError(
                    _("No sales office with code %(code)s.") % {"code": code}
                )
            return office
        offices = list(Office.objects.all()[:2])
        if len(offices) > 1:
            raise CommandError(
                _(
                    "The database has several sales offices: choose one with --office "
                    "CODE."
                )
            )
        if offices:
            return offices[0]
        return Office.objects.create(
            code=DEFAULT_OFFICE_CODE, name=_("Default sales office")
        )

    def _progress(self, done: int, total: int) -> None:
        self.stderr.write(
            "\r"
            + _("Rows read: %(done)s of about %(total)s")
            % {"done": done, "total": total},
            ending="",
        )
        self.stderr.flush()

    def _print(self, summary: dict) -> None:
        write = self.stdout.write
        if summary.get("error"):
            write(summary["error"])
        if summary.get("error_code") in CLI_HINTS:
            write(str(CLI_HINTS[summary["error_code"]]))
        if summary["status"] == ImportBatch.Status.COMMITTED:
            self._print_written(summary)
        else:
            # An import that did not commit wrote nothing.
            write(
                _("%(file)s: %(rows)s rows read, %(rejected)s rows rejected.")
                % {
                    "file": summary["file"],
                    "rows": summary["rows"],
                    "rejected": summary["rejected"],
                }
            )
        if summary["missing_policies"]:
            write(
                _(
                    "%(count)s policies of the office are not in this file (not "
                    "deleted), "
                    "for example: %(sample)s"
                )
                % {
                    "count": summary["missing_policies"],
                    "sample": ", ".join(summary["missing_policies_sample"]),
                }
            )
        if summary["unknown_headers"]:
            write(
                _("Columns not imported (map them on the import page): %(headers)s")
                % {
                    "headers": ", ".join(summary["unknown_headers"]),
                }
            )
        for error in summary["errors"][:ERRORS_SHOWN]:
            write(error["message"])
        hidden = summary["rejected"] - min(len(summary["errors"]), ERRORS_SHOWN)
        if hidden > 0:
            write(_("... and %(count)s more rejected rows.") % {"count": hidden})

    def _print_written(self, summary: dict) -> None:
        write = self.stdout.write
        write(
            _(
                "%(file)s: %(rows)s rows read, %(lines)s coverage lines imported, "
                "%(rejected)s rows rejected."
            )
            % {
                "file": summary["file"],
                "rows": summary["rows"],
                "lines": summary["coverage_lines"],
                "rejected": summary["rejected"],
            }
        )
        write(
            _(
                "Policies: %(created)s created, %(updated)s updated. Customers: "
                "%(customers)s created, %(matched)s matched."
            )
            % {
                "created": summary["policies_created"],
                "updated": summary["policies_updated"],
                "customers": summary["customers_created"],
                "matched": summary["customers_matched"],
            }
        )
        if summary.get("agents_created"):
            write(
                _(
                    "Agent accounts created: %(agents)s, teams created: %(teams)s. "
                    "The new accounts have no password yet: set one in the admin."
                )
                % {
                    "agents": summary["agents_created"],
                    "teams": summary["teams_created"],
                }
            )
        if summary.get("policies_reassigned"):
            write(
                _(
                    "Policies moved to another agent: %(count)s, for example: "
                    "%(sample)s. Their holders and insured stay with the agent "
                    "who had them."
                )
                % {
                    "count": summary["policies_reassigned"],
                    "sample": ", ".join(summary["policies_reassigned_sample"]),
                }
            )
