import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from revisit.accounts.models import Office, User
from revisit.outreach.services import RegradeResult, grades_recompute


class Command(BaseCommand):
    help = (
        "Recompute every customer's 532 grade from the contact log and record "
        "each change in the grade history. Run it once a day: grades decay as "
        "contacts leave the trailing window (with the default 12-month window, a "
        "customer met twice 13 months ago drops from 2 to 5), and logging a "
        "contact only regrades that customer. "
        "Customers with a grade set by hand are left alone. Safe to run again: "
        "a second run on the same day changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--office", metavar="CODE", help="Only this sales office (its code)."
        )
        parser.add_argument(
            "--agent", metavar="CODE",
            help="Only this agent's book (the agent code of the insurer's extract).",
        )
        parser.add_argument(
            "--today", metavar="YYYY-MM-DD", type=dt.date.fromisoformat,
            help="Grade as of this date instead of today (Asia/Shanghai).",
        )

    def handle(self, *args, office=None, agent=None, today=None, **options):
        offices = Office.objects.order_by("code")
        if office:
            offices = offices.filter(code=office)
            if not offices.exists():
                raise CommandError(f"Sales office {office!r} not found.")

        agent_by_office: dict[int, int] = {}
        if agent:
            agents = User.objects.filter(agent_code=agent, office__in=offices)
            agent_by_office = dict(agents.values_list("office_id", "pk"))
            if not agent_by_office:
                raise CommandError(f"Agent code {agent!r} not found.")
            if len(agent_by_office) > 1:
                raise CommandError(
                    f"Agent code {agent!r} exists in several offices; add --office."
                )
            offices = offices.filter(pk__in=agent_by_office)

        total = RegradeResult()
        started = time.monotonic()
        for each in offices:
            result = grades_recompute(
                office_id=each.pk, today=today, agent_id=agent_by_office.get(each.pk)
            )
            total.add(result)
            self.stdout.write(
                f"{each.code}: {result.customers} customers, {result.changed} changed "
                f"({result.activations} up, {result.downgrades} down)"
            )
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Regraded {total.customers} customers in {seconds:.1f} s: "
            f"{total.changed} changed "
            f"({total.activations} up, {total.downgrades} down)."
        )
