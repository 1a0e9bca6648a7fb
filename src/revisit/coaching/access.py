"""Who may use the supervisor's screens, and which slice of the office they see.

Supervisors work on their own team, office managers on every team of their
office. Everything outside that scope is reported as not found (404), so a
page never confirms that another team's agent or customer exists. Agents
get 403 on every supervisor page.
"""

from dataclasses import dataclass
from functools import cached_property, wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from revisit.accounts.models import Team, User
from revisit.accounts.selectors import agents_visible_to


def is_coach(user: User) -> bool:
    """Return whether `user` may open the supervisor's and manager's screens."""
    if not user.is_authenticated or user.office_id is None:
        return False
    return user.is_superuser or user.is_manager or user.is_supervisor


def sees_whole_office(user: User) -> bool:
    return user.is_superuser or user.is_manager


def coach_required(view):
    """Require a signed-in supervisor or office manager; agents get 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_coach(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def manager_required(view):
    """Require a signed-in office manager; supervisors and agents get 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (is_coach(request.user) and sees_whole_office(request.user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def active_agents_for(user: User) -> QuerySet[User]:
    """Return the agents in `user`'s scope who still work in the office."""
    return agents_visible_to(user).filter(is_active=True)


def teams_visible_to(user: User) -> QuerySet[Team]:
    if not is_coach(user):
        return Team.objects.none()
    teams = Team.objects.filter(office_id=user.office_id)
    if sees_whole_office(user):
        return teams
    return teams.filter(pk=user.team_id)


def get_agent_for(user: User, agent_id: int) -> User:
    """Return the agent `agent_id` if `user` may coach them, else raise Http404."""
    agent = agents_visible_to(user).filter(pk=agent_id).first()
    if agent is None or not is_coach(user):
        raise Http404("No such agent in your scope.")
    return agent


@dataclass(frozen=True)
class Scope:
    """A slice of the office a report covers: the office, one team or one agent."""

    kind: str
    key: str
    label: str
    office_id: int
    team: Team | None = None
    agent: User | None = None

    OFFICE = "office"
    TEAM = "team"
    AGENT = "agent"

    def agents(self) -> QuerySet[User]:
        """Return every agent of the slice, those who left included."""
        agents = User.objects.filter(role=User.Role.AGENT, office_id=self.office_id)
        if self.kind == self.AGENT:
            return agents.filter(pk=self.agent.pk)
        if self.kind == self.TEAM:
            return agents.filter(team_id=self.team.pk)
        return agents

    @cached_property
    def agent_ids(self) -> list[int]:
        """Return the primary keys of agents(), read once per scope."""
        return list(self.agents().values_list("pk", flat=True))


def default_scope_key(user: User) -> str:
    if sees_whole_office(user):
        return Scope.OFFICE
    return f"{Scope.TEAM}-{user.team_id}"


def resolve_scope(user: User, key: str | None) -> Scope:
    """Turn a scope key (`office`, `team-<id>`, `agent-<id>`) into a Scope.

    Raises Http404 for a key outside `user`'s reach, so a supervisor who
    edits the address to another team gets the same response as for a team
    that does not exist.
    """
    if not is_coach(user):
        raise Http404("No reports for this user.")
    key = (key or "").strip() or default_scope_key(user)
    kind, _separator, raw_id = key.partition("-")
    if kind == Scope.OFFICE and not raw_id:
        if not sees_whole_office(user):
            raise Http404("Only office managers see the whole office.")
        return Scope(
            kind=Scope.OFFICE, key=Scope.OFFICE, label=gettext_lazy("Whole office"),
            office_id=user.office_id,
        )
    if not raw_id.isdigit():
        raise Http404("Unknown scope.")
    if kind == Scope.TEAM:
        team = teams_visible_to(user).filter(pk=int(raw_id)).first()
        if team is None:
            raise Http404("No such team in your scope.")
        return Scope(
            kind=Scope.TEAM, key=key, label=team.name, office_id=user.office_id,
            team=team,
        )
    if kind == Scope.AGENT:
        agent = get_agent_for(user, int(raw_id))
        return Scope(
            kind=Scope.AGENT, key=key, label=agent.display_name,
            office_id=user.office_id, team=agent.team, agent=agent,
        )
    raise Http404("Unknown scope.")


def scope_choices(user: User) -> list[tuple[str, str]]:
    """Return (key, label) pairs for the scope picker: office, teams, agents."""
    choices: list[tuple[str, str]] = []
    if sees_whole_office(user):
        choices.append((Scope.OFFICE, _("Whole office")))
    for team in teams_visible_to(user).order_by("code"):
        choices.append((f"{Scope.TEAM}-{team.pk}", team.name))
    agents = agents_visible_to(user).order_by("team__code", "agent_code", "pk")
    for agent in agents.only("pk", "full_name", "username", "is_active"):
        label = agent.display_name
        if not agent.is_active:
            label = _("%(name)s (left)") % {"name": label}
        choices.append((f"{Scope.AGENT}-{agent.pk}", label))
    return choices
