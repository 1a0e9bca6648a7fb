"""`revisit demo`: create the database, load the demo office, print logins, serve."""

from unicodedata import east_asian_width

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from revisit.accounts.models import User
from revisit.core.exceptions import DomainError
from revisit.demo.generator import DEFAULT_SEED, DEMO_PASSWORD
from revisit.demo.services import demo_database_create, demo_logins, demo_office_load

HOST = "127.0.0.1"
# Above this many agents only the first few are listed.
LISTED_AGENTS = 10


def _pad(text: str, width: int) -> str:
    """Pad `text` with spaces to `width` terminal columns; CJK characters take two."""
    columns = sum(2 if east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(width - columns, 0)


class Command(BaseCommand):
    help = (
        "Create the database, load the demo sales office if it is missing, print "
        "the URL and logins, and serve the site on 127.0.0.1."
    )
    # migrate runs the checks that need the database once it exists.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="Load the demo office and stop, without starting the server.",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=8000,
            help="TCP port to serve on at 127.0.0.1 (default 8000).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=(
                "Empty the database and load the demo office again. Fails when "
                "the database contains any other office."
            ),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Seed of the random data (default {DEFAULT_SEED}); "
            "the same seed gives the same office.",
        )

    def handle(self, *args, **options):
        if not 1 <= options["port"] <= 65535:
            raise CommandError(
                _("Invalid port %(port)d: use a number from 1 to 65535.")
                % {"port": options["port"]}
            )
        self.stdout.write(_("Preparing the database..."))
        demo_database_create()
        try:
            summary = demo_office_load(
                seed=options["seed"], reset=options["reset"], progress=self.stdout.write
            )
        except DomainError as error:
            raise CommandError(str(error)) from error
        if summary is None:
            self.stdout.write(
                _("The demo office is already loaded; --reset loads it again.")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Demo office loaded in %(seconds).0f s: "
                        "%(customers)d customers, %(policies)d policies, "
                        "%(lines)d coverage lines, "
                        "%(contacts)d contacts."
                    )
                    % {
                        "seconds": summary.seconds,
                        "customers": summary.customers,
                        "policies": summary.policies,
                        "lines": summary.coverage_lines,
                        "contacts": summary.contacts,
                    }
                )
            )
        self._print_logins(options["port"], serve=not options["no_serve"])
        if options["no_serve"]:
            return
        # WhiteNoise serves static files from STATIC_ROOT with DEBUG off too,
        # so they are collected there (under the data folder) before serving.
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command(
            "runserver",
            f"{HOST}:{options['port']}",
            use_reloader=False,
        )

    def _print_logins(self, port: int, *, serve: bool) -> None:
        roles = dict(User.Role.choices)
        logins = demo_logins()
        agents = [login for login in logins if login.role == User.Role.AGENT]
        hidden = agents[LISTED_AGENTS // 2 :] if len(agents) > LISTED_AGENTS else []

        lines = [""]
        if serve:
            lines.append(
                _("Open http://%(host)s:%(port)d/ and sign in as:")
                % {"host": HOST, "port": port}
            )
        else:
            lines.append(_("Demo logins:"))

        for login in logins:
            if login in hidden:
                continue
            role = str(roles.get(login.role, login.role))
            row = f"  {login.username:<12} {_pad(role, 14)} {login.team}"
            lines.append(row.rstrip())
        if hidden:
            lines.append(
                "  "
                + ngettext(
                    "... and %(count)d more agent, up to %(last)s",
                    "... and %(count)d more agents, up to %(last)s",
                    len(hidden),
                )
                % {"count": len(hidden), "last": hidden[-1].username}
            )

        lines.append(
            _("Password for every demo login: %(password)s")
            % {"password": DEMO_PASSWORD}
        )
        if serve:
            lines.append(_("The manager may also use the admin site at /admin/."))
            lines.append(_("Press Ctrl+C to stop the server."))
        lines.append("")
        self.stdout.write("\n".join(lines))
