"""`revisit migrate` on SQLite creates a missing REVISIT_DATA_DIR."""

import os
import sqlite3
import subprocess
import sys
from contextlib import closing


def run_revisit(*args, data_dir):
    env = dict(
        os.environ,
        REVISIT_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="revisit.config.settings",
    )
    # Without DATABASE_URL the settings choose SQLite in the data folder.
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "revisit", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_migrate_creates_missing_data_dir(tmp_path):
    data_dir = tmp_path / "new" / "data"
    result = run_revisit("migrate", "--verbosity", "0", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    database = data_dir / "revisit.sqlite3"
    assert database.is_file()
    with closing(sqlite3.connect(database)) as check:
        applied = check.execute(
            "SELECT COUNT(*) FROM django_migrations WHERE app = 'imports'"
        ).fetchone()[0]
    assert applied >= 3


def test_unusable_data_dir_fails_on_database_only(tmp_path):
    # A data folder that cannot be created leaves commands without a
    # database working; the database itself then fails to open.
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    data_dir = blocker / "data"
    assert run_revisit("help", "migrate", data_dir=data_dir).returncode == 0
    result = run_revisit("migrate", "--verbosity", "0", data_dir=data_dir)
    assert result.returncode != 0
    assert "unable to open database file" in result.stderr
