from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from revisit.core.models import BaseModel


class Office(BaseModel):
    """A sales office 营业部: the unit that owns customers, settings and imports."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("sales office")
        verbose_name_plural = _("sales offices")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Team(BaseModel):
    office = models.ForeignKey(
        Office, verbose_name=_("sales office"), on_delete=models.PROTECT,
        related_name="teams",
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["office", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "code"], name="accounts_team_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in: an agent, a supervisor or an office manager.

    Agents created by an import (from an agent code in the extract) exist
    before anyone gives them a password; they cannot sign in until an
    office manager sets one.
    """

    class Role(models.TextChoices):
        AGENT = "agent", _("Agent")
        SUPERVISOR = "supervisor", _("Supervisor")
        MANAGER = "manager", _("Office manager")

    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.AGENT
    )
    office = models.ForeignKey(
        Office, verbose_name=_("sales office"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="members",
        help_text=_("Agents belong to a team; a supervisor leads the team set here."),
    )
    agent_code = models.CharField(
        _("agent code"), max_length=30, blank=True,
        help_text=_("The code the insurer's extract uses for this agent."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "agent_code"],
                condition=~models.Q(agent_code=""),
                name="accounts_user_unique_agent_code",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_agent(self) -> bool:
        return self.role == self.Role.AGENT

    @property
    def is_supervisor(self) -> bool:
        return self.role == self.Role.SUPERVISOR

    @property
    def is_manager(self) -> bool:
        return self.role == self.Role.MANAGER
