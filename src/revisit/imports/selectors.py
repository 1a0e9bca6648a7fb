"""Reads for the import screens, limited to what the signed-in user may see.

Office managers see every import of their office. Supervisors see the
imports they started and those of their team's agents. Agents see their own.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from revisit.accounts.models import User
from revisit.accounts.selectors import agents_visible_to
from revisit.imports.models import ImportBatch, SourceProfile

DEFAULT_PROFILE_NAME = "default"


def batch_list_for(user: User) -> QuerySet[ImportBatch]:
    batches = ImportBatch.objects.select_related("created_by")
    if not user.is_authenticated or user.office_id is None:
        return batches.none()
    batches = batches.filter(office_id=user.office_id)
    if user.is_superuser or user.is_manager:
        return batches
    if user.is_supervisor:
        return batches.filter(
            Q(created_by=user) | Q(created_by__in=agents_visible_to(user))
        )
    return batches.filter(created_by=user)


def batch_get_for(user: User, batch_id: int) -> ImportBatch:
    """Return the batch, or raise Http404 when `user` may not see it."""
    try:
        return batch_list_for(user).get(pk=batch_id)
    except ImportBatch.DoesNotExist:
        raise Http404("No such import.") from None


def default_agent_choices_for(user: User) -> QuerySet[User]:
    """Return the agents whose code `user` may give to rows naming no agent.

    Only agents with an agent code can be chosen, because the pipeline finds
    the agent of a row by that code.
    """
    return agents_visible_to(user).exclude(agent_code="").order_by("agent_code")


def source_profile_for(
    office_id: int, name: str = DEFAULT_PROFILE_NAME
) -> SourceProfile:
    """Return the office's source profile `name`, unsaved and empty if missing."""
    profile = SourceProfile.objects.filter(office_id=office_id, name=name).first()
    return profile or SourceProfile(office_id=office_id, name=name)
