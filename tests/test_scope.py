from revisit.accounts.selectors import agents_visible_to


def test_agent_sees_only_self(agent, teammate, outsider):
    assert list(agents_visible_to(agent)) == [agent]


def test_supervisor_sees_own_team(supervisor, agent, teammate, outsider):
    visible = set(agents_visible_to(supervisor))
    assert visible == {agent, teammate}


def test_manager_sees_office_not_other_office(manager, agent, outsider, foreign_agent):
    visible = set(agents_visible_to(manager))
    assert visible == {agent, outsider}
