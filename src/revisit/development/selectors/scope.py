"""Permission-aware fetch helpers for the development app.

Every view loads its objects here. Objects outside the user's scope raise
Http404, as if they did not exist; objects the user may read but not change
raise PermissionDenied. Scope comes from `agents_visible_to`: an agent sees
their own book, a supervisor their team's, an office manager the office's.
Changing an opportunity or prospect is the owning agent's work, as grading
is; supervisors and managers read.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from revisit.accounts.models import User
from revisit.accounts.selectors import agent_ids_visible_to
from revisit.book.models import Customer, Product
from revisit.book.selectors import customer_get_for
from revisit.development.models import (
    Campaign,
    CampaignTarget,
    Opportunity,
    Prospect,
    TalkScript,
)


def _first_or_404(queryset: QuerySet, pk: int):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404(f"No {queryset.model._meta.model_name} matches the given query.")
    return found


def visible_customers(user: User) -> QuerySet[Customer]:
    return Customer.objects.filter(agent_id__in=agent_ids_visible_to(user))


def customer_for(user: User, pk: int) -> Customer:
    return customer_get_for(user, pk)


def customer_for_change(user: User, pk: int) -> Customer:
    customer = customer_for(user, pk)
    if customer.agent_id != user.pk:
        raise PermissionDenied
    return customer


def visible_opportunities(user: User) -> QuerySet[Opportunity]:
    return Opportunity.objects.filter(customer__agent_id__in=agent_ids_visible_to(user))


def opportunity_for(user: User, pk: int) -> Opportunity:
    opportunities = visible_opportunities(user).select_related(
        "customer", "subject", "agent", "product", "policy"
    )
    return _first_or_404(opportunities, pk)


def opportunity_for_change(user: User, pk: int) -> Opportunity:
    opportunity = opportunity_for(user, pk)
    if opportunity.customer.agent_id != user.pk:
        raise PermissionDenied
    return opportunity


def visible_prospects(user: User) -> QuerySet[Prospect]:
    return Prospect.objects.filter(agent_id__in=agent_ids_visible_to(user))


def prospect_for(user: User, pk: int) -> Prospect:
    prospects = visible_prospects(user).select_related(
        "referred_by", "customer", "agent"
    )
    return _first_or_404(prospects, pk)


def prospect_for_change(user: User, pk: int) -> Prospect:
    prospect = prospect_for(user, pk)
    if prospect.agent_id != user.pk:
        raise PermissionDenied
    return prospect


def visible_campaigns(user: User) -> QuerySet[Campaign]:
    """Return the campaigns a user may open.

    These are the ones they created, all of their office's for a manager,
    and any campaign that targets a customer in their scope.
    """
    if user.office_id is None:
        return Campaign.objects.none()
    if user.is_manager:
        return Campaign.objects.filter(office_id=user.office_id)
    condition = Q(created_by=user)
    targeted = CampaignTarget.objects.filter(
        customer__agent_id__in=agent_ids_visible_to(user)
    ).values("campaign_id")
    condition |= Q(pk__in=targeted)
    return Campaign.objects.filter(condition, office_id=user.office_id)


def campaign_for(user: User, pk: int) -> Campaign:
    campaigns = visible_campaigns(user).select_related("created_by", "product")
    return _first_or_404(campaigns, pk)


def can_manage_campaign(user: User, campaign: Campaign) -> bool:
    """Return whether `user` may change the campaign itself and add targets."""
    return campaign.created_by_id == user.pk or (
        user.is_manager and campaign.office_id == user.office_id
    )


def campaign_for_change(user: User, pk: int) -> Campaign:
    campaign = campaign_for(user, pk)
    if not can_manage_campaign(user, campaign):
        raise PermissionDenied
    return campaign


def campaign_target_for_change(
    user: User, campaign: Campaign, pk: int
) -> CampaignTarget:
    """Return a target whose status `user` may update.

    The customer must be in the user's scope: the agent updates their own
    customers, a supervisor who runs a seminar marks their team's attendance.
    """
    targets = CampaignTarget.objects.filter(
        campaign=campaign, customer__agent_id__in=agent_ids_visible_to(user)
    ).select_related("customer")
    return _first_or_404(targets, pk)


def product_for(user: User, pk: int) -> Product:
    return _first_or_404(Product.objects.filter(office_id=user.office_id), pk)


def require_manager(user: User) -> None:
    """Raise PermissionDenied unless `user` manages an office."""
    if not (user.is_manager and user.office_id is not None):
        raise PermissionDenied


def script_for(user: User, pk: int) -> TalkScript:
    """Return a library script or one of the user's office."""
    scripts = TalkScript.objects.filter(
        Q(office__isnull=True) | Q(office_id=user.office_id)
    )
    return _first_or_404(scripts, pk)
