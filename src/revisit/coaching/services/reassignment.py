"""Move customers and policies between agents, with an audit trail.

Supervisors move within their team, office managers within their office.
A customer moves with the policies they hold that the old agent serviced.
A policy that leaves an agent who has left the office becomes an orphan
policy (孤儿单) and keeps that mark wherever it goes next.
"""

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revisit.accounts.models import User
from revisit.accounts.selectors import agents_visible_to
from revisit.book.models import Customer, Policy
from revisit.coaching.access import is_coach, sees_whole_office
from revisit.coaching.models import Reassignment
from revisit.core.audit import audit_log
from revisit.core.exceptions import DomainError
from revisit.planning.services import entries_drop_for_reassigned

logger = logging.getLogger(__name__)

NOT_ALLOWED = _("Only supervisors and office managers can reassign customers.")
OUT_OF_SCOPE = _("That agent is not in your team or office.")
SAME_AGENT = _("Choose an agent other than the current one.")
TARGET_LEFT = _("%(name)s has left the office and cannot take customers.")
ALREADY_LEFT = _("%(name)s is already marked as having left.")
MANAGERS_ONLY = _("Only office managers can mark an agent as left.")
NOTHING_SELECTED = _("Select at least one customer or policy.")

BULK_BATCH_SIZE = 500


@dataclass(frozen=True)
class ReassignmentResult:
    batch: uuid.UUID
    customers: int
    policies: int
    orphaned: int
    skipped: int


def _check_agents(*, actor: User, from_agent: User, to_agent: User) -> None:
    if not is_coach(actor):
        raise DomainError(NOT_ALLOWED, code="not_allowed")
    visible = agents_visible_to(actor)
    if not visible.filter(pk=from_agent.pk).exists():
        raise DomainError(OUT_OF_SCOPE, code="out_of_scope")
    if not visible.filter(pk=to_agent.pk).exists():
        raise DomainError(OUT_OF_SCOPE, code="out_of_scope")
    if from_agent.pk == to_agent.pk:
        raise DomainError(SAME_AGENT, code="same_agent")
    if not to_agent.is_active:
        raise DomainError(
            TARGET_LEFT, code="target_left", params={"name": to_agent.display_name}
        )


def _move_policies(
    *, from_agent: User, to_agent: User, **filters
) -> tuple[list[tuple[int, int, bool]], int]:
    """Lock and move the policies `from_agent` services that match `filters`.

    Return the moved rows as (pk, holder_id, was_orphan) and how many of
    them became orphan policies. Runs inside the caller's transaction.
    """
    policies = Policy.objects.filter(agent_id=from_agent.pk, **filters)
    rows = list(
        policies.select_for_update()
        .order_by("pk")
        .values_list("pk", "holder_id", "is_orphan")
    )
    orphaning = not from_agent.is_active
    changes = {"agent_id": to_agent.pk, "updated_at": timezone.now()}
    if orphaning:
        changes["is_orphan"] = True
    moved = policies.update(**changes)
    if moved != len(rows):
        # The rows are locked (or, on SQLite, the database is), so a
        # mismatch means the lock did not hold: roll back rather than
        # write an audit trail that disagrees with the book.
        raise RuntimeError(
            f"policy reassignment updated {moved} of {len(rows)} locked rows"
        )
    orphaned = sum(1 for _pk, _holder, was in rows if orphaning and not was)
    return rows, orphaned


def _write_trail(
    *,
    actor: User,
    from_agent: User,
    to_agent: User,
    batch: uuid.UUID,
    customer_ids: list[int],
    policy_rows: list,
    reason: str,
) -> None:
    orphaning = not from_agent.is_active
    common = {
        "office_id": from_agent.office_id,
        "batch": batch,
        "actor": actor,
        "from_agent": from_agent,
        "to_agent": to_agent,
        "reason": reason,
    }
    entries = [
        Reassignment(kind=Reassignment.Kind.CUSTOMER, customer_id=pk, **common)
        for pk in customer_ids
    ]
    entries += [
        Reassignment(
            kind=Reassignment.Kind.POLICY, policy_id=pk, customer_id=holder_id,
            made_orphan=orphaning and not was_orphan, **common,
        )
        for pk, holder_id, was_orphan in policy_rows
    ]
    Reassignment.objects.bulk_create(entries, batch_size=BULK_BATCH_SIZE)


def _finish(
    *, actor, action, from_agent, to_agent, batch, customers, policies, orphaned,
    skipped, reason,
) -> ReassignmentResult:
    audit_log(
        actor=actor,
        action=action,
        target=to_agent,
        office=to_agent.office,
        data={
            "batch": str(batch),
            "from_agent": from_agent.pk,
            "to_agent": to_agent.pk,
            "customers": customers,
            "policies": policies,
            "orphaned": orphaned,
            "skipped": skipped,
            "reason": reason,
        },
    )
    logger.info(
        "reassigned batch=%s from=%s to=%s customers=%s policies=%s skipped=%s",
        batch, from_agent.pk, to_agent.pk, customers, policies, skipped,
    )
    return ReassignmentResult(
        batch=batch, customers=customers, policies=policies, orphaned=orphaned,
        skipped=skipped,
    )


def customers_reassign(
    *,
    actor: User,
    from_agent: User,
    to_agent: User,
    customer_ids: Iterable[int],
    reason: str = "",
) -> ReassignmentResult:
    """Move customers of `from_agent`, and the policies they hold, to `to_agent`.

    Customers that no longer belong to `from_agent` when the transaction
    runs (another supervisor moved them first) are skipped and counted in
    `skipped`, never taken from their new agent.
    """
    _check_agents(actor=actor, from_agent=from_agent, to_agent=to_agent)
    requested = sorted(set(customer_ids))
    if not requested:
        raise DomainError(NOTHING_SELECTED, code="nothing_selected")
    batch = uuid.uuid4()
    with transaction.atomic():
        # Two supervisors may move the same customers at once. On PostgreSQL
        # select_for_update makes the second wait for the first to commit,
        # then re-read agent_id and skip what has already moved. SQLite
        # ignores FOR UPDATE, but the IMMEDIATE transactions configured in
        # settings take the write lock at BEGIN, so the two run one after
        # the other and the second reads the first one's result.
        ids = list(
            Customer.objects.select_for_update()
            .filter(pk__in=requested, agent_id=from_agent.pk)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        moved = Customer.objects.filter(pk__in=ids, agent_id=from_agent.pk).update(
            agent_id=to_agent.pk, updated_at=timezone.now()
        )
        if moved != len(ids):
            raise RuntimeError(
                f"customer reassignment updated {moved} of {len(ids)} locked rows"
            )
        policy_rows, orphaned = _move_policies(
            from_agent=from_agent, to_agent=to_agent, holder_id__in=ids
        )
        entries_drop_for_reassigned(customer_ids=ids, from_agent=from_agent)
        _write_trail(
            actor=actor, from_agent=from_agent, to_agent=to_agent, batch=batch,
            customer_ids=ids, policy_rows=policy_rows, reason=reason,
        )
        return _finish(
            actor=actor, action="coaching.customers.reassigned",
            from_agent=from_agent, to_agent=to_agent, batch=batch,
            customers=len(ids), policies=len(policy_rows), orphaned=orphaned,
            skipped=len(requested) - len(ids), reason=reason,
        )


def policies_reassign(
    *,
    actor: User,
    from_agent: User,
    to_agent: User,
    policy_ids: Iterable[int],
    reason: str = "",
) -> ReassignmentResult:
    """Move single policies of `from_agent` to `to_agent`; their holders stay.

    Used for orphan policies whose holder is someone else's customer.
    Policies no longer serviced by `from_agent` are skipped, as in
    customers_reassign.
    """
    _check_agents(actor=actor, from_agent=from_agent, to_agent=to_agent)
    requested = sorted(set(policy_ids))
    if not requested:
        raise DomainError(NOTHING_SELECTED, code="nothing_selected")
    batch = uuid.uuid4()
    with transaction.atomic():
        # Same race and locking as in customers_reassign.
        policy_rows, orphaned = _move_policies(
            from_agent=from_agent, to_agent=to_agent, pk__in=requested
        )
        _write_trail(
            actor=actor, from_agent=from_agent, to_agent=to_agent, batch=batch,
            customer_ids=[], policy_rows=policy_rows, reason=reason,
        )
        return _finish(
            actor=actor, action="coaching.policies.reassigned",
            from_agent=from_agent, to_agent=to_agent, batch=batch,
            customers=0, policies=len(policy_rows), orphaned=orphaned,
            skipped=len(requested) - len(policy_rows), reason=reason,
        )


def agent_mark_left(
    *, actor: User, agent: User, to_agent: User, reason: str = ""
) -> ReassignmentResult:
    """Mark `agent` as having left and hand their whole book to `to_agent`.

    The agent can no longer sign in. Every customer they own and every
    policy they service moves, and each policy is marked as an orphan.
    """
    if not (is_coach(actor) and sees_whole_office(actor)):
        raise DomainError(MANAGERS_ONLY, code="managers_only")
    if not agent.is_active:
        raise DomainError(
            ALREADY_LEFT, code="already_left", params={"name": agent.display_name}
        )
    _check_agents(actor=actor, from_agent=agent, to_agent=to_agent)
    batch = uuid.uuid4()
    with transaction.atomic():
        # Conditional UPDATE: if two managers press the button at once, only
        # the first flips is_active; the second sees a row count of 0 and
        # raises instead of moving the book a second time.
        flipped = User.objects.filter(pk=agent.pk, is_active=True).update(
            is_active=False
        )
        if flipped != 1:
            raise DomainError(
                ALREADY_LEFT, code="already_left", params={"name": agent.display_name}
            )
        agent.is_active = False
        customer_ids = list(
            Customer.objects.select_for_update()
            .filter(agent_id=agent.pk)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        # Chunks keep each statement under SQLite's limit on bound variables.
        now = timezone.now()
        for start in range(0, len(customer_ids), BULK_BATCH_SIZE):
            chunk = customer_ids[start : start + BULK_BATCH_SIZE]
            Customer.objects.filter(pk__in=chunk, agent_id=agent.pk).update(
                agent_id=to_agent.pk, updated_at=now
            )
        # Every serviced policy goes, including those whose holder is another
        # agent's customer: nobody services them any more.
        policy_rows, orphaned = _move_policies(from_agent=agent, to_agent=to_agent)
        entries_drop_for_reassigned(customer_ids=customer_ids, from_agent=agent)
        _write_trail(
            actor=actor, from_agent=agent, to_agent=to_agent, batch=batch,
            customer_ids=customer_ids, policy_rows=policy_rows, reason=reason,
        )
        audit_log(
            actor=actor, action="coaching.agent.marked_left", target=agent,
            office=agent.office, data={"to_agent": to_agent.pk, "batch": str(batch)},
        )
        return _finish(
            actor=actor, action="coaching.customers.reassigned",
            from_agent=agent, to_agent=to_agent, batch=batch,
            customers=len(customer_ids), policies=len(policy_rows),
            orphaned=orphaned, skipped=0, reason=reason,
        )
