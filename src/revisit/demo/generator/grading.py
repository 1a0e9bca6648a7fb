"""Target grades per customer and the year of contacts that earns each."""

import datetime as dt
import random

from revisit.accounts.models import User
from revisit.demo.generator.book import AgentBook
from revisit.demo.generator.contacts import ContactMaker, grade_for
from revisit.demo.generator.rows import OfficeWriters

GRADE_THREE_SHARE = 0.35


def grade_and_log(
    *,
    rng: random.Random,
    book: AgentBook,
    contact_maker: ContactMaker,
    today: dt.date,
    contact_total: int | None,
    writers: OfficeWriters,
    agent: User,
    grade_two_share: float,
) -> None:
    """Give each customer a target grade, then the contacts that earn it.

    Customers who signed recently rank first, because the agent met them;
    minors rank last, because agents talk to their parents instead.
    """
    people = book.customers
    scores = {
        customer.id: (-1.0 if customer.age < 18 else rng.random())
        + (0.8 if customer.signings else 0.0)
        for customer in people
    }
    ranked = sorted(people, key=lambda customer: scores[customer.id], reverse=True)
    twos = round(len(people) * grade_two_share)
    threes = round(len(people) * GRADE_THREE_SHARE)
    targets = {}
    for position, customer in enumerate(ranked):
        targets[customer.id] = (
            2 if position < twos else 3 if position < twos + threes else 5
        )

    plans = {}
    for customer in people:
        target = targets[customer.id]
        if target == 5:
            continue
        meetings, remote = contact_maker.minimum_counts(target)
        if customer.signings:
            meetings = max(meetings, len(customer.signings)) if target == 2 else 1
            remote = 0 if target == 3 else remote
        plans[customer.id] = [meetings, remote]

    contacted = [customer for customer in people if customer.id in plans]
    if contact_total is None:
        for customer in contacted:
            plan = plans[customer.id]
            extra_meetings, extra_remote = contact_maker.natural_extra(
                targets[customer.id], plan[0]
            )
            plan[0] += extra_meetings
            plan[1] += extra_remote
    elif contacted:
        spare = contact_total - sum(sum(plan) for plan in plans.values())
        weights = [3 if targets[c.id] == 2 else 1 for c in contacted]
        for customer in rng.choices(contacted, weights, k=max(spare, 0)):
            if contact_maker.extra_kind_is_meeting(targets[customer.id]):
                plans[customer.id][0] += 1
            else:
                plans[customer.id][1] += 1

    for customer in contacted:
        meetings, remote = plans[customer.id]
        contacts = contact_maker.contacts(
            meetings=meetings,
            remote=remote,
            birth_date=customer.person.birth_date,
            signings=customer.signings if targets[customer.id] != 5 else [],
        )
        customer.grade = grade_for(contacts, today)
        customer.last_contact_at = contacts[-1].occurred_at if contacts else None
        writers.write_contacts(customer, contacts, agent=agent)
