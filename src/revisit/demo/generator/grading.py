"""Target grades per customer and the year of contacts that earns each."""

import datetime as dt
import random

from revisit.accounts.models import User
from revisit.demo.generator.book import AgentBook
from revisit.demo.generator.contacts import (
    ContactMaker,
    counts_for_grade,
    grade_for,
)
from revisit.demo.generator.rows import OfficeWriters
from revisit.outreach.models import FACE_TO_FACE_KINDS

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
    """Give each customer a grade, the contacts that earn it, and its history."""
    targets = _target_grades(rng, book, grade_two_share)
    plans = _contact_plans(rng, book, targets, contact_maker, contact_total)
    for customer in book.customers:
        target = targets[customer.id]
        contacts = []
        if customer.id in plans:
            meetings, remote = plans[customer.id]
            contacts = contact_maker.contacts(
                meetings=meetings,
                remote=remote,
                birth_date=customer.person.birth_date,
                signings=customer.signings,
            )
        customer.grade = grade_for(contacts, today)
        customer.last_contact_at = contacts[-1].occurred_at if contacts else None
        writers.write_contacts(customer, contacts, agent=agent)
        changes = _grade_history(rng, contact_maker, customer.grade, contacts)
        writers.write_grade_changes(customer, changes, agent=agent)
        assert customer.grade == target, (customer.id, customer.grade, target)


def _target_grades(
    rng: random.Random, book: AgentBook, grade_two_share: float
) -> dict[int, int]:
    """Return {customer id: grade}, with about the office's mix of 2s, 3s and 5s.

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
        if position < twos:
            targets[customer.id] = 2
        elif position < twos + threes:
            targets[customer.id] = 3
        else:
            targets[customer.id] = 5
            # A grade-5 customer had no meeting this year, so signed nothing.
            customer.signings = []
    return targets


def _contact_plans(
    rng: random.Random,
    book: AgentBook,
    targets: dict[int, int],
    contact_maker: ContactMaker,
    contact_total: int | None,
) -> dict[int, list[int]]:
    """Return {customer id: [meetings, remote contacts]} for customers of grade 2 or 3.

    Each signing is a meeting. With `contact_total` None the counts are what
    a working agent logs; otherwise spare contacts are spread over the
    customers until the total is reached.
    """
    plans = {}
    for customer in book.customers:
        target = targets[customer.id]
        if target == 5:
            continue
        meetings, remote = contact_maker.minimum_counts(target)
        if customer.signings and target == 2:
            meetings = max(meetings, len(customer.signings))
        elif customer.signings:
            # A grade-3 customer is met at most once, so only at the signing.
            meetings, remote = 1, 0
            del customer.signings[1:]
        plans[customer.id] = [meetings, remote]

    contacted = [customer for customer in book.customers if customer.id in plans]
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
    return plans


def _grade_history(
    rng: random.Random, contact_maker: ContactMaker, grade: int, contacts: list
) -> list[tuple[int, int, dt.datetime]]:
    """Return (old, new, when) grade changes over the year that end in `grade`.

    Contacts from before the year are not generated, so each customer gets a
    drawn grade for a year ago. A move up happens at the contact that earned
    it; a move down on the day the last older contact left the window.
    """
    start = rng.choices(*_GRADE_A_YEAR_AGO[grade])[0]
    if start == grade:
        return []
    if start < grade:
        last = contacts[0].occurred_at.date() if contacts else contact_maker.last_day
        day = contact_maker.first_day + dt.timedelta(
            days=rng.randint(0, max((last - contact_maker.first_day).days - 1, 0))
        )
        return [(start, grade, contact_maker.aware(day, 0, 0))]
    changes = []
    current, meetings = start, 0
    for contact in contacts:
        if not counts_for_grade(contact):
            continue
        meetings += contact.kind in FACE_TO_FACE_KINDS
        reached = 2 if meetings >= 2 else 3
        if reached < current:
            changes.append((current, reached, contact.occurred_at))
            current = reached
    return changes


# Grade a year ago, by today's grade: (grades, weights).
_GRADE_A_YEAR_AGO = {
    2: ([2, 3, 5], [55, 25, 20]),
    3: ([3, 5, 2], [55, 35, 10]),
    5: ([5, 3], [88, 12]),
}
