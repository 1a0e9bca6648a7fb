"""A hand-built book whose distribution figures are worked out by hand.

`agent` owns four customers:
- c1 holds 3 policies in force (500, 5,000 and 12,000 yuan a year, the first
  with one rider line): 3 or more policies, renewal receivable;
- c2 holds 1 policy of 800 yuan: single policy, renewal receivable;
- c3 holds 1 lapsed policy of 20,000 yuan: no policy in force;
- c4 holds 1 paid-up policy of 3,000 yuan: single policy, paid up.
`teammate` owns c5 (one policy of 900 yuan) and `outsider` in the other team
owns c6 (one policy of 100 yuan).
"""

import datetime as dt
from decimal import Decimal

import pytest

from revisit.book.models import PolicyStatus
from revisit.book.services.classification import customers_reclassify
from tests import factories


@pytest.fixture
def hand_book(office, agent, teammate, outsider):
    c1 = factories.make_customer(agent, grade=2)
    c2 = factories.make_customer(agent, grade=3)
    c3 = factories.make_customer(agent)
    c4 = factories.make_customer(agent)
    factories.make_policy(c1, premium=Decimal("500"), riders=1)
    factories.make_policy(c1, premium=Decimal("5000"))
    factories.make_policy(c1, premium=Decimal("12000"))
    factories.make_policy(c2, premium=Decimal("800"))
    factories.make_policy(
        c3,
        premium=Decimal("20000"),
        status=PolicyStatus.LAPSED,
        paid_to_date=dt.date(2019, 3, 1),
    )
    factories.make_policy(
        c4,
        premium=Decimal("3000"),
        paid_to_date=dt.date(2020, 3, 1),
        payment_end_date=dt.date(2020, 3, 1),
    )
    c5 = factories.make_customer(teammate)
    factories.make_policy(c5, premium=Decimal("900"))
    c6 = factories.make_customer(outsider)
    factories.make_policy(c6, premium=Decimal("100"))
    customers_reclassify(office_id=office.pk, today=dt.date(2026, 12, 1))
    return {"c1": c1, "c2": c2, "c3": c3, "c4": c4, "c5": c5, "c6": c6}
