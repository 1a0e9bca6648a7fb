"""Helpers for import tests: shared sample files, a one-call import, a dead runner."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from revisit.imports.runners import current_runner
from revisit.imports.services import import_batch_create, import_run

# The shared sample extracts sit next to the repository, <repo>/../shared/data;
# REVISIT_SHARED_DATA points elsewhere (a git worktree outside that layout).
SHARED_DATA = Path(
    os.environ.get("REVISIT_SHARED_DATA")
    or Path(__file__).resolve().parents[2].parent / "shared" / "data"
)


def shared_file(name: str) -> Path:
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"shared sample data not found at {path}")
    return path


@pytest.fixture
def run_import(office):
    """Import a file into `office`; return (summary, batch)."""

    def run(path, **options):
        create = {
            key: options.pop(key)
            for key in ("strict", "default_agent_code", "only_agent", "profile_name")
            if key in options
        }
        batch = import_batch_create(
            office=options.pop("office", office),
            actor=None,
            file_name=Path(path).name,
            **create,
        )
        summary = import_run(batch=batch, path=path, **options)
        batch.refresh_from_db()
        return summary, batch

    return run


@pytest.fixture
def gone_runner() -> dict:
    """The runner of a process on this host that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    runner = dict(current_runner(), pid=process.pid)
    process.wait()
    return runner
