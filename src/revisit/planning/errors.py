"""Errors the planning services raise, with messages fit to show the agent."""

from django.utils.translation import gettext_lazy as _

from revisit.core.exceptions import DomainError


class SheetLocked(DomainError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "This sheet has been submitted and is locked until your supervisor "
                "returns it. Your change was not saved."
            ),
            code="sheet_locked",
        )


class SheetConflict(DomainError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "This sheet was changed on another device or by someone else after "
                "you opened it, so your change was not saved. The sheet below is the "
                "latest version: check it and make your change again."
            ),
            code="sheet_conflict",
        )
