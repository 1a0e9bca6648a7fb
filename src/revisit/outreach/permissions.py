"""Who may write what in the contact log and the grades.

Reading follows `accounts.selectors.agents_visible_to`; these rules decide the
writes on top of it:
- Only the customer's own agent logs, edits and withdraws contacts, and only
  entries they logged themselves. Supervisors and managers read the log but
  never write it, so every entry is the agent's own record of their work.
- The customer's agent and the supervisor of that agent's team may override
  the grade, because the method grades customers on the weekly review, agent
  and supervisor together.
"""

from revisit.accounts.models import User
from revisit.book.models import Customer
from revisit.outreach.models import Contact


def can_log_contacts(user: User, customer: Customer) -> bool:
    return (
        user.is_authenticated
        and user.is_agent
        and customer.agent_id == user.pk
        and customer.office_id == user.office_id
    )


def can_change_contact(user: User, contact: Contact) -> bool:
    return contact.agent_id == user.pk and can_log_contacts(user, contact.customer)


def can_override_grade(user: User, customer: Customer) -> bool:
    if not user.is_authenticated or customer.office_id != user.office_id:
        return False
    if user.is_agent:
        return customer.agent_id == user.pk
    if user.is_supervisor:
        return user.team_id is not None and customer.agent.team_id == user.team_id
    return False
