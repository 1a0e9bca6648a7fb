"""Which process runs an import, and whether it still exists."""

import os
import shutil
import subprocess
import time

import pytest

from revisit.imports import runners
from revisit.imports.runners import RunnerState, current_runner, runner_state

linux_only = pytest.mark.skipif(
    not runners.PROC.is_dir(), reason="needs /proc (Linux)"
)


@pytest.fixture
def sleeper():
    process = subprocess.Popen(["sleep", "60"])
    yield process
    process.kill()
    process.wait()


def test_this_process_is_alive():
    assert runner_state(current_runner()) is RunnerState.ALIVE


@linux_only
def test_current_runner_records_start_and_boot():
    runner = current_runner()
    assert runner["pid"] == os.getpid()
    assert isinstance(runner["start"], int)
    assert runner["boot_id"] == runners.BOOT_ID_PATH.read_text().strip()


def test_ended_process_is_gone(gone_runner):
    assert runner_state(gone_runner) is RunnerState.GONE


@linux_only
def test_running_child_is_alive(sleeper):
    start = runners._process_stat(sleeper.pid)[1]
    runner = dict(current_runner(), pid=sleeper.pid, start=start)
    assert runner_state(runner) is RunnerState.ALIVE


@linux_only
def test_reused_pid_is_gone(sleeper):
    # Same pid, another start time: the pid now belongs to another process.
    start = runners._process_stat(sleeper.pid)[1]
    runner = dict(current_runner(), pid=sleeper.pid, start=start - 1)
    assert runner_state(runner) is RunnerState.GONE


@linux_only
def test_killed_uncollected_child_is_gone():
    process = subprocess.Popen(["sleep", "60"])
    start = runners._process_stat(process.pid)[1]
    process.kill()
    # Not yet collected by wait(): a zombie that os.kill still reaches.
    deadline = time.monotonic() + 10
    while runners._process_stat(process.pid)[0] != "Z":
        assert time.monotonic() < deadline, "the killed child never became a zombie"
        time.sleep(0.01)
    runner = dict(current_runner(), pid=process.pid, start=start)
    try:
        assert runner_state(runner) is RunnerState.GONE
    finally:
        process.wait()


@linux_only
def test_runner_before_reboot_is_gone():
    runner = dict(current_runner(), boot_id="00000000-0000-0000-0000-000000000000")
    assert runner_state(runner) is RunnerState.GONE


def test_other_host_is_unknown(gone_runner):
    runner = dict(gone_runner, host="another-server")
    assert runner_state(runner) is RunnerState.UNKNOWN


@pytest.mark.parametrize("pid", [0, -1, None, "12"])
def test_invalid_pid_is_unknown(pid):
    # 0 and negative numbers would signal a whole process group.
    runner = dict(current_runner(), pid=pid)
    assert runner_state(runner) is RunnerState.UNKNOWN


@linux_only
def test_command_name_with_brackets_is_parsed(tmp_path):
    # The command name (field 2 of /proc/<pid>/stat) may contain ") (".
    odd = tmp_path / "sl) (eep x"
    shutil.copy(shutil.which("sleep"), odd)
    process = subprocess.Popen([str(odd), "60"])
    try:
        state, start = runners._process_stat(process.pid)
        with open(f"/proc/{process.pid}/stat") as handle:
            assert ") (" in handle.read()
        assert state in {"R", "S"}
        assert start >= runners._process_stat(os.getpid())[1]
    finally:
        process.kill()
        process.wait()
