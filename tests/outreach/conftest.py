import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(year, month, day, hour=0, minute=0, second=0):
    """Return an aware Asia/Shanghai datetime."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)


@pytest.fixture
def customer(agent):
    return factories.make_customer(agent, full_name="王芳")


@pytest.fixture
def teammate_customer(teammate):
    return factories.make_customer(teammate, full_name="李强")


@pytest.fixture
def outsider_customer(outsider):
    return factories.make_customer(outsider, full_name="赵敏")
