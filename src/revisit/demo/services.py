"""Prepare a database for the demo: create it, migrate, load or reload the office."""

import logging
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management import call_command
from django.db import connection
from django.utils.translation import ngettext

from revisit.accounts.models import Office, User
from revisit.core.exceptions import DomainError
from revisit.demo.generator import (
    DEFAULT_SEED,
    DEMO_OFFICE_CODE,
    Login,
    OfficeSummary,
    generate_office,
)

logger = logging.getLogger(__name__)


def demo_database_create() -> None:
    """Create the data folder (and SQLite's file) and apply every migration."""
    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(
            parents=True, exist_ok=True
        )
    call_command("migrate", interactive=False, verbosity=0)


def demo_database_wipe() -> None:
    """Empty every table, unless the database contains an office besides the demo's.

    Flushing (rather than deleting the demo office row by row) also empties
    tables that later apps add, whatever their foreign keys.
    """
    others = Office.objects.exclude(code=DEMO_OFFICE_CODE).count()
    if others:
        raise DomainError(
            ngettext(
                "The database holds %(count)d office besides the demo office, so "
                "it is not wiped. Use a database of its own for the demo "
                "(REVISIT_DATA_DIR or DATABASE_URL).",
                "The database holds %(count)d offices besides the demo office, so "
                "it is not wiped. Use a database of its own for the demo "
                "(REVISIT_DATA_DIR or DATABASE_URL).",
                others,
            ),
            code="demo_database_in_use",
            params={"count": others},
        )
    if connection.in_atomic_block:
        # PostgreSQL refuses to TRUNCATE tables whose deferred foreign-key
        # checks are still pending in this transaction; running them now
        # clears them.
        connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    logger.info("demo database wiped")


def demo_office_load(
    *,
    seed: int = DEFAULT_SEED,
    reset: bool = False,
    progress: Callable[[str], None] | None = None,
) -> OfficeSummary | None:
    """Load the demo office unless it is there; return its summary, or None if kept.

    With `reset`, the database is wiped first (see demo_database_wipe).
    """
    if reset:
        demo_database_wipe()
    if Office.objects.filter(code=DEMO_OFFICE_CODE).exists():
        return None
    return generate_office(seed=seed, progress=progress)


def demo_logins() -> list[Login]:
    """Return the demo office's users: manager, supervisors, then agents.

    Users without a usable password are left out, because they cannot sign
    in. An import creates such a user for each agent code new to the office.
    """
    order = {User.Role.MANAGER: 0, User.Role.SUPERVISOR: 1, User.Role.AGENT: 2}
    users = (
        User.objects.filter(office__code=DEMO_OFFICE_CODE)
        .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .select_related("team")
        .order_by("username")
    )
    logins = [
        Login(
            username=user.username,
            role=user.role,
            team=user.team.name if user.team else "",
        )
        for user in users
    ]
    return sorted(logins, key=lambda login: order.get(login.role, 3))
