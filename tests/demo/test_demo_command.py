from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from revisit.accounts.models import Office, User
from revisit.book.models import Customer
from revisit.demo.generator import DEMO_OFFICE_CODE, DEMO_PASSWORD, generate_office
from revisit.outreach.models import Contact

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """Keep the data folder the command creates out of the working tree."""
    settings.DATA_DIR = tmp_path / "data"
    settings.STATIC_ROOT = tmp_path / "data" / "static"
    return settings.DATA_DIR


def _demo(*args) -> str:
    out = StringIO()
    call_command("demo", "--no-serve", *args, stdout=out)
    return out.getvalue()


def test_demo_loads_office_with_logins(client, data_dir):
    output = _demo()
    assert data_dir.is_dir()
    assert Office.objects.get().code == DEMO_OFFICE_CODE
    assert Customer.objects.count() == 3000
    for username in ("manager", "sup1", "sup2", "agent01", "agent08"):
        assert username in output
        assert client.login(username=username, password=DEMO_PASSWORD) is True
    assert DEMO_PASSWORD in output
    # Roles and teams, checked on the same load because loading takes seconds.
    assert User.objects.get(username="manager").role == User.Role.MANAGER
    assert User.objects.get(username="manager").is_staff is True
    sup1, sup2 = User.objects.get(username="sup1"), User.objects.get(username="sup2")
    assert sup1.role == User.Role.SUPERVISOR
    assert sup1.team_id != sup2.team_id
    agents = User.objects.filter(role=User.Role.AGENT)
    assert agents.count() == 8
    assert {agent.team_id for agent in agents} == {sup1.team_id, sup2.team_id}
    assert all(agent.agent_code for agent in agents)


def test_second_run_keeps_the_office():
    _demo()
    counts = (User.objects.count(), Customer.objects.count(), Contact.objects.count())
    output = _demo()
    assert (
        User.objects.count(),
        Customer.objects.count(),
        Contact.objects.count(),
    ) == counts
    assert Office.objects.count() == 1
    assert "agent01" in output


def test_logins_leave_out_imported_agents():
    generate_office(agents=2, teams=1, customers=50, lines=60)
    office = Office.objects.get(code=DEMO_OFFICE_CODE)
    # An import creates a user without a usable password for a new agent code.
    User.objects.create_user(
        username="demo-a00079", role=User.Role.AGENT, office=office, agent_code="A00079"
    )
    output = _demo()
    assert "demo-a00079" not in output
    assert "agent01" in output


def test_reset_reloads_the_office():
    generate_office(agents=2, teams=1, customers=50, lines=60)
    _demo("--reset", "--seed", "3")
    assert Office.objects.count() == 1
    assert Customer.objects.count() == 3000
    assert User.objects.filter(role=User.Role.AGENT).count() == 8


def test_reset_refuses_database_with_other_offices(office):
    with pytest.raises(CommandError):
        _demo("--reset")
    assert Office.objects.get() == office
    assert not User.objects.filter(username="manager").exists()


def test_clashing_username_is_reported(office):
    User.objects.create_user(username="agent01", password="x")
    with pytest.raises(CommandError, match="agent01"):
        _demo()
    assert not Office.objects.filter(code=DEMO_OFFICE_CODE).exists()


def test_rejects_port_out_of_range():
    with pytest.raises(CommandError):
        _demo("--port", "70000")
