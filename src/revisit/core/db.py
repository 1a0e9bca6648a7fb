"""Recognising database errors that the app turns into a page instead of a 500."""

from django.db import OperationalError

# SQLite's message for SQLITE_BUSY: another connection held the write lock
# for longer than the busy timeout.
SQLITE_LOCKED_MESSAGE = "database is locked"


def is_database_locked(error: BaseException) -> bool:
    """Tell whether `error` is SQLite's timeout waiting for the write lock."""
    return isinstance(error, OperationalError) and str(error) == SQLITE_LOCKED_MESSAGE
