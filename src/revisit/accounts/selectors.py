"""Scope selectors: what a signed-in user may see.

An agent sees their own book, a supervisor the agents of their team, an
office manager every agent of their office. Every app asks through these
functions instead of filtering by agent itself.
"""

from django.db.models import QuerySet
from django.urls import reverse

from revisit.accounts.models import User


def agents_visible_to(user: User) -> QuerySet[User]:
    """Return the agents whose books `user` may read (agents themselves included)."""
    agents = User.objects.filter(role=User.Role.AGENT)
    if not user.is_authenticated or user.office_id is None:
        return agents.none()
    if user.is_superuser or user.is_manager:
        return agents.filter(office_id=user.office_id)
    if user.is_supervisor:
        if user.team_id is None:
            return agents.none()
        return agents.filter(office_id=user.office_id, team_id=user.team_id)
    return agents.filter(pk=user.pk)


def agent_ids_visible_to(user: User) -> list[int]:
    return list(agents_visible_to(user).values_list("pk", flat=True))


def can_see_agent(user: User, agent_id: int) -> bool:
    return agents_visible_to(user).filter(pk=agent_id).exists()


def home_url_for(user: User) -> str:
    """Return the page a user starts on after signing in.

    Agents start on their own book. Supervisors and office managers start on
    the same list, which shows their team's or office's book with a filter
    by agent. Staff without an office have no book and go to the admin site.
    """
    if user.office_id is None and user.is_staff:
        return reverse("admin:index")
    return reverse("book:customer_list")
