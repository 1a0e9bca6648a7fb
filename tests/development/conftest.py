import importlib

import pytest
from django.apps import apps

from tests import factories


@pytest.fixture
def talk_library(db):
    """Seed the talk-script library again.

    Tests that flush the database (live-server tests) remove the rows the
    data migration created, so tests that need them seed them here.
    """
    migration = importlib.import_module(
        "revisit.development.migrations.0002_seed_talk_scripts"
    )
    migration.seed(apps, None)


@pytest.fixture
def customer(agent):
    return factories.make_customer(agent, full_name="王强", gender="M")
