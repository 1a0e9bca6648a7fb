"""`revisit plan-week`: propose each agent's weekly review sheet.

Safe to run again: an agent whose sheet for the week exists keeps it as it
is, so a weekend cron job and a manual run never undo the agent's edits.
"""

import json
import logging
import time

from django.core.management.base import BaseCommand, CommandError

from revisit.accounts.models import Office
from revisit.planning.selectors import sheet_as_json, sheets_with_entries
from revisit.planning.services import Proposal, agents_to_plan, sheets_propose
from revisit.planning.weeks import IsoWeek

logger = logging.getLogger(__name__)

# Print a progress line after this many agents on long runs.
PROGRESS_EVERY = 20


class Command(BaseCommand):
    help = (
        "Propose each agent's weekly review sheet for an ISO week (default: next "
        "week). Agents who already have a sheet for the week keep it unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--week",
            help="ISO week such as 2026-W50; default: the week after today.",
        )
        parser.add_argument(
            "--agent", default="", help="Only the agent with this code."
        )
        parser.add_argument(
            "--office",
            default="",
            help="Only the agents of the office with this code.",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print the sheets as a JSON list instead of a summary.",
        )

    def handle(self, *args, **options):
        week = self._week(options["week"])
        office = self._office(options["office"])
        agents = agents_to_plan(office=office, agent_code=options["agent"])
        if options["agent"] and not agents:
            raise CommandError(f"No active agent with code {options['agent']!r} found.")
        if options["agent"] and len({a.office_id for a in agents}) > 1:
            raise CommandError(
                f"Agent code {options['agent']!r} exists in several offices; "
                "add --office CODE."
            )
        # Progress goes to stderr with --json so stdout stays valid JSON.
        progress_out = self.stderr if options["json"] else self.stdout
        started = time.monotonic()
        logger.info("plan-week started week=%s agents=%s", week, len(agents))

        def progress(done: int, total: int, proposal: Proposal) -> None:
            if done % PROGRESS_EVERY == 0 or done == total:
                progress_out.write(f"{done}/{total} agents planned")

        proposals = sheets_propose(week=week, agents=agents, progress=progress)
        created = sum(1 for proposal in proposals if proposal.created)
        seconds = time.monotonic() - started
        logger.info(
            "plan-week finished week=%s sheets_created=%s sheets_kept=%s seconds=%.1f",
            week,
            created,
            len(proposals) - created,
            seconds,
        )
        if options["json"]:
            sheets = sheets_with_entries([p.sheet.pk for p in proposals])
            payload = [sheet_as_json(sheet) for sheet in sheets]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"Week {week}: {created} sheets proposed, {len(proposals) - created} kept "
            f"as they were, in {seconds:.1f} s."
        )

    def _week(self, text: str | None) -> IsoWeek:
        if not text:
            return IsoWeek.current().shifted(1)
        try:
            return IsoWeek.parse(text)
        except ValueError as error:
            raise CommandError(str(error)) from error

    def _office(self, code: str):
        if not code:
            return None
        office = Office.objects.filter(code=code).first()
        if office is None:
            raise CommandError(f"No office with code {code!r} found.")
        return office
